"""The plain text kept beside each answer for the secretariat's search: written by every way an answer is written,
worked out for files made before, and never trusted over the answer itself where a row came without it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.old_files import file_before

from replydesk.definitions.quotes import answer_text
from replydesk.documents.secretariat.theme_search import search_theme
from replydesk.store import Store
from replydesk.store.base import decode

FORM = "global-alliance-2014"
BOLD = "The **hotline** reports to the *national* police.\n\n- a list of **grooming** cases\n- and [a link](http://x.dk)"


def kept_texts(path: Path) -> list[tuple[str | None, str | None]]:
    """(plain kept, plain worked out from the value) of every answered row, read straight from the file."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT plain, value FROM answer WHERE value IS NOT NULL").fetchall()
    finally:
        db.close()
    return [(plain, answer_text(decode(value))) for plain, value in rows]


def found_texts(store: Store, ga_form, words: str) -> list[str]:
    theme = store.add_theme(ga_form.resolved(2014), 2014, "pt1.og1", words)
    return [found.hit.text for found in search_theme(store, ga_form.resolved(2014), theme.id)]


def test_saves_keep_each_answers_plain_text_and_the_search_finds_the_words_as_they_now_read(db_path, ga_form):
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014)
        store.save_answers(reply.id, ga_form.resolved(2014), {"pt1.og1.a": BOLD, "pt1.og1.b": "Old wording: ferries."})
        store.save_answers(reply.id, ga_form.resolved(2014), {"pt1.og1.b": "New wording: trains."})
        assert sorted(found_texts(store, ga_form, "hotline grooming")) == [
            "- a list of grooming cases", "The hotline reports to the national police."]  # as a reader sees them
        assert found_texts(store, ga_form, "ferries trains") == ["New wording: trains."]
    assert all(plain == worked_out for plain, worked_out in kept_texts(db_path))


def test_a_carried_over_or_synced_answer_keeps_its_plain_text_too(tmp_path, ga_form):
    laptop, office = tmp_path / "laptop.sqlite3", tmp_path / "office.sqlite3"
    with Store.open(office, write=True) as store:
        reply = store.create_reply(ga_form, "Norway", 2014)
        store.save_answers(reply.id, ga_form.resolved(2014), {"pt1.og1.a": BOLD})
        store.create_reply(ga_form, "Norway", 2015, previous=reply)
        with Store.open(laptop, write=True) as other:
            copied = store.copy_reply(reply.id, other).target_id
            other.save_answers(copied, ga_form.resolved(2014), {"pt1.og1.c": "Typed **offline** on a mission."})
            store.sync_reply(reply.id, other)
        assert "Typed offline on a mission." in found_texts(store, ga_form, "offline mission")
    for path in (office, laptop):
        texts = kept_texts(path)
        assert len(texts) >= 2 and all(plain == worked_out for plain, worked_out in texts)


def test_a_row_without_its_plain_text_is_searched_by_its_value(db_path, ga_form):
    """A row a copy from an older version brought without the kept text (NULL) is still found, as it reads."""
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "Sweden", 2014)
        store.save_answers(reply.id, ga_form.resolved(2014), {"pt1.og1.a": BOLD})
    db = sqlite3.connect(db_path)
    with db:
        db.execute("UPDATE answer SET plain = NULL")
    db.close()
    with Store.open(db_path, write=True) as store:
        assert found_texts(store, ga_form, "hotline") == ["The hotline reports to the national police."]


def test_a_file_made_before_gets_every_answers_plain_text(tmp_path, ga_form):
    path = file_before(tmp_path / "before.sqlite3", "answers' plain text", form_id=FORM, form_version="1",
                       country="ICELAND", year=2014, answers={"pt1.og1.a": BOLD})
    with Store.open(path, write=True):
        pass
    assert kept_texts(path) == [(answer_text(BOLD), answer_text(BOLD))]
    assert "**" not in kept_texts(path)[0][0] and "hotline" in kept_texts(path)[0][0]
