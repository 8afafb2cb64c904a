"""Where feedback is kept: a small protocol, and its SQLite implementation in the index root.

The file sits beside `builds/` and `segments/`, never inside a build: a reload swaps builds
and a compaction deletes segments, and neither touches it."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from retrieval.feedback.identity import salt_for, user_hash
from retrieval.feedback.records import (
    DOWN,
    MAX_COMMENT,
    RATINGS,
    UP,
    Feedback,
    FeedbackCounts,
    ShownAnswer,
)

FEEDBACK_FILE = "feedback.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    command TEXT NOT NULL,
    query TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    result_ids TEXT NOT NULL DEFAULT '[]',
    guild_id TEXT,
    user_hash TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    build TEXT,
    UNIQUE (answer_id, user_hash)
);
CREATE INDEX IF NOT EXISTS feedback_rating ON feedback(rating, created_at);
"""
COLUMNS = (
    "id, created_at, answer_id, command, query, options, result_ids, guild_id, user_hash, "
    "rating, comment, build"
)


class FeedbackStore(Protocol):
    def rate(
        self, shown: ShownAnswer, user_id: int | str, rating: str, comment: str | None = None
    ) -> Feedback: ...

    def comment(self, answer_id: str, user_id: int | str, comment: str) -> Feedback | None: ...

    def recent(self, rating: str | None = None, limit: int = 25) -> list[Feedback]: ...

    def counts(self, recent_days: int = 7) -> FeedbackCounts: ...

    def export(self) -> list[Feedback]: ...


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_comment(comment: str | None) -> str | None:
    if comment is None:
        return None
    comment = " ".join(comment.split())[:MAX_COMMENT]
    return comment or None


class SqliteFeedback:
    """Feedback in `<root>/feedback.sqlite`; `salt` from settings, else kept beside it."""

    def __init__(self, root: Path, salt: str | None = None) -> None:
        self.root = Path(root)
        self.path = self.root / FEEDBACK_FILE
        self._salt = salt
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one connection, used from worker threads

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self.root.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            self._db = db
        return self._db

    def user_hash(self, user_id: int | str) -> str:
        return user_hash(salt_for(self.root, self._salt), user_id)

    def rate(
        self, shown: ShownAnswer, user_id: int | str, rating: str, comment: str | None = None
    ) -> Feedback:
        """Record (or change) one user's rating of one answer."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        who = self.user_hash(user_id)
        with self._lock, self.db:
            self.db.execute(
                "INSERT INTO feedback (created_at, answer_id, command, query, options, "
                "result_ids, guild_id, user_hash, rating, comment, build) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_hash) DO UPDATE SET rating = excluded.rating, "
                "comment = excluded.comment, created_at = excluded.created_at",
                (
                    now(),
                    shown.answer_id,
                    shown.command,
                    shown.query,
                    json.dumps(shown.options, ensure_ascii=False, default=str),
                    json.dumps(shown.result_ids),
                    shown.guild_id,
                    who,
                    rating,
                    clean_comment(comment),
                    shown.build,
                ),
            )
        return self._one(shown.answer_id, who)

    def comment(self, answer_id: str, user_id: int | str, comment: str) -> Feedback | None:
        """Add what was wrong to a user's rating of an answer."""
        who = self.user_hash(user_id)
        with self._lock, self.db:
            self.db.execute(
                "UPDATE feedback SET comment = ? WHERE answer_id = ? AND user_hash = ?",
                (clean_comment(comment), answer_id, who),
            )
        return self._one(answer_id, who)

    def _one(self, answer_id: str, who: str) -> Feedback | None:
        with self._lock:
            row = self.db.execute(
                f"SELECT {COLUMNS} FROM feedback WHERE answer_id = ? AND user_hash = ?",
                (answer_id, who),
            ).fetchone()
        return to_record(row) if row else None

    def recent(self, rating: str | None = None, limit: int = 25) -> list[Feedback]:
        """The latest feedback, newest first; only one rating when given."""
        where, args = ("WHERE rating = ?", [rating]) if rating else ("", [])
        with self._lock:
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM feedback {where} ORDER BY created_at DESC, id DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
        return [to_record(row) for row in rows]

    def counts(self, recent_days: int = 7) -> FeedbackCounts:
        since = (datetime.now(UTC) - timedelta(days=recent_days)).isoformat(timespec="seconds")
        with self._lock:
            rows = self.db.execute(
                "SELECT command, rating, count(*), sum(created_at >= ?) FROM feedback "
                "GROUP BY command, rating",
                (since,),
            ).fetchall()
        return count_rows(rows, recent_days)

    def export(self) -> list[Feedback]:
        """Every stored rating, oldest first."""
        with self._lock:
            rows = self.db.execute(f"SELECT {COLUMNS} FROM feedback ORDER BY id").fetchall()
        return [to_record(row) for row in rows]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def to_record(row: tuple) -> Feedback:
    """A row of COLUMNS as a record (JSON columns as text from SQLite, decoded from PostgreSQL)."""
    values = list(row)
    for at, empty in ((5, "{}"), (6, "[]")):
        if values[at] is None or isinstance(values[at], str):
            values[at] = json.loads(values[at] or empty)
    return Feedback(*values)


def count_rows(rows: list[tuple], recent_days: int) -> FeedbackCounts:
    """Counts from (command, rating, ratings, recent ratings) rows."""
    counts = FeedbackCounts(recent_days=recent_days)
    for command, rating, n, recent in rows:
        counts.by_command.setdefault(command, {UP: 0, DOWN: 0})[rating] = n
        if rating == UP:
            counts.up, counts.recent_up = counts.up + n, counts.recent_up + (recent or 0)
        else:
            counts.down, counts.recent_down = counts.down + n, counts.recent_down + (recent or 0)
    return counts


def open_feedback(
    root: Path, salt: str | None = None, database_url: str | None = None
) -> FeedbackStore:
    """The feedback store of the archive: a table in the database when the archive is on
    PostgreSQL (every bot process shares it), else a SQLite file in the index root."""
    if database_url:
        from retrieval.pg.feedback import PgFeedback  # psycopg only when a database is used

        return PgFeedback(database_url, salt)
    return SqliteFeedback(root, salt)
