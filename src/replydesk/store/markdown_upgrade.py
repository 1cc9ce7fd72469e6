"""Schema 4: long-text answers keep the meaning they had under the hand-written Markdown parser.

Until schema 3 answers were read by ``definitions.markdown_legacy``, which knew no
backslash escapes, no ``_emphasis_`` and its own rules for ``*`` (``2*3*4`` was text).
Since schema 4 they are read by markdown-it-py (``definitions.markdown``).  This
upgrade reads every stored long text — answers, their history, proposals and import
conflicts, table cells of long-text columns too — with the old parser and, where the
new parser would read it differently, rewrites it as the new canonical Markdown of
what the old parser read (``to_markdown(legacy.parse(text))``).  Text both parsers
read alike is left byte for byte.

Which answers are long texts comes from the definitions kept in the file (the
``definition`` table, one per reply since schema 2).  A reply whose definition the
file does not hold is left as it is.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from replydesk.definitions import markdown, markdown_legacy

_HISTORY_TRIGGERS = (
    "CREATE TRIGGER answer_history_no_update BEFORE UPDATE ON answer_history "
    "BEGIN SELECT RAISE(ABORT, 'answer history is append-only'); END",
)


def upgraded(text: str) -> str:
    """The text, or its rewrite when the new parser would read it differently from the old one."""
    old = markdown_legacy.parse(text)
    if _shown(markdown.parse(text)) == _shown(old):
        return text
    return markdown.to_markdown(old)


def _shown(blocks: list[markdown.Block]) -> list[tuple]:
    """Blocks as a reader sees them: runs merged, a numbered list's number on its first item only."""
    out: list[tuple] = []
    previous: markdown.Block | None = None
    for block in blocks:
        first = block.kind == "number" and not (previous is not None and previous.kind == "number"
                                                and previous.level == block.level)
        runs = [(r.text, r.bold, r.italic, r.link) for r in markdown._merge(block.runs)]
        out.append((block.kind, block.level, block.number if first else None, runs))
        previous = block
    return out


def _long_text_fields(content: str) -> tuple[set[str], dict[str, set[str]]]:
    """The long-text question keys, and each table question's long-text columns, of a kept definition."""
    keys: set[str] = set()
    tables: dict[str, set[str]] = {}

    def kind(item: dict[str, Any]) -> str:
        value = item.get("type")
        return str(value.get("type") or value.get("kind") or "") if isinstance(value, dict) else str(value or "")

    def walk(groups: list[Any], prefix: str) -> None:
        for group in groups:
            if not isinstance(group, dict):
                continue
            here = f"{prefix}{group.get('key')}."
            for question in group.get("questions") or []:
                if not isinstance(question, dict):
                    continue
                key = f"{here}{question.get('key')}"
                if kind(question) == "long_text":
                    keys.add(key)
                columns = {str(c.get("key")) for c in question.get("columns") or []
                           if isinstance(c, dict) and kind(c) == "long_text"}
                if columns:
                    tables[key] = columns
            walk(group.get("groups") or [], here)

    try:
        data = json.loads(content)
    except ValueError:
        return keys, tables
    if isinstance(data, dict):
        walk(data.get("groups") or [], "")
    return keys, tables


def _value(encoded: str | None, key: str, keys: set[str], tables: dict[str, set[str]]) -> str | None:
    """The encoded value upgraded, or None when nothing changes."""
    if encoded is None or (key not in keys and key not in tables):
        return None
    try:
        value = json.loads(encoded)
    except ValueError:
        return None
    if key in keys and isinstance(value, str):
        new: Any = upgraded(value)
    elif key in tables and isinstance(value, list):
        new = [{k: upgraded(v) if k in tables[key] and isinstance(v, str) else v for k, v in row.items()}
               if isinstance(row, dict) else row for row in value]
    else:
        return None
    return None if new == value else json.dumps(new, ensure_ascii=False)


def upgrade(db: sqlite3.Connection) -> int:
    """Rewrite the long texts whose meaning the new parser would change; return how many values changed."""
    fields = {hash_: _long_text_fields(content)
              for hash_, content in db.execute("SELECT hash, content FROM definition")}
    replies = {reply_id: fields.get(hash_) for reply_id, hash_ in db.execute("SELECT id, definition_hash FROM reply")}
    changed = 0
    columns = {"answer": ("value",), "answer_history": ("value",), "proposal": ("base_value", "proposed_value"),
               "import_conflict": ("store_value", "workbook_value")}
    db.execute("DROP TRIGGER IF EXISTS answer_history_no_update")  # a change of notation, not of what was said
    for table, names in columns.items():
        rows = db.execute(f"SELECT id, reply_id, key, {', '.join(names)} FROM {table}").fetchall()
        for row_id, reply_id, key, *values in rows:
            found = replies.get(reply_id)
            if found is None:
                continue
            updates = {name: new for name, value in zip(names, values, strict=True)
                       if (new := _value(value, key, *found)) is not None}
            if updates:
                assignments = ", ".join(f"{name} = ?" for name in updates)
                db.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*updates.values(), row_id])
                changed += len(updates)
    for statement in _HISTORY_TRIGGERS:
        db.execute(statement)
    return changed
