"""The band above the question pane that says the window shows the built-in example."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ExampleBanner(QFrame):
    """Says plainly that this is an example in its own database, and offers the way to one's own reply."""

    #: The user wants to start a reply of their own (in their own database).
    sig_new_reply_requested = Signal()
    #: The user wants to see the replies in their own database.
    sig_own_replies_requested = Signal()
    #: The user is done with the example (the window goes to the start page of their own database).
    sig_close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exampleBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#exampleBanner { background: #fff4d6; border: 1px solid #e0c060; }")
        self.label = QLabel(
            "<b>Example</b> — Denmark's 2014 Global Alliance return, in a database of its own: "
            "nothing you do here touches your replies.", self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("This is the built-in example")
        new_button = QPushButton("New reply…", self)
        new_button.setObjectName("exampleNewReply")
        new_button.setToolTip("Start a reply of your own, in your own database")
        own_button = QPushButton("My replies…", self)
        own_button.setObjectName("exampleOwnReplies")
        own_button.setToolTip("Open a reply from your own database")
        close_button = QPushButton("Close the example", self)
        close_button.setObjectName("exampleClose")
        close_button.setToolTip("Back to the start page of your own replies")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(own_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout.addLayout(buttons)
        new_button.clicked.connect(self.sig_new_reply_requested)
        own_button.clicked.connect(self.sig_own_replies_requested)
        close_button.clicked.connect(self.sig_close_requested)
