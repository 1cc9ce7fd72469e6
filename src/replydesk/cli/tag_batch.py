"""A batch of tags for ``replydesk theme tag-many``: one tag a line, from CSV or JSON.

CSV has a header row naming the columns ``theme``, ``reply``, ``key``, ``quote`` and, optionally,
``label`` and ``example`` (yes/no, true/false, 1/0); JSON is a list of objects with the same
names. Each request remembers where it came from ("tags.csv:4", "tags.json[3]"), so a refusal
names the line to fix; a file with any bad line tags nothing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from replydesk.cli import context as cli
from replydesk.store.themes import TagRequest

REQUIRED = ("theme", "reply", "key", "quote")
OPTIONAL = ("label", "example")
_TRUE, _FALSE = {"yes", "y", "true", "1", "x", "✓"}, {"no", "n", "false", "0", ""}


def read_tag_batch(path: Path) -> list[TagRequest]:
    """The file's tags, or a CommandError (exit 2) naming the file, line and what to do."""
    text = cli.read_text_file(path)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return _from_json(path, text)
    return _from_csv(path, text)


def _from_json(path: Path, text: str) -> list[TagRequest]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, list):
        raise _refuse(f"{path}: expected a JSON list of objects with {', '.join(REQUIRED)}")
    return [_request(item, f"{path}[{index}]") for index, item in enumerate(data)]


def _from_csv(path: Path, text: str) -> list[TagRequest]:
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise _refuse(f"{path}:1: the header row lacks {', '.join(missing)} (columns: {', '.join(REQUIRED)}, "
                      f"optionally {', '.join(OPTIONAL)})")
    reader.fieldnames = headers
    return [_request(row, f"{path}:{reader.line_num}") for row in reader]


def _request(item: Any, where: str) -> TagRequest:
    if not isinstance(item, dict):
        raise _refuse(f"{where}: expected an object with {', '.join(REQUIRED)}")
    missing = [name for name in REQUIRED if str(item.get(name) or "").strip() == ""]
    if missing:
        raise _refuse(f"{where}: {', '.join(missing)} missing")
    numbers = {}
    for name in ("theme", "reply"):
        try:
            numbers[name] = int(str(item[name]).strip())
        except ValueError:
            raise _refuse(f"{where}: {name} must be a number (an id, as 'replydesk theme list' and "
                          f"'replydesk list' print them), not {item[name]!r}") from None
    flag = item.get("example")
    if isinstance(flag, bool):
        example = flag
    elif str(flag or "").strip().lower() in _TRUE | _FALSE:
        example = str(flag or "").strip().lower() in _TRUE
    else:
        raise _refuse(f"{where}: example must be yes or no, not {flag!r}")
    return TagRequest(numbers["theme"], numbers["reply"], str(item["key"]).strip(), str(item["quote"]),
                      str(item.get("label") or "").strip(), example, where)


def _refuse(message: str) -> cli.CommandError:
    return cli.CommandError(f"{message}; nothing was tagged", cli.EXIT_USAGE)
