"""The Baseline Mapping questionnaire (forms/coe-ocsea-baseline.yaml) against its source.

The source is the Council of Europe's "Member state responses to prevent and combat online child
sexual exploitation and abuse - Baseline Mapping, Second Edition" (2021), converted to text in
tests/data/sources/.  These tests read the report itself, so a definition that drifts from it fails.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from tests import sources

from replydesk.definitions import Form, Group, Question, QuestionType, load_form
from replydesk.definitions.problems import find_problems
from replydesk.definitions.values import completion, is_answered, parse_text, relevant_slots

ROOT = Path(__file__).resolve().parents[1]
FORM_PATH = ROOT / "forms" / "coe-ocsea-baseline.yaml"
SOURCE_PATH = sources.BASELINE_MAPPING_2021

#: Footnote markers in the converted report ("Fig.4 ... 2019 and 2020⁶⁰").
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SOURCE_PREFIX = "Baseline Mapping 2021, "
LOCATOR = re.compile(
    r"^Baseline Mapping 2021, (?:Fig\. (?P<fig>[1-7])\b|section (?P<section>[1-8])\b"
    r"|(?P<recs>Recommendations)\b|(?P<exec>Executive Summary)\b|Appendix (?P<appendix>[23])\b)"
)
QUOTE = re.compile(r"“([^“”]+)”")


def norm(text: str) -> str:
    """Collapse whitespace, drop footnote markers and the converter's spaces inside “ ”."""
    text = text.translate({ord(c): None for c in SUPERSCRIPTS})
    text = re.sub(r"\s+", " ", text)
    return text.replace("“ ", "“").replace(" ”", "”").strip()


# -- the source ---------------------------------------------------------------------------------
@cache
def source_lines() -> tuple[str, ...]:
    return tuple(SOURCE_PATH.read_text(encoding="utf-8").splitlines())


def line_index(predicate, start: int = 0) -> int:
    for index in range(start, len(source_lines())):
        if predicate(source_lines()[index]):
            return index
    raise AssertionError("landmark not found in the source")


def exact(text: str):
    return lambda line: line.strip() == text


@cache
def area_headings() -> tuple[tuple[int, str, str], ...]:
    """(line, number, title) of the body headings "1. Governance structures ..." (not the contents)."""
    found = []
    for index, line in enumerate(source_lines()):
        match = re.fullmatch(r"([1-8])\. ([A-Z][^\t]*[^.;:\s])", line)
        if match:
            found.append((index, match.group(1), match.group(2)))
    return tuple(found)


@cache
def spans() -> dict[str, str]:
    """Normalised text of each part of the report a source may cite."""
    lines = source_lines()

    def between(start: int, end: int) -> str:
        return norm("\n".join(lines[start:end]))

    headings = area_headings()
    epilogue = line_index(exact("Epilogue: Responding to OCSEA in a Global Pandemic"))
    result = {
        "exec": between(
            line_index(exact("Executive Summary")),
            line_index(exact("Introduction to Online Child Sexual Exploitation and Abuse (OCSEA)")),
        ),
        "intro": between(line_index(exact("Mapping, Discussion and Promising Practices")), headings[0][0]),
        "recs": between(line_index(exact("Recommendations")), line_index(exact("Research Limitations"))),
    }
    bounds = [h[0] for h in headings] + [epilogue]
    for (start, number, _), end in zip(headings, bounds[1:], strict=True):
        result[f"section{number}"] = between(start, end)
    appendix2 = line_index(lambda s: s.startswith("Appendix 2 - "))
    appendix3 = line_index(lambda s: s.startswith("Appendix 3 – ") and "\t" not in s)
    result["appendix2"] = between(appendix2, appendix3)
    result["appendix3"] = between(appendix3, len(lines))
    return result


@cache
def full_text() -> str:
    return norm("\n".join(source_lines()))


@cache
def captions() -> dict[str, tuple[int, str]]:
    """Figure number -> (line, caption), e.g. "4" -> "NCMEC CyberTip reports for ..., 2019 and 2020"."""
    found = {}
    for index, line in enumerate(source_lines()):
        match = re.match(r"^Fig\. ?([1-9]) (.+)$", line)
        if match:
            found[match.group(1)] = (index, norm(match.group(2)))
    return found


