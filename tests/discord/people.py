"""The user side of the fake Discord: build INTERACTION_CREATE payloads as Discord sends them,
send them to the bot, and collect what the bot answered."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from tests.discord.fake_discord import (
    APP_ID,
    CHANNEL_ID,
    EVERYDAY,
    GUILD_ID,
    FakeDiscord,
    Request,
    text_channel,
    user,
)

OPTION_TYPES = {str: 3, int: 4, bool: 5, float: 10}
_users = itertools.count(700_000_000_000_000_001)


def new_user_id() -> int:
    """A fresh reporter: cooldowns are per user, so each test speaks as someone new."""
    return next(_users)


@dataclass
class Sent:
    id: str
    token: str
    user_id: int


def member(user_id: int, permissions: int, roles: list[int]) -> dict:
    return {
        "user": user(user_id),
        "roles": [str(r) for r in roles],
        "joined_at": "2024-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "nick": None,
        "permissions": str(permissions),
    }


def options(values: dict[str, Any], focused: str | None = None) -> list[dict]:
    return [
        {
            "name": k,
            "type": OPTION_TYPES[type(v)],
            "value": v,
            **({"focused": True} if k == focused else {}),
        }
        for k, v in values.items()
    ]


class Reporter:
    """One person in the newsroom, typing commands and pressing buttons."""

    def __init__(
        self,
        fake: FakeDiscord,
        user_id: int | None = None,
        permissions: int = EVERYDAY,
        roles: list[int] | None = None,
        guild_id: int = GUILD_ID,
        shard: int | None = None,  # the bot shard (process) this person's guild is served by
    ) -> None:
        self.fake = fake
        self.id = user_id or new_user_id()
        self.permissions = permissions
        self.roles = roles or []
        self.guild_id = guild_id
        self.shard = shard

    def _base(self, kind: int, data: dict) -> tuple[dict, Sent]:
        interaction_id = self.fake.snowflake()
        token = f"tok{interaction_id}"
        payload = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(self.guild_id),
            "guild": {"id": str(self.guild_id), "features": [], "locale": "en-US"},
            "channel_id": str(CHANNEL_ID),
            "channel": text_channel(self.guild_id),
            "member": member(self.id, self.permissions, self.roles),
            "token": token,
            "version": 1,
            "app_permissions": str(EVERYDAY),
            "locale": "en-GB",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            "attachment_size_limit": 10_485_760,
        }
        return payload, Sent(str(interaction_id), token, self.id)

    async def slash(self, name: str, **values: Any) -> Sent:
        data = {
            "id": str(self.fake.snowflake()),
            "name": name,
            "type": 1,
            "options": options(values),
        }
        payload, sent = self._base(2, data)
        await self.fake.dispatch("INTERACTION_CREATE", payload, self.shard)
        return sent

    async def autocomplete(self, name: str, focused: str, **values: Any) -> Sent:
        data = {
            "id": str(self.fake.snowflake()),
            "name": name,
            "type": 1,
            "options": options(values, focused),
        }
        payload, sent = self._base(4, data)
        await self.fake.dispatch("INTERACTION_CREATE", payload, self.shard)
        return sent

    async def press(self, message: dict, custom_id: str) -> Sent:
        """Press a button on `message` (a message payload the bot sent)."""
        payload, sent = self._base(3, {"custom_id": custom_id, "component_type": 2})
        payload["message"] = message
        await self.fake.dispatch("INTERACTION_CREATE", payload, self.shard)
        return sent


def buttons(message_body: dict) -> dict[str, dict]:
    """Buttons of a sent message by label: {"Next": {"custom_id": ..., "disabled": ...}}."""
    found = {}
    for row in message_body.get("components") or []:
        for item in row.get("components", []):
            if item.get("type") == 2:
                found[item.get("label")] = item
    return found


async def callback(fake: FakeDiscord, sent: Sent) -> Request:
    path = f"/interactions/{sent.id}/{sent.token}/callback"
    return (await fake.wait_for(lambda r: r.path == path))[0]


async def followups(fake: FakeDiscord, sent: Sent, count: int = 1) -> list[Request]:
    path = f"/webhooks/{APP_ID}/{sent.token}"
    return await fake.wait_for(lambda r: r.path == path and r.method == "POST", count)
