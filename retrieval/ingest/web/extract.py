"""An article page reduced to what newsbot indexes: headline, date, byline, canonical URL, outlet
and the body paragraphs, verbatim, with trafilatura (bench/web_extract_eval.py measures it
beside readability-lxml). Captions, credits, share buttons, newsletter boxes and related-link
lists are left out here or by the loaders' cleaning (retrieval/ingest/cleaning.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lhtml

from retrieval.ingest.web.breaks import split_double_breaks

# Whole blocks of the extracted body, in reading order; <lb/> is a line break inside one.
_BLOCKS = {"p", "head", "item", "quote"}
_SPACE = re.compile(r"[^\S\n]+")
LINK_SHARE = 0.6  # of a block's characters inside links, above which it is navigation
DATE_PARAMS = {"original_date": True, "extensive_search": True}
# Between a headline and the site's name in a <title>: "Headline | Outlet", "Outlet :: Headline".
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||::|-|–|—|»|·)\s+")
_SHOWN = ("h1", "h2", "h3", "b", "strong", "font", "span", "div", "td", "p")


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
        if text and not _mostly_links(element, text):
            blocks.append(text)
    return [b for i, b in enumerate(blocks) if not _repeats(b, blocks[:i] + blocks[i + 1 :])]


def _mostly_links(element: etree._Element, text: str) -> bool:
    """A block that is mostly link text ("Read more: <headline>", a related-stories item) is
    navigation, not prose: body paragraphs link a few words at most."""
    linked = sum(len("".join(ref.itertext())) for ref in element.iter("ref"))
    return linked > LINK_SHARE * len(text)


def _repeats(block: str, others: list[str]) -> bool:
    core = " ".join(block.split()).strip("\"'“”‘’ ")
    return len(core) > 20 and any(core in " ".join(o.split()) and o != block for o in others)


def shown_headline(title: str, root: lhtml.HtmlElement) -> str:
    """The headline as the page shows it: a <title> that adds the site's name ("Outlet ::
    Headline") gives way to the part of it that stands alone in the page."""
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    body = root.find("body")
    shown = set()
    for element in (body if body is not None else root).iter(*_SHOWN):
        text = element.text_content()
        if len(text) < 400:
            shown.add(" ".join(text.split()))
    if " ".join(title.split()) in shown:
        return title
    return next((part for part in sorted(parts, key=len, reverse=True) if part in shown), title)


def extract_article(html: str, url: str | None = None) -> WebArticle:
    try:
        root = lhtml.document_fromstring(html)
        split_double_breaks(root)
        document = trafilatura.bare_extraction(
            root,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=True,  # to tell link lists from prose; links' words are kept as text
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
        headline=shown_headline((document.title or "").strip(), root),
        date=document.date or None,
        byline=(document.author or "").strip() or None,
        canonical_url=document.url or url,
        outlet=(document.sitename or "").strip() or None,
        paragraphs=paragraphs,
    )
