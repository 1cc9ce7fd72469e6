"""The garbage collector waits while a command starts, and collects again while the command works."""

from __future__ import annotations

import gc

import pytest

from replydesk import collector, entry
from replydesk.cli import main as cli_main


@pytest.fixture
def collecting():
    """Start each test collecting, as a fresh process does; leave it so."""
    gc.enable()
    yield
    gc.enable()


def test_a_command_runs_with_the_collector_on_and_start_up_frozen(collecting, monkeypatch, tmp_path):
    seen: dict[str, bool] = {}

    def command(_args) -> int:
        seen["collecting"] = gc.isenabled()
        return 0

    monkeypatch.setitem(cli_main.COMMANDS, "list", command)
    monkeypatch.setenv("REPLYDESK_DB", str(tmp_path / "drafts.sqlite3"))
    assert entry.main(["list"]) == 0
    assert seen == {"collecting": True}  # a long command (54 returns to aggregate) frees its garbage
    assert gc.isenabled() and gc.get_freeze_count() > 0


@pytest.mark.parametrize("arguments", [["show", "not-a-number"], ["gui", "--open", "not-a-number"]])
def test_a_usage_error_leaves_the_collector_on(collecting, capsys, arguments):
    with pytest.raises(SystemExit) as exited:
        entry.main(arguments)
    assert exited.value.code == 2 and "not a reply id" in capsys.readouterr().err
    assert gc.isenabled()


def test_a_pause_within_a_pause_ends_once(collecting):
    collector.pause()
    collector.pause()  # the window's own pause, inside the start's
    assert not gc.isenabled()
    collector.start_up_done()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(collecting):
    gc.disable()
    collector.pause()
    collector.start_up_done()
    assert not gc.isenabled()
