"""Excel on the command line: ``export --xlsx``, importing .xlsx returns, and ``aggregate``.

``main.py`` wires these in; they use ``context``'s helpers and raise its ``CommandError``
for every expected failure; the export options come from ``documents.formats.EXCEL``.
openpyxl and python-docx load only when a command runs, so other commands start as fast as before.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replydesk.cli import context as cli
from replydesk.cli.output import err, out, out_json
from replydesk.definitions.titles import form_year
from replydesk.documents.common.atomic import ExportError
from replydesk.documents.formats import EXCEL

if TYPE_CHECKING:
    from replydesk.documents.excel.importer import ImportResult
    from replydesk.documents.excel.read import RefusedWorkbook

def add_export_arguments(export: argparse.ArgumentParser) -> None:
    """The Excel options of ``replydesk export REPLY_ID``."""
    (xlsx,) = EXCEL.exports
    only, blank = EXCEL.export_options
    export.add_argument(xlsx.option, type=Path, metavar="PATH", help=xlsx.help)
    export.add_argument(only.flag, nargs="+", default=[], metavar="GROUP_KEY", help=only.help)
    export.add_argument(blank.flag, action="store_true", help=blank.help)


def add_import_arguments(imported: argparse.ArgumentParser) -> None:
    """The Excel options of ``replydesk import FILES``."""
    (force,) = EXCEL.import_options
    imported.add_argument(force.flag, action="store_true", help=force.help)


def add_aggregate_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    aggregate = sub.add_parser("aggregate", help="compile every return for a form and year (secretariat)")
    aggregate.add_argument("--form", required=True, metavar="ID")
    aggregate.add_argument("--year", required=True, type=cli.year_argument)
    aggregate.add_argument("--xlsx", type=Path, metavar="OUT", help="consolidated workbook: coverage, questions, "
                           "countries")
    aggregate.add_argument("--docx", type=Path, metavar="OUT", help="consolidated Word report")
    return aggregate


def export_excel(args: argparse.Namespace) -> int | None:
    """``export REPLY_ID --xlsx PATH [--only G ...] [--blank]``; None when --xlsx was not given."""
    if not getattr(args, "xlsx", None):
        return None
    from replydesk.documents.excel.export import UnknownPart, export_return, source_from_store

    with cli.open_store(args, write=False) as store:
        context = cli.reply_context(store, args.reply_id)
        reply, form = context.reply, context.form_as_registered
        source = source_from_store(store, reply.id, form)
    only = list(getattr(args, "only", None) or [])
    blank = bool(getattr(args, "blank", False))
    target = Path(args.xlsx)
    if target.is_dir():
        target = target / default_name(form.id, reply.country, reply.year, only, blank)
    try:
        summary = export_return(source, target, only=only, blank=blank)
    except UnknownPart as exc:
        raise cli.CommandError(str(exc), cli.EXIT_USAGE) from None
    except ExportError as exc:
        raise cli.CommandError(str(exc)) from None
    what = "blank template" if blank else f"{summary.answered} of {summary.slots} answered"
    part = f", part {' '.join(only)}" if only else ""
    out(f"Wrote {summary.path} ({reply.country}, {form.resolved(reply.year).title}{part}: {what})")
    return cli.EXIT_OK


def default_name(form_id: str, country: str, year: int, only: list[str], blank: bool) -> str:
    """The same name the window proposes (see ``formats.file_stem``), with the part and blankness."""
    from replydesk.documents.formats import file_stem

    part = "".join(f"-{key}" for key in only)
    return f"{file_stem(country, form_id, year)}{part}{'-blank' if blank else ''}.xlsx"


def import_excel(args: argparse.Namespace, paths: list[Path]) -> int:
    """Import .xlsx returns, each in its own transaction; a result line per file; 1 if any was refused."""
    from replydesk.cli import attention
    from replydesk.documents.common.report import write_beside
    from replydesk.documents.excel.importer import import_workbooks
    from replydesk.documents.excel.read import RefusedWorkbook
    from replydesk.store.tables import utcnow

    registry = cli.registry()
    with cli.open_store(args, write=True) as store:
        since = utcnow()
        results = import_workbooks(store, registry, [Path(p) for p in paths], force=getattr(args, "force", False))
        marked = attention.marked(store, since)
    refused = sum(1 for result in results if isinstance(result, RefusedWorkbook))
    as_json = getattr(args, "json", False)
    written = [write_beside(result.path, result.report()) for result in results] \
        if getattr(args, "report", False) else []
    if as_json:
        out_json([{**_as_json(result), "attention": attention.as_json(
            [m for m in marked if m.reply_id == getattr(result, "reply_id", None)])} for result in results])
        return cli.EXIT_REFUSED if refused else cli.EXIT_OK
    for index, result in enumerate(results):
        if isinstance(result, RefusedWorkbook):
            err(result.describe())
        else:
            out(result.describe())
            _details(result)
            attention.print_marked([m for m in marked if m.reply_id == result.reply_id])
        if written:
            out(f"  report written to {written[index]}")
    if len(results) > 1:
        out(f"{len(results) - refused} of {len(results)} files imported" + (f"; {refused} refused" if refused else ""))
    return cli.EXIT_REFUSED if refused else cli.EXIT_OK


def _details(result: ImportResult) -> None:
    """Below a file's line: what changed, what could not be placed, what was ignored and why (its import report)."""
    report = result.report()
    for key in result.changed:
        out(f"  changed: {result.question(key)}")
    for item in report.items("Not placed, not imported"):
        out(f"  not placed, not imported: {item}")
    for item in report.items("Ignored"):
        out(f"  ignored: {item}")


def _as_json(result: ImportResult | RefusedWorkbook) -> dict[str, Any]:
    from replydesk.documents.excel.read import RefusedWorkbook

    if isinstance(result, RefusedWorkbook):
        return {"file": str(result.path), "imported": False,
                "problems": [{"sheet": p.sheet, "cell": p.cell, "message": p.message} for p in result.problems]}
    return {"file": str(result.path), "imported": True, "reply_id": result.reply_id, "country": result.country,
            "action": result.action, "changed": result.changed, "conflicts": result.conflicts,
            "left_alone": result.left_alone, "ignored": result.ignored, "unplaced": result.unplaced,
            "unchanged": result.unchanged}


def cmd_aggregate(args: argparse.Namespace) -> int:
    """``aggregate --form ID --year Y --xlsx OUT [--docx OUT]``."""
    from replydesk.documents.secretariat.consolidation import stream_consolidation
    from replydesk.documents.secretariat.report_docx import write_report
    from replydesk.documents.secretariat.workbook_xlsx import write_consolidated_workbook

    if not args.xlsx and not args.docx:
        raise cli.CommandError("say where to write: --xlsx OUT and/or --docx OUT", cli.EXIT_USAGE)
    registry = cli.registry()
    form = cli.form_of(registry, args.form)
    with cli.open_store(args, write=False) as store:  # open while writing: answers are read as they are written
        consolidation = stream_consolidation(store, form, args.year)
        written = cli.write_files(
            ([lambda: write_consolidated_workbook(consolidation, args.xlsx)] if args.xlsx else [])
            + ([lambda: write_report(consolidation, args.docx)] if args.docx else []))
    returns = len(consolidation.returns)
    out(f"{returns} return{'s' if returns != 1 else ''} from {len(consolidation.participants)} "
        f"{form.participants_plural.lower()} ({len(consolidation.missing)} without a return) for "
        f"{form_year(form, args.year)}")
    for path in written:
        out(f"Wrote {path}")
    return cli.EXIT_OK

