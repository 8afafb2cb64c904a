"""What feedback is about (one answer as shown) and what is stored of it."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

UP, DOWN = "up", "down"
RATINGS = (UP, DOWN)
MAX_COMMENT = 500


def result_ids(answer: Any) -> list[str]:
    """Stable ids of the results an answer shows, `article_id:start-end` (the verbatim span):
    passage and quote ids are positions in one build and change with the next. None for an
    answer that says it has no confident answer: its candidates were never shown."""
    if getattr(answer, "answered", True) is False:
        return []
    ids: list[str] = []
    for name in ("results", "sentences", "matches", "narrative", "quotes"):
        for item in getattr(answer, name, None) or []:
            if all(hasattr(item, a) for a in ("article_id", "start", "end")):
                ids.append(f"{item.article_id}:{item.start}-{item.end}")
    return ids


@dataclass(frozen=True)
class ShownAnswer:
    """One answer as a user saw it: what was asked, with which command, and what came back."""

    command: str
    query: str
    result_ids: list[str]
    options: dict[str, Any] = field(default_factory=dict)
    guild_id: str | None = None
    build: str | None = None  # the index build that answered
    answer_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def of(
        cls,
        command: str,
        query: str,
        answer: Any,
        guild_id: int | str | None = None,
        build: str | None = None,
        **options: Any,
    ) -> ShownAnswer:
        kept = {k: v for k, v in options.items() if v is not None}
        guild = str(guild_id) if guild_id is not None else None
        return cls(command, query, result_ids(answer), kept, guild, build)


def request_fields(request: Any) -> tuple[str, dict[str, Any]]:
    """(what was asked, the other options) of a `retrieval.requests.Request`."""
    fields = request.arguments()
    asked = [str(fields.pop(name)) for name in request.subject if fields.get(name)]
    return " ".join(asked), fields


@dataclass
class Feedback:
    """One user's rating of one answer (their latest: pressing again replaces it)."""

    id: int
    created_at: str  # ISO 8601, UTC
    answer_id: str
    command: str
    query: str
    options: dict[str, Any]
    result_ids: list[str]
    guild_id: str | None
    user_hash: str
    rating: str  # "up" or "down"
    comment: str | None
    build: str | None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class FeedbackCounts:
    up: int = 0
    down: int = 0
    recent_up: int = 0  # the last `recent_days`
    recent_down: int = 0
    recent_days: int = 7
    by_command: dict[str, dict[str, int]] = field(default_factory=dict)

    def line(self) -> str:
        """The counts in one line, as every adapter shows them."""
        recent = f"last {self.recent_days} days: 👍 {self.recent_up:,} · 👎 {self.recent_down:,}"
        return f"👍 {self.up:,} · 👎 {self.down:,} ({recent})"

    def to_json(self) -> dict:
        return asdict(self)
