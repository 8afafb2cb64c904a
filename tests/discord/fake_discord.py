"""A small fake Discord on 127.0.0.1: enough REST and gateway for the real discord.py client
to log in, connect a shard, receive interactions and answer them.

Every request the bot makes is recorded (`FakeDiscord.requests`) so tests assert on the exact
payloads Discord would have received."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

APP_ID = 900_000_000_000_000_001
BOT_ID = APP_ID
GUILD_ID = 900_000_000_000_000_100
OTHER_GUILD_ID = 900_000_000_000_000_200
CHANNEL_ID = 900_000_000_000_000_101
MOD_ROLE_ID = 900_000_000_000_000_102
MANAGE_GUILD = 1 << 5
EVERYDAY = (1 << 10) | (1 << 11) | (1 << 31)  # view channel, send messages, use app commands


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    response: Any = None  # what the fake answered, e.g. the message it "created"


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py checks the header is exactly "application/json" before parsing.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def user(user_id: int, name: str = "reporter", bot: bool = False) -> dict:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def text_channel(guild_id: int = GUILD_ID) -> dict:
    return {
        "id": str(CHANNEL_ID),
        "type": 0,
        "guild_id": str(guild_id),
        "name": "newsroom",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def role(role_id: int, name: str, permissions: int) -> dict:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": 0 if role_id == GUILD_ID else 1,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild_create(guild_id: int = GUILD_ID) -> dict:
    return {
        "id": str(guild_id),
        "name": "Newsroom",
        "icon": None,
        "owner_id": "1",
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "features": [],
        "roles": [role(guild_id, "@everyone", EVERYDAY), role(MOD_ROLE_ID, "desk", 0)],
        "emojis": [],
        "stickers": [],
        "channels": [text_channel(guild_id)],
        "threads": [],
        "members": [
            {
                "user": user(BOT_ID, "newsbot", bot=True),
                "roles": [],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        ],
        "member_count": 2,
        "large": False,
        "unavailable": False,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "joined_at": "2024-01-01T00:00:00+00:00",
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "nsfw_level": 0,
    }


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.sockets: list[web.WebSocketResponse] = []
        self.synced: dict[str, list[dict]] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.identified = asyncio.Event()
        self.shards: dict[int, web.WebSocketResponse] = {}  # shard id -> its gateway socket

    # -- lifecycle ---------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def patch(self) -> Callable[[], None]:
        """Point discord.py at this server; returns the function that undoes it."""
        old = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = f"http://127.0.0.1:{self.port}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

        def undo() -> None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old

        return undo

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def snowflake(self) -> int:
        # Real-looking ids: discord.py reads creation times (cooldowns) from them.
        return discord.utils.time_snowflake(discord.utils.utcnow()) + next(self._ids)

    # -- gateway -----------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}})
        seq = itertools.count(1)
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if data["op"] == 1:
                await ws.send_json({"op": 11})
            elif data["op"] == 2:
                shard = data["d"].get("shard", [0, 1])
                self.shards[shard[0]] = ws
                await ws.send_json({"op": 0, "t": "READY", "s": next(seq), "d": self._ready(shard)})
                await ws.send_json(
                    {"op": 0, "t": "GUILD_CREATE", "s": next(seq), "d": guild_create()}
                )
                self.identified.set()
        self.sockets.remove(ws)
        return ws

    def _ready(self, shard: list[int]) -> dict:
        return {
            "v": 10,
            "user": {**user(BOT_ID, "newsbot", bot=True), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "shard": shard,
            "application": {"id": str(APP_ID), "flags": 0},
        }

    async def dispatch(self, event: str, data: dict, shard: int | None = None) -> None:
        """Send `event` to every connected shard, or to shard `shard` alone."""
        for ws in self.sockets if shard is None else [self.shards[shard]]:
            await ws.send_json({"op": 0, "t": event, "s": None, "d": data})

    # -- REST --------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        record = Request(request.method, path, dict(request.query), body)
        response = self._answer(record)
        if isinstance(response.body, bytes) and response.body:
            record.response = json.loads(response.body)
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()
        return response

    def _answer(self, r: Request) -> web.Response:
        parts = r.path.strip("/").split("/")
        if r.path == "/users/@me":
            return _json(user(BOT_ID, "newsbot", bot=True))
        if r.path == "/oauth2/applications/@me":
            return _json(self._application())
        if r.path in {"/gateway/bot", "/gateway"}:
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 1000,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if parts[0] == "interactions" and parts[-1] == "callback":
            return _json(self._callback(parts[1], r.body or {}))
        if parts[0] == "webhooks" and r.method == "DELETE":
            return web.Response(status=204)
        if parts[0] == "webhooks":
            return _json(self._message(r.body or {}, parts[-1] if "messages" in parts else None))
        if parts[0] == "applications" and parts[-1] == "commands" and r.method == "PUT":
            commands = [
                {**c, "id": str(self.snowflake()), "application_id": str(APP_ID), "version": "1"}
                for c in r.body
            ]
            self.synced["/".join(parts[2:-1]) or "global"] = commands
            return _json(commands)
        return _json({"message": "Unknown route in fake Discord", "code": 0}, status=404)

    def _application(self) -> dict:
        return {
            "id": str(APP_ID),
            "name": "newsbot",
            "icon": None,
            "description": "",
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": user(1, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _message(self, body: dict, message_id: str | None) -> dict:
        return {
            "id": message_id if message_id and message_id != "@original" else str(self.snowflake()),
            "channel_id": str(CHANNEL_ID),
            "type": 0,
            "content": body.get("content") or "",
            "author": user(BOT_ID, "newsbot", bot=True),
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": discord.utils.utcnow().isoformat(),
            "edited_timestamp": None,
            "flags": body.get("flags", 0),
            "webhook_id": str(APP_ID),
            "application_id": str(APP_ID),
        }

    def _callback(self, interaction_id: str, body: dict) -> dict:
        kind = body.get("type")
        data = body.get("data") or {}
        interaction = {
            "id": interaction_id,
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(data.get("flags", 0) & 64),
        }
        if kind in {4, 5, 7}:
            message = self._message(data, None)
            interaction["response_message_id"] = message["id"]
            return {"interaction": interaction, "resource": {"type": kind, "message": message}}
        return {"interaction": interaction}

    # -- waiting for the bot -----------------------------------------------------------
    async def wait_for(
        self, match: Callable[[Request], bool], count: int = 1, timeout: float = 90.0
    ) -> list[Request]:
        """The first `count` recorded requests that satisfy `match` (waiting for them).

        The wait is generous because a reload's child process loads the model and builds: on a
        loaded 2-core machine that took over 20 s. A bot that never answers still fails here."""

        def found() -> list[Request]:
            return [r for r in self.requests if match(r)]

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(found()) >= count), timeout)
            return found()[:count]

    def for_token(self, token: str) -> list[Request]:
        return [r for r in self.requests if f"/{token}" in r.path]
