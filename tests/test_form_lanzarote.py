"""The Lanzarote 2nd monitoring round (CSGSIV) follow-up form, checked against its sources.

The factsheet is a converted document: markdown links, bold/italic markers, footnote
superscripts (``²``, ``^{4 5}``), bullets and page breaks (which drop footnote blocks into
the middle of sentences) are conversion noise.  The helpers below remove that noise but
keep the footnote references as markers, because the footnotes are where the factsheet
gives the recommendation numbers ("⁴ Recommendation II-3.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from tests import sources

from replydesk.definitions import Form, Group, QuestionType, load_form

ROOT = Path(__file__).resolve().parents[1]
FORM_PATH = ROOT / "forms" / "lanzarote-2-csgsiv-follow-up.yaml"
FACTSHEET = sources.LANZAROTE_FACTSHEET_DENMARK
BASELINE_MAPPING = sources.BASELINE_MAPPING_2021

#: Recommendations the factsheet states without citing their number (no footnote).
INFERRED_NUMBERS = {"X-1"}

URGENCY_VERBS = {"requires": "require", "requests": "request", "invites": "invite"}
STATUS_VALUES = ["implemented", "partially_implemented", "in_progress", "not_implemented", "not_applicable"]
PROMISING_PRACTICES_HELP = ("Promising practices on the topic of this chapter, including news of those the Party's "
                            "factsheet cites.")

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE_START_RE = re.compile(f"[{SUPERSCRIPTS}]+")
_REFERENCE_RE = re.compile(rf"\^\{{([\d ]+)\}}|([{SUPERSCRIPTS}]+)")
_BULLET_RE = re.compile(r"(?m)^[ \t]*[-•][ \t]+")
_MARKER_RE = re.compile(r"⟦(\d+)⟧")
_MARKER_RUN_RE = re.compile(r"(?:⟦\d+⟧)+")
_HEADING_RE = re.compile(r"([IVX]+)\. (.+)")
_NUMBER_RE = re.compile(r"\b[IVX]+-\d+\b")
_CITATION_RE = re.compile(r"Recommendations? [IVX]+-\d+(?:(?:, | and )[IVX]+-\d+)*")
_ARTICLES_RE = re.compile(r"\b(?:Articles?|Art\.) ?(\d+(?:(?:, | and )\d+)*)")
_LEAD_IN_RE = re.compile(r"Committee (?:also )?(requires|requests|invites) (.*?)(?::| to )")


# -- reading the sources ---------------------------------------------------------------------------


def _unlink(text: str) -> str:
    return _LINK_RE.sub(r"\1", text)


def _marker(match: re.Match[str]) -> str:
    if match.group(1):
        return "".join(f"⟦{n}⟧" for n in match.group(1).split())
    return f"⟦{int(match.group(2).translate(_SUPERSCRIPT_DIGITS))}⟧"


def normalise(text: str) -> str:
    """Text without markup, bullets and line breaks; footnote references become ⟦n⟧ markers."""
    text = _REFERENCE_RE.sub(_marker, _unlink(text)).replace("**", "").replace("*", "")
    return " ".join(_BULLET_RE.sub("", text).split())


def strip_markers(marked: str) -> tuple[str, list[int]]:
    """The text without ⟦n⟧ markers, and for each of its characters the index in ``marked``."""
    chars: list[str] = []
    index: list[int] = []
    position = 0
    for match in [*_MARKER_RE.finditer(marked), None]:
        end = match.start() if match else len(marked)
        chars.extend(marked[position:end])
        index.extend(range(position, end))
        position = match.end() if match else end
    return "".join(chars), index


@dataclass(frozen=True)
class Chapter:
    number: str
    title: str
    marked: str  # normalised body, footnote references as ⟦n⟧ markers
    text: str  # the same without markers
    index: list[int]  # text position -> marked position


@dataclass(frozen=True)
class Factsheet:
    raw: str
    chapters: dict[str, Chapter]
    footnotes: dict[int, str]


@cache
def factsheet() -> Factsheet:
    raw = FACTSHEET.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", raw) if p.strip()]
    footnotes: dict[int, str] = {}
    body: list[str] = []
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        start = _FOOTNOTE_START_RE.match(paragraph)
        if start is None:
            body.append(paragraph)
        else:
            note = _unlink(paragraph[start.end() :]).strip()
            # A footnote cut by a page break ("...broader training" / "programmes.") goes on
            # in the next paragraph; take it along so that it does not split body text.
            while (not note or note[-1].isalpha() or note[-1] == "-") and i + 1 < len(paragraphs):
                i += 1
                note = f"{note} {_unlink(paragraphs[i])}".strip()
            footnotes[int(start.group().translate(_SUPERSCRIPT_DIGITS))] = note
        i += 1
    sections: dict[str, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    for paragraph in body:
        heading = _HEADING_RE.fullmatch(paragraph)
        if heading:
            current = []
            sections[heading.group(1)] = (heading.group(2), current)
        elif current is not None:
            current.append(paragraph)
    chapters = {}
    for number, (title, paragraphs_here) in sections.items():
        marked = " ".join(normalise(p) for p in paragraphs_here)
        text, index = strip_markers(marked)
        chapters[number] = Chapter(number, title, marked, text, index)
    return Factsheet(raw, chapters, footnotes)


def cited_numbers(text: str) -> set[str]:
    """Recommendation numbers cited as "Recommendation II-3", "Recommendations V-6, V-11"..."""
    return {number for citation in _CITATION_RE.findall(text) for number in _NUMBER_RE.findall(citation)}


def articles_cited(text: str) -> set[str]:
    """Article numbers in "Article 20(3)", "Art. 25(2)", "The Articles 5, 6 and 8"..."""
    return {number for match in _ARTICLES_RE.finditer(text) for number in re.findall(r"\d+", match.group(1))}


def fig1_member_states() -> list[str]:
    lines = BASELINE_MAPPING.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Country\t"))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("Fig. 1"))
    header = lines[start].split("\t")
    lanzarote = next(i for i, title in enumerate(header) if title.startswith("State Party to Lanzarote Convention"))
    return [m.group(1) for line in lines[start + 1 : end] if (m := re.match(r"([A-Z][A-Z ]*[A-Z])\t", line))
            and line.split("\t")[lanzarote] == "✓"]


# -- the form --------------------------------------------------------------------------------------


@cache
def form() -> Form:
    return load_form(FORM_PATH)


def chapter_groups() -> list[Group]:
    return [g for g in form().groups if g.kind == "chapter"]


def recommendations() -> list[tuple[Group, Group]]:
    return [(chapter, group) for chapter in chapter_groups() for group in chapter.groups]


def numbers_of(group: Group) -> list[str]:
    return group.number.split(", ")


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    markers: list[int]  # footnote references right after the text


def locate(chapter: Chapter, text: str) -> Located:
    wanted = normalise(text.replace("{party}", "Denmark"))  # the Party this factsheet is for
    assert _MARKER_RE.search(wanted) is None
    start = chapter.text.find(wanted)
    assert start >= 0, f"not verbatim in chapter {chapter.number} of the factsheet: {wanted!r}"
    assert chapter.text.find(wanted, start + 1) < 0, f"found twice in chapter {chapter.number}: {wanted!r}"
    end = start + len(wanted)
    run = _MARKER_RUN_RE.match(chapter.marked, chapter.index[end - 1] + 1)
    return Located(start, end, [int(n) for n in _MARKER_RE.findall(run.group())] if run else [])


def rec_ids() -> list[str]:
    return [f"{chapter.key}.{group.key}" for chapter, group in recommendations()]


# -- tests -----------------------------------------------------------------------------------------


def test_form_loads_with_its_identity() -> None:
    f = form()
    assert f.id == "lanzarote-2-csgsiv-follow-up"
    assert f.period.default_year == 2023
    assert f.participants_label == "Party"
    assert "{year}" in f.title
    assert "2023" in f.resolved().title
    report_title = re.search(r"Implementation Report on:\s*(“[^”]+”)", factsheet().raw)
    assert report_title is not None
    assert report_title.group(1) in f.description
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*", key) for key in f.keys())
    assert len(f.keys()) == len(set(f.keys()))


def test_chapters_are_the_factsheet_chapters_ii_to_xi() -> None:
    in_factsheet = [(c.number, c.title) for c in factsheet().chapters.values() if c.number != "I"]
    in_form = [(g.number, g.title) for g in chapter_groups()]
    assert in_form == in_factsheet
    assert [n for n, _ in in_form] == ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
    assert [g.key for g in form().groups] == [f"ch{n}" for n in range(2, 12)]
    for group in chapter_groups():
        assert group.label == group.number
        assert f"\n{group.number}. {group.title}\n" in factsheet().raw
        assert group.groups and all(child.kind == "recommendation" for child in group.groups)


@pytest.mark.parametrize(("chapter", "group"), recommendations(), ids=rec_ids())
def test_recommendation_text_is_verbatim_in_its_chapter(chapter: Group, group: Group) -> None:
    assert group.text.strip()
    locate(factsheet().chapters[chapter.number], group.text)


@pytest.mark.parametrize(("chapter", "group"), recommendations(), ids=rec_ids())
def test_recommendation_number_is_the_one_its_footnote_cites(chapter: Group, group: Group) -> None:
    sheet = factsheet()
    located = locate(sheet.chapters[chapter.number], group.text)
    cited = set().union(*(cited_numbers(sheet.footnotes[n]) for n in located.markers))
    if set(numbers_of(group)) <= INFERRED_NUMBERS:
        assert not cited, f"{group.number} is cited by footnote(s) {located.markers}: no longer inferred"
    else:
        assert cited == set(numbers_of(group))


def test_every_cited_recommendation_is_in_the_form() -> None:
    cited = cited_numbers(factsheet().raw)
    in_form = [number for _, group in recommendations() for number in numbers_of(group)]
    assert len(in_form) == len(set(in_form)), "a recommendation number appears twice"
    assert cited == set(in_form) - INFERRED_NUMBERS
    assert not cited & INFERRED_NUMBERS
    for chapter, group in recommendations():
        assert all(number.split("-")[0] == chapter.number for number in numbers_of(group))


@pytest.mark.parametrize(("chapter", "group"), recommendations(), ids=rec_ids())
def test_urgency_and_addressee_follow_the_committees_verb(chapter: Group, group: Group) -> None:
    section = factsheet().chapters[chapter.number]
    located = locate(section, group.text)
    lead_ins = [m for m in _LEAD_IN_RE.finditer(section.text) if m.start() < located.end]
    assert lead_ins, f"no 'The Committee requires/requests/invites' before {group.number}"
    verb, addressee = lead_ins[-1].group(1), lead_ins[-1].group(2)
    assert group.urgency in {"require", "request", "invite"}
    assert group.urgency == URGENCY_VERBS[verb]
    if "not already doing so" in addressee:
        assert (group.addressed_to, group.parties) == ("some_parties", ["DENMARK"])  # its factsheet lists it
    elif "Parties" in addressee:
        assert (group.addressed_to, group.parties) == ("all_parties", [])
    else:
        assert addressee == "Denmark"
        assert (group.addressed_to, group.parties) == ("party", ["DENMARK"])
    assert "Denmark" not in group.text


def test_every_lead_in_introduces_a_recommendation_of_the_form() -> None:
    for chapter in chapter_groups():
        section = factsheet().chapters[chapter.number]
        lead_ins = [m.start() for m in _LEAD_IN_RE.finditer(section.text)]
        governing = set()
        for group in chapter.groups:
            end = locate(section, group.text).end
            governing.add(max(start for start in lead_ins if start < end))
        assert governing == set(lead_ins), f"chapter {chapter.number}: a recommendation is missing"


@pytest.mark.parametrize(("chapter", "group"), recommendations(), ids=rec_ids())
def test_recommendation_group_shape(chapter: Group, group: Group) -> None:
    numbers = numbers_of(group)
    assert all(re.fullmatch(r"[IVX]+-\d+", n) for n in numbers)
    assert group.kind == "recommendation"
    assert group.key == "r" + "_".join(n.split("-")[1] for n in numbers)
    if len(numbers) == 1:
        assert group.label == f"Recommendation {numbers[0]}"
    else:
        assert group.label.startswith("Recommendations ")
        assert _NUMBER_RE.findall(group.label) == numbers
    assert [f"Recommendation {n}" for n in numbers] == group.refs[: len(numbers)]
    assert all(ref.startswith("Lanzarote Art. ") for ref in group.refs[len(numbers) :])
    assert not group.groups

    questions = {q.key: q for q in group.questions}
    assert list(questions) == ["status", "measures", "date_in_force", "links"]
    assert questions["status"].type is QuestionType.SINGLE_CHOICE
    assert [c.value for c in questions["status"].choices] == STATUS_VALUES
    assert questions["measures"].type is QuestionType.LONG_TEXT
    assert "since the adoption of the report in March 2022" in questions["measures"].prompt
    assert "since the adoption of the report in March 2022" in factsheet().raw
    assert questions["date_in_force"].type is QuestionType.DATE
    assert questions["date_in_force"].prompt == "Date of entry into force"
    links = questions["links"]
    assert links.type is QuestionType.TABLE
    assert [(c.key, c.label, c.type) for c in links.columns] == [
        ("title", "Title", QuestionType.SHORT_TEXT),
        ("url", "Link", QuestionType.URL),
    ]


def test_lanzarote_articles_in_refs_are_cited_in_the_chapter() -> None:
    sample = "The Articles 5, 6 and 8 of the Convention; Art. 25(2); Article 20(1)(a)"
    assert articles_cited(sample) == {"5", "6", "8", "20", "25"}
    for chapter in chapter_groups():
        cited = articles_cited(factsheet().chapters[chapter.number].text)
        for group in [chapter, *chapter.groups]:
            for ref in group.refs:
                if ref.startswith("Lanzarote Art. "):
                    assert ref.removeprefix("Lanzarote Art. ") in cited, (chapter.number, group.number, ref)


def test_each_chapter_asks_for_other_measures_and_promising_practices() -> None:
    for chapter in chapter_groups():
        questions = {q.key: q for q in chapter.questions}
        assert list(questions) == ["other_measures", "promising_practices"]
        assert all(q.type is QuestionType.LONG_TEXT for q in questions.values())
        # every Party's factsheet cites its own practices: the help names none of Denmark's
        assert questions["promising_practices"].help == PROMISING_PRACTICES_HELP, chapter.number


def test_participants_are_the_states_fig1_marks_as_parties_to_the_lanzarote_convention() -> None:
    states = fig1_member_states()
    assert len(states) == 47
    assert [p.name for p in form().participants] == states


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Slovak Republic", "SLOVAK REPUBLIC"),
        ("Slovakia", "SLOVAK REPUBLIC"),
        ("Republic of Moldova", "REPUBLIC OF MOLDOVA"),
        ("Moldova", "REPUBLIC OF MOLDOVA"),
        ("Luxemburg", "LUXEMBOURG"),
        ("LUXEMBOURG", "LUXEMBOURG"),
        ("Bosnia & Herzegovina", "BOSNIA AND HERZEGOVINA"),
        ("Bosnia  and Herzegovina", "BOSNIA AND HERZEGOVINA"),
        ("Türkiye", "TURKEY"),
        ("Turkey", "TURKEY"),
        ("North Macedonia", "NORTH MACEDONIA"),
        ("Czechia", "CZECH REPUBLIC"),
        ("The Netherlands", "NETHERLANDS"),
        ("Denmark", "DENMARK"),
    ],
)
def test_participant_names_and_aliases_resolve(name: str, expected: str) -> None:
    participant = form().participant(name)
    assert participant is not None
    assert participant.name == expected


def test_non_member_states_do_not_resolve() -> None:
    assert form().participant("Tunisia") is None
    assert form().participant("Kosovo") is None


def test_the_verbatim_check_catches_altered_wording() -> None:
    """The checks above must fail on a changed quote, word or number, not only pass."""
    section = factsheet().chapters["II"]
    original = "to ensure that sexual extortion of children involving CSGSIV is investigated and prosecuted."
    assert locate(section, original).markers == [25]
    assert cited_numbers(factsheet().footnotes[25]) == {"II-12"}
    for altered in [
        original.replace("investigated", "examined"),
        'to introduce a definition of "child sexual abuse material" in its legal framework',
    ]:
        with pytest.raises(AssertionError):
            locate(section, altered)
    assert cited_numbers("Recommendations V-4, V-7, V-12, V-15.") == {"V-4", "V-7", "V-12", "V-15"}
    assert cited_numbers("Recommendation III-17 and III-19.") == {"III-17", "III-19"}
