"""Focus: the query words a headline lacks pick the paragraph that answers, on real bm25s."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest

from retrieval.index.lexical import LexicalIndex, _stemmer, terms
from retrieval.models import Passage
from retrieval.search.focus import focus_scores

TITLE = "Ferry fares to rise in April"
BODY = [
    "Ferry fares will rise in April, the operator confirmed on Monday.",
    "The increase of ten percent will pay for a new boat built in Glasgow.",
    "Commuters on the island route said they would look for other ways to travel.",
]
OTHER_TITLE = "Harbour bridge to close for repairs"
OTHER = "The harbour bridge will close for six weeks while engineers replace cables."


def _passages() -> list[Passage]:
    texts = [*BODY, OTHER]
    owners = ["ferry"] * len(BODY) + ["bridge"]
    return [
        Passage(i, a, i, 0, len(t), t) for i, (a, t) in enumerate(zip(owners, texts, strict=True))
    ]


def _index(passages: list[Passage]) -> LexicalIndex:
    titles = {"ferry": TITLE, "bridge": OTHER_TITLE}
    return LexicalIndex.build([f"{titles[p.article_id]}\n{p.text}" for p in passages])


def _focus(query: str, passages: list[Passage], titles: dict[str, str]) -> np.ndarray:
    ids = [p.id for p in passages]
    owners = [p.article_id for p in passages]
    return focus_scores(query, ids, owners, titles, _index(passages))


def test_terms_split_text_exactly_as_bm25s_does() -> None:
    texts = [
        "The Harbour's new boats, built in 2021, aren't cheap: £5m!",
        "Engineers replaced corroded cables – and said so.",
    ]
    expected = bm25s.tokenize(
        texts, stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False
    )
    assert terms(texts) == expected


def test_contains_matches_the_texts() -> None:
    passages = _passages()
    index = _index(passages)
    words = ["boat", "glasgow", "bridg", "ferri", "unknownword"]
    found = index.contains(words, np.array([p.id for p in passages]))
    for row, word in enumerate(words):
        for col, passage in enumerate(passages):
            title = OTHER_TITLE if passage.article_id == "bridge" else TITLE
            assert found[row, col] == (word in terms([f"{title}\n{passage.text}"])[0])


def test_the_paragraph_with_the_words_the_headline_lacks_is_in_focus() -> None:
    passages = _passages()
    titles = {"ferry": TITLE, "bridge": OTHER_TITLE}
    focus = _focus("Are ferry fares rising to pay for a new boat?", passages, titles)
    # The lead restates the headline ("ferry fares ... rise ... April"): no new words in it.
    assert focus[1] == pytest.approx(1.0)
    assert focus[0] == 0.0 and focus[2] == 0.0
    assert focus[1] == focus.max()


def test_a_query_of_headline_words_or_stopwords_only_has_no_focus() -> None:
    passages = _passages()
    titles = {"ferry": TITLE, "bridge": OTHER_TITLE}
    assert not _focus("the and of", passages, titles).any()
    assert _focus("", passages, titles).tolist() == [0.0] * len(passages)
