"""The cycle comparison as a Word document for review: each answer, last cycle's and this cycle's,
with a word-level mark-up of what changed (insertions underlined green, deletions struck red)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
from docx.shared import Pt, RGBColor

from replydesk.definitions.cycles import AnswerChange
from replydesk.definitions.markdown import plain_text
from replydesk.definitions.model import Form
from replydesk.definitions.problems import question_trails
from replydesk.documents.common.atomic import write_atomically
from replydesk.documents.common.plain import plain_answer
from replydesk.documents.word.diff import word_diff
from replydesk.documents.word.text import Cleaner

STATE_LABELS = {"carried": "Carried over, not yet confirmed", "unchanged": "Unchanged (confirmed)",
                "changed": "Changed", "new": "New this cycle", "removed": "Removed this cycle", "empty": "Not answered"}


def _readable(form: Form, key: str, value: Any) -> str:
    question = form.slot(key).question
    return plain_text(value) if isinstance(value, str) and question.type.value == "long_text" \
        else plain_answer(question, value)


def write_comparison(form: Form, country: str, previous_year: int, year: int, changes: list[AnswerChange],
                     target: Path) -> tuple[Path, list[str]]:
    """Write the comparison atomically; returns the path and any warnings (dropped characters)."""
    clean = Cleaner(names=question_trails(form))

    document = docx.Document()
    document.core_properties.title = f"{form.title} – {country} – {previous_year} and {year} compared"
    document.core_properties.created = dt.datetime.now(dt.UTC)
    document.add_heading(f"{country}: {previous_year} and {year} compared", level=0)
    document.add_paragraph(form.title)
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.state] = counts.get(change.state, 0) + 1
    document.add_paragraph(" · ".join(f"{STATE_LABELS[s]}: {n}" for s, n in counts.items()))
    for change in changes:
        if change.state == "empty":
            continue
        slot = form.slot(change.key)
        document.add_heading(f"{slot.section_label} {slot.question.label}".strip(), level=2)
        prompt = document.add_paragraph()
        prompt.add_run(clean(slot.question.prompt, change.key)).italic = True
        status = document.add_paragraph()
        status.add_run(STATE_LABELS[change.state]).bold = True
        before = clean(_readable(form, change.key, change.before), change.key)
        after = clean(_readable(form, change.key, change.after), change.key)
        if change.state in ("changed",):
            paragraph = document.add_paragraph()
            for segment in word_diff(before, after):
                run = paragraph.add_run(segment.text)
                if segment.op == "insert":
                    run.underline = True
                    run.font.color.rgb = RGBColor(0x1B, 0x5E, 0x20)
                elif segment.op == "delete":
                    run.font.strike = True
                    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        else:
            for label, text in ((str(previous_year), before), (str(year), after)):
                if change.state == "new" and label == str(previous_year):
                    continue
                if change.state == "removed" and label == str(year):
                    continue
                paragraph = document.add_paragraph()
                lead = paragraph.add_run(f"{label}: ")
                lead.bold = True
                lead.font.size = Pt(9)
                paragraph.add_run(text)
    write_atomically(target, lambda tmp: document.save(str(tmp)))
    return target, clean.warnings
