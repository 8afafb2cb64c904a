"""`FeedbackStore` in the newsbot database: ratings every bot process (every shard) shares, and
one salt for all of them, kept in the database beside the ratings."""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime, timedelta

import psycopg
from psycopg.types.json import Jsonb

from retrieval.feedback.identity import user_hash
from retrieval.feedback.records import RATINGS, Feedback, FeedbackCounts, ShownAnswer
from retrieval.feedback.store import COLUMNS, clean_comment, count_rows, now, to_record
from retrieval.pg.connect import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS newsbot_feedback (
    id bigserial PRIMARY KEY,
    created_at text NOT NULL,
    answer_id text NOT NULL,
    command text NOT NULL,
    query text NOT NULL,
    options jsonb NOT NULL DEFAULT '{}',
    result_ids jsonb NOT NULL DEFAULT '[]',
    guild_id text,
    user_hash text NOT NULL,
    rating text NOT NULL CHECK (rating IN ('up', 'down')),
    comment text,
    build text,
    UNIQUE (answer_id, user_hash)
);
CREATE INDEX IF NOT EXISTS newsbot_feedback_rating ON newsbot_feedback (rating, created_at);
CREATE TABLE IF NOT EXISTS newsbot_feedback_salt (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), salt text NOT NULL
);
"""


class PgFeedback:
    def __init__(self, url: str, salt: str | None = None) -> None:
        self.url = url
        self._configured = salt
        self._salt: bytes | None = None
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def _db(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            conn = connect(self.url, vector=False)
            conn.execute(SCHEMA)
            self._conn = conn
        return self._conn

    def _run(self, statement: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            cursor = self._db().execute(statement, args)
            return cursor.fetchall() if cursor.description else []

    def user_hash(self, user_id: int | str) -> str:
        if self._salt is None:
            if self._configured:
                self._salt = self._configured.encode()
            else:
                # The first process to get here makes it; every other one reads the same salt.
                self._run(
                    "INSERT INTO newsbot_feedback_salt (salt) VALUES (%s) ON CONFLICT DO NOTHING",
                    (secrets.token_hex(32),),
                )
                self._salt = self._run("SELECT salt FROM newsbot_feedback_salt")[0][0].encode()
        return user_hash(self._salt, user_id)

    def rate(
        self, shown: ShownAnswer, user_id: int | str, rating: str, comment: str | None = None
    ) -> Feedback:
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        who = self.user_hash(user_id)
        (row,) = self._run(
            "INSERT INTO newsbot_feedback (created_at, answer_id, command, query, options, "
            "result_ids, guild_id, user_hash, rating, comment, build) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (answer_id, user_hash) DO UPDATE SET rating = excluded.rating, "
            f"comment = excluded.comment, created_at = excluded.created_at RETURNING {COLUMNS}",
            (
                now(),
                shown.answer_id,
                shown.command,
                shown.query,
                Jsonb(shown.options),
                Jsonb(shown.result_ids),
                shown.guild_id,
                who,
                rating,
                clean_comment(comment),
                shown.build,
            ),
        )
        return to_record(row)

    def comment(self, answer_id: str, user_id: int | str, comment: str) -> Feedback | None:
        rows = self._run(
            f"UPDATE newsbot_feedback SET comment = %s WHERE answer_id = %s AND user_hash = %s "
            f"RETURNING {COLUMNS}",
            (clean_comment(comment), answer_id, self.user_hash(user_id)),
        )
        return to_record(rows[0]) if rows else None

    def recent(self, rating: str | None = None, limit: int = 25) -> list[Feedback]:
        where, args = ("WHERE rating = %s", (rating,)) if rating else ("", ())
        rows = self._run(
            f"SELECT {COLUMNS} FROM newsbot_feedback {where} "
            "ORDER BY created_at DESC, id DESC LIMIT %s",
            (*args, limit),
        )
        return [to_record(row) for row in rows]

    def counts(self, recent_days: int = 7) -> FeedbackCounts:
        since = (datetime.now(UTC) - timedelta(days=recent_days)).isoformat(timespec="seconds")
        rows = self._run(
            "SELECT command, rating, count(*), count(*) FILTER (WHERE created_at >= %s) "
            "FROM newsbot_feedback GROUP BY command, rating",
            (since,),
        )
        return count_rows(rows, recent_days)

    def export(self) -> list[Feedback]:
        return [
            to_record(r) for r in self._run(f"SELECT {COLUMNS} FROM newsbot_feedback ORDER BY id")
        ]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
