"""Where an index lives on disk, its manifest, and the atomic switch between builds.

An index root holds `builds/<name>/` folders and a `CURRENT` file naming the one that serves.
A build is written completely, manifest last, before `CURRENT` is replaced in one rename, so a
crash mid-build leaves the previous index serving."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
KEEP_BUILDS = 2  # the serving build and the one before it


class IndexLoadError(RuntimeError):
    """An index cannot be used; the message names the file and what to do."""


@dataclass
class Manifest:
    model_name: str
    dimension: int
    articles: int
    passages: int
    fingerprint: str
    built_at: str
    build_seconds: float
    index_type: str
    embed_text: str
    files: dict[str, int] = field(default_factory=dict)  # file name -> size in bytes
    quotes: int = 0
    format_version: int = FORMAT_VERSION
    extra: dict = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        tmp = folder / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2))
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
            return cls(**data)
        except (json.JSONDecodeError, TypeError) as exc:
            raise IndexLoadError(f"{path}: unreadable manifest ({exc})") from exc

    def check_files(self, folder: Path) -> None:
        for name, size in self.files.items():
            path = folder / name
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


def new_build_folder(root: Path) -> Path:
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = builds / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 100000:05d}.partial"
    folder.mkdir()
    return folder


def publish(root: Path, partial: Path) -> Path:
    """Make a finished build the serving one, atomically, and prune old builds."""
    final = partial.with_name(partial.name.removesuffix(".partial"))
    os.replace(partial, final)
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
        if leftover.name.endswith(".partial") and time.time() - leftover.stat().st_mtime > 3600:
            shutil.rmtree(leftover, ignore_errors=True)  # crashed builds
