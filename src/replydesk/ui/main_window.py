"""The main window: navigator, question pane, notes/history and validation docks.

The window lays out its widgets and builds its menus; each concern it hands over is a QObject of its own
module: ``Navigation`` (which question is shown), ``FindController`` (Edit ▸ Find), ``ReviewWorkflow``
(problems, send for review, final, reopen), ``DatabaseSwitching`` (which database, the example),
``ReplyChoosing`` (New and Open reply), ``RecentReplies``, ``WindowLayout`` (geometry, docks, splitter),
``DocumentActions`` (export and import) and ``ReplyActions`` (cycles, backups, the secretariat view).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from replydesk import __version__, paths
from replydesk.definitions.registry import Registry
from replydesk.definitions.titles import reply_label
from replydesk.store import Store, StoreError, UnknownReply, reply_context
from replydesk.ui import server_status
from replydesk.ui.database_switching import DatabaseSwitching
from replydesk.ui.document_actions import DocumentActions
from replydesk.ui.example_banner import ExampleBanner
from replydesk.ui.factsheet_actions import FactsheetActions
from replydesk.ui.find_bar import FindBar
from replydesk.ui.find_controller import FindController
from replydesk.ui.format_bar import FormatBar
from replydesk.ui.help_dialogs import GettingStartedDialog, ShortcutsDialog
from replydesk.ui.identity_dialog import IdentityDialog
from replydesk.ui.import_flow import ImportFlow
from replydesk.ui.live_changes import LiveChanges
from replydesk.ui.navigation import Navigation
from replydesk.ui.navigator_model import NavigatorModel
from replydesk.ui.navigator_view import NavigatorPanel
from replydesk.ui.offline_copies import OfflineCopies
from replydesk.ui.proposals_panel import ProposalsPanel
from replydesk.ui.question_pane import QuestionPane
from replydesk.ui.recent_replies import RecentReplies
from replydesk.ui.reply_actions import ReplyActions
from replydesk.ui.reply_choosing import ReplyChoosing
from replydesk.ui.review_workflow import ReviewWorkflow
from replydesk.ui.session import ReplySession
from replydesk.ui.side_panels import AnswerPanel, ValidationPanel
from replydesk.ui.start_page import StartPage
from replydesk.ui.team_marks import TeamMarks
from replydesk.ui.window_layout import WindowLayout
from replydesk.ui.window_status import WindowStatus

if TYPE_CHECKING:
    from replydesk.ui.compare_dialog import CompareDialog
    from replydesk.ui.secretariat import SecretariatWindow


class MainWindow(QMainWindow):
    """One reply at a time, in a calm window that saves everything as it is typed."""

    #: A reply was opened in the window (carries its id).
    sig_reply_opened = Signal(int)

    def __init__(self, store: Store, registry: Registry, parent: QWidget | None = None, *,
                 user_db: Path | None = None):
        super().__init__(parent)
        self.store = store
        #: The user's own database, where New reply and Open reply go, even from the example: a file's path,
        #: or a team server's URL.
        self.user_db: Path | str = (paths.database_location(str(user_db)) if user_db is not None
                                    else paths.database_location(str(store.path)))
        self.registry = registry
        self.session: ReplySession | None = None
        self.model: NavigatorModel | None = None
        #: File ▸ Secretariat view, once opened (kept, and raised again, until the main window closes).
        self.secretariat_window: SecretariatWindow | None = None
        #: Reply ▸ Compare with previous cycle, the last one opened.
        self.compare_dialog: CompareDialog | None = None
        self.setObjectName("MainWindow")
        self.setWindowTitle("Reply Desk")

        self.pane = QuestionPane(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.example_banner = ExampleBanner(self)
        self.example_banner.hide()
        self.factsheets = FactsheetActions(self)  # Reply ▸ Read the Party's factsheet…, and its band
        self.factsheets.sig_recommendations_changed.connect(
            lambda reply_id, _said: self.open_reply(reply_id, focus_first_unanswered=False))
        self.factsheets.sig_recommendations_changed.connect(lambda _reply_id, said: self.save_label.setText(said))
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.example_banner)
        centre_layout.addWidget(self.factsheets.banner)
        centre_layout.addWidget(self.find_bar)
        self.format_bar = FormatBar(centre)
        centre_layout.addWidget(self.format_bar)
        centre_layout.addWidget(self.pane, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        left = NavigatorPanel(self)
        self.navigator, self.urgency_filter = left.tree, left.urgency_filter
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([240, 840])
        self.setCentralWidget(self.splitter)

        # short titles: the three docks share one row of tabs, which must read whole at 1024×700
        self.answer_panel = AnswerPanel(self)
        self.answer_dock = self._dock("Notes", "answerDock", self.answer_panel)
        self.validation = ValidationPanel(self)
        self.validation_dock = self._dock("Validation", "validationDock", self.validation)
        self.proposals = ProposalsPanel(self)
        self.proposals_dock = self._dock("Changes", "proposalsDock", self.proposals)
        self.tabifyDockWidget(self.answer_dock, self.validation_dock)
        self.tabifyDockWidget(self.answer_dock, self.proposals_dock)
        self.answer_dock.raise_()

        # the concerns the window hands over, each a QObject of its own module
        self.layout_keeper = WindowLayout(self)
        self.reset_layout = self.layout_keeper.reset_layout
        self.side_widths = self.layout_keeper.side_widths
        self.dock_tabs_width = self.layout_keeper.dock_tabs_width
        for dock in (self.answer_dock, self.validation_dock, self.proposals_dock):
            # narrow docks still work (their lists and buttons wrap or elide), but never cut a tab's title
            dock.setMinimumWidth(self.dock_tabs_width())
        self.navigation = Navigation(self)
        self.go_to_question = self.navigation.go_to_question
        self.finder = FindController(self)
        self.databases = DatabaseSwitching(self)
        self.open_example = self.databases.open_example
        self._to_user_database = self.databases.to_user_database
        self.choosing = ReplyChoosing(self)
        self.new_reply = self.choosing.new_reply
        self.choose_reply = self.choosing.choose_reply
        self.recent = RecentReplies(self)
        self.last_reply_id = self.recent.last_reply_id
        self.review = ReviewWorkflow(self)
        self.refresh_problems = self.review.refresh_problems
        self.mark_final = self.review.mark_final
        self.reopen = self.review.reopen
        self.show_validation = self.review.show_validation
        self.change_reply_status = self.review.change_reply_status
        self.documents = DocumentActions(self)
        self.import_files = self.documents.choose_and_import
        self.reply_actions = ReplyActions(self)
        self.restore_backup = self.reply_actions.restore_backup
        self.new_reply_from_previous = self.reply_actions.new_reply_from_previous
        #: Colleagues' saves on a server, followed live (nothing for a file).
        self.live = LiveChanges(self)
        #: The team in the navigator (a server's reply): assignments and who is writing what.
        self.team = TeamMarks(self)
        self.live.sig_colleague_writing.connect(self.team.colleague_writing)
        self.live.sig_listening.connect(lambda up: server_status.listening_changed(self, up))
        self.live.sig_listening.connect(lambda up: server_status.listening_changed(self, up))
        self.live.follow(self.store)
        self.reply_actions.sig_reply_created.connect(self.open_reply)
        self.reply_actions.sig_open_reply_requested.connect(self._open_from_secretariat)
        self.reply_actions.sig_backup_restored.connect(self._backup_restored)
        self.reply_actions.sig_compare_shown.connect(lambda shown: setattr(self, "compare_dialog", shown))
        self.reply_actions.sig_secretariat_shown.connect(lambda shown: setattr(self, "secretariat_window", shown))
        self.example_banner.sig_new_reply_requested.connect(self.new_reply)
        self.example_banner.sig_own_replies_requested.connect(self.choose_reply)
        self.example_banner.sig_close_requested.connect(self.databases.close_to_start_page)
        self.imports = ImportFlow(self)
        self.offline = OfflineCopies(self)  # File ▸ Take this reply offline…, Sync with…
        self.offline.sig_synced.connect(self.imports.replies_imported)

        self.status = WindowStatus(self)
        self.save_label, self.completion_label = self.status.save_label, self.status.completion_label
        self.status_label, self.database_label = self.status.status_label, self.status.database_label
        self.live.sig_answers_saved.connect(self.status.saved_elsewhere)
        self._build_menus()
        self.proposals.sig_decided.connect(lambda key: (self.answer_panel.reload(), self.status.decided()))
        self.proposals.sig_question_requested.connect(self.go_to_question)
        self.pane.sig_question_focused.connect(self.navigation.question_focused)
        self.databases.database_shown()
        self.layout_keeper.restore()
        self.recent.refresh()
        self.show_placeholder()  # once the recent replies are known

    def _dock(self, title: str, object_name: str, panel: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(object_name)
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

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
        self._action(file_menu, "Open &database…", self.databases.open_database, object_name="openDatabase")
        self._action(file_menu, "&Close reply", self.databases.close_to_start_page, QKeySequence("Ctrl+W"), True,
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
        self._action(file_menu, "&Take this reply offline…", self.offline.take_offline, None, True,
                     object_name="takeOffline")
        self._action(file_menu, "S&ync with…", self.offline.sync_with, None, True, object_name="syncWith")
        file_menu.addSeparator()
        self._action(file_menu, "&Secretariat view…", self.show_secretariat, QKeySequence("Ctrl+Shift+S"),
                     object_name="secretariatView")
        self._action(file_menu, "Export s&ynthesis report…", self.export_synthesis,
                     object_name="exportSynthesisMenu")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, object_name="quit")

        edit_menu = self._menu(self.menuBar(), "&Edit", "editMenu")
        self._action(edit_menu, "&Find…", self.finder.show, QKeySequence.StandardKey.Find, True, object_name="find")
        self._action(edit_menu, "Find &next", self.finder.find_next,
                     QKeySequence.StandardKey.FindNext, True, object_name="findNext")
        edit_menu.addSeparator()
        self._action(edit_menu, "&Preferences…", lambda: IdentityDialog(self).exec(),
                     QKeySequence.StandardKey.Preferences,
                     object_name="preferences")

        go_menu = self._menu(self.menuBar(), "&Go", "goMenu")
        go = self.navigation
        self._action(go_menu, "&Next question", lambda: go.step_question(1), QKeySequence("Ctrl+PgDown"), True,
                     object_name="nextQuestion")
        self._action(go_menu, "&Previous question", lambda: go.step_question(-1), QKeySequence("Ctrl+PgUp"), True,
                     object_name="previousQuestion")
        self._action(go_menu, "First &unanswered question", go.go_to_first_unanswered, QKeySequence("Ctrl+U"), True,
                     object_name="firstUnanswered")
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
        self._action(reply_menu, "&Compare with previous cycle…", self.reply_actions.compare_cycles, None, True,
                     object_name="compareCycles")
        self._action(reply_menu, "Show &validation", self.show_validation, QKeySequence("Ctrl+Shift+V"), True,
                     object_name="showValidation")
        self._action(reply_menu, "Read the Party's &factsheet…", lambda: self.factsheets.read_into_reply(), None, True,
                     object_name="readFactsheet")

        view_menu = self._menu(self.menuBar(), "&View", "viewMenu")
        for dock, name in ((self.answer_dock, "toggleAnswerDock"), (self.validation_dock, "toggleValidationDock"),
                           (self.proposals_dock, "toggleProposalsDock")):
            toggle = dock.toggleViewAction()
            toggle.setObjectName(name)
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        self._action(view_menu, "&Reset window layout", self.reset_layout, object_name="resetLayout")

        help_menu = self._menu(self.menuBar(), "&Help", "helpMenu")
        self._action(help_menu, "&Getting started", lambda: GettingStartedDialog(self).exec(),
                     object_name="gettingStarted")
        self._action(help_menu, "&Keyboard shortcuts", self._shortcuts, QKeySequence("Ctrl+/"),
                     object_name="keyboardShortcuts")
        help_menu.addSeparator()
        about = f"Reply Desk {__version__}\n\nDraft database: {{}}"
        self._action(help_menu, "&About Reply Desk", lambda: QMessageBox.about(
            self, "About Reply Desk", about.format(self.store.path)), object_name="about")
        for action in self._actions_needing_reply:
            action.setEnabled(False)

    @property
    def showing_example(self) -> bool:
        """The window shows the built-in example's own database, not the user's."""
        return self.databases.showing_example

    def show_placeholder(self) -> None:
        """No reply open: the start page, and the panels that need a reply wait disabled."""
        recent = self.recent.replies() if hasattr(self, "recent_menu") else []
        self.start_page = StartPage(recent)
        self.start_page.sig_new_reply_requested.connect(self.new_reply)
        self.start_page.sig_open_reply_requested.connect(self.choose_reply)
        self.start_page.sig_example_requested.connect(self.open_example)
        self.start_page.sig_recent_chosen.connect(self.open_reply)
        self.pane.cards.clear()
        self.pane.setWidget(self.start_page)
        self._enable_reply_panels(False)

    @staticmethod
    def raise_dock(dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    def _enable_reply_panels(self, enabled: bool) -> None:
        for panel in (self.answer_panel, self.validation, self.proposals):
            panel.setEnabled(enabled)

    def _conflicted(self, message: str) -> None:
        """A colleague saved first: say so, and put both texts in front of the user in Changes to decide."""
        self.save_label.setText(message)
        self.proposals.reload()
        self.raise_dock(self.proposals_dock)

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
        self.navigation.reset()
        self.show_placeholder()
        self.answer_panel.clear()
        self.review.problems_timer.stop()
        self.validation.clear()
        self.proposals.show_reply(None)
        for action in self._actions_needing_reply:
            action.setEnabled(False)
        self.status.clear()
        self.answer_dock.setWindowTitle("Notes")
        self.setWindowTitle(self.title())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.layout_keeper.shown()

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
        self.factsheets.reply_opened(context)
        # the status bar speaks of the reply shown: nothing said of another ("Wrote …xlsx") stays
        self.save_label.setText("" if self.store.writable else self.databases.read_only_message())
        self.session.sig_saving.connect(lambda: self.save_label.setText("Saving…"))
        self.session.sig_saved.connect(self.status.saved)
        self.session.sig_kept.connect(self.save_label.setText)
        self.session.sig_save_failed.connect(self.status.save_failed)
        self.session.sig_conflicted.connect(self._conflicted)
        self.session.sig_passages_marked.connect(lambda text: self.statusBar().showMessage(text, 20000))  # ⚠
        self.session.sig_answer_changed.connect(self._answer_changed)
        self.session.sig_answer_replaced.connect(lambda key: self.pane.reload_answer(self.session, key))
        self.session.sig_reply_status_changed.connect(lambda _s: self.review.status_changed())
        self.model = NavigatorModel(self.session, self)
        self.navigator.setModel(self.model)
        self.navigator.fit()
        self.urgency_filter.setVisible(any(group.urgency for s in form.slots for group in s.path))
        self.navigation.reset()
        self.navigation.filter_navigator()
        for action in self._actions_needing_reply:
            action.setEnabled(True)
        self._enable_reply_panels(True)
        self.review.status_changed()
        self.status.update_completion()
        self.refresh_problems()  # this reply's, never the one shown before
        self.recent.remember(reply_id)
        self.proposals.show_reply(self.session)
        self.team.show_reply(self.store, reply_id, self.model)
        if self.proposals.changes:
            self.raise_dock(self.proposals_dock)
        if focus_first_unanswered:
            self.navigation.go_to_first_unanswered()
        else:
            self.go_to_question(form.slots[0].key)
        self.sig_reply_opened.emit(reply_id)
        return True

    def title(self) -> str:
        if self.session is None:
            return "Example — Reply Desk" if self.showing_example else "Reply Desk"
        reply = self.session.reply
        status = {"final": " [final]", "in_review": " [in review]"}.get(reply.status, "")
        read_only = " (read-only)" if not self.store.writable else ""
        example = " — example" if self.showing_example else ""
        label = reply_label(reply.country, self.session.form.title, reply.year)
        return f"{label}{status}{read_only}{example}{self.offline.title_note()} — Reply Desk"

    # -- saving ---------------------------------------------------------------------------------
    def save_now(self) -> None:
        if self.session is not None:
            self.session.flush()
            if self.session.has_pending:
                return
            kept = self.session.kept_message()  # never "Saved" while typed text is kept but not the answer
            self.save_label.setText(kept or f"Saved {dt.datetime.now():%H:%M:%S}")

    def _answer_changed(self, key: str) -> None:
        self.status.update_completion()
        if key == self.navigation.current_key:
            self.answer_panel.reload()
        self.review.problems_timer.start()

    # -- documents and other windows ------------------------------------------------------------------
    def show_secretariat(self) -> None:
        """File ▸ Secretariat view: the coverage of this database's returns; opening a return opens it here."""
        self.reply_actions.show_secretariat(self.secretariat_window)

    def export_synthesis(self) -> None:
        """File ▸ Export synthesis report: the secretariat view on this form and year, asked for the report."""
        self.show_secretariat()
        if self.secretariat_window is not None:
            self.secretariat_window.export_synthesis()

    def _open_from_secretariat(self, reply_id: int) -> None:
        if self.open_reply(reply_id):
            self.raise_()
            self.activateWindow()

    def _backup_restored(self, reply_id: int | None, message: str) -> None:
        if reply_id is not None and any(r.id == reply_id for r in self.store.replies()):
            self.open_reply(reply_id, focus_first_unanswered=False)
        self.save_label.setText(message)

    def _shortcuts(self) -> None:
        ShortcutsDialog([a for a in self.findChildren(QAction) if a.objectName()], self).exec()

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
        self.layout_keeper.save()
        self.recent.remember_last()
        self.live.stop()
        super().closeEvent(event)
