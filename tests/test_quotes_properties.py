"""Random text and random quote marks never make extraction raise or break its invariants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.models import Article
from retrieval.quotes import extract_quotes

MARKS = "\"'“”‘’«»„`"
pieces = st.one_of(
    st.sampled_from(list(MARKS) + ["''", "``", ",", ".", ":", " ", "\n\n", "\n"]),
    st.sampled_from(["said", "says", "he", "they", "Mr", "Jo Bloggs", "according to", "added"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)


def _check(body: str) -> None:
    article = Article(id="p", title="", body=body)
    for q in extract_quotes(article):
        assert body[q.start : q.end] == q.text
        assert 0 <= q.start < q.end <= len(body)
        assert 0.0 <= q.confidence <= 1.0
        assert 0 <= q.context_start <= q.context_end <= len(body)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=40).map("".join))
def test_random_marks_and_words_never_raise(body: str) -> None:
    _check(body)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(body: str) -> None:
    _check(body)
