"""Notes, history and review copies are signed with the user's name, not the login name (issue 14)."""

from __future__ import annotations

import getpass

import pytest

from replydesk import identity

NEW = ("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")


@pytest.fixture(autouse=True)
def no_identity():
    """Each test starts as a user who gave no name yet; the tests' own identity comes back afterwards."""
    path = identity.identity_file()
    kept = path.read_bytes() if path.exists() else None
    path.unlink(missing_ok=True)
    yield
    path.unlink(missing_ok=True)
    if kept is not None:
        path.write_bytes(kept)


def test_until_a_name_is_given_the_login_name_signs(cli):
    assert cli(*NEW).code == 0
    assert cli("note", "1", "pt1.og1.a", "--text", "Check the date").code == 0
    (note,) = cli("notes", "1", "--json").json()
    assert note["author"] == getpass.getuser()


def test_the_name_from_preferences_signs_notes_and_history_on_the_command_line(cli):
    identity.save(identity.Identity("Mette Jensen", "Ministry of Justice"))
    assert cli(*NEW).code == 0
    assert cli("set", "1", "pt1.og1.a", "--text", "Answer.").code == 0
    assert cli("note", "1", "pt1.og1.a", "--text", "Check the date").code == 0
    (note,) = cli("notes", "1", "--json").json()
    assert note["author"] == "Mette Jensen (Ministry of Justice)"
    detail = cli("show", "1", "--json", "--detail").json()
    assert detail["pt1.og1.a"]["value"] == "Answer."
    overridden = cli("--author", "Lars Holm", "note", "1", "pt1.og1.b", "--text", "Source?")
    assert overridden.code == 0
    authors = [n["author"] for n in cli("notes", "1", "--json").json()]
    assert authors == ["Mette Jensen (Ministry of Justice)", "Lars Holm"]


def test_a_broken_identity_file_is_no_error(cli):
    identity.identity_file().parent.mkdir(parents=True, exist_ok=True)
    identity.identity_file().write_text("{not json")
    assert identity.load() is None
    assert cli(*NEW).code == 0
