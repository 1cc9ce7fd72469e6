"""The import report: what importing one file did, in one format for review copies and returns alike.

An official must be able to see that nothing anyone wrote was dropped unnoticed, whatever the file
type, so the Word import (``word.importer``) and the Excel import (``excel.importer``) both describe
a file as an ``ImportReport``: a heading, then titled sections (what was taken, what was ignored
and why, what could not be placed), then a closing line. ``replydesk import`` prints it,
``import --report`` writes it beside the file (``write_beside``), and the window shows it in
*Changes to decide*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from replydesk.documents.common.atomic import write_atomically

#: The suffix of a report written beside its file: ``NAME.import-report.txt``.
REPORT_SUFFIX = ".import-report.txt"


@dataclass
class ImportReport:
    """One file's import report; ``text()`` is what a person reads."""

    heading: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    closing: str = ""

    def section(self, title: str, items: list[str]) -> ImportReport:
        """Add a section (listed even when empty, as "none", so a reader knows it was looked for)."""
        self.sections.append((title, list(items)))
        return self

    def items(self, title: str) -> list[str]:
        return next((items for name, items in self.sections if name == title), [])

    def text(self) -> str:
        lines = [self.heading, ""]
        for title, items in self.sections:
            lines.append(f"{title}: {len(items) if items else 'none'}")
            lines.extend(f"  - {item}" for item in items)
            lines.append("")
        if self.closing:
            lines.append(self.closing)
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.text()


def report_path(source: Path) -> Path:
    """Where the report of ``source`` is written: ``NAME.import-report.txt`` beside it."""
    source = Path(source)
    return source.with_name(f"{source.stem}{REPORT_SUFFIX}")


def write_beside(source: Path, report: ImportReport | str) -> Path:
    """Write the report beside the imported file (atomically); returns its path."""
    target = report_path(source)
    text = report if isinstance(report, str) else report.text()
    write_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return target
