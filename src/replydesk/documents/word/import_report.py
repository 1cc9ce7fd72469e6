"""The import report of one review copy: what arrived, where, and everything that did not."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from replydesk.documents.common.report import ImportReport
from replydesk.documents.word.reader import Picture

if TYPE_CHECKING:
    from replydesk.documents.word.importer import ImportResult


def quote(text: str, limit: int | None = 80) -> str:
    """Text for a report line, shortened to ``limit`` characters; what was not imported is quoted whole (None)."""
    text = " ".join(text.split())
    if limit is None:
        return repr(text)
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def import_report(result: ImportResult) -> str:
    """The import report of one review copy, as text (printed by ``replydesk import``, written with ``--report``).

    It lists what became proposals and notes (with their authors), what was read other than by its
    markers, what was ignored and why, and what could not be placed: nothing a reviewer wrote is
    left out without a line here.
    """
    report = ImportReport(f"Import report: {result.path.name} (reply {result.reply_id}"
                          + (f": {result.about})" if result.about else ")"))
    report.section("Proposals", [
        f"#{p.id} {result.question(p.key)} by {p.author or 'unknown'} ("
        + ("applied" if p.key in result.applied else
           "left open: read differently than marked, decide it in the app" if p.key in result.held else
           "to decide in the app") + ")"
        for p in result.proposals])
    report.section("Notes", [f"#{n.id} on {result.question(n.key)} by {n.author or 'unknown'}"
                             + (f", {n.created_at:%Y-%m-%d %H:%M}" if n.created_at else "")
                             + (" (thread resolved in the copy)" if "thread resolved" in (n.source or "") else "")
                             + f": {quote(n.text)}"
                             for n in result.notes])
    report.section("Read other than by the markers", result.placed)
    report.section("Not placed, not imported", result.unplaced)
    report.section("Ignored", result.ignored)
    report.section("Warnings", result.warnings)
    kept = picture_files(result)
    if kept:
        report.section("Pictures kept beside the report (import --report)",
                       [f"{name}: {picture.describe()}" for name, picture in kept])
    report.closing = f"{len(result.unchanged)} answer(s) unchanged"
    return report.text()


def keep_pictures(result: ImportResult, report: Path) -> list[Path]:
    """Save each picture the report names beside it (``NAME.picture-1.png`` …), so the official can see it.

    The report says where each was found; the files are numbered in the report's order.
    """
    from replydesk.documents.common.atomic import write_atomically
    from replydesk.documents.word.package import open_docx

    kept: list[Path] = []
    files = picture_files(result)
    if not files:
        return kept
    with open_docx(result.path) as package:
        for name, picture in files:
            if not package.has(picture.part):
                continue
            data = package.read(picture.part)
            target = report.with_name(name)
            write_atomically(target, lambda tmp, data=data: tmp.write_bytes(data))
            kept.append(target)
    return kept


def picture_files(result: ImportResult) -> list[tuple[str, Picture]]:
    """The file name each distinct picture gets beside the report (``NAME.picture-1.png``), in the report's order."""
    parts: dict[str, Picture] = {}
    for picture in result.pictures:
        if picture.part and picture.part not in parts:
            parts[picture.part] = picture
    return [(f"{result.path.stem}.picture-{number}{PurePosixPath(part).suffix or '.bin'}", picture)
            for number, (part, picture) in enumerate(parts.items(), 1)]
