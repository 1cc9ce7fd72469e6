"""A form and a reply as people name them: the form's title for the year, the year said once (never its id)."""

from __future__ import annotations

from replydesk.definitions.model import Form
from replydesk.definitions.registry import Registry


def form_title(registry: Registry, form_id: str, year: int) -> str:
    """The form's title for the reply's year, as its readers know it (never its internal id)."""
    form = registry.forms.get(form_id)
    return form.resolved(year).title if form is not None else "a form that is not installed"


def with_year(title: str, year: int) -> str:
    """The title with its year, said once: "…– 2014 Reporting Form", not "… – 2014" again."""
    return title if str(year) in title else f"{title} – {year}"


def form_year(form: Form, year: int) -> str:
    """The form as people name it for a year: its title for that year, the year said once."""
    return with_year(form.resolved(year).title, year)


def reply_label(country: str, title: str, year: int) -> str:
    """A reply as an official names it: country, form's title and year, the year said once."""
    return f"{country} – {with_year(title, year)}"