def figure_table(number: str) -> tuple[list[str], list[list[str]]]:
    """The header cells and the country rows of a figure (footnotes between page breaks skipped)."""
    caption_line = captions()[number][0]
    header_line = max(i for i in range(caption_line) if source_lines()[i].startswith("Country\t"))
    header = [norm(cell) for cell in source_lines()[header_line].split("\t")]
    rows = []
    for line in source_lines()[header_line + 1 : caption_line]:
        cells = [norm(cell) for cell in line.split("\t")]
        if len(cells) > 1 and re.fullmatch(r"[A-Z][A-Z &]+", cells[0]) and "TOTAL" not in cells[0]:
            rows.append(cells)
    return header, rows


def appendix3_countries() -> list[str]:
    start = line_index(lambda s: s.startswith("Appendix 3 – ") and "\t" not in s)
    names = []
    for line in source_lines()[start + 1 :]:
        first = line.split("\t")[0] if "\t" in line else ""
        first = re.sub(r"</?p>", "", first).strip()
        if re.fullmatch(r"[A-Z][A-Z &]+", first):
            names.append(first)
    return names


def section_of_line(index: int) -> str:
    headings = area_headings()
    if index < headings[0][0]:
        return "intro"
    return "section" + [number for line, number, _ in headings if line <= index][-1]


# -- the form -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def form() -> Form:
    return load_form(FORM_PATH)


def areas(form: Form) -> list[Group]:
    return [group for group in form.groups if group.kind == "area"]


def all_groups(groups: list[Group]):
    for group in groups:
        yield group
        yield from all_groups(group.groups)


def mnr_table(form: Form) -> Question:
    tables = [s.question for s in form.slots if s.question.type is QuestionType.TABLE and s.question.rows]
    assert len(tables) == 1, "expected exactly one table with fixed rows: the MNR self-assessment"
    return tables[0]


# -- identity -----------------------------------------------------------------------------------
def test_form_identity(form: Form) -> None:
    assert form.id == "coe-ocsea-baseline"
    assert form.participants_label == "Member state"
    report_title = "Member state responses to prevent and combat online child sexual exploitation and abuse"
    assert source_lines()[4] == report_title
    assert form.title.startswith(report_title + " – Baseline Mapping")
    # {year} is the data year: Fig. 4 reports 2019 and 2020, Fig. 7 plans Safer Internet Day 2021.
    assert form.period.default_year == 2020
    assert "{year}" in form.title


# -- the eight mapping areas --------------------------------------------------------------------
def test_source_has_eight_area_headings() -> None:
    assert [number for _, number, _ in area_headings()] == [str(n) for n in range(1, 9)]


def test_eight_areas_in_the_reports_order(form: Form) -> None:
    found = areas(form)
    assert [g.key for g in found] == [f"area{n}" for n in range(1, 9)]
    assert [g.number for g in found] == [str(n) for n in range(1, 9)]
    assert [g.label for g in found] == [f"{n}." for n in range(1, 9)]
    assert [g.title for g in found] == [title for _, _, title in area_headings()]


@pytest.mark.parametrize("number", [str(n) for n in range(1, 9)])
def test_area_title_and_text_are_verbatim(form: Form, number: str) -> None:
    group = areas(form)[int(number) - 1]
    assert norm(f"{number}. {group.title}") in full_text()
    assert group.text.strip(), f"area {number} has no text"
    for paragraph in filter(None, (p.strip() for p in group.text.split("\n"))):
        assert norm(paragraph) in spans()[f"section{number}"], f"area {number}: {paragraph[:60]!r}"


def test_area_source_is_the_executive_summary_topic(form: Form) -> None:
    for group in areas(form):
        quotes = QUOTE.findall(group.source)
        assert group.source.startswith(SOURCE_PREFIX + "Executive Summary: "), group.key
        assert len(quotes) == 1 and norm(quotes[0]).startswith(group.title), group.key
        assert norm(quotes[0]) in spans()["exec"], group.key
        assert group.refs and any(ref.startswith("MNR ") for ref in group.refs), group.key


def test_other_group_texts_are_verbatim(form: Form) -> None:
    for group in all_groups(form.groups):
        for paragraph in filter(None, (p.strip() for p in group.text.split("\n"))):
            assert norm(paragraph) in full_text(), f"{group.key}: {paragraph[:60]!r}"


