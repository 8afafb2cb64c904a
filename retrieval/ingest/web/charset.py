"""Bytes of an HTML page to text: a byte-order mark, then the HTTP charset, then the page's own
`<meta charset>`, then UTF-8 if it decodes, then charset-normalizer's guess (windows-1252 when
it guesses a Latin code page). As browsers do,
the Latin-1 and ASCII labels mean windows-1252 (curly quotes live in its 0x80-0x9f range)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LATIN = {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_9", "iso8859_15"}
_LATIN |= {"iso8859_4", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "mac_roman"}
_AS_WINDOWS_1252 = {"iso-8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "iso8859-1"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    header = _HEADER.search(content_type or "")
    meta = _META.search(body[:4096])
    for label in (header and header.group(1), meta and meta.group(1).decode("ascii", "replace")):
        codec = _codec(label)
        if codec:
            return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        guess = from_bytes(body).best()
    if guess is None or guess.encoding in _LATIN:
        # Guessing between Latin code pages from a few accents is a coin toss; browsers read an
        # undeclared page as windows-1252, and so do we.
        return body.decode("cp1252", errors="replace")
    return str(guess)
