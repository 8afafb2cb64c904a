"""What a rebuild writes: a delta segment plus tombstones, or every live article compacted into
one segment. `Previous` is what the serving build already holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from retrieval.embed.embedding import Embedder
from retrieval.index import layout
from retrieval.index.checksums import Verified, checksums, mismatches
from retrieval.index.collection import Collection
from retrieval.index.embedding_cache import EmbeddingCache
from retrieval.index.layout import IndexLoadError, Manifest, SegmentEntry
from retrieval.index.segments import DenseOptions, Written, write_segment
from retrieval.index.store import Store
from retrieval.ingest.chunking import chunk_article
from retrieval.ingest.input_fingerprints import Known, Scan
from retrieval.models import Article, Quote


@dataclass
class PreviousSegment:
    entry: SegmentEntry
    store: Store
    dead: frozenset[str]


@dataclass
class Previous:
    """The serving build's segments, opened read-only, and its live articles.

    A damaged segment (a file missing, of the wrong size or checksum, or failing to open) is
    left out, so its articles count as new and are rebuilt from the inputs (their embeddings
    come from the cache); an unreadable manifest or `CURRENT` leaves nothing to build on.
    `damage` says what was found, for the build report."""

    folder: Path | None = None
    manifest: Manifest | None = None
    segments: list[PreviousSegment] = field(default_factory=list)
    live: dict[str, str] = field(default_factory=dict)  # article id -> fingerprint
    home: dict[str, int] = field(default_factory=dict)  # article id -> index in `segments`
    damage: list[str] = field(default_factory=list)
    # Checksums of segments written before checksums were recorded, taken once they opened.
    adopted: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path, verified: Verified | None = None) -> Previous:
        previous = cls()
        try:
            folder = layout.serving_build(root)
            manifest = Manifest.read(folder)
        except IndexLoadError as exc:
            if (root / layout.CURRENT).exists() or layout.finished_builds(root):
                previous.damage.append(f"the serving build is unreadable ({exc})")
            return previous
        base = layout.index_root(folder)
        for entry in manifest.segments:
            try:
                previous.adopted |= _check_segment(base, entry, manifest, verified)
                path = layout.segment_folder(base, entry.name)
                store = Store(path / "store.sqlite", readonly=True)
                dead = frozenset(manifest.tombstones.get(entry.name, ()))
                try:
                    _check_counts(store, entry, folder)
                    found = store.fingerprints(dead)
                except BaseException:
                    store.close()
                    raise
            except Exception as exc:  # any damage: rebuild this segment's articles
                reason = str(exc) if isinstance(exc, IndexLoadError) else f"{type(exc).__name__}"
                previous.damage.append(f"segment {entry.name} is damaged ({reason})")
                continue
            previous.home.update(dict.fromkeys(found, len(previous.segments)))
            previous.segments.append(PreviousSegment(entry, store, dead))
            previous.live.update(found)
        previous.folder, previous.manifest = folder, manifest
        return previous

    def close(self) -> None:
        for segment in self.segments:
            segment.store.close()

    def articles(self, ids: set[str]) -> dict[str, Article]:
        """The stored (already cleaned) live articles among `ids`."""
        found: dict[str, Article] = {}
        for segment in self.segments:
            found.update((a.id, a) for a in segment.store.articles(segment.dead) if a.id in ids)
        return found

    def quotes(self, ids: set[str]) -> dict[str, list[Quote]]:
        found: dict[str, list[Quote]] = {}
        for segment in self.segments:
            stored = segment.store.quotes_by_article(segment.dead)
            found.update((i, q) for i, q in stored.items() if i in ids)
        return found


@dataclass
class DeltaPlan:
    """One new segment for the added and updated articles; tombstones for what they replace."""

    changed: list[Article]  # in load order
    new_passages: int
    entries: list[SegmentEntry]  # the previous segments that keep live articles, recounted
    tombstones: dict[str, list[str]]
    files: dict[str, int]
    checksums: dict[str, str]

    @classmethod
    def of(cls, previous: Previous, scan: Scan, updated: list[str], removed: list[str]):
        wanted = set(updated) | {i for i in scan.fingerprints if i not in previous.live}
        changed = [e for e in scan.entries.values() if e.id in wanted]
        assert not any(isinstance(e, Known) for e in changed)  # changed units were parsed
        newly_dead: dict[int, set[str]] = {}
        for article_id in [*updated, *removed]:
            newly_dead.setdefault(previous.home[article_id], set()).add(article_id)
        entries, tombstones, files, sums = [], {}, {}, {}
        for i, segment in enumerate(previous.segments):
            entry = segment.entry
            dead = set(segment.dead) | newly_dead.get(i, set())
            if i in newly_dead:
                entry = replace(
                    entry,
                    dead_articles=len(dead),
                    dead_passages=len(segment.store.item_ids("passages", dead)),
                    dead_quotes=len(segment.store.item_ids("quotes", dead)),
                )
            if entry.articles - entry.dead_articles <= 0:
                continue  # nothing live left: the new build no longer lists it
            entries.append(entry)
            if dead:
                tombstones[entry.name] = sorted(dead)
            prefix = f"{layout.SEGMENTS}/{entry.name}/"
            files.update((k, v) for k, v in previous.manifest.files.items() if k.startswith(prefix))
            sums.update(
                (k, v)
                for k, v in (previous.manifest.checksums | previous.adopted).items()
                if k.startswith(prefix)
            )
        new_passages = sum(len(chunk_article(a)) for a in changed)
        return cls(changed, new_passages, entries, tombstones, files, sums)

    def too_big(self, max_segments: int, compact_fraction: float) -> bool:
        """Delta segments and tombstoned passages past `compact_fraction` of the live ones,
        or more segments than `max_segments`."""
        live = [e.live_passages for e in self.entries]
        base = max(live, default=0)
        weight = sum(live) - base + self.new_passages + sum(e.dead_passages for e in self.entries)
        total = sum(live) + self.new_passages
        segments = len(self.entries) + (1 if self.changed else 0)
        return segments > max_segments or weight > compact_fraction * max(total, 1)


def _check_counts(store: Store, entry: SegmentEntry, build: Path) -> None:
    """The manifest's counts of a segment must be what its store holds."""
    for table, listed in (("passages", entry.passages), ("quotes", entry.quotes)):
        held = store.count(table)
        if held != listed:
            raise IndexLoadError(
                f"{build / layout.MANIFEST}: says segment {entry.name} holds {listed} {table}, "
                f"its store holds {held}"
            )


