"""Every Party's Lanzarote follow-up: the recommendations addressed to it, read from its own factsheet.

Real files throughout: Denmark's factsheet from tests/data/sources, another Party's made from it (one
recommendation left out, one added, one urgency changed) as text and as a Word document with real
footnotes, the real ``replydesk`` command, a real database and the Word export read back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document
from tests import factsheets, sources

from replydesk.definitions import load_form
from replydesk.definitions.factsheets import read_factsheet_text
from replydesk.definitions.members import title_case
from replydesk.definitions.recommendations import for_party, recommendations_of
from replydesk.documents.word.factsheet import read_factsheet

ROOT = Path(__file__).resolve().parents[1]
FORM_ID = "lanzarote-2-csgsiv-follow-up"
FORM = load_form(ROOT / "forms" / f"{FORM_ID}.yaml")
DENMARK = sources.LANZAROTE_FACTSHEET_DENMARK
_CITED = re.compile(r"Recommendations? ([IVX]+-\d+(?:(?:, | and )[IVX]+-\d+)*)")


def cited_in_footnotes(text: str) -> set[str]:
    """Every recommendation number the factsheet's footnotes cite ("⁴¹ Recommendations III-16 and III-18.")."""
    notes = [line for line in text.splitlines() if re.match(f"[{factsheets.SUPERSCRIPTS}]+ ", line)]
    return {n for note in notes for citation in _CITED.findall(note) for n in re.findall(r"[IVX]+-\d+", citation)}


def reply_recommendations(store, reply_id: int) -> list[tuple[str, str, str, str]]:
    """(key, numbers, urgency, text) of each recommendation the reply holds, as the window and Word show them."""
    from replydesk.store.context import reply_form

    reply = store.reply(reply_id)
    form = reply_form(store, FORM, reply).resolved(reply.year)
    return [(f"{chapter.key}.{group.key}", group.number, group.urgency or "", group.text)
            for chapter, group in recommendations_of(form)]


# -- reading a factsheet -----------------------------------------------------------------------------------


def test_forms_factsheet_json_reads_every_recommendation_its_footnotes_number(cli):
    result = cli("forms", "factsheet", str(DENMARK), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["party"], data["updated"], data["unplaced"]) == ("DENMARK", "2023-05-25", [])
    read = [n for chapter in data["chapters"] for r in chapter["recommendations"] for n in r["numbers"]]
    assert len(read) == len(set(read))
    assert set(read) - {"X-1"} == cited_in_footnotes(DENMARK.read_text(encoding="utf-8"))  # no footnote
    first = data["chapters"][0]
    assert (first["number"], first["title"]) == ("II", "Legal frameworks")
    assert first["recommendations"][0] == {
        "numbers": ["II-3"], "urgency": "invite", "addressee": "party",
        "text": "Therefore, the Committee invites Denmark:\n- to introduce a definition of “child sexual abuse "
                "material” in its legal framework in line with the “Terminology Guidelines for the Protection of "
                "Children from Sexual Exploitation and Sexual Abuse”."}
    addressees = {r["addressee"] for chapter in data["chapters"] for r in chapter["recommendations"]}
    assert addressees == {"party", "all_parties", "some_parties"}
    plain = cli("forms", "factsheet", str(DENMARK))
    assert plain.code == 0 and "64 recommendations" in plain.out and "Not placed" not in plain.out


def test_a_damaged_box_is_listed_as_unplaced_never_dropped(cli, tmp_path):
    text = factsheets.denmark().replace("The Committee **invites** all Parties, including Denmark:\n\n- to expand "
                                        "cooperation", "Generic text:\n\n- to expand cooperation", 1)
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(text, encoding="utf-8")
    result = cli("forms", "factsheet", str(damaged), "--json")
    assert result.code == 0, result.err
    unplaced = json.loads(result.out)["unplaced"]
    assert [u.split(",")[0] for u in unplaced] == ["footnote 93 cites VII-3", "footnote 94 cites VII-4",
                                                   "footnote 96 cites VII-6"]
    assert "to expand cooperation with civil society" in unplaced[0]
    plain = cli("forms", "factsheet", str(damaged))
    assert "Not placed: footnote 93 cites VII-3" in plain.out
    refused = cli("new", "--form", FORM_ID, "--country", "Denmark", "--year", "2023", "--factsheet", str(damaged))
    assert refused.code == 1 and "could not be placed" in refused.err


