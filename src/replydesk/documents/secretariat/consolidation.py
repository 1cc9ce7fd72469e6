"""The secretariat's view of every return for one form and year, as plain data.

Pure functions over a ``Consolidation``: who returned, who did not, which answer slots
each return fills (coverage), every country's answer to one prompt, and the form's
outline by group.  The consolidated workbook, the Word report and the app's Secretariat
view all read this model; only ``load_consolidation`` and ``stream_consolidation`` touch
the store.  A streamed consolidation holds which answers each return fills, not the
answers: they are read question by question (or return by return) as a file is written,
so compiling 500 returns holds one question's answers at a time.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from replydesk.definitions.model import Form, Group, Slot
from replydesk.definitions.recommendations import RecommendationSet, for_party, has_addressees, with_added
from replydesk.definitions.values import is_empty
from replydesk.documents.excel.labels import group_heading
from replydesk.store import Store


class State(StrEnum):
    ANSWERED = "answered"
    EMPTY = "empty"
    NO_RETURN = "no return"
    NOT_ADDRESSED = "not addressed"  # a recommendation the Party's reply does not hold


@dataclass(frozen=True)
class CountryReturn:
    """One participant's reply, as the store holds it."""

    country: str
    reply_id: int
    status: str
    updated_at: dt.datetime | None
    values: Mapping[str, Any] = field(default_factory=dict)
    #: The keys the reply holds (its own recommendations); None: every key of the form.
    holds: frozenset[str] | None = None
    #: The keys the reply answers, when its ``values`` are not held (a streamed consolidation).
    answered: frozenset[str] | None = None

    def addressed(self, key: str) -> bool:
        return self.holds is None or key in self.holds

    def is_answered(self, key: str) -> bool:
        if self.answered is not None:
            return key in self.answered
        return not is_empty(self.answer(key))

    def answer(self, key: str) -> Any:
        return self.values.get(key)


class AnswerReader(Protocol):
    """Where a streamed consolidation reads its answers (the store)."""

    def values(self, reply_id: int) -> dict[str, Any]: ...

    def values_of_key(self, key: str, reply_ids: Iterable[int]) -> dict[int, Any]: ...


@dataclass(frozen=True)
class Consolidation:
    """Every return for a form and year, countries in alphabetical order."""

    form: Form  # resolved for the year
    year: int
    returns: tuple[CountryReturn, ...]
    participants: tuple[str, ...]  # the form's participants and any other country that returned
    missing: tuple[str, ...]  # participants without a return
    #: Streamed: the answers are read from here when asked for, not held by the returns.
    reader: AnswerReader | None = field(default=None, repr=False, compare=False)
    _by_country: dict[str, CountryReturn] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_country", {r.country: r for r in self.returns})

    def return_of(self, country: str) -> CountryReturn | None:
        return self._by_country.get(country)

    def state(self, country: str, key: str) -> State:
        found = self.return_of(country)
        if found is None:
            return State.NO_RETURN
        if not found.addressed(key):
            return State.NOT_ADDRESSED
        return State.ANSWERED if found.is_answered(key) else State.EMPTY

    def answers(self, key: str) -> list[tuple[CountryReturn, Any]]:
        """(return, value) of every return that answers ``key``, alphabetically."""
        answering = [r for r in self.returns if r.is_answered(key)]
        if self.reader is None:
            return [(r, r.answer(key)) for r in answering]
        values = self.reader.values_of_key(key, [r.reply_id for r in answering])
        return [(r, values.get(r.reply_id)) for r in answering]

    def values_of_key(self, key: str) -> dict[str, Any]:
        """Every return's answer to ``key`` (None where it has none), by country."""
        if self.reader is None:
            return {r.country: r.answer(key) for r in self.returns}
        values = self.reader.values_of_key(key, [r.reply_id for r in self.returns])
        return {r.country: values.get(r.reply_id) for r in self.returns}

    def values_of(self, found: CountryReturn) -> Mapping[str, Any]:
        """Every answer of one return (read from the store when streamed)."""
        return found.values if self.reader is None else self.reader.values(found.reply_id)

    def silent(self, key: str) -> list[str]:
        """Countries that returned the form but left ``key`` empty."""
        return [r.country for r in self.returns if r.addressed(key) and not r.is_answered(key)]

    def addressed_under(self, group_key: str) -> list[str]:
        """Countries whose return holds a question under ``group_key`` (a recommendation addressed to them)."""
        prefix = f"{group_key}."
        return [r.country for r in self.returns if r.holds is None or any(k.startswith(prefix) for k in r.holds)]

    def addressed(self, key: str) -> list[str]:
        """Countries whose return holds ``key``: a recommendation counts only among the Parties it addresses."""
        return [r.country for r in self.returns if r.addressed(key)]


