"""The feedback store: one salt per store (or the configured one), hashes not ids, one rating
per person per answer, counts, and a file that outlives index rebuilds."""

from __future__ import annotations

import stat

from retrieval.feedback import ShownAnswer, SqliteFeedback
from retrieval.feedback.identity import SALT_FILE
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEEDS

USER = 123456789012345678


def shown(query: str = "harbour dredging") -> ShownAnswer:
    return ShownAnswer("ask", query, ["a1:0-10", "a2:5-40"], {"k": 3}, "42", "build-1")


def test_salt_is_made_once_private_and_reused(tmp_path):
    first = SqliteFeedback(tmp_path)
    row = first.rate(shown(), USER, "up")
    salt = tmp_path / SALT_FILE
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    again = SqliteFeedback(tmp_path).rate(shown(), USER, "down")
    assert again.user_hash == row.user_hash  # the same person, the same hash, after a restart
    assert str(USER) not in row.user_hash and str(USER).encode() not in first.path.read_bytes()
    other = SqliteFeedback(tmp_path / "elsewhere", salt="configured").rate(shown(), USER, "up")
    assert other.user_hash != row.user_hash


def test_one_rating_per_person_per_answer_and_counts(tmp_path):
    store = SqliteFeedback(tmp_path)
    answer = shown()
    store.rate(answer, USER, "up")
    store.rate(answer, USER, "down", "old story")
    store.rate(answer, USER + 1, "down")
    store.rate(shown("another"), USER, "up")
    rows = store.export()
    assert len(rows) == 3
    mine = next(r for r in rows if r.answer_id == answer.answer_id and r.comment)
    assert (mine.rating, mine.comment, mine.options, mine.result_ids) == (
        "down",
        "old story",
        {"k": 3},
        ["a1:0-10", "a2:5-40"],
    )
    counts = store.counts()
    assert (counts.up, counts.down, counts.recent_up, counts.recent_down) == (1, 2, 1, 2)
    assert [r.query for r in store.recent("down")] == ["harbour dredging", "harbour dredging"]
    assert store.comment(answer.answer_id, USER + 1, "x" * 900).comment == "x" * 500


def test_feedback_outlives_rebuilds_of_the_index(seed_index, embedder, tmp_path):
    import shutil

    root = tmp_path / "index"
    shutil.copytree(seed_index, root)
    service = NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS]), embedder)
    service.feedback.rate(shown(), USER, "down")
    service.build(compact=True)
    fresh = NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS]), embedder)
    assert [r.rating for r in fresh.feedback.export()] == ["down"]
    assert not any(p.name.startswith("feedback") for p in (root / "builds").rglob("*"))


def test_an_answer_that_abstained_showed_no_results(seed_index, embedder):
    service = NewsService(ServiceConfig(index_dir=seed_index, inputs=[SEEDS]), embedder)
    abstained = service.ask("recipe for lemon cake")
    assert not abstained.answered and abstained.results  # candidates, never shown
    assert ShownAnswer.of("ask", "recipe for lemon cake", abstained).result_ids == []
    answered = service.who_said("bombing in Syria")
    assert answered.answered
    assert ShownAnswer.of("who-said", "bombing in Syria", answered).result_ids == [
        f"{r.article_id}:{r.start}-{r.end}" for r in answered.results
    ]
