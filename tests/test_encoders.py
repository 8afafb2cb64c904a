"""Encoder backends give the reference (PyTorch fp32) vectors, and export once into their cache."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from retrieval.embed.embedding import default_model_path
from retrieval.embed.encoders import load_encoder, model_name

SENTENCES = [
    "The council voted to close two libraries in the north of the city.",
    "Shares in the bank fell 4% after it warned on profits.",
    "The striker scored twice in the second half.",
    "Ministers promised an inquiry into the flooding.",
    "Police said the man was arrested on Tuesday evening.",
    "The airline blamed strikes for the cancellations.",
    "A spokesperson declined to comment.",
    "Tuition fees will rise to £9,250 next year, the university said.",
    "Rain is expected across the south-west over the weekend.",
    "The film won three awards at the festival in Cannes.",
    "Unemployment fell to its lowest level since 1975.",
    "The hospital trust said waiting lists had doubled.",
    "Voters go to the polls on Thursday.",
    '"We will not back down," the union leader told reporters.',
    "The company was fined £2m for breaching safety rules.",
    "Scientists found traces of water on the moon.",
    "The match was abandoned because of a waterlogged pitch.",
    "Opposition leaders called for the minister to resign.",
    "House prices rose by 0.8% in May, according to the lender.",
    "Short.",
]

needs_onnx = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("onnx") is None,
    reason="onnxruntime/onnx not installed (core dependencies: pip install -e .)",
)


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return load_encoder(default_model_path(), "torch").encode(SENTENCES)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("encoders")


def test_torch_vectors_are_normalised(reference: np.ndarray) -> None:
    assert reference.dtype == np.float32 and reference.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(reference, axis=1), 1.0, rtol=1e-5)


@needs_onnx
def test_onnx_matches_torch_and_reuses_its_export(reference: np.ndarray, cache_dir: Path) -> None:
    encoder = load_encoder(default_model_path(), "onnx", cache_dir)
    vectors = encoder.encode(SENTENCES, batch_size=8)  # several batches, padded differently
    assert vectors.dtype == np.float32 and vectors.shape == reference.shape
    assert (vectors * reference).sum(axis=1).min() > 0.9999
    exports = list(cache_dir.glob("*/model-opt.onnx"))
    assert len(exports) == 1
    stamp = exports[0].stat().st_mtime_ns
    load_encoder(default_model_path(), "onnx", cache_dir)
    assert exports[0].stat().st_mtime_ns == stamp  # loaded from the cache, not re-exported
    assert encoder.encode([]).shape == (0, 384)


@needs_onnx
def test_int8_stays_close_to_torch(reference: np.ndarray, cache_dir: Path) -> None:
    vectors = load_encoder(default_model_path(), "onnx-int8", cache_dir).encode(SENTENCES)
    cosines = (vectors * reference).sum(axis=1)
    assert cosines.mean() > 0.98 and cosines.min() > 0.95
    # Each sentence's nearest reference vector is its own.
    assert (np.argmax(vectors @ reference.T, axis=1) == np.arange(len(SENTENCES))).all()


@pytest.mark.skipif(
    importlib.util.find_spec("openvino") is None or importlib.util.find_spec("onnx") is None,
    reason="openvino not installed (pip install -e '.[openvino]')",
)
def test_openvino_matches_torch(reference: np.ndarray, cache_dir: Path) -> None:
    vectors = load_encoder(default_model_path(), "openvino", cache_dir).encode(SENTENCES)
    assert (vectors * reference).sum(axis=1).min() > 0.9999


def test_names_differ_only_when_vectors_do() -> None:
    names = {b: model_name("all-MiniLM-L6-v2", b) for b in ["torch", "onnx", "openvino"]}
    assert set(names.values()) == {"all-MiniLM-L6-v2"}
    assert model_name("all-MiniLM-L6-v2", "onnx-int8") == "all-MiniLM-L6-v2-int8"
    with pytest.raises(ValueError):
        load_encoder(default_model_path(), "tensorrt")
    with pytest.raises(ValueError):
        load_encoder(default_model_path(), "onnx")  # exports need a cache folder
