"""/speaker end to end: the chart goes up as an image attachment above the stories."""

from __future__ import annotations

from tests.discord.conftest import Env
from tests.discord.people import Reporter, followups


def speaker(env: Env, **options):
    async def scenario():
        sent = await Reporter(env.fake).slash("speaker", **options)
        return (await followups(env.fake, sent))[0]

    return env.run(scenario())


def test_speaker_record_with_a_chart_of_quotes_per_month(env: Env) -> None:
    reply = speaker(env, name="spokesman")
    body = reply.body
    assert body["allowed_mentions"] == {"parse": []}
    assert body["content"].startswith("**Spokesman for Jeremy Corbyn**: 1 quote in 1 story")
    ((name, png),) = reply.files
    assert name == "quotes-per-month.png" and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert [a["filename"] for a in reply.response["attachments"]] == [name]
    (embed,) = body["embeds"]
    assert embed["title"].startswith("Jeremy Corbyn urged by left")
    assert "More bombing in Syria will not solve the problem" in embed["description"]
    assert embed["footer"]["text"].startswith("Story 1 of 1 · 8 October 2016")


def test_unknown_speaker_is_said_plainly_without_a_chart(env: Env) -> None:
    reply = speaker(env, name="Zebediah Quuxworth")
    assert reply.body["content"].startswith("No speaker in the archive matches")
    assert reply.files == [] and not reply.body.get("embeds")
