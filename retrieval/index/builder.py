"""Build an index from article inputs and make it the serving one.

A rebuild hashes every input unit's raw bytes and parses only the units it has not seen (see
`input_fingerprints`), diffs the articles against the serving build, and then either keeps that
build (nothing changed), writes one delta segment holding the added and updated articles plus
tombstones for the versions they replace, or, when deltas have grown, compacts every live
article into one new segment (embeddings come from the cache either way).

One build runs at a time per index (`build_lock`); it first deletes what killed builds left,
rebuilds the articles of any damaged segment, starts unreadable caches afresh, and says so in
the report's `notices`. A full disk is one DiskFullError, with the serving index unchanged."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.embed.embedding import Embedder
from retrieval.index import layout
from retrieval.index.build_errors import BuildBusyError, BuildError, DiskFullError, writing
from retrieval.index.build_lock import LOCK_NAME, build_lock
from retrieval.index.checksums import Verified
from retrieval.index.embedding_cache import EmbeddingCache
from retrieval.index.segment_plan import DeltaPlan, Previous, write_delta, write_full
from retrieval.index.segments import (  # noqa: F401  (re-exported: benches import them from here)
    EMBED_TEXT,
    DenseOptions,
    embedding_text,
    lexical_text,
    quote_embedding_text,
    quote_lexical_text,
)
from retrieval.ingest.input_fingerprints import InputMemo, Scan, scan_inputs, scan_of
from retrieval.ingest.loading import LoadResult, Problem
from retrieval.ingest.web import is_url
from retrieval.ingest.web.options import WebOptions
from retrieval.quotes.version import extractor_version


@dataclass
class BuildReport:
    articles: int = 0
    passages: int = 0
    encoded: int = 0  # passages that went through the model; the rest came from the cache
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    dropped_lines: int = 0
    quotes: int = 0
    unchanged: bool = False  # inputs identical to the serving build: nothing was rebuilt
    seconds: float = 0.0
    build_dir: str = ""
    units: int = 0  # input units (.txt files, .jsonl lines) seen
    parsed: int = 0  # units parsed and cleaned; the rest were unchanged bytes, only hashed
    segments: int = 0  # segments the new build serves from
    compacted: bool = False  # every live article was rewritten into one segment
    notices: list[str] = field(default_factory=list)  # repairs made on the way

    @property
    def skipped(self) -> int:
        """Inputs left out (the other problems are articles indexed without something)."""
        return sum(not p.kept for p in self.problems)

    def to_json(self) -> dict:
        return {
            "articles": self.articles,
            "passages": self.passages,
            "quotes": self.quotes,
            "encoded": self.encoded,
            "added": len(self.added),
            "updated": len(self.updated),
            "removed": len(self.removed),
            "added_ids": self.added,
            "updated_ids": self.updated,
            "removed_ids": self.removed,
            "skipped": self.skipped,
            "problems": [str(p) for p in self.problems],
            "duplicates": self.duplicates,
            "dropped_lines": self.dropped_lines,
            "seconds": round(self.seconds, 3),
            "unchanged": self.unchanged,
            "parsed": self.parsed,
            "segments": self.segments,
            "compacted": self.compacted,
            "notices": self.notices,
        }


@dataclass(frozen=True)
class SegmentPolicy:
    """When a rebuild stops adding delta segments and compacts everything into one.

    Each segment costs every query one more FAISS and BM25 search, and a delta's BM25 term
    statistics drift from the whole archive's, so deltas are folded back once they (with the
    tombstoned passages they leave behind) pass `compact_fraction` of the live passages or the
    build would serve more than `max_segments` segments."""

    max_segments: int = 8
    compact_fraction: float = 0.2


__all__ = ["BuildBusyError", "BuildError", "BuildReport", "DiskFullError", "build_index"]


ProgressFn = Callable[[int, int], None]


def corpus_fingerprint(fingerprints: Mapping[str, str]) -> str:
    """One hash of every article's fingerprint, in id order."""
    digest = hashlib.blake2b(digest_size=16)
    for article_id in sorted(fingerprints):
        digest.update(fingerprints[article_id].encode())
    return digest.hexdigest()


