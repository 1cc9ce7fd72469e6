"""The synthesis report as the secretariat publishes it, put beside the 2015 report it should match.

Policy Target 1 is rebuilt from 34 members' returns (tests/policy_target_1.py): the returns and
actions go in through the store, the tags through ``replydesk theme tag-many`` in one call, and
``replydesk report`` writes the report, which is read back with python-docx and compared with the
2015 report's own text (tests/data/sources): headings, action titles, each list of members and its
order, and only the chosen examples quoted. Then a member's answer changes under a tagged passage:
the passage needs attention (⚠), the command says so, and the member leaves the .docx and the .xlsx.
"""

from __future__ import annotations

import csv
import json
import re

import openpyxl
import pytest
from docx import Document

import policy_target_1 as pt1
from replydesk.store import Store
from sources import GA_2015_REPORT

FORM = "global-alliance-2014"


def flat(text: str) -> str:
    """The report's text as one line: page breaks and line ends as single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def names(listed: str) -> list[str]:
    """ "A, B, and C" → [A, B, C] (a name with "and" in it kept whole)."""
    listed = listed.replace("Bosnia and Herzegovina", "Bosnia+Herzegovina")
    parts = re.split(r",\s+and\s+|\s+and\s+|,\s+", listed.strip())
    return [part.replace("Bosnia+Herzegovina", "Bosnia and Herzegovina") for part in parts if part]


def list_in(text: str, label: str) -> list[str]:
    before, after = pt1.LISTS[label]
    found = re.search(re.escape(before) + r"([^.]+?)" + re.escape(after), text)
    assert found, f"the {label} list is not in the text"
    return names(found.group(1))


def source_outline() -> list[str]:
    """Policy Target 1's headings in the 2015 report: target, its text, goal, its text, "Action #N | title"."""
    lines = [line.strip() for line in GA_2015_REPORT.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    start = lines.index("POLICY TARGET 1")
    end = lines.index("POLICY TARGET 2")
    part = lines[start:end]
    outline = part[:4]
    for index, line in enumerate(part):
        if re.fullmatch(r"Action #\d+ \|", line):
            outline.append(f"{line} {part[index + 1]}")
    return outline


@pytest.fixture
def rebuilt(db_path, ga_form, cli, tmp_path) -> dict[str, object]:
    """Policy Target 1's returns, actions and narratives in a real database; the tags through tag-many."""
    resolved = ga_form.resolved(2014)
    with Store.open(db_path, write=True, purpose="the tests") as store:
        replies = {}
        for country, answer in pt1.returns().items():
            reply = store.create_reply(ga_form, country, 2014)
            store.save_answers(reply.id, resolved, {pt1.KEY: answer})
            replies[country] = reply.id
        themes = []
        for title, narrative in pt1.ACTIONS:
            theme = store.add_theme(resolved, 2014, "pt1.og1", title)
            store.edit_theme(theme.id, narrative=narrative)
            themes.append(theme.id)
    batch = tmp_path / "tags.csv"
    with batch.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["theme", "reply", "key", "quote", "label", "example"])
        for country, action, label, _, quote, example in pt1.PASSAGES:
            writer.writerow([themes[action - 1], replies[country], pt1.KEY, quote, label, "yes" if example else ""])
    result = cli("theme", "tag-many", str(batch))
    assert result.code == 0, result.err
    assert f"Tagged {len(pt1.PASSAGES)} passages" in result.out and "(2 as examples)" in result.out
    return {"replies": replies, "themes": themes}


def test_policy_target_1_rebuilt_reads_as_the_2015_report(cli, rebuilt, tmp_path):
    report, matrix = tmp_path / "2015.docx", tmp_path / "2015.xlsx"
    result = cli("report", "--form", FORM, "--year", "2014", "--title", "2015 REPORT", "--docx", str(report),
                 "--xlsx", str(matrix))
    assert result.code == 0, result.err
    assert "warning" not in result.err  # every {members:LABEL} names labelled passages
    document = Document(str(report))
    paragraphs = [(p.text, p.style.name) for p in document.paragraphs]
    assert paragraphs[0] == ("2015 REPORT", "Title")  # the secretariat's title opens the body, exactly
    headings = [text for text, style in paragraphs if style.startswith("Heading") or style == "Form Text"]
    assert headings[:8] == source_outline()
    # the report's lists of members: each label's members, in the 2015 report's order
    ours = flat(" ".join(text for text, _ in paragraphs))
    source = flat(GA_2015_REPORT.read_text(encoding="utf-8"))
    for label in pt1.LISTS:
        if label == "regular-submitters":
            # the 2015 report slips here from its own order ("New Zealand, the Netherlands"): same members,
            # in the order of every other list of the report
            assert sorted(list_in(ours, label)) == sorted(list_in(source, label))
            assert list_in(ours, label)[4:7] == ["Mexico", "the Netherlands", "New Zealand"]
            continue
        assert list_in(ours, label) == list_in(source, label), label
    assert "Bosnia and Herzegovina, Bulgaria, Canada, Croatia, Hungary, Ireland, Israel, the Republic of Korea, " \
           "Lithuania, Montenegro, Portugal, the Slovak Republic, and Spain all reported new or expanded access" in ours
    # only the chosen examples are quoted: whole sentences, their member first, quotes nested
    quoted = [text for text, _ in paragraphs if "“" in text]
    assert quoted == [
        "Austria: “The Criminal Intelligence Service provided training on victim identification to the national "
        "police force.”",
        "Denmark: “Denmark established five special ‘Children’s Houses’, which draw together social services, "
        "police, therapeutic services and health services for abused children.”",
    ]
    for added in ("Reported by", "Compiled", "Reply Desk", "Examples from"):
        assert added not in ours
    assert "Reply Desk" in document.core_properties.comments and document.core_properties.title == "2015 REPORT"
    assert not document.tables  # the annex only when asked for
    # the Word export's look: the reference document's defaults and styles
    from replydesk.documents.word.reference import reference_path

    reference = Document(str(reference_path()))
    assert document.styles.element.xml == reference.styles.element.xml


