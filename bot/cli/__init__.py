"""The `newsbot` command line. Each command lives in its own module and registers itself."""

from bot.cli import (  # noqa: F401
    ask_cmd,
    bot_cmd,
    db_cmd,
    index_cmd,
    quotes_cmd,
    run_cmd,
    stats_cmd,
    summary_cmd,
    who_said_cmd,
)
from bot.cli.app import app


def main() -> None:
    app()