def _diff(report: BuildReport, previous: Mapping[str, str], current: Mapping[str, str]) -> None:
    report.added = [i for i in current if i not in previous]
    report.updated = [i for i in current if i in previous and previous[i] != current[i]]
    report.removed = [i for i in previous if i not in current]


def _serves(
    previous: Previous, fingerprints: Mapping[str, str], embedder: Embedder, dense: DenseOptions
) -> bool:
    """True when the serving build was made from exactly these articles the same way."""
    m = previous.manifest
    return (
        m is not None
        and m.fingerprint == corpus_fingerprint(fingerprints)
        and _same_settings(m, embedder, dense)
        and _same_extractor(m)
    )


def _same_extractor(m: layout.Manifest) -> bool:
    """Whether the serving quotes came from this version's extraction rules."""
    return m.extra.get("quotes") == extractor_version()


def _same_settings(m: layout.Manifest, embedder: Embedder, dense: DenseOptions) -> bool:
    return (
        m.model_name == embedder.name
        and m.extra.get("dense") == [dense.index_type, dense.flat_max]
        and m.embed_text == EMBED_TEXT
    )


def build_index(
    inputs: Sequence[str | Path],
    root: Path,
    embedder: Embedder,
    source: str | None = None,
    url: str | None = None,
    progress: ProgressFn | None = None,
    loaded: LoadResult | None = None,
    dense: DenseOptions = DenseOptions(),
    policy: SegmentPolicy = SegmentPolicy(),
    compact: bool = False,
    web: WebOptions = WebOptions(),
    follow_links: bool = False,
) -> BuildReport:
    """Build a new index under `root` from `inputs` and make it the serving one.

    `compact` forces every live article into one segment even when a delta would do; `web` says
    how URL inputs are fetched (their fetch cache lives in `root`/cache); `follow_links` reads
    links that lead out of an input folder. BuildBusyError when another build holds the index;
    a build that fails in a folder it created leaves no folder behind."""
    started = time.perf_counter()
    created = not root.exists()
    try:
        with writing(root / LOCK_NAME), build_lock(root):
            job = _Job(inputs, root, embedder, source, url, progress, dense, policy, compact, web)
            return job.run(started, loaded, follow_links)
    except BuildBusyError:
        raise
    except BaseException:
        if created and not (root / layout.CURRENT).exists():
            shutil.rmtree(root, ignore_errors=True)  # nothing served from it: leave no trace
        raise


