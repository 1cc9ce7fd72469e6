"""``replydesk`` command line: parsing, and the commands that are not the window.

This module builds the parser (the command modules add their own commands and options)
and runs a command; ``context`` holds what every command needs, so no command module
imports this one.

The command set is a stable interface: tests and secretariat scripts call it.
Exit codes: 0 done; 1 refused (invalid value, broken definition, store problem);
2 usage error or unknown form/country/reply; 3 the database is busy.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from replydesk import identity, logs
from replydesk.cli import (
    change_commands,
    db_commands,
    document_commands,
    excel_commands,
    factsheet_commands,
    history_commands,
    member_commands,
    reply_commands,
    theme_commands,
    word_commands,
)
from replydesk.cli.context import (
    EXIT_BUSY,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    CommandError,
    form_of,
    open_store,
    print_problems,
    read_text_file,
    registry,
    reply_context,
    reply_id_argument,
    year_argument,
)
from replydesk.cli.output import err, out, out_json, table, use_utf8
from replydesk.cli.parser import top_level
from replydesk.definitions import DefinitionError, Form, load_form, markdown
from replydesk.definitions.cycles import compare_cycles
from replydesk.definitions.model import QuestionType
from replydesk.definitions.registry import Registry, UnknownName
from replydesk.definitions.titles import form_title, form_year, with_year
from replydesk.definitions.values import ValueProblem, check_text, completion, parse_text
from replydesk.store import (
    DatabaseBusy,
    NewerDatabase,
    ReplyExists,
    Store,
    StoreError,
    UnknownReply,
    decode,
)
from replydesk.store.context import reply_form as cli_reply_form


def build_parser() -> argparse.ArgumentParser:
    parser, sub = top_level()

    forms = sub.add_parser("forms", help="list, show and check questionnaire definitions")
    forms_sub = forms.add_subparsers(dest="forms_command", metavar="ACTION")
    show = forms_sub.add_parser("show", help="print a definition resolved for a year")
    show.add_argument("form_id", metavar="ID")
    show.add_argument("--year", type=year_argument)
    show.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    check = forms_sub.add_parser("check", help="validate definition files (exit 1 on problems)")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    schema = forms_sub.add_parser("schema", help="print the JSON schema of definition files")
    schema.add_argument("--output", type=Path, help="write it to this file instead")
    factsheet_commands.add_forms_parser(forms_sub)  # forms factsheet FILE

    new = sub.add_parser("new", help="create a reply; prints its id on the last line")
    new.add_argument("--form", required=True, metavar="ID")
    new.add_argument("--country", metavar="NAME", help="required unless --from gives it")
    new.add_argument("--year", required=True, type=year_argument)
    new.add_argument("--from", dest="from_reply", type=reply_id_argument, metavar="REPLY_ID",
                     help="carry this (last cycle's) reply's answers over, marked until edited or confirmed")
    factsheet_commands.add_new_arguments(new)  # --factsheet FILE

    listing = sub.add_parser("list", help="list the replies in the database")
    listing.add_argument("--json", action="store_true")

    show_reply = sub.add_parser("show", help="print a reply's answers")
    show_reply.add_argument("reply_id", type=reply_id_argument, metavar="REPLY_ID")
    show_reply.add_argument("--json", action="store_true", help="{key: value} for every question")
    show_reply.add_argument("--detail", action="store_true",
                            help="with --json: {key: {value, status, carried_over, ...}}, orphaned answers too")

    compare = sub.add_parser("compare", help="compare a carried-forward reply with last cycle's")
    compare.add_argument("reply_id", type=reply_id_argument, metavar="REPLY_ID")
    compare.add_argument("--docx", type=Path, metavar="PATH", help="write the comparison as a Word document")
    compare.add_argument("--json", action="store_true")

    confirm = sub.add_parser("confirm", help="mark carried-over answers as still accurate")
    confirm.add_argument("reply_id", type=reply_id_argument, metavar="REPLY_ID")
    confirm.add_argument("keys", nargs="*", metavar="KEY")
    confirm.add_argument("--all", action="store_true", help="every carried-over answer")

    set_ = sub.add_parser("set", help="validate and save one answer")
    set_.add_argument("reply_id", type=reply_id_argument, metavar="REPLY_ID")
    set_.add_argument("key", metavar="KEY")
    source = set_.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="T", help="the answer as plain text (a long text's * _ [ \\ - 1. stay "
                        "characters; a date is YYYY-MM-DD or day/month/year, e.g. 31/12/2023 or 31.12.2023 "
                        "- an ambiguous 03/04/2023 is read day first)")
    source.add_argument("--file", type=Path, metavar="PATH",
                        help="UTF-8 text file, or - for standard input (a long text is read as Markdown)")
    set_.add_argument("--revision", type=int, metavar="N", dest="based_on",
                      help="the answer's revision this change was made from ('show --json --detail' prints it); "
                      "refused (exit 1, nothing saved) when someone saved a newer one meanwhile")

    note = sub.add_parser("note", help="add a reviewer note to an answer")
    note.add_argument("reply_id", type=reply_id_argument, metavar="REPLY_ID")
    note.add_argument("key", metavar="KEY")
    note.add_argument("--text", required=True, metavar="T")
    note.add_argument("--author", metavar="NAME")

    notes = sub.add_parser("notes", help="list a reply's notes")
    notes.add_argument("reply_id", type=reply_id_argument, metavar="REPLY_ID")
    notes.add_argument("--json", action="store_true")
    status = sub.add_parser("status", help="send a reply for review, mark it final, or reopen it",
                            description="Change a reply's status. 'final' is refused (exit 1) while the reply has "
                            "problems ('replydesk check' lists them) and, on a team's server, for all but its "
                            "coordinators.")
    status.add_argument("reply_id", type=reply_id_argument, metavar="REPLY_ID")
    status.add_argument("status", choices=["drafting", "in_review", "final"])
    check_reply = sub.add_parser("check", help="print what stands between a reply and final (exit 1 when any)")
    check_reply.add_argument("reply_id", type=int, metavar="REPLY_ID")

    sub.add_parser("example", help="(re)create the built-in example's own database; prints its path last",
                   description="Make Denmark's 2014 Global Alliance return anew in the example database "
                   "(never the draft database chosen by --db); the last line is its path.")
    export, _imported = word_commands.add_parsers(sub)  # export (--docx, --review-docx) and import
    excel_commands.add_export_arguments(export)  # --xlsx PATH, --only GROUP..., --blank
    excel_commands.add_import_arguments(_imported)  # --force
    excel_commands.add_aggregate_parser(sub)
    theme_commands.add_parsers(sub)  # theme …, report
    db_commands.add_parsers(sub)  # db copy
    member_commands.add_parsers(sub)  # member add/list/remove (a server's roles)
    reply_commands.add_parsers(sub)  # reply copy/sync (one reply between two databases)
    change_commands.add_parsers(sub)  # changes, decide
    history_commands.add_parsers(sub)  # history REPLY KEY
    return parser


# -- commands --------------------------------------------------------------------
def cmd_forms(args: argparse.Namespace) -> int:
    if args.forms_command == "check":
        return cmd_forms_check(args)
    if args.forms_command == "factsheet":
        return factsheet_commands.cmd_forms_factsheet(args)
    if args.forms_command == "schema":
        text = json.dumps(Form.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    reg = registry()
    if args.forms_command == "show":
        form = form_of(reg, args.form_id).resolved(args.year)
        data = form.model_dump(mode="json")
        data["definition_hash"] = reg.get(args.form_id).definition_hash
        data["keys"] = form.keys()
        out_json(data)
        return EXIT_OK
    rows = [[f.id, f.version, f.resolved().title, str(len(f.slots))] for f in reg.forms.values()]
    out(table(rows, ["ID", "VERSION", "TITLE", "QUESTIONS"]))
    print_problems(reg)
    return EXIT_OK


def cmd_forms_check(args: argparse.Namespace) -> int:
    failed = False
    for file in args.files:
        try:
            form = load_form(file)
        except DefinitionError as exc:
            failed = True
            for problem in exc.problems:
                err(str(problem))
            continue
        out(f"{file}: ok ({form.id} {form.version}, {len(form.slots)} questions)")
    return EXIT_REFUSED if failed else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    reg = registry()
    form = form_of(reg, args.form)
    if args.country:  # a misspelt name is refused before any database file is made
        try:
            reg.participant(form, args.country)
        except UnknownName as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
    # a factsheet that cannot be taken is refused before any database file is made
    recommendations = factsheet_commands.recommendations_for(
        reg, form, reg.participant(form, args.country), args.factsheet) if args.country else None
    with open_store(args, write=True) as store:
        previous = None
        if args.from_reply is not None:
            try:
                previous = store.reply(args.from_reply)
            except UnknownReply as exc:
                raise CommandError(f"{exc}. Run 'replydesk list' to see the replies.", EXIT_USAGE) from None
        name = args.country or (previous.country if previous else None)
        if not name:
            raise CommandError("--country is required (or --from a reply to take its country)", EXIT_USAGE)
        try:
            country = reg.participant(form, name)
        except UnknownName as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        if not args.country:
            recommendations = factsheet_commands.recommendations_for(reg, form, country, args.factsheet)
        try:
            reply = store.create_reply(form, country, args.year, previous=previous, recommendations=recommendations)
        except ReplyExists as exc:
            raise CommandError(f"{exc}; open it with 'replydesk show {exc.reply_id}'") from None
        if previous is not None:
            report = compare_cycles(previous_form(store, reg, previous), form, store.values(previous.id))
            earlier = with_year(form_title(reg, previous.form_id, previous.year), previous.year)
            out(f"From reply {previous.id} ({previous.country}, {earlier}):")
            for line in report.lines():
                out(f"  {line}")
        questions = len(cli_reply_form(store, form, reply).slots)
    out(f"Created reply {reply.id}: {country}, {form_year(form, args.year)} "
        f"({questions} questions)")
    out(str(reply.id))
    return EXIT_OK


def previous_form(store: Store, reg: Registry, reply: Any) -> Form | None:
    """The definition ``reply`` was drafted against: as stored with it, else the current one of its id."""
    stored = store.definition_of(reply)
    if stored is not None:
        return Form.model_validate_json(stored.content)
    return reg.forms.get(reply.form_id)


def cmd_compare(args: argparse.Namespace) -> int:
    from replydesk.definitions.cycles import compare_answers

    with open_store(args, write=False) as store:
        context = reply_context(store, args.reply_id)
        reply, form = context.reply, context.form_for_year
        if reply.previous_reply_id is None:
            raise CommandError(f"reply {reply.id} was not carried forward from another; nothing to compare "
                               "(create it with 'replydesk new ... --from REPLY_ID')")
        previous = store.reply(reply.previous_reply_id)
        carried = {k for k, a in context.answers.items() if a.carried_over}
        changes = compare_answers(form, store.values(previous.id), context.values, carried)
    if args.docx:
        from replydesk.documents.common.atomic import ExportError
        from replydesk.documents.word.comparison import write_comparison

        try:
            _path, warnings = write_comparison(form, reply.country, previous.year, reply.year, changes, args.docx)
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        for warning in warnings:
            err(f"warning: {warning}")
        out(f"Wrote {args.docx}")
    if args.json:
        out_json([{"key": c.key, "state": c.state, "before": c.before, "after": c.after} for c in changes])
    elif not args.docx:
        for change in changes:
            out(f"{change.key}: {change.state}")
    return EXIT_OK


def cmd_confirm(args: argparse.Namespace) -> int:
    with open_store(args, write=True) as store:
        context = reply_context(store, args.reply_id)
        reply, answers = context.reply, context.answers
        store.require(reply.id, "edit", doing="confirm")  # drafters and coordinators only, even with nothing to do
        keys = [k for k, a in answers.items() if a.carried_over] if args.all else args.keys
        if not keys:
            raise CommandError("name the answers to confirm, or use --all", EXIT_USAGE)
        unknown = [k for k in keys if k not in answers or not answers[k].carried_over]
        if unknown and not args.all:
            raise CommandError(f"not carried-over answers of reply {reply.id}: {', '.join(unknown)}")
        confirmed = store.confirm(reply.id, keys)
    out(f"Confirmed {len(confirmed)} answer{'s' if len(confirmed) != 1 else ''} as still accurate")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    reg = registry()
    with open_store(args, write=False) as store:
        items = []
        for reply in store.replies():
            form = reg.forms.get(reply.form_id)
            answered, total = completion(form, store.values(reply.id)) if form else (0, 0)
            items.append({
                "id": reply.id, "uuid": reply.uuid, "form": reply.form_id, "country": reply.country, "year": reply.year,
                "status": reply.status, "answered": answered, "questions": total,
                "completion": round(100 * answered / total) if total else 0,
                "updated_at": reply.updated_at.isoformat(timespec="seconds"),
            })
    if args.json:
        out_json(items)
    elif not items:
        out("No replies yet. Create one with: replydesk new --form ID --country NAME --year YEAR")
    else:
        rows = [[str(i["id"]), i["form"], i["country"], str(i["year"]), i["status"],
                 f"{i['completion']}% ({i['answered']}/{i['questions']})"] for i in items]
        out(table(rows, ["ID", "FORM", "COUNTRY", "YEAR", "STATUS", "COMPLETION"]))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args, write=False) as store:
        context = reply_context(store, args.reply_id)
        reply, form, rows = context.reply, context.form_for_year, context.answers
    values = {key: decode(row.value) for key, row in rows.items()}
    if args.json and args.detail:
        detail: dict[str, Any] = {}
        for key in [*form.keys(), *[k for k in rows if not form.has_key(k)]]:
            row = rows.get(key)
            detail[key] = {
                "value": values.get(key),
                "status": row.review_status if row else "draft",
                "carried_over": bool(row.carried_over) if row else False,
                "orphaned": not form.has_key(key),
                "revision": row.revision if row else 0,
                "updated_at": row.updated_at.isoformat(timespec="seconds") if row else None,
                "updated_by": row.updated_by if row else None,
            }
        out_json(detail)
        return EXIT_OK
    data = {key: values.get(key) for key in form.keys()}
    if args.json:
        out_json(data)
        return EXIT_OK
    out(f"Reply {reply.id}: {reply.country}, {form.title} ({reply.status})")
    for slot in form.slots:
        value = data[slot.key]
        shown = "(empty)" if value is None else value if isinstance(value, str) else json.dumps(value)
        mark = " [carried over]" if slot.key in rows and rows[slot.key].carried_over else ""
        out(f"\n[{slot.key}]{mark} {slot.question.label} {slot.question.prompt}".rstrip())
        out(shown)
    for key in [k for k in rows if not form.has_key(k)]:
        out(f"\n[{key}] (orphaned: no longer a question of this form)")
        out(str(values[key]))
    return EXIT_OK


def read_input(args: argparse.Namespace) -> str:
    if args.text is not None:
        return check_text(args.text, where="--text")
    return read_text_file(args.file)


def cmd_set(args: argparse.Namespace) -> int:
    from replydesk.cli import attention  # what the change left needing attention in the synthesis (⚠)
    from replydesk.store.tables import utcnow

    try:
        text = read_input(args)
    except ValueProblem as exc:
        raise CommandError(str(exc)) from None
    with open_store(args, write=True) as store:
        context = reply_context(store, args.reply_id)
        reply, form = context.reply, context.form_for_year
        if not form.has_key(args.key):
            from replydesk.definitions.registry import suggest

            raise CommandError(f"{form.id} has no question {args.key!r}.{suggest(args.key, form.keys())}")
        question = form.slot(args.key).question
        if args.text is not None and question.type is QuestionType.LONG_TEXT:
            text = markdown.from_plain(text)  # --text is plain text; --file is Markdown, read as written
        try:
            value = parse_text(question, text)
        except ValueProblem as exc:
            raise CommandError(f"{args.key} ({question.type.value}): {exc}; nothing was saved") from None
        based_on = {args.key: args.based_on} if args.based_on is not None else None
        since = utcnow()
        changed = store.save_answers(reply.id, form, {args.key: value}, source="cli", based_on=based_on)
        marked = store.marked_since(since, [reply.id])
    out(f"Saved {args.key}" if changed else f"{args.key} unchanged")
    attention.print_marked(marked)
    return EXIT_OK


def cmd_note(args: argparse.Namespace) -> int:
    with open_store(args, write=True) as store:
        context = reply_context(store, args.reply_id)
        reply, form = context.reply, context.form_for_year
        if not form.has_key(args.key):
            raise CommandError(f"{form.id} has no question {args.key!r}")
        note = store.add_note(reply.id, form, args.key, check_text(args.text, where="--text"),
                              author=args.author, source="cli")
    out(f"Added note {note.id} to {args.key}")
    return EXIT_OK


def cmd_notes(args: argparse.Namespace) -> int:
    with open_store(args, write=False) as store:
        reply_context(store, args.reply_id)  # exit 2 for an unknown reply
        notes = store.notes(args.reply_id)
    items = [{"id": n.id, "key": n.key, "author": n.author, "text": n.text,
              "created_at": n.created_at.isoformat(timespec="seconds")} for n in notes]
    if args.json:
        out_json(items)
    elif not items:
        out("No notes.")
    else:
        for item in items:
            out(f"#{item['id']} {item['key']} — {item['author'] or 'unknown'}, {item['created_at']}")
            out("  " + item["text"].replace("\n", "\n  "))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """``KEY: message`` per problem and exit 1, or one line saying there are none."""
    from replydesk.definitions.problems import find_problems

    with open_store(args, write=False) as store:
        context = reply_context(store, args.reply_id)
    problems = find_problems(context.form_for_year, context.values)
    for problem in problems:
        out(str(problem))
    if problems:
        return EXIT_REFUSED
    out(f"No problems: reply {context.reply.id} can be marked final.")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    with open_store(args, write=True) as store:
        context = reply_context(store, args.reply_id)
        if context.reply.status == args.status:
            out(f"Reply {args.reply_id} is already {args.status.replace('_', ' ')}")
            return EXIT_OK
        store.set_reply_status(args.reply_id, args.status, form=context.form_for_year, detail="command line")
    out(f"Reply {args.reply_id} is now {args.status.replace('_', ' ')}")
    return EXIT_OK


def cmd_example(args: argparse.Namespace) -> int:
    from replydesk.example import example, recreate

    reg = registry()
    form = form_of(reg, example().form_id)
    path, reply_id = recreate(reg)
    year = example().year
    out(f"example reply {reply_id}: {example().country}, {form_year(form, year)}")
    out(str(path))
    return 0


COMMANDS = {
    "forms": cmd_forms, "new": cmd_new, "list": cmd_list, "show": cmd_show,
    "set": cmd_set, "note": cmd_note, "notes": cmd_notes, "check": cmd_check, "status": cmd_status,
    "confirm": cmd_confirm,
    "compare": cmd_compare,
    "export": document_commands.cmd_export, "import": document_commands.cmd_import,
    "aggregate": excel_commands.cmd_aggregate,
    "theme": theme_commands.cmd_theme, "report": theme_commands.cmd_report, "db": db_commands.cmd_db,
    "member": member_commands.cmd_member,
    "reply": reply_commands.cmd_reply, "changes": change_commands.cmd_changes, "decide": change_commands.cmd_decide,
    "history": history_commands.cmd_history,
    "example": cmd_example,
}


def run(args: argparse.Namespace) -> int:
    """Run a non-GUI command; turn every expected failure into a message and an exit code."""
    use_utf8()
    identity.override(getattr(args, "global_author", None))
    try:
        return COMMANDS[args.command](args)
    except CommandError as exc:
        err(f"replydesk {args.command}: {exc}")
        return exc.code
    except DatabaseBusy as exc:
        err(f"replydesk {args.command}: {exc}")
        return EXIT_BUSY
    except (StoreError, NewerDatabase, ValueProblem) as exc:
        err(f"replydesk {args.command}: {exc}")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except BrokenPipeError:  # the reader stopped reading (``replydesk show 1 | head``): nothing went wrong here
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, sys.stdout.fileno())  # so that Python's own flush at exit does not complain either
        return 141  # as a shell reports a command ended by SIGPIPE
    except Exception as exc:  # noqa: BLE001 - a bug must still end in a message, with details in the log
        log = logs.setup()
        logging.getLogger("replydesk.cli").exception("unexpected error in 'replydesk %s'", args.command)
        where = f"; details are in {log}" if log else ""
        err(f"replydesk {args.command}: unexpected error ({type(exc).__name__}: {exc}){where}. "
            "Nothing further was changed; please report this.")
        return EXIT_REFUSED
