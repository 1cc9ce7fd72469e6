"""The promise: nothing typed is lost, even when the app is killed.

The app runs as a separate process on a virtual X screen (Xvfb); xdotool types
into it as a person would; SIGKILL ends it two seconds after the last keystroke.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

NEEDED = ("Xvfb", "xdotool")


@pytest.fixture(scope="module")
def x_display():
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)} (apt-get install xvfb xdotool; tools/dev test installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not report its display"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def xdotool(display: str, *args: str, timeout: float = 30) -> str:
    result = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def find_window(display: str, title: str) -> str:
    """The window whose title matches; a window closing during the search (the start window) is searched past."""
    deadline = time.monotonic() + 60
    while True:
        result = subprocess.run(["xdotool", "search", "--sync", "--name", title],
                                env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=60)
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.split()[0]
        assert time.monotonic() < deadline, result.stderr
        time.sleep(0.2)


def start_app(display: str, db_path: Path, reply_id: str, home: Path) -> subprocess.Popen:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "REPLYDESK_DB": str(db_path),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    return subprocess.Popen([sys.executable, "-m", "replydesk", "gui", "--open", reply_id], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_after_quiet_period(app: subprocess.Popen, last_keystroke: float, seconds: float) -> None:
    """SIGKILL exactly `seconds` after the last keystroke (the scenario under test, not a wait for a condition)."""
    remaining = last_keystroke + seconds - time.monotonic()
    assert remaining > 0, "typing took so long that the quiet period had already passed"
    time.sleep(remaining)
    assert app.poll() is None, app.stderr.read().decode(errors="replace")
    app.send_signal(signal.SIGKILL)
    app.wait(timeout=10)
    assert app.returncode == -signal.SIGKILL


@pytest.mark.timeout(180)
@pytest.mark.parametrize("quiet_seconds", [2.0, 2.5])
def test_text_typed_in_the_window_survives_sigkill(x_display, cli, db_path, tmp_path, quiet_seconds):
    reply_id = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    app = start_app(x_display, db_path, reply_id, tmp_path)
    try:
        window = xdotool(x_display, "search", "--sync", "--name", "DENMARK.*Reply Desk").splitlines()[0]
        xdotool(x_display, "windowfocus", "--sync", window)
        first = "Children's Houses opened in 2013; 268 million DKK (2013-2016)."
        xdotool(x_display, "type", "--delay", "15", first)
        xdotool(x_display, "key", "Return", "Return")
        xdotool(x_display, "type", "--delay", "15", "Please see above.")
        xdotool(x_display, "key", "ctrl+Next")
        second = "Increased use of analysis-based tools and profiling."
        xdotool(x_display, "type", "--delay", "15", second)
        last_keystroke = time.monotonic()
        kill_after_quiet_period(app, last_keystroke, quiet_seconds)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    answers = cli("show", reply_id, "--json").json()
    assert answers["pt1.og1.a"] == f"{first}\n\nPlease see above."
    assert answers["pt1.og1.b"] == second


@pytest.mark.timeout(180)
def test_text_not_yet_valid_survives_sigkill_beside_the_last_valid_answer(x_display, cli, db_path, tmp_path,
                                                                           registry):
    from replydesk.store import Store

    form = registry.get("lanzarote-2-csgsiv-follow-up")
    status = form.slot("ch2.r3.status").question.choices[0].value
    reply_id = cli("new", "--form", form.id, "--country", "DENMARK", "--year", "2023").last_line
    for key, text in (("ch2.r3.status", status), ("ch2.r3.measures", "The Act of 2021.")):
        assert cli("set", reply_id, key, "--text", text).code == 0
    app = start_app(x_display, db_path, reply_id, tmp_path)  # opens at the first unanswered: the date in force
    try:
        window = find_window(x_display, "DENMARK.*Reply Desk")
        xdotool(x_display, "windowfocus", "--sync", window)
        xdotool(x_display, "type", "--delay", "15", "31/13/2023")
        kill_after_quiet_period(app, time.monotonic(), 2.0)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert cli("show", reply_id, "--json").json().get("ch2.r3.date_in_force") is None  # not the answer
    with Store.open(db_path, write=False) as store:
        kept = store.pending_texts(int(reply_id))
    assert kept["ch2.r3.date_in_force"].text == "31/13/2023"
    assert "not a date in the calendar" in kept["ch2.r3.date_in_force"].reason
