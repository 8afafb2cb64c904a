"""Scheduled reloads (`NEWSBOT_RELOAD_EVERY`): the running bot re-reads its inputs every so often
through `NewsService.reload`, the path `/reload` takes, so the same lock keeps two builds from
overlapping, the new index is swapped in the same way and a failure leaves the old one serving.

Each run is remembered (when, what it added, updated and removed, how many inputs it skipped,
or why it failed) for `/stats`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from retrieval.index.builder import BuildError
from retrieval.index.layout import IndexLoadError
from retrieval.service import ReloadBusyError

if TYPE_CHECKING:
    from bot.discord.client import NewsBot

log = logging.getLogger("newsbot.discord.schedule")
HISTORY = 5  # runs /stats can show


@dataclass(frozen=True)
class ScheduledRun:
    started: float  # epoch seconds
    seconds: float
    added: list[str] = field(default_factory=list)
    updated: int = 0
    removed: int = 0
    problems: int = 0
    outcome: str = "done"  # done, unchanged, busy (a reload was running), failed
    reason: str = ""


class ReloadSchedule:
    def __init__(self, bot: NewsBot, every: float) -> None:
        self.bot = bot
        self.every = every
        self.runs: deque[ScheduledRun] = deque(maxlen=HISTORY)
        self.next_at: float | None = None
        self._task: asyncio.Task | None = None

    @property
    def last(self) -> ScheduledRun | None:
        return self.runs[-1] if self.runs else None

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop(), name="reloads")

    async def stop(self) -> None:
        task, self._task = self._task, None
        self.next_at = None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            self.next_at = time.time() + self.every
            await asyncio.sleep(self.every)
            self.next_at = None
            await self.run_once()

    async def run_once(self) -> ScheduledRun:
        """One reload now, through the service's lock; never raises."""
        service = self.bot.service
        started = time.time()
        log.info("event=scheduled_reload_started")
        try:
            report = await self.bot.call(service.reload)
        except ReloadBusyError:
            run = ScheduledRun(started, 0.0, outcome="busy", reason="a reload was running")
        except (BuildError, IndexLoadError) as exc:
            run = ScheduledRun(started, time.time() - started, outcome="failed", reason=str(exc))
        except Exception:  # the bot keeps serving the old index and tries again next time
            log.exception("event=scheduled_reload_failed reason=unexpected")
            reason = "an unexpected error; the details are in the bot's log"
            run = ScheduledRun(started, time.time() - started, outcome="failed", reason=reason)
        else:
            run = ScheduledRun(
                started,
                report.seconds,
                added=list(report.added),
                updated=len(report.updated),
                removed=len(report.removed),
                problems=len(report.problems),
                outcome="unchanged" if report.unchanged else "done",
            )
        log.info(
            "event=scheduled_reload_done outcome=%s added=%d updated=%d removed=%d problems=%d",
            run.outcome,
            len(run.added),
            run.updated,
            run.removed,
            run.problems,
        )
        self.runs.append(run)
        return run
