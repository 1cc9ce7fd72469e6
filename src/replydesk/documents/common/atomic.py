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


def _read_umask() -> int:
    umask = os.umask(0)  # the only way to read it; done once, at import, before any export thread runs
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _ordinary_mode() -> int:
    """The mode a new file gets from the user's umask, as if the program had simply created it."""
    return 0o666 & ~_UMASK


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` then move the finished file onto ``target``."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    lock_file = folder / f"~${target.name[2:] if len(target.name) > 2 else target.name}"
    if target.exists() and not target.is_file():
        raise ExportError(f"cannot write {target}: it is not a regular file; nothing was changed")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc} in {folder}; nothing was changed") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _ordinary_mode())  # mkstemp's 0600 would hide the file from colleagues on a shared drive
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
