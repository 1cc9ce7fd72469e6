"""The synthesis report in Word, in the structure of the Global Alliance's 2015 report.

Per Policy Target (or chapter) and goal: their headings and texts, then each action as
"Action #N |" and its title, the narrative, the members that reported it (in the report's
style: "Belgium, Denmark, Slovenia, and Sweden") and the quoted examples with their member;
after a goal's actions, the members whose returns are tagged under none of them. An annex
gives the action × member matrix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject

from replydesk import __version__
from replydesk.definitions.members import bare_name, opening, report_name
from replydesk.definitions.model import Group
from replydesk.documents.common.atomic import write_atomically
from replydesk.documents.secretariat.report_docx import ReportWriter, clean_text, setup_report
from replydesk.documents.secretariat.synthesis import Action, GoalSection, Synthesis, example_reference, heading

#: Columns of members per annex table, so a table fits an A4 page's width.
ACTIONS_PER_TABLE = 8
TICK = "✓"


def write_synthesis_report(synthesis: Synthesis, target: Path) -> Path:
    """Write the report atomically and return its path (ExportError if it cannot be written)."""
    document = build_synthesis_report(synthesis)
    return write_atomically(Path(target), lambda path: document.save(str(path)))


def members_sentence(synthesis: Synthesis, action: Action) -> str:
    """The sentence naming an action's members, as the report prints it after the narrative."""
    if not action.countries:
        return "No member's return is tagged with this action yet."
    count = len(action.countries)
    label = synthesis.form.participants_label.lower()
    return f"Reported by {count} {label}{'s' if count != 1 else ''}: {synthesis.names(action.countries)}."


def both_years_sentence(synthesis: Synthesis, action: Action) -> str | None:
    if action.both_years is None or action.previous_year is None:
        return None
    if not action.both_years:
        return f"No {synthesis.form.participants_label.lower()} reported this action in both " \
               f"{action.previous_year} and {synthesis.year}."
    return f"Reported in both {action.previous_year} and {synthesis.year}: {synthesis.names(action.both_years)}."


def untagged_sentence(synthesis: Synthesis, section: GoalSection) -> str:
    label = synthesis.form.participants_label.lower()
    if not section.untagged:
        return f"Every {label} that returned the form is tagged under an action of this goal."
    return f"{label.capitalize()}s whose returns are tagged under no action of this goal: " \
           f"{synthesis.names(section.untagged)}."


def action_code(section: GoalSection, action: Action) -> str:
    """A short reference for the annex: "1.1 #2" (Policy Target 1, goal 1, Action #2), "II-3 #1"."""
    numbers = [g.number or g.key for g in section.path]
    kept = [n for n, after in zip(numbers, [*numbers[1:], ""], strict=True)
            if not (after.startswith(n) and len(after) > len(n) and not after[len(n)].isalnum())]  # II, II-3
    return f"{'.'.join(kept)} #{action.number}"


def build_synthesis_report(synthesis: Synthesis, now: dt.datetime | None = None) -> DocumentObject:
    form = synthesis.form
    document = Document()
    setup_report(document, form.title)
    out = ReportWriter(document)
    moment = now or dt.datetime.now(dt.UTC)
    label = form.participants_label.lower()
    out.paragraph(form.title, "Title")
    out.paragraph(f"Synthesis of the {synthesis.year} returns", "Subtitle")
    actions = synthesis.actions
    out.paragraph(
        f"Compiled by Reply Desk {__version__} on {moment:%d %B %Y} from {len(synthesis.consolidation.returns)} "
        f"returns of {len(synthesis.consolidation.participants)} {label}s: {len(actions)} "
        f"action{'s' if len(actions) != 1 else ''}, each with the {label}s whose returns report it.")
    if not actions:
        out.paragraph("No theme has been defined for this year yet ('replydesk theme add').")
    shown: tuple[Group, ...] = ()
    for section in synthesis.sections:
        for depth, group in enumerate(section.path):
            if len(shown) > depth and shown[depth] is group:
                continue
            out.paragraph(heading(group), f"Heading {min(depth + 1, 3)}")
            text = group.text or (group.title if group.label else "")
            if text:
                out.markdown(text)
        shown = section.path
        for action in section.actions:
            _action(out, synthesis, section, action)
        out.paragraph("").add_run(untagged_sentence(synthesis, section)).italic = True
    if actions:
        _annex(document, out, synthesis)
    return document


def _action(out: ReportWriter, synthesis: Synthesis, section: GoalSection, action: Action) -> None:
    out.paragraph(f"Action #{action.number} |", "Heading 4")
    out.paragraph("").add_run(clean_text(action.title)).bold = True
    if action.description:
        out.paragraph("").add_run(clean_text(action.description)).italic = True
    if action.narrative.strip():
        out.markdown(synthesis.narrative(action))
    out.paragraph(members_sentence(synthesis, action))
    both = both_years_sentence(synthesis, action)
    if both:
        out.paragraph(both)
    if action.examples:
        out.paragraph("").add_run("Examples from the returns").bold = True
        for example in action.examples:
            paragraph = out.paragraph(style="List Bullet")
            paragraph.add_run(clean_text(opening(report_name(synthesis.form, example.country)))).bold = True
            paragraph.add_run(f" ({example_reference(synthesis.form, section, example.key)}): ")
            paragraph.add_run(clean_text(f"“{example.quote}”")).italic = True


def _annex(document: DocumentObject, out: ReportWriter, synthesis: Synthesis) -> None:
    label = synthesis.form.participants_label
    out.paragraph(f"ANNEX | Actions reported, by {label.lower()}", "Heading 1")
    actions = synthesis.actions
    for section, action in actions:
        out.paragraph(f"{action_code(section, action)}: {action.title}", "List Bullet")
    members = synthesis.members
    for start in range(0, len(actions), ACTIONS_PER_TABLE):
        chunk = actions[start:start + ACTIONS_PER_TABLE]
        table = document.add_table(rows=len(members) + 2, cols=len(chunk) + 1)
        table.style = "Table Grid"
        table.cell(0, 0).text = label
        for column, (section, action) in enumerate(chunk, start=1):
            table.cell(0, column).text = action_code(section, action)
        for row, country in enumerate(members, start=1):
            table.cell(row, 0).text = clean_text(bare_name(report_name(synthesis.form, country)))
            for column, (_, action) in enumerate(chunk, start=1):
                table.cell(row, column).text = TICK if country in action.countries else ""
        table.cell(len(members) + 1, 0).text = "Total"
        for column, (_, action) in enumerate(chunk, start=1):
            table.cell(len(members) + 1, column).text = str(len(action.countries))
        for cell in table.rows[0].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        out.paragraph("")  # python-docx puts tables before the section properties too, so order holds
