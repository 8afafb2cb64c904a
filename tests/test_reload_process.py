"""Reloads built in a child process: queries keep being answered, failures and crashes leave the
old index serving, errors and progress reach the caller."""

import json
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.index import layout
from retrieval.index.build_process import BuildCrashedError, compute_threads
from retrieval.index.builder import BuildError
from retrieval.service import NewsService, ReloadBusyError
from tests.conftest import SEEDS

QUESTION = "What did Corbyn's spokesman say about Syria?"


def _ferry(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.jsonl"
    article = {
        "id": "gazette-ferry",
        "title": "Ferry fares to rise in April",
        "date": "2021-02-01",
        "source": "Harbour Gazette",
        "url": None,
        "body": "Ferry fares will rise by ten percent in April, the operator said, "
        "blaming fuel costs and a new vessel.",
    }
    path.write_text(json.dumps(article) + "\n")
    return path


def _in_child(service: NewsService) -> NewsService:
    service.config = replace(service.config, build_in="process")
    return service


class _Askers:
    """Two threads asking the service until stopped, counting answers and failures."""

    def __init__(self, service: NewsService) -> None:
        self.service = service
        self.answered = 0
        self.failures: list[BaseException] = []
        self.done = threading.Event()
        self.threads = [threading.Thread(target=self._loop) for _ in range(2)]

    def _loop(self) -> None:
        while not self.done.is_set():
            try:
                assert self.service.ask(QUESTION).results
                self.answered += 1
            except BaseException as exc:  # any failure during a reload is a bug
                self.failures.append(exc)

    def __enter__(self) -> "_Askers":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        for thread in self.threads:
            thread.join()


def test_child_build_serves_the_new_article_with_queries_running(seed_service, tmp_path):
    service = _in_child(seed_service)
    service.ask(QUESTION)  # load the serving archive first
    events: list[tuple[int, int]] = []
    with _Askers(service) as askers:
        report = service.reload([SEEDS, _ferry(tmp_path)], progress=lambda *e: events.append(e))
        served_during = askers.answered
    assert askers.failures == [] and served_during > 0
    assert report.added == ["gazette-ferry"] and report.encoded > 0
    assert events and events[-1][0] == events[-1][1]  # progress came through, up to done
    assert service.ask("ferry fares fuel costs").results[0].article_id == "gazette-ferry"
    assert service.last_reload is report


def test_a_failing_child_build_leaves_the_old_index_serving(seed_service, tmp_path):
    service = _in_child(seed_service)
    archive = service.archive
    before = layout.serving_build(service.config.index_dir)
    with pytest.raises(BuildError, match="no articles to index.*no such file"):
        service.reload([tmp_path / "missing.jsonl"])
    assert service.archive is archive
    assert layout.serving_build(service.config.index_dir) == before
    assert service.ask(QUESTION).results
    assert not service.reloading


def _build_child(timeout: float = 60.0) -> multiprocessing.Process:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in multiprocessing.active_children() if p.name == "newsbot-build"]
        if found:
            return found[0]
        time.sleep(0.01)
    raise AssertionError("no build process started")


def test_a_killed_build_process_is_a_clear_error_and_the_old_index_keeps_serving(
    seed_service, tmp_path
):
    service = _in_child(seed_service)
    archive = service.archive
    before = layout.serving_build(service.config.index_dir)
    outcome: list[BaseException] = []

    def reload() -> None:
        try:
            service.reload([SEEDS, _ferry(tmp_path)])
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=reload)
    worker.start()
    os.kill(_build_child().pid, signal.SIGKILL)  # as the kernel's OOM killer would
    with pytest.raises(ReloadBusyError):
        service.reload()  # the first reload holds the lock until it has seen the crash
    worker.join()
    assert len(outcome) == 1 and isinstance(outcome[0], BuildCrashedError)
    assert "serving index is unchanged" in str(outcome[0])
    assert service.archive is archive
    assert layout.serving_build(service.config.index_dir) == before
    assert service.ask(QUESTION).results


def test_an_unchanged_reload_in_a_child_keeps_the_serving_archive(seed_service):
    service = _in_child(seed_service)
    archive = service.archive
    report = service.reload()
    assert report.unchanged and report.encoded == 0
    assert service.archive is archive


def test_a_fresh_service_builds_in_process_and_a_serving_one_in_a_child(seed_service):
    assert seed_service.config.build_in == "auto"
    assert not seed_service.builds_in_child  # nothing served yet (the CLI's `index build`)
    seed_service.ask(QUESTION)
    assert seed_service.builds_in_child


def test_a_child_build_leaves_a_core_for_queries():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert compute_threads() == max(1, cores - 1)
    assert compute_threads(3) == 3


_RELOAD_AND_EXIT = """
import sys
from retrieval.service import NewsService, ServiceConfig

if __name__ == "__main__":
    config = ServiceConfig(index_dir=sys.argv[1], inputs=sys.argv[2:], build_in="process")
    service = NewsService(config)
    service.archive  # serving, as a bot is when /reload arrives
    print(service.reload().added)
"""


def test_a_process_that_reloaded_exits_without_leaked_semaphores(seed_service, tmp_path):
    """A bot that did a /reload used to exit warning of a 'leaked semaphore' from the build
    process (tqdm's multiprocessing lock, made in the child by the encoder)."""
    import subprocess
    import sys

    script = tmp_path / "reload_and_exit.py"
    script.write_text(_RELOAD_AND_EXIT)
    done = subprocess.run(
        [sys.executable, str(script), str(seed_service.config.index_dir), str(SEEDS),
         str(_ferry(tmp_path))],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "gazette-ferry" in done.stdout
    assert "leaked" not in done.stderr and "resource_tracker" not in done.stderr
