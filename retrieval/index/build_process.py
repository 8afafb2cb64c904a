"""Index builds in a child process, so a reload never competes with queries for the GIL.

A build is mostly Python (loading, chunking, quote extraction, cache reads, BM25 tokenising): in
the serving process it held the GIL long enough to stall queries for hundreds of milliseconds.
The child is started with "spawn" (no inherited threads, locks or FAISS state), loads its own
encoder only if something needs encoding, runs `build_index` with the caller's arguments, and
sends back progress events, then the `BuildReport` or the exception. Its compute threads are
capped (cores - 1), so queries keep a core.

The child publishes the build itself (one atomic rename of `CURRENT`); a child that fails or dies
before that leaves the old build serving, and its `.partial` folder is pruned by the next build.
Events come back over a one-way pipe, not a `multiprocessing.Queue`: a queue's semaphores
outlived it and made a bot that had reloaded warn of "leaked semaphore objects" at exit.

As with any "spawn" child, the child imports the parent's main script: a script that builds
through a serving `NewsService` needs the usual `if __name__ == "__main__":` guard (`newsbot`,
`python -m bot` and bench/ scripts have one or are exempt)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from dataclasses import dataclass
from functools import cached_property
from multiprocessing.connection import Connection
from pathlib import Path

from retrieval.embed.embedding import Embedder
from retrieval.embed.encoders import Encoder, load_encoder
from retrieval.index.builder import BuildError, BuildReport, DenseOptions, ProgressFn, build_index
from retrieval.ingest.web.options import WebOptions

# Positive: lower the child's CPU priority by this much (Unix nice). Off by default: with queries
# arriving back to back a niced build is starved (a one-article reload took minutes in tests),
# and the thread cap already leaves a core for queries.
NICENESS = 0
POLL_S = 0.2  # how often the parent checks that a silent child is still alive


class BuildCrashedError(BuildError):
    """The build process died without reporting; the serving index was left untouched."""


class RemoteTraceback(Exception):
    """The child's traceback, attached as the cause of the exception it raised."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def compute_threads(requested: int = 0) -> int:
    """Threads for a build beside serving queries: `requested`, or all cores but one (>= 1)."""
    if requested > 0:
        return requested
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


@dataclass(frozen=True)
class EncoderSpec:
    """What the child needs to make the same embedder as the parent's, picklable."""

    model_path: str
    backend: str
    batch_size: int
    cache_dir: str
    name: str
    dimension: int

    @classmethod
    def of(cls, embedder: object) -> EncoderSpec | None:
        """The spec of a project `Embedder`; None for anything else (built in process)."""
        if not isinstance(embedder, Embedder):
            return None
        return cls(
            str(embedder.model_path),
            embedder.backend,
            embedder.batch_size,
            str(embedder.cache_dir),
            embedder.name,
            embedder.dimension,
        )


@dataclass(frozen=True)
class BuildJob:
    """`build_index`'s arguments, as sent to the child."""

    inputs: tuple[str, ...]
    root: str
    encoder: EncoderSpec
    source: str | None = None
    url: str | None = None
    dense: DenseOptions = DenseOptions()
    threads: int = 1  # compute threads in the child; 0 leaves every library's default
    niceness: int = NICENESS
    compact: bool = False  # every live article into one segment, even when a delta would do
    follow_links: bool = False  # read links that lead out of an input folder
    web: WebOptions = WebOptions()  # how URL inputs are fetched


class _ChildEmbedder(Embedder):
    """The parent's embedder, rebuilt in the child: thread-capped, and loaded only on first use
    (a rebuild whose passages are all cached never pays for loading the model)."""

    def __init__(self, spec: EncoderSpec, threads: int) -> None:
        super().__init__(spec.model_path, spec.batch_size, spec.backend, spec.cache_dir)
        self.threads = threads
        self.__dict__["dimension"] = spec.dimension  # known; asking the model would load it
        if self.name != spec.name:
            raise BuildError(f"the build process sees model {self.name}, not {spec.name}")

    @cached_property
    def encoder(self) -> Encoder:
        threads = self.threads or None
        return load_encoder(self.model_path, self.backend, self.cache_dir, threads=threads)


def _limit_cpu(threads: int, niceness: int) -> None:
    """Cap every compute pool the build touches; a library that is absent has no pool."""
    if niceness > 0 and hasattr(os, "nice"):
        os.nice(niceness)
    if threads <= 0:
        return
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(threads)  # pools created after this point
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(threads)  # BLAS/OpenMP pools already loaded (numpy, faiss)
    except ImportError:
        pass
    import faiss

    faiss.omp_set_num_threads(threads)


def _picklable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _thread_lock_for_progress_bars() -> None:
    """tqdm (which the encoder libraries use) makes a multiprocessing lock for its bars; made in
    this child, that semaphore outlived it and the parent warned of a "leaked semaphore" at
    exit. The child draws no bars, so a thread lock does."""
    try:
        from tqdm import tqdm
    except ImportError:
        return
    tqdm.set_lock(threading.RLock())


def _child_main(job: BuildJob, events: Connection) -> None:
    try:
        _thread_lock_for_progress_bars()
        _limit_cpu(job.threads, job.niceness)
        report = build_index(
            list(job.inputs),
            Path(job.root),
            _ChildEmbedder(job.encoder, job.threads),
            source=job.source,
            url=job.url,
            progress=lambda done, total: events.send(("progress", done, total)),
            dense=job.dense,
            compact=job.compact,
            follow_links=job.follow_links,
            web=job.web,
        )
        events.send(("done", report))
    except BaseException as exc:  # every failure goes to the parent, which decides
        events.send(("error", _picklable(exc), traceback.format_exc()))
    finally:
        events.close()


def build_in_child(job: BuildJob, progress: ProgressFn | None = None) -> BuildReport:
    """Run `job` in a fresh process; return its report or raise what it raised.

    The calling thread only waits on a pipe (no GIL held), so other threads keep serving."""
    context = multiprocessing.get_context("spawn")
    events, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(job, sender), name="newsbot-build")
    child.start()
    sender.close()  # the child holds the only sending end: its exit ends the pipe
    try:
        return _await(child, events, progress)
    finally:
        if child.is_alive():  # the caller was interrupted: the build is abandoned unpublished
            child.terminate()
        child.join(5)
        events.close()


def _crashed(child) -> BuildCrashedError:
    child.join(5)
    return BuildCrashedError(
        f"the build process stopped without a report (exit code {child.exitcode}); "
        "the serving index is unchanged"
    )


def _await(child, events: Connection, progress: ProgressFn | None) -> BuildReport:
    while True:
        if not events.poll(POLL_S):
            if child.is_alive():
                continue
            if not events.poll(1.0):  # it may have exited just after its last message
                raise _crashed(child) from None
        try:
            kind, *payload = events.recv()
        except EOFError:
            raise _crashed(child) from None
        if kind == "progress":
            if progress:
                progress(*payload)
        elif kind == "done":
            return payload[0]
        else:
            exc, remote = payload
            raise exc from RemoteTraceback(remote)
