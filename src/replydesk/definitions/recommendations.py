"""A reply's own recommendations: those addressed to its Party, or exactly those of its Party's factsheet.

A monitoring round's definition holds every recommendation the sources give, each with its addressee
(all Parties, or the Parties named) and texts in which ``{party}`` stands for the Party. A reply holds
one Party's share of them: by default those addressed to all Parties and to its Party by name; read from
the Party's factsheet, exactly the factsheet's recommendations, with the factsheet's urgency and text
(one the definition lacks is added under its chapter, keyed by its numbers like the others:
``ch3.r14.status`` for III-14), so that the secretariat lines Parties up by recommendation number.
``for_party`` makes that reply's form from the definition; forms without addressees pass through as they are.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from replydesk.definitions.model import PARTY_PARAMETER, Form, Group, GroupKind, Question, fold_name

ADDRESSEES = ("all_parties", "some_parties", "party")
_PARTY = "{" + PARTY_PARAMETER + "}"


@dataclass(frozen=True)
class Recommendation:
    """One recommendation box of a factsheet: its number(s), urgency, addressee and text (``{party}`` for the Party)."""

    chapter: str
    numbers: tuple[str, ...]
    urgency: str
    addressee: str
    text: str
    #: Not in the factsheet read into the reply, kept because the reply answers it.
    kept: bool = False

    @property
    def key(self) -> str:
        """The group key the definition's scheme gives these numbers: ``r16_18`` for III-16 and III-18."""
        return "r" + "_".join(number.split("-", 1)[1] for number in self.numbers)

    @property
    def label(self) -> str:
        if len(self.numbers) == 1:
            return f"Recommendation {self.numbers[0]}"
        return f"Recommendations {', '.join(self.numbers[:-1])} and {self.numbers[-1]}"


