"""At most N requests per second to one host, process-wide (two inputs on one site share it)."""

from __future__ import annotations

import threading
import time


class HostRate:
    """Spaces requests to each host at least `interval` seconds apart."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, interval: float) -> float:
        """Sleep until `host` may be asked again; returns the seconds slept."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + interval
        pause = start - now
        if pause > 0:
            time.sleep(pause)
        return max(pause, 0.0)


HOSTS = HostRate()
