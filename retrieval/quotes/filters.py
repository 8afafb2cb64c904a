"""Quote marks that are not quotations of anyone: scare quotes, titles and nicknames."""

from __future__ import annotations

import re

from retrieval.quotes.frames import Sentences
from retrieval.quotes.lexicon import SPEECH_VERBS, word_set
from retrieval.quotes.marks import QuoteSpan
from retrieval.quotes.speakers import Found

# Shorter than this and not introduced by a speech cue, quoted words are a scare quote or term.
MIN_PARTIAL_WORDS = 3
_STRONG = {"after-inverted", "after", "before", "according"}
# Words a title leaves in lower case, English and the Romance particles of foreign titles
# ("Los Hijos de Trump").
_SMALL_WORDS = {"a", "an", "the", "of", "and", "in", "on", "at", "to", "for", "or", "with", "by"}
_SMALL_WORDS |= {"de", "del", "la", "le", "les", "y", "e", "di", "da", "du"}


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def is_title_case(text: str, max_words: int = 8) -> bool:
    """'Saturday Night Live', 'The Art of the Deal': every word capitalised but small ones."""
    words = _words(text)
    if not words or len(words) > max_words or text.rstrip()[-1:] in ".!?,":
        return False
    # A year or number may end a title ("Indian Americans for Hillary 2008").
    rest_ok = all(w[0].isupper() or w.lower() in _SMALL_WORDS or w.isdigit() for w in words)
    return rest_ok and words[0][0].isupper()


def is_named_title(body: str, span: QuoteSpan) -> bool:
    """NBC's "Meet the Press." or on CBS's ''Face the Nation'': a title-case name after a
    possessive or "on", even with the full stop American style puts inside the marks."""
    text = body[span.inner_start : span.inner_end].rstrip(" .,")
    before = body[max(0, span.open_pos - 16) : span.open_pos]
    # `"This Kind of War," by T.R. Fehrenbach`: a work followed by its author.
    by_author = re.match(r"[,\"”'’\s]*by\s+[A-Z]", body[span.inner_end : span.close_end + 12])
    if not _TITLE_CONTEXT.search(before) and by_author is None:
        return False
    return is_title_case(text)


# Words right before a quoted name of a work: NBC's "...", on "...", her memoir, "...",
# the author of "...", starred in "...", a podcast called "...", told "..." (the programme
# that heard it), took the stage to "..." (a song), a Web ad, "...", starred in "..." and "...",
# proceeded to perform "..." (a song).
_TITLE_CONTEXT = re.compile(
    r"(?:['’]s|\bon|\bof|\bin|\bwith|\bto|\bby|\btold|\bshow|\bprogram|\bpodcast|\bseries|\bbook|\bmemoir"
    r"|\bautobiography|\bnovel|\bbiography|\bfilm|\bmovie|\bdocumentary|\balbum|\bsong"
    r"|\btitled|\bentitled|\bcalled|\bnamed|\bdubbed|\bpseudonym|\bthe|\bad|\bplay|\bperform"
    r"|\bpublish(?:ed|es)?|[\"”'’]\s+(?:and|or))[,:]?\s*\Z",
    re.IGNORECASE,
)


def is_subtitled_title(text: str) -> bool:
    """'Those Guys Have All the Fun: Inside the World of ESPN.': a title, a colon, a subtitle."""
    parts = text.rstrip(" .,").split(":")
    return len(parts) == 2 and all(is_title_case(p.strip(), max_words=10) for p in parts)


def is_nickname(body: str, span: QuoteSpan) -> bool:
    """Dwayne "The Rock" Johnson: quoted words between two parts of a name."""
    text = body[span.inner_start : span.inner_end].rstrip()
    if not text or text[-1] in ",.;:!?":
        return False  # "...," Smith said: a quotation ends with its punctuation, a nickname not
    before = body[max(0, span.open_pos - 30) : span.open_pos]
    after = body[span.close_end : span.close_end + 30]
    # The name part before sits on the same line and does not end a sentence ("Monday.").
    first = re.search(r"(?:\b[A-Z][\w'’-]*|\b[A-Z]\.)[ \t]\Z", before)
    return bool(first) and bool(re.match(r"[ \t][A-Z]", after))


def _is_address(text: str) -> bool:
    """'http://video.example.com' in an HTML attribute or a link: an address, no words."""
    text = text.strip()
    return " " not in text and re.match(r"(?:https?://|www\.)", text, re.IGNORECASE) is not None


# ("her" is left out: in `told her "..."` it is the hearer, not a determiner.)
_MODIFIER_DETERMINERS = word_set("a an the his their its our my your")
# Lower-case words after a quotation that go on the sentence rather than name a thing.
_NOT_HEAD_NOUNS = word_set(
    """and or but nor of for from with to in on at by about as than that which who when while
    because if so is are was were be been has have had will would can could should may might
    must do does did not into over after before during since until against between through
    under a an the this these those his her their its it he she they we i you there then now"""
)