# -- participants -------------------------------------------------------------------------------
def test_participants_are_the_47_member_states_of_fig_1(form: Form) -> None:
    _, rows = figure_table("1")
    fig1 = [row[0] for row in rows]
    assert len(fig1) == 47
    assert [p.name for p in form.participants] == fig1


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Slovakia", "SLOVAK REPUBLIC"),
        ("SLOVAK REPUBLIC", "SLOVAK REPUBLIC"),
        ("Moldova", "REPUBLIC OF MOLDOVA"),
        ("Republic of  Moldova", "REPUBLIC OF MOLDOVA"),
        ("Luxemburg", "LUXEMBOURG"),
        ("Bosnia & Herzegovina", "BOSNIA AND HERZEGOVINA"),
        ("Turkey", "TURKEY"),
        ("Türkiye", "TURKEY"),
        ("North Macedonia", "NORTH MACEDONIA"),
        ("The former Yugoslav Republic of Macedonia", "NORTH MACEDONIA"),
        ("Czechia", "CZECH REPUBLIC"),
        ("The Netherlands", "NETHERLANDS"),
        ("Russia", "RUSSIAN FEDERATION"),
        ("UK", "UNITED KINGDOM"),
    ],
)
def test_aliases_resolve(form: Form, alias: str, name: str) -> None:
    participant = form.participant(alias)
    assert participant is not None, alias
    assert participant.name == name


def test_unknown_names_do_not_resolve(form: Form) -> None:
    assert form.participant("Kosovo") is None
    assert form.participant("Belarus") is None


@pytest.mark.parametrize("number", ["1", "2", "3", "4", "5", "6", "7"])
def test_every_figure_names_the_47_member_states(form: Form, number: str) -> None:
    """Figures spell countries differently (MOLDOVA, SLOVAKIA, BOSNIA & ...): aliases cover them all."""
    _, rows = figure_table(number)
    resolved = {form.participant(row[0]).name if form.participant(row[0]) else row[0] for row in rows}
    assert resolved == {p.name for p in form.participants}


def test_appendix_3_names_resolve(form: Form) -> None:
    names = appendix3_countries()
    unresolved = [n for n in names if form.participant(n) is None]
    assert not unresolved
    assert {form.participant(n).name for n in names} == {p.name for p in form.participants}


# -- the Model National Response ----------------------------------------------------------------
def appendix2_capabilities() -> list[str]:
    start = line_index(lambda s: s.startswith("Appendix 2 - "))
    end = line_index(lambda s: s.startswith("Appendix 3 – ") and "\t" not in s, start)
    found = []
    for line in source_lines()[start:end]:
        for cell in line.split("\t"):
            if re.match(r"^\d{1,2} [A-Z]", cell.strip()):
                found.append(cell.strip())
    return found


def test_mnr_table_has_the_21_capabilities_of_appendix_2(form: Form) -> None:
    table = mnr_table(form)
    capabilities = appendix2_capabilities()
    assert len(capabilities) == 21
    assert [c.split(" ", 1)[0] for c in capabilities] == [str(n) for n in range(1, 22)]
    assert [r.value for r in table.rows] == [f"c{n:02d}" for n in range(1, 22)]
    assert [r.label for r in table.rows] == capabilities
    for row in table.rows:
        assert norm(row.label) in spans()["appendix2"], row.label
    assert "MNR" in table.refs


def test_mnr_table_columns(form: Form) -> None:
    columns = {c.key: c for c in mnr_table(form).columns}
    assert columns["score"].type is QuestionType.INTEGER
    assert (columns["score"].min, columns["score"].max) == (0, 5)
    assert columns["evidence"].type in (QuestionType.LONG_TEXT, QuestionType.SHORT_TEXT)
    # The question asks to assess each capability: the score is that assessment, the rest supports it.
    assert [c.key for c in columns.values() if c.required] == ["score"]


def test_the_mnr_table_is_complete_only_when_every_capability_is_scored(form: Form) -> None:
    table = mnr_table(form)
    slot = next(s for s in form.slots if s.question is table)
    one_cell = [{"row": "c01", "score": 3}]
    assert not is_answered(table, one_cell)
    assert completion(form, {slot.key: one_cell})[0] == 0
    problem = next(p for p in find_problems(form, {slot.key: one_cell}) if p.key == slot.key)
    assert problem.what.startswith("required, not complete: 20 of 21 rows still need “Score (0–5)”")
    evidence_only = [{"row": r.value, "evidence": "See the Act."} for r in table.rows]
    assert not is_answered(table, evidence_only)
    scored = [{"row": r.value, "score": 2} for r in table.rows]
    assert is_answered(table, scored) and completion(form, {slot.key: scored})[0] == 1
    assert not [p for p in find_problems(form, {slot.key: scored}) if p.key == slot.key]