def _check_segment(
    root: Path, entry: SegmentEntry, manifest: Manifest, verified: Verified | None
) -> dict[str, str]:
    """IndexLoadError when a segment's files are missing, resized or (by checksum) changed.
    A segment from before checksums must open instead; its checksums are returned, to be
    recorded from now on."""
    prefix = f"{layout.SEGMENTS}/{entry.name}/"
    sizes = {k: v for k, v in manifest.files.items() if k.startswith(prefix)}
    layout.check_sizes(root, sizes)
    sums = {k: v for k, v in manifest.checksums.items() if k.startswith(prefix)}
    if sums:
        bad = mismatches(root, sums, verified)
        if bad:
            raise IndexLoadError(bad[0])
        return {}
    folder = layout.segment_folder(root, entry.name)  # before checksums: it must open
    Collection.load(folder, entry.passages)
    Collection.load(folder / "quotes", entry.quotes)
    return checksums(root, sizes)


ProgressFn = Callable[[int, int], None]


@dataclass
class Outcome:
    """Manifest fields of the new build, and what writing cost."""

    fields: dict
    written: Written | None


def write_delta(
    plan: DeltaPlan,
    segment: Path,
    embedder: Embedder,
    cache: EmbeddingCache,
    dense: DenseOptions,
    progress: ProgressFn | None,
) -> Outcome:
    entries, files, sums = list(plan.entries), dict(plan.files), dict(plan.checksums)
    written = None
    if plan.changed:
        written = write_segment(segment, plan.changed, embedder, cache, dense, {}, progress)
        entries.append(written.entry)
        files.update(written.files)
        sums.update(written.checksums)
    return Outcome(_fields(entries, plan.tombstones, files, sums), written)


def write_full(
    scan: Scan,
    segment: Path,
    previous: Previous,
    embedder: Embedder,
    cache: EmbeddingCache,
    dense: DenseOptions,
    progress: ProgressFn | None,
    reuse_quotes: bool = True,
) -> Outcome:
    """Every live article into one segment: unchanged ones as stored, their quotes reused
    unless `reuse_quotes` is off (the extraction rules changed since they were found)."""
    known = {e.id for e in scan.entries.values() if isinstance(e, Known)}
    stored = previous.articles(known) if known else {}
    articles = [stored[e.id] if isinstance(e, Known) else e for e in scan.entries.values()]
    same = {i for i, fp in scan.fingerprints.items() if previous.live.get(i) == fp}
    reusable = previous.quotes(same) if same and reuse_quotes else {}
    written = write_segment(segment, articles, embedder, cache, dense, reusable, progress)
    return Outcome(_fields([written.entry], {}, written.files, written.checksums), written)


def _fields(
    entries: list[SegmentEntry], tombstones: dict[str, list[str]], files: dict, sums: dict
) -> dict:
    largest = max(entries, key=lambda e: e.passages)
    return {
        "articles": sum(e.articles - e.dead_articles for e in entries),
        "passages": sum(e.passages - e.dead_passages for e in entries),
        "quotes": sum(e.quotes - e.dead_quotes for e in entries),
        "index_type": largest.index_type,
        "files": files,
        "segments": entries,
        "tombstones": tombstones,
        "checksums": sums,
    }
