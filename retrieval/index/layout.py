"""Where an index lives on disk, its manifest, and the atomic switch between builds.

An index root holds `segments/<name>/` folders (each an immutable store + passage and quote
collections for a set of articles), `builds/<name>/manifest.json` files that each list the
segments they serve and the articles tombstoned in them, and a `CURRENT` file naming the build
that serves. Builds share segments by name, so a reload after a day's publishing writes one
small segment instead of copying the archive. A build is written completely, manifest last,
before `CURRENT` is replaced in one rename, so a crash mid-build leaves the previous index
serving."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT_VERSION = 2  # 2: segments shared between builds, files named relative to the root
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
SEGMENTS = "segments"
KEEP_BUILDS = 2  # the serving build and the one before it
STALE_PARTIAL_S = 3600  # a `.partial` folder this old is a crashed build's leftovers


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

    def write(self, folder: Path) -> None:
        tmp = folder / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1))
        os.replace(tmp, folder / MANIFEST)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.exists():
            raise IndexLoadError(
                f"{path}: no manifest (is this an index? build one with `newsbot index build`)"
            )
        try:
            data = json.loads(path.read_text())
            if data.get("format_version") != FORMAT_VERSION:
                raise IndexLoadError(
                    f"{path}: index format {data.get('format_version')}, this newsbot reads "
                    f"{FORMAT_VERSION}: rebuild with `newsbot index build`"
                )
            data["segments"] = [SegmentEntry(**s) for s in data.get("segments", [])]
            return cls(**data)
        except (json.JSONDecodeError, TypeError, AttributeError) as exc:
            raise IndexLoadError(f"{path}: unreadable manifest ({exc})") from exc

    def check_files(self, root: Path) -> None:
        """Every file the manifest lists exists under the index `root` with its recorded size."""
        for name, size in self.files.items():
            path = root / name
            if not path.exists():
                raise IndexLoadError(f"{path}: missing index file: rebuild the index")
            actual = _size(path)
            if actual != size:
                raise IndexLoadError(
                    f"{path}: {actual} bytes, the manifest says {size} (truncated or "
                    "overwritten): rebuild the index"
                )


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def file_sizes(folder: Path, names: list[str]) -> dict[str, int]:
    return {name: _size(folder / name) for name in names}


def serving_build(root: Path) -> Path:
    """The build folder that serves for `root` (an index root, or a build folder itself)."""
    if (root / MANIFEST).exists():
        return root
    pointer = root / CURRENT
    if not pointer.exists():
        raise IndexLoadError(f"{root}: no index here (build one with `newsbot index build`)")
    build = root / "builds" / pointer.read_text().strip()
    if not build.is_dir():
        raise IndexLoadError(f"{pointer}: names {build.name}, which is missing: rebuild the index")
    return build


def index_root(build: Path) -> Path:
    """The index root a build folder belongs to (builds live in `<root>/builds/<name>`)."""
    return build.parent.parent


def segment_folder(root: Path, name: str) -> Path:
    return root / SEGMENTS / name


def _stamped(parent: Path, prefix: str = "") -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = parent / f"{prefix}{stamp}-{os.getpid()}-{time.monotonic_ns() % 100000:05d}.partial"
    folder.mkdir()
    return folder


def new_build_folder(root: Path) -> Path:
    return _stamped(root / "builds")


def new_segment_folder(root: Path) -> Path:
    return _stamped(root / SEGMENTS, "seg-")


def finish(partial: Path) -> Path:
    """Drop the `.partial` suffix of a completely written folder."""
    final = partial.with_name(partial.name.removesuffix(".partial"))
    os.replace(partial, final)
    return final


def publish(root: Path, partial: Path) -> Path:
    """Make a finished build the serving one, atomically, and prune old builds and segments."""
    final = finish(partial)
    tmp = root / (CURRENT + ".tmp")
    tmp.write_text(final.name)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, root / CURRENT)
    _prune(root, final.name)
    return final


def _prune(root: Path, serving: str) -> None:
    builds = sorted(p for p in (root / "builds").iterdir() if p.is_dir())
    finished = [p for p in builds if not p.name.endswith(".partial")]
    for old in finished[:-KEEP_BUILDS]:
        if old.name != serving:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in builds:
        if leftover.name.endswith(".partial") and _age(leftover) > STALE_PARTIAL_S:
            shutil.rmtree(leftover, ignore_errors=True)  # crashed builds
    _prune_segments(root)


def _prune_segments(root: Path) -> None:
    """Delete segments no kept build lists. A build in progress lists its new segment in its
    own `.partial` build's manifest before the segment loses its `.partial` suffix, so a
    segment is never unlisted and finished while a build still needs it."""
    folder = root / SEGMENTS
    if not folder.is_dir():
        return
    listed: set[str] = set()
    for build in (root / "builds").iterdir():
        try:
            data = json.loads((build / MANIFEST).read_text())
        except (OSError, ValueError):
            if build.name.endswith(".partial"):
                continue
            return  # a kept build we cannot read: delete nothing rather than guess
        listed.update(s["name"] for s in data.get("segments", []))
    for segment in folder.iterdir():
        partial = segment.name.endswith(".partial")
        if segment.name in listed or (partial and _age(segment) <= STALE_PARTIAL_S):
            continue
        shutil.rmtree(segment, ignore_errors=True)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0
