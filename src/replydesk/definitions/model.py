"""The typed model of a questionnaire definition (one YAML file in forms/).

A form is a tree of groups (Policy Target -> Operational Goal, Chapter ->
Recommendation, ...) whose leaves are questions.  A question's full key is the
dotted path of group keys and its own key, e.g. ``pt1.og1.a``; answers are stored
under that key, so keys are the contract between definitions, store and files.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from replydesk.definitions.types import QuestionType, check_unique, value_type

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=64, description="Stable key: a-z, 0-9, _")]

#: Parameters a text may use, e.g. "your country's {previous_year} report".
TEXT_PARAMETERS = ("year", "previous_year", "next_year")
#: The reply's participant as the text names it ("The Committee invites all Parties, including {party}:"),
#: filled in for each reply (``definitions.recommendations``), not for the year.
PARTY_PARAMETER = "party"
_PARAM_RE = re.compile(r"\{([^{}]*)\}")


class GroupKind(StrEnum):
    """What a group is in its questionnaire; the Word layout and the navigator name groups by it."""

    SECTION = "section"
    POLICY_TARGET = "policy_target"
    OPERATIONAL_GOAL = "operational_goal"
    CHAPTER = "chapter"
    RECOMMENDATION = "recommendation"
    AREA = "area"
    APPENDIX = "appendix"


class _Strict(BaseModel):
    """Definitions reject unknown fields: a typo must not vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    value: Key
    label: str

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            value = re.sub(r"[^a-z0-9]+", "_", data.lower()).strip("_")
            return {"value": value or "choice", "label": data}
        return data


class Column(_Strict):
    """A typed column of a table question."""

    key: Key
    label: str
    type: QuestionType = QuestionType.SHORT_TEXT
    help: str = ""
    source: str = Field("", description="Where the column comes from in the source document (not guidance)")
    required: bool = False
    choices: list[Choice] = []
    min: float | None = None
    max: float | None = None

    @field_validator("type")
    @classmethod
    def _no_nested_tables(cls, value: QuestionType) -> QuestionType:
        if value_type(value).tabular:
            raise ValueError("a table column cannot itself be a table")
        return value

    @model_validator(mode="after")
    def _check_type_options(self) -> Column:
        value_type(self).check_definition(self)
        return self


class Question(_Strict):
    key: Key
    label: str = Field("", description='Printed before the prompt, e.g. "A)"')
    prompt: str
    short: str = Field("", description='A few words of the prompt that name the question in the navigator and in '
                                       'validation lists, e.g. "Hotlines and helplines" (the prompt is the tooltip)')
    help: str = Field("", description="Guidance for the official answering: what to give, what counts")
    source: str = Field("", description='Where the question comes from in the source document, e.g. '
                                        '"Baseline Mapping 2021, Fig. 1: … column “State Party to UNCRC”"; '
                                        "shown beneath the help, never as guidance")
    type: QuestionType
    required: bool = False
    word_limit: int | None = Field(None, gt=0)
    refs: list[str] = Field([], description='Reference tags, e.g. "Lanzarote Art. 20", "MNR 4"')
    relevant: str | None = Field(None, description="Relevance condition on other answers")
    choices: list[Choice] = []
    min: float | None = None
    max: float | None = None
    columns: list[Column] = []
    rows: list[Choice] = Field([], description="Fixed rows of a table (e.g. the 21 MNR capabilities)")
    previous_cycle: Key | None = Field(
        None, description="Key of a sibling question whose previous-cycle answer is shown beside this one "
                          "(the Global Alliance A) shows last cycle's C))")

    @model_validator(mode="after")
    def _check_type_options(self) -> Question:
        value_type(self).check_definition(self)
        return self