def test_the_annex_repeats_its_header_row_and_never_breaks_a_name(cli, rebuilt, tmp_path):
    from docx.oxml.ns import qn

    report = tmp_path / "annex.docx"
    assert cli("report", "--form", FORM, "--year", "2014", "--docx", str(report), "--annex").code == 0
    document = Document(str(report))
    (table,) = document.tables  # four actions: one table
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeated on every page
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])
    first = [row.findall(qn("w:tc"))[0] for row in rows]
    assert all(cell.find(f"{qn('w:tcPr')}/{qn('w:noWrap')}") is not None for cell in first)
    width = int(table._tbl.find(f"{qn('w:tblGrid')}/{qn('w:gridCol')}").get(qn("w:w")))
    longest = max(len(word) for cell in table.column_cells(0) for word in cell.text.split())
    assert width >= longest * 112  # the longest word of any name fits on one line at 9.5 pt
    assert [c.text for c in table.rows[0].cells] == ["Member", "1.1 #1", "1.1 #2", "1.1 #3", "1.1 #4"]
    hungary = next(row for row in table.rows if row.cells[0].text == "Hungary")
    assert [c.text for c in hungary.cells[1:]] == ["", "✓", "✓", ""]
    assert table.rows[-1].cells[0].text == "Total" and table.rows[-1].cells[3].text == "6"
    # the annex quotes nothing: still only the chosen examples
    assert len([p for p in document.paragraphs if "“" in p.text]) == 2


def test_a_passage_whose_words_left_the_answer_is_neither_quoted_nor_counted(cli, rebuilt, tmp_path):
    hungary = rebuilt["replies"]["HUNGARY"]
    kept = pt1.returns()["HUNGARY"].replace(pt1._SENTENCES["forensic"], "")
    answer = tmp_path / "hungary.md"
    answer.write_text(kept, encoding="utf-8")
    changed = cli("set", str(hungary), pt1.KEY, "--file", str(answer))
    assert changed.code == 0, changed.err
    assert "⚠ 1 tagged passage no longer found" in changed.out
    assert f"HUNGARY {pt1.KEY} (reply {hungary}), theme {rebuilt['themes'][2]} “Improving forensic capabilities.”" \
        in changed.out
    report, matrix = tmp_path / "r.docx", tmp_path / "r.xlsx"
    assert cli("report", "--form", FORM, "--year", "2014", "--docx", str(report), "--xlsx", str(matrix)).code == 0
    text = flat(" ".join(p.text for p in Document(str(report)).paragraphs))
    assert list_in(text, "forensic") == ["Albania", "Belgium", "Cyprus", "Norway", "the United Kingdom"]
    assert "Hungary" in list_in(text, "trainers")  # its other passages still count
    book = openpyxl.load_workbook(matrix)
    rows = {row[0].value: [c.value for c in row[1:]] for row in book["Actions"].iter_rows(min_row=2)}
    assert rows["Hungary"][2] is None and rows["Members reporting"][2] == 5
    passages = [[c.value for c in row] for row in book["Passages"].iter_rows(min_row=2)]
    assert not any(row[3] == "Hungary" and row[1] == "1.1 #3" for row in passages)


