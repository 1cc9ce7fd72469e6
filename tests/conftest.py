"""Shared fixtures. Qt runs offscreen in every test (set before Qt is imported)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
FORMS = REPO / "forms"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the source documents are missing: expected them at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def registry():
    from replydesk.definitions.registry import Registry

    return Registry.load(FORMS)


@pytest.fixture(scope="session")
def ga_form(registry):
    return registry.get("global-alliance-2014")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "drafts.sqlite3"


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
