"""Extractive summaries built only from published sentences, each cited."""

from retrieval.summary.article import default_length, summarize_article
from retrieval.summary.model import Summary, SummarySentence
from retrieval.summary.topic import summarize_topic

__all__ = ["Summary", "SummarySentence", "default_length", "summarize_article", "summarize_topic"]
