"""Where an index lives on disk, its manifest, and the atomic switch between builds.

An index root holds `segments/<name>/` folders (each an immutable store + passage and quote
collections for a set of articles), `builds/<name>/manifest.json` files that each list the
segments they serve and the articles tombstoned in them, and a `CURRENT` file naming the build
that serves. Builds share segments by name, so a reload after a day's publishing writes one
small segment instead of copying the archive. A build is written completely, manifest last,
before `CURRENT` is replaced in one rename, so a crash mid-build leaves the previous index
serving; the next build (holding the build lock, see `build_lock`) deletes what a killed one
left in `.partial` folders. Every damage found on disk is an IndexLoadError naming the file and
the fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

FORMAT_VERSION = 2  # 2: segments shared between builds, files named relative to the root
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
SEGMENTS = "segments"
KEEP_BUILDS = 2  # the serving build and the one before it
PARTIAL = ".partial"
REBUILD = "`newsbot index build` rebuilds it"
_BUILD_NAME = re.compile(r"^[\w.-]+$")  # what CURRENT may hold: a folder name under builds/


class IndexLoadError(RuntimeError):
    """An index cannot be used; the message names the file and what to do."""


@dataclass
class SegmentEntry:
    """One segment as a build uses it: its size, and how much of it later builds replaced."""

    name: str
    articles: int
    passages: int
    quotes: int
    index_type: str = ""
    dead_articles: int = 0  # tombstoned: removed, or superseded by a newer segment
    dead_passages: int = 0
    dead_quotes: int = 0

    @property
    def live_passages(self) -> int:
        return self.passages - self.dead_passages


@dataclass
class Manifest:
    model_name: str
    dimension: int
    articles: int  # live counts over all segments
    passages: int
    fingerprint: str
    built_at: str
    build_seconds: float
    index_type: str  # the largest segment's FAISS index
    embed_text: str
    files: dict[str, int] = field(default_factory=dict)  # path under the root -> size in bytes
    quotes: int = 0
    format_version: int = FORMAT_VERSION
    extra: dict = field(default_factory=dict)
    segments: list[SegmentEntry] = field(default_factory=list)  # oldest first
    tombstones: dict[str, list[str]] = field(default_factory=dict)  # segment -> article ids
    checksums: dict[str, str] = field(default_factory=dict)  # every file under the root -> sha256

    def write(self, folder: Path) -> None:
        tmp = folder / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1))
        os.replace(tmp, folder / MANIFEST)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise IndexLoadError(
                f"{path}: no manifest (is this an index? build one with `newsbot index build`)"
            ) from None
        except OSError as exc:
            raise IndexLoadError(f"{path}: {os_reason(exc)}") from None
        except UnicodeDecodeError:
            raise IndexLoadError(f"{path}: unreadable manifest (not text): {REBUILD}") from None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise IndexLoadError(f"{path}: unreadable manifest ({exc}): {REBUILD}") from None
        if isinstance(data, dict) and data.get("format_version") != FORMAT_VERSION:
            raise IndexLoadError(
                f"{path}: index format {data.get('format_version')}, this newsbot reads "
                f"{FORMAT_VERSION}: rebuild with `newsbot index build`"
            )
        try:
            return _MANIFEST.validate_python(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the manifest"
            raise IndexLoadError(
                f"{path}: unreadable manifest ({where}: {first['msg']}): {REBUILD}"
            ) from None

    def check_files(self, root: Path) -> None:
        """Every file the manifest lists exists under the index `root` with its recorded size."""
        check_sizes(root, self.files)


def check_sizes(root: Path, files: dict[str, int]) -> None:
    """IndexLoadError naming the first of `files` (path under `root` -> size) that is missing,
    unreadable or of another size."""
    for name, size in files.items():
        path = root / name
        try:
            actual = _size(path)
        except FileNotFoundError:
            raise IndexLoadError(f"{path}: missing index file: {REBUILD}") from None
        except OSError as exc:
            raise IndexLoadError(f"{path}: {os_reason(exc)}") from None
        if actual != size:
            raise IndexLoadError(
                f"{path}: {actual} bytes, the manifest says {size} (truncated or "
                f"overwritten): {REBUILD}"
            )


def os_reason(exc: OSError) -> str:
    """A read failure as one line with its fix."""
    if isinstance(exc, PermissionError):
        return (
            f"permission denied: let the user running newsbot read it (chmod/chown), or {REBUILD}"
        )
    return f"unreadable ({exc.strerror or exc}): {REBUILD}"


def _size(path: Path) -> int:
    if path.is_dir():
        os.listdir(path)  # an unreadable folder must fail, not look empty
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def file_sizes(folder: Path, names: list[str]) -> dict[str, int]:
    return {name: _size(folder / name) for name in names}


def serving_build(root: Path) -> Path:
    """The build folder that serves for `root` (an index root, or a build folder itself)."""
    if (root / MANIFEST).exists():
        return root
    pointer = root / CURRENT
    try:
        name = pointer.read_bytes().decode("utf-8").strip()
    except FileNotFoundError:
        if any(finished_builds(root)):
            raise IndexLoadError(
                f"{pointer}: missing, so no build serves: `newsbot index rollback` serves the "
                f"newest complete one, or {REBUILD}"
            ) from None
        raise IndexLoadError(
            f"{root}: no index here (build one with `newsbot index build`)"
        ) from None
    except OSError as exc:
        raise IndexLoadError(f"{pointer}: {os_reason(exc)}") from None
    except UnicodeDecodeError:
        name = None
    if not name or not _BUILD_NAME.match(name) or name in (".", ".."):
        raise IndexLoadError(
            f"{pointer}: does not name a build (damaged): `newsbot index rollback` serves the "
            f"newest complete build, or {REBUILD}"
        )
    build = root / "builds" / name
    if not build.is_dir():
        raise IndexLoadError(f"{pointer}: names {name}, which is missing: {REBUILD}")
    return build


def finished_builds(root: Path) -> list[Path]:
    """Complete build folders under `root`, newest first (names start with their time)."""
    try:
        found = [
            p
            for p in (root / "builds").iterdir()
            if p.is_dir() and not p.name.endswith(PARTIAL) and (p / MANIFEST).exists()
        ]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def point_current(root: Path, build_name: str) -> None:
    """Make the build named `build_name` the serving one, atomically."""
    tmp = root / (CURRENT + ".tmp")
    tmp.write_text(build_name)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, root / CURRENT)


def index_root(build: Path) -> Path:
    """The index root a build folder belongs to (builds live in `<root>/builds/<name>`)."""
    return build.parent.parent


def segment_folder(root: Path, name: str) -> Path:
    return root / SEGMENTS / name


def _stamped(parent: Path, prefix: str = "") -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = parent / f"{prefix}{stamp}-{os.getpid()}-{time.monotonic_ns() % 100000:05d}{PARTIAL}"
    folder.mkdir()
    return folder


def new_build_folder(root: Path) -> Path:
    return _stamped(root / "builds")


def new_segment_folder(root: Path) -> Path:
    return _stamped(root / SEGMENTS, "seg-")


def finish(partial: Path) -> Path:
    """Drop the `.partial` suffix of a completely written folder."""
    final = partial.with_name(partial.name.removesuffix(PARTIAL))
    os.replace(partial, final)
    return final


def publish(root: Path, partial: Path) -> Path:
    """Make a finished build the serving one, atomically, and prune old builds and segments.
    Only the holder of the build lock calls this."""
    final = finish(partial)
    point_current(root, final.name)
    _prune(root, final.name)
    return final


def prune_leftovers(root: Path) -> int:
    """Delete the `.partial` folders killed builds left; only the holder of the build lock may
    call this (no other build is writing one). Returns how many were deleted."""
    gone = 0
    for parent in (root / "builds", root / SEGMENTS):
        if not parent.is_dir():
            continue
        for leftover in parent.iterdir():
            if leftover.name.endswith(PARTIAL):
                shutil.rmtree(leftover, ignore_errors=True)
                gone += 1
    return gone


def _prune(root: Path, serving: str) -> None:
    builds = sorted(p for p in (root / "builds").iterdir() if p.is_dir())
    finished = [p for p in builds if not p.name.endswith(PARTIAL)]
    for old in finished[:-KEEP_BUILDS]:
        if old.name != serving:
            shutil.rmtree(old, ignore_errors=True)
    prune_leftovers(root)
    _prune_segments(root)


def _prune_segments(root: Path) -> None:
    """Delete segments no kept build lists (the build lock is held: no build is writing)."""
    folder = root / SEGMENTS
    if not folder.is_dir():
        return
    listed: set[str] = set()
    for build in (root / "builds").iterdir():
        try:
            listed.update(entry.name for entry in Manifest.read(build).segments)
        except IndexLoadError:
            return  # a kept build we cannot read: delete nothing rather than guess
    for segment in folder.iterdir():
        if segment.name not in listed:
            shutil.rmtree(segment, ignore_errors=True)


_MANIFEST = TypeAdapter(Manifest)  # validates field types, nested segment entries included
