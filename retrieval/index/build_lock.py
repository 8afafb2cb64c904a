"""One build at a time per index: an exclusive lock on `<index>/build.lock`, which names the
holder's pid. A second build (another `index build`, or a bot's /reload) is refused at once
with that pid instead of racing the first one to `CURRENT`. The lock is the kernel's (flock): it
goes away with the process that held it, so a killed build never leaves it taken."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from retrieval.index.build_errors import BuildBusyError

LOCK_NAME = "build.lock"


class FileLock:
    """An exclusive, non-blocking lock on one file, naming its holder's pid (reusable: any
    store that needs one writer at a time can take one)."""

    def __init__(self, path: Path, what: str = "a build") -> None:
        self.path = path
        self.what = what
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            by = f" (pid {holder})" if holder else ""
            raise BuildBusyError(
                f"{self.what} is already running on {self.path.parent}{by}; wait for it to "
                "finish, then try again"
            ) from None
        with contextlib.suppress(OSError):  # a full disk: the lock holds, its pid goes unsaid
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def holder(self) -> int | None:
        """The pid holding the lock now, or None when nobody does."""
        if not self.path.exists():
            return None
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_pid(fd) or -1
        finally:
            os.close(fd)
        return None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


def build_lock(root: Path) -> FileLock:
    """The lock every build of the index at `root` takes."""
    return FileLock(root / LOCK_NAME, "a build")
