"""The form's structure as a Qt item model, with completion and review status per node.

Groups are branches, questions are leaves.  A branch shows how many of its
relevant questions are answered; every node carries a completion state
(empty / partly / complete) shown as a mark (○ ◐ ●), and a ⚠ where the reply's
problems (``definitions.problems``, as the Validation panel lists them) lie.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from replydesk.definitions.model import Form, Group, GroupKind, Slot
from replydesk.ui.session import ReplySession

CompletionRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2
ReviewRole = Qt.ItemDataRole.UserRole + 3
CountsRole = Qt.ItemDataRole.UserRole + 4
#: What stands between the node and *final* (``definitions.problems``): a question's problems as text, a branch's count.
ProblemRole = Qt.ItemDataRole.UserRole + 5

REVIEW_LABELS = {"draft": "draft", "for_review": "for review", "cleared": "cleared"}
_COLOURS = {"empty": QColor("#9e9e9e"), "partly": QColor("#c77700"), "complete": QColor("#2e7d32")}
_MARKS = {"empty": "○", "partly": "◐", "complete": "●"}
#: A node with problems says so with a symbol (and its tooltip in words), never by colour alone.
PROBLEM_MARK = "⚠"
#: Every row's flags (combined once: the view asks for each row when the tree is expanded).
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
#: The roles data() answers; a view asks for a dozen more per item and row, which get None at once.
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                    CompletionRole, KeyRole, ReviewRole, CountsRole, ProblemRole})


@dataclass(eq=False)
class Node:
    key: str
    title: str
    parent: Node | None
    group: Group | None = None
    slot: Slot | None = None
    children: list[Node] = field(default_factory=list)
    _slots: list[Slot] | None = field(default=None, repr=False)
    #: Its place among its parent's children (the tree does not change once built).
    row: int = 0

    def slots(self) -> list[Slot]:
        """The questions under this node (the tree does not change once built, so they are kept)."""
        if self._slots is None:
            self._slots = [self.slot] if self.slot is not None else [s for c in self.children for s in c.slots()]
        return self._slots


def _group_title(group: Group, *, short: bool = True) -> str:
    """The row's text; ``short``: a recommendation by its number and level ("II-3 · invite"), an operational
    goal as "Goal 2", which a narrow navigator (1024×700) shows whole where "Recommendation II-3 · invite" was
    cut to "Recomm…" and "Operational Goal 1" and "…Goal 2" both to "Operational Goa…"."""
    if short and group.short:  # the definition's own few words for the navigator
        return group.short
    if group.kind is GroupKind.OPERATIONAL_GOAL:
        if short and group.number and group.label:  # "Goal 2" under its Policy Target: the number is never cut
            return f"{group.label.split()[-1]} {group.number}"
        return f"{group.label} {group.number}".strip() if group.number else group.label
    if short and group.kind is GroupKind.RECOMMENDATION and group.number and group.urgency:
        return f"{group.number} · {group.urgency}"
    head = group.label or group.number or group.title or "Section"
    title = f"{head} – {group.title}" if group.title and group.title not in head else head
    return f"{title} · {group.urgency}" if group.urgency else title


def _tooltip(node: Node) -> str:
    """The full title and prompt (or the group's text): what a cut-off row hides, never an internal key."""
    if node.slot is not None:
        question = node.slot.question
        head = f"{node.slot.section_label} › {question.label}" if question.label else node.slot.section_label
        return f"{head}\n{question.prompt}"
    group = node.group
    title = _group_title(group, short=False) if group is not None else node.title
    text = group.text if group is not None and group.text else ""
    return f"{title}\n{text}" if text else title


def _question_title(slot: Slot) -> str:
    question = slot.question
    if question.short:  # the definition's own few words (the prompt is the tooltip)
        return question.short
    if question.label:
        return question.label
    prompt = " ".join(question.prompt.split())  # wrapped in the navigator; a very long one shortened at a word
    return prompt if len(prompt) <= 120 else prompt[:117].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"


class NavigatorModel(QAbstractItemModel):
    """Tree of groups and questions for one reply (two columns: title, status)."""

    def __init__(self, session: ReplySession, parent=None):
        super().__init__(parent)
        self.session = session
        self.root = Node("", "", None)
        self._by_key: dict[str, Node] = {}
        #: completion per node, computed when first painted and forgotten whenever an answer changes
        self._completion: dict[Node, tuple[str, int, int]] = {}
        #: the reply's problems by question key (``set_problems``), and how many lie under each branch
        self._problems: dict[str, list[str]] = {}
        self._problem_counts: dict[Node, int] = {}
        #: what the team is doing, by node key: "✎ Bo is writing", "drafted by Bo (interior)" (a server's reply)
        self._notes: dict[str, str] = {}
        self._build(session.form, session.form.groups, self.root, "")
        session.sig_answer_changed.connect(self.refresh_key)

    def _build(self, form: Form, groups: list[Group], parent: Node, prefix: str) -> None:
        for group in groups:
            key = f"{prefix}{group.key}"
            node = Node(key, _group_title(group), parent, group=group, row=len(parent.children))
            parent.children.append(node)
            self._by_key[key] = node
            for child in group.children():
                if isinstance(child, Group):
                    self._build(form, [child], node, f"{key}.")
                    continue
                slot = form.slot(f"{key}.{child.key}")
                leaf = Node(slot.key, _question_title(slot), node, slot=slot, row=len(node.children))
                node.children.append(leaf)
                self._by_key[slot.key] = leaf

    # -- lookups --------------------------------------------------------------
    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def set_team_note(self, key: str, text: str) -> None:
        """Say beside a question or section what the team does there ("✎ Bo is writing"); "" removes it."""
        if (self._notes.get(key) or "") == text:
            return
        if text:
            self._notes[key] = text
        else:
            self._notes.pop(key, None)
        index = self.index_of(key)
        if index.isValid():
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def team_note(self, key: str) -> str:
        return self._notes.get(key, "")

    def index_of(self, key: str, column: int = 0) -> QModelIndex:
        node = self._by_key.get(key)
        if node is None or node is self.root:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def completion_of(self, node: Node) -> tuple[str, int, int]:
        cached = self._completion.get(node)
        if cached is not None:
            return cached
        relevant = self.session.relevant_keys()
        slots = [s for s in node.slots() if s.key in relevant or node.slot is not None]
        answered = sum(1 for s in slots if self.session.is_answered(s.key))
        state = "empty" if answered == 0 else "complete" if answered == len(slots) else "partly"
        self._completion[node] = (state, answered, len(slots))
        return state, answered, len(slots)

    def problems_of(self, node: Node) -> int:
        """How many problems the question, or the questions under the branch, have."""
        if node.slot is not None:
            return len(self._problems.get(node.key, ()))
        count = self._problem_counts.get(node)
        if count is None:
            count = self._problem_counts[node] = sum(len(self._problems.get(s.key, ())) for s in node.slots())
        return count

    def set_problems(self, problems: Mapping[str, list[str]]) -> None:
        """Show these problems (what each question still lacks, by key); repaint the rows whose marks change."""
        problems = {key: list(found) for key, found in problems.items() if found}
        changed = {key for key in self._problems.keys() | problems.keys()
                   if self._problems.get(key) != problems.get(key)}
        self._problems, self._problem_counts = problems, {}
        for key in changed:
            self._repaint(key)

    # -- QAbstractItemModel -------------------------------------------------------
    # (index, rowCount and hasChildren are asked for every row when the tree is expanded: each does its work
    # itself rather than through hasIndex, which calls back into rowCount and columnCount)
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            children = parent.internalPointer().children
        else:
            children = self.root.children
        if 0 <= row < len(children) and 0 <= column < 2:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802
        if not parent.isValid():
            return bool(self.root.children)
        return parent.column() == 0 and bool(parent.internalPointer().children)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.root.children)
        return len(parent.internalPointer().children) if parent.column() == 0 else 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Section", "Done")[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        node = self.node(index)
        if role == KeyRole:
            return node.key
        state, answered, total = self.completion_of(node)
        if role == CompletionRole:
            return state
        if role == CountsRole:
            return (answered, total)
        if role == ProblemRole:
            return list(self._problems.get(node.key, ())) if node.slot is not None else self.problems_of(node)
        review = self.session.review.get(node.key, "draft") if node.slot else None
        if role == ReviewRole:
            return review
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                team = f"  · {self._notes[node.key]}" if node.key in self._notes else ""
                if self.problems_of(node):
                    return f"{_MARKS[state]} {PROBLEM_MARK} {node.title}{team}"
                return f"{_MARKS[state]}  {node.title}{team}"
            if role == Qt.ItemDataRole.ToolTipRole:
                team = f"\n{self._notes[node.key]}" if node.key in self._notes else ""
                return _tooltip(node) + self._problem_tip(node) + team
            if role == Qt.ItemDataRole.ForegroundRole:
                return None  # unanswered is shown by its empty mark, in normal text: grey would look disabled
        if index.column() == 1 and role == Qt.ItemDataRole.DisplayRole:
            if node.slot:
                if self.session.kept_text(node.key) is not None:
                    return "not yet valid"
                cycle = self.session.cycle_state(node.key)
                if cycle in ("carried", "new", "changed"):
                    return {"carried": "carried over", "new": "new", "changed": "changed"}[cycle]
                return REVIEW_LABELS.get(review or "draft", review) if state == "complete" else "—"
            carried = sum(1 for s in node.slots() if s.key in self.session.carried)
            return f"{answered}/{total}" + (f" · {carried} carried" if carried else "")
        if index.column() == 1 and role == Qt.ItemDataRole.ToolTipRole and node.slot:
            cycle = self.session.cycle_state(node.key)
            previous = self.session.previous
            return {"carried": f"Carried over from {previous.year if previous else ''}: edit it or confirm it is "
                               "still accurate",
                    "new": "New this cycle", "changed": "Changed since last cycle",
                    "unchanged": "Confirmed unchanged since last cycle"}.get(cycle)
        if index.column() == 1 and role == Qt.ItemDataRole.ForegroundRole:
            if node.slot and self.session.cycle_state(node.key) == "carried":
                return QBrush(QColor("#8a5a00"))
            return QBrush(_COLOURS[state])
        return None

    def _problem_tip(self, node: Node) -> str:
        if node.slot is not None:
            return "".join(f"\n{PROBLEM_MARK} {what}" for what in self._problems.get(node.key, ()))
        count = self.problems_of(node)
        return f"\n{PROBLEM_MARK} {count} problem{'s' if count != 1 else ''} to resolve here" if count else ""

    # -- updates --------------------------------------------------------------------
    def refresh_key(self, key: str) -> None:
        """Repaint a question's node and every branch above it."""
        self._completion.clear()  # an answer can change which questions are relevant anywhere in the form
        self._repaint(key)

    def _repaint(self, key: str) -> None:
        node = self._by_key.get(key)
        while node is not None and node is not self.root:
            self.dataChanged.emit(self.createIndex(node.row, 0, node), self.createIndex(node.row, 1, node))
            node = node.parent

    def refresh_all(self) -> None:
        self._completion.clear()
        self.beginResetModel()
        self.endResetModel()
