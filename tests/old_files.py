"""A database file as an earlier Reply Desk left it: the schema before a named migration, one reply and its answers,
written with bare sqlite3 (for the tests of what each migration does to files made before it)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from replydesk.store.migrations import migrations_before

WHEN = "2024-01-01 10:00:00"


def file_before(path: Path, migration: str, *, form_id: str, form_version: str, country: str, year: int,
                answers: dict[str, Any]) -> Path:
    """``path`` made by the migrations before the one whose name starts with ``migration``: reply 1 and its answers."""
    before = migrations_before(migration)
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        for step in before:
            step(raw)
        raw.execute(f"PRAGMA user_version = {len(before)}")
        raw.execute("INSERT INTO reply (id, form_id, form_version, definition_hash, country, year, status, created_at,"
                    " updated_at) VALUES (1, ?, ?, 'abc', ?, ?, 'drafting', ?, ?)",
                    (form_id, form_version, country, year, WHEN, WHEN))
        raw.executemany("INSERT INTO answer (reply_id, key, value, revision, updated_at) VALUES (1, ?, ?, 1, ?)",
                        [(key, json.dumps(value, ensure_ascii=False), WHEN) for key, value in answers.items()])
    finally:
        raw.close()
    return path
