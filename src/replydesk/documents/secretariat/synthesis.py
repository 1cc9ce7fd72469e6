"""The synthesis of a year's returns: actions (themes) by goal, the members behind each, and examples.

The Global Alliance's 2015 report is organised by Policy Target and Operational Goal; under
each goal it numbers its actions ("Action #2 | Improving use and content of the ICSE
database"), writes a narrative, names the members that reported the action and quotes
examples from their returns. This module builds that structure as plain data from the
store's themes and passages; the Word report, the Excel matrix and the window read it.

Every anchored passage is evidence that its member reports the action (it is counted and
named); only passages chosen as examples are quoted. A passage needing attention (⚠, its
words left the answer) is neither, until it is re-anchored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from replydesk.definitions import quotes
from replydesk.definitions.members import member_list, opening, report_order
from replydesk.definitions.model import Form, Group, GroupKind
from replydesk.documents.secretariat.consolidation import Consolidation, load_consolidation
from replydesk.store import Store
from replydesk.store.themes import choice_label

#: In a narrative, stands for the members that reported the action, as the report writes them;
#: ``{members:LABEL}`` for those whose passages are tagged with that label.
MEMBERS_PLACEHOLDER = "{members}"
_PLACEHOLDER = re.compile(r"\{members(?::([^{}]+))?\}")


@dataclass(frozen=True)
class Example:
    """A tagged passage (evidence) and the member whose return it comes from; ``sentence`` is what the report
    quotes when the passage is chosen as an example."""

    country: str
    key: str
    quote: str
    passage_id: int
    example: bool = False
    label: str = ""
    sentence: str = ""


@dataclass(frozen=True)
class Action:
    """One theme in the report: its number under its goal, its narrative and who reported it."""

    number: int
    theme_id: int
    title: str
    description: str
    narrative: str  # Markdown, the placeholder still in it
    countries: tuple[str, ...]  # the members that reported it (an anchored passage), as the store names them
    evidence: tuple[Example, ...]  # every anchored passage, in the report's order of members
    both_years: tuple[str, ...] | None  # members that reported it in the year it was carried from too
    previous_year: int | None

    @property
    def examples(self) -> tuple[Example, ...]:
        """The passages chosen to be quoted."""
        return tuple(e for e in self.evidence if e.example)

    def labelled(self, label: str) -> tuple[str, ...]:
        """The members with a passage tagged with ``label`` ({members:LABEL})."""
        wanted = label.strip().casefold()
        return tuple(dict.fromkeys(e.country for e in self.evidence if e.label.casefold() == wanted))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.label for e in self.evidence if e.label))


@dataclass(frozen=True)
class GoalSection:
    """A group that has actions: the path from the top group, its actions, and the members with none of them."""

    path: tuple[Group, ...]
    key: str
    actions: tuple[Action, ...]
    untagged: tuple[str, ...]  # members that returned the form but are tagged under no action here


@dataclass(frozen=True)
class Synthesis:
    form: Form  # resolved for the year
    year: int
    consolidation: Consolidation
    sections: tuple[GoalSection, ...]

    @property
    def actions(self) -> list[tuple[GoalSection, Action]]:
        return [(section, action) for section in self.sections for action in section.actions]

    @property
    def members(self) -> list[str]:
        """Every member that returned the form, in the report's order."""
        return sorted((r.country for r in self.consolidation.returns), key=lambda c: report_order(self.form, c))

    def names(self, countries: Iterable[str]) -> str:
        """Members as the report writes them: "Belgium, Denmark, and the United Kingdom"."""
        return member_list(self.form, countries)

    def narrative(self, action: Action) -> str:
        """The action's narrative with its placeholders expanded (capitalised where they open a sentence); an
        action without one has its members' list as its draft narrative ("{members}.")."""
        text = action.narrative if action.narrative.strip() else f"{MEMBERS_PLACEHOLDER}."
        nobody = f"no {self.form.participants_label.lower()} yet"

        def expand(match: re.Match[str]) -> str:
            countries = action.labelled(match.group(1)) if match.group(1) else action.countries
            names = self.names(countries) or nobody
            before = text[:match.start()].rstrip(" *_")
            opens = not before or before.endswith((".", "!", "?", "\n"))
            return opening(names) if opens else names

        return _PLACEHOLDER.sub(expand, text)


def unknown_labels(synthesis: Synthesis) -> list[str]:
    """Each ``{members:LABEL}`` of a narrative that no passage of its action carries: a typo, or passages still
    to label (the report then says no one)."""
    found = []
    for section, action in synthesis.actions:
        known = {label.casefold() for label in action.labels}
        for match in _PLACEHOLDER.finditer(action.narrative):
            if match.group(1) and match.group(1).strip().casefold() not in known:
                labels = ", ".join(action.labels) or "none yet"
                where = " › ".join(heading(group) for group in section.path)
                found.append(f"{where}, Action #{action.number} ({action.title}): "
                             f"{match.group(0)} names no tagged passage (its labels: {labels})")
    return found


