"""The request schema every adapter checks through: typed fields, cross-field rules, and one
short line for every refusal, whatever a JSON line or a form holds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.queries import QueryError
from retrieval.requests import (
    REQUESTS,
    AskRequest,
    Flag,
    RequestContext,
    SpeakersRequest,
    SummaryRequest,
    WhoSaidRequest,
)

OUTLETS = RequestContext(sources=["Evening Courier", "Harbour Gazette", ""])
TYPED = [-1, 2.5, True, ["x"], {"a": 1}, "x" * 100_000]


def refusal(model, fields, context=None) -> str:
    with pytest.raises(QueryError) as error:
        model.parse(fields, context)
    message = str(error.value)
    assert "\n" not in message and len(message) < 300, message
    return message


@pytest.mark.parametrize("value", TYPED)
@pytest.mark.parametrize(
    ("model", "field"),
    [
        (AskRequest, "source"),
        (WhoSaidRequest, "speaker"),
        (SummaryRequest, "article"),
        (AskRequest, "since"),
        (WhoSaidRequest, "until"),
        (SpeakersRequest, "prefix"),
    ],
)
def test_a_text_field_of_another_type_is_refused_by_name(model, field, value):
    base = {"query": "Syria"} if model in (AskRequest, WhoSaidRequest) else {}
    message = refusal(model, {**base, field: value})
    assert field in message


@pytest.mark.parametrize("value", [-1, 0, 26, 2.5, True, "3", ["x"], {}])
def test_k_is_a_whole_number_in_range(value):
    message = refusal(AskRequest, {"query": "Syria", "k": value})
    assert message.startswith("k must be a whole number from 1 to 25")


def test_null_means_not_given():
    request = WhoSaidRequest.parse(
        {"query": "Syria", "k": None, "speaker": None, "source": None, "since": None}
    )
    assert (request.k, request.speaker, request.source, request.since) == (5, None, None, None)
    assert SpeakersRequest.parse({"prefix": None, "limit": None}).limit == 25


@pytest.mark.parametrize("query", ["🙂🙂🙂", "?!", "💥 — 💥"])
def test_a_query_without_words_says_so(query):
    assert "has no words to search" in refusal(AskRequest, {"query": query})


@pytest.mark.parametrize("query", [None, "", "   ", "\x00\u2028"])
def test_an_empty_query_says_so(query):
    assert "empty" in refusal(WhoSaidRequest, {"query": query})


def test_huge_query_and_name_are_refused_without_echoing_them():
    assert "too long" in refusal(AskRequest, {"query": "word " * 50_000})
    message = refusal(AskRequest, {"query": "Syria", "source": "x" * 100_000})
    assert "source is too long" in message


def test_reversed_date_range_is_refused():
    message = refusal(AskRequest, {"query": "Syria", "since": "2016-10-09", "until": "2016-10-01"})
    assert "since (2016-10-09) is after until (2016-10-01)" in message
    same_day = AskRequest.parse({"query": "Syria", "since": "2016-10-09", "until": "2016-10-09"})
    assert same_day.since == same_day.until == date(2016, 10, 9)


def test_summary_takes_a_topic_or_an_article_not_both():
    assert "not both" in refusal(SummaryRequest, {"topic": "Syria", "article": "abc"})
    assert "Give a topic" in refusal(SummaryRequest, {})
    assert SummaryRequest.parse({"query": "Syria"}).topic == "Syria"  # a --queries line's name
    assert SummaryRequest.parse({"topic": " ", "article": "abc"}).article == "abc"


def test_unknown_outlet_lists_the_known_ones():
    message = refusal(AskRequest, {"query": "Syria", "source": "nowhere"}, OUTLETS)
    assert "No outlet called 'nowhere'" in message
    assert "Known outlets: Evening Courier, Harbour Gazette." in message
    # Outlets match ignoring case; without the archive's outlets nothing is checked.
    assert AskRequest.parse({"query": "x", "source": "evening courier"}, OUTLETS).source
    assert AskRequest.parse({"query": "x", "source": "nowhere"}).source == "nowhere"


def test_many_outlets_are_listed_in_part():
    context = RequestContext(sources=[f"Outlet {i:02}" for i in range(40)])
    message = refusal(WhoSaidRequest, {"query": "x", "source": "nowhere"}, context)
    assert "Outlet 09 and 30 more." in message


def test_speakers_limit_starts_at_one():
    assert "limit must be a whole number from 1" in refusal(SpeakersRequest, {"limit": 0})


def test_query_length_follows_the_configured_limit():
    short = RequestContext(max_query_chars=10)
    assert "at most 10" in refusal(AskRequest, {"query": "a question of eleven"}, short)


def test_unknown_fields_are_named():
    assert AskRequest.unknown({"qid": 1, "query": "x", "speeker": "y"}) == ["qid", "speeker"]
    assert SummaryRequest.unknown({"query": "x", "topic": "y", "sentences": 2}) == []


# Values a JSON line or a form may hold for any field.
hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=50),
    st.sampled_from(["🙂", "2016-10-08", "2016-13-45", "x" * 5000, "\ud800", "\x00", "BBC"]),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
FIELDS = sorted({name for model in REQUESTS.values() for name in model.accepts()} | {"junk"})


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(REQUESTS)),
    st.dictionaries(st.sampled_from(FIELDS), hostile, max_size=6),
)
def test_any_request_is_accepted_with_clean_types_or_refused_in_one_line(command, fields):
    model = REQUESTS[command]
    try:
        request = model.parse(fields, OUTLETS)
    except QueryError as error:
        message = str(error)
        assert message and "\n" not in message and len(message) < 600
        return
    for name, value in request.arguments().items():
        if name in {"k", "limit", "sentences"}:
            assert value is None or (type(value) is int and value >= 1)
        elif name in {"since", "until"}:
            assert value is None or type(value) is date
        elif model.model_fields[name].annotation is bool:
            assert type(value) is bool
        elif value is not None:
            assert type(value) is str and "\x00" not in value and "\ud800" not in value
            assert value == value.strip()


def test_a_flag_field_is_true_or_false():
    class Flagged(AskRequest):
        include_affiliated: Flag = False

    assert Flagged.parse({"query": "x", "include_affiliated": True}).include_affiliated is True
    assert Flagged.parse({"query": "x", "include_affiliated": None}).include_affiliated is False
    for value in (1, "yes", "false", ["x"]):
        assert "include_affiliated must be true or false" in refusal(
            Flagged, {"query": "x", "include_affiliated": value}
        )
