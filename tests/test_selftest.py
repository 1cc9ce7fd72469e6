"""replydesk --self-test: the installation check that the frozen build also runs."""

from __future__ import annotations

import os
import subprocess
import sys


def run_self_test(tmp_path, **env):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
                   "XDG_DATA_HOME": str(tmp_path / "data"), **env}
    return subprocess.run([sys.executable, "-m", "replydesk", "--self-test"], capture_output=True, text=True,
                          env=environment, timeout=120)


def test_self_test_passes_every_step_and_leaves_user_data_alone(tmp_path):
    result = run_self_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = [line.split(" — ")[0] for line in result.stdout.splitlines() if line.startswith("ok: ")]
    assert steps == ["ok: load forms", "ok: create a reply", "ok: save answers", "ok: export Word",
                     "ok: export Excel", "ok: import the Excel back", "ok: build the example",
                     "ok: open and close the main window"]
    assert not (tmp_path / "data" / "ReplyDesk" / "replydesk.sqlite3").exists()


def test_self_test_names_the_step_that_failed(tmp_path):
    empty = tmp_path / "no-forms"
    empty.mkdir()
    result = run_self_test(tmp_path, REPLYDESK_FORMS=str(empty))
    assert result.returncode == 1
    assert "FAILED: load forms: RuntimeError: no forms found" in result.stdout
