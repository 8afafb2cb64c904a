"""/ask end to end: the real bot answers slash commands, buttons and autocomplete over the fake
Discord, and every payload it sends is checked as Discord would receive it."""

from __future__ import annotations

import asyncio
import re

from tests.discord.conftest import Env
from tests.discord.fake_discord import APP_ID, OTHER_GUILD_ID
from tests.discord.people import Reporter, buttons, callback, followups

EPHEMERAL = 64


def ask(env: Env, reporter: Reporter, **options):
    async def scenario():
        sent = await reporter.slash("ask", **options)
        first = await callback(env.fake, sent)
        (reply,) = await followups(env.fake, sent)
        return sent, first, reply

    return env.run(scenario())


def test_ask_defers_then_answers_with_attributed_passages(env: Env) -> None:
    _, first, reply = ask(
        env, Reporter(env.fake), question="What did Corbyn's supporters say about Syria?", k=2
    )
    assert first.body["type"] == 5  # deferred at once: "newsbot is thinking…"
    body = reply.body
    assert body["allowed_mentions"] == {"parse": []}
    assert "Corbyn" in body["content"]
    assert len(body["embeds"]) == 2
    passage, source = body["embeds"][0]["description"], body["embeds"][0]["fields"][0]
    assert passage.startswith(">>> ")
    # Verbatim text from the seed article, and its attribution in the Source field.
    assert source["name"] == "Source"
    assert (
        "Jeremy Corbyn urged by left\\-wing supporters" not in source["value"]
    )  # not list-escaped
    assert "Jeremy Corbyn urged by left-wing supporters" in source["value"]
    assert "8 October 2016" in source["value"] and "paragraph " in source["value"]
    assert body["embeds"][0]["footer"]["text"].startswith("Passage 1 of 2")
    text = env.service.ask("What did Corbyn's supporters say about Syria?", k=2).results[0].text
    assert passage == ">>> " + text  # verbatim: this prose needs no escapes


