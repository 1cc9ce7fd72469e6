"""Property tests: a whole reply of every question type survives a review copy, and a reviewer's edits come
back as exactly those proposals.

The strategies are built from the question definitions (``type``, ``choices``, ``min``/``max``, table
``columns`` and fixed ``rows``), so each question of the baseline mapping (yes/no, yes/partly/no, single and
multiple choice, counts, scores, a decimal, short and long text, a table with free rows, one with the 21 fixed
MNR rows) and of the Lanzarote follow-up (status, measures, dates, tables of links) gets values of its own
type: empty answers, Markdown, the hard texts of test_cli and any text Word can hold.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_cli import HARD_TEXTS
from tests.test_word_review import answer_paragraphs
from tests.test_word_roundtrip import PIECES

from replydesk.definitions.model import Column, Form, Question, QuestionType
from replydesk.definitions.problems import question_trails
from replydesk.definitions.registry import Registry
from replydesk.definitions.values import validate
from replydesk.documents.word.export import export_docx
from replydesk.documents.word.importer import import_review_copy, read_review_copy
from replydesk.store import Store

REGISTRY = Registry.load(Path(__file__).resolve().parents[1] / "forms")
BASELINE = REGISTRY.get("coe-ocsea-baseline").resolved(2020)
#: 276 questions, a second per export: its tests run fewer examples so that the file takes about a minute.
LANZAROTE = REGISTRY.get("lanzarote-2-csgsiv-follow-up").resolved(2024)
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

# -- values ------------------------------------------------------------------------------------------------------
#: Any character Word can hold: all but the C0 controls XML 1.0 forbids, U+FFFE/U+FFFF and lone surrogates
#: (an export drops those and says so: test_word_export covers that).
WORD_CHARACTERS = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])))
#: The hard texts of the command-line tests but the 100,000-character one (test_word_roundtrip has that).
HARD = [text for name, text in HARD_TEXTS.items() if name != "long"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def long_text() -> st.SearchStrategy[str]:
    """Markdown as officials type it (lists, bold, links, odd spacing), the hard texts, or any text at all."""
    return st.one_of(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join),
                     st.sampled_from(HARD),
                     st.text(WORD_CHARACTERS, min_size=1, max_size=40))


def one_line() -> st.SearchStrategy[str]:
    """A short answer: one line of any printable text, tabs and spaces included (also at its ends)."""
    return st.text(st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from(" \t"), min_size=1, max_size=30)


def url() -> st.SearchStrategy[str]:
    rest = st.text(st.characters(exclude_categories=["Cs", "Cc", "Z"]), min_size=1, max_size=20)
    return st.tuples(st.sampled_from(["", " "]), st.sampled_from(["https://", "http://", "www.", "mailto:"]), rest,
                     st.sampled_from(["", " "])).map("".join)


def scalar(item: Question | Column) -> st.SearchStrategy[Any]:
    """A valid, non-empty value of one question or table column."""
    qtype = item.type
    if qtype is QuestionType.LONG_TEXT:
        return long_text()
    if qtype is QuestionType.SHORT_TEXT:
        return one_line()
    if qtype is QuestionType.URL:
        return url()
    if qtype is QuestionType.SINGLE_CHOICE:
        return st.sampled_from([c.value for c in item.choices])
    if qtype is QuestionType.MULTIPLE_CHOICE:
        return st.lists(st.sampled_from([c.value for c in item.choices]), min_size=1, unique=True)
    if qtype is QuestionType.YES_NO:
        return st.sampled_from(["yes", "no"])
    if qtype is QuestionType.YES_PARTLY_NO:
        return st.sampled_from(["yes", "partly", "no"])
    if qtype is QuestionType.INTEGER:
        low = int(item.min) if item.min is not None else -10**15
        high = int(item.max) if item.max is not None else 10**15
        return st.integers(low, high)
    if qtype in (QuestionType.DECIMAL, QuestionType.PERCENTAGE):
        low = item.min if item.min is not None else -1e9
        high = item.max if item.max is not None else 1e9
        return st.integers(int(low), int(high)) | st.floats(low, high, allow_nan=False, allow_infinity=False)
    if qtype is QuestionType.DATE:  # years of four digits, as the copy prints them ("1 March 2023")
        return st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
    raise AssertionError(f"no strategy for {qtype}")


def table(question: Question) -> st.SearchStrategy[list[dict[str, Any]] | None]:
    """Rows with at least one filled cell; fixed rows (each named once) in any order."""
    columns = {column.key: column for column in question.columns}

    def row(fixed: str | None) -> st.SearchStrategy[dict[str, Any]]:
        filled = st.lists(st.sampled_from(list(columns)), min_size=1, unique=True)
        cells = filled.flatmap(lambda keys: st.fixed_dictionaries({key: scalar(columns[key]) for key in keys}))
        return cells.map(lambda found: {"row": fixed, **found} if fixed else found)

    if question.rows:
        names = st.lists(st.sampled_from([r.value for r in question.rows]), unique=True, max_size=6)
        rows = names.flatmap(lambda picked: st.tuples(*(row(name) for name in picked)).map(list))
    else:
        rows = st.lists(row(None), max_size=4)
    return rows.map(lambda found: found or None)


def answer(question: Question) -> st.SearchStrategy[Any]:
    """Unanswered (None, or an emptied editor's ""), or a value of the question's type."""
    if question.type is QuestionType.TABLE:
        return table(question)
    return st.sampled_from([None, ""]) | scalar(question)


def reply_values(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    """An answer, possibly empty, for every question of the form."""
    return st.fixed_dictionaries({slot.key: answer(slot.question) for slot in form.slots})


# -- a reply per example -------------------------------------------------------------------------------------------
_YEARS = itertools.count(2000)


@pytest.fixture(scope="module")
def store(tmp_path_factory):  # noqa: ANN201
    opened = Store.open(tmp_path_factory.mktemp("properties") / "drafts.sqlite3", write=True)
    yield opened
    opened.close()


def saved_reply(store: Store, form: Form, values: dict[str, Any]) -> int:
    """A new reply with ``values`` saved; the store gives back exactly the validated values (its round trip)."""
    reply = store.create_reply(form, "DENMARK", next(_YEARS), by="official")
    store.save_answers(reply.id, form, values, by="official")
    expected = {key: validate(form.slot(key).question, value) for key, value in values.items()}
    assert {k: v for k, v in store.values(reply.id).items() if v is not None} == {
        k: v for k, v in expected.items() if v is not None}
    return reply.id


def review_copy(store: Store, form: Form, reply_id: int, folder: Path) -> Path:
    exported = export_docx(store, reply_id, form, folder / f"review-{reply_id}.docx", review=True)
    assert exported.warnings == []
    return exported.path


# -- 1: an unedited copy changes nothing ----------------------------------------------------------------------------
def reads_back_unchanged(store: Store, folder: Path, form: Form, values: dict[str, Any]) -> None:
    reply_id = saved_reply(store, form, values)
    before = store.values(reply_id)
    result = import_review_copy(store, form, read_review_copy(review_copy(store, form, reply_id, folder)))
    assert [(p.key, p.base, p.proposed) for p in result.proposals] == []
    assert result.warnings == []
    assert (result.placed, result.unplaced, result.ignored, result.notes) == ([], [], [], [])  # an empty report
    assert sorted(result.unchanged) == sorted(form.keys())
    assert store.values(reply_id) == before


@settings(max_examples=30, deadline=None, suppress_health_check=SLOW_OK)
@given(values=reply_values(BASELINE))
def test_every_baseline_answer_of_every_type_reads_back_from_an_unedited_review_copy(store, tmp_path, values):
    reads_back_unchanged(store, tmp_path, BASELINE, values)


@settings(max_examples=8, deadline=None, suppress_health_check=SLOW_OK)
@given(values=reply_values(LANZAROTE))
def test_every_lanzarote_answer_reads_back_from_an_unedited_review_copy(store, tmp_path, values):
    reads_back_unchanged(store, tmp_path, LANZAROTE, values)


# -- 2: a reviewer's edits, and only those, become proposals ----------------------------------------------------------
#: Questions a reviewer edits by retyping a paragraph of the answer (multiple choices and tables are not).
RETYPED = {QuestionType.LONG_TEXT, QuestionType.SHORT_TEXT, QuestionType.SINGLE_CHOICE, QuestionType.YES_NO,
           QuestionType.YES_PARTLY_NO, QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.DATE,
           QuestionType.PERCENTAGE}


def sentence() -> st.SearchStrategy[str]:
    """What a reviewer types: words of any script with digits and punctuation (no Markdown, no list marker)."""
    letter = st.characters(categories=["L"])
    inner = st.characters(categories=["L", "N"]) | st.sampled_from(",.;:!?'\"()–—€§%&/")
    word = st.tuples(letter, st.text(inner, max_size=8)).map("".join)
    return st.lists(word, min_size=1, max_size=8).map(" ".join)


def typed_edit(question: Question, old: Any) -> st.SearchStrategy[tuple[str, Any]]:
    """(the words a reviewer types over a typed answer, the value they mean), never the answer already there."""
    qtype = question.type
    options: list[tuple[str, Any]] = []
    if qtype is QuestionType.SINGLE_CHOICE:
        options = [(c.label, c.value) for c in question.choices]
    elif qtype in (QuestionType.YES_NO, QuestionType.YES_PARTLY_NO):
        options = [("Yes", "yes"), ("No", "no")] + ([("Partly", "partly")] if qtype is QuestionType.YES_PARTLY_NO
                                                    else [])
    if options:
        return st.sampled_from([option for option in options if option[1] != old])
    if qtype is QuestionType.INTEGER:
        low, high = int(question.min or 0), int(question.max if question.max is not None else 10**6)
        return st.integers(low, high).filter(lambda n: n != old).map(lambda n: (str(n), n))
    if qtype is QuestionType.PERCENTAGE:  # quarters of a percent, typed with the sign ("12.25 %", "-3,5%")
        low, high = int(question.min or 0) * 4, int(question.max if question.max is not None else 10**6) * 4
        quarters = st.integers(low, high).map(lambda n: n / 4).filter(lambda x: x != old)
        return st.tuples(quarters, st.sampled_from([" %", "%"])).map(
            lambda pair: (format(pair[0], "g") + pair[1], pair[0]))
    if qtype is QuestionType.DECIMAL:  # quarters, typed with a point or, as in much of Europe, a comma
        low, high = int(question.min or 0) * 4, int(question.max if question.max is not None else 10**6) * 4
        quarters = st.integers(low, high).map(lambda n: n / 4).filter(lambda x: x != old)
        return st.tuples(quarters, st.sampled_from([".", ","])).map(
            lambda pair: (format(pair[0], "g").replace(".", pair[1]), pair[0]))
    if qtype is QuestionType.DATE:
        def spelled(day: dt.date) -> st.SearchStrategy[tuple[str, str]]:
            forms = [f"{day.day} {MONTHS[day.month - 1]} {day.year}", f"{day.day:02}.{day.month:02}.{day.year}",
                     day.isoformat()]
            return st.sampled_from(forms).map(lambda text: (text, day.isoformat()))

        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).filter(
            lambda day: day.isoformat() != old).flatmap(spelled)
    if qtype is QuestionType.SHORT_TEXT:
        return sentence().filter(lambda text: text != old).map(lambda text: (text, text))
    raise AssertionError(f"no edit for {qtype}")


def retype(paragraph, text: str) -> None:  # noqa: ANN001 - a python-docx paragraph
    """Select the paragraph's text and type over it, as in Word: markers (bookmarks) stay, the runs go."""
    for child in list(paragraph._p):
        if child.tag in (qn("w:r"), qn("w:hyperlink")):
            paragraph._p.remove(child)
    paragraph.add_run(text)


def edits_come_back(store: Store, folder: Path, form: Form, data: st.DataObject) -> None:
    """Answers of every type, a few retyped in the copy: exactly those come back, each as a proposal."""
    retyped = [slot.key for slot in form.slots if slot.question.type in RETYPED]
    values = data.draw(reply_values(form), label="answers")
    keys = data.draw(st.lists(st.sampled_from(retyped), min_size=1, max_size=5, unique=True), label="edited")
    typing: dict[str, tuple[int, str]] = {}  # key: (paragraph of the answer, the text typed over it)
    expected: dict[str, Any] = {}
    for key in keys:
        question = form.slot(key).question
        if question.type is QuestionType.LONG_TEXT:  # paragraphs of plain text: the reviewer retypes one
            paragraphs = data.draw(st.lists(sentence(), max_size=3), label=f"{key} before")
            values[key] = "\n\n".join(paragraphs) or None
            index = data.draw(st.integers(0, max(len(paragraphs) - 1, 0)), label=f"{key} paragraph")
            there = paragraphs[index:index + 1]
            new = data.draw(sentence().filter(lambda text, there=there: [text] != there), label=f"{key} typed")
            typing[key] = (index, new)
            expected[key] = "\n\n".join([*paragraphs[:index], new, *paragraphs[index + 1:]])
        else:
            typed, meant = data.draw(typed_edit(question, validate(question, values[key])), label=f"{key} typed")
            typing[key], expected[key] = (0, typed), meant
    reply_id = saved_reply(store, form, values)
    before = store.values(reply_id)
    path = review_copy(store, form, reply_id, folder)

    document = docx.Document(str(path))
    for key, (index, text) in typing.items():
        paragraphs = answer_paragraphs(document, key)
        if form.slot(key).question.type is QuestionType.LONG_TEXT:
            assert len(paragraphs) == max(len(before[key].split("\n\n")) if before.get(key) else 0, 1)
        retype(paragraphs[index], text)
    document.save(str(path))

    result = import_review_copy(store, form, read_review_copy(path))
    assert result.warnings == []
    proposed = {p.key: p for p in result.proposals}
    assert set(proposed) == set(keys)
    for key in keys:
        assert (proposed[key].base, proposed[key].proposed) == (before.get(key), expected[key]), key
    assert store.values(reply_id) == before  # a review copy never overwrites an answer


@settings(max_examples=30, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_a_reviewers_retyped_baseline_answers_and_only_those_come_back_as_proposals(store, tmp_path, data):
    edits_come_back(store, tmp_path, BASELINE, data)


@settings(max_examples=8, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_a_reviewers_retyped_lanzarote_answers_and_dates_come_back_as_proposals(store, tmp_path, data):
    edits_come_back(store, tmp_path, LANZAROTE, data)


# -- what the properties found, minimised --------------------------------------------------------------------------
@pytest.mark.parametrize(("key", "value"), [
    # a decimal was printed as Python writes it, "1e-05", which no reader (nor the import) takes for a number
    ("area5.access_to_justice", 0.00001),
    # the MNR table's rows saved in another order than the form's (as `replydesk set` may) read back reordered
    ("mnr.capabilities", [{"row": "c02", "score": 1}, {"row": "c01", "score": 1}]),
    # a table's one-line cells lose the spaces at their ends in Word, as one-line answers do
    ("area6.services", [{"name": "Hotline ", "url": " https://www.redbarnet.dk"}]),
], ids=["tiny decimal", "fixed rows out of order", "spaces at the ends of a cell"])
def test_answers_the_properties_found_changed_read_back_unchanged(store, tmp_path, key, value):
    reads_back_unchanged(store, tmp_path, BASELINE, {key: value})


# -- 3: nothing a reviewer types is lost or misattributed ------------------------------------------------------------
#: Where a reviewer may type, and where its words must come back: ``answer`` kinds in a proposal on the question
#: they were typed under, ``report`` kinds in the import report, ``note`` kinds as a note on the question.
EDITS = {
    "new paragraph at the end of an answer": "answer",
    "words typed into a paragraph of an answer": "answer",
    "a tracked insertion in an answer": "answer",
    "a paragraph typed under the prompt": "answer",
    "Delete at the end of a paragraph of an answer (tracked, it joins the next) and typing": "answer",
    "a paragraph of an answer split in two": "split",
    "a paragraph of an answer deleted, tracked": "deleted",
    "two paragraphs of an answer merged into one": "split",
    "a paragraph moved to the end of the previous answer, tracked": "moved",
    "the status line deleted": "none",
    "the answer's marker deleted": "none",
    "the same comment on this answer and the next": "notes",
    "a comment on the answer": "note",
    "a comment on the prompt": "note",
    "a paragraph typed under a heading or form text": "report",
    "Enter at the end of a heading or form text, and typing (its style goes on)": "report",
    "words typed into the status line": "report",
    "words typed at the end of the prompt": "report",
}
GLOBAL_ALLIANCE = REGISTRY.get("global-alliance-2014").resolved(2014)


def _example_answers() -> dict[str, str]:
    from replydesk import example

    return dict(example.example().answers)


ANSWERS_BY_KEY = _example_answers()


def _marks(element) -> list[str]:  # noqa: ANN001 - an lxml element
    return [b.get(qn("w:name")) for b in element.iter(qn("w:bookmarkStart"))]


def _run(text: str):  # noqa: ANN202
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    return r


def _paragraph(text: str, style: str = "Answer"):  # noqa: ANN202
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    pstyle = OxmlElement("w:pStyle")
    pstyle.set(qn("w:val"), style)
    ppr.append(pstyle)
    p.append(ppr)
    p.append(_run(text))
    return p


def _region(status) -> list:  # noqa: ANN001
    """The paragraphs after a status line, up to the next marked paragraph of the form."""
    region = []
    element = status.getnext()
    while element is not None and element.tag == qn("w:p") and not any(
            m.startswith(("rdq_", "rdx_")) for m in _marks(element)):
        region.append(element)
        element = element.getnext()
    return region


def apply_edit(document, kind: str, key: str, text: str, pick: int) -> bool | dict:  # noqa: ANN001, C901, PLR0911, PLR0912, PLR0915
    """One reviewer's edit of ``kind`` on the question ``key`` (``pick`` chooses among paragraphs or headings).

    False when there was nothing to do (a paragraph of one word cannot be split between words); for an edit
    that reaches a second question, ``{"other": its status line's bookmark, "words": the text moved there}``.
    """
    from docx.oxml import OxmlElement

    body = [el for el in document.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    status = next((el for el in body if "rdq_" + key.replace(".", "_") in _marks(el)), None)
    if status is None:  # deleted by an earlier edit
        return False
    statuses = [el for el in body if any(m.startswith("rdq_") for m in _marks(el))]
    prompt = status.getprevious()
    region = _region(status)
    if not region:
        return False
    target = region[pick % len(region)]
    if kind == "a paragraph moved to the end of the previous answer, tracked":
        words = "".join(t.text or "" for t in target.iter(qn("w:t")))
        if not words.strip() or any(c.tag != qn("w:r") for c in target if c.tag != qn("w:pPr")):
            return False
        index = statuses.index(status)
        other = statuses[index - 1] if index else statuses[index + 1]
        other_region = _region(other)
        if not other_region:
            return False
        moved = _paragraph("")
        for r in list(moved):
            if r.tag == qn("w:r"):
                moved.remove(r)
        wrapper = OxmlElement("w:moveTo")
        for name, value in (("w:id", str(9700 + pick)), ("w:author", "Rita Reviewer"),
                            ("w:date", "2026-03-02T10:00:00Z")):
            wrapper.set(qn(name), value)
        wrapper.append(_run(words))
        moved.append(wrapper)
        for r in [c for c in target if c.tag == qn("w:r")]:
            for t in r.iter(qn("w:t")):
                t.tag = qn("w:delText")
            source = OxmlElement("w:moveFrom")
            for name, value in (("w:id", str(9800 + pick)), ("w:author", "Rita Reviewer"),
                                ("w:date", "2026-03-02T10:00:00Z")):
                source.set(qn(name), value)
            r.addprevious(source)
            source.append(r)
        other_region[-1].addnext(moved)
        return {"other": next(m for m in _marks(other) if m.startswith("rdq_")), "words": words}
    if kind == "the status line deleted":
        status.getparent().remove(status)
        return True
    if kind == "the answer's marker deleted":
        name = "rd_" + key.replace(".", "_")
        for start in list(document.element.body.iter(qn("w:bookmarkStart"))):
            if start.get(qn("w:name")) == name:
                mark = start.get(qn("w:id"))
                start.getparent().remove(start)
                for end in list(document.element.body.iter(qn("w:bookmarkEnd"))):
                    if end.get(qn("w:id")) == mark:
                        end.getparent().remove(end)
        return True
    if kind == "the same comment on this answer and the next":
        index = statuses.index(status)
        if index + 1 >= len(statuses) or not _region(statuses[index + 1]):
            return False
        for element in (target, _region(statuses[index + 1])[0]):
            paragraph = next(p for p in document.paragraphs if p._p is element)
            if not paragraph.runs:
                paragraph._p.append(_run(""))
            document.add_comment(paragraph.runs, text=text, author="Rita Reviewer", initials="RR")
        return {"other": next(m for m in _marks(statuses[index + 1]) if m.startswith("rdq_"))}
    if kind == "two paragraphs of an answer merged into one":
        at = region.index(target)
        if at + 1 >= len(region):
            return False
        following = region[at + 1]
        target.append(_run(" "))
        for child in list(following):
            if child.tag in (qn("w:r"), qn("w:hyperlink")):
                target.append(child)
        following.getparent().remove(following)
        return True
    if kind == "new paragraph at the end of an answer":
        region[-1].addnext(_paragraph(text))
    elif kind == "words typed into a paragraph of an answer":
        target.append(_run(" " + text))
    elif kind == "a tracked insertion in an answer":
        ins = OxmlElement("w:ins")
        ins.set(qn("w:id"), str(9000 + pick))
        ins.set(qn("w:author"), "Rita Reviewer")
        ins.set(qn("w:date"), "2026-03-02T10:00:00Z")
        ins.append(_run(" " + text))
        target.append(ins)
    elif kind == "a paragraph of an answer split in two":  # Enter between two words: no text typed
        words = "".join(t.text or "" for t in target.iter(qn("w:t"))).split(" ")
        if len(words) < 2:
            return False
        if len(words) > 1:
            cut = 1 + pick % (len(words) - 1)
            import copy as copying

            second = copying.deepcopy(target)
            for element in list(target) + list(second):
                if element.tag not in (qn("w:pPr"),):
                    element.getparent().remove(element)
            target.append(_run(" ".join(words[:cut])))
            second.append(_run(" ".join(words[cut:])))
            target.addnext(second)
    elif kind == "a paragraph of an answer deleted, tracked":
        runs = [child for child in target if child.tag == qn("w:r") and child.find(qn("w:t")) is not None]
        if not runs:
            return False
        for r in runs:
            for t in r.iter(qn("w:t")):
                t.tag = qn("w:delText")
            deletion = OxmlElement("w:del")
            deletion.set(qn("w:id"), str(9500 + pick))
            deletion.set(qn("w:author"), "Rita Reviewer")
            deletion.set(qn("w:date"), "2026-03-02T10:00:00Z")
            r.addprevious(deletion)
            deletion.append(r)
    elif kind == "Delete at the end of a paragraph of an answer (tracked, it joins the next) and typing":
        ins = OxmlElement("w:ins")
        ins.set(qn("w:id"), str(9200 + pick))
        ins.set(qn("w:author"), "Rita Reviewer")
        ins.set(qn("w:date"), "2026-03-02T10:00:00Z")
        ins.append(_run(" " + text))
        target.append(ins)
        ppr = target.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            target.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        deletion = OxmlElement("w:del")
        deletion.set(qn("w:id"), str(9300 + pick))
        deletion.set(qn("w:author"), "Rita Reviewer")
        deletion.set(qn("w:date"), "2026-03-02T10:00:00Z")
        rpr.append(deletion)
    elif kind == "a paragraph typed under the prompt":
        prompt.addnext(_paragraph(text))
    elif kind in ("a comment on the answer", "a comment on the prompt"):
        paragraph = next(p for p in document.paragraphs
                         if p._p is (target if kind == "a comment on the answer" else prompt))
        if not paragraph.runs:
            paragraph._p.append(_run(""))
        document.add_comment(paragraph.runs, text=text, author="Rita Reviewer", initials="RR")
    elif kind == "a paragraph typed under a heading or form text":
        forms = [el for el in body if el.tag == qn("w:p") and any(m.startswith("rdx_") for m in _marks(el))
                 and el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) != "Prompt"]
        forms[pick % len(forms)].addnext(_paragraph(text, style=""))
    elif kind == "Enter at the end of a heading or form text, and typing (its style goes on)":
        forms = [el for el in body if el.tag == qn("w:p") and any(m.startswith("rdx_") for m in _marks(el))
                 and el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) != "Prompt"]
        form_text = forms[pick % len(forms)]
        form_text.addnext(_paragraph(text, style=form_text.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))))
    elif kind == "words typed into the status line":
        status.append(_run(" " + text))
    elif kind == "words typed at the end of the prompt":
        prompt.append(_run(" " + text))
    else:
        raise AssertionError(kind)
    return True