def is_quoted_modifier(body: str, span: QuoteSpan) -> bool:
    """`wearing a "Make America Great Again" hat`, `a "No-B.S." barbecue`: the marks set off the
    words on a thing or a label between a determiner and the noun it names, not a quotation."""
    # Up to the closing mark: `''commander's intent,''` keeps its comma outside the inner text.
    text = body[span.inner_start : span.close_end].rstrip("\"”'’ \t")
    if not text or text[-1] in ",;:!?":
        return False
    before = re.search(r"\b(\w+)[ \t]+\Z", body[max(0, span.open_pos - 20) : span.open_pos])
    after = re.match(r"[ \t]+([a-z][\w-]*)\b(?![’'])", body[span.close_end : span.close_end + 30])
    if before is None or after is None:
        return False
    word, head = before.group(1), after.group(1)
    if word.lower() not in _MODIFIER_DETERMINERS and not _bare_modifier(text, word, head):
        return False
    return head not in _NOT_HEAD_NOUNS and not head.endswith("ly") and head not in SPEECH_VERBS


_OBJECT_PRONOUNS = word_set("them him me us")
# Before a bare modifier: a conjunction joining it to another, or an adjective stacked on it.
_STACKING_WORDS = word_set("and or original new old so-called latest first last other own same")
_ADJECTIVE_ENDS = ("al", "ive", "ous", "ful", "ic", "ary")


def _bare_modifier(text: str, before: str, head: str) -> bool:
    """`the original "big four" negotiators`, `and "rebellious" people`: a word or two in lower
    case after an adjective or a conjunction, not after a verb ('would "absolutely" require')
    nor before a verb's object or participle ('and "assigning" them')."""
    if len(_words(text)) > 2 or re.fullmatch(r"[a-z][a-z -]*", text) is None:
        return False
    if head in _OBJECT_PRONOUNS or head.endswith(("ing", "ed")):
        return False
    low = before.lower()
    return before.islower() and (low in _STACKING_WORDS or low.endswith(_ADJECTIVE_ENDS))


def is_quoted_label(body: str, span: QuoteSpan) -> bool:
    """`pins reading "Go Lions" campaign ...`, `and "Ted Cruz" buttons`: a short title-case
    label that a lower-case noun after it takes as its modifier; the marks name a thing."""
    text = body[span.inner_start : span.close_end].rstrip("\"”'’ \t")
    if not text or text[-1] in ".,;:!?" or not is_title_case(text, max_words=4):
        return False
    before = re.search(r"\b(\w+)[ \t]+\Z", body[max(0, span.open_pos - 20) : span.open_pos])
    if before is not None and before.group(1) in SPEECH_VERBS:
        return False  # `Cruz said "CNN" five times`: words he said, however few
    after = re.match(r"[ \t]+([a-z][\w-]*)\b(?![’'])", body[span.close_end : span.close_end + 30])
    if after is None:
        return False
    head = after.group(1)
    return head not in _NOT_HEAD_NOUNS and not head.endswith("ly") and head not in SPEECH_VERBS


def is_quoted_name(body: str, span: QuoteSpan) -> bool:
    """The name of a work or a nickname in quote marks: 'the author of "Salt Roads,"'."""
    text = body[span.inner_start : span.inner_end]
    return (
        is_named_title(body, span)
        or is_subtitled_title(text)
        or (is_nickname(body, span) and len(_words(text)) <= 4)
        or is_quoted_label(body, span)
    )


def is_not_speech(body: str, span: QuoteSpan, found: Found | None, sents: Sentences) -> bool:
    """True for quote marks around something nobody said in those words."""
    text = body[span.inner_start : span.inner_end]
    n = len(_words(text))
    if n == 0:
        return True
    strong = found is not None and found.kind in _STRONG
    if is_quoted_name(body, span) or _is_address(text) or is_quoted_modifier(body, span):
        return True
    if not strong and is_title_case(text):
        return True
    if found is not None and is_full_sentence(body, span):
        return False  # "Too many." - a whole short sentence with its cue is speech
    if _LABEL_BEFORE.search(body, max(0, span.open_pos - 20), span.open_pos):
        return True  # `the so-called "flash estimate"`, `dubbed "Robocop"`: a name for a thing
    if found is not None and _cue_near(body, span, found):
        return False  # `branded it "tasteless"`, `which he calls "good fun"`: the cue's words
    return not strong and n < MIN_PARTIAL_WORDS and span.paragraph == span.last_paragraph


_LABEL_BEFORE = re.compile(
    r"\b(?:so-called|dubbed|nicknamed|known as|named|entitled|titled)\s*\Z", re.IGNORECASE
)
# A reporting verb this many words before a short quotation at most governs it.
_NEAR_WORDS = 4


def _cue_near(body: str, span: QuoteSpan, found: Found) -> bool:
    """Whether the cue stands right before the quotation in its clause: `branded it "..."`,
    `described as "..."`, `said he was "..."`."""
    if not found.cue_end <= span.open_pos:
        return False
    between = body[found.cue_end : span.open_pos]
    if re.search(r"[.;:!?\"“”]", between):
        return False
    return len(_words(between)) <= _NEAR_WORDS


def is_full_sentence(body: str, span: QuoteSpan) -> bool:
    """'"Too many."', '"USA! USA!"': capitalised, with the terminal punctuation inside the marks."""
    text = body[span.inner_start : span.inner_end].rstrip()
    return bool(text) and text[0].isupper() and text[-1] in ".!?" and span.closed
