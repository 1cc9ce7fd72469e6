"""A review copy's comments as notes: each comment (and each reply) once, on the answer it is anchored to."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from replydesk.documents.word.anchoring import Regions
from replydesk.documents.word.import_report import quote as _quote
from replydesk.documents.word.reader import Comment
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

    A comment is identified by its id, time, author and text, never by its words alone: two comments
    with the same words (on two sentences, or two identical replies in two threads) are two notes. A
    comment is already a note when a note imported from a copy names its id and has its time, author
    and text, or when a note was exported with the copy (its time, author and text, no comment id:
    the export wrote it). Each stored note stands for one comment at most.
    """
    existing = list(store.notes(reply_id))
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
        same = [n for n in existing if _fold(n.text) == folded and n.author in (author, comment.author)
                and _same_time(comment.date, n.created_at)]
        imported = next((n for n in same if n.key == key and (_comment_id(n.source) == comment_id or (
            n.source.startswith("review:") and not _comment_id(n.source)))), None)  # imported before ids were kept
        exported = next((n for n in same if not _comment_id(n.source) and not n.source.startswith("review:")), None)
        if imported is not None or exported is not None:
            note = imported or exported
            existing.remove(note)
            why = "was imported before" if imported is not None else "is a note exported with the copy"
            on = result.trail(key) if key else "no answer"
            result.ignored.append(f"the comment by {author} on {on} {why} (note #{note.id}); not imported again: "
                                  f"{_quote(text)}")
            continue
        if key is None:
            result.unplaced.append(f"a comment by {author} is not anchored to any answer; not imported: "
                                   f"{_quote(text, None)}")
            continue
        where = regions.comment_places.get(comment_id)
        if where:
            result.placed.append(f"{result.trail(key)}: a comment by {author} anchored on {where} became a note on "
                                 "this question")
        reply_to = f"{parent.author or 'unknown'}: {_quote(parent.text, 60)}" if parent is not None else ""
        root = _thread_root(copy, comment)
        notes.append(NewNote(key, text, author, created_at=_comment_time(comment.date), reply_to=reply_to,
                             comment_id=comment_id, resolved=root.resolved or comment.resolved))
    return notes


def _comment_id(source: str) -> str:
    """The comment id a note imported from a copy records in its source ("review: x.docx; comment 3; …")."""
    match = re.search(r"; comment (\S+?)(?:;|$)", source or "")
    return match.group(1) if match else ""


def _thread_root(copy: ReviewCopy, comment: Comment) -> Comment:
    seen = {comment.id}
    while comment.parent and comment.parent in copy.comments and comment.parent not in seen:
        comment = copy.comments[comment.parent]
        seen.add(comment.id)
    return comment
