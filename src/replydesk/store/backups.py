"""Automatic backups of the draft database: at most one a day, kept for 14 days.

Made with SQLite's online backup API, so a backup is a consistent copy even while
the app is writing; written to a temporary file and renamed, so a crash never
leaves half a backup.  Restoring also goes through the backup API, after a
safety copy of the current state.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from replydesk.store.database import StoreError

KEEP_DAYS = 14
_NAME_RE = re.compile(r"^(?P<base>.+)-(?P<date>\d{4}-\d{2}-\d{2})(?P<extra>-before-restore-\d{6})?\.sqlite3$")
_log = logging.getLogger("replydesk.store")


@dataclass(frozen=True)
class Backup:
    path: Path
    day: dt.date
    before_restore: bool

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _belongs_to(base: str, db_path: Path) -> bool:
    """A backup is named after the database's whole file name, so ``drafts.db`` and ``drafts.sqlite3``
    in one folder keep apart; names from before that (the stem alone) still count for ``*.sqlite3``."""
    return base == db_path.name or (db_path.suffix == ".sqlite3" and base == db_path.stem)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, via a temporary file and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(partial))
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)


def list_backups(db_path: Path) -> list[Backup]:
    """The backups of this database, newest first."""
    folder = backup_dir(db_path)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME_RE.match(path.name)
            if match and _belongs_to(match["base"], db_path):
                found.append(Backup(path, dt.date.fromisoformat(match["date"]), bool(match["extra"])))
    return sorted(found, key=lambda b: (b.day, b.path.name), reverse=True)


def daily_backup(db_path: Path, today: dt.date | None = None) -> Path | None:
    """Back up once a day and drop backups older than KEEP_DAYS; a failure is logged, never fatal."""
    today = today or dt.date.today()
    target = backup_dir(db_path) / f"{db_path.name}-{today.isoformat()}.sqlite3"
    try:
        made = None
        if db_path.exists() and not target.exists():
            _copy(db_path, target)
            made = target
        for backup in list_backups(db_path):
            if (today - backup.day).days > KEEP_DAYS:
                backup.path.unlink()
        return made
    except (OSError, sqlite3.Error) as exc:
        _log.warning("daily backup of %s failed: %s", db_path, exc)
        return None


def restore(db_path: Path, backup: Path, now: dt.datetime | None = None) -> Path:
    """Replace the database's content with a backup's; returns the safety copy of what was there.

    The caller must hold the database's writer lock and have no transaction open.
    """
    now = now or dt.datetime.now()
    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(f"{backup} is damaged; choose another backup")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{backup} is not a Reply Desk backup ({exc})") from None
    finally:
        check.close()
    safety = backup_dir(db_path) / f"{db_path.name}-{now:%Y-%m-%d}-before-restore-{now:%H%M%S}.sqlite3"
    try:
        _copy(db_path, safety)
        src = sqlite3.connect(str(backup))
        dst = sqlite3.connect(str(db_path), timeout=10)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"could not restore from {backup}: {exc}; the database is as it was") from None
    return safety