def _fold(text: str) -> str:
    """Characters as typed, whatever spacing, quoting and Markdown escaping the import or its report adds."""
    return "".join(text.replace("\\", "").split())


@pytest.fixture(scope="module")
def exported_copy(tmp_path_factory):  # noqa: ANN201
    """The built-in example's reply in a database, and its review copy: each example edits a copy of both."""
    from replydesk import example

    folder = tmp_path_factory.mktemp("edits")
    with Store.open(folder / "base.sqlite3", write=True) as base:
        reply_id = base.create_reply(REGISTRY.get("global-alliance-2014"), "DENMARK", 2014, by="official").id
        base.save_answers(reply_id, GLOBAL_ALLIANCE, example.example().answers, by="official")  # some are empty
        path = review_copy(base, GLOBAL_ALLIANCE, reply_id, folder)
    return folder / "base.sqlite3", path, reply_id


def edited_and_imported(base: Path, copy_path: Path, form: Form, keys: list[str], data: st.DataObject,
                        folder: Path) -> tuple[list[tuple[str, str, str, int, dict]], Any]:
    """A few random edits of the copy, imported into a copy of its database: (the edits made, the result)."""
    import shutil

    edits = data.draw(st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.sampled_from(keys), sentence(),
                                         st.integers(0, 20)), min_size=1, max_size=4), label="edits")
    document = docx.Document(str(copy_path))
    deleted = {key for kind, key, _, _ in edits if EDITS[kind] == "deleted"}
    within = ("words typed into a paragraph of an answer", "a tracked insertion in an answer",
              "new paragraph at the end of an answer",
              "a paragraph of an answer split in two",
              "Delete at the end of a paragraph of an answer (tracked, it joins the next) and typing")
    # (a deletion of the same paragraph would take these words too: not both)
    edits = [edit for edit in edits if not (edit[0] in within and edit[1] in deleted)]
    split = {key for kind, key, _, _ in edits if kind == "a paragraph of an answer split in two"}
    edits = [edit for edit in edits  # a split retypes the paragraph's words untracked: its insertion has no author
             if not (edit[0] == "a tracked insertion in an answer" and edit[1] in split)]
    moving = "a paragraph moved to the end of the previous answer, tracked"
    keys_in_order = form.keys()
    near = {keys_in_order[i + step] for kind, key, _, _ in edits if kind == moving
            for i in [keys_in_order.index(key)] for step in (-1, 0, 1) if 0 <= i + step < len(keys_in_order)}
    edits = [edit for edit in edits  # what else is typed where a paragraph moves from or to might move with it
             if edit[0] == moving or EDITS[edit[0]] not in ("answer", "split", "deleted") or edit[1] not in near]
    edits = [edit for i, edit in enumerate(edits) if edit[0] != moving  # one move per example
             or not any(e[0] == moving for e in edits[:i])]
    gone = {key for kind, key, _, _ in edits if kind == "the status line deleted"}
    edits = [edit for edit in edits  # typed into a status line, then deleting that line: nothing to find
             if not (edit[0] == "words typed into the status line" and edit[1] in gone)]
    unmarked = {key for kind, key, _, _ in edits if kind == "the answer's marker deleted"}
    edits = [edit for edit in edits  # both markers of one answer gone: tested in test_word_anchoring
             if not (edit[0] == "the status line deleted" and edit[1] in unmarked)]
    names = {"rdq_" + key.replace(".", "_"): key for key in form.keys()}
    made = []
    for edit in edits:
        done = apply_edit(document, *edit)
        if done:
            extra = done if isinstance(done, dict) else {}
            made.append((*edit, {**extra, "other": names.get(extra.get("other", ""))}))
    edits = made
    edited = folder / "edited.docx"
    document.save(str(edited))
    shutil.copy(base, folder / "drafts.sqlite3")
    with Store.open(folder / "drafts.sqlite3", write=True) as store:
        return edits, import_review_copy(store, form, read_review_copy(edited), by="the test")


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_every_character_a_reviewer_types_is_proposed_under_its_question_or_reported(exported_copy, tmp_path,
                                                                                       data):
    base, copy_path, _ = exported_copy
    edits, result = edited_and_imported(base, copy_path, GLOBAL_ALLIANCE, GLOBAL_ALLIANCE.keys(), data, tmp_path)
    proposed = {p.key: p for p in result.proposals}
    report = _fold(result.report())
    changed = set()
    for kind, key, text, _, extra in edits:
        where = EDITS[kind]
        if where == "answer":  # inside the question's region (or under its prompt): a proposal on that question
            assert key in proposed, (kind, key, result.report())
            assert _fold(text) in _fold(proposed[key].proposed or ""), (kind, key, text, proposed[key].proposed)
            if kind == "a tracked insertion in an answer":
                assert "Rita Reviewer" in proposed[key].author
        elif where == "split":  # a changed answer, every word of it still there
            assert key in proposed, (kind, key, result.report())
            after = _fold(proposed[key].proposed or "")
            assert all(_fold(word) in after for word in (ANSWERS_BY_KEY.get(key) or "").split()
                       if "." not in word), (key, proposed[key].proposed)
        elif where == "deleted":  # a changed answer, by whoever deleted
            assert key in proposed and "Rita Reviewer" in proposed[key].author, (kind, key, result.report())
        elif where == "moved":  # out of one answer, into the one it was moved to
            other = extra["other"]
            assert key in proposed and other in proposed, (kind, key, other, result.report())
            assert _fold(extra["words"]) in _fold(proposed[other].proposed or ""), (kind, other, extra)
            changed |= {key, other}
        elif where == "note":
            assert any(n.key == key and n.text == text for n in result.notes), (kind, key, result.report())
        elif where == "notes":  # the same words on two answers: a note on each
            for on in (key, extra["other"]):
                assert any(n.key == on and n.text == text for n in result.notes), (kind, on, result.report())
        elif where == "report":
            assert _fold(text) in report, (kind, key, text, result.report())
        if where in ("split", "deleted"):
            changed.add(key)
    answered = {key for kind, key, _, _, _ in edits if EDITS[kind] == "answer"}
    assert answered <= set(proposed) <= answered | changed, result.report()  # no other answer changed
    assert result.warnings == [] and result.unplaced == [line for line in result.unplaced
                                                          if any(_fold(text) in _fold(line) for _, _, text, _, _ in
                                                                 edits)], result.report()


