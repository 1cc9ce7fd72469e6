"""Shared fixtures. Qt runs offscreen in every test (set before Qt is imported)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings and user data of the tests never touch the real user's.
_SANDBOX = Path(tempfile.mkdtemp(prefix="replydesk-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
# The tests' user has given a name, so the window does not ask for one (tests/test_identity.py asks).
_IDENTITY = _SANDBOX / "config" / "ReplyDesk" / "identity.json"
_IDENTITY.parent.mkdir(parents=True, exist_ok=True)
_IDENTITY.write_text('{"name": "Test Official", "organisation": ""}', encoding="utf-8")
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "cache")
os.environ["REPLYDESK_CACHE"] = str(_SANDBOX / "cache" / "replydesk")

# Property tests explore the same examples on every run, so a red CI always means the change, never the dice;
# set HYPOTHESIS_PROFILE=explore to search afresh (and add what it finds as an @example).
settings.register_profile("repeatable", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parents[1]
FORMS = REPO / "forms"


@pytest.fixture(autouse=True)
def _no_example_database_yet():
    """Every test starts as on a new machine: the built-in example's database is made when first asked for."""
    import shutil

    shutil.rmtree(_SANDBOX / "data" / "ReplyDesk" / "example", ignore_errors=True)


@pytest.fixture(scope="session")
def registry():
    from replydesk.definitions.registry import Registry

    return Registry.load(FORMS)


@pytest.fixture(scope="session")
def ga_form(registry):
    return registry.get("global-alliance-2014")


#: Test files whose tests run on both engines: a personal SQLite file and a team's PostgreSQL server.
BOTH_ENGINES = ("test_store", "test_cli")


def pytest_generate_tests(metafunc):
    """The store's and the command line's tests run twice, on a file and on a server (tests marked
    ``file_only`` are about the file itself: its pragmas, lock file, backups)."""
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if (module in BOTH_ENGINES and "db_path" in metafunc.fixturenames
            and metafunc.definition.get_closest_marker("file_only") is None):
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def engine(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server_for_tests():
    import pg_server

    yield from pg_server.start()


@pytest.fixture
def db_path(request, engine: str, tmp_path: Path):
    """The draft database of a test: a file's path, or (on the server runs) a fresh server database's URL."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_server_for_tests").new_database()
    return tmp_path / "drafts.sqlite3"


def pytest_terminal_summary(terminalreporter):
    """Say how many tests ran on PostgreSQL (CI's log shows the server was really used)."""
    passed = terminalreporter.stats.get("passed", [])
    on_server = sum(1 for report in passed if "[postgresql" in report.nodeid)
    if on_server:
        terminalreporter.write_line(f"{on_server} tests ran on PostgreSQL (a throwaway local server)")


@pytest.fixture
def store(db_path: Path):
    from replydesk.store import Store

    opened = Store.open(db_path, write=True, purpose="the tests")
    yield opened
    opened.close()


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        return self.out.strip().splitlines()[-1]

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(db_path: Path):
    """Run the real ``replydesk`` command in a child process against a temporary database."""

    def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {**os.environ, "REPLYDESK_DB": str(db_path), "PYTHONUTF8": "1", **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "replydesk", *args],
            input=stdin, capture_output=True, env=environment, timeout=60,
        )
        return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))

    return run


@pytest.fixture
def dialogs(monkeypatch):
    """Record message boxes instead of showing them; answer questions with Yes."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []

    def recorder(kind: str, answer):
        def show(_parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return show

    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", recorder("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", recorder("critical", QMessageBox.StandardButton.Cancel))
    return shown


@pytest.fixture
def open_window(qtbot, db_path, dialogs):
    """Start the real main window on a reply, as `replydesk gui --open ID` does.

    With no reply, the window stays empty unless ``offer_example=True`` (as ``replydesk gui`` has it).
    """
    from PySide6.QtWidgets import QApplication

    from replydesk.ui.app import create_main_window, make_application

    make_application([])
    windows = []

    def start(reply_id: int | None = None, *, offer_example: bool = False):
        window = create_main_window(db_path, reply_id, offer_example=offer_example)
        assert window is not None
        qtbot.addWidget(window)
        windows.append(window)
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)
        return window

    yield start
    for window in windows:
        window.close()
        window.store.close()
    for widget in QApplication.topLevelWidgets():  # views a test opened from the window (secretariat…)
        if widget.isVisible():
            widget.close()
