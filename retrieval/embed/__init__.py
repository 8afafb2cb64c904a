"""Sentence vectors from a local sentence-transformers model (PyTorch or ONNX Runtime)."""
