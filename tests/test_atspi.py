"""The real window through AT-SPI, as a screen reader (Orca) reads it: the focused editor's name is the prompt.

Starts Xvfb, the AT-SPI bus and Reply Desk (QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1) in a session D-Bus of their
own (dbus-run-session) and asks from /usr/bin/python3 with pyatspi (tools/dev test installs at-spi2-core,
python3-pyatspi, dbus and xvfb). Skipped only where AT-SPI cannot start at all.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.ui_helpers import FORMS, new_reply

from replydesk.definitions.registry import Registry

PROBE = Path(__file__).parent / "data" / "atspi" / "focused_name.py"
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")

SCRIPT = r"""
set -u
for n in $(seq 90 140); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break; done
Xvfb :$n -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
export DISPLAY=:$n
for i in $(seq 1 50); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.1; done
"$BUS" --launch-immediately >/dev/null 2>&1 &
bpid=$!
sleep 1
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb "$PY" -m replydesk --db "$DB" gui --open "$ID" >"$LOG" 2>&1 &
apid=$!
(for i in $(seq 1 60); do w=$(xdotool search --onlyvisible --name "$COUNTRY" 2>/dev/null | head -1)
   [ -n "$w" ] && { sleep 1; xdotool windowfocus "$w" 2>/dev/null && break; }; sleep 0.5; done) &
/usr/bin/python3 "$PROBE" "$WANT" "${ROLE:-}"; rc=$?
kill $apid $bpid $xpid 2>/dev/null
wait $apid 2>/dev/null
exit $rc
"""


def _atspi_available() -> str:
    """Why AT-SPI cannot start here, or "" when it can."""
    for tool in ("dbus-run-session", "Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not BUS_LAUNCHER.exists():
        return "at-spi2-core is not installed"
    if subprocess.run(["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True).returncode != 0:
        return "python3-pyatspi is not installed"
    return ""


def _read_focus_through_atspi(db_path: Path, tmp_path: Path, reply_id: int, want: str, role: str = "") -> str:
    """Open the reply in the real window and wait, through AT-SPI, for a focused widget named ``want``."""
    why = _atspi_available()
    if why:
        pytest.skip(f"AT-SPI cannot start: {why} (tools/dev test installs it)")
    env = {"BUS": str(BUS_LAUNCHER), "PY": sys.executable, "DB": str(db_path), "ID": str(reply_id),
           "LOG": str(tmp_path / "app.log"), "PROBE": str(PROBE), "WANT": want, "ROLE": role, "COUNTRY": "DENMARK",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    identity = tmp_path / "config" / "ReplyDesk" / "identity.json"
    identity.parent.mkdir(parents=True)
    identity.write_text('{"name": "Test Official", "organisation": ""}', encoding="utf-8")
    result = subprocess.run(["dbus-run-session", "--", "bash", "-c", SCRIPT], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, (result.stdout, result.stderr[-2000:], (tmp_path / "app.log").read_text())
    assert result.stdout.startswith("FOCUSED")
    return result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="AT-SPI is the Linux accessibility bus")
def test_the_focused_editor_is_named_by_its_prompt_through_atspi(db_path, tmp_path):
    reply_id = new_reply(db_path)
    form = Registry.load(FORMS).get("global-alliance-2014").resolved(2014)
    prompt = form.slots[0].question.prompt  # the first unanswered question has the focus on opening
    seen = _read_focus_through_atspi(db_path, tmp_path, reply_id, prompt)
    assert repr(prompt) in seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="AT-SPI is the Linux accessibility bus")
def test_a_focused_drop_down_is_named_by_its_question_through_atspi(db_path, tmp_path):
    """A choice question's drop-down, as Orca announces it: "Implementation status, combo box, — not answered —".

    On Linux Qt gives a combo box's AT-SPI name as its current item and names it by the label its
    "labelled by" relation points to, which screen readers speak as its name: that label is the prompt.
    """
    reply_id = new_reply(db_path, form_id="lanzarote-2-csgsiv-follow-up", country="DENMARK", year=2023)
    form = Registry.load(FORMS).get("lanzarote-2-csgsiv-follow-up").resolved(2023)
    first = form.slots[0]  # the first unanswered question has the focus on opening: a recommendation's status
    assert first.question.type.value == "single_choice" and len(first.question.choices) > 4
    seen = _read_focus_through_atspi(db_path, tmp_path, reply_id, first.question.prompt, role="combo box")
    name, labels, _description, role = ast.literal_eval(seen.removeprefix("FOCUSED").strip())
    assert role == "combo box"
    assert labels == [first.question.prompt], "the drop-down is announced by its question's prompt"
    assert name == "— not answered —"  # and then its value: nothing chosen yet
