"""Which extraction rules made an index's quotes.

Quotes are extracted at build time and reused for unchanged articles, so a newsbot upgrade that
finds quotes or speakers differently must say so: the build compares this version with the one
the serving index recorded and re-extracts every article's quotes when they differ, instead of
serving yesterday's speakers beside today's rules."""

from __future__ import annotations

import hashlib
import inspect
import pkgutil
from functools import cache
from importlib import import_module, metadata

import retrieval.quotes as package


@cache
def extractor_version() -> str:
    """A hash of the extraction code (the package version when installed without sources)."""
    digest = hashlib.blake2b(digest_size=8)
    try:
        for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
            digest.update(inspect.getsource(import_module(f"{package.__name__}.{module}")).encode())
    except (OSError, TypeError):
        digest.update(("newsbot " + metadata.version("newsbot")).encode())
    return digest.hexdigest()
