"""The `newsbot` command line. Each command lives in its own module and registers itself."""

import contextlib
import sys

from bot.cli import (  # noqa: F401
    ask_cmd,
    bot_cmd,
    db_cmd,
    feedback_cmd,
    index_cmd,
    quote_check_cmd,
    quotes_cmd,
    run_cmd,
    speaker_cmd,
    stats_cmd,
    summary_cmd,
    who_said_cmd,
)
from bot.cli.app import app


def main() -> None:
    # With --json, stdout is a stream of JSON lines that scripts parse: help goes to stderr.
    if "--json" in sys.argv and {"--help", "-h"} & set(sys.argv):
        with contextlib.redirect_stdout(sys.stderr):
            app()
    else:
        app()
