"""Is the database file on a network filesystem? SQLite cannot keep a file safe there.

SQLite's documentation is explicit: WAL mode does not work over a network filesystem, and
file locking on one is unreliable. A team that opens one ``drafts.sqlite3`` on a shared drive
from several PCs loses replies; the store refuses to write such a file (it may still be read).

Linux is asked through its mount table (``/proc/self/mountinfo``): the mount that holds the
file, and its filesystem type. Windows through the path (a UNC path ``\\\\server\\share\\…``)
and ``GetDriveTypeW`` for a drive letter (``DRIVE_REMOTE`` for a mapped network drive).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

#: Filesystem types (as the Linux mount table names them) that reach another computer.
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gfs2",
    "ocfs2", "beegfs", "gpfs", "orangefs", "coda", "davfs", "webdav",
})
#: FUSE filesystems (``fuse.NAME``) that reach another computer; other FUSE types are local.
NETWORK_FUSE = frozenset({
    "sshfs", "rclone", "s3fs", "gcsfuse", "davfs2", "smbnetfs", "curlftpfs", "glusterfs", "cephfs", "goofys",
    "juicefs", "seaweedfs", "onedriver", "blobfuse", "blobfuse2", "mountpoint-s3", "nfs", "cifs",
})

MOUNTINFO = Path("/proc/self/mountinfo")
_DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a network drive


def _unescape(field: str) -> str:
    """The mount table writes space, tab, newline and backslash in paths as octal escapes."""
    for escape, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(escape, char)
    return field


def _mounts(mountinfo: Path) -> list[tuple[str, str, str]]:
    """(mount point, filesystem type, source) for each line of a ``mountinfo`` file."""
    try:
        text = mountinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    mounts = []
    for line in text.splitlines():
        before, sep, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        mounts.append((_unescape(fields[4]), tail[0], _unescape(tail[1])))
    return mounts


def _is_network_type(fstype: str) -> bool:
    kind, _, subtype = fstype.partition(".")
    if kind in ("fuse", "fuseblk") and subtype:
        return subtype in NETWORK_FUSE
    return fstype in NETWORK_TYPES


def linux_network_mount(path: Path, mountinfo: Path | None = None) -> str | None:
    """The network mount holding ``path`` ("the nfs4 network share srv:/export mounted at /mnt"), or None."""
    target = str(path)
    holder: tuple[str, str, str] | None = None
    for mount_point, fstype, source in _mounts(mountinfo or MOUNTINFO):
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and (holder is None or len(mount_point) >= len(holder[0])):
            holder = (mount_point, fstype, source)  # the last, longest mount over the path wins
    if holder is None or not _is_network_type(holder[1]):
        return None
    mount_point, fstype, source = holder
    return f"the {fstype} network share {source} mounted at {mount_point}"


def windows_network_path(path: str, drive_type: Callable[[str], int] | None = None) -> str | None:
    """Describe a UNC path or a drive letter Windows calls remote, or None for a local file."""
    drive = PureWindowsPath(path).drive
    if drive.startswith("\\\\") or drive.startswith("//"):
        return f"the network share {drive}"
    if not drive:
        return None
    if drive_type is None:
        drive_type = _windows_drive_type
    if drive_type(drive + "\\") == _DRIVE_REMOTE:
        return f"the network drive {drive}"
    return None


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def network_location(path: Path) -> str | None:
    """Where ``path`` lives if that is another computer (a phrase for messages), else None."""
    if sys.platform == "win32" or os.name == "nt":
        return windows_network_path(str(path))
    if sys.platform.startswith("linux"):
        return linux_network_mount(path)
    return None  # macOS and others: not detected (no reliable mount table without extra tools)
