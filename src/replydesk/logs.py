"""The log file in the user's data folder (rotating), for details a message cannot carry."""

from __future__ import annotations

from pathlib import Path

from replydesk import paths

_configured: Path | None = None


def log_path() -> Path:
    return paths.user_data_dir() / "logs" / "replydesk.log"


def setup() -> Path | None:
    """Log to a rotating file (1 MB × 5); a folder we cannot write to only disables the log."""
    global _configured
    if _configured is not None:
        return _configured
    import logging.handlers  # only when a log is written: most commands never write one

    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("replydesk")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = path
    return path
