"""`newsbot run` and `newsbot bot sync` when Discord cannot be reached or refuses the token: one
line saying what to check, a non-zero exit, no traceback and no voice-library warnings."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import discord
import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()
TOKEN = {"DISCORD_TOKEN": "MTAx.not-a-real-token.xyz"}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on return: connecting is refused


class _Refuses(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = json.dumps({"message": "401: Unauthorized", "code": 0}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def nowhere(monkeypatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{_closed_port()}/api/v10")


@pytest.fixture()
def refusing(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refuses)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(
        discord.http.Route, "BASE", f"http://127.0.0.1:{server.server_address[1]}/api/v10"
    )
    yield
    server.shutdown()


def _one_clear_line(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "PyNaCl" not in output and "davey" not in output
    # The bot's own key=value log lines (level=info) may come first; the failure is one line.
    lines = result.stderr.strip().splitlines()
    assert not any("level=error" in ln or "level=warning" in ln for ln in lines), lines
    (line,) = [ln for ln in lines if not ln.startswith("ts=")]
    assert all(word in line for word in words), line
    assert TOKEN["DISCORD_TOKEN"] not in output


def test_sync_without_a_route_to_discord_is_one_line(nowhere) -> None:
    result = runner.invoke(app, ["bot", "sync", "--guild", "1"], env=TOKEN)
    _one_clear_line(result, "could not reach Discord", "network")


def test_run_without_a_route_to_discord_is_one_line(nowhere, seed_index: Path, tmp_path) -> None:
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    handlers = logging.getLogger().handlers[:]
    try:
        result = runner.invoke(app, ["run", "--index", str(index)], env=TOKEN)
    finally:  # the bot logs to the runner's captured stderr, closed after this test
        logging.getLogger().handlers[:] = handlers
    _one_clear_line(result, "could not reach Discord", "network")


def test_a_refused_token_has_its_own_line(refusing) -> None:
    result = runner.invoke(app, ["bot", "sync", "--guild", "1"], env=TOKEN)
    _one_clear_line(result, "refused the token", "401", "DISCORD_TOKEN")
