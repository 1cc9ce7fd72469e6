"""A Party's factsheet in the window: Reply ▸ Read the Party's factsheet…, the factsheet field of New reply,
and the band that says what a reply without its factsheet holds.

``FactsheetActions`` is a QObject that reads the window's state (its store, registry and open session) and
says what happened through ``sig_recommendations_changed``; the main window reopens the reply then. Reading a
factsheet into a reply adds what is missing, never deletes an answer, and keeps (marked) an answered
recommendation the factsheet no longer holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from replydesk.definitions.members import report_name
from replydesk.definitions.model import Form
from replydesk.definitions.recommendations import RecommendationSet, has_addressees, read_into
from replydesk.definitions.values import is_empty
from replydesk.store import StoreError

if TYPE_CHECKING:
    from replydesk.definitions.factsheets import Factsheet
    from replydesk.store.context import ReplyContext

FILE_FILTER = "Factsheets (*.docx *.txt *.md)"
_FOLDER_KEY = "factsheets/folder"


def read_factsheet_file(parent: QWidget, path: Path, form: Form, country: str) -> Factsheet | None:
    """Read ``path`` as ``country``'s factsheet, saying in a dialog why not when it is not (None then)."""
    from replydesk.definitions.factsheets import NotAFactsheet
    from replydesk.documents.word.factsheet import read_factsheet

    try:
        sheet = read_factsheet(path, form)
    except (NotAFactsheet, OSError) as exc:
        QMessageBox.warning(parent, "Not a factsheet", f"{path.name} is not a Lanzarote factsheet: {exc}")
        return None
    participant = form.participant(sheet.party)
    if participant is None or participant.name != country:
        QMessageBox.warning(parent, "Another Party's factsheet",
                            f"{path.name} is the factsheet of {sheet.party}, not of {country}. Nothing was changed.")
        return None
    if sheet.unplaced:
        QMessageBox.warning(parent, "Factsheet not read whole",
                            f"{len(sheet.unplaced)} part(s) of {path.name} could not be placed, so it was not "
                            "read:\n\n" + "\n\n".join(sheet.unplaced[:5]))
        return None
    return sheet


def _choose_file(parent: QWidget, title: str) -> Path | None:
    settings = QSettings()
    name, _filter = QFileDialog.getOpenFileName(parent, title, str(settings.value(_FOLDER_KEY, "")), FILE_FILTER)
    if not name:
        return None
    settings.setValue(_FOLDER_KEY, str(Path(name).parent))
    return Path(name)


def _beside(parent: QWidget, main: QWidget, text: str, name: str, margin: int) -> QPushButton:
    """``main`` stretched in a row of ``parent`` with a button after it (returned)."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    layout = QHBoxLayout(parent)
    layout.setContentsMargins(margin, margin // 2, margin, margin // 2)
    layout.addWidget(main, 1)
    layout.addWidget(button)
    return button


class FactsheetField(QWidget):
    """New reply's "Factsheet:" row: a file to read the reply's recommendations from (empty: the definition's)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = QLineEdit(self)
        self.path.setObjectName("newReplyFactsheet")
        self.path.setPlaceholderText("Optional: the Party's factsheet (.docx, .txt, .md)")
        self.path.setAccessibleName("The Party's factsheet")
        self.path.setToolTip("The reply holds exactly the recommendations of the Party's factsheet; without one, "
                             "those addressed to all Parties and to the Party by name")
        _beside(self, self.path, "Browse…", "newReplyFactsheetBrowse", 0).clicked.connect(self._browse)

    def _browse(self) -> None:
        chosen = _choose_file(self, "The Party's factsheet")
        if chosen is not None:
            self.path.setText(str(chosen))

    def recommendations(self, form: Form, country: str) -> tuple[bool, str | None]:
        """(ok, the set to record): ok is False when a factsheet was given and could not be taken."""
        text = self.path.text().strip()
        if not text or not has_addressees(form):
            return True, None
        sheet = read_factsheet_file(self, Path(text), form, country)
        return (sheet is not None), (sheet.as_set().to_json() if sheet is not None else None)


class FactsheetBanner(QFrame):
    """Says what a reply without its factsheet holds, and offers to read the factsheet."""

    #: The user asked to read the Party's factsheet into the reply.
    sig_read_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("factsheetBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#factsheetBanner { background: #eef4fb; border: 1px solid #a9c4e4; }")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setObjectName("factsheetBannerText")
        _beside(self, self.label, "Read the Party's factsheet…", "factsheetBannerRead", 10).clicked.connect(
            self.sig_read_requested)
        self.hide()


class FactsheetActions(QObject):
    """Reply ▸ Read the Party's factsheet…, and the band above the questions of a reply without it."""

    #: The reply's recommendations changed (carries its id and what to say in the status bar).
    sig_recommendations_changed = Signal(int, str)

    def __init__(self, window: Any):  # the MainWindow (not imported: the window imports this module)
        super().__init__(window)
        self.window = window
        self.banner = FactsheetBanner(window)
        self.banner.sig_read_requested.connect(self.read_into_reply)

    def reply_opened(self, context: ReplyContext) -> None:
        """Say, for a reply that holds its definition's share and not its factsheet's, that the factsheet adds."""
        form, reply = context.form_as_registered.as_registered(), context.reply
        recorded = self.window.store.recommendation_set(reply.id) if has_addressees(form) else None
        if not has_addressees(form) or (recorded and RecommendationSet.from_json(recorded).recommendations):
            self.banner.hide()
            return
        name = report_name(form, reply.country)
        if recorded:
            text = (f"This reply holds every recommendation of the definition (it was made before replies held "
                    f"their own). {name}'s factsheet sets them right.")
        else:
            text = (f"This reply holds the recommendations addressed to all Parties and to {name} by name. "
                    f"{name}'s factsheet adds its own.")
        self.banner.label.setText(text)
        self.banner.show()

    def read_into_reply(self) -> None:
        """Reply ▸ Read the Party's factsheet…: add what is missing, keep every answer."""
        window = self.window
        session = window.session
        if session is None:
            return
        reply = session.reply
        form = window.registry.get(reply.form_id)
        if not has_addressees(form):
            QMessageBox.information(window, "Read the Party's factsheet",
                                    "This form's questions are not addressed to Parties one by one; it has no "
                                    "factsheet to read.")
            return
        if not window.store.writable:
            QMessageBox.information(window, "Read-only", "This database is open read-only; nothing can change.")
            return
        path = _choose_file(window, f"{reply.country}'s factsheet")
        if path is None:
            return
        sheet = read_factsheet_file(window, path, form, reply.country)
        if sheet is None:
            return
        session.flush()
        values = window.store.values(reply.id)
        answered = {key.rsplit(".", 1)[0] for key, value in values.items() if not is_empty(value)}
        merged, added, kept = read_into(form, session.form, sheet.as_set(), answered, report_name(form, reply.country))
        try:
            window.store.record_recommendations(reply.id, merged.to_json())
        except StoreError as exc:
            QMessageBox.warning(window, "Cannot read the factsheet", str(exc))
            return
        said = f"Read {path.name}: {len(added)} recommendation{'s' if len(added) != 1 else ''} added"
        if kept:
            said += f"; {', '.join(kept)} kept (answered, not in the factsheet)"
        self.sig_recommendations_changed.emit(reply.id, said)