def test_an_import_says_which_passages_it_left_needing_attention(cli, tmp_path):
    reply = cli("new", "--form", FORM, "--country", "Sweden", "--year", "2014").last_line
    source = tmp_path / "b.md"
    source.write_text("Sweden participates in the IN-4-MATION project. Images go to the ICSE database.", "utf-8")
    assert cli("set", reply, pt1.KEY, "--file", str(source)).code == 0
    theme = cli("theme", "add", "--form", FORM, "--year", "2014", "--under", "pt1.og1", "--title", "IN-4-MATION")
    theme_id = theme.last_line
    tagged = cli("theme", "tag", theme_id, reply, pt1.KEY, "--quote", "participates in the IN-4-MATION project",
                 "--example")
    assert tagged.code == 0 and "as an example" in tagged.out
    workbook = tmp_path / "sweden.xlsx"
    assert cli("export", reply, "--xlsx", str(workbook)).code == 0
    book = openpyxl.load_workbook(workbook)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and "IN-4-MATION" in cell.value]
    assert cells
    for cell in cells:
        cell.value = "Images go to the ICSE database."
    book.save(workbook)
    imported = cli("import", str(workbook))
    assert imported.code == 0, imported.err
    assert "⚠ 1 tagged passage no longer found" in imported.out
    assert f"SWEDEN {pt1.KEY} (reply {reply}), theme {theme_id} “IN-4-MATION”" in imported.out
    as_json = cli("show", reply, "--json").json()
    assert "IN-4-MATION" not in as_json[pt1.KEY]
    report = tmp_path / "r.docx"
    assert cli("report", "--form", FORM, "--year", "2014", "--docx", str(report)).code == 0
    text = [p.text for p in Document(str(report)).paragraphs]
    assert "Action #1 | IN-4-MATION" in text and not any("“" in t for t in text)
    assert "No member yet." in text  # its only member is uncounted until the passage is re-anchored


def test_the_lanzarote_report_names_parties_and_chapters_in_the_forms_words(registry, db_path, tmp_path, cli):
    form = registry.get("lanzarote-2-csgsiv-follow-up")
    resolved = form.resolved(2023)
    chapter = next(g for g in form.groups if g.number == "VI")
    recommendation = chapter.groups[0]
    status = f"{chapter.key}.{recommendation.key}.status"
    measures = f"{chapter.key}.{recommendation.key}.measures"
    with Store.open(db_path, write=True, purpose="the tests") as store:
        ids = {}
        for country, text in (("DENMARK", "Awareness campaigns reached every school."),
                              ("NETHERLANDS", "Awareness campaigns were run with NGOs.")):
            reply = store.create_reply(form, country, 2023)
            store.save_answers(reply.id, resolved, {status: "implemented", measures: text})
            ids[country] = reply.id
        store.create_reply(form, "REPUBLIC OF MOLDOVA", 2023)
    theme = cli("theme", "add", "--form", form.id, "--year", "2023", "--under", chapter.key, "--title",
                "Awareness raising").last_line
    narrative = tmp_path / "n.md"
    narrative.write_text("{members} reported campaigns; {members:done} reported the recommendation implemented; "
                         "{members:dnoe} none.", "utf-8")
    assert cli("theme", "edit", theme, "--narrative", str(narrative)).code == 0
    for country in ids:
        assert cli("theme", "tag", theme, str(ids[country]), measures, "--quote", "Awareness campaigns").code == 0
    # a choice is tagged by its label
    chosen = cli("theme", "tag", theme, str(ids["DENMARK"]), status, "--quote", "Implemented", "--label", "done",
                 "--example")
    assert chosen.code == 0, chosen.err
    report, matrix = tmp_path / "lanzarote.docx", tmp_path / "lanzarote.xlsx"
    written = cli("report", "--form", form.id, "--year", "2023", "--docx", str(report), "--xlsx", str(matrix),
                  "--annex")
    assert written.code == 0, written.err
    assert "CHAPTER VI, Action #1 (Awareness raising): {members:dnoe} names no tagged passage (its labels: done)" \
        in written.err  # a typo is said, not silently printed as nobody
    text = [p.text for p in Document(str(report)).paragraphs]
    assert "CHAPTER VI" in text and chapter.title in text
    assert "Denmark and the Netherlands reported campaigns; Denmark reported the recommendation implemented; no " \
           "party yet none." in text
    assert "Denmark: “Implemented”" in text
    assert "ANNEX | Parties and the actions they reported" in text
    (table,) = Document(str(report)).tables
    assert [row.cells[0].text for row in table.rows] == ["Party", "Denmark", "Netherlands", "Republic of Moldova",
                                                          "Total"]
    book = openpyxl.load_workbook(matrix)
    sheet = book["Actions"]
    assert sheet.cell(row=1, column=1).value == "Party"
    assert [c.value for c in sheet["A"]][-1] == "Parties reporting"
    questions = {row[4].value for row in book["Passages"].iter_rows(min_row=2)}
    assert all(status not in q and measures not in q for q in questions)  # labels, not keys
    assert any(q.endswith("Implementation status") for q in questions)


