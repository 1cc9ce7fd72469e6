"""Asking once who the user is: the name and organisation that sign their notes and revisions."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from replydesk import identity


class IdentityDialog(QDialog):
    """Edit ▸ Preferences, and the first time a name is needed (a reply of one's own, a note)."""

    def __init__(self, parent: QWidget | None = None, *, first_time: bool = False):
        super().__init__(parent)
        self.setObjectName("identityDialog")
        self.setWindowTitle("Your name" if first_time else "Preferences")
        given = identity.load()
        self.name = QLineEdit(given.name if given else "", self)
        self.name.setPlaceholderText(identity.login_name())
        self.name.setAccessibleName("Your name")
        self.organisation = QLineEdit(given.organisation if given else "", self)
        self.organisation.setPlaceholderText("e.g. Ministry of Justice")
        self.organisation.setAccessibleName("Your organisation")
        intro = QLabel("Your notes, the history of your answers and your review copies are signed with your "
                       "name and organisation. The command line uses them too.", self)
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(intro)
        layout.addRow("&Name:", self.name)
        layout.addRow("&Organisation:", self.organisation)
        layout.addRow(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        name = self.name.text().strip()
        if name:
            identity.save(identity.Identity(name, self.organisation.text().strip()))
        super().accept()


def ensure_identity(parent: QWidget | None) -> None:
    """Ask for the user's name the first time it signs something; cancelling keeps the login name."""
    if identity.load() is None:
        IdentityDialog(parent, first_time=True).exec()
