"""Who is writing: the name and organisation that sign notes, history and review copies.

Kept in a small JSON file in the user's config folder so the command line reads it without
Qt (the window writes it from *Preferences*, or when it first needs a name). Until the user
gives one, the login name stands in; ``--author`` overrides both for one command.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from replydesk import paths

_override: str | None = None


@dataclass(frozen=True)
class Identity:
    name: str
    organisation: str = ""

    def signature(self) -> str:
        """How notes and revisions are signed: "Name (Organisation)", or the name alone."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


def identity_file() -> Path:
    return paths.user_config_dir() / "identity.json"


#: (file, its modification stamp, what it said): every save asks who signs it, so the file is read
#: again only when it changed (Preferences in the window, or another process).
_loaded: tuple[Path, int, Identity | None] | None = None


def load() -> Identity | None:
    """The identity the user gave, or None (never an error: a broken file just means not given yet)."""
    global _loaded
    path = identity_file()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    if _loaded is not None and _loaded[:2] == (path, stamp):
        return _loaded[2]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name = str(data.get("name", "")).strip()
        found = Identity(name, str(data.get("organisation", "")).strip()) if name else None
    except (OSError, ValueError, AttributeError):
        found = None
    _loaded = (path, stamp, found)
    return found


def save(identity: Identity) -> None:
    """Write the identity atomically (a crash leaves the previous file)."""
    target = identity_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".identity.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(identity), handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def override(author: str | None) -> None:
    """``--author NAME``: sign everything this process writes with NAME."""
    global _override
    _override = author.strip() if author and author.strip() else None


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not worth failing a save
        return ""


def current_author() -> str:
    """The signature for what is written now: --author, else the user's identity, else the login name."""
    if _override:
        return _override
    given = load()
    return given.signature() if given else login_name()
