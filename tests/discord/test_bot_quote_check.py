"""/quote-check end to end: the verdict, the speaker note and the diff as Discord shows them."""

from __future__ import annotations

import re

from tests.discord.conftest import Env
from tests.discord.people import Reporter, buttons, followups


def check(env: Env, **options) -> dict:
    async def scenario():
        sent = await Reporter(env.fake).slash("quote-check", **options)
        return (await followups(env.fake, sent))[0].body

    return env.run(scenario())


def test_altered_quote_with_the_wrong_speaker_is_said_plainly_with_the_diff(env: Env) -> None:
    body = check(
        env,
        words="@everyone More bombing in **Syria** will never solve the problem",
        speaker="Boris Johnson",
    )
    assert body["allowed_mentions"] == {"parse": []}
    content = body["content"]
    assert content.startswith("Altered:")
    assert "We attributed these words to Spokesman for Jeremy Corbyn, not Boris Johnson." in content
    assert "@everyone" not in content and "\\*\\*Syria\\*\\*" in content
    embed = body["embeds"][0]
    assert "~~not~~ **never**" in embed["description"]
    assert embed["description"].startswith("What changed: ")
    assert "**A spokesman for Mr Corbyn**" in embed["description"]
    source = next(f for f in embed["fields"] if f["name"] == "Source")
    assert "Jeremy Corbyn urged" in source["value"] and "8 October 2016" in source["value"]
    assert "not the speaker you named" in embed["footer"]["text"]
    assert {"👍", "👎"} <= set(buttons(body))


def test_narrative_words_are_shown_as_narrative(env: Env) -> None:
    body = check(env, words="Thousands have been killed by the aerial attacks")
    assert body["content"].startswith("Not found as a quotation")
    (embed,) = body["embeds"]
    assert embed["footer"]["text"].startswith("Narrative 1 · not a quotation")
    assert not re.search(r"^\*\*", embed["description"])  # no speaker: not shown as a quote