def test_hostile_article_and_query_are_escaped_and_ping_no_one(env: Env) -> None:
    _, _, reply = ask(
        env,
        Reporter(env.fake),
        question="@everyone <@&123456789> **harbour dredging** budget",
        k=3,
        source="Evening **Post**",
    )
    body = reply.body
    assert body["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in body["content"] and "@\u200beveryone" in body["content"]
    assert "<@&123456789>" not in body["content"] and "\\*\\*harbour" in body["content"]
    embeds = body["embeds"]
    assert embeds, body
    joined = " ".join(e["description"] + e["fields"][0]["value"] for e in embeds)
    assert "@everyone" not in joined
    assert not re.search(r"(?<!\\)<@", joined)  # every mention escaped: \<@42\>
    assert "[the plan](" not in joined and "\\[the plan\\]" in joined
    assert "**details**" not in joined and "\\*\\*details\\*\\*" in joined
    source = embeds[0]["fields"][0]["value"]
    # Headline linked (brackets escaped, URL parentheses encoded), outlet escaped, date.
    assert source.startswith("[Council \\[draft\\] \\*budget\\* row\\_2024 @\u200beveryone](")
    assert "(https://example.org/news/budget_%28row%29)" in source
    assert "Evening \\*\\*Post\\*\\*" in source and "5 March 2024" in source
    for embed in embeds:
        assert len(embed["description"]) <= 4096
    # (The chunker splits the overlong paragraph; cutting is covered in tests/test_embeds.py.)


def test_no_confident_answer_says_so(env: Env) -> None:
    _, _, reply = ask(env, Reporter(env.fake), question="zebra quantum marmalade xylophone")
    assert reply.body["content"].startswith("The archive has no confident answer")
    assert not reply.body.get("embeds")


def refused_at_once(env: Env, command: str, **options) -> str:
    """A request refused before anything is deferred: one private reply and nothing public,
    no "thinking…" message to take back. Returns what the user is told."""

    async def scenario():
        sent = await Reporter(env.fake).slash(command, **options)
        first = await callback(env.fake, sent)
        await asyncio.sleep(0.2)  # room for any follow-up the bot might still send
        return sent, first

    sent, first = env.run(scenario())
    assert first.body["type"] == 4 and first.body["data"]["flags"] & EPHEMERAL
    assert first.body["data"]["allowed_mentions"] == {"parse": []}
    sent_later = [r for r in env.fake.requests if sent.token in r.path and r is not first]
    assert sent_later == []  # no deferral to delete, no follow-up
    return first.body["data"]["content"]


def test_bad_date_is_a_short_private_error(env: Env) -> None:
    said = refused_at_once(env, "ask", question="Syria", since="last tuesday")
    assert "since must be a date like 2016-10-08" in said


def test_blank_and_wordless_questions_are_refused_before_thinking(env: Env) -> None:
    assert "the query is empty" in refused_at_once(env, "ask", question="   ")
    said = refused_at_once(env, "ask", question="🙂🎉🙂")
    assert "has no words to search" in said and "empty" not in said
    assert "too long" in refused_at_once(env, "ask", question="word " * 300)


def test_reversed_dates_and_unknown_outlets_are_refused_before_thinking(env: Env) -> None:
    env.service.archive  # noqa: B018 - a serving bot has its archive open
    said = refused_at_once(env, "ask", question="Syria", since="2016-10-09", until="2016-10-01")
    assert "is after until" in said
    said = refused_at_once(env, "who-said", query="Syria", source="Nowhere Times")
    assert "No outlet called 'Nowhere Times'" in said
    assert "Evening \\*\\*Post\\*\\*" in said and "**Post**" not in said  # shown as written
    said = refused_at_once(env, "summary", topic="Syria", article="abc")
    assert "not both" in said


def test_pages_turn_for_the_asker_only_and_expire(env: Env) -> None:
    asker, other = Reporter(env.fake), Reporter(env.fake)
    sent, _, reply = ask(env, asker, question="Corbyn Syria Russia letter", k=7)
    message = reply.response
    page_buttons = buttons(reply.body)
    assert set(page_buttons) == {"Previous", "Next"}
    assert page_buttons["Previous"]["disabled"] and not page_buttons["Next"]["disabled"]
    assert "page 1 of" in reply.body["content"]

    async def press(who: Reporter, label: str):
        pressed = await who.press(message, page_buttons[label]["custom_id"])
        return await callback(env.fake, pressed)

    turned = env.run(press(asker, "Next"))
    assert turned.body["type"] == 7  # UPDATE_MESSAGE: the same message, next page
    assert "page 2 of" in turned.body["data"]["content"]
    assert turned.body["data"]["allowed_mentions"] == {"parse": []}
    assert turned.body["data"]["embeds"] != reply.body["embeds"]

    refused = env.run(press(other, "Previous"))
    assert refused.body["type"] == 4 and refused.body["data"]["flags"] & EPHEMERAL
    assert "Only the person who asked" in refused.body["data"]["content"]

    # After the timeout the buttons are disabled in place, not left to fail.
    path = f"/webhooks/{APP_ID}/{sent.token}/messages/{message['id']}"
    (edit,) = env.run(env.fake.wait_for(lambda r: r.path == path and r.method == "PATCH"))
    assert all(b["disabled"] for b in buttons(edit.body).values())


def test_source_autocomplete_offers_outlets_from_the_index(env: Env) -> None:
    async def scenario(typed: str):
        sent = await Reporter(env.fake).autocomplete("ask", "source", question="x", source=typed)
        return (await callback(env.fake, sent)).body

    body = env.run(scenario("evning"))  # misspelt: still found
    assert body["type"] == 8
    assert body["data"]["choices"] == [{"name": "Evening **Post**", "value": "Evening **Post**"}]
    assert env.run(scenario("zzzz"))["data"]["choices"] == []


def test_cooldown_answers_politely(env: Env) -> None:
    reporter = Reporter(env.fake)
    ask(env, reporter, question="Syria")

    async def again():
        sent = await reporter.slash("ask", question="Russia")
        return await callback(env.fake, sent)

    refused = env.run(again())
    assert refused.body["type"] == 4 and refused.body["data"]["flags"] & EPHEMERAL
    assert "again in" in refused.body["data"]["content"]


def test_fifty_interactions_at_once_are_all_answered(env: Env) -> None:
    async def scenario():
        questions = ["Syria", "Corbyn letter", "harbour dredging", "Russia war crimes", "Aleppo"]
        sent = await asyncio.gather(
            *(Reporter(env.fake).slash("ask", question=questions[i % 5]) for i in range(50))
        )
        return await asyncio.gather(*(followups(env.fake, s) for s in sent))

    replies = env.run(scenario(), timeout=90)
    assert len(replies) == 50
    assert all(r[0].body["embeds"] or "no confident" in r[0].body["content"] for r in replies)


def test_autocomplete_in_a_server_not_allowed_answers_no_options(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake, guild_id=OTHER_GUILD_ID).autocomplete(
            "ask", "source", question="x", source="ev"
        )
        return (await callback(env.fake, sent)).body

    body = env.run(scenario())
    assert body["type"] == 8 and body["data"]["choices"] == []
