"""The main window: navigator, question pane, notes/history and validation docks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QSplitter,
    QTabBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from replydesk import __version__, paths
from replydesk.definitions.problems import Problem, question_name
from replydesk.definitions.registry import Registry
from replydesk.example import is_example_db, open_example
from replydesk.store import (
    DatabaseBusy,
    NewerDatabase,
    ReplyExists,
    ReplyHasProblems,
    Store,
    StoreError,
    UnknownReply,
    reply_context,
)
from replydesk.ui import server_status
from replydesk.ui.database_dialog import OpenDatabaseDialog
from replydesk.ui.document_actions import DocumentActions
from replydesk.ui.editors import LongTextEditor
from replydesk.ui.example_banner import ExampleBanner
from replydesk.ui.find_bar import FindBar, find_hits
from replydesk.ui.format_bar import FormatBar
from replydesk.ui.help_dialogs import GettingStartedDialog, ShortcutsDialog
from replydesk.ui.identity_dialog import IdentityDialog, ensure_identity
from replydesk.ui.live_changes import LiveChanges
from replydesk.ui.navigator_model import KeyRole, NavigatorModel
from replydesk.ui.proposals_panel import ProposalsPanel
from replydesk.ui.question_pane import QuestionPane
from replydesk.ui.reply_actions import ReplyActions
from replydesk.ui.reply_dialogs import NewReplyDialog, OpenReplyDialog, form_title, reply_label, reply_rows
from replydesk.ui.session import ReplySession
from replydesk.ui.side_panels import AnswerPanel, ValidationPanel, find_problems
from replydesk.ui.start_page import StartPage
from replydesk.ui.store_opening import open_store_interactively
from replydesk.ui.team_marks import TeamMarks

if TYPE_CHECKING:
    from replydesk.ui.compare_dialog import CompareDialog
    from replydesk.ui.secretariat import SecretariatWindow

MAX_RECENT = 8
#: The status bar's word while another process writes the database shown.
READ_ONLY_MESSAGE = "Read-only: another Reply Desk process is writing this database."


class MainWindow(QMainWindow):
    """One reply at a time, in a calm window that saves everything as it is typed."""

    #: A reply was opened in the window (carries its id).
    sig_reply_opened = Signal(int)

    #: The window now shows another database (carries its path): the user's own, or the example's.
    sig_database_changed = Signal(Path)

    def __init__(self, store: Store, registry: Registry, parent: QWidget | None = None, *,
                 user_db: Path | None = None):
        super().__init__(parent)
        self.store = store
        #: The user's own draft database: where New reply and Open reply go, even from the example.
        #: The user's own database: a file's path, or a team server's URL.
        self.user_db: Path | str = (paths.database_location(str(user_db)) if user_db is not None
                                    else paths.database_location(str(store.path)))
        self.registry = registry
        self.session: ReplySession | None = None
        self.model: NavigatorModel | None = None
        self._find_hits: list[str] = []
        self._find_at = -1
        #: Whether the urgency filter may have hidden rows of the navigator.
        self._navigator_filtered = False
        #: The question whose notes and history the answer panel was last given.
        self._answer_selected: str | None = None
        #: File ▸ Secretariat view, once opened (kept, and raised again, until the main window closes).
        self.secretariat_window: SecretariatWindow | None = None
        #: Reply ▸ Compare with previous cycle, the last one opened.
        self.compare_dialog: CompareDialog | None = None
        self.setObjectName("MainWindow")
        self.setWindowTitle("Reply Desk")

        self.navigator = QTreeView(self)
        self.navigator.setObjectName("navigator")
        self.navigator.setHeaderHidden(False)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setIndentation(12)  # a narrow navigator keeps its width for the titles
        self.navigator.setAccessibleName("Form structure")
        self.pane = QuestionPane(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.example_banner = ExampleBanner(self)
        self.example_banner.hide()
        self.example_banner.sig_new_reply_requested.connect(self.new_reply)
        self.example_banner.sig_own_replies_requested.connect(self.choose_reply)
        self.example_banner.sig_close_requested.connect(self.close_to_start_page)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.example_banner)
        centre_layout.addWidget(self.find_bar)
        self.format_bar = FormatBar(centre)
        centre_layout.addWidget(self.format_bar)
        centre_layout.addWidget(self.pane, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.urgency_filter = QComboBox(self)
        self.urgency_filter.setObjectName("urgencyFilter")
        self.urgency_filter.setAccessibleName("Show recommendations")
        for label, urgency in (("All recommendations", ""), ("Require", "require"), ("Request", "request"),
                               ("Invite", "invite")):
            self.urgency_filter.addItem(label, urgency)
        self.urgency_filter.currentIndexChanged.connect(lambda _i: self._filter_navigator())
        self.urgency_filter.hide()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(2)
        left_layout.addWidget(self.urgency_filter)
        left_layout.addWidget(self.navigator, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([220, 860])
        self.setCentralWidget(self.splitter)

        self.answer_panel = AnswerPanel(self)
        # short titles: the three docks share one row of tabs, which must read whole at 1024×700
        self.answer_dock = QDockWidget("Notes", self)
        self.answer_dock.setObjectName("answerDock")
        self.answer_dock.setWidget(self.answer_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.answer_dock)
        self.validation = ValidationPanel(self)
        self.validation_dock = QDockWidget("Validation", self)
        self.validation_dock.setObjectName("validationDock")
        self.validation_dock.setWidget(self.validation)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.validation_dock)
        self.proposals = ProposalsPanel(self)
        self.proposals_dock = QDockWidget("Changes", self)
        self.proposals_dock.setObjectName("proposalsDock")
        self.proposals_dock.setWidget(self.proposals)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.proposals_dock)
        self.tabifyDockWidget(self.answer_dock, self.validation_dock)
        self.tabifyDockWidget(self.answer_dock, self.proposals_dock)
        self.answer_dock.raise_()
        for dock in (self.answer_dock, self.validation_dock, self.proposals_dock):
            # narrow docks still work (their lists and buttons wrap or elide), but never cut a tab's title
            dock.setMinimumWidth(self.dock_tabs_width())
        #: The docks and the navigator take their first-start widths when the window is first shown.
        self._layout_pending = False
        self.documents = DocumentActions(self)
        self.documents.sig_replies_imported.connect(self._replies_imported)
        self.documents.sig_import_report.connect(self._import_reported)
        self.reply_actions = ReplyActions(self)
        #: Colleagues' saves on a server, followed live (nothing for a file).
        self.live = LiveChanges(self)
        self.live.sig_answers_saved.connect(self._saved_elsewhere)
        #: The team in the navigator (a server's reply): assignments and who is writing what.
        self.team = TeamMarks(self)
        self.live.sig_colleague_writing.connect(self.team.colleague_writing)
        self.live.sig_listening.connect(lambda up: server_status.listening_changed(self, up))
        self.live.follow(self.store)
        self.reply_actions.sig_reply_created.connect(self.open_reply)
        self.reply_actions.sig_open_reply_requested.connect(self._open_from_secretariat)
        self.reply_actions.sig_backup_restored.connect(self._backup_restored)
        self.reply_actions.sig_compare_shown.connect(self._compare_shown)
        self.reply_actions.sig_secretariat_shown.connect(self._secretariat_shown)
        self.setAcceptDrops(True)

        self.save_label = QLabel(self)
        self.completion_label = QLabel(self)
        self.status_label = QLabel(self)
        self.database_label = QLabel(self)
        self.database_label.setObjectName("databaseLabel")
        self.statusBar().addWidget(self.save_label, 1)
        self.statusBar().addPermanentWidget(self.completion_label)
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self._build_menus()
        self.proposals.sig_decided.connect(lambda key: self.answer_panel.reload())
        self.pane.sig_question_focused.connect(self._question_focused)
        self.validation.sig_jump_requested.connect(self.go_to_question)
        #: Answers saved together (one flush) are checked once, when control returns to the event loop.
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(0)
        self._problems_timer.timeout.connect(self.refresh_problems)
        self.find_bar.sig_find_requested.connect(self.find)
        self._database_shown()
        self._restore_settings()
        self._show_placeholder()  # once the recent replies are known

    # -- menus -------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, enabled_with_reply: bool = False, *,
                object_name: str = "") -> QAction:
        """A menu command; ``object_name`` is its stable name (tests/test_menu_walk.py keys its table on it)."""
        action = QAction(text, self)
        action.setObjectName(object_name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        if enabled_with_reply:
            self._actions_needing_reply.append(action)
        return action

    def _menu(self, parent: QMenuBar | QMenu, title: str, object_name: str) -> QMenu:
        """A menu or submenu, named like its menu action."""
        menu = parent.addMenu(title)
        menu.setObjectName(object_name)
        menu.menuAction().setObjectName(object_name)
        return menu

    def _build_menus(self) -> None:
        self._actions_needing_reply: list[QAction] = []
        file_menu = self._menu(self.menuBar(), "&File", "fileMenu")
        self._action(file_menu, "&New reply…", self.new_reply, QKeySequence.StandardKey.New, object_name="newReply")
        self._action(file_menu, "New reply from &previous cycle", self.new_reply_from_previous, None, True,
                     object_name="newReplyFromPrevious")
        self._action(file_menu, "&Open reply…", self.choose_reply, QKeySequence.StandardKey.Open,
                     object_name="openReply")
        self.recent_menu = self._menu(file_menu, "Open &recent", "recentMenu")
        self._action(file_menu, "Open e&xample", self.open_example, object_name="openExample")
        self._action(file_menu, "Open &database…", self.open_database, object_name="openDatabase")
        self._action(file_menu, "&Close reply", self.close_to_start_page, QKeySequence("Ctrl+W"), True,
                     object_name="closeReply")
        file_menu.addSeparator()
        self._action(file_menu, "&Save now", self.save_now, QKeySequence.StandardKey.Save, True,
                     object_name="saveNow")
        self.export_menu = self._menu(file_menu, "&Export", "exportMenu")
        self._action(self.export_menu, "&Word document (official layout)…", lambda: self.documents.export_word(),
                     QKeySequence("Ctrl+E"), True, object_name="exportWord")
        self._action(self.export_menu, "&Review copy for Word…", lambda: self.documents.export_word(review=True),
                     None, True, object_name="exportReviewCopy")
        self.export_menu.addSeparator()
        self._action(self.export_menu, "&Excel return workbook…", lambda: self.documents.export_excel(), None, True,
                     object_name="exportExcel")
        self._action(self.export_menu, "Excel &package of one part…", lambda: self.documents.export_package(),
                     None, True, object_name="exportPackage")
        self._action(self.export_menu, "&Blank Excel template…", lambda: self.documents.export_excel(blank=True),
                     None, True, object_name="exportBlankTemplate")
        self.import_action = self._action(file_menu, "&Import returns or reviewed copies…", self.import_files,
                                          QKeySequence("Ctrl+Shift+I"), object_name="importFiles")
        self._action(file_menu, "Restore from &backup…", self.restore_backup, object_name="restoreBackup")
        file_menu.addSeparator()
        self._action(file_menu, "&Secretariat view…", self.show_secretariat, QKeySequence("Ctrl+Shift+S"),
                     object_name="secretariatView")
        self._action(file_menu, "Export s&ynthesis report…", self.export_synthesis,
                     object_name="exportSynthesisMenu")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, object_name="quit")

        edit_menu = self._menu(self.menuBar(), "&Edit", "editMenu")
        self._action(edit_menu, "&Find…", self.show_find, QKeySequence.StandardKey.Find, True, object_name="find")
        self._action(edit_menu, "Find &next", lambda: self.find(self.find_bar.edit.text(), 1),
                     QKeySequence.StandardKey.FindNext, True, object_name="findNext")
        edit_menu.addSeparator()
        self._action(edit_menu, "&Preferences…", self.preferences, QKeySequence.StandardKey.Preferences,
                     object_name="preferences")

        go_menu = self._menu(self.menuBar(), "&Go", "goMenu")
        self._action(go_menu, "&Next question", lambda: self.step_question(1), QKeySequence("Ctrl+PgDown"), True,
                     object_name="nextQuestion")
        self._action(go_menu, "&Previous question", lambda: self.step_question(-1), QKeySequence("Ctrl+PgUp"),
                     True, object_name="previousQuestion")
        self._action(go_menu, "First &unanswered question", self.go_to_first_unanswered, QKeySequence("Ctrl+U"),
                     True, object_name="firstUnanswered")
        self._action(go_menu, "Form &structure", lambda: self.navigator.setFocus(), QKeySequence("Ctrl+1"), True,
                     object_name="formStructure")

        reply_menu = self._menu(self.menuBar(), "&Reply", "replyMenu")
        self.send_for_review_action = self._action(
            reply_menu, "Send for &review", lambda: self.change_reply_status("in_review"), None, True,
            object_name="sendForReview")
        self.mark_final_action = self._action(reply_menu, "Mark reply &final…", self.mark_final, None, True,
                                              object_name="markFinal")
        self.reopen_action = self._action(reply_menu, "Re&open reply…", self.reopen, None, True,
                                          object_name="reopenReply")
        self._action(reply_menu, "&Compare with previous cycle…", self.compare_cycles, None, True,
                     object_name="compareCycles")
        self._action(reply_menu, "Show &validation", self.show_validation, QKeySequence("Ctrl+Shift+V"), True,
                     object_name="showValidation")

        view_menu = self._menu(self.menuBar(), "&View", "viewMenu")
        for dock, name in ((self.answer_dock, "toggleAnswerDock"), (self.validation_dock, "toggleValidationDock"),
                           (self.proposals_dock, "toggleProposalsDock")):
            toggle = dock.toggleViewAction()
            toggle.setObjectName(name)
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        self._action(view_menu, "&Reset window layout", self.reset_layout, object_name="resetLayout")

        help_menu = self._menu(self.menuBar(), "&Help", "helpMenu")
        self._action(help_menu, "&Getting started", self.getting_started, object_name="gettingStarted")
        self._action(help_menu, "&Keyboard shortcuts", self.keyboard_shortcuts, QKeySequence("Ctrl+/"),
                     object_name="keyboardShortcuts")
        help_menu.addSeparator()
        self._action(help_menu, "&About Reply Desk", self.about, object_name="about")
        for action in self._actions_needing_reply:
            action.setEnabled(False)

    # -- which database ------------------------------------------------------------
    @property
    def showing_example(self) -> bool:
        """The window shows the built-in example's own database, not the user's (asked once per database:
        the answer needs the file system, and titles, recent replies and settings ask it often)."""
        if getattr(self, "_example_for", None) is not self.store:
            self._example_for, self._is_example = self.store, is_example_db(self.store.path)
        return self._is_example

    def _show_placeholder(self) -> None:
        """No reply open: the start page, and the panels that need a reply wait disabled."""
        recent = self._recent_replies() if hasattr(self, "recent_menu") else []
        self.start_page = StartPage(recent)
        self.start_page.sig_new_reply_requested.connect(self.new_reply)
        self.start_page.sig_open_reply_requested.connect(self.choose_reply)
        self.start_page.sig_example_requested.connect(self.open_example)
        self.start_page.sig_recent_chosen.connect(self.open_reply)
        self.pane.cards.clear()
        self.pane.setWidget(self.start_page)
        self._enable_reply_panels(False)

    def _enable_reply_panels(self, enabled: bool) -> None:
        for panel in (getattr(self, "answer_panel", None), getattr(self, "validation", None),
                      getattr(self, "proposals", None)):
            if panel is not None:
                panel.setEnabled(enabled)

    def _database_shown(self) -> None:
        """Say in the status bar (and the banner) which database the window shows."""
        self.example_banner.setVisible(self.showing_example)
        if self.showing_example:
            self.database_label.setText("Example database")
            self.database_label.setToolTip(f"The built-in example's own database: {self.store.path}\n"
                                           f"Your replies are in {self.user_db}")
        else:
            self.database_label.setText(f"Database: {paths.database_name(self.store.path)}")
            self.database_label.setToolTip(str(self.store.path))
        if not self.store.writable:
            self.save_label.setText(self._read_only_message())
        self.setWindowTitle(self._title())

    def _saved_elsewhere(self, reply_id: int, keys: list, by: str) -> None:
        """A colleague saved answers of the reply shown: show them (unless typing here is not yet saved)."""
        if self.session is None or reply_id != self.session.reply.id or self.store.closed:
            return  # (announcements still queued when the window closed are for nobody)
        taken = self.session.take_saved_elsewhere([k for k in keys if self.session.form.has_key(k)])
        if taken:
            slots = [self.session.form.slot(key) for key in taken[:3]]
            names = ", ".join(f"{slot.section_label} {slot.question.label}".strip() for slot in slots)
            more = f" and {len(taken) - 3} more" if len(taken) > 3 else ""
            self.save_label.setText(f"{by or 'A colleague'} saved {names}{more} just now")

    def _conflicted(self, message: str) -> None:
        """A colleague saved first: say so, and put both texts in front of the user in Changes to decide."""
        self.save_label.setText(message)
        self.proposals.reload()
        self.proposals_dock.show()
        self.proposals_dock.raise_()

    def _read_only_message(self) -> str:
        """Why the database is read-only, as the status bar says it."""
        if self.store.on_network:
            return f"Read-only: the database is on {self.store.on_network}."
        return READ_ONLY_MESSAGE

    def switch_store(self, store: Store) -> None:
        """Show another database: the open reply is saved and closed, and so is the old database."""
        if store is self.store:
            return
        self.close_reply()
        old, self.store = self.store, store
        old.close()
        self.live.follow(store)
        self._database_shown()
        self._refresh_recent()
        self._show_placeholder()
        self.sig_database_changed.emit(store.path)

    def close_reply(self) -> None:
        """Save and close the open reply; the window waits with nothing open."""
        if self.session is None:
            return
        self.team.show_reply(None, None, None)
        self.session.close()
        self.session.deleteLater()
        self.session = None
        self.navigator.setModel(None)
        self.model = None
        self._current_group = ""
        self._current_key = None
        self._show_placeholder()
        self.answer_panel.clear()
        self._problems_timer.stop()
        self.validation.clear()
        self.proposals.show_reply(None)
        for action in self._actions_needing_reply:
            action.setEnabled(False)
        self.completion_label.clear()
        self.status_label.clear()
        self.save_label.clear()
        self.answer_dock.setWindowTitle("Notes")
        self.setWindowTitle(self._title())

    def close_to_start_page(self) -> None:
        """File ▸ Close reply: saved and closed, the start page shows; the example closes to the user's database."""
        if self.showing_example:
            self._to_user_database()  # closes the example's reply and database, and shows the start page
        else:
            self.close_reply()

    def open_database(self) -> bool:
        """File ▸ Open database…: another file, or a team's server; the open reply is saved and closed first."""
        dialog = OpenDatabaseDialog(self.store.path if not self.showing_example else self.user_db, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or (location := dialog.chosen()) is None:
            return False
        if str(location) == str(self.store.path):
            return True
        store = open_store_interactively(location, self)
        if store is None:
            return False
        self.user_db = location
        self.switch_store(store)
        reply_id = self.last_reply_id()
        if reply_id is not None and self.open_reply(reply_id, focus_first_unanswered=False):
            return True
        self._show_placeholder()
        return True

    def open_example(self) -> bool:
        """File ▸ Open example: Denmark's 2014 return, from the example's own database."""
        if self.showing_example and self.session is not None:
            return True
        try:
            store, reply_id = open_example(self.registry)
        except DatabaseBusy as exc:
            QMessageBox.information(self, "Example in use",
                                    f"The example is open in another Reply Desk window.\n\n{exc}")
            return False
        except (StoreError, NewerDatabase, OSError, LookupError) as exc:
            QMessageBox.warning(self, "Cannot open the example", str(exc))
            return False
        self.switch_store(store)
        return self.open_reply(reply_id, focus_first_unanswered=False)

    def _to_user_database(self) -> bool:
        """Leave the example for the user's own database (opened for writing, created if need be)."""
        if not self.showing_example:
            return True
        store = open_store_interactively(self.user_db, self)
        if store is None:
            return False
        self.switch_store(store)
        return True

    def _user_reply_rows(self) -> list:
        """The rows of the Open reply dialog: always the user's own replies, even from the example."""
        if not self.showing_example:
            return reply_rows(self.store, self.registry)
        if not paths.is_server_url(self.user_db) and not Path(self.user_db).exists():
            return []
        try:
            with Store.open(self.user_db, write=False) as peek:
                return reply_rows(peek, self.registry)
        except (StoreError, NewerDatabase, DatabaseBusy, OSError) as exc:
            QMessageBox.warning(self, "Cannot read your replies", str(exc))
            return []

    # -- settings --------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self._first_size()
        state = settings.value("window/state")
        splitter = settings.value("window/splitter")
        restored = state is not None and self.restoreState(state)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        # writing comes first: what the user has not set yet starts narrow (once the window's width is known)
        self._layout_pending = not restored or splitter is None
        self._refresh_recent()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._layout_pending:
            self._layout_pending = False
            self.reset_layout()

    def side_widths(self, width: int | None = None) -> tuple[int, int]:
        """The navigator's and the docks' first widths in a window this wide: the question pane gets the most."""
        width = width or self.width()
        navigator = max(200, min(320, int(width * 0.18)))
        docks = max(self.dock_tabs_width(), min(360, int(width * 0.2)))
        return navigator, docks

    def dock_tabs_width(self) -> int:
        """The width at which the docks' row of tabs shows every title whole (in this window's font and style)."""
        bar = QTabBar()
        bar.setFont(self.font())
        for dock in (self.answer_dock, self.validation_dock, self.proposals_dock):
            bar.addTab(dock.windowTitle())
        needed = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        bar.deleteLater()
        return max(200, needed + 2)

    def reset_layout(self) -> None:
        """View ▸ Reset window layout: the docks narrow, tabbed and on the right, the question pane widest."""
        for dock in (self.answer_dock, self.validation_dock, self.proposals_dock):
            if dock.isFloating():
                dock.setFloating(False)
            if self.dockWidgetArea(dock) != Qt.DockWidgetArea.RightDockWidgetArea:
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.answer_dock, self.validation_dock)
        self.tabifyDockWidget(self.answer_dock, self.proposals_dock)
        self.answer_dock.show()
        self.answer_dock.raise_()
        self._apply_side_widths()
        QTimer.singleShot(0, self, self._apply_side_widths)  # again once a re-docked dock has its place

    def _apply_side_widths(self) -> None:
        navigator, docks = self.side_widths()
        self.resizeDocks([self.answer_dock], [docks], Qt.Orientation.Horizontal)
        centre = max(400, self.width() - docks)
        self.splitter.setSizes([navigator, centre - navigator])

    def _first_size(self) -> None:
        """1280×820 where the screen has room; on a small laptop, nine tenths of what it has."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            self.resize(1280, 820)
            return
        self.resize(min(1280, int(screen.width() * 0.9)), min(820, int(screen.height() * 0.9)))
        frame = self.frameGeometry()
        frame.moveCenter(screen.center())
        self.move(frame.topLeft())

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        if self.session is not None and not self.showing_example:
            settings.setValue("replies/last", self.session.reply.id)
            settings.setValue("replies/last_db", str(self.store.path))

    def _remember_recent(self, reply_id: int) -> None:
        if self.showing_example:
            return  # recent replies are the user's own
        settings = QSettings()
        before = [int(r) for r in (settings.value("replies/recent") or []) if str(r).isdigit()]
        recent = ([reply_id] + [r for r in before if r != reply_id])[:MAX_RECENT]
        # (written only when it changed: each write is a file written and synced to disk, ~5-20 ms)
        if recent != before or str(settings.value("replies/last")) != str(reply_id) \
                or settings.value("replies/last_db") != str(self.store.path):
            settings.setValue("replies/recent", recent)
            settings.setValue("replies/last", reply_id)
            settings.setValue("replies/last_db", str(self.store.path))
        self._refresh_recent()

    def _recent_replies(self) -> list[tuple[int, str]]:
        """(id, label) of the user's recent replies in the database shown (none for the example)."""
        settings = QSettings()
        if self.showing_example or settings.value("replies/last_db") not in (None, str(self.store.path)):
            return []
        found = []
        for reply_id in [int(r) for r in (settings.value("replies/recent") or []) if str(r).isdigit()]:
            try:
                reply = self.store.reply(reply_id)
            except (UnknownReply, StoreError):
                continue
            found.append((reply_id, reply_label(reply.country, form_title(self.registry, reply.form_id, reply.year),
                                                reply.year)))
        return found

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for reply_id, label in self._recent_replies():
            action = self.recent_menu.addAction(label)
            action.setObjectName("openRecentReply")
            action.triggered.connect(lambda _checked=False, rid=reply_id: self.open_reply(rid))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def last_reply_id(self) -> int | None:
        settings = QSettings()
        if settings.value("replies/last_db") != str(self.store.path):
            return None
        value = settings.value("replies/last")
        return int(value) if value is not None and str(value).isdigit() else None

    # -- opening replies ------------------------------------------------------------------
    def open_reply(self, reply_id: int, *, focus_first_unanswered: bool = True) -> bool:
        try:
            context = reply_context(self.store, self.registry, reply_id)
        except (UnknownReply, StoreError) as exc:
            QMessageBox.warning(self, "Cannot open reply", str(exc))
            return False
        except LookupError as exc:
            form_id = self.store.reply(reply_id).form_id
            QMessageBox.warning(self, "Cannot open reply",
                                f"Reply {reply_id} uses the form “{form_id}”, which is not available: {exc}")
            return False
        form = context.form_for_year
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
        self.session = ReplySession.from_context(self.store, context, self)
        # the status bar speaks of the reply shown: nothing said of another ("Wrote …xlsx") stays
        self.save_label.setText("" if self.store.writable else self._read_only_message())
        self.session.sig_saving.connect(lambda: self.save_label.setText("Saving…"))
        self.session.sig_saved.connect(self._saved)
        self.session.sig_kept.connect(self.save_label.setText)
        self.session.sig_save_failed.connect(self._save_failed)
        self.session.sig_conflicted.connect(self._conflicted)
        self.session.sig_answer_changed.connect(self._answer_changed)
        self.session.sig_answer_replaced.connect(lambda key: self.pane.reload_answer(self.session, key))
        self.session.sig_reply_status_changed.connect(lambda _s: self._reply_status_changed())
        self.model = NavigatorModel(self.session, self)
        self.navigator.setModel(self.model)
        self._navigator_filtered = False  # (a new model: every row shows)
        # Expanded before the status column fits its contents: fitting while expanding measured the rows in view
        # again after every group opened (~1,900 calls to the model, ~12 ms, for a 500-group form).
        self.navigator.header().setSectionResizeMode(1, self.navigator.header().ResizeMode.Interactive)
        self.navigator.expandAll()
        self.navigator.header().setStretchLastSection(False)
        self.navigator.header().setSectionResizeMode(0, self.navigator.header().ResizeMode.Stretch)
        # Fit the status column to the rows in view: Qt's default measures up to 1,000 rows, asking the model
        # for every role of each, at every answer saved (a 2,000-question reply stalled each autosave ~0.2 s).
        self.navigator.header().setResizeContentsPrecision(0)
        self.navigator.header().setSectionResizeMode(1, self.navigator.header().ResizeMode.ResizeToContents)
        has_urgency = any(slot_group.urgency for s in form.slots for slot_group in s.path)
        self.urgency_filter.setVisible(has_urgency)
        self._filter_navigator()
        self.navigator.selectionModel().currentChanged.connect(self._navigator_moved)
        self._current_group = ""
        for action in self._actions_needing_reply:
            action.setEnabled(True)
        self._enable_reply_panels(True)
        self._reply_status_changed()
        self._update_completion()
        self.refresh_problems()  # this reply's, never the one shown before
        self._remember_recent(reply_id)
        self.proposals.show_reply(self.session)
        self.team.show_reply(self.store, reply_id, self.model)
        if self.proposals.changes:
            self.proposals_dock.show()
            self.proposals_dock.raise_()
        if focus_first_unanswered:
            self.go_to_first_unanswered()
        else:
            self.go_to_question(form.slots[0].key)
        self.sig_reply_opened.emit(reply_id)
        return True

    def _title(self) -> str:
        if self.session is None:
            return "Example — Reply Desk" if self.showing_example else "Reply Desk"
        reply = self.session.reply
        status = {"final": " [final]", "in_review": " [in review]"}.get(reply.status, "")
        read_only = " (read-only)" if not self.store.writable else ""
        example = " — example" if self.showing_example else ""
        label = reply_label(reply.country, self.session.form.title, reply.year)
        return f"{label}{status}{read_only}{example} — Reply Desk"

    def new_reply(self) -> None:
        """File ▸ New reply: always in the user's own database (leaving the example if it is shown)."""
        if not self.showing_example and not self.store.writable:
            QMessageBox.information(self, "Read-only", "This database is open read-only; no reply can be created.")
            return
        dialog = NewReplyDialog(self.registry, self)
        if dialog.exec() != NewReplyDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is None:
            return
        form_id, country, year = chosen
        ensure_identity(self)
        if not self._to_user_database():
            return
        if not self.store.writable:
            QMessageBox.information(self, "Read-only", "Your database is open read-only; no reply can be created.")
            return
        try:
            reply = self.store.create_reply(self.registry.get(form_id), country, year)
        except ReplyExists as exc:
            if QMessageBox.question(self, "Reply exists", f"{exc}. Open it?") == QMessageBox.StandardButton.Yes:
                self.open_reply(exc.reply_id)
            return
        except StoreError as exc:
            QMessageBox.warning(self, "Cannot create reply", str(exc))
            return
        self.open_reply(reply.id)

    def choose_reply(self) -> None:
        """File ▸ Open reply: one of the user's own replies (leaving the example if it is shown)."""
        dialog = OpenReplyDialog(self._user_reply_rows(), self)
        if dialog.exec() == OpenReplyDialog.DialogCode.Accepted and dialog.chosen_id() is not None:
            chosen = dialog.chosen_id()
            if self._to_user_database():
                self.open_reply(chosen)

    # -- navigation ---------------------------------------------------------------------------
    def _navigator_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.session is None or not current.isValid():
            return
        key = current.data(KeyRole)
        node = self.model.node(current)
        if node.slot is not None:
            group_key = key.rsplit(".", 1)[0]
            self._show_group(group_key)
            self._select_answer(key)
        else:
            self._show_group(key)
            first = node.slots()[0].key if node.slots() else ""
            if first:
                self._select_answer(first)

    def _filter_navigator(self) -> None:
        """Show only the recommendations of the chosen urgency (an official takes the *require* ones first)."""
        if self.model is None:
            return
        wanted = self.urgency_filter.currentData() if self.urgency_filter.isVisible() else ""
        if not wanted and not self._navigator_filtered:
            return  # every row already shows (walking 2,500 rows to show them again took ~20 ms at start-up)
        self._navigator_filtered = bool(wanted)

        def walk(parent: QModelIndex) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                group = self.model.node(index).group
                hidden = bool(wanted and group is not None and group.urgency and group.urgency != wanted)
                self.navigator.setRowHidden(row, parent, hidden)
                if not hidden:
                    walk(index)

        walk(QModelIndex())

    def _show_group(self, group_key: str) -> None:
        if self.session is None or group_key == self._current_group:
            return
        self.pane.show_group(self.session, group_key)
        self._current_group = group_key

    def _select_answer(self, key: str) -> None:
        if self.session is not None:
            self.answer_panel.show_answer(self.session, key)
            slot = self.session.form.slot(key)
            # the dock's tab stays short (it shares the row with Validation and Changes); the
            # question it shows is in its tooltip, by its label and section, never by its internal key
            self.answer_dock.setToolTip(f"Notes and history of {slot.section_label} › {slot.question.label}"
                                        if slot.question.label else f"Notes and history of {slot.section_label}")
            self._current_key = key
            self._answer_selected = key
            self.team.writing(key)

    def go_to_question(self, key: str) -> None:
        """Show the question's group, select it in the navigator and put the focus in its editor."""
        if self.session is None or not self.session.form.has_key(key):
            return
        index = self.model.index_of(key)
        self._answer_selected = None
        self.navigator.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.navigator.scrollTo(index)
        self._show_group(key.rsplit(".", 1)[0])
        if self._answer_selected != key:  # (moving the navigator's row usually did it: read notes and history once)
            self._select_answer(key)
        self.pane.focus_question(key)

    def go_to_first_unanswered(self) -> None:
        if self.session is None:
            return
        relevant = self.session.relevant_keys()
        for slot in self.session.form.slots:
            if slot.key in relevant and not self.session.is_answered(slot.key):
                self.go_to_question(slot.key)
                return
        self.go_to_question(self.session.form.slots[0].key)

    def step_question(self, step: int) -> None:
        if self.session is None:
            return
        keys = self.session.form.keys()
        current = getattr(self, "_current_key", keys[0])
        position = keys.index(current) if current in keys else 0
        self.go_to_question(keys[max(0, min(len(keys) - 1, position + step))])

    def _question_focused(self, key: str) -> None:
        # A closed window's focus still moves while Qt tears it down; its store may be closed by then.
        if self.session is None or not self.isVisible() or key == getattr(self, "_current_key", None):
            return
        index = self.model.index_of(key)
        self.navigator.selectionModel().blockSignals(True)
        self.navigator.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.navigator.selectionModel().blockSignals(False)
        self.navigator.viewport().update()
        self._select_answer(key)

    # -- find -------------------------------------------------------------------------------------
    def show_find(self) -> None:
        self.find_bar.show()
        self.find_bar.edit.setFocus()
        self.find_bar.edit.selectAll()

    def find(self, text: str, step: int) -> None:
        """Edit ▸ Find: every group text, prompt, help and answer; the hit is highlighted, "2 of 7"."""
        if self.session is None or not text.strip():
            return
        hits = find_hits(self.session, text)
        if hits != self._find_hits:
            self._find_hits, self._find_at = hits, -1 if step > 0 else 0
        if not hits:
            self.find_bar.status.setText("No matches")
            return
        self._find_at = (self._find_at + step) % len(hits)
        hit = hits[self._find_at]
        self.find_bar.status.setText(f"{self._find_at + 1} of {len(hits)}")
        self.go_to_question(hit.key)
        editor = self.pane.editor(hit.key)
        if hit.in_answer and isinstance(editor, LongTextEditor):
            cursor = editor.edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            editor.edit.setTextCursor(cursor)
            editor.edit.find(text)
        elif not hit.in_answer:
            self.pane.highlight(hit.key, text)
        self.find_bar.edit.setFocus()

    # -- saving ---------------------------------------------------------------------------------
    def save_now(self) -> None:
        if self.session is not None:
            self.session.flush()
            if self.session.has_pending:
                return
            kept = self.session.kept_message()  # never "Saved" while typed text is kept but not the answer
            self.save_label.setText(kept or f"Saved {dt.datetime.now():%H:%M:%S}")

    def _saved(self, when: dt.datetime) -> None:
        self.save_label.setText(f"Saved {when:%H:%M:%S}")

    def _save_failed(self, message: str) -> None:
        self.save_label.setText(server_status.not_saved_text(message))

    def _answer_changed(self, key: str) -> None:
        self._update_completion()
        if key == getattr(self, "_current_key", None):
            self.answer_panel.reload()
        self._problems_timer.start()

    def refresh_problems(self) -> list[Problem]:
        """The open reply's problems, now: shown in the Validation panel and as the navigator's ⚠ marks.

        The one place the window asks for them (after every save, on opening and before *Mark reply final*).
        """
        self._problems_timer.stop()
        if self.session is None:
            self.validation.clear()
            return []
        problems = find_problems(self.session, self._invalid_inputs())
        self.validation.show_problems(problems)
        if self.model is not None:
            by_key: dict[str, list[str]] = {}
            for problem in problems:
                by_key.setdefault(problem.key, []).append(problem.what)
            self.model.set_problems(by_key)
        return problems

    def _update_completion(self) -> None:
        if self.session is None:
            return
        answered, total = self.session.completion()
        self.completion_label.setText(f"{answered} of {total} answered")

    def _invalid_inputs(self) -> dict[str, str]:
        """Text typed that is not yet a valid answer, by key: in every section, staged or kept in the store."""
        return self.session.kept_reasons() if self.session is not None else {}

    # -- review workflow -------------------------------------------------------------------------
    def _reply_status_changed(self) -> None:
        if self.session is None:
            return
        self.setWindowTitle(self._title())
        status = self.session.reply.status
        self.status_label.setText({"drafting": "Drafting", "in_review": "In review", "final": "Final — read-only"}
                                  .get(status, status))
        # A final reply is read-only until reopened: it is not sent for review (nor reopened unless final).
        writable = self.store.writable
        decides = writable and self.session is not None and self.session.may_decide  # a server's coordinators
        self.send_for_review_action.setEnabled(decides and status == "drafting")
        self.mark_final_action.setEnabled(decides and status != "final")
        self.reopen_action.setEnabled(decides and status == "final")
        if self._current_group:
            group, self._current_group = self._current_group, ""
            self._show_group(group)
        self.format_bar.refresh()

    def change_reply_status(self, status: str, detail: str = "") -> bool:
        if self.session is None:
            return False
        try:
            self.session.set_reply_status(status, detail)
        except ReplyHasProblems as exc:  # the store holds the reply to its rules, whatever the window saw
            self._refuse_final(exc.problems)
            return False
        except StoreError as exc:
            QMessageBox.warning(self, "Cannot change the reply's status", str(exc))
            return False
        return True

    def show_validation(self) -> None:
        if self.session is None:
            return
        self.refresh_problems()
        self.validation_dock.show()
        self.validation_dock.raise_()

    def mark_final(self) -> None:
        if self.session is None:
            return
        self.session.flush()
        problems = self.refresh_problems()
        if problems:
            self._refuse_final(problems)
            return
        carried = [slot for slot in self.session.form.slots if slot.key in self.session.carried]
        warning = ""
        if carried:
            listing = "\n".join(f"• {question_name(s)}" for s in carried[:12])
            more = f"\n… and {len(carried) - 12} more" if len(carried) > 12 else ""
            warning = (f"{len(carried)} answer{'s are' if len(carried) != 1 else ' is'} carried over from last "
                       f"cycle and not yet confirmed:\n\n{listing}{more}\n\n")
        answer = QMessageBox.question(self, "Mark reply final", f"{warning}Mark this reply final? "
                                      "It becomes read-only until someone reopens it.")
        if answer == QMessageBox.StandardButton.Yes:
            self.change_reply_status("final", "marked final")

    def _refuse_final(self, problems: list[Problem]) -> None:
        self.validation.show_problems(problems)  # the list the refusal names (the store's, when it refused)
        self.validation_dock.show()
        self.validation_dock.raise_()
        listing = "\n".join(f"• {p.message}" for p in problems[:12])
        more = f"\n… and {len(problems) - 12} more" if len(problems) > 12 else ""
        QMessageBox.warning(self, "Reply not marked final",
                            f"The reply cannot be marked final while these remain:\n\n{listing}{more}")

    def reopen(self) -> None:
        if self.session is None or self.session.reply.status != "final":
            return
        answer = QMessageBox.question(self, "Reopen reply", "Reopen this final reply for editing? "
                                      "Your name and the time are recorded.")
        if answer == QMessageBox.StandardButton.Yes:
            self.change_reply_status("drafting", "reopened")

    # -- documents ---------------------------------------------------------------------------------
    def import_files(self) -> None:
        self.documents.choose_and_import()

    def _import_reported(self, text: str) -> None:
        """Each imported file's report (what changed, was ignored, could not be placed) in Changes to decide."""
        self.proposals.show_import_report(text)
        self.proposals_dock.show()
        self.proposals_dock.raise_()

    def _replies_imported(self, reply_ids: list[int]) -> None:
        if self.session is not None and self.session.reply.id in reply_ids:
            key = getattr(self, "_current_key", None)
            self.open_reply(self.session.reply.id, focus_first_unanswered=False)
            if key:
                self.go_to_question(key)
        self._refresh_recent()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Any local files: the import (``documents.formats``) takes each by its suffix, or says why not."""
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls()]
        event.acceptProposedAction()
        self.documents.import_files(files)

    def compare_cycles(self) -> None:
        self.reply_actions.compare_cycles()

    def new_reply_from_previous(self) -> None:
        """File ▸ New reply from previous cycle: the open reply carried into the next year."""
        self.reply_actions.new_reply_from_previous()

    def restore_backup(self) -> None:
        self.reply_actions.restore_backup()

    def show_secretariat(self) -> None:
        """File ▸ Secretariat view: the coverage of this database's returns; opening a return opens it here."""
        self.reply_actions.show_secretariat(self.secretariat_window)

    def export_synthesis(self) -> None:
        """File ▸ Export synthesis report: the secretariat view on this form and year, asked for the report."""
        self.show_secretariat()
        if self.secretariat_window is not None:
            self.secretariat_window.export_synthesis()

    def _compare_shown(self, dialog: CompareDialog) -> None:
        self.compare_dialog = dialog

    def _secretariat_shown(self, view: SecretariatWindow) -> None:
        self.secretariat_window = view

    def _open_from_secretariat(self, reply_id: int) -> None:
        if self.open_reply(reply_id):
            self.raise_()
            self.activateWindow()

    def _backup_restored(self, reply_id: int | None, message: str) -> None:
        if reply_id is not None and any(r.id == reply_id for r in self.store.replies()):
            self.open_reply(reply_id, focus_first_unanswered=False)
        self.save_label.setText(message)

    def getting_started(self) -> None:
        GettingStartedDialog(self).exec()

    def keyboard_shortcuts(self) -> None:
        ShortcutsDialog([a for a in self.findChildren(QAction) if a.objectName()], self).exec()

    def preferences(self) -> None:
        """Edit ▸ Preferences: the name and organisation that sign notes, history and review copies."""
        IdentityDialog(self).exec()

    def about(self) -> None:
        QMessageBox.about(self, "About Reply Desk",
                          f"Reply Desk {__version__}\n\nDraft database: {self.store.path}")

    # -- closing --------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.session is not None and not self.session.flush():
            answer = QMessageBox.warning(
                self, "Not saved",
                "Some changes could not be saved. Close anyway? They would be lost.",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        self._save_settings()
        self.live.stop()
        super().closeEvent(event)

