"""The secretariat's view: every return for a form and year, coverage in colour, answers a click away."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.model import GroupKind, Slot
from replydesk.definitions.problems import question_name
from replydesk.definitions.registry import Registry
from replydesk.documents.common.plain import plain_answer
from replydesk.documents.common.progress import Progress
from replydesk.documents.secretariat.consolidation import Consolidation, Coverage, State, coverage, load_consolidation
from replydesk.store import Store, StoreError
from replydesk.ui.document_actions import export_folder, remember_folder
from replydesk.ui.tasks import BackgroundTask
from replydesk.ui.themes_dialogs import ThemeChooser
from replydesk.ui.themes_panel import ThemesPanel

COLOURS = {State.ANSWERED: QColor("#8fd19e"), State.EMPTY: QColor("#ffe08a"), State.NO_RETURN: QColor("#e0e0e0"),
           State.NOT_ADDRESSED: QColor("#ffffff")}
MARKS = {State.ANSWERED: "●", State.EMPTY: "○", State.NO_RETURN: "–", State.NOT_ADDRESSED: ""}


class CoverageModel(QAbstractTableModel):
    """Participants (rows) × answer slots (columns), plus a column with each participant's total."""

    def __init__(self, consolidation: Consolidation, parent: QWidget | None = None):
        super().__init__(parent)
        self.consolidation = consolidation
        self.coverage: Coverage = coverage(consolidation)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.coverage.countries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.coverage.keys) + 1

    def key_at(self, column: int) -> str | None:
        return self.coverage.keys[column] if column < len(self.coverage.keys) else None

    def _addressed(self, key: str) -> int:
        """The participants a question is put to: a recommendation counts only among the Parties it addresses."""
        return sum(1 for c in self.coverage.countries if self.coverage.states[(c, key)] is not State.NOT_ADDRESSED)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.coverage.countries[section]
            return None
        key = self.key_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return column_heading(self.consolidation.form.slot(key)) if key else "Answered"
        if role == Qt.ItemDataRole.ToolTipRole and key:
            slot = self.consolidation.form.slot(key)
            return f"{question_name(slot)}\n{slot.question.prompt}\n" \
                   f"{self.coverage.by_key[key]} of {self._addressed(key)} answered"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        country = self.coverage.countries[index.row()]
        key = self.key_at(index.column())
        if key is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self.coverage.by_country[country]}/{len(self.coverage.keys)}"
            return None
        state = self.coverage.states[(country, key)]
        if role == Qt.ItemDataRole.DisplayRole:
            return MARKS[state]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLOURS[state])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{country} · {question_name(self.consolidation.form.slot(key))}: {state.value}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def column_heading(slot: Slot) -> str:
    """A coverage column's heading, in words: its section as the form numbers it, then the question
    ("PT 1 · Goal 2 A)", "II-3 Measures since March 2022", "6. Hotlines and helplines")."""
    group = slot.path[-1] if slot.path else None
    if group is None:
        section = ""
    elif group.kind is GroupKind.OPERATIONAL_GOAL and len(slot.path) > 1:
        section = f"PT {slot.path[-2].number or slot.path[-2].label} · Goal {group.number}"
    elif group.kind is GroupKind.RECOMMENDATION:
        section = group.number or group.label
    else:
        section = group.label or group.number
    question = slot.question
    words = question.short or question.label or " ".join(question.prompt.split()[:4])
    return f"{section} {words}".strip()


def return_html(consolidation: Consolidation, country: str) -> str:
    """One country's whole return, read-only, in the form's order."""
    found = consolidation.return_of(country)
    if found is None:
        return f"<h2>{html.escape(country)}</h2><p><i>No return.</i></p>"
    parts = [f"<h2>{html.escape(country)}</h2><p>Reply {found.reply_id} · {found.status.replace('_', ' ')}</p>"]
    for slot in consolidation.form.slots:
        answer = plain_answer(slot.question, found.answer(slot.key))
        parts.append(f"<p><b>{html.escape(slot.section_label)} {html.escape(slot.question.label)}</b> "
                     f"{html.escape(slot.question.prompt)}</p>")
        parts.append(f"<p style='margin-left:12px'>{html.escape(answer).replace(chr(10), '<br>')}</p>" if answer
                     else "<p style='margin-left:12px;color:#888'><i>(empty)</i></p>")
    return "".join(parts)


