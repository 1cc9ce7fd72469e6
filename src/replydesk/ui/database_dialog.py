"""File ▸ Open database…: a draft database file, or a team's PostgreSQL server by its address."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from replydesk import paths


class OpenDatabaseDialog(QDialog):
    """Type a file's path or a server's address (``postgresql://user@host/dbname``), or browse for a file."""

    def __init__(self, current: Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("OpenDatabaseDialog")
        self.setWindowTitle("Open database")
        self.resize(620, 180)
        self.location = QLineEdit(str(current), self)
        self.location.setObjectName("databaseLocation")
        self.location.setAccessibleName("Database file or server address")
        self.location.setPlaceholderText("drafts.sqlite3, or postgresql://anna@server.ministry.example/replies")
        browse = QPushButton("&Browse…", self)
        browse.setObjectName("browseDatabase")
        browse.clicked.connect(self._browse)
        hint = QLabel("A file on this computer, or the address of the team's PostgreSQL server. The password comes "
                      "from PGPASSWORD or your .pgpass file, never from this box.", self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel("&Database:", self)
        label.setBuddy(self.location)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.location.selectAll()  # typing an address replaces the path shown, as in any Open box
        self.location.setFocus()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Draft database", str(paths.user_data_dir()),
                                                "Reply Desk database (*.sqlite3);;All files (*)")
        if chosen:
            self.location.setText(chosen)

    def chosen(self) -> Path | str | None:
        text = self.location.text().strip()
        return paths.database_location(text) if text else None
