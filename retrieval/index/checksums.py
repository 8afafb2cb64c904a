"""SHA-256 of every index file, recorded in the build manifest (`sha256sum` checks one by hand).

Hashing a large archive takes seconds, so a file is hashed again only when its size or
modification time differs from the last time it was verified (`cache/verified.json`, written by
builds and `newsbot index check`): garbage written into a file changes its mtime and is caught at
the next open; a file that rots without its mtime changing is caught by `newsbot index check`,
which hashes everything."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from retrieval.index.layout import REBUILD, os_reason

VERIFIED = Path("cache") / "verified.json"
OPEN_BUDGET = 16 << 20  # bytes: larger unverified files are left to `index check` at open


def sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def expand(root: Path, names: Iterable[str]) -> list[str]:
    """Every regular file under the listed names (files, or folders such as `lexical`)."""
    out = []
    for name in names:
        path = root / name
        if path.is_dir():
            out += sorted(str(p.relative_to(root)) for p in path.rglob("*") if p.is_file())
        else:
            out.append(name)
    return out


def checksums(root: Path, names: Iterable[str]) -> dict[str, str]:
    return {name: sha256(root / name) for name in expand(root, names)}


class Verified:
    """path under the root -> (size, mtime_ns, sha256) of files whose checksum matched."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            data = json.loads((root / VERIFIED).read_text())
            self.seen: dict[str, list] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.seen = {}

    def knows(self, name: str, digest: str, stat: os.stat_result) -> bool:
        return self.seen.get(name) == [stat.st_size, stat.st_mtime_ns, digest]

    def record(self, name: str, digest: str, stat: os.stat_result) -> None:
        self.seen[name] = [stat.st_size, stat.st_mtime_ns, digest]

    def save(self, keep: Iterable[str] | None = None) -> None:
        """Write the record (only the `keep` names when given), atomically; a cache, so a
        failure to write it costs only a later re-hash."""
        seen = self.seen if keep is None else {k: self.seen[k] for k in keep if k in self.seen}
        path = self.root / VERIFIED
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(seen))
            os.replace(tmp, path)
        except OSError:
            pass


def mismatches(
    root: Path,
    expected: Mapping[str, str],
    verified: Verified | None = None,
    budget: int | None = None,
) -> list[str]:
    """Files of `expected` (path -> sha256) whose content differs, each as "path: why".

    Files `verified` already knows unchanged are not read again; with a `budget` (bytes per
    file), larger files not known are skipped. Unreadable and missing files count as damaged."""
    bad = []
    for name, digest in expected.items():
        path = root / name
        try:
            stat = path.stat()
            if verified is not None and verified.knows(name, digest, stat):
                continue
            if budget is not None and stat.st_size > budget:
                continue
            actual = sha256(path)
        except FileNotFoundError:
            bad.append(f"{path}: missing index file: {REBUILD}")
            continue
        except OSError as exc:
            bad.append(f"{path}: {os_reason(exc)}")
            continue
        if actual != digest:
            bad.append(
                f"{path}: its checksum does not match the manifest (damaged or overwritten): "
                f"{REBUILD}"
            )
        elif verified is not None:
            verified.record(name, digest, stat)
    return bad