@dataclass
class _Job:
    inputs: Sequence[str | Path]
    root: Path
    embedder: Embedder
    source: str | None
    url: str | None
    progress: ProgressFn | None
    dense: DenseOptions
    policy: SegmentPolicy
    compact: bool
    web: WebOptions
    notices: list[str] = field(default_factory=list)

    def run(self, started: float, loaded: LoadResult | None, follow_links: bool) -> BuildReport:
        root, embedder, dense = self.root, self.embedder, self.dense
        leftovers = layout.prune_leftovers(root)
        if leftovers:
            self.notices.append(f"deleted {leftovers} unfinished folders of stopped builds")
        verified = Verified(root)
        previous = Previous.read(root, verified)
        self.notices += [
            f"{damage}: its articles were rebuilt from the inputs" for damage in previous.damage
        ]
        try:
            scan = self._scan(loaded, previous, follow_links)
            report = BuildReport(
                problems=scan.problems,
                duplicates=scan.duplicates,
                dropped_lines=scan.dropped_lines,
                units=scan.units,
                parsed=scan.parsed,
                notices=self.notices,
            )
            if not scan.entries:
                skipped = [p for p in scan.problems if not p.kept]
                raise BuildError(
                    "no articles to index"
                    + (f" ({len(skipped)} inputs skipped: {skipped[0]})" if skipped else "")
                )
            _diff(report, previous.live, scan.fingerprints)
            report.articles = len(scan.entries)
            unchanged = _serves(previous, scan.fingerprints, embedder, dense)
            if unchanged and not self.compact and not previous.damage:
                # Nothing changed since the serving build: keep serving it rather than rebuild.
                manifest = previous.manifest
                report.passages, report.quotes, report.unchanged = (
                    manifest.passages,
                    manifest.quotes,
                    True,
                )
                report.segments = len(manifest.segments)
                report.seconds = time.perf_counter() - started
                report.build_dir = str(previous.folder)
                verified.save()
                return report
            with writing(root):
                manifest, partial, full = self._write(scan, previous, report, started)
                report.articles, report.passages = manifest.articles, manifest.passages
                report.quotes, report.segments = manifest.quotes, len(manifest.segments)
                report.compacted = full
                report.seconds = time.perf_counter() - started
                with writing(root / layout.CURRENT):
                    report.build_dir = str(layout.publish(root, partial))
            _remember_verified(root, verified, manifest)
            return report
        finally:
            previous.close()

    def _write(self, scan: Scan, previous: Previous, report: BuildReport, started: float):
        root, embedder, dense = self.root, self.embedder, self.dense
        plan = None
        if previous.manifest is not None and _same_settings(previous.manifest, embedder, dense):
            plan = DeltaPlan.of(previous, scan, report.updated, report.removed)
        # Quotes from older rules live in every previous segment: only a full build renews them.
        fresh_quotes = previous.manifest is not None and not _same_extractor(previous.manifest)
        full = (
            self.compact
            or fresh_quotes
            or plan is None
            or plan.too_big(self.policy.max_segments, self.policy.compact_fraction)
        )
        partial = layout.new_build_folder(root)
        segment = layout.new_segment_folder(root)
        cache = None
        try:
            cache = EmbeddingCache(root / "cache" / f"{embedder.name}.sqlite", embedder.dimension)
            if cache.renewed:
                self.notices.append(_renewed(cache.path, "every text is embedded again"))
            if full:
                outcome = write_full(
                    scan, segment, previous, embedder, cache, dense, self.progress, not fresh_quotes
                )
            else:
                outcome = write_delta(plan, segment, embedder, cache, dense, self.progress)
            if outcome.written is not None:
                report.encoded = outcome.written.encoded
                report.problems.extend(outcome.written.problems)
            manifest = layout.Manifest(
                model_name=embedder.name,
                dimension=embedder.dimension,
                fingerprint=corpus_fingerprint(scan.fingerprints),
                built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                build_seconds=round(time.perf_counter() - started, 3),
                embed_text=EMBED_TEXT,
                extra={"dense": [dense.index_type, dense.flat_max], "quotes": extractor_version()},
                **outcome.fields,
            )
            # Listed by a (partial) build before it is finished, so pruning never takes it.
            with writing(partial / layout.MANIFEST):
                manifest.write(partial)
            if outcome.written is not None:
                layout.finish(segment)
            else:
                shutil.rmtree(segment)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            shutil.rmtree(segment, ignore_errors=True)
            raise
        finally:
            if cache is not None:
                cache.close()
        return manifest, partial, full

    def _scan(self, loaded: LoadResult | None, previous: Previous, follow_links: bool) -> Scan:
        if loaded is not None:
            return scan_of(loaded.articles, loaded.problems, loaded.duplicates)
        memo = InputMemo(self.root / "cache" / "inputs.sqlite")
        if memo.renewed:
            self.notices.append(_renewed(memo.path, "every input is parsed again"))
        session = None
        if any(is_url(str(i)) for i in self.inputs):  # httpx, feedparser: only when needed
            from retrieval.ingest.web.session import WebSession

            session = WebSession(self.web, self.root / "cache")
        try:
            return scan_inputs(
                self.inputs, self.source, self.url, memo, previous.live, session, follow_links
            )
        finally:
            if session is not None:
                session.close()
            memo.close()


def _renewed(path: Path, cost: str) -> str:
    return f"{path} was not a readable database (a cache): started afresh, so {cost}"


def _remember_verified(root: Path, verified: Verified, manifest: layout.Manifest) -> None:
    """The new build's files were hashed as they were written: later opens need not re-read
    them while they stay unchanged."""
    for name, digest in manifest.checksums.items():
        try:
            verified.record(name, digest, (root / name).stat())
        except OSError:
            continue
    verified.save(keep=manifest.checksums)
