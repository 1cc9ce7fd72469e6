"""A real PostgreSQL server for the tests: its own cluster in a temporary folder, on a free local port.

``tools/dev test`` installs Debian's ``postgresql`` package; the server runs as the calling
user, or as ``postgres`` when the tests run as root (PostgreSQL refuses to run as root).
Each test gets a database of its own.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    assert initdb, "PostgreSQL is not installed (tools/dev test installs Debian's postgresql package)"
    return Path(initdb).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One cluster; ``new_database()`` gives a fresh database's URL."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="replydesk-pg-"))
        self.port = _free_port()
        self._names = itertools.count(1)
        self._as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        bin_dir = _binaries()
        self._pg_ctl = str(bin_dir / "pg_ctl")
        data = self.folder / "data"
        subprocess.run([*self._as, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                        "--no-sync"], check=True, capture_output=True, timeout=120)
        subprocess.run([*self._as, self._pg_ctl, "start", "-D", str(data), "-w", "-t", "60",
                        "-l", str(self.folder / "log"),
                        "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"],
                       check=True, capture_output=True, timeout=120)
        self.data = data

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        name = f"replies_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def _start_args(self) -> list[str]:
        return [*self._as, self._pg_ctl, "start", "-D", str(self.data), "-w", "-t", "60", "-l",
                str(self.folder / "log"), "-o",
                f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"]

    def halt(self) -> None:
        """Stop the server as an administrator would (its data kept), for tests of a server that goes away."""
        subprocess.run([*self._as, self._pg_ctl, "stop", "-D", str(self.data), "-m", "fast", "-w"],
                       check=True, capture_output=True, timeout=120)

    def resume(self) -> None:
        """Start it again on the same port, with the same data."""
        subprocess.run(self._start_args(), check=True, capture_output=True, timeout=120)

    def _processes(self) -> list[int]:
        """The postmaster and its children (this cluster's only: found from its own pid file)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        found = [postmaster]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                found.append(int(stat.parent.name))
        return found

    def freeze(self) -> None:
        """SIGSTOP every process of the cluster: a network partition as a client sees it (sockets open, silence)."""
        for pid in self._processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._processes():
            os.kill(pid, signal.SIGCONT)

    def stop(self) -> None:
        subprocess.run([*self._as, self._pg_ctl, "stop", "-D", str(self.data), "-m", "fast", "-w"],
                       capture_output=True, timeout=120)
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Iterator[Server]:
    server = Server()
    deadline = time.monotonic() + 30
    while True:  # pg_ctl -w waited for the socket; the first connection confirms it
        try:
            psycopg.connect(server.admin_url, connect_timeout=5).close()
            break
        except psycopg.OperationalError:
            assert time.monotonic() < deadline, "the PostgreSQL server did not accept connections"
            time.sleep(0.1)
    try:
        yield server
    finally:
        server.stop()


def raw_database(location):
    """A bare connection to a test's database, file or server (autocommit), and its driver's error class:
    for checks under the store, such as the history's append-only triggers."""
    if str(location).startswith("postgresql://"):
        import psycopg

        return psycopg.connect(str(location), autocommit=True), psycopg.Error
    import sqlite3

    return sqlite3.connect(location, isolation_level=None), sqlite3.DatabaseError
