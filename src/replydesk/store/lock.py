"""One writer per draft database, across processes.

SQLite would serialise two writers itself, but an official typing in the window
while a script imports into the same file would see their work interleave.  The
writer holds an OS lock on ``<db>.lock`` for as long as it writes; the OS drops
it when the process dies (even by SIGKILL), so a crash never leaves a stale lock.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import IO


class DatabaseBusy(Exception):
    """Another process is writing this database."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class WriterLock:
    def __init__(self, db_path: Path, purpose: str = "Reply Desk"):
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.purpose = purpose
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        if self._file is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the lock's lifetime
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise DatabaseBusy(
                f"The draft database {self.db_path} is being written by {holder}. "
                "Close that window or wait for that command to finish, then try again "
                "(or use --db to work on another file)."
            ) from None
        handle.seek(0)
        handle.truncate()
        since = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        handle.write(f"{self.purpose} (process {os.getpid()}, since {since})")
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is None:
            return
        try:
            self._file.seek(0)
            self._file.truncate()
            self._file.flush()
            _unlock(self._file)
        finally:
            self._file.close()
            self._file = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