@settings(max_examples=15, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_an_answer_moved_whole_into_another_comes_back_as_its_own(exported_copy, tmp_path, data):
    """Cut and pasted whole (its bookmark comes along) anywhere in another answer: nothing is reassigned."""
    import shutil

    base, copy_path, _ = exported_copy
    moved_key = data.draw(st.sampled_from(sorted(ANSWERS_BY_KEY)), label="moved")
    into_key = data.draw(st.sampled_from([k for k in GLOBAL_ALLIANCE.keys() if k != moved_key]), label="into")
    document = docx.Document(str(copy_path))
    body = [el for el in document.element.body if el.tag == qn("w:p")]

    def region(key: str) -> list:
        status = next(el for el in body if "rdq_" + key.replace(".", "_") in _marks(el))
        out, element = [], status.getnext()
        while element is not None and not any(m.startswith(("rdq_", "rdx_")) for m in _marks(element)):
            out.append(element)
            element = element.getnext()
        return out

    moved, into = region(moved_key), region(into_key)
    at = data.draw(st.integers(0, len(into)), label="at")
    anchor = into[at - 1] if at else into[0].getprevious()  # after the status line, or after a paragraph
    for element in reversed(moved):
        anchor.addnext(element)
    edited = tmp_path / "moved.docx"
    document.save(str(edited))
    shutil.copy(base, tmp_path / "drafts.sqlite3")
    with Store.open(tmp_path / "drafts.sqlite3", write=True) as store:
        result = import_review_copy(store, GLOBAL_ALLIANCE, read_review_copy(edited), by="the test")
    assert result.proposals == [], result.report()
    assert [line.split(",")[0] for line in result.placed] == [
        f"{question_trails(GLOBAL_ALLIANCE)[moved_key]}: its whole answer"], result.report()
    assert result.unplaced == [] and result.warnings == []


BASELINE_ANSWERS = {
    "commitments.weprotect": "yes", "area1.ombudsperson": "Børnerådet", "area3.csam_score": 3,
    "area4.cybertip_year_share": 1.5, "area2.data_sources": ["crime_data", "hotline"],
    "area1.strategy_details": "National strategy 2018–2022.\n\nIt covers prevention and prosecution.",
}


@pytest.fixture(scope="module")
def exported_baseline(tmp_path_factory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("baseline-edits")
    with Store.open(folder / "base.sqlite3", write=True) as base:
        reply_id = base.create_reply(REGISTRY.get("coe-ocsea-baseline"), "DENMARK", 2020, by="official").id
        base.save_answers(reply_id, BASELINE, BASELINE_ANSWERS, by="official")
        path = review_copy(base, BASELINE, reply_id, folder)
    return folder / "base.sqlite3", path


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_what_a_reviewer_types_into_answers_of_every_type_is_proposed_or_reported(exported_baseline, tmp_path, data):
    """The baseline's choices, numbers, dates and short texts: words that make a value of the question's type are
    proposed on it; words that cannot (a sentence under "Yes") are in the report, whole; nothing else changes."""
    base, copy_path = exported_baseline
    keys = [slot.key for slot in BASELINE.slots if slot.question.type is not QuestionType.TABLE]
    edits, result = edited_and_imported(base, copy_path, BASELINE, keys, data, tmp_path)
    proposed = {p.key: p for p in result.proposals}
    report = _fold(result.report())

    def proposed_text(key: str) -> str:
        value = proposed[key].proposed if key in proposed else None
        return _fold(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))

    touched = set()
    for kind, key, text, _, extra in edits:
        where = EDITS[kind]
        long_text = BASELINE.slot(key).question.type is QuestionType.LONG_TEXT
        if where in ("answer", "split", "deleted"):
            touched.add(key)
        if where == "moved":
            touched |= {key, extra["other"]}
            assert _fold(extra["words"]) in proposed_text(extra["other"]) or _fold(extra["words"]) in report, (
                kind, key, extra, result.report())
        if where == "notes":
            for on in (key, extra["other"]):
                assert any(n.key == on and n.text == text for n in result.notes), (kind, on, result.report())
        if where == "answer" and long_text:
            assert _fold(text) in proposed_text(key), (kind, key, text, result.report())
        elif where == "answer":
            assert _fold(text) in proposed_text(key) or _fold(text) in report, (kind, key, text, result.report())
        elif where == "deleted" and key in BASELINE_ANSWERS:  # (an unanswered question: nothing to clear)
            assert key in proposed and "Rita Reviewer" in proposed[key].author, (kind, key, result.report())
        elif where == "note":
            assert any(n.key == key and n.text == text for n in result.notes), (kind, key, result.report())
        elif where == "report":
            assert _fold(text) in report, (kind, key, text, result.report())
    assert set(proposed) <= touched, result.report()  # no answer but those edited changed
    names = question_trails(BASELINE)  # the report names questions as the form numbers them
    assert all(any(warning.startswith(f"{names[key]}:") for key in touched) for warning in result.warnings), \
        result.warnings
