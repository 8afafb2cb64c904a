"""Property tests for the Discord renderers: any text, any length, every limit holds."""

from __future__ import annotations

import re

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord import text as t
from bot.discord.embeds import (
    render_ask,
    render_help,
    render_quotes,
    render_reload,
    render_reload_failed,
    render_stats,
    render_summary,
)
from retrieval.answers import AskAnswer, PassageResult, Stats
from retrieval.index.builder import BuildReport

# Text that stresses escaping: markdown and mention characters, newlines, astral code points.
nasty = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("*_~|`>#-[]()<@&\\ \n.:1")), st.characters(codec="utf-8")
    ),
    max_size=7000,
)
words = st.lists(
    st.sampled_from(["@everyone", "**bold**", "<@&1>", "word", "x" * 300]), max_size=60
).map(" ".join)
any_text = st.one_of(nasty, words)
maybe = st.one_of(st.none(), any_text)
urls = st.one_of(
    st.none(),
    any_text,
    st.just("https://example.org/a_(b) c"),
    st.text(max_size=3000).map(lambda s: "https://example.org/" + s),
)

LIMITS = {"title": t.TITLE, "description": t.DESCRIPTION}


def check_embed(embed: discord.Embed) -> None:
    data = embed.to_dict()
    for key, limit in LIMITS.items():
        assert len(data.get(key, "")) <= limit
    assert len(data.get("footer", {}).get("text", "")) <= t.FOOTER
    assert len(data.get("fields", [])) <= 25
    for field in data.get("fields", []):
        assert len(field["name"].strip()) > 0 and len(field["name"]) <= t.FIELD_NAME
        assert len(field["value"].strip()) > 0 and len(field["value"]) <= t.FIELD_VALUE
    assert len(embed) <= t.EMBED_TOTAL
    if "url" in data:
        assert data["url"].startswith(("http://", "https://")) and " " not in data["url"]


def check_pages(pages) -> None:
    assert pages
    for page in pages:
        assert len(page.content) <= t.CONTENT
        assert len(page.embeds) <= t.EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in page.embeds) <= t.EMBED_TOTAL
        for embed in page.embeds:
            check_embed(embed)
            # No live mention or masked link can survive escaping.
            body = embed.description or ""
            assert "@everyone" not in body and "@here" not in body
            assert not re.search(r"(?<!\\)<@", body)


def result(text, title, source, url, date) -> PassageResult:
    return PassageResult(
        text=text,
        article_id="id",
        title=title,
        date=date,
        source=source,
        url=url,
        paragraph=3,
        score=0.5,
        start=0,
        end=1,
        passage_id=1,
    )


results = st.builds(result, any_text, any_text, maybe, urls, maybe)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(results, max_size=25), any_text)
def test_ask_pages_stay_within_every_limit(items, query) -> None:
    check_pages(render_ask(AskAnswer(query, True, items)))
    check_pages(render_ask(AskAnswer(query, False, items)))


class Quote:
    def __init__(self, base: PassageResult, speaker: str | None, context: str) -> None:
        self.__dict__.update(base.__dict__)
        self.quote, self.speaker, self.context = base.text, speaker, context
        self.speaker_as_written = self.cue = None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.builds(Quote, results, maybe, any_text), max_size=12), any_text)
def test_quotes_and_summaries_stay_within_every_limit(items, query) -> None:
    check_pages(render_quotes(query, True, items))
    check_pages(render_summary(query, True, items))
    for page in render_quotes(query, True, items):
        for embed in page.embeds:
            assert embed.description.startswith("**")  # the speaker, in bold


@settings(max_examples=30, deadline=None)
@given(
    any_text,
    st.dictionaries(any_text, st.integers(0, 10**6), max_size=40),
    st.lists(any_text, max_size=50),
)
def test_stats_reload_and_help_stay_within_limits(text, sources, ids) -> None:
    stats = Stats(1, 2, 3, sources, text[:10] or None, None, "m", "flat", 9, text, "x")
    report = BuildReport(added=ids, updated=ids, removed=ids, problems=ids, seconds=1.5)
    for embed in (
        render_stats(stats, None),
        render_stats(stats, report),
        render_reload(report),
        render_reload_failed(text),
        render_help([(text[:30] or "x", text, text)] * 30),
    ):
        check_embed(embed)


@given(any_text, st.integers(0, 5000))
def test_fit_cuts_at_a_word_boundary_within_the_limit(text, limit) -> None:
    out = t.fit(text, limit)
    assert len(out) <= limit
    if len(t.escape(text)) <= limit:
        assert out == t.escape(text)
    plain = t.cut(text, limit)
    assert len(plain) <= limit
    if plain != text and plain:
        assert plain.endswith(t.ELLIPSIS)
        assert text.startswith(plain[:-1])


def test_cut_prefers_the_last_word_boundary() -> None:
    text = "The harbour dredging contract overran its budget again. " * 10
    out = t.cut(text, 60)
    assert out == "The harbour dredging contract overran its budget again. The…"


def test_escape_neutralises_markdown_and_mentions() -> None:
    out = t.escape("**b** _i_ `c` [l](http://x) <@1> <@&2> @everyone @here\n# h\n- l\n1. n")
    assert out == (
        "\\*\\*b\\*\\* \\_i\\_ \\`c\\` \\[l\\](http://x) \\<@1\\> \\<@&2\\> "
        "@\u200beveryone @\u200bhere\n\\# h\n\\- l\n1\\. n"
    )
