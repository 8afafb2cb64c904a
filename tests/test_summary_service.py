import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from retrieval.queries import QueryError
from tests.conftest import SEED_ID

CAPTION_AND_LINKS = ("PA Images", "A tank of the Assad regime", "ceasefire", "troops")


def test_article_summary_is_verbatim_ordered_and_cited(seed_service):
    summary = seed_service.summary(article=SEED_ID, sentences=3)
    assert summary.answered and summary.article_id == SEED_ID
    body = seed_service.archive.store.article(SEED_ID).body
    assert len(summary.sentences) == 3
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(starts)
    for sentence in summary.sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.title.startswith("Jeremy Corbyn urged") and sentence.date == "2016-10-08"
        assert not any(bad in sentence.text for bad in CAPTION_AND_LINKS)
        paragraph = body[: sentence.start].count("\n\n") + 1
        assert sentence.paragraph == paragraph


def test_topic_summary_cites_and_abstains(seed_service):
    summary = seed_service.summary(topic="Russian bombing of civilians in Syria")
    assert summary.answered and summary.sentences
    texts = [s.text for s in summary.sentences]
    assert len(texts) == len(set(texts))
    assert not seed_service.summary(topic="Premier League transfer gossip").answered


def test_unknown_article_and_bad_sentence_count(seed_service):
    with pytest.raises(QueryError, match="No article"):
        seed_service.summary(article="nope")
    with pytest.raises(QueryError, match="sentences must be"):
        seed_service.summary(article=SEED_ID, sentences=0)


def test_summary_queries_file(seed_index: Path, tmp_path: Path):
    requests = tmp_path / "s.jsonl"
    requests.write_text(
        json.dumps({"qid": "a", "article": SEED_ID, "sentences": 2})
        + "\n"
        + json.dumps({"qid": "b", "query": "Corbyn and Syria"})
        + "\n"
    )
    result = CliRunner().invoke(
        app, ["summary", "--index", str(seed_index), "--queries", str(requests)]
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["qid"] for line in lines] == ["a", "b"]
    assert lines[0]["article_id"] == SEED_ID and len(lines[0]["sentences"]) == 2
    assert lines[1]["query"] == "Corbyn and Syria" and lines[1]["answered"]
