"""Durations as people write them in `.env`: `15m`, `1h30m`, `90s`, `2h`, `1d`; `off` or empty
for none."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
OFF = ("", "off", "0", "none", "no", "false")


def parse_every(value: object) -> float | None:
    """Seconds, or None for off. A bare number is seconds. ValueError says what is wrong."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    text = str(value).strip().lower()
    if text in OFF:
        return None
    try:
        seconds = float(text)
    except ValueError:
        compact = re.sub(r"\s+", "", text)
        parts = _PART.findall(compact)
        if not parts or "".join(n + u for n, u in parts) != compact:
            raise ValueError(f"{value!r} is not a duration like 15m, 1h30m or 90s") from None
        seconds = sum(float(n) * _SECONDS[u] for n, u in parts)
    if seconds <= 0:
        return None
    return seconds


def describe(seconds: float) -> str:
    """900 -> '15m', 5400 -> '1h30m', 45 -> '45s'."""
    left = int(round(seconds))
    out = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if left >= size:
            out.append(f"{left // size}{unit}")
            left %= size
    return "".join(out) or "0s"
