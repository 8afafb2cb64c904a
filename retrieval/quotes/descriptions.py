"""Speakers written as descriptions: 'a spokesman for Mr Corbyn', 'Downing Street sources',
'left-wing supporters of Jeremy Corbyn', 'the Labour leader'.

A description is a role, often with someone it belongs to (its mention). Only a role that speaks
or works for that someone makes the mention the speaker's affiliation: a spokesman, aide, lawyer
or official of X gives X's line; supporters, critics or rivals of X speak for themselves, so X
is only mentioned. A document of X ("a statement from Qwest") is X's own words. A role with no
mention ("the Labour leader") is a person when the article names who holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from retrieval.quotes.lexicon import word_set
from retrieval.quotes.names import NAME_RE, looks_like_name

DETERMINERS = word_set("a an the one another this that its some several two three four")
# Roles whose holder speaks or works for someone: their words are that someone's line.
SPEAKS_FOR = word_set(
    """spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople aide aides adviser
    advisers advisor advisors lawyer lawyers attorney attorneys solicitor solicitors
    representative representatives official officials source sources insider insiders office
    campaign team staff staffer staffers secretary agent agents publicist publicists executive
    executives chairman chairwoman chief boss bosses director directors manager managers
    president minister ministry department spokes press"""
)
# Documents that carry their author's own words.
DOCUMENTS = word_set(
    """statement statements letter letters report memo memos release note email e-mail
    announcement tweet tweets post posts website account book memoir speech remarks blog
    minutes"""
)
_PREPOSITIONS = ("for", "of", "to", "at", "from", "with", "in", "close to")
# An adjective of nationality or party ("a Russian official", "one Democratic source") is no
# body of its own: a premodifier mention must not end like one.
_ADJECTIVE_END = re.compile(r"(?:an|ian|ese|ish|ic|i)$")


@dataclass(frozen=True)
class Description:
    """`role` as written (no leading determiner) and the name it mentions, if any.

    `mention` is None for a plain role; `speaks_for` says whether the role speaks or works for
    the mention (an affiliation), `document` whether the phrase is a document of the mention."""

    text: str  # the description without its leading determiner
    role: str
    mention: str | None = None
    speaks_for: bool = False
    document: bool = False
    # Whose the role is, by the phrase's form: "of" ("spokesman for X", "X's spokesman") makes
    # it someone's; "premodifier" ("the Labour leader") and "plain" may be a role the article
    # names a holder of.
    form: str = "plain"

    def with_mention(self, name: str) -> str:
        """The description with its mention written as `name`, first letter capitalised."""
        text = self.text if self.mention is None else self.text.replace(self.mention, name, 1)
        return text[:1].upper() + text[1:]


def _drop_determiner(phrase: str) -> tuple[str, bool]:
    words = phrase.strip().split()
    dropped = False
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words, dropped = words[1:], True
    return " ".join(words), dropped


def _head(role: str) -> str:
    words = re.findall(r"[a-z][\w'’-]*", role.lower())
    return words[-1] if words else ""


def _is_mention(name: str) -> bool:
    name = name.strip(" ,")
    return bool(name) and name[0].isupper() and looks_like_name(name)


@lru_cache(maxsize=65536)
def parse_description(phrase: str, capitalised_elsewhere: bool = False) -> Description:
    """The role and mention of a speaker description.

    `capitalised_elsewhere` says the first word of the phrase is capitalised as a name in the
    article, not only because it opens a sentence ("Rover bosses" beside "at Rover")."""
    text, had_determiner = _drop_determiner(phrase)
    # "Mr Corbyn's spokesman", "Clinton's campaign"
    possessive = re.match(r"^(.+?)['’]s?\s+([a-z][\w\s'’-]*)$", text)
    if possessive and _is_mention(possessive.group(1)):
        return _described(text, possessive.group(2), possessive.group(1), "of")
    # "spokesman for Mr Corbyn", "supporters of Jeremy Corbyn", "a source close to the Prime
    # Minister": the mention is a name after a preposition.
    for prep in _PREPOSITIONS:
        m = re.match(rf"^(.*?[a-z][\w'’-]*)\s+{prep}\s+(?:the\s+)?([A-Z].*)$", text)
        if m and _is_mention(m.group(2)) and not looks_like_name(m.group(1)):
            return _described(text, m.group(1), m.group(2).strip(" ,"), "of")
    # "Downing Street spokesman", "IMF official", "M&S spokesman", "the Clinton campaign"
    premodified = re.match(r"^((?:[A-Z0-9][\w&.'’-]*\s+)+)([a-z][\w\s'’-]*)$", text)
    if premodified:
        mention = premodified.group(1).strip()
        first_is_name = had_determiner or capitalised_elsewhere or mention.isupper()
        last = mention.split()[-1]
        adjective = len(mention.split()) == 1 and _ADJECTIVE_END.search(last) is not None
        hyphenated_adjective = re.search(r"-[a-z]", last) is not None  # "Left-wing"
        if first_is_name and not adjective and not hyphenated_adjective:
            return _described(text, premodified.group(2), mention, "premodifier")
    return Description(text, text)


def _described(text: str, role: str, mention: str, form: str) -> Description:
    head = _head(role)
    return Description(
        text,
        role.strip(),
        mention,
        speaks_for=head in SPEAKS_FOR,
        document=head in DOCUMENTS,
        form=form,
    )


# Up to three adjectives before a role ("the embattled Labour leader"), never a phrase that
# makes the role someone else's ("the wife of the Labour leader").
_GAP = r"(?:(?!(?:of|for|to|and|with|by)\b)[\w-]+\s+){0,3}?"
_APPOSITION_BEFORE = re.compile(rf",\s+(?:(?:the|a)\s+)?{_GAP}$", re.IGNORECASE)
_DEFINITE_BEFORE = re.compile(rf"\bthe\s+{_GAP}$", re.IGNORECASE)
_WINDOW = 120


def whole_words(target: str, text: str) -> list[tuple[int, int]]:
    """Spans of `target` as whole words in `text`, not followed by a possessive ("the Labour
    leader's spokesman" holds no "Labour leader")."""
    spans, at = [], 0
    while (at := text.find(target, at)) >= 0:
        end = at + len(target)
        before = text[at - 1 : at] if at else " "
        after = text[end : end + 1]
        if not (before.isalnum() or before == "-") and not (after.isalnum() or after in "'’-"):
            spans.append((at, end))
        at = end
    return spans


def names_holding(role: str, body: str, lowered: str | None = None) -> list[str]:
    """Every name the article gives as holding `role`, as written, in order of use:
    "Labour leader Jeremy Corbyn", "Jeremy Corbyn, the Labour leader,", "the Labour leader,
    Jeremy Corbyn"."""
    role = role.strip()
    if not role or not re.search(r"[a-z]", role):
        return []
    found: list[str] = []
    for start, end in whole_words(" ".join(role.split()).lower(), lowered or body.lower()):
        names = []
        space = re.match(r"[ \t]+", body[end : end + 4])
        comma = re.match(r",[ \t]+", body[end : end + 4])
        if space:  # "Labour leader Jeremy Corbyn"
            names.append(NAME_RE.match(body, end + space.end()))
        window = body[max(0, start - _WINDOW) : start]
        if comma and _DEFINITE_BEFORE.search(window):  # "the Labour leader, Jeremy Corbyn"
            names.append(NAME_RE.match(body, end + comma.end()))
        apposition = _APPOSITION_BEFORE.search(window)
        if apposition:  # "Jeremy Corbyn, the Labour leader"
            ends = start - len(window) + apposition.start()
            names += [n for n in NAME_RE.finditer(body, ends - _WINDOW, ends) if n.end() == ends]
        for name in names:
            if name is not None:
                text = re.sub(r"['’]s?$", "", name.group()).strip()
                if text not in found:
                    found.append(text)
    return found