class SecretariatWindow(QMainWindow):
    """Coverage of all returns; click a cell to read the answer; export the consolidated files."""

    #: The user asked to open a return in the main window (carries the reply id).
    sig_open_reply_requested = Signal(int)
    #: The user asked to import returns (the main window's import runs; the coverage reloads after it).
    sig_import_requested = Signal()

    def __init__(self, store: Store, registry: Registry, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Secretariat — Reply Desk")
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        # a small laptop's screen gets the view whole, not a window wider than the screen
        self.resize(min(1200, room.width() if room else 1200), min(760, room.height() if room else 760))
        self.store, self.registry = store, registry
        self.consolidation: Consolidation | None = None
        self.model: CoverageModel | None = None
        self.form_box = QComboBox(self)
        replies = store.replies()
        returns = {form_id: sum(1 for r in replies if r.form_id == form_id) for form_id in registry.forms}
        for form in sorted(registry.forms.values(), key=lambda f: -returns[f.id]):  # the busiest form first
            self.form_box.addItem("", form.id)  # named by its title for the year shown (``_name_forms``)
        self._returns = returns
        self.year = QSpinBox(self)
        self.year.setRange(1990, 2100)
        self.summary = QLabel(self)
        self.title = QLabel(self)
        self.title.setObjectName("secretariatFormTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight:600")
        self.import_button = QPushButton("&Import returns…", self)
        self.import_button.setObjectName("importReturnsHere")
        self.import_button.setToolTip("Import Excel returns (or reviewed Word copies); the coverage shows them at once")
        self.import_button.clicked.connect(self.sig_import_requested)
        refresh = QPushButton("&Refresh", self)
        refresh.setObjectName("refreshCoverage")
        self.export_xlsx = QPushButton("&Workbook…", self)
        self.export_xlsx.setToolTip("Export the consolidated workbook: coverage, one sheet per question and per "
                                    "participant")
        self.export_xlsx.setObjectName("exportConsolidatedWorkbook")
        self.export_docx = QPushButton("&Report…", self)
        self.export_docx.setToolTip("Export the consolidated report (Word): every answer by goal and participant")
        self.export_docx.setObjectName("exportConsolidatedReport")
        self.open_return = QPushButton("&Open return read-only", self)
        self.open_return.setObjectName("openReturnReadOnly")
        self.edit_return = QPushButton("Open for &editing", self)
        self.edit_return.setObjectName("openReturnForEditing")
        self.edit_return.setToolTip("Open the selected participant's reply in the main window")
        self.tag_button = QPushButton("&Tag selection…", self)
        self.tag_button.setObjectName("tagSelection")
        self.tag_button.setToolTip("Tag the text selected in the answer below with an action (Ctrl+T)")
        self.tag_action = QAction("Tag selection with an action…", self)
        self.tag_action.setObjectName("tagSelectionAction")
        self.tag_action.setShortcut(QKeySequence("Ctrl+T"))
        self.tag_action.triggered.connect(self.tag_selection)
        self.addAction(self.tag_action)
        self.export_synthesis_button = QPushButton("&Synthesis…", self)
        self.export_synthesis_button.setObjectName("exportSynthesisReport")
        self.export_synthesis_button.setToolTip("The synthesis report (Word) or its action × member matrix (Excel)")
        self.themes_panel = ThemesPanel(self)
        #: (reply id, question key) of the one answer the answer pane shows, if it shows one.
        self.shown_answer: tuple[int, str] | None = None
        self.table = QTableView(self)
        self.table.setAccessibleName("Coverage")
        self.table.horizontalHeader().setDefaultSectionSize(34)
        self.answer = QTextBrowser(self)
        # two rows, so the view fits a small laptop's screen: what is shown, then what to do with it
        self.form_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.form_box.setMinimumContentsLength(24)
        top = QHBoxLayout()
        for widget in (QLabel("Form:", self), self.form_box, QLabel("Year:", self), self.year, refresh):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(QLabel("Export:", self))
        for widget in (self.export_xlsx, self.export_docx, self.export_synthesis_button):
            top.addWidget(widget)
        actions = QHBoxLayout()
        for widget in (self.import_button, self.open_return, self.edit_return, self.tag_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.answer)
        splitter.setSizes([480, 240])
        beside = QSplitter(Qt.Orientation.Horizontal, self)
        beside.addWidget(splitter)
        beside.addWidget(self.themes_panel)
        beside.setStretchFactor(0, 3)
        beside.setStretchFactor(1, 2)
        beside.setSizes([640, 360])
        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(beside, 1)
        self.setCentralWidget(centre)
        self.tag_button.clicked.connect(self.tag_selection)
        self.export_synthesis_button.clicked.connect(self.export_synthesis)
        self.themes_panel.sig_passage_activated.connect(self.show_passage)
        refresh.clicked.connect(self.reload)
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self.table.clicked.connect(self.show_answer)
        self.table.doubleClicked.connect(lambda _index: self.show_return())
        self.open_return.clicked.connect(self.show_return)
        self.edit_return.clicked.connect(self.request_open_reply)
        self.export_xlsx.clicked.connect(lambda: self.export(".xlsx"))
        self.export_docx.clicked.connect(lambda: self.export(".docx"))
        self._form_changed()

    def _form_changed(self) -> None:
        form_id = self.form_box.currentData()
        if not form_id:
            return
        years = sorted({r.year for r in self.store.replies() if r.form_id == form_id})
        self.year.setValue(years[-1] if years else self.registry.get(form_id).period.default_year)
        self.reload()

    def show_form(self, form_id: str, year: int) -> None:
        """Show the coverage of one form and year (e.g. the reply open in the main window)."""
        index = self.form_box.findData(form_id)
        if index < 0:
            self.reload()
            return
        self.form_box.blockSignals(True)
        self.form_box.setCurrentIndex(index)
        self.form_box.blockSignals(False)
        self.year.setValue(year)
        self.reload()

    def _name_forms(self) -> None:
        """Each form by its title for the year shown (never its internal id), with its number of replies."""
        for index in range(self.form_box.count()):
            form, count = self.registry.get(self.form_box.itemData(index)), self._returns[self.form_box.itemData(index)]
            title = form.resolved(self.year.value()).title
            self.form_box.setItemText(index, f"{title} ({count} repl{'y' if count == 1 else 'ies'})")
        self.form_box.setToolTip(self.form_box.currentText())

    def reload(self) -> None:
        form_id = self.form_box.currentData()
        if not form_id:
            return
        replies = self.store.replies()  # (an import may have brought new returns)
        self._returns = {form_id: sum(1 for r in replies if r.form_id == form_id) for form_id in self._returns}
        self._name_forms()
        self.consolidation = load_consolidation(self.store, self.registry.get(form_id), self.year.value())
        self.model = CoverageModel(self.consolidation, self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        metrics = header.fontMetrics()
        for column in range(self.model.columnCount()):  # each heading's longest word whole, wrapped in 3 lines
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(metrics.horizontalAdvance(word) for word in text.split())
            self.table.setColumnWidth(column, max(widest + 14, metrics.horizontalAdvance(text) // 3 + 24, 44))
        header.setFixedHeight(4 * metrics.lineSpacing() + 8)
        self.themes_panel.show_year(self.store, self.consolidation.form, self.year.value())
        totals = self.model.coverage.totals
        returns = len(self.consolidation.returns)
        self.title.setText(self.consolidation.form.title)  # the form's name whole (the box above may shorten it)
        self.summary.setText(
            f"{returns} return{'s' if returns != 1 else ''}; {len(self.consolidation.missing)} without a return · "
            f"answered {totals[State.ANSWERED]}, empty {totals[State.EMPTY]}, no return {totals[State.NO_RETURN]}")
        self.answer.clear()
        self.shown_answer = None

    def show_answer(self, index: QModelIndex) -> None:
        if self.model is None or self.consolidation is None or not index.isValid():
            return
        country = self.model.coverage.countries[index.row()]
        key = self.model.key_at(index.column())
        self.shown_answer = None
        if key is None:
            self.answer.setHtml(return_html(self.consolidation, country))
            return
        slot = self.consolidation.form.slot(key)
        found = self.consolidation.return_of(country)
        text = plain_answer(slot.question, found.answer(key)) if found else ""
        state = self.model.coverage.states[(country, key)]
        body = html.escape(text).replace("\n", "<br>") if text else f"<i>{state.value}</i>"
        self.answer.setHtml(f"<h3>{html.escape(country)}</h3><p><b>{html.escape(slot.section_label)} "
                            f"{html.escape(slot.question.label)}</b> {html.escape(slot.question.prompt)}</p>"
                            f"<p>{body}</p>")
        if found is not None and text:
            self.shown_answer = (found.reply_id, key)

    def show_passage(self, reply_id: int, key: str, quote: str) -> None:
        """Show the answer a passage comes from, with the passage selected (or its opening words)."""
        if self.model is None or self.consolidation is None:
            return
        found = next((r for r in self.consolidation.returns if r.reply_id == reply_id), None)
        column = next((c for c in range(self.model.columnCount()) if self.model.key_at(c) == key), None)
        if found is None or column is None:
            return
        index = self.model.index(self.model.coverage.countries.index(found.country), column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.show_answer(index)
        for attempt in (quote, " ".join(quote.split()[:6])):
            self.answer.moveCursor(self.answer.textCursor().MoveOperation.Start)
            if attempt and self.answer.find(attempt, QTextDocument.FindFlag(0)):
                break

    def tag_selection(self) -> None:
        """Tag the text selected in the answer pane with an action chosen by typing (or a new one)."""
        if self.consolidation is None:
            return
        cursor = whole_words(self.answer.textCursor())  # "cted to the ICSE database and set u": its words whole
        self.answer.setTextCursor(cursor)
        selected = cursor.selectedText().replace("\u2029", "\n").strip()
        if self.shown_answer is None or not selected:
            QMessageBox.information(self, "Tag selection", "Click a participant's answer in the table, select the "
                                    "words to tag in the answer below it, then choose Tag selection (Ctrl+T).")
            return
        reply_id, key = self.shown_answer
        form = self.consolidation.form
        from replydesk.documents.secretariat.synthesis import goal_title

        themes = [(t.id, f"{goal_title(form, t.under)} · #{t.position}  {t.title}")
                  for t in self.store.themes(form.id, self.year.value())
                  if key.startswith(t.under + ".")]  # only the actions of the answer's own goal or chapter
        chooser = ThemeChooser(themes, selected, self)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        theme_id, new_title = chooser.choice()
        if theme_id == ThemeChooser.NEW:
            theme_id = self.themes_panel.new_theme(new_title, under=key.rsplit(".", 1)[0])
        if theme_id is None:
            return
        try:
            self.store.tag(theme_id, reply_id, key, selected, form=form)
        except StoreError as exc:
            QMessageBox.warning(self, "Tag selection", str(exc))
            return
        self.themes_panel.reload(theme_id)
        title = next((t.title for t in self.store.themes(form.id, self.year.value()) if t.id == theme_id), "")
        self.statusBar().showMessage(f"Tagged the selection with the action “{title}”" if title
                                     else "Tagged the selection", 5000)  # (by its title, never its number)

    def export_synthesis(self) -> None:
        """The synthesis report as Word (or the action × member matrix as Excel, by the file type chosen)."""
        if self.consolidation is None:
            return
        form_id, year = self.consolidation.form.id, self.year.value()
        name = f"{form_id}-{year}-synthesis.docx"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self, "Export synthesis", str(export_folder() / name),
            "Word report (*.docx);;Excel matrix of actions and members (*.xlsx)")
        if not chosen:
            return
        suffix = ".xlsx" if chosen.lower().endswith(".xlsx") or "xlsx" in chosen_filter else ".docx"
        target = Path(chosen).with_suffix(suffix)
        remember_folder(target)
        from replydesk.documents.secretariat.synthesis import load_synthesis

        synthesis = load_synthesis(self.store, self.registry.get(form_id), year)  # read here; written off the GUI

        if suffix == ".xlsx":
            from replydesk.documents.secretariat.synthesis_xlsx import write_synthesis_workbook

            self._write_off_the_gui(target, lambda: write_synthesis_workbook(synthesis, target))
            return
        from replydesk.documents.secretariat.synthesis_docx import default_title, write_synthesis_report
        from replydesk.ui.synthesis_export_dialog import SynthesisExportDialog

        dialog = SynthesisExportDialog(form_id, year, default_title(synthesis), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        options = dialog.options()
        self._write_off_the_gui(target, lambda: write_synthesis_report(synthesis, target, options))

    def show_return(self) -> None:
        if self.model is None or self.consolidation is None:
            return
        row = self.table.currentIndex().row()
        if row < 0:
            return
        country = self.model.coverage.countries[row]
        dialog = QDialog(self)
        dialog.setWindowTitle(f"{country} — return (read-only)")
        dialog.resize(760, 640)
        view = QTextBrowser(dialog)
        view.setHtml(return_html(self.consolidation, country))
        QVBoxLayout(dialog).addWidget(view)
        dialog.show()
        self._viewer = dialog

    def request_open_reply(self) -> None:
        """Ask for the selected participant's reply in the main window (sig_open_reply_requested)."""
        if self.model is None or self.consolidation is None:
            return
        row = self.table.currentIndex().row()
        if row < 0:
            QMessageBox.information(self, "Open for editing", "Choose a participant in the table first.")
            return
        country = self.model.coverage.countries[row]
        found = self.consolidation.return_of(country)
        if found is None:
            QMessageBox.information(self, "Open for editing", f"There is no return from {country} for this year.")
            return
        self.sig_open_reply_requested.emit(found.reply_id)

    def export(self, suffix: str) -> None:
        if self.consolidation is None:
            return
        consolidation = self.consolidation
        name = f"{consolidation.form.id}-{consolidation.year}-consolidated{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export consolidated file", str(export_folder() / name),
                                                f"{suffix[1:].upper()} files (*{suffix})")
        if not chosen:
            return
        target = Path(chosen).with_suffix(suffix)
        remember_folder(target)

        if suffix == ".xlsx":
            from replydesk.documents.secretariat.workbook_xlsx import write_consolidated_workbook as write
        else:
            from replydesk.documents.secretariat.report_docx import write_report as write
        self._write_off_the_gui(target, lambda: write(consolidation, target))

    def _write_off_the_gui(self, target: Path, write: Callable[[], object]) -> None:
        """Write a file on the thread pool behind a progress dialog; say where it went, or why not."""
        def work(progress: Progress) -> str:
            progress.step(0, 1, f"Writing {target.name}…")
            write()
            return f"Wrote {target}"

        task = BackgroundTask(self, "Exporting", work)
        task.sig_finished.connect(lambda message: QMessageBox.information(self, "Export", str(message)))
        task.sig_failed.connect(lambda message: QMessageBox.warning(self, "Export failed", message))
        self._task = task
        task.start()


def whole_words(cursor: QTextCursor) -> QTextCursor:
    """The selection grown to the whole words it starts and ends in (a passage is quoted in words, never cut)."""
    if not cursor.hasSelection():
        return cursor
    document = cursor.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    while start > 0 and document.characterAt(start - 1).isalnum():
        start -= 1
    while end < document.characterCount() - 1 and document.characterAt(end).isalnum():
        end += 1
    grown = QTextCursor(document)
    grown.setPosition(start)
    grown.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return grown
