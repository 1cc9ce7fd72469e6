"""The open reply: its answers in memory, and autosave to the store.

Edits are staged here and written within one second of the last keystroke
(debounced), or at once when the user leaves an editor, navigates, presses
Ctrl+S or closes the window.  A failed save keeps the staged edits and says so;
nothing typed is dropped.

Text typed that is not a valid answer (a number out of range, a half-typed date, a table
row with a bad cell) is staged too, as *kept* text with its reason: it reaches the store's
``pending_text`` in the same transaction as the valid edits, while the answer keeps its last
valid value (what exports and the secretariat see) until the text is corrected or discarded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from replydesk.definitions.model import Form
from replydesk.definitions.problems import question_name
from replydesk.definitions.values import completion, is_answered, is_empty, relevant_slots
from replydesk.store import ReplyContext, Store, StoreError, Unreachable, decode
from replydesk.store.tables import Reply, StoredAnswer, utcnow
from replydesk.store.themes import describe_marked
from replydesk.ui import unsaved_journal
from replydesk.ui.server_work import NOT_SAVED, TROUBLE_AFTER_MS, ServerLink

AUTOSAVE_DELAY_MS = 800


class ReplySession(QObject):
    """One reply open in the window."""

    #: Staged edits are being written.
    sig_saving = Signal()
    #: Staged edits were written; carries the time of the save.
    sig_saved = Signal(object)
    #: Text that is not a valid answer was kept (not saved as the answer); carries what to tell the user.
    sig_kept = Signal(str)
    #: A save failed; carries the message. The edits stay staged and are retried.
    sig_save_failed = Signal(str)
    #: An answer's stored value or review status changed (after a save or restore).
    sig_answer_changed = Signal(str)
    #: An answer was replaced from outside its editor (a restored revision, an import).
    sig_answer_replaced = Signal(str)
    #: The reply's status changed (drafting / in_review / final).
    sig_reply_status_changed = Signal(str)
    #: A colleague saved an answer while it was being edited here: both texts are kept as a change to decide
    #: and the editor shows the colleague's; carries what to tell the user.
    sig_conflicted = Signal(str)
    #: A save took away words that passages of the secretariat's synthesis quote (now ⚠, neither quoted nor
    #: counted); carries what to tell the user: how many, and where.
    sig_passages_marked = Signal(str)

    def __init__(self, store: Store, form: Form, reply: Reply, parent: QObject | None = None, *,
                 answers: dict[str, StoredAnswer] | None = None):
        super().__init__(parent)
        self.store = store
        self.form = form
        self.reply = reply
        if answers is None:  # read once: values, review status and carried-over flags alike
            answers = store.answers(reply.id)
        self.values: dict[str, Any] = {key: decode(answer.value) for key, answer in answers.items()}
        self.review: dict[str, str] = {k: a.review_status for k, a in answers.items()}
        #: The stored revision each answer shown here was read at: what the next change is made from.
        self.revisions: dict[str, int] = {k: a.revision for k, a in answers.items()}
        #: On a server: this user's role in the reply (None: not a member), and whether the reply has roles at all.
        self.role = store.my_role(reply.id) if store.on_server else None
        self.has_roles = store.on_server and bool(store.members(reply.id))
        #: Answers carried over from last cycle and not yet edited or confirmed.
        self.carried: set[str] = {k for k, a in answers.items() if a.carried_over}
        self.previous = store.reply(reply.previous_reply_id) if reply.previous_reply_id else None
        #: Last cycle's answers, when this reply was carried forward from one.
        self.previous_values: dict[str, Any] = store.values(self.previous.id) if self.previous else {}
        #: Text typed that is not a valid answer, kept in the store with its reason: {key: (text, reason)}.
        self.kept: dict[str, tuple[str, str]] = {
            key: (row.text, row.reason) for key, row in store.pending_texts(reply.id).items()}
        self._pending: dict[str, Any] = {}
        self._pending_kept: dict[str, tuple[str, str]] = {}
        self._relevant: set[str] | None = None
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(5000)
        self._retry.timeout.connect(self.flush)
        #: A server's calls made while the official types run here, off the window's thread.
        self.link = ServerLink(self)
        self._replace_after_save: set[str] = set()
        if store.on_server:  # typed last time while the server could not be reached: staged again
            recalled, recalled_kept = unsaved_journal.recall(str(store.path), reply.id)
            self._pending.update({k: v for k, v in recalled.items() if form.has_key(k)})
            self._pending_kept.update({k: v for k, v in recalled_kept.items() if form.has_key(k)})
            if self.has_pending:
                self._timer.start()

    @classmethod
    def from_context(cls, store: Store, context: ReplyContext, parent: QObject | None = None) -> ReplySession:
        """The session of a reply as ``replydesk.store.reply_context`` read it (the form for the reply's year)."""
        return cls(store, context.form_for_year, context.reply, parent, answers=context.answers)

    # -- state ----------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.reply.status == "final" or not self.store.writable

    def may_edit(self, key: str) -> bool:
        """Whether this user may change the answer: the reply is open to them and, on a server, their role allows."""
        if self.read_only:
            return False
        if not self.has_roles:
            return True
        if self.role is None or self.role.role == "reviewer":
            return False
        sections = self.role.section_keys if self.role.role == "drafter" else []
        return not sections or any(key == s or key.startswith(s + ".") for s in sections)

    @property
    def may_decide(self) -> bool:
        """Whether this user may change the reply's status and decide changes (a coordinator, or no roles)."""
        return not self.has_roles or (self.role is not None and self.role.role == "coordinator")

    @property
    def has_pending(self) -> bool:
        return bool(self._pending) or bool(self._pending_kept)

    def is_unsaved(self, key: str) -> bool:
        """Typed here and not yet written (a colleague's save must not replace it in the editor)."""
        return key in self._pending or key in self._pending_kept

    def take_saved_elsewhere(self, keys: list[str]) -> list[str]:
        """Show answers a colleague saved (newer revisions than this session read); returns the keys taken."""
        try:
            stored = self.store.revisions(self.reply.id, keys)
        except Unreachable:  # gone again meanwhile: the next announcement (or reconnection) brings them
            self.link.mark(True)
            return []
        taken = [key for key in keys if not self.is_unsaved(key) and stored[key] > self.revisions.get(key, 0)]
        for key in taken:
            self.reload_answer(key)
        return taken

    def kept_text(self, key: str) -> tuple[str, str] | None:
        """(text, reason) typed for ``key`` that is not a valid answer, staged or stored; None if none."""
        return self._pending_kept.get(key) or (None if key in self._pending else self.kept.get(key))

    def kept_reasons(self) -> dict[str, str]:
        """The reason of every kept text by key (staged or stored): the window's own problems."""
        reasons = {key: reason for key, (_text, reason) in self.kept.items() if key not in self._pending}
        reasons.update({key: reason for key, (_text, reason) in self._pending_kept.items()})
        return {key: f"typed text not yet valid: {reason}" for key, reason in reasons.items()}

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
        """Answered as the definition counts it (a table's required cells), and nothing typed still invalid."""
        if self.kept_text(key) is not None or not self.form.has_key(key):
            return False
        return is_answered(self.form.slot(key).question, self.value(key))

    # -- edits ------------------------------------------------------------------
    def close(self) -> bool:
        """Save what is staged, then take no more edits: a closed reply's late signals write nothing.

        True when everything reached the store (on a server, waiting a few seconds for it to answer)."""
        saved = self.flush()
        if self.store.on_server:
            for _attempt in range(2):
                self.link.wait_idle(5)
                saved = self.flush() and not self.link.busy
        self._closed = True
        self._timer.stop()
        self._retry.stop()
        return saved

    def stage(self, key: str, value: Any) -> None:
        """Record an edit; it reaches the store within the autosave delay."""
        if self.read_only or self._closed:
            return
        self._pending[key] = value
        self._pending_kept.pop(key, None)
        self._relevant = None
        self._timer.start()

    def stage_invalid(self, key: str, text: str, reason: str) -> None:
        """Record text that is not a valid answer: kept with its reason; the answer keeps its last valid value."""
        if self.read_only or self._closed:
            return
        self._pending.pop(key, None)
        self._pending_kept[key] = (text, reason)
        self._relevant = None
        self._timer.start()

    def discard(self, key: str) -> None:
        """Drop the kept text of ``key``: the answer's last valid value is what the editor shows again."""
        if self.read_only:
            return
        self._pending_kept.pop(key, None)
        if key in self.kept:
            try:
                self.store.discard_pending(self.reply.id, [key])
            except StoreError as exc:
                self.sig_save_failed.emit(str(exc))
                return
            del self.kept[key]
        self._relevant = None
        self.sig_answer_changed.emit(key)
        self.sig_answer_replaced.emit(key)

    def flush(self) -> bool:
        """Write every staged edit now, in one transaction. True when nothing is left unsaved."""
        self._timer.stop()
        if self._closed:
            return not self._pending and not self._pending_kept
        if not self._pending and not self._pending_kept:
            return True
        batch = dict(self._pending)
        kept = dict(self._pending_kept)
        if self.store.on_server:  # never on the window's thread: a server may not answer
            return self._flush_off_thread(batch, kept)
        self.sig_saving.emit()
        since = utcnow()
        try:
            saved = self.store.save_answers(self.reply.id, self.form, batch, source="gui", pending=kept,
                                            based_on={key: self.revisions.get(key, 0) for key in batch},
                                            on_stale="keep")
        except (StoreError, ValueError) as exc:
            self._retry.start()
            self.sig_save_failed.emit(str(exc))
            return False
        self._take_saved(batch, kept, saved, self.store.revisions(self.reply.id, [k for k in batch
                                                                                  if k not in saved.stale]),
                         self.store.reply(self.reply.id), self.store.marked_since(since, [self.reply.id]))
        return not self.has_pending

    def _flush_off_thread(self, batch: dict[str, Any], kept: dict[str, tuple[str, str]]) -> bool:
        """The server's save on a worker thread (``ServerLink``); its outcome is taken on this thread. The
        edits stay staged until the server confirms them; while it does not answer, the status bar says so."""
        store, reply_id, form = self.store, self.reply.id, self.form
        based_on = {key: self.revisions.get(key, 0) for key in batch}

        def work() -> tuple[Any, dict[str, int], Reply, list]:
            since = utcnow()
            saved = store.save_answers(reply_id, form, batch, source="gui", pending=kept, based_on=based_on,
                                       on_stale="keep")
            return (saved, store.revisions(reply_id, [k for k in batch if k not in saved.stale]), store.reply(reply_id),
                    store.marked_since(since, [reply_id]))

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                if not isinstance(error, (StoreError, ValueError)):
                    raise error
                self.link.mark(isinstance(error, Unreachable))
                if isinstance(error, Unreachable):  # kept on this computer until the server has it
                    unsaved_journal.keep(str(store.path), reply_id, dict(self._pending), dict(self._pending_kept))
                self._retry.start()
                self.sig_save_failed.emit(NOT_SAVED if isinstance(error, Unreachable) else str(error))
                return
            self.link.mark(False)
            self._take_saved(batch, kept, *result)
            unsaved_journal.keep(str(store.path), reply_id, dict(self._pending), dict(self._pending_kept))

        if not self.link.run(work, done):  # the save before is still out: this one follows it
            self._retry.start()
            if self.link.trouble:
                self.sig_save_failed.emit(NOT_SAVED)
            return False
        self.sig_saving.emit()
        QTimer.singleShot(TROUBLE_AFTER_MS + 50, self._still_saving)
        return False

    def _still_saving(self) -> None:
        """A save out longer than a moment: the server does not answer now; say so, never "Saving…" forever."""
        if self.link.busy and self.link.trouble:
            unsaved_journal.keep(str(self.store.path), self.reply.id, dict(self._pending), dict(self._pending_kept))
            self.sig_save_failed.emit(NOT_SAVED)

    def _take_saved(self, batch: dict[str, Any], kept: dict[str, tuple[str, str]], saved: Any,
                    revisions: dict[str, int], reply: Reply, marked: list) -> None:
        """What a save wrote becomes what this session shows as stored (on the window's thread); ``marked``: the
        tagged passages the save left needing attention (⚠), which the window names."""
        batch = dict(batch)
        for key in saved.stale:  # both texts are kept in the store, as a change to decide
            if self._pending.get(key) is batch[key]:
                del self._pending[key]
            del batch[key]
        self.revisions.update(revisions)
        for key, value in batch.items():
            if self._pending.get(key) is value:
                del self._pending[key]
            if self.values.get(key) != value:
                self.carried.discard(key)
            self.values[key] = value
            self.kept.pop(key, None)
        for key, entry in kept.items():
            if self._pending_kept.get(key) is entry:
                del self._pending_kept[key]
            self.kept[key] = entry
        self.reply = reply
        if kept:  # never "Saved" for text that did not become the answer
            self.sig_kept.emit(self.kept_message(kept))
        else:
            self.sig_saved.emit(dt.datetime.now())
        for key in [*batch, *kept]:
            self.sig_answer_changed.emit(key)
        for key in saved.stale:
            self.reload_answer(key)
        if saved.stale:
            self.sig_conflicted.emit(self.conflict_message(saved.stale))
        for key in [k for k in self._replace_after_save if k in batch]:
            self._replace_after_save.discard(key)
            self.sig_answer_replaced.emit(key)
        if marked:
            self.sig_passages_marked.emit(" ".join(line.strip() for line in describe_marked(marked)))

    def conflict_message(self, keys: list[str]) -> str:
        """"Changed by a colleague meanwhile: 1.1 a) …" for the status bar."""
        names = []
        for key in keys:
            slot = self.form.slot(key) if self.form.has_key(key) else None
            names.append(f"{slot.section_label} {slot.question.label}".strip() if slot else key)
        return (f"Changed by someone else meanwhile: {', '.join(names)}. Your text and theirs are both kept: "
                "choose in Changes to decide.")

    def kept_message(self, kept: dict[str, tuple[str, str]] | None = None) -> str:
        """"Kept, not yet valid: 4. – Law enforcement › NCMEC % change: 12 is above the maximum 5" for the status
        bar: the question as the form numbers it, never its key."""
        kept = self.kept if kept is None else kept
        if not kept:
            return ""
        key, (_text, reason) = next(iter(kept.items()))
        slot = self.form.slot(key) if self.form.has_key(key) else None
        name = question_name(slot) if slot else "a question this form no longer has"
        more = f" (and {len(kept) - 1} more)" if len(kept) > 1 else ""
        return f"Kept, not yet valid: {name}: {reason}{more}"

    def set_review_status(self, key: str, status: str) -> None:
        if self.read_only or self.review.get(key, "draft") == status:
            return
        self.flush()
        if not self._server_answers(key):
            return
        try:
            self.store.save_answers(self.reply.id, self.form, {}, review_status={key: status}, source="gui")
            self.revisions.update(self.store.revisions(self.reply.id, [key]))
        except Unreachable:
            self._server_gone(key)
            return
        self.review[key] = status
        self.sig_answer_changed.emit(key)

    def confirm(self, key: str) -> None:
        """The official checked a carried-over answer: still accurate."""
        if self.read_only or key not in self.carried:
            return
        self.flush()
        if not self._server_answers(key):
            return
        try:
            self.store.confirm(self.reply.id, [key])
            self.revisions.update(self.store.revisions(self.reply.id, [key]))
        except Unreachable:
            self._server_gone(key)
            return
        self.carried.discard(key)
        self.sig_answer_changed.emit(key)

    def _server_answers(self, key: str) -> bool:
        """Before a change made at once (a review status, a confirmation): False, said, and the card shown as
        stored again, while the server does not answer — never a wait on it on the window's thread."""
        if self.store.on_server and self.link.trouble:
            self._server_gone(key)
            return False
        return True

    def _server_gone(self, key: str) -> None:
        self.link.mark(True)
        self.sig_save_failed.emit(NOT_SAVED)
        self.sig_answer_replaced.emit(key)

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
        elif self.store.on_server:  # the save is out on the worker thread: the editor follows when it lands
            self._replace_after_save.add(key)

    def reload_answer(self, key: str) -> None:
        """Take an answer that was saved outside this session (an accepted proposal, an import)."""
        answers = self.store.answers(self.reply.id)
        row = answers.get(key)
        self.values[key] = decode(row.value) if row else None
        self.review[key] = row.review_status if row else "draft"
        self.revisions[key] = row.revision if row else 0
        if row is None or not row.carried_over:
            self.carried.discard(key)
        kept = self.store.pending_texts(self.reply.id).get(key)  # a valid value saved elsewhere clears it
        if kept is None:
            self.kept.pop(key, None)
        else:
            self.kept[key] = (kept.text, kept.reason)
        self._relevant = None
        self.reply = self.store.reply(self.reply.id)
        self.sig_answer_changed.emit(key)
        self.sig_answer_replaced.emit(key)

    def set_reply_status(self, status: str, detail: str = "") -> None:
        self.flush()
        self.reply = self.store.set_reply_status(self.reply.id, status, detail=detail, form=self.form)
        self.sig_reply_status_changed.emit(status)
