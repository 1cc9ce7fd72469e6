"""How forms are named and shown in workbooks and reports.

"Policy Target No. 1", "Operational Goal 1", "II Legal frameworks", "1. Governance
structures ...": a group's label, its number when the label lacks it, and its title.
Resolving a form for a year and hashing it re-validate the whole definition, so for a
batch of hundreds of returns both are remembered per form object.
"""

from __future__ import annotations

from replydesk.definitions.model import Form, Group, Question, Slot

_RESOLVED: dict[tuple[int, int], tuple[Form, Form]] = {}
_HASHES: dict[int, tuple[Form, str]] = {}


def resolved(form: Form, year: int) -> Form:
    """``form.resolved(year)``, computed once per form object and year."""
    cached = _RESOLVED.get((id(form), year))
    if cached is None or cached[0] is not form:
        if len(_RESOLVED) > 64:
            _RESOLVED.clear()
        cached = _RESOLVED[(id(form), year)] = (form, form.resolved(year))
    return cached[1]


def definition_hash(form: Form) -> str:
    """``form.definition_hash``, computed once per form object (forms are frozen)."""
    cached = _HASHES.get(id(form))
    if cached is None or cached[0] is not form:
        if len(_HASHES) > 64:
            _HASHES.clear()
        cached = _HASHES[id(form)] = (form, form.definition_hash)
    return cached[1]


def group_heading(group: Group) -> str:
    name = group.label or ""
    if group.number and group.number not in name:
        name = f"{name} {group.number}".strip()
    if group.title and group.title not in name:
        name = f"{name} {group.title}".strip()
    return name or group.key


def section_text(slot: Slot) -> str:
    """Where a question sits: its groups' headings from the outermost in."""
    return " › ".join(group_heading(group) for group in slot.path)


def prompt_text(question: Question) -> str:
    """"A) Please report on ..." : the question's label and prompt."""
    return f"{question.label} {question.prompt}".strip()
