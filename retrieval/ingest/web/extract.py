"""An article page reduced to what newsbot indexes: headline, date, byline, canonical URL, outlet
and the body paragraphs, verbatim, with trafilatura (bench/web_extract_eval.py measures it
beside readability-lxml). Captions, credits, share buttons, newsletter boxes and related-link
lists are left out here or by the loaders' cleaning (retrieval/ingest/cleaning.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml import etree

# Whole blocks of the extracted body, in reading order; <lb/> is a line break inside one.
_BLOCKS = {"p", "head", "item", "quote"}
_SPACE = re.compile(r"[^\S\n]+")
DATE_PARAMS = {"original_date": True, "extensive_search": True}


class NotAnArticleError(ValueError):
    """The page holds no article text (a section front, a search page, an error page...)."""


@dataclass(frozen=True)
class WebArticle:
    headline: str
    date: str | None  # ISO YYYY-MM-DD: when it was first published
    byline: str | None
    canonical_url: str | None
    outlet: str | None
    paragraphs: list[str]  # verbatim, whitespace normalised; one line break per <br>

    @property
    def raw_body(self) -> str:
        """The paragraphs as the loaders' cleaning reads a body: blank lines between blocks."""
        return "\n\n".join(self.paragraphs)


def _text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter():
        if node is not element and node.tag == "lb":
            parts.append("\n")
        if node.text and (node is element or node.tag != "lb"):
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def body_blocks(body: etree._Element) -> list[str]:
    """Each paragraph, heading, list item and block quote once, in reading order; a block that
    repeats text already in another (a pull quote) is left out."""
    blocks: list[str] = []
    for element in body.iter(*_BLOCKS):
        if any(parent.tag in _BLOCKS for parent in element.iterancestors()):
            continue  # its text is in the enclosing block
        text = _text(element)
        if text:
            blocks.append(text)
    return [b for i, b in enumerate(blocks) if not _repeats(b, blocks[:i] + blocks[i + 1 :])]


def _repeats(block: str, others: list[str]) -> bool:
    core = " ".join(block.split()).strip("\"'“”‘’ ")
    return len(core) > 20 and any(core in " ".join(o.split()) and o != block for o in others)


def extract_article(html: str, url: str | None = None) -> WebArticle:
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
            date_extraction_params=DATE_PARAMS,
        )
    except Exception as exc:  # arbitrary markup from the web: one bad page must not stop a build
        raise NotAnArticleError(f"unreadable HTML ({type(exc).__name__})") from exc
    if document is None or document.body is None:
        raise NotAnArticleError("not an article: no article text found on the page")
    paragraphs = body_blocks(document.body)
    if not paragraphs:
        raise NotAnArticleError("not an article: no article text found on the page")
    return WebArticle(
        headline=(document.title or "").strip(),
        date=document.date or None,
        byline=(document.author or "").strip() or None,
        canonical_url=document.url or url,
        outlet=(document.sitename or "").strip() or None,
        paragraphs=paragraphs,
    )
