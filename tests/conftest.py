"""Shared fixtures: the real packaged model, loaded once, and a real index of the seed article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval.embed.embedding import Embedder
from retrieval.service import NewsService, ServiceConfig

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ID = "000_b3a66aeb771e6232"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """An index of seeds/, built once per test session. Copy it before changing it."""
    root = tmp_path_factory.mktemp("seed-index")
    NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS]), embedder).build()
    return root


@pytest.fixture()
def seed_service(seed_index: Path, embedder: Embedder, tmp_path: Path) -> NewsService:
    """A service over a private copy of the seed index (safe to rebuild or corrupt)."""
    root = tmp_path / "index"
    shutil.copytree(seed_index, root)
    return NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS]), embedder)
