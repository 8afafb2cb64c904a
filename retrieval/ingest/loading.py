"""Read articles from seed-format `.txt` folders and `.jsonl` files, reporting what was skipped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from retrieval.ingest.cleaning import clean_body
from retrieval.ingest.input_files import MAX_PAGE_BYTES, Refused, jsonl_lines, read_file, walk
from retrieval.ingest.web import PAGE_SUFFIXES
from retrieval.models import Article

_ORDINAL = re.compile(r"(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)
# Every format a date is read in. Month names make day and month order plain; numbers alone
# ("05/03/2024") are never guessed at: such a date is reported and the article kept without it.
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")
_NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")
_POSTED_ON = re.compile(r"^(?:posted|published)(?:\s+on)?\s*:?\s*(.*)$", re.IGNORECASE)
_JSONL_FIELDS = {"id", "title", "date", "source", "url", "body"}
# Characters no article text holds; SQLite also ends a string at NUL when it slices a passage.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Problem:
    """Why an input (a file, or one line of a JSONL file) was skipped, or, when `kept`, what
    was left out of an article that was indexed anyway (an unreadable date)."""

    path: str
    line: int | None
    reason: str
    kept: bool = False

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


def _date_problem(value: object) -> str:
    """Why a date was not read (the article is kept without one)."""
    if not isinstance(value, str):
        return f"'date' is {type(value).__name__}, not a string: kept without a date"
    shown = repr(value[:40])
    if _NUMERIC_DATE.match(value.strip()):
        return (
            f"date {shown} is ambiguous (day and month order): kept without a date; "
            "write dates as YYYY-MM-DD"
        )
    return f"unreadable date {shown}: kept without a date; write dates as YYYY-MM-DD"


@dataclass
class Reading:
    """An article read from one input, and what had to be left out of it (or None)."""

    article: Article
    left_out: str | None = None


def _text(value: str) -> str:
    return value.replace("\x00", "")


def _article(id_: str, title: str, raw_body: str, **fields) -> Article:
    cleaned = clean_body(raw_body)
    return Article(
        id=id_,
        title=_text(title).strip(),
        body=cleaned.body,
        dropped_lines=cleaned.dropped,
        **fields,
    )


def _checked_id(id_: str) -> str:
    if _CONTROL.search(id_):
        raise ValueError(f"id {id_[:60]!r} holds control characters")
    return id_


def decode(raw: bytes) -> str:
    """UTF-8 text, strictly: one rule for `.txt` files and `.jsonl` lines."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): "
            "save the file as UTF-8"
        ) from None


def parse_seed_text(path: Path, source: str | None = None, url: str | None = None) -> Article:
    """Seed format: headline, optional `Posted On:` + date, then the body."""
    return parse_seed_bytes(path.read_bytes(), path.stem, source, url)


def parse_seed_bytes(
    raw: bytes, article_id: str, source: str | None = None, url: str | None = None
) -> Article:
    """A seed-format file's bytes (see `parse_seed_text`); the id is the file's stem."""
    return read_seed(raw, article_id, source, url).article


def read_seed(
    raw: bytes, article_id: str, source: str | None = None, url: str | None = None
) -> Reading:
    lines = decode(raw.removeprefix(b"\xef\xbb\xbf")).splitlines()
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    if not nonempty:
        raise ValueError("empty file")
    title = lines[nonempty[0]].strip()
    rest = nonempty[1:]
    iso_date = left_out = None
    if rest and (posted := _POSTED_ON.match(lines[rest[0]].strip())):
        value = posted.group(1).strip()
        rest = rest[1:]
        if not value and rest:
            value = lines[rest[0]].strip()
            rest = rest[1:]
        iso_date = parse_date(value)
        if iso_date is None:
            left_out = _date_problem(value)
    if not rest:
        raise ValueError("no body after the headline")
    body = "\n".join(lines[rest[0] :])
    article = _article(_checked_id(article_id), title, body, date=iso_date, source=source, url=url)
    if not article.body:
        raise ValueError("no article prose left after removing captions and credits")
    return Reading(article, left_out)


def parse_jsonl_line(line: str) -> Article:
    return read_jsonl_record(line).article


def read_jsonl_record(line: str) -> Reading:
    try:
        record = json.loads(line)
    except RecursionError:
        raise ValueError("JSON nested too deeply to read") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if "\\u" in line:  # only a \u escape can give a lone surrogate, which is not text
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"holds a lone surrogate ({exc.object[exc.start]!r}), which is not text"
            ) from None
        except RecursionError:
            raise ValueError("JSON nested too deeply to read") from None
    id_, body = record.get("id"), record.get("body")
    if not isinstance(id_, str) or not id_.strip():
        raise ValueError("missing or empty 'id'")
    if not isinstance(body, str) or not body.strip():
        raise ValueError("missing or empty 'body'")
    title = record.get("title") or ""
    if not isinstance(title, str):
        raise ValueError("'title' is not a string")
    raw_date = record.get("date")
    iso_date = left_out = None
    if raw_date is not None:
        iso_date = parse_date(raw_date) if isinstance(raw_date, str) else None
        if iso_date is None:
            left_out = _date_problem(raw_date)
    for key in ("source", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"'{key}' is not a string")
    metadata = {k: v for k, v in record.items() if k not in _JSONL_FIELDS}
    article = _article(
        _checked_id(id_.strip()),
        title,
        body,
        date=iso_date,
        source=_text(record["source"]) if record.get("source") else record.get("source"),
        url=_text(record["url"]) if record.get("url") else record.get("url"),
        metadata=metadata,
    )
    if not article.body:
        raise ValueError("no article prose left after removing captions and credits")
    return Reading(article, left_out)


