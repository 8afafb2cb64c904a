"""Feedback on PostgreSQL: one table and one salt that every bot process shares."""

from __future__ import annotations

from retrieval.feedback import ShownAnswer
from retrieval.pg.feedback import PgFeedback
from retrieval.service import NewsService, ServiceConfig

USER = 223456789012345678


def test_processes_share_ratings_and_the_salt(database_url, tmp_path):
    one = NewsService(ServiceConfig(index_dir=tmp_path / "a", database_url=database_url))
    other = PgFeedback(database_url)  # a second bot process (another shard)
    assert isinstance(one.feedback, PgFeedback)
    answer = ShownAnswer("who-said", "bombing in Syria", ["x:1-9"], {"speaker": "Corbyn"}, "7")
    first = one.feedback.rate(answer, USER, "up")
    again = other.rate(answer, USER, "down", "wrong speaker")  # the same person changes it
    assert again.user_hash == first.user_hash and again.id == first.id
    assert other.comment(answer.answer_id, USER, "wrong speaker, old story").comment == (
        "wrong speaker, old story"
    )
    other.rate(ShownAnswer("ask", "harbour", [], {}, "7"), USER + 1, "up")
    (row,) = one.feedback.recent("down")
    assert (row.command, row.query, row.options, row.result_ids) == (
        "who-said",
        "bombing in Syria",
        {"speaker": "Corbyn"},
        ["x:1-9"],
    )
    counts = one.feedback.counts()
    assert (counts.up, counts.down) == (1, 1)
    assert counts.by_command == {"who-said": {"up": 0, "down": 1}, "ask": {"up": 1, "down": 0}}
    assert [r.rating for r in other.export()] == ["down", "up"]
    assert str(USER) not in repr(other.export())
    assert not (tmp_path / "a" / "feedback.sqlite").exists()
    configured = PgFeedback(database_url, salt="from settings")
    assert configured.user_hash(USER) != first.user_hash
