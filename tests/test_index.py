import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from retrieval.embed.embedding import Embedder
from retrieval.index import layout
from retrieval.index.archive import Archive
from retrieval.index.builder import BuildError, build_index
from retrieval.index.layout import IndexLoadError
from tests.conftest import SEEDS


def _serving(root: Path) -> Path:
    return layout.serving_build(root)


def _segment(root: Path) -> Path:
    """The folder of the serving build's only segment, where its index files are."""
    (entry,) = layout.Manifest.read(_serving(root)).segments
    return layout.segment_folder(root, entry.name)


def test_round_trip_keeps_counts_and_manifest(seed_index: Path, embedder: Embedder):
    archive = Archive.open(seed_index, embedder)
    manifest = archive.manifest
    assert manifest.model_name == "all-MiniLM-L6-v2" and manifest.dimension == 384
    assert manifest.articles == 1 and manifest.passages == archive.passages.size == 14
    assert manifest.index_type == "IndexFlatIP"
    files = {name.rsplit("/", 1)[-1] for name in manifest.files}
    assert files >= {"store.sqlite", "dense.faiss", "lexical", "meta.npz"}
    passage = archive.store.passages([0])[0]
    article = archive.store.article(passage.article_id)
    assert article.body[passage.start : passage.end] == passage.text


def test_missing_file_is_named(seed_service):
    (_segment(seed_service.config.index_dir) / "dense.faiss").unlink()
    with pytest.raises(IndexLoadError, match="dense.faiss: missing"):
        seed_service.ask("Syria")


def test_truncated_file_is_named(seed_service):
    path = _segment(seed_service.config.index_dir) / "vectors.npy"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexLoadError, match="vectors.npy: 100 bytes"):
        seed_service.ask("Syria")


def test_corrupt_manifest_is_named(seed_service):
    (_serving(seed_service.config.index_dir) / "manifest.json").write_text("{oops")
    with pytest.raises(IndexLoadError, match="manifest.json: unreadable"):
        seed_service.ask("Syria")


def test_wrong_model_is_refused(seed_service):
    path = _serving(seed_service.config.index_dir) / "manifest.json"
    data = json.loads(path.read_text())
    data["model_name"], data["dimension"] = "bge-small-en-v1.5", 512
    path.write_text(json.dumps(data))
    with pytest.raises(IndexLoadError, match="built with bge-small-en-v1.5"):
        seed_service.ask("Syria")


def test_same_size_corruption_of_faiss_file_is_an_error_not_a_crash(seed_service):
    path = _segment(seed_service.config.index_dir) / "dense.faiss"
    path.write_bytes(b"\0" * path.stat().st_size)
    with pytest.raises(IndexLoadError, match="dense.faiss"):
        seed_service.ask("Syria")


def test_no_index_at_all(tmp_path: Path, embedder: Embedder):
    with pytest.raises(IndexLoadError, match="no index here"):
        Archive.open(tmp_path, embedder)


def test_failed_build_leaves_previous_index_serving(seed_service, tmp_path: Path):
    before = _serving(seed_service.config.index_dir)
    with pytest.raises(BuildError, match="no articles"):
        seed_service.build([tmp_path / "does-not-exist"])
    assert _serving(seed_service.config.index_dir) == before
    assert seed_service.ask("Syria").results


def test_crash_mid_build_leaves_previous_index(seed_index: Path, tmp_path: Path):
    root = tmp_path / "index"
    shutil.copytree(seed_index, root)
    before = _serving(root)

    class Exploding(Embedder):
        def encode(self, texts, show_progress=False):
            raise KeyboardInterrupt  # the process being stopped mid-build

    with pytest.raises(KeyboardInterrupt):
        # A different model name means nothing comes from the cache: encode must run.
        build_index([SEEDS], root, _renamed(Exploding(), "other-model"))
    assert _serving(root) == before
    assert not [p for p in (root / "builds").iterdir() if p.name.endswith(".partial")]


def _renamed(embedder: Embedder, name: str) -> Embedder:
    type(embedder).name = property(lambda self: name)
    embedder.__dict__["dimension"] = 384
    return embedder


def test_rebuild_reports_changes_and_embeds_only_new_text(seed_service, tmp_path: Path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps(
            {
                "id": "gazette-1",
                "title": "Harbour bridge to close for repairs",
                "date": "2021-03-04",
                "source": "Harbour Gazette",
                "url": "https://gazette.example/bridge",
                "body": "The harbour bridge will close for six weeks from Monday while engineers "
                "replace corroded cables, the council said.",
            }
        )
        + "\n"
    )
    report = seed_service.build([SEEDS, extra])
    assert report.added == ["gazette-1"] and report.updated == [] and report.removed == []
    assert report.encoded == 1  # the seed's 14 passages came from the cache
    report = seed_service.build([SEEDS])
    assert report.removed == ["gazette-1"] and report.encoded == 0
    assert seed_service.stats().articles == 1


def test_meta_arrays_align_with_passages(seed_index: Path, embedder: Embedder):
    archive = Archive.open(seed_index, embedder)
    assert len(archive.passages.meta["date_ordinals"]) == archive.manifest.passages
    assert np.all(archive.passages.meta["date_ordinals"] > 0)
