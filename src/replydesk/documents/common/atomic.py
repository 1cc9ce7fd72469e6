"""Writing exported files atomically: a temporary file beside the target, then a rename.

A crash or a full disk mid-export leaves the previous file intact, and a target
that Word holds open gives a message the user can act on.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class ExportError(Exception):
    """An export that could not be written; nothing was changed."""


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` then move the finished file onto ``target``."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    lock_file = folder / f"~${target.name[2:] if len(target.name) > 2 else target.name}"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        try:
            os.replace(tmp, target)
        except PermissionError:
            hint = " (it looks open in Word or Excel: close it there)" if lock_file.exists() else ""
            raise ExportError(f"cannot replace {target}: permission denied{hint}; nothing was changed") from None
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}; nothing was changed") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return target
