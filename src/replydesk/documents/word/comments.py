"""A review copy's comments as notes: each comment (and each reply) once, on the answer it is anchored to."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from replydesk.documents.word.anchoring import Regions
from replydesk.documents.word.import_report import quote as _quote
from replydesk.store import NewNote, Store

if TYPE_CHECKING:
    from replydesk.documents.word.importer import ImportResult, ReviewCopy


def _fold(text: str) -> str:
    return " ".join(text.split())


def _same_time(comment_date: str, created: dt.datetime | None) -> bool:
    when = _comment_time(comment_date)
    if when is None or created is None:
        return False
    created = created if created.tzinfo else created.replace(tzinfo=dt.UTC)
    return abs((when - created).total_seconds()) < 1


def _comment_time(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def new_notes(store: Store, reply_id: int, copy: ReviewCopy, regions: Regions,
               result: ImportResult) -> list[NewNote]:
    """The copy's comments that are not yet notes of the reply, each on the answer it is anchored to.

    A comment is a known note when a note of the same answer has its text and author (imported
    before), or when a note has its text, author and time (exported from it, wherever it now stands).
    The same words on two answers are two notes.
    """
    existing = store.notes(reply_id)
    known = {(_fold(n.text), n.author, n.key) for n in existing}
    notes = []
    for comment_id, comment in copy.comments.items():
        text = comment.text.strip()
        author = comment.author or "unknown"
        if not text:
            result.ignored.append(f"an empty comment by {author} was ignored")
            continue
        folded = _fold(text)
        parent = copy.comments.get(comment.parent) if comment.parent else None
        key = regions.comment_keys.get(comment_id) or (
            regions.comment_keys.get(parent.id) if parent is not None else None)
        if any(_fold(n.text) == folded and n.author in (author, comment.author)
               and _same_time(comment.date, n.created_at) for n in existing):
            result.ignored.append(f"the comment by {author} on {key or 'no answer'} is a note exported with the "
                                  f"copy; not imported again: {_quote(text)}")
            continue
        if key is None:
            result.unplaced.append(f"a comment by {author} is not anchored to any answer; not imported: "
                                   f"{_quote(text, None)}")
            continue
        if (folded, author, key) in known or (folded, comment.author, key) in known:
            result.ignored.append(f"the comment by {author} on {key} is already a note; not imported again: "
                                  f"{_quote(text)}")
            continue
        where = regions.comment_places.get(comment_id)
        if where:
            result.placed.append(f"{key}: a comment by {author} anchored on {where} became a note on {key}")
        reply_to = f"{parent.author or 'unknown'}: {_quote(parent.text, 60)}" if parent is not None else ""
        notes.append(NewNote(key, text, author, created_at=_comment_time(comment.date), reply_to=reply_to))
        known.add((folded, author, key))
    return notes
