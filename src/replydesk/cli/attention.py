"""Saying which tagged passages a command's changes left needing attention (⚠).

A re-imported return or a changed answer can take away the words a passage of the synthesis
quotes; the store marks the passage (``reanchor``) and the report neither quotes nor counts it
until it is re-anchored. Every command that changes answers says so here: how many, and where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from replydesk.cli.output import out
from replydesk.store.themes import MarkedPassage


def marked(store: Any, since: dt.datetime, reply_ids: Iterable[int] | None = None) -> list[MarkedPassage]:
    return store.marked_since(since, reply_ids)


def describe(passages: list[MarkedPassage]) -> list[str]:
    """ "⚠ 2 tagged passages need attention …" and a line per passage, or nothing."""
    if not passages:
        return []
    count = len(passages)
    lines = [f"⚠ {count} tagged passage{'s' if count != 1 else ''} no longer found in the changed "
             f"answer{'s' if count != 1 else ''} (not quoted or counted in the synthesis until re-tagged; "
             "see 'replydesk theme show THEME'):"]
    for p in passages:
        quote = p.quote if len(p.quote) <= 70 else p.quote[:69] + "…"
        lines.append(f"  ⚠ passage {p.passage_id}: {p.country} {p.key} (reply {p.reply_id}), theme {p.theme_id} "
                     f"“{p.theme_title}”: “{quote}”")
    return lines


def print_marked(passages: list[MarkedPassage]) -> None:
    for line in describe(passages):
        out(line)


def as_json(passages: list[MarkedPassage]) -> list[dict[str, Any]]:
    return [{"passage": p.passage_id, "theme": p.theme_id, "theme_title": p.theme_title, "reply_id": p.reply_id,
             "country": p.country, "key": p.key, "quote": p.quote} for p in passages]