def test_tight_checks_on_keys_groups_and_deletion(cli, tmp_path):
    reply = cli("new", "--form", FORM, "--country", "Belgium", "--year", "2014").last_line
    source = tmp_path / "b.md"
    source.write_text("Belgium criminalises knowingly accessing child abuse material.", "utf-8")
    assert cli("set", reply, "pt2.og1.b", "--file", str(source)).code == 0
    target = cli("theme", "add", "--form", FORM, "--year", "2014", "--under", "pt1", "--title", "X")
    assert target.code == 1 and "holds goals, not actions" in target.err and "pt1.og1" in target.err
    theme = cli("theme", "add", "--form", FORM, "--year", "2014", "--under", "pt1.og1", "--title", "X").last_line
    unknown = cli("theme", "tag", theme, reply, "pt1.og1.bb", "--quote", "Belgium")
    assert unknown.code == 2 and "has no question 'pt1.og1.bb'" in unknown.err and "'pt1.og1.b'" in unknown.err
    elsewhere = cli("theme", "tag", theme, reply, "pt2.og1.b", "--quote", "criminalises")
    assert elsewhere.code == 2 and "is not under pt1.og1" in elsewhere.err
    law = cli("theme", "add", "--form", FORM, "--year", "2014", "--under", "pt2.og1", "--title", "Law").last_line
    passage = cli("theme", "tag", law, reply, "pt2.og1.b", "--quote", "criminalises knowingly accessing").last_line
    refused = cli("theme", "delete", law)
    assert refused.code == 1 and "1 tagged passage" in refused.err and "--force" in refused.err
    assert cli("theme", "example", passage).code == 0
    assert cli("theme", "delete", law, "--force").code == 0
    listed = json.loads(cli("theme", "list", "--form", FORM, "--year", "2014", "--json").out)
    assert [t["title"] for t in listed] == ["X"]
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"theme": int(theme), "reply": int(reply), "key": "pt1.og1.b",
                                 "quote": "knowingly accessing", "label": "access", "example": True}]), "utf-8")
    assert cli("theme", "tag-many", str(good)).code == 1  # pt1.og1.b holds nothing of Belgium's yet
    source.write_text("Belgium blocks knowingly accessing such material.", "utf-8")
    assert cli("set", reply, "pt1.og1.b", "--file", str(source)).code == 0
    batch = cli("theme", "tag-many", str(good))
    assert batch.code == 0 and "Tagged 1 passage" in batch.out and "(1 as examples)" in batch.out
    (row,) = json.loads(cli("theme", "show", theme, "--json").out)["passages"]
    assert (row["label"], row["example"]) == ("access", True)
    bad = tmp_path / "bad.csv"
    bad.write_text("theme,reply,key,quote\n" f"{theme},{reply},pt1.og1.b,nothing like it\n", "utf-8")
    batch = cli("theme", "tag-many", str(bad))
    assert batch.code == 1 and f"{bad}:2" in batch.err and "nothing of the batch was tagged" in batch.err


def test_carrying_a_year_keeps_narratives_and_with_tags_the_passages_still_found(cli, db_path, ga_form):
    with Store.open(db_path, write=True, purpose="the tests") as store:
        replies = {}
        for country, year, text in (("SWEDEN", 2014, "Sweden participates in the IN-4-MATION project."),
                                    ("NORWAY", 2014, "Norway joined the IN-4-MATION project."),
                                    ("SWEDEN", 2015, "As before, Sweden participates in the IN-4-MATION project."),
                                    ("NORWAY", 2015, "Norway left the project.")):
            reply = store.create_reply(ga_form, country, year)
            store.save_answers(reply.id, ga_form.resolved(year), {pt1.KEY: text})
            replies[(country, year)] = reply.id
        theme = store.add_theme(ga_form.resolved(2014), 2014, "pt1.og1", "IN-4-MATION")
        store.edit_theme(theme.id, narrative="{members:partners} reported on the project.")
        store.tag(theme.id, replies[("SWEDEN", 2014)], pt1.KEY, "participates in the IN-4-MATION project",
                  example=True, label="partners")
        store.tag(theme.id, replies[("NORWAY", 2014)], pt1.KEY, "joined the IN-4-MATION project", label="partners")
    carried = cli("theme", "carry", "--form", FORM, "--from", "2014", "--to", "2015", "--tags")
    assert carried.code == 0, carried.err
    assert ("Carried 1 theme(s) of Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form into 2015 "
            "with 1 passage still found") in carried.out
    (new,) = json.loads(cli("theme", "list", "--form", FORM, "--year", "2015", "--json").out)
    shown = json.loads(cli("theme", "show", str(new["id"]), "--json").out)
    assert shown["narrative"] == "{members:partners} reported on the project."
    assert [(p["member"], p["example"], p["label"]) for p in shown["passages"]] == [("SWEDEN", True, "partners")]
