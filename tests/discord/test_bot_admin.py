"""/reload, /stats, /help, errors, guild limits and command sync, against the fake Discord."""

from __future__ import annotations

import asyncio
import json

from typer.testing import CliRunner

from bot.cli import app
from bot.cli.bot_cmd import sync_commands
from tests.discord.conftest import TOKEN, Env, make_settings
from tests.discord.fake_discord import GUILD_ID, MANAGE_GUILD, MOD_ROLE_ID, OTHER_GUILD_ID
from tests.discord.people import Reporter, callback, followups

EPHEMERAL = 64


def test_stats_reports_what_the_index_holds(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).slash("stats")
        return (await followups(env.fake, sent))[0].body

    body = env.run(scenario())
    (embed,) = body["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Articles"] == "2"
    assert "Evening \\*\\*Post\\*\\* (1)" in fields["Sources"]
    assert fields["Dates"] == "8 October 2016 to 5 March 2024"
    assert "Last reload" in fields and body["allowed_mentions"] == {"parse": []}


def test_help_lists_every_command_with_an_example(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).slash("help")
        return (await callback(env.fake, sent)).body

    body = env.run(scenario())
    assert body["type"] == 4 and body["data"]["flags"] & EPHEMERAL
    fields = {f["name"]: f["value"] for f in body["data"]["embeds"][0]["fields"]}
    assert {"/ask", "/stats", "/reload", "/help"} <= set(fields)
    assert all("e.g. `/" in value for value in fields.values())


def test_reload_is_refused_without_permission(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).slash("reload")
        return (await callback(env.fake, sent)).body

    body = env.run(scenario())
    assert body["type"] == 4 and body["data"]["flags"] & EPHEMERAL
    assert "Only moderators" in body["data"]["content"]
    assert env.service.last_reload is None


def test_reload_swaps_while_queries_are_answered_and_refuses_a_second(env: Env) -> None:
    # Enough new articles that the build takes a while: queries must not wait for it.
    extra = [
        {
            "id": f"extra-{i}",
            "title": f"Harbour board meeting {i}",
            "date": "2024-04-01",
            "source": "Evening **Post**",
            "body": "\n\n".join(
                f"Item {i}.{p}: the harbour board discussed dredging, berth fees and the "
                f"ferry timetable, topic number {i * 7 + p} of the evening."
                for p in range(6)
            ),
        }
        for i in range(40)
    ]
    inputs = env.service.config.inputs[0]
    (inputs / "extra.jsonl").write_text("\n".join(json.dumps(a) for a in extra), encoding="utf-8")
    moderator = Reporter(env.fake, roles=[MOD_ROLE_ID])
    admin = Reporter(env.fake, permissions=MANAGE_GUILD)

    async def scenario():
        started = await moderator.slash("reload")
        assert (await callback(env.fake, started)).body["type"] == 5
        while not env.service.reloading:
            await asyncio.sleep(0.01)
        second = await admin.slash("reload")
        busy = (await callback(env.fake, second)).body
        asked = await Reporter(env.fake).slash("ask", question="Corbyn Syria letter")
        (answer,) = await followups(env.fake, asked)
        still_reloading = env.service.reloading
        (report,) = await followups(env.fake, started)
        return busy, answer.body, still_reloading, report.body

    busy, answer, still_reloading, report = env.run(scenario(), timeout=120)
    assert busy["data"]["flags"] & EPHEMERAL and "already running" in busy["data"]["content"]
    assert answer["embeds"] and still_reloading, "the query was answered during the reload"
    (embed,) = report["embeds"]
    assert embed["title"] == "Index reloaded"
    assert embed["description"].startswith("40 added, 0 updated, 0 removed in ")
    assert env.service.stats().articles == 42


def test_failed_reload_keeps_the_old_index_and_says_why(env: Env) -> None:
    before = env.service.stats().articles
    env.service.config.inputs = [env.service.config.inputs[0] / "missing-folder"]
    admin = Reporter(env.fake, permissions=MANAGE_GUILD)

    async def scenario():
        sent = await admin.slash("reload")
        return (await followups(env.fake, sent))[0].body

    body = env.run(scenario())
    (embed,) = body["embeds"]
    assert embed["title"].startswith("Reload failed: the previous index is still serving")
    assert embed["description"]
    assert env.service.stats().articles == before


def test_a_failing_handler_becomes_a_private_error_and_the_bot_goes_on(env: Env, caplog) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    env.service.stats = broken  # fault injection: a bug in a handler

    async def scenario():
        sent = await Reporter(env.fake).slash("stats")
        return (await followups(env.fake, sent))[0].body

    try:
        body = env.run(scenario())
    finally:
        del env.service.stats
    assert body["flags"] & EPHEMERAL
    assert body["content"].startswith("Something went wrong") and "secret" not in body["content"]
    assert any(
        r.exc_info and "secret internal detail" in str(r.exc_info[1]) for r in caplog.records
    )

    async def after():
        sent = await Reporter(env.fake).slash("stats")
        return (await followups(env.fake, sent))[0].body

    assert env.run(after())["embeds"]  # still serving


def test_other_servers_are_refused(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake, guild_id=OTHER_GUILD_ID).slash("stats")
        return (await callback(env.fake, sent)).body

    body = env.run(scenario())
    assert body["data"]["flags"] & EPHEMERAL and "not enabled" in body["data"]["content"]


def test_sync_sends_the_tree_to_the_configured_server(env: Env) -> None:
    done = env.run(sync_commands(make_settings(), TOKEN, None))
    assert {"ask", "help", "reload", "stats"} <= set(done[f"server {GUILD_ID}"])
    synced = env.fake.synced[f"guilds/{GUILD_ID}"]
    reload = next(c for c in synced if c["name"] == "reload")
    assert int(reload["default_member_permissions"]) == MANAGE_GUILD


def test_commands_json_prints_the_tree_without_connecting() -> None:
    result = CliRunner().invoke(app, ["bot", "commands", "--json"], env={"DISCORD_TOKEN": ""})
    assert result.exit_code == 0, result.output
    commands = {c["name"]: c for c in json.loads(result.output)["commands"]}
    assert {"ask", "stats", "reload", "help"} <= set(commands)
    ask = {o["name"]: o for o in commands["ask"]["options"]}
    assert ask["question"]["required"] and ask["source"]["autocomplete"]
    assert all(c["description"] for c in commands.values())
    assert TOKEN not in result.output
