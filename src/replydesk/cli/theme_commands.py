"""The secretariat's synthesis on the command line: ``theme …`` and ``report``.

``theme add/list/show/edit/move/merge/split/carry/delete`` manage a year's themes (the report's
actions); ``theme tag/untag/example/tag-many`` tag passages of members' answers and choose the
examples the report quotes; ``theme search`` ranks what else may belong; ``report`` writes the
synthesis report (Word) and its matrix (Excel).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from replydesk.cli import context as cli
from replydesk.cli.output import out, out_json
from replydesk.definitions.titles import form_title, form_year, with_year


def add_parsers(sub: argparse._SubParsersAction) -> None:
    theme = sub.add_parser("theme", help="themes (actions) of the secretariat's synthesis, and tagged passages",
                           description="Define a year's themes (the report's actions) and tag the passages of "
                           "members' returns that report them.")
    actions = theme.add_subparsers(dest="theme_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="a new theme under a group; prints its id on the last line")
    _form_year(add)
    add.add_argument("--under", required=True, metavar="GROUP", help="the group's dotted key, e.g. pt1.og1 or ch2")
    add.add_argument("--title", required=True, metavar="TEXT")
    add.add_argument("--description", default="", metavar="TEXT")

    listing = actions.add_parser("list", help="a year's themes, by group and order")
    _form_year(listing)
    listing.add_argument("--json", action="store_true")

    show = actions.add_parser("show", help="a theme's passages with their member and question")
    show.add_argument("theme_id", type=int, metavar="THEME")
    show.add_argument("--json", action="store_true")
    show.add_argument("--history", action="store_true", help="also every change to the theme and its passages")

    edit = actions.add_parser("edit", help="rename a theme, describe it, write its narrative, or move it to a group")
    edit.add_argument("theme_id", type=int, metavar="THEME")
    edit.add_argument("--title", metavar="TEXT")
    edit.add_argument("--description", metavar="TEXT")
    edit.add_argument("--narrative", type=Path, metavar="FILE",
                      help="Markdown file (- for standard input); {members} stands for the reporting members")
    edit.add_argument("--under", metavar="GROUP")

    move = actions.add_parser("move", help="put a theme at a place among its group's themes")
    move.add_argument("theme_id", type=int, metavar="THEME")
    move.add_argument("--to", type=int, required=True, metavar="N", help="1 for first")

    merge = actions.add_parser("merge", help="move a theme's passages into another and retire it")
    merge.add_argument("theme_id", type=int, metavar="THEME")
    merge.add_argument("--into", type=int, required=True, metavar="THEME")

    split = actions.add_parser("split", help="a new theme taking some passages; prints its id on the last line")
    split.add_argument("theme_id", type=int, metavar="THEME")
    split.add_argument("--title", required=True, metavar="TEXT")
    split.add_argument("--passages", type=int, nargs="+", required=True, metavar="PASSAGE")
    split.add_argument("--narrative", type=Path, metavar="FILE",
                       help="the new action's narrative, Markdown (- for standard input); default: its members")

    delete = actions.add_parser("delete", help="delete a theme with no tagged passages (kept in the history)")
    delete.add_argument("theme_id", type=int, metavar="THEME")
    delete.add_argument("--force", action="store_true", help="untag its passages first")

    carry = actions.add_parser("carry", help="copy a year's themes into another year's synthesis")
    carry.add_argument("--form", required=True, metavar="ID")
    carry.add_argument("--from", dest="from_year", required=True, type=cli.year_argument, metavar="YEAR")
    carry.add_argument("--to", dest="to_year", required=True, type=cli.year_argument, metavar="YEAR")
    carry.add_argument("--tags", action="store_true",
                       help="also tag the passages each member's reply of the new year still holds")

    tag = actions.add_parser("tag", help="tag a passage of a member's answer; prints the passage id")
    tag.add_argument("theme_id", type=int, metavar="THEME")
    tag.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    tag.add_argument("key", metavar="KEY")
    tag.add_argument("--quote", required=True, metavar="TEXT",
                     help="words of the answer, as 'show' prints them (a choice: its label)")
    tag.add_argument("--example", action="store_true", help="quote it in the report as an example")
    tag.add_argument("--label", default="", metavar="LABEL",
                     help="a subset of the action's members, for {members:LABEL} in the narrative")

    example = actions.add_parser("example", help="choose a tagged passage as a quoted example (--no: no longer)")
    example.add_argument("passage_id", type=int, metavar="PASSAGE")
    example.add_argument("--no", dest="example", action="store_false")

    many = actions.add_parser("tag-many", help="tag a batch from a CSV or JSON file, in one transaction")
    many.add_argument("file", type=Path, metavar="FILE",
                      help="one tag a line: theme, reply, key, quote[, label[, example]] (CSV with those headers, "
                           "or a JSON list of objects)")

    untag = actions.add_parser("untag", help="take a passage off its theme")
    untag.add_argument("passage_id", type=int, metavar="PASSAGE")

    search = actions.add_parser("search", help="rank the year's answers against a theme's terms")
    search.add_argument("theme_id", type=int, metavar="THEME")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    search.add_argument("--json", action="store_true")

    report = sub.add_parser("report", help="write the synthesis report of a year's returns (secretariat)")
    _form_year(report)
    report.add_argument("--docx", type=Path, metavar="OUT", help="the report, as the 2015 report is laid out")
    report.add_argument("--xlsx", type=Path, metavar="OUT", help="the action × member matrix and the passages")
    report.add_argument("--title", default="", metavar="TEXT", help="the report's title, e.g. \"2015 REPORT\"")
    report.add_argument("--reference", type=Path, metavar="FILE.docx",
                        help="the Word reference document to take styles from (default: the installation's)")
    report.add_argument("--annex", action="store_true", help="add the action × member table to the Word report")


def _form_year(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", required=True, metavar="ID")
    parser.add_argument("--year", required=True, type=cli.year_argument)


def cmd_theme(args: argparse.Namespace) -> int:
    return _ACTIONS[args.theme_command](args)


def _add(args: argparse.Namespace) -> int:
    form = cli.form_of(cli.registry(), args.form)
    with cli.open_store(args, write=True) as store:
        from replydesk.documents.secretariat.consolidation import load_consolidation
        from replydesk.documents.secretariat.synthesis import goal_title

        # the year's form as the secretariat sees it: with the recommendations Parties' factsheets add
        year_form = load_consolidation(store, form, args.year).form
        theme = store.add_theme(year_form, args.year, args.under, args.title, description=args.description)
    out(f"Added theme {theme.id}: {theme.title} (under {goal_title(year_form, theme.under)}, "
        f"{with_year(year_form.title, args.year)})")
    out(str(theme.id))
    return cli.EXIT_OK


def _theme_json(theme: Any, passages: list[Any]) -> dict[str, Any]:
    return {"id": theme.id, "form": theme.form_id, "year": theme.year, "under": theme.under, "title": theme.title,
            "description": theme.description, "position": theme.position, "narrative": theme.narrative,
            "carried_from": theme.carried_from, "passages": len(passages),
            "members": sorted({p.reply_id for p in passages})}


def _list(args: argparse.Namespace) -> int:
    form = cli.form_of(cli.registry(), args.form)
    with cli.open_store(args, write=False) as store:
        themes = [(theme, store.passages(theme.id)) for theme in store.themes(form.id, args.year)]
    if args.json:
        out_json([_theme_json(theme, passages) for theme, passages in themes])
        return cli.EXIT_OK
    if not themes:
        out(f"No themes for {form_year(form, args.year)} yet ('replydesk theme add').")
    for theme, passages in themes:
        members = len({p.reply_id for p in passages if p.state == "anchored"})
        examples = sum(1 for p in passages if p.example and p.state == "anchored")
        attention = sum(1 for p in passages if p.state == "attention")
        out(f"{theme.id:>4}  {theme.under:<10} #{theme.position}  {theme.title}  "
            f"({_count(len(passages), 'passage')}, {_count(members, 'member')}, {_count(examples, 'example')}"
            f"{f', ⚠ {attention} needing attention' if attention else ''})")
    return cli.EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _show(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=False) as store:
        theme = store.theme(args.theme_id)
        passages = store.passages(args.theme_id)
        countries = {reply.id: reply.country for reply in store.replies()}
        events = store.theme_events(args.theme_id) if args.history else []
    rows = [{"id": p.id, "member": countries.get(p.reply_id, ""), "reply_id": p.reply_id, "key": p.key,
             "text": p.quote, "state": p.state, "example": p.example, "label": p.label} for p in passages]
    history = [{"at": e.at.isoformat(), "by": e.by, "action": e.action, "passage": e.passage_id,
                "detail": json.loads(e.detail) if e.detail else {}} for e in events]
    if args.json:
        out_json({**_theme_json(theme, passages), "passages": rows, **({"history": history} if args.history else {})})
        return cli.EXIT_OK
    from replydesk.documents.secretariat.synthesis import goal_title

    registry = cli.registry()
    form = registry.forms.get(theme.form_id)
    under = goal_title(form.resolved(theme.year), theme.under) if form is not None else theme.under
    title = with_year(form_title(registry, theme.form_id, theme.year), theme.year)
    out(f"Theme {theme.id}: {theme.title} (under {under}, {title})")
    if theme.merged_into:
        out(f"Merged into theme {theme.merged_into}.")
    for row in rows:
        mark = "  ⚠ needs attention: the answer changed" if row["state"] == "attention" else ""
        extra = ("  [example]" if row["example"] else "") + (f"  [{row['label']}]" if row["label"] else "")
        out(f"  passage {row['id']}: {row['member']} {row['key']} (reply {row['reply_id']}): “{row['text']}”"
            f"{extra}{mark}")
    if not rows:
        out("  No passages tagged yet ('replydesk theme tag').")
    if args.history:
        out("History:")
        for event in history:
            passage = f" passage {event['passage']}" if event["passage"] else ""
            out(f"  {event['at'][:19].replace('T', ' ')}  {event['by']}: {event['action']}{passage}")
    return cli.EXIT_OK


def _edit(args: argparse.Namespace) -> int:
    narrative = None
    if args.narrative is not None:
        narrative = cli.read_text_file(args.narrative)
    with cli.open_store(args, write=True) as store:
        current = store.theme(args.theme_id)
        form = cli.form_of(cli.registry(), current.form_id).resolved(current.year)
        theme = store.edit_theme(args.theme_id, title=args.title, description=args.description,
                                 narrative=narrative, under=args.under, form=form)
    out(f"Theme {theme.id}: {theme.title} (under {theme.under})")
    return cli.EXIT_OK


def _move(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=True) as store:
        themes = store.move_theme(args.theme_id, args.to)
    for theme in themes:
        out(f"#{theme.position}  {theme.id}  {theme.title}")
    return cli.EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=True) as store:
        target = store.merge_themes(args.theme_id, args.into)
        count = len(store.passages(args.into))
    out(f"Merged theme {args.theme_id} into theme {target.id}: {target.title} ({count} passages)")
    return cli.EXIT_OK


def _split(args: argparse.Namespace) -> int:
    narrative = cli.read_text_file(args.narrative) if args.narrative is not None else ""
    with cli.open_store(args, write=True) as store:
        new = store.split_theme(args.theme_id, args.title, args.passages, narrative=narrative)
    out(f"Split {len(args.passages)} passage(s) of theme {args.theme_id} into theme {new.id}: {new.title}")
    if not narrative:
        out(f"Theme {new.id} has no narrative yet; the report lists its members until one is written "
            f"('replydesk theme edit {new.id} --narrative FILE')")
    out(str(new.id))
    return cli.EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=True) as store:
        title = store.theme(args.theme_id).title
        untagged = store.delete_theme(args.theme_id, force=args.force)
    out(f"Deleted theme {args.theme_id}: {title}" + (f" ({_count(untagged, 'passage')} untagged)" if untagged else ""))
    return cli.EXIT_OK


def _carry(args: argparse.Namespace) -> int:
    form = cli.form_of(cli.registry(), args.form)
    with cli.open_store(args, write=True) as store:
        created = store.carry_themes(form.id, args.from_year, args.to_year, tags=args.tags)
        counts = {theme.id: len(store.passages(theme.id)) for theme in created} if args.tags else {}
    out(f"Carried {len(created)} theme(s) of {form_year(form, args.from_year)} into "
        f"{args.to_year}"
        + (f" with {_count(sum(counts.values()), 'passage')} still found in the {args.to_year} answers"
           if args.tags else ""))
    for theme in created:
        out(f"{theme.id:>4}  {theme.under:<10} {theme.title}"
            + (f" ({_count(counts[theme.id], 'passage')})" if args.tags else ""))
    return cli.EXIT_OK


def _tag(args: argparse.Namespace) -> int:
    from replydesk.store.themes import UnknownKey

    with cli.open_store(args, write=True) as store:
        theme = store.theme(args.theme_id)
        form = cli.form_of(cli.registry(), theme.form_id).resolved(theme.year)
        try:
            passage = store.tag(args.theme_id, args.reply_id, args.key, args.quote, example=args.example,
                                label=args.label, form=form)
        except UnknownKey as exc:
            raise cli.CommandError(str(exc), cli.EXIT_USAGE) from None
    extra = "".join([" as an example" if passage.example else "", f" (label {passage.label})" if passage.label else ""])
    out(f"Tagged passage {passage.id} of reply {passage.reply_id} {passage.key} with theme {passage.theme_id}{extra}")
    out(str(passage.id))
    return cli.EXIT_OK


def _example(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=True) as store:
        passage = store.set_example(args.passage_id, args.example)
    out(f"Passage {passage.id} (theme {passage.theme_id}) is {'now' if passage.example else 'no longer'} "
        "quoted as an example")
    return cli.EXIT_OK


def _tag_many(args: argparse.Namespace) -> int:
    from replydesk.cli.tag_batch import read_tag_batch
    from replydesk.store.themes import UnknownKey

    requests = read_tag_batch(args.file)
    with cli.open_store(args, write=True) as store:
        themes = [store.theme(theme_id) for theme_id in dict.fromkeys(r.theme_id for r in requests)]
        forms = {(theme.form_id, theme.year) for theme in themes}
        if len(forms) > 1:
            raise cli.CommandError(f"{args.file}: the themes belong to {len(forms)} different syntheses "
                                   f"({', '.join(f'{f} {y}' for f, y in sorted(forms))}); tag one form and year per "
                                   "file; nothing was tagged", cli.EXIT_USAGE)
        form = None
        if forms:
            form_id, year = next(iter(forms))
            form = cli.form_of(cli.registry(), form_id).resolved(year)
        try:
            passages = store.tag_many(requests, form=form)
        except UnknownKey as exc:
            raise cli.CommandError(str(exc), cli.EXIT_USAGE) from None
    examples = sum(1 for p in passages if p.example)
    out(f"Tagged {_count(len(passages), 'passage')} from {args.file} in one transaction"
        + (f" ({examples} as examples)" if examples else ""))
    return cli.EXIT_OK


def _untag(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=True) as store:
        passage = store.untag(args.passage_id)
    out(f"Untagged passage {passage.id} (theme {passage.theme_id}, reply {passage.reply_id} {passage.key})")
    return cli.EXIT_OK


def _search(args: argparse.Namespace) -> int:
    from replydesk.definitions.ranking import marked
    from replydesk.documents.secretariat.theme_search import search_theme

    with cli.open_store(args, write=False) as store:
        theme = store.theme(args.theme_id)
        form = cli.form_of(cli.registry(), theme.form_id)
        found = search_theme(store, form, args.theme_id, limit=args.limit)
    if args.json:
        out_json([{"member": f.country, "reply_id": f.reply_id, "key": f.key, "score": round(f.hit.score, 4),
                   "text": f.hit.text, "matches": [list(span) for span in f.hit.spans]} for f in found])
        return cli.EXIT_OK
    if not found:
        out(f"Nothing else in the {theme.year} returns matches theme {theme.id}'s terms.")
    for rank, item in enumerate(found, start=1):
        text, spans = item.hit.snippet()
        out(f"{rank:>3}. {item.country} {item.key} (reply {item.reply_id}, score {item.hit.score:.2f})")
        out(f"     {marked(text, spans, '**', '**')}")
    return cli.EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """``report --form ID --year Y --docx OUT [--xlsx OUT]``."""
    from replydesk.cli.output import err
    from replydesk.documents.secretariat.synthesis import load_synthesis, unknown_labels
    from replydesk.documents.secretariat.synthesis_docx import ReportOptions, write_synthesis_report
    from replydesk.documents.secretariat.synthesis_xlsx import write_synthesis_workbook

    if not args.docx and not args.xlsx:
        raise cli.CommandError("say where to write: --docx OUT and/or --xlsx OUT", cli.EXIT_USAGE)
    if args.reference is not None and not args.reference.is_file():
        raise cli.CommandError(f"--reference {args.reference}: no such Word document; nothing was written",
                               cli.EXIT_USAGE)
    form = cli.form_of(cli.registry(), args.form)
    with cli.open_store(args, write=False) as store:
        synthesis = load_synthesis(store, form, args.year)
    options = ReportOptions(title=args.title, reference=args.reference, annex=args.annex)
    written = cli.write_files(
        ([lambda: write_synthesis_report(synthesis, args.docx, options)] if args.docx else [])
        + ([lambda: write_synthesis_workbook(synthesis, args.xlsx)] if args.xlsx else []))
    actions = synthesis.actions
    out(f"{len(actions)} action(s) from {len(synthesis.consolidation.returns)} returns for "
        f"{form_year(form, args.year)}")
    for path in written:
        out(f"Wrote {path}")
    for warning in unknown_labels(synthesis):
        err(f"warning: {warning}")
    return cli.EXIT_OK


_ACTIONS = {"add": _add, "list": _list, "show": _show, "edit": _edit, "move": _move, "merge": _merge,
            "split": _split, "carry": _carry, "tag": _tag, "untag": _untag, "search": _search,
            "delete": _delete, "example": _example, "tag-many": _tag_many}
