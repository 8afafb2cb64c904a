"""What a who-said result's context adds beyond the quotation, on the seed article's quotes."""

from __future__ import annotations

from bot.quote_context import framing


def by_cue(service, query: str, cue: str):
    results = service.who_said(query, k=25).results
    return next(r for r in results if r.cue == cue)


def test_a_sentence_that_only_names_the_speaker_adds_nothing(seed_service):
    spokesman = by_cue(seed_service, "negotiated political solution", "said:")
    assert spokesman.context.startswith("A spokesman for Mr Corbyn said:")
    assert framing(spokesman) is None
    letter = by_cue(seed_service, "Food not bombs rallying cry", "goes on:")
    assert framing(letter) is None  # "The letter goes on:" and then the quotation


def test_where_and_how_it_was_said_is_kept_without_the_quotation(seed_service):
    activists = by_cue(seed_service, "opposition to militarism nuclear weapons", "say:")
    shown = framing(activists)
    assert shown is not None and activists.quote not in shown
    assert shown.startswith("In their open letter to the Labour leader, published last night")
    assert "…" in shown and "\n" not in shown  # later paragraphs of the quotation left out
    called = by_cue(seed_service, "condemn clearly and specifically", "called")
    assert framing(called) == (
        "Left-wing supporters of Jeremy Corbyn have called on the Labour leader to to "
        '"…" the bombing of civilians by Russia and the Assad regime in Syria.'
    )