# -- questions: sources, wording, types ---------------------------------------------------------
def test_every_question_names_its_source(form: Form) -> None:
    problems = []
    for slot in form.slots:
        q = slot.question
        match = LOCATOR.match(q.source)
        if not match:
            problems.append(f"{slot.key}: source does not start with a figure or passage of the report")
            continue
        anchors = 0
        if match["fig"]:
            line, caption = captions()[match["fig"]]
            if caption not in norm(q.source):
                problems.append(f"{slot.key}: source does not give the caption of Fig. {match['fig']}")
            anchors += 1
            span = spans()[section_of_line(line)]
        elif match["section"]:
            span = spans()["section" + match["section"]]
        elif match["recs"]:
            span = spans()["recs"]
        elif match["exec"]:
            span = spans()["exec"]
        else:
            span = spans()["appendix" + match["appendix"]]
            heading = next(
                s for s in source_lines() if s.startswith(f"Appendix {match['appendix']} ") and "\t" not in s
            )
            anchors += norm(heading) in norm(q.source)
        for quote in QUOTE.findall(q.source):
            anchors += 1
            if norm(quote) not in span:
                problems.append(f"{slot.key}: quote not found where the source says: {quote[:60]!r}")
        if not anchors:
            problems.append(f"{slot.key}: source quotes nothing from the report")
    assert not problems, "\n".join(problems)


def test_figure_questions_use_the_figures_wording(form: Form) -> None:
    """A question citing a figure asks for one of its columns, in the report's words (for its year)."""
    resolved = form.resolved()
    headers = {n: set(figure_table(n)[0]) for n in captions()}
    cited = 0
    for slot in resolved.slots:
        match = LOCATOR.match(slot.question.source)
        if match and match["fig"]:
            cited += 1
            prompt = slot.question.prompt
            if slot.question.type is QuestionType.TABLE:
                assert norm(prompt) in captions()[match["fig"]][1], slot.key
            else:
                assert prompt in headers[match["fig"]], f"{slot.key}: {prompt!r}"
    assert cited >= 15


def test_fig_1_signed_columns_offer_signed(form: Form) -> None:
    header, rows = figure_table("1")
    by_prompt = {s.question.prompt: s.question for s in form.slots}
    for column, title in enumerate(header[1:], start=1):
        question = by_prompt[title]
        if any(row[column] == "SIGNED" for row in rows):
            assert question.type is QuestionType.SINGLE_CHOICE, title
            assert {"ratified", "signed", "none"} <= {c.value for c in question.choices}, title
        else:
            assert question.type in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE), title
    assert any(row[column] == "SIGNED" for row in rows for column in range(1, len(header)))


def test_year_columns_resolve_to_the_reports_years(form: Form) -> None:
    resolved = form.resolved()
    prompts = {slot.key: slot.question.prompt for slot in resolved.slots}
    assert prompts["area4.cybertip_previous"] == "2019 Reports"
    assert prompts["area4.cybertip_year"] == "2020 Reports"
    assert prompts["area7.sid_year"] == "Safer Internet Day 2020"
    assert prompts["area7.sid_next"] == "Safer Internet Day 2021 (planned)"
    assert prompts["area4.cybertip_previous_share"] == "% of 2019 Global Total"
    assert prompts["area4.cybertip_year_share"] == "% of 2020 Global Total"
    assert prompts["area4.cybertip_change"] == "% Change 2019 - 2020"
    later = form.resolved(2021)
    assert later.slot("area4.cybertip_year").question.prompt == "2021 Reports"
    assert later.slot("area4.cybertip_change").question.prompt == "% Change 2020 - 2021"


def test_fig_4_percentages_are_percentage_questions_that_take_every_figure(form: Form) -> None:
    """Shares of the global total and the year-on-year change: typed as the report prints them, kept as percent."""
    header, rows = figure_table("4")
    by_prompt = {slot.question.prompt: slot.question for slot in form.resolved().slots}
    columns = [index for index, title in enumerate(header) if title.startswith("%")]
    assert [header[i] for i in columns] == ["% of 2019 Global Total", "% of 2020 Global Total",
                                            "% Change 2019 - 2020"]
    for column in columns:
        question = by_prompt[header[column]]
        assert question.type is QuestionType.PERCENTAGE, header[column]
        for row in rows:
            assert parse_text(question, row[column]) == float(row[column].removesuffix("%")), (row[0], column)
    change = by_prompt["% Change 2019 - 2020"]
    changes = {row[0]: parse_text(change, row[columns[-1]]) for row in rows}
    assert min(changes.items(), key=lambda item: item[1]) == ("ROMANIA", -44.43)
    assert max(changes.items(), key=lambda item: item[1]) == ("POLAND", 390.42)
    assert (change.min, change.max) == (-100, None)
    for share in columns[:2]:
        assert (by_prompt[header[share]].min, by_prompt[header[share]].max) == (0, 100)


