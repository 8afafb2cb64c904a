"""The `newsbot` command line. Each command lives in its own module and registers itself."""

from bot.cli import ask_cmd, bot_cmd, index_cmd, run_cmd, stats_cmd  # noqa: F401
from bot.cli.app import app


def main() -> None:
    app()
