"""Finding and reading input files safely: only regular files are opened (a FIFO named `x.txt`
would block a build forever), nothing over the size limit is read into memory, symbolic links
that leave an input folder are not followed unless asked, and every file that is not read says
why.

One article is at most `MAX_ARTICLE_BYTES` of input (a `.txt` file, or one `.jsonl` line): past
that it is reported and skipped, so one article can never stall a build or a reload (build time
grows linearly with article size up to the limit; see `bench/article_size.py`)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_ARTICLE_BYTES = 1_000_000
MAX_PAGE_BYTES = 5_000_000  # a saved web page: markup and scripts around one article's text
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class Refused(Exception):
    """A path that is not read as input; the message says why."""


@dataclass(frozen=True)
class Found:
    """A file an input folder holds (`refused` set when it is not read, with the reason)."""

    path: Path
    refused: str | None = None


def too_big(size: int, limit: int | None = None) -> str:
    limit = MAX_ARTICLE_BYTES if limit is None else limit
    return f"{size:,} bytes, over the {limit:,}-byte limit for one article: skipped"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _open_regular(path: Path) -> int:
    """A descriptor of `path`, which must be a regular file. Opened without blocking, so a
    FIFO swapped in after a check cannot hang the build either."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise Refused(_os_reason(exc)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise Refused(f"{_kind(mode)}, not a file: not read")
    return fd


def _os_reason(exc: OSError) -> str:
    return f"cannot read ({exc.strerror or exc})"


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` (default `MAX_ARTICLE_BYTES`); Refused
    says why not."""
    limit = MAX_ARTICLE_BYTES if limit is None else limit
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise Refused(too_big(size, limit))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise Refused(_os_reason(exc)) from None
    if len(data) > limit:  # grew while we read
        raise Refused(too_big(len(data), limit))
    if data.startswith(_UTF16_BOMS):
        raise Refused("UTF-16 text, not UTF-8: save the file as UTF-8")
    return data.removeprefix(_UTF8_BOM)


def jsonl_lines(path: Path) -> Iterator[tuple[int, bytes | str]]:
    """(line number, raw bytes) of each non-blank line of a `.jsonl` file, or (number, reason)
    for a line over the size limit, which is never held in memory whole."""
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        number = 0
        while True:
            try:
                line = handle.readline(MAX_ARTICLE_BYTES + 1)
            except OSError as exc:
                raise Refused(_os_reason(exc)) from None
            if not line:
                return
            number += 1
            if number == 1:
                if line.startswith(_UTF16_BOMS):
                    raise Refused("UTF-16 text, not UTF-8: save the file as UTF-8")
                line = line.removeprefix(_UTF8_BOM)
            if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
                size = len(line) + _skip_rest_of_line(handle)
                yield number, too_big(size)
            elif line.strip():
                yield number, line


def _skip_rest_of_line(handle) -> int:
    skipped = 0
    while chunk := handle.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def walk(folder: Path, suffixes: tuple[str, ...], follow_links: bool = False) -> Iterator[Found]:
    """Files under `folder` whose names end in one of `suffixes`, in sorted path order, and the
    entries refused on the way: a folder named like an input, a broken link, a link out of
    `folder` (followed only with `follow_links`). Whether a file is regular is checked when it
    is opened (`read_file`, `jsonl_lines`)."""
    root = Path(os.path.realpath(folder))
    yield from _walk(folder, root, suffixes, follow_links, {root})


def _walk(
    folder: Path, root: Path, suffixes: tuple[str, ...], follow_links: bool, seen: set[Path]
) -> Iterator[Found]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Found(folder, _os_reason(exc))
        return
    for entry in entries:
        path = Path(entry.path)
        named_like_input = entry.name.endswith(suffixes)
        target = path
        if entry.is_symlink():
            if not named_like_input and not _is_dir(path):
                continue
            target = Path(os.path.realpath(path))
            if not target.exists():
                yield Found(path, f"a broken link (to {os.readlink(path)}): not read")
                continue
            if not follow_links and not target.is_relative_to(root):
                yield Found(
                    path,
                    f"a link to {target}, outside the input folder: not followed "
                    "(name the file itself as an input, or build with --follow-links)",
                )
                continue
        if _is_dir(target):
            if named_like_input:
                yield Found(path, "a folder, not a file: read as a folder of articles")
            real = Path(os.path.realpath(target))
            if real in seen:
                continue  # a link back to a folder already being read
            yield from _walk(path, root, suffixes, follow_links, seen | {real})
        elif named_like_input:
            yield Found(path)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
