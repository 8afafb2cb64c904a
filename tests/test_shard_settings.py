"""NEWSBOT_SHARD_COUNT / NEWSBOT_SHARD_IDS become discord.py's sharding options, checked."""

from __future__ import annotations

import pytest

from bot.settings import Settings


def test_shard_ids_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSBOT_SHARD_COUNT", "4")
    monkeypatch.setenv("NEWSBOT_SHARD_IDS", "1, 3")
    assert Settings(_env_file=None).shard_options() == {"shard_count": 4, "shard_ids": [1, 3]}


def test_unset_lets_discord_choose(monkeypatch):
    monkeypatch.setenv("NEWSBOT_SHARD_COUNT", "")
    assert Settings(_env_file=None).shard_options() == {}


@pytest.mark.parametrize(
    ("count", "ids", "message"),
    [(None, [0], "needs NEWSBOT_SHARD_COUNT"), (2, [2], "between 0 and 1")],
)
def test_impossible_shards_are_refused(count, ids, message):
    with pytest.raises(ValueError, match=message):
        Settings(_env_file=None, shard_count=count, shard_ids=ids).shard_options()


def test_database_url_reaches_the_service_and_blank_means_embedded():
    url = "postgresql://newsbot:secret@db/newsbot"
    assert Settings(_env_file=None, database_url=url).service_config().database_url == url
    assert Settings(_env_file=None, database_url="").service_config().database_url is None
    assert "secret" not in repr(Settings(_env_file=None, database_url=url))
