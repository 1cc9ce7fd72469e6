"""The centre pane: the selected group's questions, each with its prompt, help, tags and editor."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.markdown import plain_text
from replydesk.definitions.model import Group, Slot
from replydesk.ui import richtext
from replydesk.ui.editors import Editor, LongTextEditor, make_editor, tint
from replydesk.ui.navigator_model import REVIEW_LABELS
from replydesk.ui.session import ReplySession


def crumb(group: Group) -> str:
    """A group's short name for the trail above the pane: "II – Legal frameworks", "Policy Target No. 3"."""
    head = group.label or group.key
    if group.number and group.number not in head:
        head = f"{head} {group.number}"
    return f"{head} – {group.title}" if group.title and group.title not in head else head


class WrappedLabel(QLabel):
    """A word-wrapped label that remembers its height for each width.

    Layouts ask a word-wrapped label its height some twenty times while a page is put together,
    for two or three widths, and QLabel lays its text out anew for every question.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self.setWordWrap(True)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._heights.clear()
        super().setText(text)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:  # noqa: N802 - Qt naming
        self._heights.clear()
        super().setTextFormat(text_format)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override: font, style, ...
        self._heights.clear()
        super().changeEvent(event)


class QuestionCard(QFrame):
    """One question: prompt, help, reference tags, review status and the editor."""

    def __init__(self, slot: Slot, session: ReplySession, parent: QWidget | None = None):
        super().__init__(parent)
        self.slot = slot
        self.setObjectName("questionCard")
        self.setFrameShape(QFrame.Shape.NoFrame)
        question = slot.question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 12)
        heading = QHBoxLayout()
        prompt = WrappedLabel(f"<b>{html.escape(question.label)}</b> {html.escape(question.prompt)}"
                              + (" <span style='color:#b00020'>*</span>" if question.required else ""), self)
        prompt.setTextFormat(Qt.TextFormat.RichText)
        prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading.addWidget(prompt, 1)
        self.review = QComboBox(self)
        for value, label in REVIEW_LABELS.items():
            self.review.addItem(label, value)
        self.review.setToolTip("Review status of this answer")
        self.review.setAccessibleName("Review status")
        self.review.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        heading.addWidget(self.review, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading)
        if question.help:
            help_label = WrappedLabel(question.help, self)
            help_label.setTextFormat(Qt.TextFormat.PlainText)
            tint(help_label, "#555")
            layout.addWidget(help_label)
        if question.source:  # where the wording comes from: below the guidance, smaller, never mistaken for it
            source_label = WrappedLabel(f"Source: {question.source}", self)
            source_label.setObjectName("questionSource")
            source_label.setTextFormat(Qt.TextFormat.PlainText)
            source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            tint(source_label, "#666", point_size=8)
            layout.addWidget(source_label)
        if question.refs:
            chip = "<span style='background:#e8eef7;color:#1a3d6d'>&nbsp;{}&nbsp;</span>"
            tags = WrappedLabel("  ".join(chip.format(html.escape(r)) for r in question.refs), self)
            layout.addWidget(tags)
        self.carried_bar = self._carried_bar(session) if slot.key in session.carried else None
        previous = self._previous_cycle_box(session)
        if previous is not None:
            layout.addWidget(previous)
        self.editor: Editor = make_editor(question, self)
        # the prompt labels the editor: on Linux a screen reader names a drop-down by its label, not by
        # its accessible name (which Qt replaces with the current item)
        prompt.setBuddy(self.editor.focusWidget_())
        self.prompt_label = prompt
        layout.addWidget(self.editor)
        self.kept_bar, self.kept_reason = self._kept_bar(session)
        layout.addWidget(self.kept_bar)
        self.editor.set_value(session.value(slot.key))
        kept = session.kept_text(slot.key)
        if kept is not None:  # typed earlier and not yet valid: back in the editor, with its reason
            self.editor.show_text(kept[0])
            self.show_kept(kept[1])
        self.review.setCurrentIndex(max(0, self.review.findData(session.review.get(slot.key, "draft"))))
        if session.reply.status == "final":  # a final reply's answers are final, whatever their review said
            self.review.addItem("final", "final")
            self.review.setCurrentIndex(self.review.count() - 1)
        self.editor.set_read_only(not session.may_edit(slot.key))  # final, read-only, or not this user's section
        self.review.setEnabled(session.may_edit(slot.key))
        self.editor.sig_value_edited.connect(self._valid_edit)
        self.editor.sig_invalid_edited.connect(self._invalid_edit)
        self.editor.sig_editing_finished.connect(session.flush)
        self.review.activated.connect(lambda _i: session.set_review_status(slot.key, self.review.currentData()))
        session.sig_answer_changed.connect(self._answer_changed)
        self._session = session

    def _kept_bar(self, session: ReplySession) -> tuple[QWidget, QLabel]:
        """Beside the editor: why what is typed is not the answer yet, and "Discard" to go back to the answer."""
        bar = QFrame(self)
        bar.setObjectName("keptBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 2, 0, 2)
        reason = WrappedLabel("", bar)
        reason.setObjectName("keptReason")
        reason.setTextFormat(Qt.TextFormat.PlainText)
        tint(reason, "#b00020")
        row.addWidget(reason, 1)
        discard = QPushButton("Discard", bar)
        discard.setObjectName("discardKept")
        discard.setToolTip("Discard what you typed here and go back to the last valid answer")
        discard.setAccessibleName("Discard the text that is not yet valid")
        discard.setEnabled(not session.read_only)
        discard.clicked.connect(lambda: session.discard(self.slot.key))
        row.addWidget(discard, 0, Qt.AlignmentFlag.AlignTop)
        bar.hide()
        return bar, reason

    def show_kept(self, reason: str) -> None:
        self.kept_reason.setText(f"⚠ Not yet valid, kept but not saved as the answer: {reason}")
        self.kept_bar.show()

    def _valid_edit(self, value: object) -> None:
        self.kept_bar.hide()
        self._session.stage(self.slot.key, value)

    def _invalid_edit(self, text: str, reason: str) -> None:
        self.show_kept(reason)
        self._session.stage_invalid(self.slot.key, text, reason)

    def _carried_bar(self, session: ReplySession) -> QWidget:
        bar = QFrame(self)
        bar.setStyleSheet("QFrame { background:#fff4d6; border-radius:3px; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 4, 8, 4)
        year = session.previous.year if session.previous else "last cycle"
        row.addWidget(WrappedLabel(f"Carried over from {year}. Edit it, or confirm it is still accurate.", bar), 1)
        button = QPushButton("Still accurate", bar)
        button.setToolTip("Confirm this answer for this cycle without changing it")
        button.setEnabled(not session.read_only)
        button.clicked.connect(lambda: session.confirm(self.slot.key))
        row.addWidget(button)
        self.layout().addWidget(bar)
        return bar

    def _previous_cycle_box(self, session: ReplySession) -> QWidget | None:
        source = self.slot.question.previous_cycle
        if not source or session.previous is None:
            return None
        source_key = f"{self.slot.key.rsplit('.', 1)[0]}.{source}"
        text = session.previous_values.get(source_key)
        if not isinstance(text, str) or not text.strip():
            return None
        label = session.form.slot(source_key).question.label or source
        box = QFrame(self)
        box.setObjectName("previousCycle")
        box.setStyleSheet("QFrame#previousCycle { background:#eef3f8; border-left:3px solid #8aa4c8; }")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(8, 6, 8, 6)
        heading = QHBoxLayout()
        heading.addWidget(WrappedLabel(f"<b>Your {session.previous.year} report, {html.escape(label)}</b> "
                                       "(actions you said you would take):", box), 1)
        insert = QPushButton("Insert as starting point", box)
        insert.setEnabled(not session.read_only)
        insert.clicked.connect(lambda: self._insert_previous(text))
        heading.addWidget(insert)
        inner.addLayout(heading)
        body = WrappedLabel(plain_text(text), box)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(body)
        return box

    def _insert_previous(self, text: str) -> None:
        current = self.editor.value()
        combined = text if not current else f"{current}\n\n{text}"
        self.editor.set_value(combined)
        self._session.stage(self.slot.key, combined)
        self._session.flush()
        self.editor.focus_editor()

    def _answer_changed(self, key: str) -> None:
        if key == self.slot.key and self.carried_bar is not None and key not in self._session.carried:
            self.carried_bar.hide()


class QuestionPane(QScrollArea):
    """Shows a group (its text, then its questions and its subgroups' questions)."""

    #: The keyboard focus entered a question's editor (carries its key).
    sig_question_focused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # writing comes first: the page is always as wide as the pane (labels, prompts and choices wrap), never
        # wider, and scrolls only downwards
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards: dict[str, QuestionCard] = {}
        self.group_key = ""
        self._focus_watch: dict[QObject, str] = {}

    def show_group(self, session: ReplySession, group_key: str) -> None:
        """Rebuild the pane for this group; edits in the old one are saved first."""
        session.flush()
        self.group_key = group_key
        self.cards.clear()
        self._focus_watch.clear()
        form = session.form
        page = QWidget(self)
        page.setObjectName("questionPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(18, 12, 18, 18)
        group = form.group(group_key)
        parts = group_key.split(".")
        trail = [form.group(".".join(parts[:i])) for i in range(1, len(parts))]
        if trail:
            crumbs = WrappedLabel(" › ".join(html.escape(crumb(g)) for g in trail), page)
            crumbs.setTextFormat(Qt.TextFormat.RichText)
            tint(crumbs, "#555")
            crumbs.setToolTip("\n\n".join(g.text for g in trail if g.text))
            layout.addWidget(crumbs)
        self._add_group(layout, session, group, group_key, top=True)
        layout.addStretch(1)
        self._fit_answers()
        old = self.takeWidget()
        self.setWidget(page)
        if old is not None:
            old.deleteLater()

    def _add_group(self, layout: QVBoxLayout, session: ReplySession, group: Group, key: str, *, top: bool) -> None:
        head = crumb(group)
        parent = layout.parentWidget()  # the new page, not the pane (whose old page is still showing)
        title = WrappedLabel(f"<span style='font-size:{'15' if top else '13'}pt;font-weight:600'>"
                             f"{html.escape(head)}</span>", parent)
        layout.addWidget(title)
        if group.urgency:
            scope = {"party": "addressed to this Party", "all_parties": "addressed to all Parties",
                     "some_parties": "addressed to the Parties not already doing so"}.get(group.addressed_to or "", "")
            badge = WrappedLabel(f"<i>{group.urgency.capitalize()}</i>{' · ' + scope if scope else ''}", parent)
            layout.addWidget(badge)
        if group.text:  # its lists as lists ("- to introduce…" in the definition)
            text = WrappedLabel(richtext.markdown_html(group.text), parent)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if group.urgency:  # a recommendation's text, set apart as a quotation
                text.setStyleSheet("background:#f4f6f8; padding:8px; border-left:3px solid #8aa4c8;")
            else:
                tint(text, "#333")
            layout.addWidget(text)
        for child in group.children():
            if isinstance(child, Group):
                self._add_group(layout, session, child, f"{key}.{child.key}", top=False)
                continue
            slot = session.form.slot(f"{key}.{child.key}")
            card = QuestionCard(slot, session, parent)
            self.cards[slot.key] = card
            focus_target = card.editor.focusWidget_()
            focus_target.installEventFilter(self)
            self._focus_watch[focus_target] = slot.key
            layout.addWidget(card)

    def _fit_answers(self) -> None:
        """Long answers take a share of the pane's visible height (at least a third of it)."""
        height = self.viewport().height()
        for card in self.cards.values():
            if isinstance(card.editor, LongTextEditor):
                card.editor.fit_to_pane(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().height() != event.size().height():
            self._fit_answers()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn and watched in self._focus_watch:
            self.sig_question_focused.emit(self._focus_watch[watched])
        return super().eventFilter(watched, event)

    def focus_question(self, key: str) -> None:
        card = self.cards.get(key)
        if card is None:
            return
        card.editor.focus_editor()
        # (the card as context: the timer is dropped if the page is replaced before it fires)
        QTimer.singleShot(0, card, lambda: self.ensureWidgetVisible(card, 0, 40))

    def highlight(self, key: str, text: str) -> QLabel | None:
        """Select the first occurrence of ``text`` in the shown labels (the question's own first, then the
        group's texts above it), as a find hit is shown; the label marked, or None when no label has it."""
        page = self.widget()
        if page is None:
            return None
        card = self.cards.get(key)
        labels = (card.findChildren(QLabel) if card is not None else []) + page.findChildren(QLabel)
        needle = text.casefold()
        for label in labels:
            document = QTextDocument()
            if label.textFormat() == Qt.TextFormat.PlainText:
                document.setPlainText(label.text())
            else:
                document.setHtml(label.text())
            at = document.toPlainText().casefold().find(needle)
            if at >= 0:
                label.setTextInteractionFlags(label.textInteractionFlags()
                                              | Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setSelection(at, len(text))
                self.ensureWidgetVisible(label, 0, 40)
                return label
        return None

    def reload_answer(self, session: ReplySession, key: str) -> None:
        """Show a value that changed outside the editor (restore, import, a discarded kept text)."""
        card = self.cards.get(key)
        if card is not None:
            card.editor.set_value(session.value(key))
            kept = session.kept_text(key)
            if kept is None:
                card.kept_bar.hide()
            else:
                card.editor.show_text(kept[0])
                card.show_kept(kept[1])

    def editor(self, key: str) -> Editor | None:
        card = self.cards.get(key)
        return card.editor if card else None
