"""Extractive summaries: the public entry points (implemented in `retrieval.summary`)."""

from retrieval.summary import (
    Summary,
    SummarySentence,
    default_length,
    summarize_article,
    summarize_topic,
)

__all__ = ["Summary", "SummarySentence", "default_length", "summarize_article", "summarize_topic"]