@dataclass(frozen=True)
class Coverage:
    """Participants × answer slots: answered, empty or no return, with totals."""

    countries: tuple[str, ...]
    keys: tuple[str, ...]
    states: Mapping[tuple[str, str], State]
    by_country: Mapping[str, int]  # answered slots per country
    by_key: Mapping[str, int]  # countries answering each slot
    totals: Mapping[State, int]


@dataclass(frozen=True)
class Section:
    """A group of the form with the questions directly under it, for headings in order."""

    path: tuple[Group, ...]
    slots: tuple[Slot, ...]

    @property
    def group(self) -> Group:
        return self.path[-1]

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def heading(self) -> str:
        return group_heading(self.group)


def country_order(name: str) -> str:
    """Alphabetical order that ignores case and accents (Ü sorts with U)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def consolidate(form: Form, year: int, returns: Iterable[CountryReturn],
                reader: AnswerReader | None = None) -> Consolidation:
    """The consolidation of ``returns`` (for ``form`` resolved for ``year``)."""
    ordered = tuple(sorted(returns, key=lambda r: country_order(r.country)))
    returned = {r.country for r in ordered}
    names = {p.name for p in form.participants} | returned
    participants = tuple(sorted(names, key=country_order))
    missing = tuple(name for name in participants if name not in returned)
    return Consolidation(form, year, ordered, participants, missing, reader)


def coverage(consolidation: Consolidation) -> Coverage:
    keys = tuple(consolidation.form.keys())
    states: dict[tuple[str, str], State] = {}
    by_country: dict[str, int] = {}
    by_key = dict.fromkeys(keys, 0)
    totals = dict.fromkeys(State, 0)
    for country in consolidation.participants:
        answered = 0
        for key in keys:
            state = consolidation.state(country, key)
            states[(country, key)] = state
            totals[state] += 1
            if state is State.ANSWERED:
                answered += 1
                by_key[key] += 1
        by_country[country] = answered
    return Coverage(consolidation.participants, keys, states, by_country, by_key, totals)


def outline(form: Form) -> list[Section]:
    """Every group in document order with the slots directly under it."""
    by_path: dict[tuple[str, ...], list[Slot]] = {}
    for slot in form.slots:
        by_path.setdefault(tuple(g.key for g in slot.path), []).append(slot)
    sections: list[Section] = []

    def walk(groups: list[Group], path: tuple[Group, ...]) -> None:
        for group in groups:
            here = (*path, group)
            sections.append(Section(here, tuple(by_path.get(tuple(g.key for g in here), []))))
            walk(group.groups, here)

    walk(form.groups, ())
    return sections


def load_consolidation(store: Store, form: Form, year: int, *, values: bool = True) -> Consolidation:
    """Read every reply for ``form`` (as registered) and ``year`` from the store: each with the keys of its own
    recommendations, and the form with every recommendation a reply's factsheet adds (lined up by number).
    ``values=False``: who returned the form, without their answers, for what needs only that, such as the
    synthesis report."""
    return _load(store, form, year, lambda reply_id: (store.values(reply_id) if values else {}, None))


def stream_consolidation(store: Store, form: Form, year: int) -> Consolidation:
    """Every reply as ``load_consolidation`` reads it, holding only which keys each answers: the answers are
    read from ``store`` (which must stay open) as a file is written. Each return is read once here, one at a
    time, to know what it answers."""
    def answered(reply_id: int) -> tuple[dict[str, Any], frozenset[str]]:
        return {}, frozenset(key for key, value in store.values(reply_id).items() if not is_empty(value))

    return _load(store, form, year, answered, reader=store)


def _load(store: Store, form: Form, year: int,
          read: Callable[[int], tuple[dict[str, Any], frozenset[str] | None]],
          reader: AnswerReader | None = None) -> Consolidation:
    returns, sets = [], []
    tailored = has_addressees(form)
    for reply in store.replies():
        if reply.form_id != form.id or reply.year != year:
            continue
        assert reply.id is not None
        holds = None
        if tailored:
            recorded = store.recommendation_set(reply.id)
            chosen = RecommendationSet.from_json(recorded) if recorded else None
            if chosen is not None:
                sets.append(chosen)
            holds = frozenset(for_party(form, reply.country, chosen).keys())
        values, answered = read(reply.id)
        returns.append(CountryReturn(reply.country, reply.id, reply.status, reply.updated_at, values, holds,
                                     answered))
    return consolidate(with_added(form, sets).resolved(year), year, returns, reader)