@pytest.mark.parametrize("content", ["Minutes of the meeting\n\nNothing here.\n", ""])
def test_a_file_that_is_not_a_factsheet_exits_1(cli, tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_text(content, encoding="utf-8")
    result = cli("forms", "factsheet", str(path))
    assert result.code == 1
    assert "not a Lanzarote factsheet" in result.err and "notes.txt" in result.err
    docx = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("Dear colleagues,")
    document.save(str(docx))
    assert cli("forms", "factsheet", str(docx), "--json").code == 1


# -- a reply from a factsheet ------------------------------------------------------------------------------


def test_denmarks_factsheet_reproduces_todays_denmark_reply(store, tmp_path):
    sheet = read_factsheet(DENMARK, FORM)
    assert sheet.unplaced == []
    by_definition = store.create_reply(FORM, "DENMARK", 2023)
    other = store.create_reply(FORM, "DENMARK", 2024, recommendations=sheet.as_set().to_json())
    assert reply_recommendations(store, other.id) == reply_recommendations(store, by_definition.id)
    assert len(reply_recommendations(store, other.id)) == 64
    from replydesk.store.context import reply_form

    assert reply_form(store, FORM, store.reply(other.id)).keys() == FORM.keys()


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_another_partys_factsheet_gives_exactly_its_recommendations(cli, tmp_path, kind):
    text = factsheets.for_party("Malta")
    path = tmp_path / f"factsheet-malta.{kind}"
    if kind == "txt":
        path.write_text(text, encoding="utf-8")
    else:
        factsheets.write_docx(text, path)
    read = json.loads(cli("forms", "factsheet", str(path), "--json").out)
    assert (read["party"], read["updated"], read["unplaced"]) == ("MALTA", "2023-06-12", [])
    numbers = [", ".join(r["numbers"]) for chapter in read["chapters"] for r in chapter["recommendations"]]
    assert "II-9" not in numbers and "III-14" in numbers

    created = cli("new", "--form", FORM_ID, "--country", "Malta", "--year", "2023", "--factsheet", str(path))
    assert created.code == 0, created.err
    reply_id = created.last_line
    keys = list(json.loads(cli("show", reply_id, "--json").out))
    groups = sorted({k.rsplit(".", 1)[0] for k in keys if ".r" in k})
    expected = sorted({f"ch{_arabic(n.split('-')[0])}.r" + "_".join(x.split("-")[1] for x in n.split(", "))
                       for n in numbers})
    assert groups == expected
    assert "ch3.r14.status" in keys and not any(k.startswith("ch2.r9.") for k in keys)
    assert all(k in keys for k in ("ch3.r14.measures", "ch3.r14.date_in_force", "ch3.r14.links"))

    word = tmp_path / "malta.docx"
    assert cli("export", reply_id, "--docx", str(word)).code == 0
    exported = "\n".join(p.text for p in Document(str(word)).paragraphs) + "\n".join(
        cell.text for table in Document(str(word)).tables for row in table.rows for cell in row.cells)
    assert "Malta" in exported and "MALTA" in exported
    assert "Denmark" not in exported and "DENMARK" not in exported and "Danish" not in exported
    assert factsheets.ADDED_TEXT in exported
    boxes = [cell.text for table in Document(str(word)).tables for row in table.rows for cell in row.cells]
    (box,) = {b for b in boxes if "establish jurisdiction over transnational cases" in b}
    assert box.startswith("Level of urgency: Require · Specific to Malta")  # the urgency the factsheet gives
    assert "Therefore, the Committee requires Malta to take" in box  # and its text, Party and all


def test_a_factsheet_for_another_party_is_refused_naming_both(cli, tmp_path):
    path = tmp_path / "malta.txt"
    path.write_text(factsheets.for_party("Malta"), encoding="utf-8")
    result = cli("new", "--form", FORM_ID, "--country", "Slovenia", "--year", "2023", "--factsheet", str(path))
    assert result.code == 1
    assert "MALTA" in result.err and "SLOVENIA" in result.err and "nothing was created" in result.err
    assert "created new database" not in result.err  # refused before any database file is made


def _arabic(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for here, after in zip(roman, [*roman[1:], ""], strict=True):
        total += -values[here] if after and values[after] > values[here] else values[here]
    return total


# -- no Party's name where another's belongs -------------------------------------------------------------

#: A document's name that holds a place's name: the Committee's "Luxembourg Terminology Guidelines".
DOCUMENT_NAMES = ("Luxembourg Terminology Guidelines",)


def _texts(form):  # type: ignore[no-untyped-def]
    """Every text a reply shows (titles, recommendation texts, prompts, help, choices, columns)."""
    yield form.title
    yield form.description

    def walk(groups):  # type: ignore[no-untyped-def]
        for group in groups:
            yield from (group.label, group.title, group.text, group.help)
            for q in group.questions:
                yield from (q.label, q.prompt, q.help, *(c.label for c in q.choices), *(c.label for c in q.rows),
                            *(c.label for c in q.columns), *(c.help for c in q.columns))
            yield from walk(group.groups)

    yield from walk(form.groups)


def _party_names(form) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    return {p.name: {p.name, *p.aliases, title_case(p.name)} for p in form.participants}


def _named(text: str, names: set[str]) -> set[str]:
    for document in DOCUMENT_NAMES:
        text = text.replace(document, "")
    return {n for n in names if len(n) > 2 and re.search(rf"\b{re.escape(n)}\b", text)}


def test_no_text_in_forms_names_a_party():
    """Party names belong in participants, addressee lists, comments and source: never in what a reply shows."""
    forms = [load_form(path) for path in sorted((ROOT / "forms").glob("*.yaml"))]
    every_name = {n for form in forms for names in _party_names(form).values() for n in names}
    for form in forms:
        named = {n for text in _texts(form) for n in _named(text or "", every_name)}
        assert not named, f"{form.id} names {sorted(named)}"
    # the check itself finds a name where one was left
    assert _named("Therefore, the Committee invites Denmark:", every_name) == {"Denmark"}


def test_a_reply_without_factsheet_never_shows_another_partys_name():
    names = _party_names(FORM)
    for participant in FORM.participants:
        form = for_party(FORM, participant.name).resolved(2023)
        others = set().union(*(n for name, n in names.items() if name != participant.name))
        shown = "\n".join(t or "" for t in _texts(form))
        assert not _named(shown, others), participant.name
        assert "DENMARK" not in form.model_dump_json(exclude={"participants", "source"})  # no addressee list
    malta = for_party(FORM, "MALTA")
    assert recommendations_of(malta) and all(g.addressed_to == "all_parties" for _, g in recommendations_of(malta))
    assert malta.group("ch3.r4").text.startswith("The Committee invites all Parties, including Malta, to ensure")
    denmark = for_party(FORM, "DENMARK")
    assert denmark.keys() == FORM.keys()
    assert denmark.group("ch2.r3").text.startswith("Therefore, the Committee invites Denmark:")


def test_the_text_layout_and_the_word_layout_read_alike(tmp_path):
    text = factsheets.for_party("Malta")
    as_text = read_factsheet_text(text, FORM)
    as_word = read_factsheet(factsheets.write_docx(text, tmp_path / "malta.docx"), FORM)
    assert as_word.recommendations == as_text.recommendations
    assert as_word.unplaced == as_text.unplaced == []


# -- the reply's own recommendations in files and for the secretariat ---------------------------------------


def test_a_factsheet_reply_travels_through_its_return_and_review_copy(cli, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "malta.txt"
    path.write_text(factsheets.for_party("Malta"), encoding="utf-8")
    reply_id = cli("new", "--form", FORM_ID, "--country", "Malta", "--year", "2023", "--factsheet", str(path)).last_line
    assert cli("set", reply_id, "ch3.r14.measures", "--text", "Specialised prosecutors since 2023.").code == 0
    keys = list(json.loads(cli("show", reply_id, "--json").out))

    returned = tmp_path / "malta.xlsx"
    assert cli("export", reply_id, "--xlsx", str(returned)).code == 0
    meta = {row[0]: row[1] for row in load_workbook(returned)["_meta"].iter_rows(values_only=True) if row[0]}
    assert '"III-14"' in meta["recommendations"] and '"II-9"' not in meta["recommendations"]

    secretariat = {"REPLYDESK_DB": str(tmp_path / "secretariat.sqlite3")}
    imported = cli("import", str(returned), env=secretariat)
    assert imported.code == 0, imported.err
    new_id = imported.out.split("imported into reply ")[1].split()[0]
    shown = json.loads(cli("show", new_id, "--json", env=secretariat).out)
    assert list(shown) == keys  # the same recommendations, lined up by number
    assert shown["ch3.r14.measures"] == "Specialised prosecutors since 2023."

    tampered = tmp_path / "tampered.xlsx"
    workbook = load_workbook(returned)
    sheet = workbook["_meta"]
    for row in sheet.iter_rows():
        if row[0].value == "recommendations":
            row[1].value = row[1].value.replace('"require"', '"invite"')
    workbook.save(tampered)
    refused = cli("import", str(tampered), env=secretariat)
    assert refused.code == 1 and "checksum" in (refused.out + refused.err).lower()

    carried = cli("new", "--form", FORM_ID, "--year", "2024", "--from", reply_id)
    assert carried.code == 0, carried.err
    assert list(json.loads(cli("show", carried.last_line, "--json").out)) == keys  # next cycle: the same set

    review = tmp_path / "review.docx"
    assert cli("export", reply_id, "--review-docx", str(review)).code == 0
    back = cli("import", str(review))
    assert back.code == 0, back.err


def test_the_secretariat_counts_a_recommendation_among_the_parties_it_addresses(cli, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "malta.txt"
    path.write_text(factsheets.for_party("Malta"), encoding="utf-8")
    malta = cli("new", "--form", FORM_ID, "--country", "Malta", "--year", "2023", "--factsheet", str(path)).last_line
    denmark = cli("new", "--form", FORM_ID, "--country", "Denmark", "--year", "2023").last_line
    cli("set", malta, "ch3.r14.status", "--text", "implemented")
    cli("set", denmark, "ch2.r9.status", "--text", "in_progress")
    out = tmp_path / "all.xlsx"
    report = tmp_path / "report.docx"
    result = cli("aggregate", "--form", FORM_ID, "--year", "2023", "--xlsx", str(out), "--docx", str(report))
    assert result.code == 0, result.err
    sheet = load_workbook(out).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "ch3.r14.status" in r)
    column = {key: header.index(key) for key in ("ch3.r14.status", "ch2.r9.status", "ch2.r1.status")}
    by_country = {r[0]: r for r in rows if r[0] in ("DENMARK", "MALTA", "SLOVENIA")}
    assert by_country["MALTA"][column["ch3.r14.status"]] == "answered"
    assert by_country["DENMARK"][column["ch3.r14.status"]] == "not addressed"  # III-14 is not Denmark's
    assert by_country["MALTA"][column["ch2.r9.status"]] == "not addressed"  # left out of Malta's factsheet
    assert by_country["DENMARK"][column["ch2.r9.status"]] == "answered"
    assert by_country["SLOVENIA"][column["ch2.r1.status"]] == "no return"
    addressed = next(r for r in rows if r[0] == "Partys addressed" or (r[0] or "").endswith("addressed"))
    assert (addressed[column["ch3.r14.status"]], addressed[column["ch2.r1.status"]]) == (1, 2)
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    added = text[text.index("Recommendation III-14"):]
    added = added[:added.index("Other relevant measures")]  # III-14 closes chapter III
    assert "No answer from: MALTA." in added and "DENMARK" not in added  # only the Parties it addresses
    assert "Denmark" not in added and "Malta" not in added  # its text says "the Party"


def test_a_party_written_with_its_article_is_named_once():
    text = factsheets.for_party("Malta").replace("MALTA", "NETHERLANDS").replace("Malta", "the Netherlands")
    sheet = read_factsheet_text(text, FORM)
    assert sheet.unplaced == []
    form = for_party(FORM, sheet.party, sheet.as_set())
    assert form.group("ch2.r3").text.startswith("Therefore, the Committee invites the Netherlands:\n")
    assert not any("the the" in g.text for _, g in recommendations_of(form))


def test_a_reply_made_before_keeps_its_recommendations_and_answers(tmp_path):
    """A MALTA reply made when every Party got Denmark's recommendations keeps them all, answers and all."""
    from tests.old_files import file_before

    from replydesk.store import Store
    from replydesk.store.context import reply_form

    path = file_before(tmp_path / "before.sqlite3", "replies keep the recommendations", form_id=FORM_ID,
                       form_version="2023.1", country="MALTA", year=2023,
                       answers={"ch2.r9.measures": "Prosecuted as a last resort."})
    with Store.open(path, write=True) as store:
        form = reply_form(store, FORM, store.reply(1))
        assert form.keys() == FORM.keys()  # every recommendation it showed, II-9 among them
        assert form.group("ch2.r9").text.startswith("Therefore, the Committee requests Malta")
        assert store.values(1)["ch2.r9.measures"] == "Prosecuted as a last resort."
        fresh = store.create_reply(FORM, "MALTA", 2024)
        assert not reply_form(store, FORM, fresh).has_key("ch2.r9.measures")  # a new one holds Malta's share


def test_the_synthesis_names_only_the_parties_a_recommendation_addresses(store, tmp_path):
    from replydesk.documents.secretariat.synthesis import load_synthesis

    sheet = read_factsheet_text(factsheets.for_party("Malta"), FORM)
    malta = store.create_reply(FORM, "MALTA", 2023, recommendations=sheet.as_set().to_json())
    store.create_reply(FORM, "DENMARK", 2023)
    store.create_reply(FORM, "SLOVENIA", 2023)
    from replydesk.documents.secretariat.consolidation import load_consolidation

    for under in ("ch3.r14", "ch2.r1"):  # III-14 is in the year's form because Malta's factsheet adds it
        store.add_theme(load_consolidation(store, FORM, 2023).form, 2023, under, f"Measures under {under}")
    synthesis = load_synthesis(store, FORM, 2023)
    untagged = {section.key: set(section.untagged) for section in synthesis.sections}
    assert untagged["ch3.r14"] == {"MALTA"}  # III-14 is addressed to Malta alone: Denmark and Slovenia are not silent
    assert untagged["ch2.r1"] == {"MALTA", "DENMARK", "SLOVENIA"}  # II-1 is addressed to all Parties
    assert malta.id is not None
