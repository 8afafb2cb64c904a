"""Feedback on answers: 👍/👎 (and what was wrong) with the query, the results shown, the
command and the guild, and a salted hash of the user id, never the id itself. Kept in its own
SQLite file beside the index's builds (`<index>/feedback.sqlite`): builds are immutable and
swapped, feedback outlives them."""

from retrieval.feedback.records import Feedback, FeedbackCounts, ShownAnswer, result_ids
from retrieval.feedback.store import FeedbackStore, SqliteFeedback, open_feedback

__all__ = [
    "Feedback",
    "FeedbackCounts",
    "FeedbackStore",
    "ShownAnswer",
    "SqliteFeedback",
    "open_feedback",
    "result_ids",
]
