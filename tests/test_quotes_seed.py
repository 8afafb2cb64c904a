"""The seed article end to end, through the product loader and cleaner."""

from __future__ import annotations

from pathlib import Path

from retrieval.ingest.loading import parse_seed_text
from retrieval.quotes import extract_quotes

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_b3a66aeb771e6232.txt"
ACTIVISTS = "Left-wing supporters of Jeremy Corbyn"


def test_seed_article_quotes_and_speakers() -> None:
    article = parse_seed_text(SEED)
    quotes = extract_quotes(article)
    for q in quotes:
        assert article.body[q.start : q.end] == q.text
        assert q.context_start <= q.context_end
    by_start = {q.text.split()[0]: q for q in quotes}
    # The open letter: three multi-paragraph quotations with the cues of the article.
    letter = [q for q in quotes if "\n\n" in q.text]
    assert [q.cue for q in letter] == ["say:", "add:", "goes on:"]
    assert [q.speaker_as_written for q in letter] == ["the activists", "They", "The letter"]
    assert {q.speaker for q in letter} == {ACTIVISTS}
    assert letter[0].text.startswith("We agree wholeheartedly")
    assert letter[0].text.endswith("to hold their perpetrators to account.")
    assert letter[2].text.startswith("'Food not bombs'")
    # The spokesman.
    spokesman = by_start["Jeremy"]
    assert spokesman.speaker == "A spokesman for Mr Corbyn"
    assert spokesman.text.endswith("regional and international forces.")
    # The partial quotes in reported speech are the supporters'.
    assert by_start["condemn"].speaker == ACTIVISTS
    assert by_start["silence"].speaker == ACTIVISTS
    assert len(quotes) == 6


def test_related_headlines_yield_no_quotes() -> None:
    article = parse_seed_text(SEED)
    quotes = extract_quotes(article)
    assert not any("unquestionably a war crime" in q.text for q in quotes)
    assert not any(q.speaker and "Boris Johnson" in q.speaker for q in quotes)
