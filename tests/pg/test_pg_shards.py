"""Two bot processes, each running its own Discord shard, answer from one PostgreSQL: a
moderator reloads through one of them and both answer from the new build, without a restart."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from retrieval.service import NewsService, ServiceConfig
from tests.conftest import REPO
from tests.discord.conftest import TOKEN
from tests.discord.fake_discord import APP_ID, GUILD_ID, MOD_ROLE_ID, FakeDiscord
from tests.discord.people import Reporter
from tests.pg.articles import EXTRA, LATE, set_articles, write_inputs

T = TypeVar("T")
QUESTION = "Why is the Kingsway swing bridge closed?"


class FakeOnThread:
    """The fake Discord served from its own thread, so it answers the bot processes at all
    times, not only while a test waits on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.fake = FakeDiscord()
        self.run(self.fake.start())

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        future = asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, timeout), self.loop)
        return future.result(timeout + 5)

    def close(self) -> None:
        self.run(self.fake.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture()
def fake() -> Iterator[FakeOnThread]:
    served = FakeOnThread()
    try:
        yield served
    finally:
        served.close()


def _bot(shard: int, port: int, url: str, inputs: Path, folder: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "NEWSBOT_DATABASE_URL": url,
        "NEWSBOT_DATABASE_POLL_SECONDS": "0.2",
        "NEWSBOT_SHARD_COUNT": "2",
        "NEWSBOT_SHARD_IDS": str(shard),
        "NEWSBOT_INDEX_DIR": str(folder),  # each process's own working copy
        "NEWSBOT_INPUTS": str(inputs),
        "NEWSBOT_GUILD_IDS": str(GUILD_ID),
        "NEWSBOT_MODERATOR_ROLE_IDS": str(MOD_ROLE_ID),
        "NEWSBOT_COOLDOWN_SECONDS": "0",
        "NEWSBOT_BUILD_IN": "inline",
        "HF_HUB_OFFLINE": "1",
    }
    log = open(folder.parent / f"bot-{shard}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.pg.bot_process", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _answer(served: FakeOnThread, reporter: Reporter, command: str, **options: Any) -> str:
    async def scenario() -> dict:
        sent = await reporter.slash(command, **options)
        path = f"/webhooks/{APP_ID}/{sent.token}"
        match = lambda r: r.path == path and r.method == "POST"  # noqa: E731
        (reply,) = await served.fake.wait_for(match, timeout=120)
        return reply.body

    return json.dumps(served.run(scenario(), timeout=150))


def test_two_shard_processes_serve_one_database(tmp_path, embedder, database_url, fake):
    inputs = write_inputs(tmp_path / "inputs", EXTRA)
    config = ServiceConfig(
        index_dir=tmp_path / "writer", inputs=[inputs], database_url=database_url
    )
    NewsService(config, embedder).build()
    bots = [
        _bot(shard, fake.fake.port, database_url, inputs, tmp_path / f"shard-{shard}")
        for shard in (0, 1)
    ]
    try:
        deadline = time.monotonic() + 120
        while set(fake.fake.shards) != {0, 1}:
            assert all(b.poll() is None for b in bots), (tmp_path / "bot-0.log").read_text()
            assert time.monotonic() < deadline, "the bot processes did not connect"
            time.sleep(0.2)
        readers = [Reporter(fake.fake, shard=shard) for shard in (0, 1)]
        for reader in readers:
            assert "rusted gears" not in _answer(fake, reader, "ask", question=QUESTION)

        set_articles(inputs, [*EXTRA, LATE])
        moderator = Reporter(fake.fake, roles=[MOD_ROLE_ID], shard=1)
        reloaded = _answer(fake, moderator, "reload")
        assert "failed" not in reloaded.lower()

        # Both processes answer from the new build: the one that reloaded, and the other.
        for reader in readers:
            assert "rusted gears" in _answer(fake, reader, "ask", question=QUESTION)
    finally:
        for bot in bots:
            bot.send_signal(signal.SIGTERM)
        for bot in bots:
            try:
                bot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                bot.kill()
    assert [b.returncode for b in bots] == [0, 0]
