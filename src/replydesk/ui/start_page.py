"""What the window shows when no reply is open: the ways in, and the replies used last."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget


class StartPage(QWidget):
    """New reply, Open reply, Open example and the recent replies, in the middle of the window."""

    #: The user wants to start a reply.
    sig_new_reply_requested = Signal()
    #: The user wants to choose one of their replies.
    sig_open_reply_requested = Signal()
    #: The user wants to look at the built-in example.
    sig_example_requested = Signal()
    #: The user chose a recent reply (carries its id).
    sig_recent_chosen = Signal(int)

    def __init__(self, recent: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        title = QLabel("<h2>Reply Desk</h2>", self)
        hint = QLabel("Draft your country's reply, share review copies in Word, send the return in Excel. "
                      "Everything you type is saved as you type it.", self)
        hint.setWordWrap(True)
        new_button = QPushButton("&New reply…", self)
        new_button.setObjectName("startNewReply")
        open_button = QPushButton("&Open reply…", self)
        open_button.setObjectName("startOpenReply")
        example_button = QPushButton("Open the e&xample", self)
        example_button.setObjectName("startOpenExample")
        example_button.setToolTip("Denmark's 2014 Global Alliance return, in a database of its own")
        new_button.clicked.connect(self.sig_new_reply_requested)
        open_button.clicked.connect(self.sig_open_reply_requested)
        example_button.clicked.connect(self.sig_example_requested)
        buttons = QHBoxLayout()
        for button in (new_button, open_button, example_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget(self)
        self.recent.setObjectName("startRecent")
        self.recent.setAccessibleName("Recent replies")
        self.recent.setWordWrap(True)  # a form's title can be long; it wraps rather than scroll sideways
        self.recent.setSpacing(3)
        for reply_id, label in recent:
            item = QListWidgetItem(label)
            item.setToolTip(label)
            item.setData(Qt.ItemDataRole.UserRole, reply_id)
            self.recent.addItem(item)
        self.recent.itemActivated.connect(lambda item: self.sig_recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(18)
        recent_label = QLabel("&Recent replies" if recent else "No recent replies yet.", self)
        recent_label.setBuddy(self.recent)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent, 1)
        self.recent.setVisible(bool(recent))
        if not recent:
            layout.addStretch(1)
