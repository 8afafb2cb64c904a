"""Separate article prose from what sits around it on a page: captions, photo credits and
"related article" headline lines. Kept paragraphs are verbatim; only line breaks change, and NUL
characters go (no text holds one, and SQLite cuts a string at it when slicing a passage)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A photo credit is a short line naming an agency or saying "Photo:"; its text is never prose.
_AGENCIES = (
    r"pa images|pa wire|pa media|pa|getty images|getty|reuters|afp|ap|ap photo|associated press|"
    r"epa|epa-efe|shutterstock|alamy|bloomberg|rex features|rex|xinhua|anadolu agency|"
    r"corbis|press association|bbc|afp/getty images|afp via getty images"
)
_CREDIT = re.compile(
    rf"^\(?\s*(?:(?:photo(?:graph)?|picture|image|credit|pic|source)s?\s*(?:by|credit|copyright)?\s*[:/-]?\s*)?"
    rf"(?:{_AGENCIES})(?:\s*/\s*[\w .'-]+)?\s*\)?\.?$",
    re.IGNORECASE,
)
_CREDIT_PREFIX = re.compile(
    r"^\(?\s*(?:photo(?:graph)?|picture|image|credit|pic)\s*(?:by|credit|copyright)?\s*:",
    re.IGNORECASE,
)
_CAPTION_PREFIX = re.compile(r"^(?:image caption|caption|pictured)\s*:?\s", re.IGNORECASE)
_RELATED_PREFIX = re.compile(
    r"^(?:read more|related|see also|also read|more on this story|watch|listen|"
    r"click here|sign up|follow us|recommended|most read|top stories)\b\s*[:>|-]?",
    re.IGNORECASE,
)
_TRAILING_CLOSERS = "\"'”’»)]*"
_TERMINAL = ".!?…:;"
# Headlines and captions are short; a long line without a full stop is prose missing its stop.
LONG_LINE_WORDS = 20


def ends_like_prose(line: str) -> bool:
    """Prose ends a sentence; captions, credits and headlines usually don't."""
    stripped = line.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_credit(line: str) -> bool:
    line = line.strip()
    if len(line) > 80:
        return False
    return bool(_CREDIT.match(line) or _CREDIT_PREFIX.match(line))


def is_related_link(line: str) -> bool:
    return bool(_RELATED_PREFIX.match(line.strip()))


@dataclass
class CleanedBody:
    paragraphs: list[str]
    dropped: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _blocks(raw: str) -> list[list[str]]:
    """Lines grouped by blank lines."""
    blocks: list[list[str]] = [[]]
    for line in raw.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _is_wrapped(previous: str, line: str) -> bool:
    # Hard-wrapped: the previous line stops mid-sentence and this one goes on in lower case.
    return not ends_like_prose(previous) and line[:1].islower()


def clean_body(raw: str) -> CleanedBody:
    """Split a raw article body into prose paragraphs and the lines that are not article text."""
    paragraphs: list[str] = []
    dropped: list[str] = []
    for block in _blocks(raw):
        lines: list[str] = []
        for line in block:
            if lines and _is_wrapped(lines[-1], line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        for i, line in enumerate(lines):
            following = lines[i + 1] if i + 1 < len(lines) else None
            if is_credit(line) or is_related_link(line) or _CAPTION_PREFIX.match(line):
                dropped.append(line)
            elif following is not None and is_credit(following) and not ends_like_prose(line):
                dropped.append(line)  # a caption sits right above its credit
            elif not ends_like_prose(line) and len(line.split()) < LONG_LINE_WORDS:
                dropped.append(line)  # headline-like: related links, sub-heads, captions
            else:
                paragraphs.append(line)
    return CleanedBody(paragraphs, dropped)
