"""The SQLite files under `<index>/cache/` (embeddings, parsed inputs) are caches: one that is
not a readable database is deleted and started afresh, and the caller says so, rather than
every later build failing until someone deletes it by hand."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_cache_db(path: Path, schema: str) -> tuple[sqlite3.Connection, bool]:
    """A connection to the cache at `path` with `schema` applied, and whether the file was
    unreadable and had to be started afresh. Disk and lock errors are raised as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path, schema), False
    except sqlite3.OperationalError:
        raise  # full disk, I/O error, locked: deleting the cache would not help
    except sqlite3.DatabaseError:  # "file is not a database", "disk image is malformed"
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        return _open(path, schema), True


def _open(path: Path, schema: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(schema)
        db.commit()
    except BaseException:
        db.close()
        raise
    return db
