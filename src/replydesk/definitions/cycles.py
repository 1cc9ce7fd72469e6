"""Reporting cycles: how last cycle's answers map onto this cycle's form.

Answers are mapped by key.  When the definition changed between cycles, the
report says which questions are new, which are gone (their answers are kept as
orphans, never dropped) and which were reworded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from replydesk.definitions.model import Form
from replydesk.definitions.values import is_empty, same_answer


@dataclass
class CarryReport:
    carried: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    reworded: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Carried over {len(self.carried)} answer{'s' if len(self.carried) != 1 else ''}."]
        if self.new:
            out.append(f"New questions ({len(self.new)}): {', '.join(self.new)}")
        if self.gone:
            out.append(f"Questions no longer in the form ({len(self.gone)}): {', '.join(self.gone)}")
        if self.reworded:
            out.append(f"Reworded questions ({len(self.reworded)}): {', '.join(self.reworded)}")
        if self.orphaned:
            out.append(f"Answers kept as orphans, not lost ({len(self.orphaned)}): {', '.join(self.orphaned)}")
        return out


def compare_cycles(previous_form: Form | None, form: Form, previous_values: Mapping[str, Any]) -> CarryReport:
    """What carrying ``previous_values`` (answered under ``previous_form``) into ``form`` does."""
    answered = [key for key, value in previous_values.items() if not is_empty(value)]
    report = CarryReport()
    report.carried = [key for key in form.keys() if key in answered]
    report.orphaned = [key for key in answered if not form.has_key(key)]
    if previous_form is not None:
        old_keys = set(previous_form.keys())
        report.new = [key for key in form.keys() if key not in old_keys]
        report.gone = [key for key in previous_form.keys() if not form.has_key(key)]
        for key in form.keys():
            if key in old_keys and _wording(previous_form, key) != _wording(form, key):
                report.reworded.append(key)
    return report


def _wording(form: Form, key: str) -> tuple[str, str, str]:
    question = form.slot(key).question
    return question.label, question.prompt, question.type.value


@dataclass(frozen=True)
class AnswerChange:
    """One answer across two cycles."""

    key: str
    state: str  # carried, unchanged, changed, new, removed, empty
    before: Any
    after: Any


def compare_answers(form: Form, previous_values: Mapping[str, Any], values: Mapping[str, Any],
                    carried: set[str]) -> list[AnswerChange]:
    """Every slot of ``form`` (in order) with last cycle's and this cycle's answer and what happened to it."""
    changes = []
    for key in form.keys():
        before, after = previous_values.get(key), values.get(key)
        if key in carried:
            state = "carried"
        elif is_empty(before) and is_empty(after):
            state = "empty"
        elif is_empty(before):
            state = "new"
        elif is_empty(after):
            state = "removed"
        else:
            state = "unchanged" if same_answer(form.slot(key).question, before, after) else "changed"
        changes.append(AnswerChange(key, state, before, after))
    return changes
