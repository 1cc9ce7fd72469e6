"""A Party's factsheet from the command line: ``forms factsheet FILE [--json]`` prints what it holds, and
``new … --factsheet FILE`` makes a reply of exactly its recommendations."""

from __future__ import annotations

import argparse
from pathlib import Path

from replydesk.cli import context as cli
from replydesk.cli.output import out, out_json
from replydesk.definitions.model import Form
from replydesk.definitions.recommendations import has_addressees

_LABELS = {"all_parties": "all Parties", "some_parties": "the Parties not already doing so", "party": "the Party"}


def add_forms_parser(forms_sub: argparse._SubParsersAction) -> None:
    sheet = forms_sub.add_parser("factsheet", help="read a Party's factsheet (.docx, .txt or .md): its "
                                 "recommendations (exit 1 when the file is not one)")
    sheet.add_argument("file", type=Path, metavar="FILE")
    sheet.add_argument("--json", action="store_true", help="{party, updated, chapters, unplaced}")


def add_new_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("--factsheet", type=Path, metavar="FILE",
                     help="the Party's factsheet (.docx, .txt or .md): the reply holds exactly its recommendations")


def _read(path: Path, form: Form | None):  # type: ignore[no-untyped-def]
    from replydesk.definitions.factsheets import NotAFactsheet
    from replydesk.documents.word.factsheet import read_factsheet

    if not path.is_file():
        raise cli.CommandError(f"{path}: no such file", cli.EXIT_USAGE)
    try:
        return read_factsheet(path, form)
    except (NotAFactsheet, OSError) as exc:
        raise cli.CommandError(f"{path}: not a Lanzarote factsheet: {exc}") from None


def _round_form(reg) -> Form | None:  # type: ignore[no-untyped-def]
    """The installed form whose recommendations a factsheet's boxes without a number are matched against."""
    return next((f for f in reg.forms.values() if has_addressees(f)), None)


def cmd_forms_factsheet(args: argparse.Namespace) -> int:
    sheet = _read(args.file, _round_form(cli.registry()))
    if args.json:
        out_json(sheet.as_json())
        return cli.EXIT_OK
    out(f"{sheet.title}: {sheet.party}, last update {sheet.updated or 'not given'}, "
        f"{len(sheet.recommendations)} recommendations")
    name = sheet.party_name()
    for chapter in sheet.chapters:
        if not chapter.recommendations:
            continue
        out(f"{chapter.number}. {chapter.title}")
        for r in chapter.recommendations:
            first = r.text.replace("{party}", name).splitlines()[0]
            out(f"  {', '.join(r.numbers)}  {r.urgency} · to {_LABELS[r.addressee]}: {first[:90]}")
    for item in sheet.unplaced:
        out(f"Not placed: {item}")
    return cli.EXIT_OK


def recommendations_for(reg, form: Form, country: str, path: Path | None) -> str | None:  # type: ignore[no-untyped-def]
    """The set a new reply records (JSON), read from its Party's factsheet; refused for another Party's."""
    if path is None:
        return None
    if not has_addressees(form):
        raise cli.CommandError(f"--factsheet: {form.id} has no recommendations addressed to Parties", cli.EXIT_USAGE)
    sheet = _read(path, form)
    participant = form.participant(sheet.party)
    if participant is None or participant.name != country:
        raise cli.CommandError(f"{path} is the factsheet of {sheet.party}, not of {country}; nothing was created")
    if sheet.unplaced:
        raise cli.CommandError(f"{path}: {len(sheet.unplaced)} part(s) of the factsheet could not be placed "
                               f"('replydesk forms factsheet {path}' lists them); nothing was created")
    return sheet.as_set().to_json()