class Group(_Strict):
    key: Key
    kind: GroupKind = Field(GroupKind.SECTION, description="What the group is; it chooses the group's layout")
    label: str = Field("", description='e.g. "Policy Target No. 1", "Recommendation II-5"')
    number: str = Field("", description='e.g. "II", "II-5"')
    title: str = ""
    short: str = Field("", description="A few words of the title that name the group in the navigator")
    text: str = ""
    help: str = ""
    source: str = Field("", description="Where the group comes from in the source document (not guidance)")
    urgency: Literal["require", "request", "invite"] | None = None
    addressed_to: Literal["all_parties", "some_parties", "party"] | None = Field(
        None, description="How the recommendation names its addressee: all Parties; the Parties not already doing "
                          "so; one Party by name (``parties`` lists whom the sources show it addressed to)")
    parties: list[str] = Field([], description="The participants the recommendation is addressed to by name "
                                               "(empty: all Parties, or as the reply's factsheet says)")
    refs: list[str] = []
    questions: list[Question] = []
    groups: list[Group] = []
    questions_after_groups: bool = Field(
        False, description="Ask this group's own questions after its subgroups (e.g. a chapter's closing questions)")

    def children(self) -> list[Question | Group]:
        """Own questions and subgroups in the order they are asked."""
        if self.questions_after_groups:
            return [*self.groups, *self.questions]
        return [*self.questions, *self.groups]

    @model_validator(mode="after")
    def _unique_children(self) -> Group:
        check_unique([q.key for q in self.questions] + [g.key for g in self.groups], "key")
        siblings = {q.key for q in self.questions}
        for question in self.questions:
            if question.previous_cycle and question.previous_cycle not in siblings:
                raise ValueError(f"{question.key}: previous_cycle {question.previous_cycle!r} is not a question "
                                 f"of this group ({', '.join(sorted(siblings))})")
        return self


class Participant(_Strict):
    name: str = Field(min_length=1)
    aliases: list[str] = []
    report_name: str = Field(
        "", description="The name as the secretariat's report writes it in running text, e.g. 'the United "
                        "Kingdom' (default: the name in title case)")
    sort_key: str = Field(
        "", description="Where the secretariat's report sorts the name in its lists, e.g. 'Korea' for 'the "
                        "Republic of Korea' (default: the report name without its article)")


#: Fields that only say how the secretariat's report writes participants: outside the definition hash.
REPORT_ONLY_PARTICIPANT = ("report_name", "sort_key")
REPORT_ONLY_FORM = ("participants_label_plural", "serial_comma")

#: The reporting years Reply Desk accepts anywhere (definitions, new replies, the command line, the window).
FIRST_YEAR, LAST_YEAR = 1990, 2100


class Period(_Strict):
    """The reporting period: texts may use {year}, {previous_year}, {next_year}."""

    default_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)


@dataclass(frozen=True)
class Slot:
    """One answer slot: a question at its place in the tree."""

    key: str
    question: Question
    path: tuple[Group, ...]

    @property
    def section_label(self) -> str:
        """Where the question is, as its reader names it: ``Policy Target No. 1 › Operational Goal 2``."""
        return " › ".join(_numbered(g) for g in self.path)


def _numbered(group: Group) -> str:
    """A group's label with its number when the label does not say it ("Operational Goal" and 2)."""
    name = group.label or group.title or group.key
    return f"{name} {group.number}" if group.label and group.number and group.number not in name else name


