"""One fake Discord and one real bot per test module, on one plain event loop.

The bot is the real `NewsBot` (discord.py client, real service over the seed index); only
Discord itself is faked, on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.discord.client import NewsBot
from bot.settings import Settings
from retrieval.embedding import Embedder
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEEDS
from tests.discord.fake_discord import GUILD_ID, MOD_ROLE_ID, FakeDiscord

T = TypeVar("T")
TOKEN = "fake-token-not-a-secret-0123456789"


@dataclass
class Env:
    loop: asyncio.AbstractEventLoop
    fake: FakeDiscord
    bot: NewsBot
    service: NewsService

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        """Run `coro` on the bot's loop; the bot keeps serving meanwhile."""
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "discord_token": TOKEN,
        "guild_ids": [GUILD_ID],
        "moderator_role_ids": [MOD_ROLE_ID],
        "cooldown_seconds": 30.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="module")
def module_service(
    seed_index: Path, embedder: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> NewsService:
    root = tmp_path_factory.mktemp("bot-index") / "index"
    shutil.copytree(seed_index, root)
    return NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS]), embedder)


@pytest.fixture(scope="module")
def env(module_service: NewsService) -> Iterator[Env]:
    loop = asyncio.new_event_loop()
    fake = FakeDiscord()
    loop.run_until_complete(fake.start())
    undo = fake.patch()
    bot = NewsBot(module_service, make_settings(), guild_ready_timeout=0.05)
    bot.page_timeout = 3.0  # long enough to page through, short enough to test expiry
    runner = loop.create_task(bot.start(TOKEN))
    environment = Env(loop, fake, bot, module_service)
    environment.run(bot.wait_until_ready(), timeout=20)
    try:
        yield environment
    finally:
        loop.run_until_complete(bot.close())
        loop.run_until_complete(asyncio.wait([runner], timeout=5))
        loop.run_until_complete(fake.stop())
        undo()
        loop.close()
