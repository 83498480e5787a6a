"""A throwaway PostgreSQL server on loopback, for the test suite and bench/db.py."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

# PostgreSQL refuses to run as root; these accounts exist on Debian-like systems
# (`postgres` once the server package is installed, `nobody` always).
UNPRIVILEGED_USERS = ("postgres", "nobody")
SUPERUSER = "workbench"


class PostgresUnavailable(RuntimeError):
    """No server could be started here; the message says why."""


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else the newest Debian install."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(re.sub(r"\D", "", path.parent.parent.name) or 0),
    )
    return installed[-1].parent if installed else None


def _server_user() -> pwd.struct_passwd | None:
    """The account to run the server as: None means ourselves (we are not root)."""
    if os.geteuid() != 0:
        return None
    for name in UNPRIVILEGED_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable(
        "running as root and no unprivileged account (postgres, nobody) to run PostgreSQL as"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TemporaryPostgres:
    """A running server in its own folder; ``stop()`` removes both."""

    base_dir: Path
    bin_dir: Path
    port: int
    user: pwd.struct_passwd | None
    settings: tuple[str, ...] = ()

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL for ``database`` with the psycopg (v3) driver."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database and return its URL (a fresh one per test)."""
        name = name or f"wb_{uuid.uuid4().hex[:12]}"
        dsn = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run(self.user, [str(self.bin_dir / args[0]), *args[1:]])

    def start(self) -> subprocess.CompletedProcess[str]:
        """pg_ctl start on ``port`` with ``settings`` (again, after ``shut_down``)."""
        return self.run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.base_dir / "server.log"),
            "-o",
            " ".join([f"-p {self.port}", *self.settings]),
            "-w",
            "-t",
            "60",
            "start",
        )

    def shut_down(self) -> None:
        """Stop the server as an administrator would, keeping its data for ``start``."""
        stopped = self.run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        if stopped.returncode != 0:
            raise PostgresUnavailable(f"pg_ctl stop failed: {_last_line(stopped)}")

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base_dir, ignore_errors=True)


def _run(user: pwd.struct_passwd | None, command: list[str]) -> subprocess.CompletedProcess[str]:
    extra = {}
    if user is not None:
        # subprocess switches user itself: no dependency on runuser/su being installed.
        extra = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
        env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        **extra,
    )


def start_temporary_postgres(*, durable: bool = False) -> TemporaryPostgres:
    """initdb + pg_ctl start on a free loopback port in a new temporary folder.

    ``durable=False`` turns fsync off, which a test server whose data is thrown away
    does not need; benchmarks pass True to measure what a real server does.
    Raises PostgresUnavailable with the reason if no server can be started.
    """
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL's initdb/pg_ctl not found (apt-get install postgresql)"
        )
    user = _server_user()
    base_dir = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    if user is not None:
        os.chown(base_dir, user.pw_uid, user.pw_gid)
    base_dir.chmod(0o700)
    server = TemporaryPostgres(base_dir=base_dir, bin_dir=bin_dir, port=0, user=user)
    init = server.run(
        "initdb",
        "-D",
        str(server.data_dir),
        "-U",
        SUPERUSER,
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
    )
    if init.returncode != 0:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed: {_last_line(init)}")
    settings = [
        "-c listen_addresses=127.0.0.1",
        f"-c unix_socket_directories={base_dir}",
        "-c max_connections=200",
    ]
    if not durable:
        settings += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    server.settings = tuple(settings)
    for _attempt in range(3):  # the free port can be taken between probe and start
        server.port = _free_port()
        started = server.start()
        if started.returncode == 0:
            return server
    log = (base_dir / "server.log").read_text(errors="replace") if base_dir.exists() else ""
    shutil.rmtree(base_dir, ignore_errors=True)
    raise PostgresUnavailable(f"pg_ctl start failed: {_last_line(started)} {log[-300:]}")


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stderr or result.stdout or "").strip().splitlines()
    return lines[-1] if lines else f"exit code {result.returncode}"
