"""One fake Discord and one real bot per test module, on one plain event loop.

The bot is the real `NewsBot` (discord.py client, real service over the seed index); only
Discord itself is faked, on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.discord.client import NewsBot
from bot.settings import Settings
from retrieval.embed.embedding import Embedder
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


# An article written to break a careless renderer: mentions, markdown, a masked link, a
# headline with brackets, a URL with parentheses and one paragraph far over any limit.
HOSTILE = {
    "id": "hostile-1",
    "title": "Council [draft] *budget* row_2024 @everyone",
    "date": "2024-03-05",
    "source": "Evening **Post**",
    "url": "https://example.org/news/budget_(row)",
    "body": "\n\n".join(
        [
            "Councillors clashed over the harbour dredging budget, @everyone agreed it was "
            "late. <@&123456789> and <@42> were copied in; see [the plan](https://evil.example) "
            "for **details** and `code` and ~~strikes~~ and ||spoilers||.",
            "# Harbour dredging heading\n- list item about the harbour dredging contract",
            " ".join(["The harbour dredging contract overran its budget again."] * 120),
        ]
    ),
}


@pytest.fixture(scope="session")
def bot_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bot-inputs")
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / seed.name)
    (folder / "newsroom.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def bot_index(
    bot_inputs: Path, embedder: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    root = tmp_path_factory.mktemp("bot-index-built")
    NewsService(ServiceConfig(index_dir=root, inputs=[bot_inputs]), embedder).build()
    return root


@pytest.fixture(scope="module")
def module_service(
    bot_index: Path, bot_inputs: Path, embedder: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> NewsService:
    """A private copy of the index and of its inputs, so a module may reload or break them."""
    base = tmp_path_factory.mktemp("bot-module")
    shutil.copytree(bot_index, base / "index")
    shutil.copytree(bot_inputs, base / "inputs")
    config = ServiceConfig(index_dir=base / "index", inputs=[base / "inputs"])
    return NewsService(config, embedder)


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
        # Pagers still waiting for their timeout: cancel them rather than leave them pending.
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.wait(pending, timeout=5))
        undo()
        loop.close()