@dataclass(frozen=True)
class Unit:
    """One input that gives at most one article: a `.txt` file, one line of a `.jsonl`, or a
    web page (`web.PageUnit`)."""

    path: Path
    line: int | None  # 1-based line number in a `.jsonl` file; None for a `.txt` file
    raw: bytes  # the file's bytes, or the line's
    kind: str = "txt"  # what `raw` is: "txt", "jsonl" (or "html": a web.PageUnit)

    def read(self, source: str | None = None, url: str | None = None) -> Reading:
        """The article; ValueError says why the unit is skipped."""
        if self.kind == "txt":
            return read_seed(self.raw, self.path.stem, source, url)
        if self.kind != "jsonl":  # read by its own kind of unit (a web page's `parse`)
            return Reading(self.parse(source, url))
        reading = read_jsonl_record(decode(self.raw))
        article = reading.article
        if source and not article.source:
            article.source = source
        if url and not article.url:
            article.url = url
        return reading

    def parse(self, source: str | None = None, url: str | None = None) -> Article:
        if self.kind not in ("txt", "jsonl"):
            raise NotImplementedError(f"a {self.kind} unit parses itself")
        return self.read(source, url).article

    def problem(self, reason: str, kept: bool = False) -> Problem:
        return Problem(str(self.path), self.line, reason, kept)


PARSE_ERRORS = (ValueError,)  # json.JSONDecodeError is a ValueError


def _jsonl_units(path: Path, problems: list[Problem]) -> Iterator[Unit]:
    try:
        for number, raw in jsonl_lines(path):
            if isinstance(raw, str):
                problems.append(Problem(str(path), number, raw))
            else:
                yield Unit(path, number, raw, "jsonl")
    except Refused as exc:
        problems.append(Problem(str(path), None, str(exc)))


def _txt_units(path: Path, problems: list[Problem]) -> Iterator[Unit]:
    try:
        yield Unit(path, None, read_file(path), "txt")
    except Refused as exc:
        problems.append(Problem(str(path), None, str(exc)))


def _page_units(path: Path, problems: list[Problem]) -> Iterator[Unit]:
    from retrieval.ingest import web

    try:
        yield web.saved_page(path, read_file(path, MAX_PAGE_BYTES))
    except Refused as exc:
        problems.append(Problem(str(path), None, str(exc)))


# How each kind of input file is read, by suffix (a saved web page through `web`).
READERS = {
    ".txt": _txt_units,
    ".jsonl": _jsonl_units,
    **dict.fromkeys(PAGE_SUFFIXES, _page_units),
}


def _folder_units(path: Path, problems: list[Problem], follow_links: bool) -> Iterator[Unit]:
    for found in walk(path, tuple(READERS), follow_links):
        if found.refused:
            problems.append(Problem(str(found.path), None, found.refused))
        else:
            yield from READERS[found.path.suffix](found.path, problems)


def iter_units(
    paths: Iterable[str | Path],
    problems: list[Problem],
    web_session=None,
    follow_links: bool = False,
) -> Iterator[Unit]:
    """Every input unit under `paths` in load order; unusable paths go to `problems`.

    URLs (feeds, sitemaps, article pages) and `.html` files are read by `retrieval.ingest.web`,
    through `web_session` (a `WebSession`: its options and fetch cache) when given. A path
    named on its own is read even through a link; inside a folder, links that lead out of it
    are followed only with `follow_links`."""
    from retrieval.ingest import web

    for raw in paths:
        if web.is_url(str(raw)):
            yield from web.url_units(str(raw), problems, web_session)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _folder_units(path, problems, follow_links)
        elif path.suffix in READERS and (path.exists() or path.is_symlink()):
            if not path.exists():
                problems.append(Problem(str(path), None, "a broken link: not read"))
            else:
                yield from READERS[path.suffix](path, problems)
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
    paths: Iterable[str | Path],
    source: str | None = None,
    url: str | None = None,
    follow_links: bool = False,
) -> LoadResult:
    """Load every article under `paths` (folders of `.txt`, `.jsonl` files, or single files)."""
    result = LoadResult()
    by_id: dict[str, Article] = {}
    for unit in iter_units(paths, result.problems, follow_links=follow_links):
        try:
            reading = unit.read(source, url)
        except PARSE_ERRORS as exc:
            result.problems.append(unit.problem(str(exc)))
            continue
        if reading.left_out:
            result.problems.append(unit.problem(reading.left_out, kept=True))
        keep_latest(by_id, reading.article.id, reading.article, result.duplicates)
    result.articles = list(by_id.values())
    return result


def date_ordinal(iso: str | None) -> int:
    """Days since year 1 for filtering; 0 for unknown dates."""
    return date.fromisoformat(iso).toordinal() if iso else 0
