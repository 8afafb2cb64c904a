"""Why a build did not happen; in every case the serving index was left as it was."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class BuildError(RuntimeError):
    """The inputs gave nothing to index, or the build could not be written; the serving index
    was left untouched."""


class BuildBusyError(BuildError):
    """Another build holds the index's build lock."""


class DiskFullError(BuildError):
    """The disk filled up while the build was writing."""


_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_FULL_WORDS = ("no space left on device", "database or disk is full", "disk quota exceeded")
_LOW_SPACE = 1 << 20  # bytes: an I/O error with less free than this is a full disk


def is_disk_full(exc: BaseException, where: Path | None = None) -> bool:
    """Whether `exc` (from the OS, SQLite or FAISS) says the disk is full."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    text = str(exc).lower()
    if any(words in text for words in _FULL_WORDS):
        return True
    if isinstance(exc, sqlite3.OperationalError | OSError | RuntimeError) and where is not None:
        # SQLite often says only "disk I/O error" when a write finds no room.
        try:
            return shutil.disk_usage(_existing(where)).free < _LOW_SPACE
        except OSError:
            return False
    return False


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a full disk while writing `path` into one clear DiskFullError."""
    try:
        yield
    except BuildError:
        raise
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        if is_disk_full(exc, path):
            raise DiskFullError(
                f"no space left on device while writing {path}; the serving index is unchanged "
                "(free some space, then build again)"
            ) from exc
        raise
