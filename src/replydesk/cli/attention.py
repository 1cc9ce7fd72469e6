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
from replydesk.store.themes import MarkedPassage, describe_marked


def marked(store: Any, since: dt.datetime, reply_ids: Iterable[int] | None = None) -> list[MarkedPassage]:
    return store.marked_since(since, reply_ids)


def print_marked(passages: list[MarkedPassage]) -> None:
    for line in describe_marked(passages):
        out(line)


def as_json(passages: list[MarkedPassage]) -> list[dict[str, Any]]:
    return [{"passage": p.passage_id, "theme": p.theme_id, "theme_title": p.theme_title, "reply_id": p.reply_id,
             "country": p.country, "key": p.key, "quote": p.quote} for p in passages]