@dataclass(frozen=True)
class RecommendationSet:
    """What a reply holds. ``recommendations`` None: every recommendation of the definition (replies created
    before replies had their own set keep it so); otherwise exactly those, read from the named factsheet."""

    recommendations: tuple[Recommendation, ...] | None
    title: str = ""
    party: str = ""
    updated: str = ""
    sha256: str = ""
    chapters: dict[str, str] = field(default_factory=dict, compare=False)

    def to_json(self) -> str:
        body = {"kind": "all"} if self.recommendations is None else {
            "kind": "factsheet", "title": self.title, "party": self.party, "updated": self.updated,
            "sha256": self.sha256, "recommendations": [
                {"chapter": r.chapter, "numbers": list(r.numbers), "urgency": r.urgency, "addressee": r.addressee,
                 "text": r.text, **({"kept": True} if r.kept else {})} for r in self.recommendations]}
        return json.dumps(body, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RecommendationSet:
        body = json.loads(text)
        if body.get("kind") != "factsheet":
            return EVERY_RECOMMENDATION
        return cls(tuple(Recommendation(r["chapter"], tuple(r["numbers"]), r["urgency"], r["addressee"], r["text"],
                                        bool(r.get("kept"))) for r in body["recommendations"]),
                   body.get("title", ""), body.get("party", ""), body.get("updated", ""), body.get("sha256", ""))

    @property
    def fingerprint(self) -> str:
        """A short hash of the set, for checksums and file headers."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    def describe(self) -> str:
        if self.recommendations is None:
            return "every recommendation of the definition (a reply created before replies had their own set)"
        return (f"{len(self.recommendations)} recommendations of “{self.title}” (last update {self.updated or '?'}, "
                f"sha256 {self.sha256[:12]})")


EVERY_RECOMMENDATION = RecommendationSet(None)
#: The title of a recommendation kept in a reply because it is answered, though its Party's factsheet lacks it.
KEPT_TITLE = "not in the Party's factsheet: kept because it is answered"


def read_into(form: Form, current: Form, chosen: RecommendationSet, answered: set[str],
              party: str) -> tuple[RecommendationSet, list[str], list[str]]:
    """A factsheet read into an existing reply: its recommendations, plus every recommendation the reply holds
    and answers that the factsheet lacks (kept, marked so: no answer is ever hidden). ``current`` is the reply's
    form now, ``answered`` the dotted keys of its answered recommendations, ``party`` its Party as texts name it.
    Returns the new set, the labels of the recommendations added and of those kept."""
    assert chosen.recommendations is not None
    wanted = {frozenset(r.numbers) for r in chosen.recommendations}
    held = {frozenset(g.number.split(", ")) for _, g in recommendations_of(current)}
    definition = {(c.number, frozenset(g.number.split(", "))): g for c, g in recommendations_of(form)}
    name = party_pattern(party)
    kept: list[Recommendation] = []
    for chapter, group in recommendations_of(current):
        numbers = frozenset(group.number.split(", "))
        if numbers in wanted or f"{chapter.key}.{group.key}" not in answered:
            continue
        source = definition.get((chapter.number, numbers))
        text = source.text if source is not None else name.sub(_PARTY, group.text)
        kept.append(Recommendation(chapter.number, tuple(group.number.split(", ")), group.urgency or "",
                                   group.addressed_to or "party", text, kept=True))
    added = [r.label for r in chosen.recommendations if frozenset(r.numbers) not in held]
    merged = RecommendationSet((*chosen.recommendations, *kept), chosen.title, chosen.party, chosen.updated,
                               chosen.sha256)
    return merged, added, [r.label for r in kept]


def is_addressed(form: Form, group: Group, country: str) -> bool:
    """Whether the definition addresses ``group`` to ``country``: to all Parties, or to it by name."""
    if not group.parties:  # all Parties (or a stored definition from before addressees were named)
        return True
    participant = form.participant(country)
    wanted = fold_name(participant.name if participant else country)
    return any((p := form.participant(name)) is not None and fold_name(p.name) == wanted for name in group.parties)


def addressee_text(addressed_to: str | None, party: str) -> str:
    """To whom a recommendation is addressed, as the window and the Word export say it."""
    if addressed_to == "all_parties":
        return "Addressed to all Parties"
    if addressed_to == "some_parties":
        return "Addressed to the Parties not already doing so"
    if addressed_to == "party":
        return f"Specific to {party}"
    return ""


def has_addressees(form: Form) -> bool:
    """Whether the form's recommendations name addressees or its texts name the Party (else nothing to tailor)."""
    cached = _TAILORABLE.get(form.definition_hash)
    if cached is None:
        cached = _TAILORABLE[form.definition_hash] = any(
            group.addressed_to or group.parties or _uses_party(group) for group in _every_group(form.groups))
    return cached


_TAILORABLE: dict[str, bool] = {}


def recommendations_of(form: Form) -> list[tuple[Group, Group]]:
    """(chapter, recommendation) for every recommendation of the form, in document order."""
    return [(parent, group) for parent in _every_group(form.groups) for group in parent.groups
            if group.kind is GroupKind.RECOMMENDATION]


def for_party(form: Form, country: str, chosen: RecommendationSet | None = None) -> Form:
    """The form as a reply of ``country`` holds it: its recommendations (addressed to it, or ``chosen``) and
    ``{party}`` filled in with its name. Keeps the definition's hash: the reply still answers that definition."""
    if not has_addressees(form):
        return form
    from replydesk.definitions.members import report_name

    party = report_name(form, country)
    template = next((g for _, g in recommendations_of(form)), None)

    def tailor(group: Group) -> Group:
        own = [g for g in group.groups if g.kind is GroupKind.RECOMMENDATION]
        others = [tailor(g) for g in group.groups if g.kind is not GroupKind.RECOMMENDATION]
        if chosen is None:
            kept = [g for g in own if is_addressed(form, g, country)]
        elif chosen.recommendations is None or group.kind is not GroupKind.CHAPTER:
            kept = own
        else:
            kept = [_from_factsheet(r, own, template) for r in chosen.recommendations if r.chapter == group.number]
        return _filled(group.model_copy(update={"groups": [*others, *(_filled(g, party) for g in kept)]}), party)

    tailored = form.model_copy(update={"groups": [tailor(g) for g in form.groups]})
    tailored._hash = form.definition_hash
    tailored._registered = form.as_registered()
    return tailored


def _from_factsheet(recommendation: Recommendation, known: list[Group], template: Group | None) -> Group:
    """The definition's group for these numbers with the factsheet's urgency and text, or a new one like it."""
    numbers = set(recommendation.numbers)
    found = next((g for g in known if set(g.number.split(", ")) == numbers), None)
    update = {"urgency": recommendation.urgency, "addressed_to": recommendation.addressee, "parties": [],
              "text": recommendation.text, **({"title": KEPT_TITLE} if recommendation.kept else {})}
    if found is not None:
        return found.model_copy(update=update)
    questions: list[Question] = list(template.questions) if template is not None else []
    return Group(key=recommendation.key, kind=GroupKind.RECOMMENDATION, label=recommendation.label,
                 number=", ".join(recommendation.numbers), refs=[f"Recommendation {n}" for n in recommendation.numbers],
                 questions=questions, **update)


def _filled(group: Group, party: str) -> Group:
    """``group`` with ``{party}`` filled in its own texts and its questions' (subgroups are done by the caller)."""
    update: dict[str, object] = {name: getattr(group, name).replace(_PARTY, party)
                                 for name in ("label", "title", "text", "help") if _PARTY in getattr(group, name)}
    if any(_PARTY in q.prompt or _PARTY in q.help for q in group.questions):
        update["questions"] = [q.model_copy(update={"prompt": q.prompt.replace(_PARTY, party),
                                                    "help": q.help.replace(_PARTY, party)}) for q in group.questions]
    if group.parties:
        update["parties"] = []  # another Party's name never travels with the reply
    return group.model_copy(update=update) if update else group


def _uses_party(group: Group) -> bool:
    return any(_PARTY in text for text in (group.label, group.title, group.text, group.help)) or any(
        _PARTY in q.prompt or _PARTY in q.help for q in group.questions)


def _every_group(groups: Iterable[Group]) -> Iterable[Group]:
    for group in groups:
        yield group
        yield from _every_group(group.groups)


def party_pattern(name: str) -> re.Pattern[str]:
    """The Party's name as a factsheet writes it in running text ("the Netherlands" with its article: the reply
    fills ``{party}`` with the name as the report writes it, article included), to put ``{party}`` in its place."""
    bare = re.sub(r"(?i)^the\s+", "", name)
    return re.compile(rf"\b(?:the\s+)?{re.escape(bare)}\b", re.IGNORECASE)


def with_added(form: Form, sets: Iterable[RecommendationSet]) -> Form:
    """The definition with every recommendation these replies' factsheets add, under its chapter and by its
    numbers' key (the secretariat lines Parties up by number); their texts say "the Party"."""
    known = {(chapter.number, g.key) for chapter, g in recommendations_of(form)}
    added: dict[str, list[Recommendation]] = {}
    for chosen in sets:
        for r in chosen.recommendations or ():
            if (r.chapter, r.key) not in known:
                known.add((r.chapter, r.key))
                added.setdefault(r.chapter, []).append(r)
    if not added:
        return form
    template = next((g for _, g in recommendations_of(form)), None)

    def extend(group: Group) -> Group:
        more = [_filled(_from_factsheet(r, [], template), "the Party") for r in added.get(group.number, [])]
        children = [extend(g) for g in group.groups]
        if not more and all(a is b for a, b in zip(children, group.groups, strict=True)):
            return group
        return group.model_copy(update={"groups": [*children, *more]})

    extended = form.model_copy(update={"groups": [extend(g) if g.kind is GroupKind.CHAPTER else g
                                                  for g in form.groups]})
    extended._hash = form.definition_hash
    extended._registered = form.as_registered()
    return extended
