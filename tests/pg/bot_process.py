"""`newsbot run` as deployed, with Discord's address pointed at the fake on 127.0.0.1:PORT.

python -m tests.pg.bot_process PORT"""

from __future__ import annotations

import sys

import discord
import yarl

if __name__ == "__main__":
    port = int(sys.argv[1])
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    from bot.cli import main

    sys.argv = ["newsbot", "run"]
    main()
