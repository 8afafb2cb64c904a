"""Scheduled reloads (NEWSBOT_RELOAD_EVERY) in a running bot, and what /stats says about them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.discord.client import NewsBot
from bot.discord.reload_schedule import ReloadSchedule
from bot.durations import parse_every
from tests.discord.conftest import Env, make_settings
from tests.discord.people import Reporter, followups


def test_durations_read_as_people_write_them() -> None:
    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400
    assert parse_every("90s") == 90 and parse_every("120") == 120
    assert parse_every("off") is None and parse_every("") is None and parse_every(None) is None
    with pytest.raises(ValueError, match="not a duration"):
        parse_every("every so often")


def test_the_schedule_is_off_unless_configured(env: Env) -> None:
    assert env.bot.schedule is None
    configured = NewsBot(env.service, make_settings(reload_every="15m"))
    assert configured.schedule is not None and configured.schedule.every == 900


def test_a_scheduled_reload_adds_new_articles_and_stats_show_it(env: Env) -> None:
    inputs = Path(env.service.config.inputs[0])
    article = {
        "id": "scheduled-1",
        "title": "Harbour lights switched on early",
        "date": "2024-05-01",
        "body": "The harbour lights were switched on a week early this year, the port said.",
    }
    (inputs / "scheduled.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    schedule = ReloadSchedule(env.bot, every=0.2)
    env.bot.schedule = schedule

    async def scenario():
        schedule.start()
        while not schedule.runs:
            await asyncio.sleep(0.05)
        await schedule.stop()
        sent = await Reporter(env.fake).slash("stats")
        return (await followups(env.fake, sent))[0].body

    try:
        body = env.run(scenario())
    finally:
        env.bot.schedule = None
    (run,) = schedule.runs
    assert run.outcome == "done" and run.added == ["scheduled-1"]
    assert env.service.archive.store.article("scheduled-1") is not None
    fields = {f["name"]: f["value"] for f in body["embeds"][0]["fields"]}
    assert fields["Scheduled reloads"].startswith("every 0s · next now")
    assert "1 added (scheduled-1), 0 updated, 0 removed" in fields["Scheduled reloads"]


def test_a_scheduled_reload_waits_its_turn_and_a_failed_one_keeps_the_index(
    env: Env, tmp_path: Path
) -> None:
    schedule = ReloadSchedule(env.bot, every=3600)
    before = env.service.archive.manifest.articles
    with env.service._reload_lock:  # a /reload is running
        busy = env.run(schedule.run_once())
    assert busy.outcome == "busy"

    inputs = env.service.config.inputs
    env.service.config.inputs = [tmp_path / "nothing-here"]
    try:
        failed = env.run(schedule.run_once())
    finally:
        env.service.config.inputs = inputs
    assert failed.outcome == "failed" and "no articles to index" in failed.reason
    assert env.service.archive.manifest.articles == before
