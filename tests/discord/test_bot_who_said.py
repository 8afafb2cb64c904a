"""/who-said and /summary: quotes with the speaker in bold, speaker autocomplete from the
index, and summaries whose every sentence carries its source."""

from __future__ import annotations

import json

from tests.conftest import SEED_ID
from tests.discord.conftest import Env
from tests.discord.people import Reporter, callback, followups


def test_who_said_answers_with_the_speaker_in_bold(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).slash("who-said", query="condemn Russia war crimes Syria")
        return (await followups(env.fake, sent))[0].body

    body = env.run(scenario())
    assert body["allowed_mentions"] == {"parse": []}
    embed = body["embeds"][0]
    speaker, _, quote = embed["description"].partition("\n>>> ")
    assert speaker.startswith("**") and speaker.endswith("**")
    written = {w for e in env.service.speaker_entities("", 1000) for w in [e.name, *e.aliases]}
    assert speaker.strip("*") in written
    assert quote
    source = next(f for f in embed["fields"] if f["name"] == "Source")
    assert "Jeremy Corbyn urged" in source["value"] and "2016" in source["value"]


def test_summary_of_an_article_cites_every_sentence(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).slash("summary", article=SEED_ID)
        return (await followups(env.fake, sent))[0].body

    body = env.run(scenario())
    assert body["allowed_mentions"] == {"parse": []}
    text = json.dumps(body["embeds"])
    assert "Jeremy Corbyn urged" in text
    assert "PA Images" not in text and "ceasefire" not in text


def test_speaker_autocomplete_lists_at_most_25_known_speakers(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).autocomplete("who-said", "speaker", query="x", speaker="")
        return (await callback(env.fake, sent)).body

    body = env.run(scenario())
    assert body["type"] == 8
    names = [c["name"] for c in body["data"]["choices"]]
    known = [name for name, _ in env.service.speakers("", limit=1000)]
    assert len(names) <= 25 and set(names) <= set(known)


def test_who_said_a_person_gives_their_own_words_and_labels_their_spokespeople(env: Env) -> None:
    """The seed quotes Corbyn only through "a spokesman for Mr Corbyn": asked for Corbyn, the
    bot says so instead of passing the spokesman's words off as his; with include_affiliated
    it shows them, labelled."""

    async def ask(**extra):
        values = {"query": "negotiated political solution", "speaker": "Jeremy Corbyn", **extra}
        sent = await Reporter(env.fake).slash("who-said", **values)
        return (await followups(env.fake, sent))[0].body

    own = env.run(ask())
    assert not own.get("embeds")
    assert "Spokesman for Jeremy Corbyn" in own["content"]
    assert "include\\_affiliated" in own["content"]  # the option to set, markdown-escaped
    wider = env.run(ask(include_affiliated=True))
    description = wider["embeds"][0]["description"]
    assert description.startswith("**A spokesman for Mr Corbyn** (speaking for Jeremy Corbyn)")
    assert "Jeremy has always been clear on Syria" in description


def test_speaker_autocomplete_offers_canonical_names(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).autocomplete(
            "who-said", "speaker", query="x", speaker="mr corb"
        )
        return (await callback(env.fake, sent)).body

    names = [c["name"] for c in env.run(scenario())["data"]["choices"]]
    assert "Jeremy Corbyn" in names and "Spokesman for Jeremy Corbyn" in names
    assert "A spokesman for Mr Corbyn" not in names  # a way of writing it, not a speaker


def test_who_said_shows_context_only_when_it_adds_to_the_quote(env: Env) -> None:
    query = "Syria Russia letter spokesman"

    async def scenario():
        sent = await Reporter(env.fake).slash("who-said", query=query)
        return (await followups(env.fake, sent))[0].body

    embeds = env.run(scenario())["embeds"]
    results = env.service.who_said(query).results
    assert len(embeds) == min(3, len(results))  # the first page
    shown = 0
    for embed, result in zip(embeds, results, strict=False):
        names = [f["name"] for f in embed["fields"]]
        assert names in (["Source"], ["Source", "Context"])  # the same place every time
        assert all(f["inline"] is False for f in embed["fields"])
        if "Context" in names:
            shown += 1
            context = embed["fields"][1]["value"]
            assert result.quote[:60] not in context and "…" in context  # the quote, elided
        else:
            # Hidden only when the sentence holds nothing but the speaker and the cue.
            assert result.speaker_as_written and result.speaker_as_written in result.context
    assert 0 < shown < len(embeds)  # this query finds both kinds


def test_speaker_autocomplete_answers_whatever_length_is_typed(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).autocomplete(
            "who-said", "speaker", query="x", speaker="Corbyn " * 80
        )
        return (await callback(env.fake, sent)).body

    body = env.run(scenario())
    assert body["type"] == 8 and isinstance(body["data"]["choices"], list)
