"""Parse results remembered by the raw bytes of each input unit, so a rebuild parses and cleans
only the `.txt` files and `.jsonl` lines that changed.

A unit's key hashes its raw bytes, the options that change its parse (source, url; a `.txt`
file's stem, which is its id) and the source of the parsing code itself: a newsbot upgrade that
cleans differently invalidates every key instead of silently serving yesterday's cleaning."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from retrieval.index.build_errors import writing
from retrieval.index.cache_db import open_cache_db
from retrieval.index.store import article_fingerprint
from retrieval.ingest import cleaning, input_files, loading
from retrieval.ingest.loading import PARSE_ERRORS, Problem, Unit, iter_units, keep_latest
from retrieval.models import Article

BATCH = 900  # SQLite's bound-parameter limit per lookup
_MEMO_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS units2 (key BLOB PRIMARY KEY, article_id TEXT, "
    "fingerprint TEXT, dropped INTEGER NOT NULL, problem TEXT, left_out TEXT)"
)


@cache
def parser_version() -> bytes:
    try:
        code = inspect.getsource(loading) + inspect.getsource(cleaning)
        code += inspect.getsource(input_files)
        code += inspect.getsource(article_fingerprint)
    except (OSError, TypeError):  # installed without sources: the package version must do
        code = "newsbot " + metadata.version("newsbot")
    return hashlib.blake2b(code.encode(), digest_size=8).digest()


def unit_key(unit: Unit, source: str | None, url: str | None) -> bytes:
    digest = hashlib.blake2b(parser_version(), digest_size=16)
    digest.update(f"{source or ''}\x00{url or ''}\x00".encode())
    digest.update(getattr(unit, "key_extra", b""))  # a web page: its URL and extractor version
    if unit.kind == "txt":
        digest.update(f"txt\x00{unit.path.stem}\x00".encode("utf-8", "surrogateescape"))
    else:
        digest.update(f"{unit.kind}\x00".encode())
    digest.update(unit.raw)
    return digest.digest()


@dataclass(frozen=True)
class Parsed:
    """What a unit gave last time it was parsed: an article's id and fingerprint, or a problem."""

    article_id: str | None
    fingerprint: str | None
    dropped: int  # caption and credit lines the cleaner removed
    problem: str | None  # why the unit was skipped
    left_out: str | None = None  # what the kept article lacks (an unreadable date)


class InputMemo:
    """unit key -> Parsed, in one SQLite file beside the embedding cache. A cache: a file that
    is not a readable database is started afresh (`renewed` says so), never a failed build."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db, self.renewed = open_cache_db(path, _MEMO_SCHEMA)

    def get(self, keys: list[bytes]) -> dict[bytes, Parsed]:
        found: dict[bytes, Parsed] = {}
        for i in range(0, len(keys), BATCH):
            chunk = keys[i : i + BATCH]
            marks = ",".join("?" * len(chunk))
            for key, *row in self.db.execute(
                f"SELECT key, article_id, fingerprint, dropped, problem, left_out FROM units2 "
                f"WHERE key IN ({marks})",
                chunk,
            ):
                found[key] = Parsed(*row)
        return found

    def put(self, rows: Iterable[tuple[bytes, Parsed]]) -> None:
        with writing(self.path):
            self._put(rows)

    def _put(self, rows: Iterable[tuple[bytes, Parsed]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO units2 VALUES (?, ?, ?, ?, ?, ?)",
            ((k, p.article_id, p.fingerprint, p.dropped, p.problem, p.left_out) for k, p in rows),
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class Known:
    """An article whose input is byte-identical to one the serving build holds: not parsed."""

    id: str
    fingerprint: str
    dropped: int


@dataclass(frozen=True)
class _Pending:
    """A unit parsed before into an article the serving build lacks: it must be parsed again,
    unless a later duplicate wins (its parse is deterministic, so it cannot fail now)."""

    known: Known
    unit: Unit

    @property
    def id(self) -> str:
        return self.known.id

    @property
    def fingerprint(self) -> str:
        return self.known.fingerprint


@dataclass
class Scan:
    entries: dict[str, Article | Known] = field(default_factory=dict)  # load order, by id
    fingerprints: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    dropped_lines: int = 0
    units: int = 0
    parsed: int = 0  # units that went through the parser; the rest were only hashed

    @property
    def articles(self) -> list[Article]:
        """The parsed articles among the entries."""
        return [e for e in self.entries.values() if isinstance(e, Article)]


def scan_inputs(
    paths: Iterable[str | Path],
    source: str | None,
    url: str | None,
    memo: InputMemo | None,
    live: Mapping[str, str],
    web_session=None,
    follow_links: bool = False,
) -> Scan:
    """Every article under `paths`, as `load_articles` would give them, except that a unit whose
    bytes were parsed before into an article `live` holds unchanged (id -> fingerprint) comes
    back as `Known` without being parsed. Problems and duplicates are reported as always."""
    scan = Scan()
    units = iter_units(paths, scan.problems, web_session, follow_links)
    while batch := _take(units, BATCH):
        keys = [unit_key(u, source, url) for u in batch]
        remembered = memo.get(keys) if memo else {}
        fresh: list[tuple[bytes, Parsed]] = []
        for unit, key in zip(batch, keys, strict=True):
            scan.units += 1
            before = remembered.get(key)
            if before is not None and before.problem is not None:
                scan.problems.append(unit.problem(before.problem))
                continue
            if before is not None and before.left_out is not None:
                scan.problems.append(unit.problem(before.left_out, kept=True))
            if before is not None:
                known = Known(before.article_id, before.fingerprint, before.dropped)
                if live.get(before.article_id) == before.fingerprint:
                    _keep(scan, known)
                else:  # parsed below only if no later unit with the same id replaces it
                    _keep(scan, _Pending(known, unit))
                continue
            scan.parsed += 1
            try:
                reading = unit.read(source, url)
            except PARSE_ERRORS as exc:
                scan.problems.append(unit.problem(str(exc)))
                fresh.append((key, Parsed(None, None, 0, str(exc))))
                continue
            article, left_out = reading.article, reading.left_out
            if left_out:
                scan.problems.append(unit.problem(left_out, kept=True))
            fingerprint = article_fingerprint(article)
            dropped = len(article.dropped_lines)
            fresh.append((key, Parsed(article.id, fingerprint, dropped, None, left_out)))
            _keep(scan, article, fingerprint)
        if memo and fresh:
            memo.put(fresh)
    for article_id, entry in scan.entries.items():
        if isinstance(entry, _Pending):
            scan.entries[article_id] = entry.unit.parse(source, url)
            scan.parsed += 1
    scan.dropped_lines = sum(
        e.dropped if isinstance(e, Known) else len(e.dropped_lines) for e in scan.entries.values()
    )
    return scan


def _keep(scan: Scan, entry: Article | Known, fingerprint: str | None = None) -> None:
    keep_latest(scan.entries, entry.id, entry, scan.duplicates)
    scan.fingerprints[entry.id] = fingerprint or entry.fingerprint


def _take(units, n: int) -> list[Unit]:
    batch = []
    for unit in units:
        batch.append(unit)
        if len(batch) == n:
            break
    return batch


def scan_of(articles: list[Article], problems: list[Problem], duplicates: list[str]) -> Scan:
    """A Scan of articles loaded elsewhere (`build_index(loaded=...)`): all parsed."""
    scan = Scan(problems=problems, duplicates=duplicates)
    for article in articles:
        _keep(scan, article, article_fingerprint(article))
    scan.units = scan.parsed = len(articles)
    scan.dropped_lines = sum(len(a.dropped_lines) for a in articles)
    return scan
