"""Read articles from seed-format `.txt` folders and `.jsonl` files, reporting what was skipped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from retrieval.ingest.cleaning import clean_body
from retrieval.models import Article

_ORDINAL = re.compile(r"(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d/%m/%Y")
_POSTED_ON = re.compile(r"^(?:posted|published)(?:\s+on)?\s*:?\s*(.*)$", re.IGNORECASE)
_JSONL_FIELDS = {"id", "title", "date", "source", "url", "body"}


@dataclass(frozen=True)
class Problem:
    """Why an input (a file, or one line of a JSONL file) was skipped."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids seen again; the later one won


def parse_date(text: str) -> str | None:
    """Normalise "8th October 2016", "October 8, 2016", "2016-10-08"... to ISO, else None."""
    cleaned = _ORDINAL.sub(r"\1", text.strip()).replace(",", " ")
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}T", cleaned):
        cleaned = cleaned[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _article(id_: str, title: str, raw_body: str, **fields) -> Article:
    cleaned = clean_body(raw_body)
    return Article(
        id=id_, title=title.strip(), body=cleaned.body, dropped_lines=cleaned.dropped, **fields
    )


def parse_seed_text(path: Path, source: str | None = None, url: str | None = None) -> Article:
    """Seed format: headline, optional `Posted On:` + date, then the body."""
    return parse_seed_bytes(path.read_bytes(), path.stem, source, url)


def parse_seed_bytes(
    raw: bytes, article_id: str, source: str | None = None, url: str | None = None
) -> Article:
    """A seed-format file's bytes (see `parse_seed_text`); the id is the file's stem."""
    lines = raw.decode("utf-8").splitlines()
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    if not nonempty:
        raise ValueError("empty file")
    title = lines[nonempty[0]].strip()
    rest = nonempty[1:]
    iso_date = None
    if rest and (posted := _POSTED_ON.match(lines[rest[0]].strip())):
        value = posted.group(1).strip()
        rest = rest[1:]
        if not value and rest:
            value = lines[rest[0]].strip()
            rest = rest[1:]
        iso_date = parse_date(value)
        if iso_date is None:
            raise ValueError(f"unreadable date {value!r}")
    if not rest:
        raise ValueError("no body after the headline")
    body = "\n".join(lines[rest[0] :])
    article = _article(article_id, title, body, date=iso_date, source=source, url=url)
    if not article.body:
        raise ValueError("no article prose left after removing captions and credits")
    return article


def parse_jsonl_line(line: str) -> Article:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    id_, body = record.get("id"), record.get("body")
    if not isinstance(id_, str) or not id_.strip():
        raise ValueError("missing or empty 'id'")
    if not isinstance(body, str) or not body.strip():
        raise ValueError("missing or empty 'body'")
    title = record.get("title") or ""
    if not isinstance(title, str):
        raise ValueError("'title' is not a string")
    raw_date = record.get("date")
    iso_date = None
    if raw_date is not None:
        iso_date = parse_date(str(raw_date))
        if iso_date is None:
            raise ValueError(f"unreadable date {raw_date!r}")
    for key in ("source", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"'{key}' is not a string")
    metadata = {k: v for k, v in record.items() if k not in _JSONL_FIELDS}
    article = _article(
        id_.strip(),
        title,
        body,
        date=iso_date,
        source=record.get("source"),
        url=record.get("url"),
        metadata=metadata,
    )
    if not article.body:
        raise ValueError("no article prose left after removing captions and credits")
    return article


@dataclass(frozen=True)
class Unit:
    """One input that gives at most one article: a `.txt` file, or one line of a `.jsonl`."""

    path: Path
    line: int | None  # 1-based line number in a `.jsonl` file; None for a `.txt` file
    raw: str | bytes  # the line (decoded as the loader always has), or the file's bytes

    def parse(self, source: str | None = None, url: str | None = None) -> Article:
        """The article; ValueError (or a JSON/Unicode error) says why the unit is skipped."""
        if isinstance(self.raw, bytes):
            return parse_seed_bytes(self.raw, self.path.stem, source, url)
        article = parse_jsonl_line(self.raw)
        if source and not article.source:
            article.source = source
        if url and not article.url:
            article.url = url
        return article

    def problem(self, reason: str) -> Problem:
        return Problem(str(self.path), self.line, reason)


PARSE_ERRORS = (ValueError, UnicodeDecodeError)  # json.JSONDecodeError is a ValueError


def _jsonl_units(path: Path) -> Iterator[Unit]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield Unit(path, number, line)


def _folder_units(path: Path) -> Iterator[Unit]:
    from retrieval.ingest import web

    for file in sorted(path.rglob("*")):
        if file.suffix == ".jsonl":
            yield from _jsonl_units(file)
        elif file.suffix == ".txt":
            yield Unit(file, None, file.read_bytes())
        elif file.suffix in web.PAGE_SUFFIXES:
            yield web.saved_page(file)


def iter_units(
    paths: Iterable[str | Path], problems: list[Problem], web_session=None
) -> Iterator[Unit]:
    """Every input unit under `paths` in load order; unusable paths go to `problems`.

    URLs (feeds, sitemaps, article pages) and `.html` files are read by `retrieval.ingest.web`,
    through `web_session` (a `WebSession`: its options and fetch cache) when given."""
    from retrieval.ingest import web

    for raw in paths:
        if web.is_url(str(raw)):
            yield from web.url_units(str(raw), problems, web_session)
            continue
        path = Path(raw)
        if path.suffix in web.PAGE_SUFFIXES and path.is_file():
            yield web.saved_page(path)
        elif path.is_dir():
            yield from _folder_units(path)
        elif path.suffix == ".jsonl" and path.is_file():
            yield from _jsonl_units(path)
        elif path.suffix == ".txt" and path.is_file():
            yield Unit(path, None, path.read_bytes())
        else:
            reason = (
                "no such file or folder"
                if not path.exists()
                else "not a .txt, .jsonl or .html input, nor a URL"
            )
            problems.append(Problem(str(path), None, reason))


def keep_latest(by_id: dict, article_id: str, item, duplicates: list[str]) -> None:
    """Duplicate ids: the later one wins, and also takes the later place in load order."""
    if article_id in by_id:
        duplicates.append(article_id)
        del by_id[article_id]
    by_id[article_id] = item


def load_articles(
    paths: Iterable[str | Path], source: str | None = None, url: str | None = None
) -> LoadResult:
    """Load every article under `paths` (folders of `.txt`, `.jsonl` files, or single files)."""
    result = LoadResult()
    by_id: dict[str, Article] = {}
    for unit in iter_units(paths, result.problems):
        try:
            article = unit.parse(source, url)
        except PARSE_ERRORS as exc:
            result.problems.append(unit.problem(str(exc)))
            continue
        keep_latest(by_id, article.id, article, result.duplicates)
    result.articles = list(by_id.values())
    return result


def date_ordinal(iso: str | None) -> int:
    """Days since year 1 for filtering; 0 for unknown dates."""
    return date.fromisoformat(iso).toordinal() if iso else 0
