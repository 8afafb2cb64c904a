"""Sentence encoders on several CPU runtimes, all giving the same model's vectors.

`load_encoder(model_path, backend, cache_dir)` returns an object with `.encode(texts, batch_size)`
returning L2-normalised float32 rows. Backends:

- ``torch``: sentence-transformers in PyTorch fp32 (the reference).
- ``onnx``: the model exported once to ONNX from the local folder, BERT graph fusions applied by
  ONNX Runtime's transformer optimiser, run by ONNX Runtime in fp32.
- ``onnx-int8``: the optimised graph with int8 dynamic quantisation of its MatMul weights.
- ``openvino``: the fp32 ONNX export compiled by OpenVINO.

The exports are cached under ``cache_dir/<model>-<fingerprint>/`` so only the first load pays for
them. We export with torch + onnxruntime directly rather than through sentence-transformers'
``backend="onnx"``: that path needs `optimum-onnx`, which pins transformers < 4.58 and so cannot be
installed next to sentence-transformers 6 (transformers 5). Tokenisation, mean pooling and
normalisation are re-implemented here exactly as the model's modules.json describes them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

BACKENDS = ("torch", "onnx", "onnx-int8", "openvino")
DEFAULT_BATCH = 64
ONNX_OPSET = 17
# Graph files inside one export folder, per backend.
FILES = {"onnx": "model-opt.onnx", "onnx-int8": "model-int8.onnx", "openvino": "model.onnx"}
# Backends whose vectors match torch fp32 to float rounding (cosine > 0.99999 measured in
# bench/encoders.py); their vectors may share an embedding cache and an index with torch.
FP32_BACKENDS = ("torch", "onnx", "openvino")


class Encoder(Protocol):
    backend: str
    dimension: int

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH) -> np.ndarray: ...


class BackendUnavailableError(RuntimeError):
    """The runtime a backend needs is not installed (see the `fast` extra in pyproject)."""


def model_name(base: str, backend: str) -> str:
    """Name for caches and manifests: fp32 runtimes share one, quantised vectors get their own."""
    _check_backend(backend)
    return base if backend in FP32_BACKENDS else f"{base}-{backend.removeprefix('onnx-')}"


def load_encoder(
    model_path: str | Path,
    backend: str = "torch",
    cache_dir: str | Path | None = None,
    threads: int | None = None,
) -> Encoder:
    """An encoder for the sentence-transformers model at `model_path` on `backend`.

    `cache_dir` holds the exported graphs (required for every backend but torch); `threads`
    caps the runtime's intra-op threads (default: all cores)."""
    _check_backend(backend)
    model_path = Path(model_path)
    if backend == "torch":
        return TorchEncoder(model_path, threads)
    if cache_dir is None:
        raise ValueError(f"backend {backend!r} needs a cache_dir for its exported model")
    folder = export_folder(model_path, Path(cache_dir))
    graph = ensure_export(model_path, folder, backend)
    if backend == "openvino":
        return OpenVinoEncoder(model_path, graph, backend, threads)
    return OnnxEncoder(model_path, graph, backend, threads)


def _check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"unknown encoder backend {backend!r}; choose one of {BACKENDS}")


def _offline() -> None:
    # The weights are on disk; never let transformers reach a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # keeps CLI and JSON output clean


def model_fingerprint(model_path: Path) -> str:
    """Cheap identity of a model folder (config + weight sizes and edges), to key its exports."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(model_path.iterdir()):
        if not path.is_file():
            continue
        size = path.stat().st_size
        digest.update(f"{path.name}:{size}".encode())
        with path.open("rb") as handle:
            digest.update(handle.read(1 << 16))
            if size > 1 << 17:
                handle.seek(-(1 << 16), os.SEEK_END)
                digest.update(handle.read())
    return digest.hexdigest()


def export_folder(model_path: Path, cache_dir: Path) -> Path:
    return cache_dir / f"{model_path.name}-{model_fingerprint(model_path)}"


def ensure_export(model_path: Path, folder: Path, backend: str) -> Path:
    """Path of `backend`'s graph in `folder`, exporting it (and what it derives from) if missing."""
    steps: dict[str, tuple[str | None, Callable[[Path, Path], None]]] = {
        "model.onnx": (None, lambda _src, dst: _export_onnx(model_path, dst, folder)),
        "model-opt.onnx": ("model.onnx", lambda src, dst: _optimise(model_path, src, dst)),
        "model-int8.onnx": ("model-opt.onnx", _quantise),
    }
    target = FILES[backend]
    chain = [target]
    while (parent := steps[chain[-1]][0]) is not None:
        chain.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    for name in reversed(chain):
        if (folder / name).exists():
            continue
        parent, step = steps[name]
        # Write beside the target and rename, so a crash or a concurrent export never leaves a
        # half-written graph that a later load would trust.
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            out = Path(tmp) / name
            step(folder / parent if parent else model_path, out)
            os.replace(out, folder / name)
    return folder / target


