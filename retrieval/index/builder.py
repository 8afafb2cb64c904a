"""Build an index from article inputs and make it the serving one.

A rebuild hashes every input unit's raw bytes and parses only the units it has not seen (see
`input_fingerprints`), diffs the articles against the serving build, and then either keeps that
build (nothing changed), writes one delta segment holding the added and updated articles plus
tombstones for the versions they replace, or, when deltas have grown, compacts every live
article into one new segment (embeddings come from the cache either way)."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.embed.embedding import Embedder
from retrieval.index import layout
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
            "skipped": len(self.problems),
            "problems": [str(p) for p in self.problems],
            "duplicates": self.duplicates,
            "dropped_lines": self.dropped_lines,
            "seconds": round(self.seconds, 3),
            "unchanged": self.unchanged,
            "parsed": self.parsed,
            "segments": self.segments,
            "compacted": self.compacted,
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


class BuildError(RuntimeError):
    """The inputs gave nothing to index; the serving index was left untouched."""


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
) -> BuildReport:
    """Build a new index under `root` from `inputs` and make it the serving one.

    `compact` forces every live article into one segment even when a delta would do; `web` says
    how URL inputs are fetched (their fetch cache lives in `root`/cache)."""
    started = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    previous = Previous.read(root)
    try:
        scan = _scan(inputs, root, source, url, loaded, previous, web)
        report = BuildReport(
            problems=scan.problems,
            duplicates=scan.duplicates,
            dropped_lines=scan.dropped_lines,
            units=scan.units,
            parsed=scan.parsed,
        )
        if not scan.entries:
            raise BuildError(
                "no articles to index"
                + (
                    f" ({len(scan.problems)} inputs skipped: {scan.problems[0]})"
                    if scan.problems
                    else ""
                )
            )
        _diff(report, previous.live, scan.fingerprints)
        report.articles = len(scan.entries)
        if _serves(previous, scan.fingerprints, embedder, dense) and not compact:
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
            return report
        plan = None
        if previous.manifest is not None and _same_settings(previous.manifest, embedder, dense):
            plan = DeltaPlan.of(previous, scan, report.updated, report.removed)
        # Quotes from older rules live in every previous segment: only a full build renews them.
        fresh_quotes = previous.manifest is not None and not _same_extractor(previous.manifest)
        full = (
            compact
            or fresh_quotes
            or plan is None
            or plan.too_big(policy.max_segments, policy.compact_fraction)
        )
        partial = layout.new_build_folder(root)
        segment = layout.new_segment_folder(root)
        cache = EmbeddingCache(root / "cache" / f"{embedder.name}.sqlite", embedder.dimension)
        try:
            if full:
                outcome = write_full(
                    scan, segment, previous, embedder, cache, dense, progress, not fresh_quotes
                )
            else:
                outcome = write_delta(plan, segment, embedder, cache, dense, progress)
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
            cache.close()
        report.articles, report.passages = manifest.articles, manifest.passages
        report.quotes, report.segments = manifest.quotes, len(manifest.segments)
        report.compacted = full
        report.seconds = time.perf_counter() - started
        report.build_dir = str(layout.publish(root, partial))
        return report
    finally:
        previous.close()


def _scan(
    inputs: Sequence[str | Path],
    root: Path,
    source: str | None,
    url: str | None,
    loaded: LoadResult | None,
    previous: Previous,
    web: WebOptions,
) -> Scan:
    if loaded is not None:
        return scan_of(loaded.articles, loaded.problems, loaded.duplicates)
    memo = InputMemo(root / "cache" / "inputs.sqlite")
    session = None
    if any(is_url(str(i)) for i in inputs):  # httpx, feedparser: imported only when needed
        from retrieval.ingest.web.session import WebSession

        session = WebSession(web, root / "cache")
    try:
        return scan_inputs(inputs, source, url, memo, previous.live, session)
    finally:
        if session is not None:
            session.close()
        memo.close()
