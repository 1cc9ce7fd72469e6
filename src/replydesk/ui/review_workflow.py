"""The reply's way to *final*: its problems, send for review, mark final, reopen.

``ReviewWorkflow`` is a QObject that checks the open reply (the Validation panel and the navigator's ⚠
marks), keeps the Reply menu's status commands and the status bar's word in step with the reply's status,
and asks before a reply is marked final or reopened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from replydesk.definitions.problems import Problem, question_name
from replydesk.store import ReplyHasProblems, StoreError
from replydesk.ui.side_panels import find_problems

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow

#: The status bar's word for each status of a reply.
STATUS_WORDS = {"drafting": "Drafting", "in_review": "In review", "final": "Final — read-only"}


class ReviewWorkflow(QObject):
    """Reply ▸ Send for review, Mark reply final, Reopen reply, Show validation."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        #: Answers saved together (one flush) are checked once, when control returns to the event loop.
        self.problems_timer = QTimer(self)
        self.problems_timer.setSingleShot(True)
        self.problems_timer.setInterval(0)
        self.problems_timer.timeout.connect(self.refresh_problems)
        window.validation.sig_jump_requested.connect(window.go_to_question)

    def refresh_problems(self) -> list[Problem]:
        """The open reply's problems, now: shown in the Validation panel and as the navigator's ⚠ marks.

        The one place the window asks for them (after every save, on opening and before *Mark reply final*).
        """
        window = self.window
        self.problems_timer.stop()
        if window.session is None:
            window.validation.clear()
            return []
        session = window.session
        problems = find_problems(session, session.kept_reasons())
        flagged, relevant = {p.key for p in problems}, session.relevant_keys()
        unanswered = [(slot.key, question_name(slot)) for slot in session.form.slots
                      if slot.key in relevant and slot.key not in flagged and not session.is_answered(slot.key)]
        window.validation.show_problems(problems, unanswered)
        if window.model is not None:
            by_key: dict[str, list[str]] = {}
            for problem in problems:
                by_key.setdefault(problem.key, []).append(problem.what)
            window.model.set_problems(by_key)
        return problems

    def status_changed(self) -> None:
        """The reply's status changed (or a reply was opened): title, status bar, menu and editors follow."""
        window = self.window
        if window.session is None:
            return
        window.setWindowTitle(window.title())
        status = window.session.reply.status
        window.status_label.setText(STATUS_WORDS.get(status, status))
        # A final reply is read-only until reopened: it is not sent for review (nor reopened unless final).
        decides = window.store.writable and window.session.may_decide  # a server's coordinators
        window.send_for_review_action.setEnabled(decides and status == "drafting")
        window.mark_final_action.setEnabled(decides and status != "final")
        window.reopen_action.setEnabled(decides and status == "final")
        window.navigation.show_group_again()
        window.format_bar.refresh()

    def change_reply_status(self, status: str, detail: str = "") -> bool:
        window = self.window
        if window.session is None:
            return False
        try:
            window.session.set_reply_status(status, detail)
        except ReplyHasProblems as exc:  # the store holds the reply to its rules, whatever the window saw
            self._refuse_final(exc.problems)
            return False
        except StoreError as exc:
            QMessageBox.warning(window, "Cannot change the reply's status", str(exc))
            return False
        return True

    def show_validation(self) -> None:
        if self.window.session is None:
            return
        self.refresh_problems()
        self.window.validation_dock.show()
        self.window.validation_dock.raise_()

    def mark_final(self) -> None:
        window = self.window
        if window.session is None:
            return
        window.session.flush()
        problems = self.refresh_problems()
        if problems:
            self._refuse_final(problems)
            return
        session = window.session
        carried = [slot for slot in session.form.slots if slot.key in session.carried]
        warning = _listing(carried, "answer is carried over from last cycle and not yet confirmed",
                           "answers are carried over from last cycle and not yet confirmed")
        relevant = session.relevant_keys()
        unanswered = [slot for slot in session.form.slots
                      if slot.key in relevant and not session.is_answered(slot.key)]
        warning += _listing(unanswered, "question is not answered", "questions are not answered")
        answer = QMessageBox.question(window, "Mark reply final", f"{warning}Mark this reply final? "
                                      "It becomes read-only until someone reopens it.")
        if answer == QMessageBox.StandardButton.Yes:
            self.change_reply_status("final", "marked final")

    def _refuse_final(self, problems: list[Problem]) -> None:
        window = self.window
        window.validation.show_problems(problems)  # the list the refusal names (the store's, when it refused)
        window.validation_dock.show()
        window.validation_dock.raise_()
        listing = "\n".join(f"• {p.message}" for p in problems[:12])
        more = f"\n… and {len(problems) - 12} more" if len(problems) > 12 else ""
        QMessageBox.warning(window, "Reply not marked final",
                            f"The reply cannot be marked final while these remain:\n\n{listing}{more}")

    def reopen(self) -> None:
        window = self.window
        if window.session is None or window.session.reply.status != "final":
            return
        answer = QMessageBox.question(window, "Reopen reply", "Reopen this final reply for editing? "
                                      "Your name and the time are recorded.")
        if answer == QMessageBox.StandardButton.Yes:
            self.change_reply_status("drafting", "reopened")


def _listing(slots: list, one: str, many: str) -> str:
    """"3 questions are not answered:" and the first twelve by section and question, or "" for none."""
    if not slots:
        return ""
    listing = "\n".join(f"• {question_name(s)}" for s in slots[:12])
    more = f"\n… and {len(slots) - 12} more" if len(slots) > 12 else ""
    return f"{len(slots)} {one if len(slots) == 1 else many}:\n\n{listing}{more}\n\n"