def _export_onnx(model_path: Path, out: Path, folder: Path) -> None:
    _offline()
    import torch
    from sentence_transformers import SentenceTransformer

    # Eager attention exports as the plain MatMul/Softmax pattern that ORT's optimiser fuses into
    # its Attention kernel; the SDPA path exports as a shape it does not recognise.
    model = SentenceTransformer(
        str(model_path),
        device="cpu",
        local_files_only=True,
        model_kwargs={"attn_implementation": "eager"},
    )
    bert = model[0].auto_model.eval()

    class Hidden(torch.nn.Module):
        # Export only the transformer: pooling and normalisation run in numpy, so the fused
        # attention patterns the optimiser looks for are left intact.
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            ).last_hidden_state

    sample = model.tokenizer(
        ["an example sentence", "and another, a little longer one"],
        padding=True,
        return_tensors="pt",
    )
    inputs = tuple(sample[k] for k in ("input_ids", "attention_mask", "token_type_ids"))
    axes = {0: "batch", 1: "tokens"}
    # The exporter's tracer warnings are about dynamic control flow BERT does not have; a user
    # running `newsbot` for the first time should not see them.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # The TorchScript exporter yields the graph shapes ORT's BERT fusions recognise.
        torch.onnx.export(
            Hidden(),
            inputs,
            str(out),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["hidden"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "hidden": axes,
            },
            opset_version=ONNX_OPSET,
            dynamo=False,
        )
    config = {
        "max_seq_length": int(model.max_seq_length),
        "dimension": int(model.get_embedding_dimension()),
    }
    # Written before the graph is renamed into place, so a graph never lacks its settings.
    (out.parent / "export.json").write_text(json.dumps(config))
    os.replace(out.parent / "export.json", folder / "export.json")


def _optimise(model_path: Path, src: Path, out: Path) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    config = json.loads((src.parent / "export.json").read_text())
    heads = json.loads((model_path / "config.json").read_text()).get("num_attention_heads", 0)
    # opt_level 1 = the BERT fusions (attention, layer norm, GELU, bias) without hardware-specific
    # layout changes, so the saved graph stays portable across CPUs.
    model = optimize_model(
        str(src), model_type="bert", num_heads=heads, hidden_size=config["dimension"], opt_level=1
    )
    model.save_model_to_file(str(out))


def _quantise(src: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Signed int8 weights, per channel: on AVX2 this keeps agreement with fp32 close while the
    # MatMuls run through the int8 kernels. Shape inference cannot type the outputs of the fused
    # (com.microsoft) ops, hence the default tensor type.
    quantize_dynamic(
        str(src),
        str(out),
        per_channel=True,
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


class _Tokenised:
    """Token ids of a batch, padded to its longest member."""

    def __init__(self, encodings: list) -> None:
        width = max(len(e.ids) for e in encodings)
        self.input_ids = np.zeros((len(encodings), width), dtype=np.int64)
        self.attention_mask = np.zeros_like(self.input_ids)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            self.input_ids[row, :n] = encoding.ids
            self.attention_mask[row, :n] = 1
        self.token_type_ids = np.zeros_like(self.input_ids)


class _GraphEncoder:
    """Shared by the ONNX Runtime and OpenVINO encoders: tokenise, run the graph, mean-pool."""

    def __init__(self, model_path: Path, graph: Path, backend: str) -> None:
        from tokenizers import Tokenizer

        export = json.loads((graph.parent / "export.json").read_text())
        self.backend = backend
        self.graph = graph
        self.dimension = int(export["dimension"])
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=int(export["max_seq_length"]))

    def _run(self, batch: _Tokenised) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(texts)
        # Longest first, like sentence-transformers: batches of similar length waste no padding.
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            batch = _Tokenised([encodings[i] for i in rows])
            hidden = self._run(batch)
            mask = batch.attention_mask[..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.clip(norms, 1e-12, None)
        return out


class OnnxEncoder(_GraphEncoder):
    def __init__(self, model_path: Path, graph: Path, backend: str, threads: int | None) -> None:
        super().__init__(model_path, graph, backend)
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise BackendUnavailableError("backend onnx needs `pip install onnxruntime`") from exc
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}

    def _run(self, batch: _Tokenised) -> np.ndarray:
        feed = {k: getattr(batch, k) for k in self._inputs}
        return self.session.run(None, feed)[0]


class OpenVinoEncoder(_GraphEncoder):
    def __init__(self, model_path: Path, graph: Path, backend: str, threads: int | None) -> None:
        super().__init__(model_path, graph, backend)
        try:
            import openvino as ov
        except ImportError as exc:
            raise BackendUnavailableError("backend openvino needs `pip install openvino`") from exc
        config: dict[str, str] = {"PERFORMANCE_HINT": "LATENCY"}
        if threads:
            config["INFERENCE_NUM_THREADS"] = str(threads)
        self.compiled = ov.Core().compile_model(str(graph), "CPU", config)
        self.request = self.compiled.create_infer_request()
        self._inputs = [p.get_any_name() for p in self.compiled.inputs]

    def _run(self, batch: _Tokenised) -> np.ndarray:
        result = self.request.infer({k: getattr(batch, k) for k in self._inputs})
        return np.asarray(result[self.compiled.output(0)], dtype=np.float32)


class TorchEncoder:
    """sentence-transformers in PyTorch fp32: the reference every backend is measured against."""

    backend = "torch"

    def __init__(self, model_path: Path, threads: int | None = None) -> None:
        self.model_path = model_path
        self.threads = threads

    @cached_property
    def model(self):
        _offline()
        import torch
        from sentence_transformers import SentenceTransformer

        if self.threads:
            torch.set_num_threads(self.threads)
        return SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)

    @cached_property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
