"""/speaker as Discord pages: stories newest first, paged within every message limit, and
every headline, outlet and quotation escaped."""

from __future__ import annotations

from bot.discord import text as t
from bot.discord.speaker_embeds import render_speaker
from retrieval.speaker_record.model import (
    MatchedSpeaker,
    OutletCount,
    SpeakerRecord,
    Story,
    StoryArticle,
    StoryQuote,
)

HOSTILE_QUOTE = "@everyone **never** <@42> [vote](https://evil.example) " + "long words " * 400


def story(n: int) -> Story:
    day = f"2023-{12 - n % 12:02d}-{1 + n % 27:02d}"
    title = f"Budget [draft] *row* {n} @everyone"
    quotes = [
        StoryQuote(
            quote=HOSTILE_QUOTE,
            speaker="Daniel Whitfield",
            speaker_id="daniel-whitfield",
            start=i * 10,
            end=i * 10 + len(HOSTILE_QUOTE),
            context="",
            article_id=f"a{n}",
            title=title,
            date=day,
            source="Evening **Post**",
            url="https://example.org/a_(1)",
            paragraph=i + 1,
        )
        for i in range(5)
    ]
    article = StoryArticle(f"a{n}", title, day, "Evening **Post**", "https://example.org/a_(1)")
    return Story(f"a{n}", title, day, day, ["Evening **Post**"], [article], quotes)


def record(stories: int) -> SpeakerRecord:
    made = sorted((story(n) for n in range(stories)), key=lambda s: s.last_date, reverse=True)
    return SpeakerRecord(
        "Whitfield",
        [MatchedSpeaker("daniel-whitfield", "Daniel Whitfield")],
        quotes=5 * stories,
        stories=made,
        outlets=[OutletCount("Evening **Post**", 5 * stories, stories)],
    )


def test_many_stories_page_within_the_limits_newest_first() -> None:
    pages = render_speaker(record(10))
    assert len(pages) >= 4  # three stories a page at most
    shown = [e for p in pages for e in p.embeds]
    assert len(shown) == 10
    footers = [e.footer.text for e in shown]
    assert footers[0].startswith("Story 1 of 10") and footers[-1].startswith("Story 10 of 10")
    for number, page in enumerate(pages, 1):
        assert len(page.content) <= t.CONTENT and f"page {number} of {len(pages)}" in page.content
        assert page.content.startswith("**Daniel Whitfield**: 50 quotes in 10 stories")
        assert len(page.embeds) <= t.EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in page.embeds) <= t.EMBED_TOTAL
        for embed in page.embeds:
            assert len(embed.description) <= t.DESCRIPTION and len(embed.title) <= t.TITLE


def test_headlines_outlets_and_quotes_are_escaped() -> None:
    (page, *_) = render_speaker(record(2))
    embed = page.embeds[0]
    assert "\\[draft\\] \\*row\\*" in embed.title and "@everyone" not in embed.title
    assert "@everyone" not in embed.description and "<@42>" not in embed.description
    assert "\\*\\*never\\*\\*" in embed.description and "\\[vote\\](" in embed.description
    assert "Evening \\*\\*Post\\*\\*" in embed.fields[0].value
    assert "Evening \\*\\*Post\\*\\*" in page.content
    assert "and 2 more quotes in this story" in embed.description
