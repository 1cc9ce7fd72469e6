"""The synthesis as a workbook: the action × member matrix, and every tagged passage.

``Actions`` has a row per member that returned the form and a column per action (headed by
its code and title); a cell holds how many of the member's anchored passages are tagged with
the action, empty when none, with totals. ``Passages`` lists each anchored passage with its
goal, action, member, question, label, whether it is a quoted example, and its words, for
filtering in Excel. A passage needing attention (⚠) is in neither until it is re-anchored.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from replydesk import __version__
from replydesk.definitions.members import bare_name, report_name
from replydesk.documents.common.atomic import write_atomically
from replydesk.documents.excel import cell_text
from replydesk.documents.secretariat.synthesis import Synthesis, heading, question_name
from replydesk.documents.secretariat.synthesis_docx import action_code

ACTIONS_SHEET = "Actions"
PASSAGES_SHEET = "Passages"


def write_synthesis_workbook(synthesis: Synthesis, target: Path) -> Path:
    """Write the workbook atomically and return its path (ExportError if it cannot be written)."""
    workbook = build_synthesis_workbook(synthesis)
    return write_atomically(Path(target), lambda path: workbook.save(path))


def build_synthesis_workbook(synthesis: Synthesis) -> Workbook:
    workbook = Workbook()
    matrix = workbook.active
    assert matrix is not None
    matrix.title = ACTIONS_SHEET
    form = synthesis.form
    actions = synthesis.actions
    bold = Font(bold=True)
    matrix.cell(row=1, column=1, value=form.participants_label).font = bold
    for column, (section, action) in enumerate(actions, start=2):
        cell = matrix.cell(row=1, column=column, value=f"{action_code(section, action)} | {action.title}")
        cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="top")
        matrix.column_dimensions[get_column_letter(column)].width = 18
    matrix.column_dimensions["A"].width = 28
    members = synthesis.members
    counts = {(e.country, action.theme_id): 0 for _, action in actions for e in action.evidence}
    for _, action in actions:
        for example in action.evidence:
            counts[(example.country, action.theme_id)] += 1
    for row, country in enumerate(members, start=2):
        matrix.cell(row=row, column=1, value=bare_name(report_name(form, country)))
        for column, (_, action) in enumerate(actions, start=2):
            matrix.cell(row=row, column=column, value=counts.get((country, action.theme_id)))
    total_row = len(members) + 2
    matrix.cell(row=total_row, column=1, value=f"{form.participants_plural} reporting").font = bold
    for column, (_, action) in enumerate(actions, start=2):
        matrix.cell(row=total_row, column=column, value=len(action.countries)).font = bold
    matrix.freeze_panes = "B2"

    passages = workbook.create_sheet(PASSAGES_SHEET)
    headers = ["Goal", "Action", "Title", form.participants_label, "Question", "Label", "Example", "Quote"]
    for column, text in enumerate(headers, start=1):
        passages.cell(row=1, column=column, value=text).font = bold
    row = 2
    for section, action in actions:
        goal = " › ".join(heading(g) for g in section.path)
        for example in action.evidence:
            values = [goal, action_code(section, action), action.title, bare_name(report_name(form, example.country)),
                      question_name(form, example.key), example.label, "yes" if example.example else "",
                      example.quote]
            for column, value in enumerate(values, start=1):
                passages.cell(row=row, column=column, value=cell_text.encode(value) if column == 8 else value)
            row += 1
    for letter, width in zip("ABCDEFGH", (30, 10, 40, 22, 30, 16, 9, 90), strict=True):
        passages.column_dimensions[letter].width = width
    passages.freeze_panes = "A2"
    workbook.properties.title = f"{form.title} – synthesis of the {synthesis.year} returns"
    workbook.properties.creator = f"Reply Desk {__version__}"
    return workbook
