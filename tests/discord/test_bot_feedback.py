"""👍/👎 on answers through the loopback Discord: the buttons are pressed as a reporter would,
the "what was wrong" form is filled in, and the stored rows are read back."""

from __future__ import annotations

import sqlite3

from tests.discord.conftest import Env
from tests.discord.fake_discord import MANAGE_GUILD, MOD_ROLE_ID
from tests.discord.people import Reporter, buttons, callback, followups

EPHEMERAL = 64


def rate_buttons(body: dict) -> dict[str, dict]:
    return {k: v for k, v in buttons(body).items() if k in {"👍", "👎"}}


def answer(env: Env, reporter: Reporter, command: str, **options):
    async def scenario():
        sent = await reporter.slash(command, **options)
        (reply,) = await followups(env.fake, sent)
        return reply

    return env.run(scenario())


def press(env: Env, who: Reporter, reply, emoji: str):
    async def scenario():
        pressed = await who.press(reply.response, rate_buttons(reply.body)[emoji]["custom_id"])
        return await callback(env.fake, pressed)

    return env.run(scenario())


def test_thumbs_up_on_ask_is_stored_with_the_query_and_results(env: Env) -> None:
    asker = Reporter(env.fake)
    reply = answer(env, asker, "ask", question="What did Corbyn's supporters say about Syria?", k=2)
    assert set(rate_buttons(reply.body)) == {"👍", "👎"}
    thanked = press(env, asker, reply, "👍")
    assert thanked.body["type"] == 4 and thanked.body["data"]["flags"] & EPHEMERAL
    rows = [r for r in env.service.feedback.export() if r.query.startswith("What did Corbyn")]
    (row,) = rows
    assert row.command == "ask" and row.rating == "up" and row.comment is None
    assert row.guild_id is not None and row.options == {"k": 2}
    shown = env.service.ask("What did Corbyn's supporters say about Syria?", k=2).results
    assert row.result_ids == [f"{r.article_id}:{r.start}-{r.end}" for r in shown]
    assert row.user_hash != str(asker.id) and len(row.user_hash) == 32


def test_thumbs_down_opens_the_form_and_keeps_what_was_wrong(env: Env) -> None:
    asker, colleague = Reporter(env.fake), Reporter(env.fake)
    reply = answer(env, asker, "who-said", query="condemn Russia war crimes Syria")
    form = press(env, colleague, reply, "👎")  # anyone who sees an answer may rate it
    assert form.body["type"] == 9  # MODAL
    (field,) = [c for row in form.body["data"]["components"] for c in row["components"]]
    assert "wrong" in field["label"].lower()

    async def submit():
        sent = await colleague.submit_modal(
            form.body["data"]["custom_id"], {field["custom_id"]: "Wrong speaker **again**"}
        )
        return await callback(env.fake, sent)

    thanked = env.run(submit())
    assert thanked.body["data"]["flags"] & EPHEMERAL
    (row,) = [r for r in env.service.feedback.recent("down") if r.command == "who-said"]
    assert row.query == "condemn Russia war crimes Syria" and row.rating == "down"
    assert row.comment == "Wrong speaker **again**" and row.result_ids
    # The raw user ids are nowhere in the store.
    raw = (env.service.feedback.path).read_bytes()
    assert str(colleague.id).encode() not in raw and str(asker.id).encode() not in raw
    with sqlite3.connect(env.service.feedback.path) as db:
        assert (
            db.execute(
                "SELECT count(*) FROM feedback WHERE user_hash = ?", (str(colleague.id),)
            ).fetchone()[0]
            == 0
        )


def test_pressing_again_changes_the_rating_not_the_count(env: Env) -> None:
    asker = Reporter(env.fake)
    reply = answer(env, asker, "summary", topic="Corbyn and Syria")
    press(env, asker, reply, "👎")
    press(env, asker, reply, "👍")
    rows = [r for r in env.service.feedback.export() if r.command == "summary"]
    assert len(rows) == 1 and rows[0].rating == "up"


def test_stats_counts_and_feedback_lists_the_thumbs_down_for_moderators_only(env: Env) -> None:
    reply = answer(env, Reporter(env.fake), "ask", question="harbour dredging budget")
    press(env, Reporter(env.fake), reply, "👎")
    counts = env.service.feedback.counts()

    async def stats():
        sent = await Reporter(env.fake).slash("stats")
        return (await followups(env.fake, sent))[0].body

    fields = {f["name"]: f["value"] for f in env.run(stats())["embeds"][0]["fields"]}
    assert f"👎 {counts.down}" in fields["Feedback on answers"]

    async def feedback(who: Reporter):
        sent = await who.slash("feedback")
        first = await callback(env.fake, sent)
        if first.body["type"] == 4:
            return first.body["data"]
        return (await followups(env.fake, sent))[0].body

    refused = env.run(feedback(Reporter(env.fake)))
    assert refused["flags"] & EPHEMERAL and "Only moderators" in refused["content"]
    listed = env.run(feedback(Reporter(env.fake, roles=[MOD_ROLE_ID])))
    assert listed["allowed_mentions"] == {"parse": []}
    queries = [e["description"] for e in listed["embeds"]]
    assert "“harbour dredging budget”" in queries
    by_admin = env.run(feedback(Reporter(env.fake, permissions=MANAGE_GUILD | (1 << 31))))
    assert by_admin["embeds"]


def test_feedback_outlives_a_reload(env: Env) -> None:
    before = len(env.service.feedback.export())
    assert before
    env.service.reload(compact=True)
    assert len(env.service.feedback.export()) == before


def test_thumbs_up_on_quote_check_keeps_the_words_the_speaker_and_the_quotations(
    env: Env,
) -> None:
    asker = Reporter(env.fake)
    words = "More bombing in Syria will never solve the problem"
    reply = answer(env, asker, "quote-check", words=words, speaker="Boris Johnson")
    press(env, asker, reply, "👍")
    (row,) = [r for r in env.service.feedback.export() if r.command == "quote-check"]
    assert row.query == words and row.options == {"speaker": "Boris Johnson", "k": 5}
    shown = env.service.quote_check(words, speaker="Boris Johnson").matches
    assert row.result_ids == [f"{m.article_id}:{m.start}-{m.end}" for m in shown] != []
    assert row.rating == "up" and row.guild_id is not None and row.user_hash != str(asker.id)
