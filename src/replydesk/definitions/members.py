"""Members as a report names them in running text: "Belgium, Denmark, Slovenia, and Sweden".

The Global Alliance's 2015 report writes members in title case, with "the" where a name
takes it ("the United Kingdom", "the Republic of Korea"), and lists them alphabetically with
a serial comma. A form may say how each participant is written (``report_name``); otherwise
the name is put in title case.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from replydesk.definitions.model import Form

_SMALL_WORDS = frozenset({"and", "of", "the", "da", "de", "del", "di"})


def title_case(name: str) -> str:
    """ "BOSNIA & HERZEGOVINA" → "Bosnia and Herzegovina"; small words stay lower case inside a name."""
    words = name.replace("&", "and").split()
    return " ".join(word.lower() if index and word.lower() in _SMALL_WORDS
                    else "-".join(part.capitalize() for part in word.split("-"))
                    for index, word in enumerate(words))


def report_name(form: Form, country: str) -> str:
    """How the report writes ``country`` (a participant's name or alias, or any other country's)."""
    participant = form.participant(country)
    if participant is not None and participant.report_name:
        return participant.report_name
    return title_case(participant.name if participant is not None else country)


def bare_name(name: str) -> str:
    """The name without its article, for a table's row ("Republic of Korea"), where it also sorts right."""
    return name[4:] if name.casefold().startswith("the ") else name


def opening(name: str) -> str:
    """The name as it opens a line or sentence ("The United Kingdom")."""
    return name[:1].upper() + name[1:]


def sort_key(name: str) -> str:
    """Alphabetical order ignoring a leading "the", case and accents ("the Netherlands" with N)."""
    decomposed = unicodedata.normalize("NFKD", bare_name(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def report_order(form: Form, country: str) -> str:
    """Where the report sorts ``country``: the definition's ``sort_key`` (the Republic of Korea under K), else
    its report name without the article."""
    participant = form.participant(country)
    if participant is not None and participant.sort_key:
        return sort_key(participant.sort_key)
    return sort_key(report_name(form, country))


def join_names(names: Iterable[str], *, serial_comma: bool = True) -> str:
    """ "A", "A and B", "A, B, and C" (or "A, B and C" without the serial comma)."""
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + (", and " if serial_comma else " and ") + names[-1]


def member_list(form: Form, countries: Iterable[str]) -> str:
    """The members, as the report writes them, sorted and joined: "Belgium, Denmark, and the United Kingdom"."""
    ordered = sorted(dict.fromkeys(countries), key=lambda country: report_order(form, country))
    names = dict.fromkeys(report_name(form, country) for country in ordered)
    return join_names(names, serial_comma=form.serial_comma)
