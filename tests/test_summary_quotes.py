"""Summary sentences cut from a quotation: balanced marks when shown, and whose words they are."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from bot.cli import app
from bot.discord.embeds import render_summary as discord_summary
from bot.render_text import render_summary
from retrieval.models import Article, Quote
from retrieval.summary import SummarySentence
from retrieval.summary.quoted import QuoteVoices
from tests.conftest import SEED_ID

LETTER_WRITERS = "Left-wing supporters of Jeremy Corbyn"


def balanced(text: str) -> bool:
    """Straight double marks pair up, and so do curly ones."""
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def only_marks_added(sentence: SummarySentence) -> bool:
    head, found, tail = sentence.display.partition(sentence.text)
    return bool(found) and not re.sub(r"[\"“”'‘’«»]", "", head + tail)


def test_seed_article_summary_says_whose_words_the_letter_is(seed_service) -> None:
    summary = seed_service.summary(article=SEED_ID)
    body = seed_service.archive.store.article(SEED_ID).body
    by_paragraph = {s.paragraph: s for s in summary.sentences}
    assert {8, 10} <= set(by_paragraph)  # the letter's words, as the issue saw them
    for paragraph in (8, 10):
        sentence = by_paragraph[paragraph]
        assert sentence.quoted and sentence.speaker == LETTER_WRITERS
    for sentence in summary.sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert balanced(sentence.display) and only_marks_added(sentence)
    # The stray closing mark of paragraph 8 gets its opening mark back.
    ends_in_stray = by_paragraph[8]
    assert ends_in_stray.text.endswith('account."') and not ends_in_stray.text.startswith('"')
    assert ends_in_stray.display == f'"{ends_in_stray.text}'
    lead = by_paragraph[1]
    assert not lead.quoted and lead.speaker is None and lead.display == lead.text


def test_seed_topic_summary_closes_the_spokesman_quote(seed_service) -> None:
    summary = seed_service.summary(topic="Corbyn and Syria")
    spokesman = next(s for s in summary.sentences if s.text.startswith("A spokesman"))
    assert spokesman.text.endswith("achieve peace.")  # the slice is left as published
    assert spokesman.display == spokesman.text + '"'
    assert spokesman.quoted and spokesman.speaker == "A spokesman for Mr Corbyn"
    assert all(balanced(s.display) for s in summary.sentences)


def test_json_carries_speaker_and_display(seed_index: Path) -> None:
    result = CliRunner().invoke(
        app, ["summary", "--index", str(seed_index), "--article", SEED_ID, "--json"]
    )
    sentences = json.loads(result.stdout)["sentences"]
    letter = [s for s in sentences if s["paragraph"] in (8, 10)]
    assert letter and all(s["speaker"] == LETTER_WRITERS and s["quoted"] for s in letter)
    assert all(
        {"text", "start", "end", "paragraph", "display", "speaker"} <= set(s) for s in sentences
    )


def test_terminal_shows_balanced_marks_and_the_speaker(seed_service) -> None:
    console = Console(width=200, record=True)
    console.print(render_summary(seed_service.summary(topic="Corbyn and Syria")))
    shown = console.export_text()
    assert "quoting A spokesman for Mr Corbyn" in shown
    assert 'achieve peace."' in shown


def test_discord_names_the_speaker_escaped_and_balances_marks(seed_service) -> None:
    summary = seed_service.summary(article=SEED_ID)
    pages = discord_summary("article", summary.answered, summary.sentences)
    bodies = [e.description for page in pages for e in page.embeds]
    quoted = [b for b in bodies if b.startswith("*Quoting ")]
    assert quoted and all(LETTER_WRITERS in b for b in quoted)
    assert all(balanced(b) for b in bodies)
    marked = SummarySentence(
        text="Yes.", display='"Yes."', quoted=True, speaker="**Boss** @everyone", start=0, end=4,
        article_id="a", title="t", date=None, source=None, url=None, paragraph=1,
    )  # fmt: skip
    body = discord_summary("x", True, [marked])[0].embeds[0].description
    assert "\\*\\*Boss\\*\\*" in body and "@everyone" not in body


BODY = (
    "The mayor spoke at noon.\n\n"
    "“We will build it. It will be late. Nobody doubts it,” the mayor said.\n\n"
    '"It is money well spent. It will last a century.\n\n'
    '"And it will be beautiful."\n\n'
    "The work starts in May."
)
ARTICLE = Article(id="m", title="Tram", body=BODY)


def _span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def _quote(text: str, speaker: str | None) -> Quote:
    start, end = _span(text)
    return Quote("m", text, start, end, 1, speaker, speaker, "said", 0.9, 0, 1)


VOICES = QuoteVoices(
    ARTICLE,
    [
        _quote("We will build it. It will be late. Nobody doubts it", "Mayor Jo Bloggs"),
        _quote(
            'It is money well spent. It will last a century.\n\n"And it will be beautiful.',
            None,
        ),
    ],
)


def test_a_sentence_inside_a_quotation_gets_the_marks_it_was_cut_from() -> None:
    first, middle, last = (
        "“We will build it.",
        "It will be late.",
        "Nobody doubts it,” the mayor said.",
    )
    assert VOICES.voice(*_span(first)).display == "“We will build it.”"
    assert VOICES.voice(*_span(middle)).display == "“It will be late.”"
    assert VOICES.voice(*_span(last)).display == "“Nobody doubts it,” the mayor said."
    assert VOICES.voice(*_span(middle)).speaker == "Mayor Jo Bloggs"


def test_continued_paragraphs_and_unnamed_speakers() -> None:
    reopened = VOICES.voice(*_span('"It is money well spent.'))
    assert reopened.display == '"It is money well spent."'
    assert reopened.quoted and reopened.speaker is None
    assert VOICES.voice(*_span("It will last a century.")).display == '"It will last a century."'
    assert VOICES.voice(*_span('"And it will be beautiful."')).display.count('"') == 2
    plain = VOICES.voice(*_span("The work starts in May."))
    assert plain.display == "The work starts in May." and not plain.quoted


def test_seed_two_sentence_topic_summary_starts_with_the_lead(seed_service) -> None:
    # The issue saw paragraphs 5 and 14 for `--sentences 2`; the lead says what the story is.
    summary = seed_service.summary(topic="Corbyn and Syria", sentences=2)
    assert [s.paragraph for s in summary.sentences][0] == 1
    assert summary.sentences[0].text.startswith("Left-wing supporters of Jeremy Corbyn")
