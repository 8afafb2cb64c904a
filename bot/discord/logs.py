"""Structured log lines (`ts=… level=… logger=… msg="…"`), with the token scrubbed.

discord.py never logs the token; the scrubber is a second guard against anything that would
(an exception message, a URL), because a leaked token is a compromised bot."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

REDACTED = "[redacted]"


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        # Our own lines are already key=value; library lines become one quoted msg field.
        if not message.startswith("event="):
            message = 'msg="' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'
        line = (
            f"ts={self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} "
            f"level={record.levelname.lower()} logger={record.name} {message}"
        )
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line.replace("\r", "")


class Scrub(logging.Filter):
    """Replace any secret in a record (message, arguments, traceback) before it is written."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_text = None
        if any(secret in text for secret in self.secrets):
            for secret in self.secrets:
                text = text.replace(secret, REDACTED)
            record.msg, record.args, record.exc_info = text, None, None
        return True


def setup_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(Scrub(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    return handler