class Form(_Strict):
    format: Literal[1] = Field(1, description="Version of the definition language")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)
    version: str = Field(min_length=1)
    title: str
    description: str = ""
    source: str = Field("", description="The document the wording is copied from")
    period: Period
    participants_label: str = "Participant"
    participants_label_plural: str = Field(
        "", description="The label's plural where English adds more than an s (default: Party → Parties)")
    serial_comma: bool = Field(True, description="Lists of participants in the report: 'A, B, and C' (true) or "
                                                 "'A, B and C' (false)")
    participants: list[Participant] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)

    _slots: list[Slot] = PrivateAttr(default_factory=list)
    _by_key: dict[str, Slot] = PrivateAttr(default_factory=dict)
    _hash: str | None = PrivateAttr(default=None)
    _resolved: dict[int, Form] = PrivateAttr(default_factory=dict)
    _parameter_paths: list[TextPath] | None = PrivateAttr(default=None)
    _registered: Form | None = PrivateAttr(default=None)
    _by_name: dict[str, Participant] | None = PrivateAttr(default=None)

    @field_validator("groups")
    @classmethod
    def _unique_groups(cls, groups: list[Group]) -> list[Group]:
        check_unique([g.key for g in groups], "group key")
        return groups

    @field_validator("participants")
    @classmethod
    def _unambiguous_participants(cls, participants: list[Participant]) -> list[Participant]:
        """A name or alias may belong to one participant only, or matching would guess."""
        owner: dict[str, str] = {}
        for participant in participants:
            for name in [participant.name, *participant.aliases]:
                folded = fold_name(name)
                if owner.setdefault(folded, participant.name) != participant.name:
                    raise ValueError(f"{name!r} names both {owner[folded]!r} and {participant.name!r}")
        return participants

    @model_validator(mode="after")
    def _addressees_are_participants(self) -> Form:
        """A recommendation addressed to a Party by name names one of the form's participants."""
        known = {fold_name(n) for p in self.participants for n in [p.name, *p.aliases]}

        def visit(groups: list[Group]) -> None:
            for group in groups:
                strangers = [name for name in group.parties if fold_name(name) not in known]
                if strangers:
                    raise ValueError(f"{group.key}: parties {strangers} are not participants of the form")
                visit(group.groups)

        visit(self.groups)
        return self

    def model_post_init(self, __context: Any) -> None:
        self._slots = list(_walk_slots(self.groups, ()))
        self._by_key = {slot.key: slot for slot in self._slots}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Form:
        """A copy; an edited copy is another definition, so it forgets the cached hash and slots."""
        copy = super().model_copy(update=update, deep=deep)
        copy._resolved = {}
        if update:
            copy._hash = None
            copy._parameter_paths = None
            copy._by_name = None
            copy.model_post_init(None)
        return copy

    # -- lookups -----------------------------------------------------------
    # pydantic hands out private attributes through its __getattr__ (~2 µs a read); these lookups run
    # thousands of times when a reply opens or its completion is counted, so they read the private dict.
    @property
    def slots(self) -> list[Slot]:
        """Every answer slot in document order."""
        return self.__pydantic_private__["_slots"]  # type: ignore[index]

    def keys(self) -> list[str]:
        return [slot.key for slot in self.__pydantic_private__["_slots"]]  # type: ignore[index]

    def slot(self, key: str) -> Slot:
        return self.__pydantic_private__["_by_key"][key]  # type: ignore[index]

    def has_key(self, key: str) -> bool:
        return key in self.__pydantic_private__["_by_key"]  # type: ignore[index]

    def group(self, key: str) -> Group:
        """The group at a dotted key such as ``pt2`` or ``pt2.og1``."""
        groups, found = self.groups, None
        for part in key.split("."):
            found = next((g for g in groups if g.key == part), None)
            if found is None:
                raise KeyError(key)
            groups = found.groups
        assert found is not None
        return found

    def group_keys(self) -> list[str]:
        """Every group's dotted key (``pt1``, ``pt1.og1`` …), parents before children, in document order."""
        keys: list[str] = []

        def walk(groups: list[Group], prefix: str) -> None:
            for group in groups:
                keys.append(prefix + group.key)
                walk(group.groups, f"{prefix}{group.key}.")

        walk(self.groups, "")
        return keys

    @property
    def participants_plural(self) -> str:
        """ "Members", "Parties", "Member states": the label's plural as the report writes it."""
        if self.participants_label_plural:
            return self.participants_label_plural
        label = self.participants_label
        if label.endswith("y") and label[-2:-1].lower() not in ("a", "e", "i", "o", "u", ""):
            return label[:-1] + "ies"
        return label + ("es" if label.endswith(("s", "x", "ch", "sh")) else "s")

    def participant(self, name: str) -> Participant | None:
        """The participant whose name or alias matches, ignoring case and spacing (an index built on first use:
        a report of 500 members looks names up thousands of times)."""
        if self._by_name is None:
            index: dict[str, Participant] = {}
            for participant in self.participants:
                for known in [participant.name, *participant.aliases]:
                    index.setdefault(fold_name(known), participant)
            self._by_name = index
        return self._by_name.get(fold_name(name))

    def as_registered(self) -> Form:
        """The definition itself, when this is a reply's share of it (``definitions.recommendations``)."""
        return self._registered if self._registered is not None else self

    # -- identity ----------------------------------------------------------
    def canonical_json(self) -> str:
        """The definition as a reply answers it. How the secretariat's report writes and sorts participants
        (``report_name``, ``sort_key``, the label's plural, the serial comma) and the navigator's ``short``
        labels are left out: adding them must not make every return already sent a stranger."""
        content = self.model_dump(mode="json", exclude={"participants": {"__all__": set(REPORT_ONLY_PARTICIPANT)},
                                                        **dict.fromkeys(REPORT_ONLY_FORM, True)})
        _drop_empty_parties(content["groups"])  # a form without named addressees keeps the hash it had
        _drop_short(content.get("groups", []))
        return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def definition_hash(self) -> str:
        """sha256 of the canonical content: exactly what a reply was drafted against.

        A form resolved for a year keeps the hash of the definition it came from,
        so a reply, its exports and its imports all name the same definition.
        """
        if self._hash is None:
            self._hash = hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
        return self._hash

    # -- the reporting period ---------------------------------------------
    def parameter_paths(self) -> list[TextPath]:
        """Where the form's texts use {year}, {previous_year} or {next_year}: each a path of field names and list
        positions from the form down to one text (found once per form; the definition cache remembers them)."""
        if self._parameter_paths is None:
            self._parameter_paths = list(_texts_with_parameters(self, ()))
        return self._parameter_paths

    def remember_parameter_paths(self, paths: list[TextPath]) -> None:
        """Take the paths found for this very definition before (the cache's); each must lead to such a text."""
        for path in paths:
            text = _at(self, path)
            if not isinstance(text, str) or not _uses_parameters(text):
                raise ValueError(f"{'.'.join(map(str, path))} is not a text with a period parameter")
        self._parameter_paths = list(paths)

    def resolved(self, year: int | None = None) -> Form:
        """This form with {year}, {previous_year} and {next_year} filled in.

        Remembered per form object and year (forms are frozen), so callers need no cache of their own.
        Only the texts that hold a parameter are replaced, and only the groups and questions above them are
        copied; everything else is shared with this form (frozen models are never changed in place). A
        2,000-question form holds a parameter in one or two texts: dumping and validating all of it again
        took some 30 ms of opening the window.
        """
        year = self.period.default_year if year is None else year
        found = self._resolved.get(year)
        if found is None:
            values = {"year": year, "previous_year": year - 1, "next_year": year + 1}

            def fill(text: str) -> str:
                for name, value in values.items():
                    text = text.replace("{" + name + "}", str(value))
                return text

            changed: BaseModel = self
            for path in self.parameter_paths():
                changed = _replaced(changed, path, fill)
            updates = {name: getattr(changed, name) for name in type(self).model_fields
                       if getattr(changed, name) is not getattr(self, name)}
            found = self.model_copy(update=updates) if updates else self.model_copy()
            found._hash = self.definition_hash
            found._parameter_paths = []
            self._resolved[year] = found
        return found


