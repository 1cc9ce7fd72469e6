"""A draft database on a network filesystem is refused for writing, and can still be read.

The live tests mount a real FUSE network filesystem (rclone, installed by ``tools/dev test``)
over a temporary folder, so the store meets the mount table exactly as on an official's PC
with a shared drive.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from replydesk.store import NetworkDatabase, Store
from replydesk.store.network import linux_network_mount, windows_network_path

# Lines as Linux writes them in /proc/self/mountinfo (taken from real machines).
MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
61 27 0:52 / /mnt/ministry rw,relatime - cifs //fileserver/Ministry rw,vers=3.1.1,sec=ntlmssp
62 61 8:17 / /mnt/ministry/usb rw,relatime - vfat /dev/sdb1 rw
63 27 0:53 / /home/anna/Shared\\040Drafts rw,relatime - nfs4 nas.justice.gov:/drafts rw,vers=4.2
64 27 0:54 / /home/anna/remote rw,nosuid,nodev - fuse.sshfs anna@server:/srv rw,user_id=1000
65 27 0:55 / /home/anna/vault rw,nosuid,nodev - fuse.gocryptfs /home/anna/.vault rw
66 27 0:56 / /media/nas rw,relatime - smb3 //nas/share rw
"""


@pytest.fixture
def mountinfo(tmp_path: Path) -> Path:
    path = tmp_path / "mountinfo"
    path.write_text(MOUNTINFO, encoding="utf-8")
    return path


@pytest.mark.parametrize(("path", "kind"), [
    ("/mnt/ministry/replies/drafts.sqlite3", "cifs network share //fileserver/Ministry mounted at /mnt/ministry"),
    ("/home/anna/Shared Drafts/drafts.sqlite3", "nfs4 network share nas.justice.gov:/drafts"),
    ("/home/anna/remote/drafts.sqlite3", "fuse.sshfs network share anna@server:/srv"),
    ("/media/nas/drafts.sqlite3", "smb3 network share //nas/share"),
])
def test_files_on_network_mounts_are_recognised(mountinfo, path, kind):
    assert kind in linux_network_mount(Path(path), mountinfo)


@pytest.mark.parametrize("path", [
    "/home/anna/drafts.sqlite3",  # the local disk
    "/mnt/ministry/usb/drafts.sqlite3",  # a USB stick mounted inside the share is local
    "/home/anna/vault/drafts.sqlite3",  # an encrypted local folder (FUSE, but not a network)
    "/mnt/ministryX/drafts.sqlite3",  # a neighbour whose name starts like the share's
])
def test_local_files_are_not_taken_for_network_ones(mountinfo, path):
    assert linux_network_mount(Path(path), mountinfo) is None


def test_windows_unc_paths_and_mapped_network_drives_are_recognised():
    drive_types = {"C:\\": 3, "H:\\": 4}  # GetDriveTypeW: 3 fixed disk, 4 remote
    assert windows_network_path(r"\\fileserver\Ministry\drafts.sqlite3") == r"the network share \\fileserver\Ministry"
    assert windows_network_path(r"H:\Replies\drafts.sqlite3", drive_types.get) == "the network drive H:"
    assert windows_network_path(r"C:\Users\anna\drafts.sqlite3", drive_types.get) is None


@pytest.fixture
def network_folder(tmp_path: Path):
    """A folder on a real FUSE network filesystem (rclone), and the local folder behind it."""
    assert shutil.which("rclone") and shutil.which("fusermount3"), "tools/dev test installs rclone and fuse3"
    behind, mount = tmp_path / "server", tmp_path / "share"
    behind.mkdir()
    mount.mkdir()
    subprocess.run(["rclone", "mount", str(behind), str(mount), "--daemon", "--vfs-cache-mode", "writes"],
                   check=True, capture_output=True, timeout=60)
    deadline = time.monotonic() + 30
    while linux_network_mount(mount / "x") is None:  # rclone answers once the kernel lists the mount
        assert time.monotonic() < deadline, "the rclone mount did not appear"
        time.sleep(0.05)
    yield mount, behind
    subprocess.run(["fusermount3", "-u", "-z", str(mount)], check=False, capture_output=True, timeout=60)


@pytest.fixture
def shared_database(network_folder, registry, ga_form) -> tuple[Path, bytes]:
    """A database with one answered reply, made on the local disk and put on the share, as a team would."""
    mount, behind = network_folder
    local = behind.parent / "local.sqlite3"
    with Store.open(local, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2015)
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Written on the ministry's laptop."})
    shutil.copy(local, behind / "drafts.sqlite3")
    return mount / "drafts.sqlite3", (behind / "drafts.sqlite3").read_bytes()


def test_a_command_that_writes_is_refused_on_a_share_and_changes_nothing(cli, shared_database):
    path, before = shared_database
    result = cli("--db", str(path), "set", "1", "pt1.og1.a", "--text", "Typed on another PC.")
    assert result.code == 1
    assert f"the draft database {path} is on the fuse.rclone network share" in result.err
    assert "WAL mode does not work there" in result.err and "opened read-only" in result.err
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["drafts.sqlite3"]  # no lock, backup, -wal


def test_a_command_that_only_reads_still_works_on_a_share(cli, shared_database):
    path, before = shared_database
    result = cli("--db", str(path), "show", "1")
    assert result.code == 0, result.err
    assert "Written on the ministry's laptop." in result.out
    assert path.read_bytes() == before


def test_no_new_database_is_made_on_a_share(cli, network_folder):
    mount, _ = network_folder
    result = cli("--db", str(mount / "team.sqlite3"), "new", "--form", "global-alliance-2014",
                 "--country", "Denmark", "--year", "2016")
    assert result.code == 1
    assert "cannot be created" in result.err and "folder on this computer" in result.err
    assert list(mount.iterdir()) == []


def test_the_store_refuses_and_says_where(shared_database):
    path, _ = shared_database
    with pytest.raises(NetworkDatabase, match="fuse.rclone network share"):
        Store.open(path, write=True)
    with Store.open(path, write=False) as store:
        assert not store.writable
        assert "fuse.rclone" in store.on_network


def test_the_window_offers_to_open_a_shared_database_read_only(qtbot, shared_database):
    """The official starts the window on the shared file: told why, offered read-only, and sees the reply."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from replydesk.ui.app import create_main_window, make_application

    path, before = shared_database
    make_application([])
    told: list[str] = []

    def answer_the_box() -> None:
        box = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.objectName() == "networkDatabaseBox" and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(20, answer_the_box)
            return
        told.append(box.text())
        next(b for b in box.buttons() if b.text() == "Open read-only").click()

    QTimer.singleShot(0, answer_the_box)
    window = create_main_window(path, 1)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.session is not None and window.focusWidget() is not None)
    try:
        assert "fuse.rclone network share" in told[0]
        assert "(read-only)" in window.windowTitle()
        assert window.save_label.text().startswith("Read-only: the database is on the fuse.rclone network share")
        assert path.read_bytes() == before
    finally:
        window.close()
        window.store.close()
