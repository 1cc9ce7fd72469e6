"""The Word half of ``replydesk export`` and ``replydesk import``.

``add_parsers`` adds both commands (other formats add their options to the same
parsers); ``export_word`` handles ``--docx`` / ``--review-docx`` and returns None
when neither was given, so the ``export`` command can try the next format;
``import_word`` reads one reviewed .docx. They use ``context``'s helpers and raise its
``CommandError``; python-docx is imported when a command runs, so other commands start
no slower.  The options and their help come from ``documents.formats.WORD``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from replydesk.cli import context as cli
from replydesk.cli.output import err, out, out_json
from replydesk.documents.formats import FORMATS, WORD

if TYPE_CHECKING:
    from replydesk.documents.word.importer import ImportResult


def add_parsers(sub: argparse._SubParsersAction) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """Add ``export`` and ``import``; return both parsers so other formats can add their options."""
    export = sub.add_parser("export", help="write a reply to a file: " + "; ".join(
        f"{f.title.split()[0]} ({', '.join(e.kind for e in f.exports)})" for f in FORMATS))
    export.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    for entry in WORD.exports:
        export.add_argument(entry.option, type=Path, metavar="PATH", help=entry.help)
    imported = sub.add_parser("import", help="read files back: " + "; ".join(
        f"{f.imported} ({f.suffix}): {f.imports}" for f in FORMATS))
    imported.add_argument("files", nargs="+", type=Path, metavar="FILE")
    (accept_all,) = WORD.import_options
    imported.add_argument(accept_all.flag, action="store_true", help=accept_all.help)
    imported.add_argument("--json", action="store_true", help="print what was imported as JSON")
    imported.add_argument("--report", action="store_true",
                          help="also write each file's import report beside it, as NAME.import-report.txt")
    return export, imported


def export_word(args: argparse.Namespace) -> int | None:
    """``export REPLY_ID --docx PATH | --review-docx PATH``; None when neither option was given."""
    targets = [(path, review) for path, review in ((getattr(args, "docx", None), False),
                                                    (getattr(args, "review_docx", None), True)) if path is not None]
    if not targets:
        return None
    from replydesk.documents.common.atomic import ExportError
    from replydesk.documents.word.export import export_docx

    for path, _ in targets:
        if path.suffix.lower() != WORD.suffix:
            raise cli.CommandError(f"{path}: a Word file name must end in {WORD.suffix}", cli.EXIT_USAGE)
    with cli.open_store(args, write=False) as store:
        context = cli.reply_context(store, args.reply_id)
        reply, form = context.reply, context.form_for_year
        for path, review in targets:
            try:
                result = export_docx(store, reply.id, form, path, review=review)
            except ExportError as exc:
                raise cli.CommandError(str(exc)) from None
            for warning in result.warnings:
                err(f"warning: {warning}")
            kind = WORD.export("--review-docx" if review else "--docx").kind
            out(f"Wrote {path} ({kind}: {reply.country}, {form.title})")
    return cli.EXIT_OK


def import_word(args: argparse.Namespace, path: Path) -> int:
    """Import one reviewed .docx: proposals for changed answers, notes for new comments."""
    from replydesk.cli import attention
    from replydesk.documents.word.importer import CopyRefused, import_file
    from replydesk.documents.word.package import DocxRefused
    from replydesk.store.tables import utcnow

    with cli.open_store(args, write=True) as store:
        since = utcnow()
        try:
            result = import_file(store, cli.registry(), path, accept_all=getattr(args, "accept_all", False))
        except (DocxRefused, CopyRefused) as exc:
            raise cli.CommandError(str(exc)) from None
        marked = attention.marked(store, since, [result.reply_id])
    report(result, as_json=getattr(args, "json", False))
    if not getattr(args, "json", False):
        attention.print_marked(marked)
    if getattr(args, "report", False):
        target = write_report(result.path, result.report())
        from replydesk.documents.word.import_report import keep_pictures

        kept = keep_pictures(result, target)
        if not getattr(args, "json", False):
            out(f"  report written to {target}" + (f", {len(kept)} picture(s) beside it" if kept else ""))
    if result.held:
        err(f"replydesk import: {len(result.held)} proposal(s) left open because they were read differently than "
            f"the copy marks them ({'; '.join(map(result.question, result.held))}); decide them in the app")
    still_open = [p for p in result.proposals if p.key not in result.applied and p.key not in result.held]
    if getattr(args, "accept_all", False) and (still_open or result.held):
        err(f"replydesk import: {len(still_open)} proposal(s) left open because the answer changed since the export")
        return cli.EXIT_REFUSED
    return cli.EXIT_OK


def write_report(path: Path, text: str) -> Path:
    """``NAME.import-report.txt`` beside the imported file (``common.report``, as for returns)."""
    from replydesk.documents.common.report import write_beside

    return write_beside(path, text)


def report(result: ImportResult, *, as_json: bool) -> None:
    if as_json:
        out_json({
            "file": str(result.path), "reply_id": result.reply_id,
            "proposals": [{"id": p.id, "key": p.key, "author": p.author, "applied": p.key in result.applied}
                          for p in result.proposals],
            "notes": [{"id": n.id, "key": n.key, "author": n.author, "text": n.text} for n in result.notes],
            "unchanged": result.unchanged, "applied": result.applied, "warnings": result.warnings,
            "placed": result.placed, "unplaced": result.unplaced, "ignored": result.ignored, "held": result.held,
        })
    else:
        out(f"{result.path.name}: reply {result.reply_id}" + (f" ({result.about})" if result.about else ""))
        for proposal in result.proposals:
            state = "applied" if proposal.key in result.applied else "to decide in the app"
            out(f"  proposal #{proposal.id} for {result.question(proposal.key)} by {proposal.author or 'unknown'} "
                f"({state})")
        for note in result.notes:
            out(f"  note #{note.id} on {result.question(note.key)} by {note.author}")
        for title, items in (("read other than by the markers", result.placed),
                             ("not placed, not imported", result.unplaced), ("ignored", result.ignored)):
            for item in items:
                out(f"  {title}: {item}")
        out(f"  {len(result.proposals)} proposal(s), {len(result.notes)} new note(s), "
            f"{len(result.unchanged)} answer(s) unchanged")
    for warning in result.warnings:
        err(f"warning: {warning}")