def _drop_empty_parties(groups: list[dict[str, Any]]) -> None:
    """Leave ``parties`` out of the canonical content where it is empty, as definitions had it before it existed."""
    for group in groups:
        if not group.get("parties"):
            group.pop("parties", None)
        _drop_empty_parties(group.get("groups", []))


def fold_name(name: str) -> str:
    """Compare participant names ignoring case, spacing and '&' versus 'and'."""
    folded = " ".join(name.replace("&", " and ").casefold().split())
    return folded


def text_parameters(text: str) -> list[str]:
    return _PARAM_RE.findall(text)


#: Field names and list positions from a form down to one of its texts.
TextPath = tuple[str | int, ...]


def _uses_parameters(text: str) -> bool:
    return "{" in text and any("{" + name + "}" in text for name in TEXT_PARAMETERS)


def _texts_with_parameters(node: Any, path: TextPath) -> Iterator[TextPath]:
    if isinstance(node, str):
        if _uses_parameters(node):
            yield path
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts_with_parameters(getattr(node, name), (*path, name))
    elif isinstance(node, list):
        for position, item in enumerate(node):
            yield from _texts_with_parameters(item, (*path, position))


def _at(node: Any, path: TextPath) -> Any:
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node


def _replaced(node: Any, path: TextPath, fill: Callable[[str], str]) -> Any:
    """``node`` with the text at ``path`` filled in: copies along the path, shares everything else."""
    if not path:
        return fill(node)
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        items = list(node)
        items[step] = _replaced(node[step], rest, fill)
        return items
    # BaseModel's own copy: a Form's would recompute its slots at every step
    return BaseModel.model_copy(node, update={step: _replaced(getattr(node, step), rest, fill)})


def _walk_slots(groups: list[Group], path: tuple[Group, ...]) -> Iterator[Slot]:
    for group in groups:
        here = (*path, group)
        prefix = ".".join(g.key for g in here)
        for child in group.children():
            if isinstance(child, Question):
                yield Slot(f"{prefix}.{child.key}", child, here)
            else:
                yield from _walk_slots([child], here)


def _drop_short(groups: list[dict]) -> None:
    """Leave the navigator's ``short`` labels out of groups and questions (dumped as plain dicts)."""
    for group in groups:
        group.pop("short", None)
        for question in group.get("questions", []):
            question.pop("short", None)
        _drop_short(group.get("groups", []))
