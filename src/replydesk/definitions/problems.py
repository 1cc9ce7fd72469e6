"""A reply's problems: what stands between its answers and *final* (pure Python, no store, no Qt).

Each problem names its question the way a reader finds it (the section path, the question's
label and the start of its prompt) and its key: required and still empty, a table whose rows lack
required cells, a stored value the question no longer accepts, a long answer over its word limit. Only questions whose
relevance condition holds count. The store refuses to mark a reply final while any
remain; ``replydesk check`` prints them; the window lists them with its own on top
(text typed into an editor that is not yet a valid value, passed in as ``also``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from replydesk.definitions.model import Form, Group, Slot
from replydesk.definitions.types import value_type
from replydesk.definitions.values import ValueProblem, is_empty, relevant_slots, validate


@dataclass(frozen=True)
class Problem:
    key: str
    #: The question as a reader finds it: section path, then its label and (the start of) its prompt.
    question: str
    #: What is wrong, e.g. "required, still empty".
    what: str

    @property
    def message(self) -> str:
        return f"{self.question}: {self.what}"

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


#: How much of a prompt names a question in a list (the rest is in the question itself).
NAME_PROMPT_LENGTH = 70


def _short(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length - 1].rsplit(" ", 1)[0] if " " in text[:length - 1] else text[:length - 1]
    return cut.rstrip(" ,;:–-") + "…"


def _group_name(group: Group) -> str:
    """A section as a reader knows it: "Fig. 1", "Operational Goal 2", "1. Governance structures…", "II Legal…"."""
    head = group.label or group.number
    if group.number and group.number not in head:
        head = f"{head} {group.number}"
    if len(head) > 4:  # a name ("Fig. 1", "Operational Goal 2"), not a bare number ("1.", "II")
        return head
    if group.short:  # the definition's few words for it ("1. – Governance")
        return group.short
    return _short(f"{head} {group.title}".strip(), 40) or head or group.key


def question_name(slot: Slot) -> str:
    """The question as a reader finds it: the section path, then its label and (the start of) its prompt.

    ``Policy Target No. 1 › Operational Goal 1 › A) Description of the measures…``;
    ``Fig. 1 › State Party to Lanzarote Convention`` — baseline questions have no label, or one that several
    questions share ("NCMEC CyberTip reports"), so the prompt always names the question.
    """
    label = slot.question.label.strip()
    if slot.question.short:  # the definition's own few words for the question, which name it whole
        label = ""
    prompt = slot.question.short or _short(slot.question.prompt, NAME_PROMPT_LENGTH)
    if label and not prompt.startswith(label):  # "A) Please report…", "NCMEC CyberTip reports: 2020 Reports"
        own = f"{label}{':' if label[-1].isalnum() else ''} {prompt}"
    else:
        own = prompt
    path = " › ".join(_group_name(g) for g in slot.path)
    return f"{path} › {own}" if path and own else own or path or slot.key


def question_trail(slot: Slot) -> str:
    """The question in a few words, as the form numbers it: for a message line that names it in passing.

    ``Policy Target No. 1 › Operational Goal 1 › B)``; ``Fig. 1 › WeProtect member``;
    ``II Legal frameworks › Recommendation II-3 › Implementation status``. A label that another question of
    its section shares does not name it: the full name (``question_name``) does then.
    """
    question = slot.question
    label = question.label.strip()
    siblings = slot.path[-1].questions if slot.path else []
    if question.short or not label or sum(q.label.strip() == label for q in siblings) > 1:
        return question_name(slot)
    path = " › ".join(_group_name(g) for g in slot.path)
    return f"{path} › {label}" if path else label


def question_trails(form: Form) -> dict[str, str]:
    """Each question's trail (``question_trail``), by key."""
    return {slot.key: question_trail(slot) for slot in form.slots}


def question_names(form: Form) -> dict[str, str]:
    """Each question's name as a reader finds it (``question_name``), by key: for messages that must not show keys."""
    return {slot.key: question_name(slot) for slot in form.slots}


def find_problems(form: Form, values: Mapping[str, Any], *, relevant: set[str] | None = None,
                  also: Mapping[str, str] | None = None) -> list[Problem]:
    """The problems of these answers to ``form``, in the form's order.

    ``relevant``: the keys whose condition holds, when the caller has them already (computed otherwise).
    ``also``: further problems by key that only the caller knows of; listed with the question's own.
    """
    if relevant is None:
        relevant = {slot.key for slot in relevant_slots(form, values)}
    problems = []
    for slot in form.slots:
        if slot.key not in relevant:
            continue
        question, value = slot.question, values.get(slot.key)
        found: list[str] = []
        if is_empty(value):
            if question.required:
                found.append("required, still empty")
        else:
            try:
                validate(question, value)
            except ValueProblem as exc:
                found.append(f"not a valid answer: {exc}")
            else:
                lacking = value_type(question).incomplete(question, value)
                if lacking is not None:
                    found.append(f"{'required, ' if question.required else ''}not complete: {lacking}")
        words = value_type(question).words_over(question, value)
        if words is not None:
            found.append(f"{words} words, over the limit of {question.word_limit}")
        if also and slot.key in also:
            found.append(also[slot.key])
        if found:  # (the name only for a question with problems: most have none)
            name = question_name(slot)
            problems += [Problem(slot.key, name, what) for what in found]
    return problems