def _numbers(form: Form):
    for slot in form.slots:
        q = slot.question
        if q.type in (QuestionType.INTEGER, QuestionType.DECIMAL):
            yield slot.key, q
        for column in q.columns:
            if column.type in (QuestionType.INTEGER, QuestionType.DECIMAL):
                yield f"{slot.key}.{column.key}", column


def test_scores_are_0_to_5(form: Form) -> None:
    integers = [(key, q) for key, q in _numbers(form) if q.type is QuestionType.INTEGER]
    scores = [(key, q) for key, q in integers if key.endswith("score")]
    assert len(scores) >= 3
    for key, q in scores:
        assert (q.min, q.max) == (0, 5), key


def test_counts_and_ages_are_bounded(form: Form) -> None:
    for key, q in _numbers(form):
        assert q.min is not None and q.min >= 0, f"{key} accepts negative numbers"
    ages = [(key, q) for key, q in _numbers(form) if key.rsplit(".", 1)[-1].startswith("age_")]
    assert len(ages) == 2
    for key, q in ages:
        assert q.type is QuestionType.INTEGER and (q.min, q.max) == (0, 18), key


def test_core_questions_are_required(form: Form) -> None:
    required = {slot.key for slot in form.slots if slot.question.required}
    assert {"commitments.lanzarote", "commitments.budapest", "area4.specialist_capacity"} <= required
    assert 4 <= len(required) <= len(form.slots) // 4


# -- relevance ----------------------------------------------------------------------------------
def _relevant(form: Form, answers: dict) -> set[str]:
    return {slot.key for slot in relevant_slots(form, answers)}


def test_details_follow_their_yes(form: Form) -> None:
    assert "area1.coordination_details" not in _relevant(form, {})
    assert "area1.coordination_details" in _relevant(form, {"area1.coordination_body": "yes"})
    assert "area1.coordination_details" not in _relevant(form, {"area1.coordination_body": "no"})
    assert "area3.duty_scope" in _relevant(form, {"area3.duty_to_report": "yes"})
    assert "area3.duty_scope" not in _relevant(form, {"area3.duty_to_report": "no"})


def test_ombudsperson_questions_follow_fig_2(form: Form) -> None:
    assert "area1.other_ombudsperson" in _relevant(form, {"area1.enoc": "none"})
    assert "area1.other_ombudsperson" not in _relevant(form, {"area1.enoc": "full"})
    assert "area1.ombudsperson" in _relevant(form, {"area1.enoc": "full_associate"})
    none = {"area1.enoc": "none"}
    assert "area1.ombudsperson" in _relevant(form, {**none, "area1.other_ombudsperson": "yes"})
    assert "area1.ombudsperson" not in _relevant(form, {**none, "area1.other_ombudsperson": "no"})


def test_hotline_table_follows_fig_6(form: Form) -> None:
    nothing = {"area6.inhope_hotline": "none", "area6.other_hotline": "no", "area6.chi_helpline": "no"}
    assert "area6.services" not in _relevant(form, nothing)
    assert "area6.services" in _relevant(form, {"area6.inhope_hotline": "portal"})
    assert "area6.services" in _relevant(form, {"area6.chi_helpline": "yes"})
    columns = {c.key for c in form.slot("area6.services").question.columns}
    assert {"name", "operator", "inhope", "chi"} <= columns


def test_every_question_is_reachable(form: Form) -> None:
    """No condition is unsatisfiable: each question shows for some answers to the questions it reads."""
    everything_yes = {}
    for slot in form.slots:
        q = slot.question
        if q.type in (QuestionType.YES_NO, QuestionType.YES_PARTLY_NO):
            everything_yes[slot.key] = "yes"
        elif q.type is QuestionType.SINGLE_CHOICE:
            everything_yes[slot.key] = q.choices[0].value
    everything_yes["area1.enoc"] = "none"
    shown = _relevant(form, everything_yes)
    assert shown == set(form.keys())


def test_help_is_guidance_and_the_citation_is_the_source(form: Form) -> None:
    """``help`` guides the official; where the wording comes from is ``source``, never repeated in the help."""
    for slot in form.slots:
        assert "Baseline Mapping" not in slot.question.help, slot.key
        assert slot.question.source.startswith(SOURCE_PREFIX), slot.key
    for group in all_groups(form.groups):
        assert "Baseline Mapping" not in group.help, group.key
    guided = [slot.key for slot in form.slots if slot.question.help]
    assert "commitments.lanzarote" in guided and len(guided) >= 10
