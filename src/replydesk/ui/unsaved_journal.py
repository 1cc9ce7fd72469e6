"""Text typed while a team's server could not be reached, kept on this computer until the server has it.

The window keeps staged edits in memory and retries; should it end meanwhile (closed anyway, killed, the
computer shut down), the edits would go with it. So whenever a save fails because the server does not
answer, what is staged is written here (one small JSON file per server database and reply, written
atomically); a save that reaches the server removes it; opening the reply again stages what it holds,
to be saved — or kept as a change to decide, when a colleague changed the answer meanwhile.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from replydesk import paths
from replydesk.documents.common.atomic import write_atomically


def _file(location: str, reply_id: int) -> Path:
    name = hashlib.sha256(f"{location}\n{reply_id}".encode()).hexdigest()[:24]
    return paths.user_data_dir() / "unsaved" / f"{name}.json"


def keep(location: str, reply_id: int, values: dict[str, Any], kept: dict[str, tuple[str, str]]) -> None:
    """Write what is staged (valid values and kept text) for the reply; nothing staged removes the file."""
    if not values and not kept:
        forget(location, reply_id)
        return
    target = _file(location, reply_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    content = json.dumps({"database": location, "reply": reply_id, "values": values,
                          "kept": {key: list(entry) for key, entry in kept.items()}}, ensure_ascii=False)
    write_atomically(target, lambda path: path.write_text(content, encoding="utf-8"))


def forget(location: str, reply_id: int) -> None:
    _file(location, reply_id).unlink(missing_ok=True)


def recall(location: str, reply_id: int) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """What was typed and not yet saved last time (empty when nothing, or the file cannot be read)."""
    try:
        data = json.loads(_file(location, reply_id).read_text(encoding="utf-8"))
        return dict(data["values"]), {key: (str(text), str(reason)) for key, (text, reason) in data["kept"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}, {}
