"""A damaged index: one clear error naming the file and the fix, the last good build offered or
served, the next build repairing, one build at a time, a full disk said plainly, and nothing
left behind by a failed or killed build."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from retrieval.index import layout
from retrieval.index.build_errors import BuildBusyError, DiskFullError, writing
from retrieval.index.build_lock import build_lock
from retrieval.index.builder import build_index
from retrieval.index.layout import IndexLoadError
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEEDS

runner = CliRunner()
QUESTION = "What did Corbyn's spokesman say about Syria?"
FERRY = {
    "id": "gazette-ferry",
    "title": "Ferry fares to rise in April",
    "date": "2021-02-01",
    "body": '"Fares must rise to pay for the new boat," said Ann Lowe, the ferry company\'s '
    "chief executive.\n\nThe operator confirmed a ten percent increase from April.",
}


def _segment(root: Path, newest: bool = True) -> Path:
    manifest = layout.Manifest.read(layout.serving_build(root))
    return layout.segment_folder(root, manifest.segments[-1 if newest else 0].name)


def _manifest(root: Path) -> Path:
    return layout.serving_build(root) / layout.MANIFEST


def _garble(path: Path, at: int = 0, n: int = 64) -> None:
    data = bytearray(path.read_bytes())
    data[at : at + n] = bytes((b + 97) % 256 for b in data[at : at + n])
    path.write_bytes(bytes(data))


@pytest.fixture()
def two_builds(seed_service: NewsService, tmp_path: Path) -> NewsService:
    """The seed index plus a delta build adding one article: two complete builds on disk."""
    ferry = tmp_path / "ferry.jsonl"
    ferry.write_text(json.dumps(FERRY) + "\n")
    seed_service.config.inputs = [SEEDS, ferry]
    seed_service.build()
    return NewsService(seed_service.config, seed_service.embedder)  # nothing loaded yet


def _fresh(service: NewsService, **changes) -> NewsService:
    config = ServiceConfig(**{**service.config.__dict__, **changes})
    return NewsService(config, service.embedder)


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (lambda root: _garble(_segment(root) / "lexical" / "vocab.index.json"), "vocab.index"),
        (lambda root: _garble(_segment(root) / "store.sqlite", at=3000), "store.sqlite"),
        (lambda root: _garble(_segment(root) / "dense.faiss", at=200), "dense.faiss"),
    ],
)
def test_same_size_garbage_is_named_by_its_checksum(seed_service, damage, named):
    damage(seed_service.config.index_dir)
    with pytest.raises(IndexLoadError, match=f"{named}.*checksum.*newsbot index build"):
        seed_service.ask(QUESTION)


@pytest.mark.parametrize(
    ("field", "value"), [("files", [1, 2]), ("tombstones", ["x"]), ("segments", "x")]
)
def test_a_wrong_typed_manifest_field_is_named_and_the_next_build_repairs_it(
    seed_service, field, value
):
    path = _manifest(seed_service.config.index_dir)
    data = json.loads(path.read_text())
    data[field] = value
    path.write_text(json.dumps(data))
    with pytest.raises(IndexLoadError, match=f"manifest.json: unreadable manifest \\({field}"):
        seed_service.ask(QUESTION)
    report = _fresh(seed_service).build()
    assert report.articles == 1 and any("unreadable" in n for n in report.notices)
    assert _fresh(seed_service).ask(QUESTION).results


def test_a_segment_without_its_name_is_repaired_by_the_next_build(seed_service):
    path = _manifest(seed_service.config.index_dir)
    data = json.loads(path.read_text())
    del data["segments"][0]["name"]
    path.write_text(json.dumps(data))
    assert _fresh(seed_service).build().articles == 1
    assert _fresh(seed_service).ask(QUESTION).results


@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00garbage", b"", b"../../..", b"20990101T000000-1-00000"]
)
def test_a_damaged_current_is_one_clear_error(seed_service, content):
    (seed_service.config.index_dir / layout.CURRENT).write_bytes(content)
    with pytest.raises(IndexLoadError, match="CURRENT: .*(rollback|newsbot index build)"):
        seed_service.ask(QUESTION)


def test_the_last_good_build_is_offered_and_served_with_the_setting(two_builds):
    root = two_builds.config.index_dir
    _garble(_segment(root) / "dense.faiss", at=100)  # only the newest build lists it
    with pytest.raises(IndexLoadError, match="dense.faiss.*last good build.*index rollback"):
        two_builds.ask(QUESTION)
    fallback = _fresh(two_builds, index_fallback=True)
    assert fallback.ask(QUESTION).results  # the older build answers
    result = runner.invoke(app, ["index", "rollback", "--index", str(root)])
    assert result.exit_code == 0 and "now serving build" in result.stdout
    assert _fresh(two_builds).ask(QUESTION).results


def test_the_next_build_rebuilds_a_damaged_segment(two_builds):
    root = two_builds.config.index_dir
    _garble(_segment(root) / "lexical" / "vocab.index.json")
    report = _fresh(two_builds).build()
    assert not report.unchanged and report.encoded == 0  # embeddings came from the cache
    assert any("damaged" in n and "rebuilt" in n for n in report.notices)
    answer = _fresh(two_builds).ask("ferry fares new boat")
    assert answer.results[0].article_id == "gazette-ferry"


def test_index_check_hashes_every_file(seed_service):
    root = seed_service.config.index_dir
    result = runner.invoke(app, ["index", "check", "--index", str(root)])
    assert result.exit_code == 0 and "files match their checksums" in result.stdout
    store = _segment(root) / "store.sqlite"
    stat = store.stat()
    _garble(store, at=stat.st_size // 2)
    os.utime(store, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # rot that keeps the mtime
    result = runner.invoke(app, ["index", "check", "--index", str(root)])
    assert result.exit_code == 2 and "store.sqlite: its checksum does not match" in result.stderr


def test_a_second_build_is_refused_with_the_holders_pid(seed_service):
    root = seed_service.config.index_dir
    with build_lock(root):  # as a CLI build in another process would hold it
        with pytest.raises(BuildBusyError, match=f"already running.*pid {os.getpid()}"):
            build_index([SEEDS], root, seed_service.embedder)
        seed_service.ask(QUESTION)  # serving, as a bot is
        with pytest.raises(BuildBusyError):
            seed_service.reload()  # /reload sees the lock too (here in a child process)
    assert seed_service.reload().unchanged


def test_leftover_partial_folders_go_at_the_next_build(seed_service):
    root = seed_service.config.index_dir
    for n in range(3):  # as kill -9 leaves them, fresh
        (root / "builds" / f"20990101T000000-{n}-00000.partial").mkdir()
        (root / "segments" / f"seg-20990101T000000-{n}-00000.partial").mkdir()
    report = seed_service.build()
    assert not list(root.glob("*/*.partial"))
    assert any("6 unfinished folders" in n for n in report.notices)


def test_a_garbage_input_cache_is_started_afresh(seed_service):
    root = seed_service.config.index_dir
    (root / "cache" / "inputs.sqlite").write_bytes(b"garbage" * 1000)
    report = seed_service.build()
    assert report.unchanged and any("inputs.sqlite" in n for n in report.notices)


def test_a_failed_build_in_a_new_folder_leaves_nothing(tmp_path: Path):
    index = tmp_path / "X"
    result = runner.invoke(
        app, ["index", "build", "--input", str(tmp_path / "nonexistent"), "--index", str(index)]
    )
    assert result.exit_code == 2 and "no articles" in result.stderr
    assert not index.exists()


def test_a_full_disk_is_one_clear_error(tmp_path: Path):
    target = tmp_path / "segments" / "dense.faiss"
    said = f"no space left on device while writing {target}"
    with pytest.raises(DiskFullError, match=said), writing(target):
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(DiskFullError, match="serving index is unchanged"), writing(target):
        raise RuntimeError("Error in faiss::FileIOWriter: No space left on device")


def test_a_build_on_a_full_tmpfs_keeps_the_serving_index(seed_index: Path, embedder, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    used = sum(p.stat().st_size for p in seed_index.rglob("*") if p.is_file())
    size = f"size={2 * used // 1024 + 2048}k"
    if (
        os.geteuid() != 0
        or subprocess.run(["mount", "-t", "tmpfs", "-o", size, "tmpfs", str(mount)]).returncode
    ):
        pytest.skip("needs root and a mountable tmpfs")
    try:
        root = mount / "index"
        shutil.copytree(seed_index, root)
        before = layout.serving_build(root)
        filler = mount / "filler"
        with open(filler, "wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        with pytest.raises(DiskFullError, match="no space left on device while writing"):
            build_index([SEEDS], root, embedder, compact=True)
        assert layout.serving_build(root) == before and not list(root.glob("*/*.partial"))
        filler.unlink()
        service = NewsService(ServiceConfig(index_dir=root), embedder)
        assert service.ask(QUESTION).results
        service.archive.close()
    finally:  # lazily: a file still open must not leave the mount behind
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_segments_from_before_checksums_get_them_at_the_next_build(seed_service, tmp_path):
    root = seed_service.config.index_dir
    path = _manifest(root)
    data = json.loads(path.read_text())
    del data["checksums"]  # as an index built by an older newsbot
    path.write_text(json.dumps(data))
    seed = _segment(root).name
    ferry = tmp_path / "ferry.jsonl"
    ferry.write_text(json.dumps(FERRY) + "\n")
    report = seed_service.build([SEEDS, ferry])
    assert report.added == ["gazette-ferry"] and report.segments == 2  # a delta, not a rebuild
    sums = layout.Manifest.read(layout.serving_build(root)).checksums
    assert f"segments/{seed}/store.sqlite" in sums and f"segments/{seed}/dense.faiss" in sums
    assert runner.invoke(app, ["index", "check", "--index", str(root)]).exit_code == 0


def test_a_manifest_with_wrong_counts_is_repaired_by_the_next_build(seed_service):
    path = _manifest(seed_service.config.index_dir)
    data = json.loads(path.read_text())
    data["segments"][0]["passages"] = 5
    path.write_text(json.dumps(data))
    with pytest.raises(IndexLoadError, match="holds 14 items where the manifest says 5"):
        seed_service.ask(QUESTION)
    report = _fresh(seed_service).build()
    assert not report.unchanged and any("holds 5 passages" in n for n in report.notices)
    assert _fresh(seed_service).ask(QUESTION).results
