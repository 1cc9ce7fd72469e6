"""The synthesis report in Word, in the structure and style of the Global Alliance's 2015 report.

Built on the Word reference document (``resources/reference.docx``, or the secretariat's own), so it
has the styles, page set-up, header and footer of every Word export. The title the secretariat gives
opens the body; then per Policy Target (or chapter) and goal their headings and texts in the form's
words, and each action as one heading "Action #N | Title", its narrative (the members' list when none
is written yet) and its chosen examples, each a sentence introduced by its member. Nothing else is
added to the body: no counts, no explanations, no product name (that goes in the document's
properties). An optional annex gives the action × member matrix, its header row repeated on every page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from docx.document import Document as DocumentObject
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from replydesk import __version__
from replydesk.definitions.members import bare_name, opening, report_name
from replydesk.definitions.model import Group
from replydesk.definitions.quotes import nest_quotes
from replydesk.documents.common.atomic import write_atomically
from replydesk.documents.secretariat.report_docx import ReportWriter, clean_text
from replydesk.documents.secretariat.synthesis import Action, GoalSection, Synthesis, group_text, heading
from replydesk.documents.word.reference import TEXT_WIDTH, reference_path

#: Columns of actions per annex table, so a table fits an A4 page's width.
ACTIONS_PER_TABLE = 8
TICK = "✓"
#: Twips per character of the annex's names (9.5 pt Arial, generous), and the cell's margins.
_CHAR_TWIPS, _CELL_PADDING = 112, 260


@dataclass(frozen=True)
class ReportOptions:
    """What the secretariat chooses for its report: the title, the reference document, the annex."""

    title: str = ""
    reference: Path | None = None
    annex: bool = False


def default_title(synthesis: Synthesis) -> str:
    return f"Synthesis of the {synthesis.year} returns"


def write_synthesis_report(synthesis: Synthesis, target: Path, options: ReportOptions | None = None) -> Path:
    """Write the report atomically and return its path (ExportError if it cannot be written)."""
    document = build_synthesis_report(synthesis, options or ReportOptions())
    return write_atomically(Path(target), lambda path: document.save(str(path)))


def action_code(section: GoalSection, action: Action) -> str:
    """A short reference for the annex: "1.1 #2" (Policy Target 1, goal 1, Action #2), "II-3 #1"."""
    numbers = [g.number or g.key for g in section.path]
    kept = [n for n, after in zip(numbers, [*numbers[1:], ""], strict=True)
            if not (after.startswith(n) and len(after) > len(n) and not after[len(n)].isalnum())]  # II, II-3
    return f"{'.'.join(kept)} #{action.number}"


def action_heading(action: Action) -> str:
    """ "Action #2 | Improving use and content of the ICSE database." — one heading line, as the report has it."""
    return f"Action #{action.number} | {action.title}"


def build_synthesis_report(synthesis: Synthesis, options: ReportOptions | None = None,
                           now: dt.datetime | None = None) -> DocumentObject:
    from replydesk.documents.word.export import _clear_body, fill_placeholders, open_reference

    options = options or ReportOptions()
    title = options.title.strip() or default_title(synthesis)
    document = open_reference(options.reference or reference_path())
    _clear_body(document)
    fill_placeholders(document, {"title": clean_text(title), "country": "", "year": str(synthesis.year),
                                 "form_id": synthesis.form.id, "version": synthesis.form.version, "notice": ""})
    _tidy_header(document)
    _properties(document, synthesis, title, now or dt.datetime.now(dt.UTC))
    out = ReportWriter(document, numbered_lists=True)
    out.paragraph(title, "Title")
    shown: tuple[Group, ...] = ()
    for section in synthesis.sections:
        for depth, group in enumerate(section.path):
            if len(shown) > depth and shown[depth] is group:
                continue
            out.paragraph(heading(group), f"Heading {min(depth + 1, 3)}")
            text = group_text(group)
            if text:
                out.paragraph(text, "Form Text")
        shown = section.path
        level = min(len(section.path) + 1, 3)
        for action in section.actions:
            _action(out, synthesis, action, level)
    if options.annex and synthesis.actions:
        _annex(document, out, synthesis)
    return document


def _action(out: ReportWriter, synthesis: Synthesis, action: Action, level: int) -> None:
    out.paragraph(action_heading(action), f"Heading {level}")
    out.markdown(synthesis.narrative(action))
    for example in action.examples:
        paragraph = out.paragraph()
        paragraph.add_run(clean_text(f"{opening(report_name(synthesis.form, example.country))}: "))
        paragraph.add_run(clean_text(f"“{nest_quotes(example.sentence or example.quote)}”"))


def _annex(document: DocumentObject, out: ReportWriter, synthesis: Synthesis) -> None:
    form = synthesis.form
    out.paragraph(f"ANNEX | {form.participants_plural} and the actions they reported", "Heading 1")
    actions = synthesis.actions
    for section, action in actions:
        out.paragraph(f"{action_code(section, action)}: {action.title}", "List Bullet")
    members = synthesis.members
    names = [clean_text(bare_name(report_name(form, country))) for country in members]
    for start in range(0, len(actions), ACTIONS_PER_TABLE):
        chunk = actions[start:start + ACTIONS_PER_TABLE]
        header = [form.participants_label] + [action_code(section, action) for section, action in chunk]
        rows = [[name] + [TICK if country in countries else "" for countries in [set(a.countries) for _, a in chunk]]
                for name, country in zip(names, members, strict=True)]
        rows.append(["Total"] + [str(len(action.countries)) for _, action in chunk])
        out.end.addprevious(annex_table(header, rows))
        out.paragraph("")
    for section, action in actions:
        if action.both_years is not None and action.previous_year is not None:
            out.paragraph(f"{action_code(section, action)}: reported in both {action.previous_year} and "
                          f"{synthesis.year} by {synthesis.names(action.both_years) or 'none'}.")


def annex_table(header: list[str], rows: list[list[str]]) -> object:
    """A table written as one piece of XML, in time linear in its cells (python-docx's ``table.cell()`` walks
    every cell on each call): the header row repeats on each page, the first column is as wide as the
    longest name so that no name breaks inside a word, and its cells never wrap."""
    longest = max((len(row[0]) for row in [header, *rows]), default=8)
    first = min(max(longest * _CHAR_TWIPS + _CELL_PADDING, 1400), TEXT_WIDTH // 2)
    other = (TEXT_WIDTH - first) // max(len(header) - 1, 1)
    widths = [first] + [other] * (len(header) - 1)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def cell(text: str, width: int, *, bold: bool, nowrap: bool, centre: bool) -> str:
        run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
        justify = '<w:jc w:val="center"/>' if centre else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{"<w:noWrap/>" if nowrap else ""}</w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{justify}</w:pPr>'
                f'<w:r>{run_props}<w:t xml:space="preserve">{escape(clean_text(text))}</w:t></w:r></w:p></w:tc>')

    def row(values: list[str], *, head: bool, last: bool) -> str:
        properties = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if head else "<w:trPr><w:cantSplit/></w:trPr>"
        cells = "".join(cell(value, widths[index], bold=head or last, nowrap=index == 0, centre=index > 0)
                        for index, value in enumerate(values))
        return f"<w:tr>{properties}{cells}</w:tr>"

    body = [row(header, head=True, last=False)]
    body.extend(row(values, head=False, last=index == len(rows) - 1) for index, values in enumerate(rows))
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(body)}</w:tbl>')


def _tidy_header(document: DocumentObject) -> None:
    """The reference's header line "{country} · {year}" has no country in a synthesis: keep "2014", not "· 2014"."""
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            texts = list(paragraph._p.iter(qn("w:t")))
            if texts and (texts[0].text or "").lstrip().startswith("·"):
                texts[0].text = (texts[0].text or "").lstrip(" ·")


def _properties(document: DocumentObject, synthesis: Synthesis, title: str, now: dt.datetime) -> None:
    """The product and the moment go in the document's properties, never in the body."""
    props = document.core_properties
    props.title = clean_text(title)[:255]
    props.subject = clean_text(f"{synthesis.form.title} – synthesis of the {synthesis.year} returns")[:255]
    props.category = synthesis.form.id
    props.comments = f"Compiled by Reply Desk {__version__} on {now:%d %B %Y}"[:255]
    props.author = props.last_modified_by = f"Reply Desk {__version__}"
    props.created = props.modified = now.replace(tzinfo=None, microsecond=0)
    props.revision = 1
