"""A reply's problems: what stands between its answers and *final* (pure Python, no store, no Qt).

Each problem names its question the way the form prints it (the section path and the
question's number or label) and its key: required and still empty, a table whose rows lack
required cells, a stored value the question no longer accepts, a long answer over its word limit. Only questions whose
relevance condition holds count. The store refuses to mark a reply final while any
remain; ``replydesk check`` prints them; the window lists them with its own on top
(text typed into an editor that is not yet a valid value, passed in as ``also``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from replydesk.definitions.model import Form, Slot
from replydesk.definitions.types import value_type
from replydesk.definitions.values import ValueProblem, is_empty, relevant_slots, validate


@dataclass(frozen=True)
class Problem:
    key: str
    #: The question as the form prints it: section path, then its number or label.
    question: str
    #: What is wrong, e.g. "required, still empty".
    what: str

    @property
    def message(self) -> str:
        return f"{self.question}: {self.what}"

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


def question_name(slot: Slot) -> str:
    """``Policy Target 1 › Operational Goal 1 a)``: the section path and the question's label (its key if none)."""
    return f"{slot.section_label} {slot.question.label}".strip() or slot.key


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
        name = question_name(slot)
        if is_empty(value):
            if question.required:
                problems.append(Problem(slot.key, name, "required, still empty"))
        else:
            try:
                validate(question, value)
            except ValueProblem as exc:
                problems.append(Problem(slot.key, name, f"not a valid answer: {exc}"))
            else:
                lacking = value_type(question).incomplete(question, value)
                if lacking is not None:
                    problems.append(Problem(slot.key, name, f"{'required, ' if question.required else ''}"
                                                            f"not complete: {lacking}"))
        words = value_type(question).words_over(question, value)
        if words is not None:
            problems.append(Problem(slot.key, name, f"{words} words, over the limit of {question.word_limit}"))
        if also and slot.key in also:
            problems.append(Problem(slot.key, name, also[slot.key]))
    return problems
