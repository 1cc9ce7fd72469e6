"""The set of forms Reply Desk knows: every valid definition in the forms folder."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from replydesk.definitions.loader import Problem, load_forms
from replydesk.definitions.model import Form, fold_name


class UnknownName(LookupError):
    """A form id or participant that does not exist; the message suggests near matches."""


def suggest(wanted: str, candidates: list[str]) -> str:
    folded = {fold_name(c): c for c in candidates}
    close = difflib.get_close_matches(fold_name(wanted), list(folded), n=3, cutoff=0.5)
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(folded[c]) for c in close) + "?"


@dataclass
class Registry:
    folder: Path
    forms: Mapping[str, Form] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path, cache_dir: Path | None = None) -> Registry:
        """Every form in ``folder``; with ``cache_dir`` (``paths.cache_dir()``), validated ones load from there."""
        forms, problems = load_forms(folder, cache_dir)
        return cls(folder, forms, problems)

    def get(self, form_id: str) -> Form:
        try:
            return self.forms[form_id]
        except KeyError:
            hint = suggest(form_id, list(self.forms))
            known = ", ".join(sorted(self.forms)) or "none"
            raise UnknownName(f"unknown form {form_id!r}.{hint} Known forms: {known}.") from None

    def participant(self, form: Form, name: str) -> str:
        """The canonical participant name for ``name`` (or one of its aliases)."""
        found = form.participant(name)
        if found is not None:
            return found.name
        names = [n for p in form.participants for n in [p.name, *p.aliases]]
        hint = suggest(name, names)
        raise UnknownName(
            f"{name!r} is not a {form.participants_label.lower()} of {form.id}.{hint} "
            f"Run 'replydesk forms show {form.id} --json' to see the list."
        )
