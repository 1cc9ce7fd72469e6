"""The open reply: its answers in memory, and autosave to the store.

Edits are staged here and written within one second of the last keystroke
(debounced), or at once when the user leaves an editor, navigates, presses
Ctrl+S or closes the window.  A failed save keeps the staged edits and says so;
nothing typed is dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from replydesk.definitions.model import Form
from replydesk.definitions.values import completion, is_empty, relevant_slots
from replydesk.store import ReplyContext, Store, StoreError, decode
from replydesk.store.tables import Answer, Reply

AUTOSAVE_DELAY_MS = 800


class ReplySession(QObject):
    """One reply open in the window."""

    #: Staged edits are being written.
    sig_saving = Signal()
    #: Staged edits were written; carries the time of the save.
    sig_saved = Signal(object)
    #: A save failed; carries the message. The edits stay staged and are retried.
    sig_save_failed = Signal(str)
    #: An answer's stored value or review status changed (after a save or restore).
    sig_answer_changed = Signal(str)
    #: An answer was replaced from outside its editor (a restored revision, an import).
    sig_answer_replaced = Signal(str)
    #: The reply's status changed (drafting / in_review / final).
    sig_reply_status_changed = Signal(str)

    def __init__(self, store: Store, form: Form, reply: Reply, parent: QObject | None = None, *,
                 answers: dict[str, Answer] | None = None):
        super().__init__(parent)
        self.store = store
        self.form = form
        self.reply = reply
        if answers is None:  # read once: values, review status and carried-over flags alike
            answers = store.answers(reply.id)
        self.values: dict[str, Any] = {key: decode(answer.value) for key, answer in answers.items()}
        self.review: dict[str, str] = {k: a.review_status for k, a in answers.items()}
        #: Answers carried over from last cycle and not yet edited or confirmed.
        self.carried: set[str] = {k for k, a in answers.items() if a.carried_over}
        self.previous = store.reply(reply.previous_reply_id) if reply.previous_reply_id else None
        #: Last cycle's answers, when this reply was carried forward from one.
        self.previous_values: dict[str, Any] = store.values(self.previous.id) if self.previous else {}
        self._pending: dict[str, Any] = {}
        self._relevant: set[str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(5000)
        self._retry.timeout.connect(self.flush)

    @classmethod
    def from_context(cls, store: Store, context: ReplyContext, parent: QObject | None = None) -> ReplySession:
        """The session of a reply as ``replydesk.store.reply_context`` read it (the form for the reply's year)."""
        return cls(store, context.form_for_year, context.reply, parent, answers=context.answers)

    # -- state ----------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.reply.status == "final" or not self.store.writable

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def value(self, key: str) -> Any:
        return self._pending[key] if key in self._pending else self.values.get(key)

    def current_values(self) -> dict[str, Any]:
        return {**self.values, **self._pending}

    def relevant_keys(self) -> set[str]:
        """Keys whose relevance condition holds now (cached until the next edit)."""
        if self._relevant is None:
            self._relevant = {s.key for s in relevant_slots(self.form, self.current_values())}
        return self._relevant

    def completion(self) -> tuple[int, int]:
        return completion(self.form, self.current_values())

    def is_answered(self, key: str) -> bool:
        return not is_empty(self.value(key))

    # -- edits ------------------------------------------------------------------
    def stage(self, key: str, value: Any) -> None:
        """Record an edit; it reaches the store within the autosave delay."""
        if self.read_only:
            return
        self._pending[key] = value
        self._relevant = None
        self._timer.start()

    def flush(self) -> bool:
        """Write every staged edit now, in one transaction. True when nothing is left unsaved."""
        self._timer.stop()
        if not self._pending:
            return True
        batch = dict(self._pending)
        self.sig_saving.emit()
        try:
            self.store.save_answers(self.reply.id, self.form, batch, source="gui")
        except (StoreError, ValueError) as exc:
            self._retry.start()
            self.sig_save_failed.emit(str(exc))
            return False
        for key, value in batch.items():
            if self._pending.get(key) is value:
                del self._pending[key]
            if self.values.get(key) != value:
                self.carried.discard(key)
            self.values[key] = value
        self.reply = self.store.reply(self.reply.id)
        self.sig_saved.emit(dt.datetime.now())
        for key in batch:
            self.sig_answer_changed.emit(key)
        return not self._pending

    def set_review_status(self, key: str, status: str) -> None:
        if self.read_only or self.review.get(key, "draft") == status:
            return
        self.flush()
        self.store.save_answers(self.reply.id, self.form, {}, review_status={key: status}, source="gui")
        self.review[key] = status
        self.sig_answer_changed.emit(key)

    def confirm(self, key: str) -> None:
        """The official checked a carried-over answer: still accurate."""
        if self.read_only or key not in self.carried:
            return
        self.flush()
        self.store.confirm(self.reply.id, [key])
        self.carried.discard(key)
        self.sig_answer_changed.emit(key)

    def cycle_state(self, key: str) -> str:
        """carried (not yet checked), new, changed or unchanged since last cycle ('' without one)."""
        if self.previous is None:
            return ""
        if key in self.carried:
            return "carried"
        before, now = self.previous_values.get(key), self.value(key)
        if is_empty(before):
            return "new" if not is_empty(now) else ""
        return "unchanged" if before == now else "changed"

    def restore(self, key: str, value: Any) -> None:
        """Make an earlier revision current again (as a new revision)."""
        self.stage(key, value)
        if self.flush():
            self.sig_answer_replaced.emit(key)

    def reload_answer(self, key: str) -> None:
        """Take an answer that was saved outside this session (an accepted proposal, an import)."""
        answers = self.store.answers(self.reply.id)
        row = answers.get(key)
        self.values[key] = decode(row.value) if row else None
        self.review[key] = row.review_status if row else "draft"
        if row is None or not row.carried_over:
            self.carried.discard(key)
        self._relevant = None
        self.reply = self.store.reply(self.reply.id)
        self.sig_answer_changed.emit(key)
        self.sig_answer_replaced.emit(key)

    def set_reply_status(self, status: str, detail: str = "") -> None:
        self.flush()
        self.reply = self.store.set_reply_status(self.reply.id, status, detail=detail, form=self.form)
        self.sig_reply_status_changed.emit(status)
