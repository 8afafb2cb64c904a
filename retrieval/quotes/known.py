"""Quotations with no cue of their own, attributed to a speaker the article already quotes.

Copy often runs a quotation as a sentence or paragraph of its own once the speaker has been
quoted with a cue: `"...," Le Pen told CNN when asked which candidate she would back.` and
then a paragraph `"It's everything but Hillary Clinton..."` (too much narrative after the
first quotation for a plain continuation), or a quotation after a sentence about the speaker.
The article's KNOWN speakers are the people attributed with a strong cue (`said`, `according
to`) anywhere in it. A quotation left without a speaker that opens its sentence takes a known
speaker only when the sentence before names exactly one known speaker as a possible subject.
Two of them, a possessive ("Trump's aides") or a pronoun subject ("He told Trump") leave the
quotation unattributed; names in object position ("met Trump", "to Sanders") do not count.
Quotations in mid-sentence are never attributed this way (colon introductions are handled
in `introductions`; the rest are mostly scare quotes and partial quotes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.quotes.colons import ROLE_NOUNS
from retrieval.quotes.coref import Entities, name_in_description
from retrieval.quotes.frames import Sentences
from retrieval.quotes.lexicon import SPEECH_VERBS, word_set
from retrieval.quotes.marks import QuoteSpan
from retrieval.quotes.names import NAME_RE, looks_like_name, strip_titles, surname, tokens
from retrieval.quotes.speakers import Found

STRONG_KINDS = frozenset({"after-inverted", "after", "before", "according"})
# Possessive mentions ("Trump's campaign") name an owner, not the speaker.
_POSSESSIVE = re.compile(r"['’](?:s\b|\s|$)")
# A lower-case word before a name that still leaves the name the subject of its clause:
# "said Murphy", "pollster Ann Selzer", "since Trump spoke". Any other ("met Trump", "to
# Sanders", "of Trump rallies") makes it an object or a modifier, not a speaker.
_SUBJECT_AFTER = (
    SPEECH_VERBS
    | ROLE_NOUNS
    | word_set("since as while when because but although though where whereas then and")
)
_WORD_BEFORE = re.compile(r"([a-z][\w'’-]*)[\s,]*\Z")
_PRONOUN_SUBJECT = re.compile(r"\s*(?:(?:But|And|Yet|So)\s+)?(?:He|She|They|It|We|I)\b")


def known_speakers(body: str, entities: Entities, founds: Iterable[Found]) -> dict[str, str]:
    """Surname (lower case) -> full name of each person quoted with a strong cue."""
    by_surname: dict[str, set[str]] = {}
    for found in founds:
        if found.kind not in STRONG_KINDS:
            continue
        name = _name_of(body, found)
        if name is None:
            continue
        full = entities.full_name(name)
        if len(tokens(strip_titles(full))) < 2:
            continue  # a lone surname the article never spells out: not sure who it is
        by_surname.setdefault(surname(full).lower(), set()).add(full)
    # Two known people with one surname (Bill and Hillary Clinton): a surname alone is ambiguous.
    return {key: next(iter(names)) for key, names in by_surname.items() if len(names) == 1}


def _name_of(body: str, found: Found) -> str | None:
    if found.name_start is not None and found.name_end is not None:
        return body[found.name_start : found.name_end]
    phrase = body[found.speaker_start : found.speaker_end]
    if looks_like_name(phrase):
        return phrase
    return name_in_description(phrase)


def introduced_by_known(
    body: str,
    masked: str,
    sents: Sentences,
    span: QuoteSpan,
    known: dict[str, str],
) -> Found | None:
    """The one known speaker the quotation's introducing text names, as a `known` Found.

    `masked` is the body with quoted words blanked, so names inside quotations never count."""
    if not known:
        return None
    index = sents.index_at(span.open_pos)
    start, _ = sents[index]
    if body[start : span.open_pos].strip():
        # A quotation in mid-sentence is mostly a partial or scare quote of whatever the
        # sentence is about; one after a colon is already attributed by `introductions`.
        return None
    if index == 0:
        return None
    prev_start, prev_end = sents[index - 1]
    if body[prev_end : span.open_pos].count("\n\n") > 1:
        return None
    return _only_known(masked, prev_start, prev_end, known)


def _only_known(masked: str, start: int, end: int, known: dict[str, str]) -> Found | None:
    text = masked[start:end]
    if _PRONOUN_SUBJECT.match(text):
        return None  # "He anticipated that Trump would...": the pronoun's person is the topic
    hit: tuple[int, int] | None = None
    for m in NAME_RE.finditer(text):
        run = m.group()
        if not looks_like_name(run):
            continue
        after = text[m.end() : m.end() + 2]
        if _POSSESSIVE.match(after):
            return None
        key = surname(strip_titles(run)).lower()
        before = _WORD_BEFORE.search(text[: m.start()])
        if before and before.group(1) not in _SUBJECT_AFTER:
            continue  # an object or a modifier: not who speaks
        if key not in known:
            # Not blocking on unquoted names measured better on train: most are places,
            # organisations or weekdays, and people named as objects are skipped above.
            continue
        if hit is not None:
            return None
        hit = (start + m.start(), start + m.end())
    if hit is None:
        return None
    return Found(hit[0], hit[1], "", hit[1], hit[1], "known", hit[0], hit[1])
