"""File ▸ Export and File ▸ Import in the window: file dialogs, then the work off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from replydesk import paths
from replydesk.documents import formats
from replydesk.documents.common.progress import Progress
from replydesk.documents.formats import EXCEL, WORD, Format
from replydesk.ui.tasks import BackgroundTask

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow


def export_folder() -> Path:
    saved = QSettings().value("files/export_dir")
    return Path(str(saved)) if saved else paths.default_export_dir()


def remember_folder(path: Path) -> None:
    QSettings().setValue("files/export_dir", str(path.parent))


class DocumentActions(QObject):
    """Exports and imports for the main window; each result reaches the user as a message."""

    #: An import changed replies in the store (carries their ids).
    sig_replies_imported = Signal(list)
    #: An export or import finished; carries the message shown to the user.
    sig_finished = Signal(str)
    #: An import finished; carries the import report of every file (``common.report``), shown in Changes to decide.
    sig_import_report = Signal(str)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._task: BackgroundTask | None = None

    # -- exports ----------------------------------------------------------------------
    def _target(self, title: str, fmt: Format, name: str) -> Path | None:
        default = export_folder() / name
        chosen, _ = QFileDialog.getSaveFileName(self.window, title, str(default), fmt.file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != fmt.suffix:
            path = path.with_suffix(fmt.suffix)
        remember_folder(path)
        return path

    def _base_name(self) -> str:
        reply = self.window.session.reply  # type: ignore[union-attr]
        return formats.file_stem(reply.country, reply.form_id, reply.year)

    def export_word(self, review: bool = False) -> None:
        session = self.window.session
        if session is None:
            return
        session.flush()
        suffix = "-review" if review else ""
        target = self._target("Export review copy" if review else "Export Word document", WORD,
                              f"{self._base_name()}{suffix}{WORD.suffix}")
        if target is None:
            return
        store, reply_id, form = session.store, session.reply.id, session.form

        def work(progress: Progress) -> str:
            from replydesk.documents.word.export import export_docx

            progress.step(0, 1, f"Writing {target.name}…")
            result = export_docx(store, reply_id, form, target, review=review)
            warnings = "".join(f"\n• {w}" for w in result.warnings)
            return f"Wrote {target}{warnings}"

        self._run("Exporting", work)

    def export_excel(self, only: list[str] | None = None, blank: bool = False) -> None:
        session = self.window.session
        if session is None:
            return
        session.flush()
        name = self._base_name() + ("-" + "-".join(only) if only else "") + ("-blank" if blank else "") + EXCEL.suffix
        target = self._target("Export Excel workbook", EXCEL, name)
        if target is None:
            return
        store, reply_id, form = session.store, session.reply.id, session.form

        def work(progress: Progress) -> str:
            from replydesk.documents.excel.export import export_return, source_from_store

            progress.step(0, 1, f"Writing {target.name}…")
            export_return(source_from_store(store, reply_id, form), target, only=only or (), blank=blank)
            return f"Wrote {target}"

        self._run("Exporting", work)

    def export_package(self) -> None:
        """A package of one part of the form, e.g. for another ministry."""
        session = self.window.session
        if session is None:
            return
        groups = [(g.key, f"{g.label or g.key} {g.title}".strip()) for g in session.form.groups]
        labels = [label for _key, label in groups]
        chosen, ok = QInputDialog.getItem(self.window, "Export a part", "Part of the form to send:", labels, 0, False)
        if ok and chosen:
            self.export_excel(only=[groups[labels.index(chosen)][0]])

    # -- imports ------------------------------------------------------------------------
    def choose_and_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self.window, "Import returns or reviewed copies",
                                                 str(export_folder()), formats.import_filter())
        if chosen:
            self.import_files([Path(c) for c in chosen])

    def import_files(self, files: list[Path]) -> None:
        """Import each file by its format (``documents.formats``); an unknown suffix refuses them all."""
        refused = formats.unknown(files)
        if refused:
            self._report("Import", "\n".join(f"✘ {exc}" for exc in refused) + "\nNothing was imported.", failed=True)
            return
        grouped = {fmt.name: paths for fmt, paths in formats.by_format(files).items()}
        session = self.window.session
        if session is not None:
            session.flush()
        store, registry = self.window.store, self.window.registry
        if not store.writable:
            QMessageBox.information(self.window, "Read-only", "This database is open read-only; nothing can be "
                                    "imported.")
            return

        def work(progress: Progress) -> tuple[list[str], list[int], list[str]]:
            from replydesk.documents.common.report import ImportReport
            from replydesk.documents.excel.importer import ImportResult, import_workbooks
            from replydesk.documents.word.importer import CopyRefused, import_file
            from replydesk.documents.word.package import DocxRefused
            from replydesk.store.tables import utcnow
            from replydesk.store.themes import describe_marked

            lines: list[str] = []
            touched: list[int] = []
            reports: list[str] = []
            excel = grouped.get(EXCEL.name, [])
            total = len(files)
            since = utcnow()

            def excel_progress(done: int, _total: int, path: Path) -> None:
                progress.step(done, total, f"Importing {path.name}…" if path.name else "")

            for result in import_workbooks(store, registry, excel, progress=excel_progress) if excel else []:
                if isinstance(result, ImportResult):
                    touched.append(result.reply_id)
                    lines.append(f"✔ {result.describe()}")
                else:
                    lines.append(f"✘ {result}")
                reports.append(result.report().text())
            for index, path in enumerate(grouped.get(WORD.name, [])):
                progress.step(len(excel) + index, total, f"Importing {path.name}…")
                try:
                    word = import_file(store, registry, path)
                except (DocxRefused, CopyRefused) as exc:
                    lines.append(f"✘ {exc}")
                    reports.append(ImportReport(f"Import report: {path.name} (refused, nothing imported)")
                                   .section("Problems", [str(exc)]).text())
                    continue
                touched.append(word.reply_id)
                lines.append(f"✔ {path.name}: {len(word.proposals)} proposal(s) to decide, "
                             f"{len(word.notes)} new note(s), {len(word.unchanged)} answer(s) unchanged")
                reports.append(word.report())
            lines.extend(describe_marked(store.marked_since(since, touched)))  # ⚠ passages of the synthesis
            return lines, touched, reports

        def done(result: Any) -> None:
            lines, touched, reports = result
            self.sig_replies_imported.emit(touched)
            if reports:
                self.sig_import_report.emit("\n".join(reports))
                lines.append("The import report of each file is in Changes to decide.")
            self._report("Import", "\n".join(lines) or "Nothing to import.")

        self._run("Importing", work, done)

    # -- running ------------------------------------------------------------------------
    def _run(self, title: str, work: Callable[[Progress], Any], done: Callable[[Any], None] | None = None) -> None:
        task = BackgroundTask(self.window, title, work)
        task.sig_finished.connect(done or (lambda message: self._report(title, str(message))))
        task.sig_failed.connect(lambda message: self._report(title, f"✘ {message}", failed=True))
        self._task = task
        task.start()

    def _report(self, title: str, message: str, failed: bool = False) -> None:
        self.window.save_label.setText(message.splitlines()[0] if message else "")
        self.sig_finished.emit(message)
        if failed:
            QMessageBox.warning(self.window, f"{title} failed", message)
        else:
            QMessageBox.information(self.window, title, message)
