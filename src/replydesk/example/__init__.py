"""The built-in example: Denmark's 2014 Global Alliance return, in a database of its own.

A newcomer's first window shows a real reply instead of an empty one. The example lives
in its own SQLite file under the user's data folder, never in the user's draft database,
so trying things out in it cannot touch the user's replies. Its answers ship as package
data (``denmark-2014.json``, made by ``tools/make_example.py`` from the source document),
so an installed or frozen Reply Desk needs nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from replydesk import paths
from replydesk.definitions.registry import Registry
from replydesk.store import NewerDatabase, Store, StoreError
from replydesk.store.lock import WriterLock

DATA_FILE = Path(__file__).with_name("denmark-2014.json")
AUTHOR = "Example"


@dataclass(frozen=True)
class ExampleNote:
    key: str
    author: str
    text: str


@dataclass(frozen=True)
class Example:
    """What the example reply holds."""

    form_id: str
    country: str
    year: int
    answers: dict[str, str]
    notes: tuple[ExampleNote, ...]


@cache
def example() -> Example:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    notes = tuple(ExampleNote(n["key"], n["author"], n["text"]) for n in data.get("notes", ()))
    return Example(data["form"], data["country"], int(data["year"]), dict(data["answers"]), notes)


def example_db_path() -> Path:
    """The example's own database, beside (never inside) the user's drafts."""
    return paths.user_data_dir() / "example" / "example.sqlite3"


def is_example_db(path: Path) -> bool:
    return Path(path).expanduser().resolve() == example_db_path().resolve()


def _fill(store: Store, registry: Registry) -> int:
    """Create the example reply with its answers and notes in ``store``; returns its id."""
    data = example()
    form = registry.get(data.form_id)
    reply = store.create_reply(form, data.country, data.year, by=AUTHOR)
    assert reply.id is not None
    resolved = form.resolved(data.year)
    store.save_answers(reply.id, resolved, data.answers, by=AUTHOR, source="built-in example")
    for note in data.notes:
        store.add_note(reply.id, resolved, note.key, note.text, author=note.author, source="built-in example")
    return reply.id


def find_example_reply(store: Store) -> int | None:
    data = example()
    reply = store.find_reply(data.form_id, data.country, data.year)
    return reply.id if reply is not None else None


def recreate(registry: Registry, path: Path | None = None) -> tuple[Path, int]:
    """(Re)create the example database from scratch: (its path, the example reply's id).

    Refused with ``DatabaseBusy`` while a window has the example open for writing.
    """
    path = example_db_path() if path is None else Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = WriterLock(path, "Reply Desk (recreating the example)")
    lock.acquire()
    try:
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    finally:
        lock.release()
    with Store.open(path, write=True, purpose="Reply Desk (example)") as store:
        reply_id = _fill(store, registry)
    return path, reply_id


def open_example(registry: Registry, path: Path | None = None) -> tuple[Store, int]:
    """The example database open for writing, with the example reply in it: (store, reply id).

    An example database that is missing, unreadable or lacks the reply is made anew; what
    the user typed into a working example is kept.
    """
    path = example_db_path() if path is None else Path(path)
    if path.exists():
        try:
            store = Store.open(path, write=True, purpose="Reply Desk (example)")
        except (StoreError, NewerDatabase):
            store = None  # broken or from another version: the example is made anew below
        if store is not None:
            reply_id = find_example_reply(store)
            if reply_id is not None:
                return store, reply_id
            store.close()
    path, reply_id = recreate(registry, path)
    return Store.open(path, write=True, purpose="Reply Desk (example)"), reply_id
