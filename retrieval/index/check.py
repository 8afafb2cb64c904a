"""`newsbot index check` and `newsbot index rollback`: verify every file of the serving build
against its manifest's checksums, and serve the last good build when the serving one is
damaged."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from retrieval.embed.embedding import Embedder
from retrieval.index import layout
from retrieval.index.archive import Archive, last_good_build
from retrieval.index.build_lock import build_lock
from retrieval.index.checksums import Verified, mismatches
from retrieval.index.layout import IndexLoadError, Manifest


@dataclass
class CheckReport:
    build: str | None = None
    files: int = 0  # files whose checksum was verified
    damaged: list[str] = field(default_factory=list)  # one line each, with the fix
    unchecked: bool = False  # built before checksums were recorded: only opened

    @property
    def ok(self) -> bool:
        return not self.damaged

    def to_json(self) -> dict:
        return {
            "build": self.build,
            "files": self.files,
            "ok": self.ok,
            "damaged": self.damaged,
            "unchecked": self.unchecked,
        }


def check_index(root: Path, embedder: Embedder | None = None) -> CheckReport:
    """Hash every file the serving build lists and open it; nothing is skipped."""
    report = CheckReport()
    try:
        folder = layout.serving_build(root)
        manifest = Manifest.read(folder)
    except IndexLoadError as exc:
        report.damaged.append(str(exc))
        return report
    report.build = folder.name
    base = layout.index_root(folder)
    verified = Verified(base)
    verified.seen.clear()  # hash everything, whatever was verified before
    report.damaged += mismatches(base, manifest.checksums, verified)
    report.files = len(manifest.checksums)
    report.unchecked = not manifest.checksums  # the next `newsbot index build` records them
    if not report.damaged:
        try:
            Archive.open(folder, embedder).close()
        except IndexLoadError as exc:
            report.damaged.append(str(exc))
    verified.save()
    return report


def rollback(root: Path, embedder: Embedder | None = None) -> Archive:
    """Serve the newest complete build, other than the serving one, that opens."""
    with build_lock(root):
        good = last_good_build(root, embedder)
        if good is None:
            raise IndexLoadError(
                f"{root}: no other complete build opens: `newsbot index build` rebuilds the index"
            )
        layout.point_current(root, good.folder.name)
        return good