def question_name(form: Form, key: str) -> str:
    """A question as a reader knows it: where it is and its label or prompt ("Recommendation II-3 › Implementation
    status"), never its key alone."""
    if not form.has_key(key):
        return key
    slot = form.slot(key)
    question = slot.question
    label = (question.label or "").strip().rstrip(")") or question.prompt.strip() or key
    return f"{slot.section_label} › {label}" if slot.section_label else label


def heading(group: Group) -> str:
    """The report's heading of a group, in the form's words: "POLICY TARGET 1", "OPERATIONAL GOAL",
    "CHAPTER VI", "Recommendation II-3"."""
    if group.kind is GroupKind.POLICY_TARGET:
        return f"POLICY TARGET {group.number}".strip()
    if group.kind is GroupKind.OPERATIONAL_GOAL:
        return "OPERATIONAL GOAL"
    if group.kind is GroupKind.CHAPTER:
        label = (group.label or group.number or "").strip()
        return label.upper() if label.casefold().startswith("chapter") else f"CHAPTER {label}".strip()
    return group.label or group.title or group.key


def group_text(group: Group) -> str:
    """What the report prints under a group's heading: its text (or its title when the label is the heading),
    without the closing period the form's sentence has, as the 2015 report prints it."""
    text = (group.text or (group.title if group.label or group.kind is GroupKind.CHAPTER else "")).strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def goal_title(form: Form, key: str) -> str:
    """A group as the window names it: "Policy Target No. 1 › Operational Goal 1"."""
    def name(group: Group) -> str:
        label = group.label or group.title or group.key
        return f"{label} {group.number}" if group.number and group.number not in label else label

    try:
        return " › ".join(name(group) for group in group_path(form, key))
    except KeyError:
        return key


def group_path(form: Form, key: str) -> tuple[Group, ...]:
    parts = key.split(".")
    return tuple(form.group(".".join(parts[:depth])) for depth in range(1, len(parts) + 1))


def load_synthesis(store: Store, form: Form, year: int) -> Synthesis:
    """Read the returns, themes and anchored passages of ``form`` (as registered) and ``year``; only the
    answers of chosen examples are read (to quote their sentences), so memory does not grow with the returns."""
    consolidation = load_consolidation(store, form, year, values=False)
    resolved = consolidation.form
    country_of = {r.reply_id: r.country for r in consolidation.returns}
    by_theme: dict[int, list[Example]] = {}
    answers: dict[int, dict[str, object]] = {}
    for passage in store.passages_of_year(form.id, year, anchored_only=True):
        if passage.reply_id not in country_of or passage.id is None:
            continue
        sentence = ""
        if passage.example:
            if passage.reply_id not in answers:
                answers[passage.reply_id] = store.values(passage.reply_id)
            value = answers[passage.reply_id].get(passage.key)
            shown = choice_label(resolved, passage.key, passage.quote)
            sentence = shown if shown != passage.quote else quotes.sentence_of(value, passage.quote)
        by_theme.setdefault(passage.theme_id, []).append(
            Example(country_of[passage.reply_id], passage.key, passage.quote, passage.id, passage.example,
                    passage.label, sentence))
    order = {key: n for n, key in enumerate(resolved.group_keys())}
    themes = [t for t in store.themes(form.id, year) if t.under in order]
    themes.sort(key=lambda t: (order[t.under], t.position, t.id or 0))
    previous = _previous_reporters(store, form, [t.carried_from for t in themes if t.carried_from])
    members = [r.country for r in consolidation.returns]
    sections: list[GoalSection] = []
    for under in dict.fromkeys(t.under for t in themes):
        actions = []
        for number, theme in enumerate((t for t in themes if t.under == under), start=1):
            assert theme.id is not None
            examples = sorted(by_theme.get(theme.id, []),
                              key=lambda e: (report_order(resolved, e.country), e.passage_id))
            countries = tuple(dict.fromkeys(e.country for e in examples))
            both = None
            if theme.carried_from and theme.carried_from in previous:
                before, _ = previous[theme.carried_from]
                both = tuple(c for c in countries if c in before)
            actions.append(Action(number, theme.id, theme.title, theme.description, theme.narrative, countries,
                                  tuple(examples), both,
                                  previous[theme.carried_from][1] if theme.carried_from in previous else None))
        tagged = {c for action in actions for c in action.countries}
        addressed = set(consolidation.addressed_under(under))  # a recommendation: only the Parties it addresses
        untagged = tuple(sorted((c for c in members if c not in tagged and c in addressed),
                                key=lambda c: report_order(resolved, c)))
        sections.append(GoalSection(group_path(resolved, under), under, tuple(actions), untagged))
    return Synthesis(resolved, year, consolidation, tuple(sections))


def _previous_reporters(store: Store, form: Form, theme_ids: list[int]) -> dict[int, tuple[set[str], int]]:
    """For each earlier theme an action was carried from: the members that reported it then, and its year."""
    found: dict[int, tuple[set[str], int]] = {}
    replies = store.replies() if theme_ids else []
    for theme_id in dict.fromkeys(theme_ids):
        theme = store.theme(theme_id)
        countries = {reply.id: reply.country for reply in replies
                     if reply.form_id == form.id and reply.year == theme.year}
        found[theme_id] = ({countries[p.reply_id] for p in store.passages(theme_id)
                            if p.reply_id in countries and p.state == "anchored"},
                           theme.year)
    return found
