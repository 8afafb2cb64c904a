"""Light coreference: from the words at a quote ("he", "Mr Corbyn", "the letter") to a name.

Rules, not a model: a surname or titled name maps to the fullest name in the article ending in
that surname; "he"/"she" to the latest named person speaker or sentence subject before the
quote; "they" and group or document nouns ("the activists", "the letter") to the latest group
speaker. What cannot be resolved stays unresolved rather than guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from retrieval.quotes.lexicon import GROUP_NOUNS, NON_NAME_WORDS, PRONOUNS, word_set
from retrieval.quotes.names import (
    NAME_RE,
    is_title,
    looks_like_name,
    strip_titles,
    surname,
    tokens,
    trailing_name,
)
from retrieval.quotes.persons import after_job, is_person_name, person_core

# Capitalised modifiers that stand before names but are not part of them.
_MODIFIERS = word_set(
    """republican republicans democratic democrat democrats gop presidential independent
    libertarian conservative liberal labour tory american british former vice candidate
    nominee hopeful billionaire businessman rival frontrunner front-runner"""
)
_FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "dame"}
_MALE_TITLES = {"mr", "mr.", "sir", "lord"}


def _clean_name(run: str) -> str:
    toks = tokens(run)
    while toks and (toks[0].lower() in NON_NAME_WORDS or toks[0].lower() in _MODIFIERS):
        toks = toks[1:]
    toks = [t[:-2] if t.endswith(("'s", "’s")) else t for t in toks]
    return person_core(" ".join(t.rstrip(",") for t in toks))


@dataclass
class Entities:
    """Full names in one article, by surname, with the offset of each mention."""

    full_names: dict[str, Counter[str]] = field(default_factory=dict)
    # Organisations and places ("Washington Post", "Team Trump"), by last word.
    other_names: dict[str, Counter[str]] = field(default_factory=dict)
    first_seen: dict[str, int] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)
    # Per full name, the pronouns ("f" or "m") that follow its mentions in the same sentence.
    pronoun_genders: dict[str, Counter[str]] = field(default_factory=dict)
    # Per surname, the pronouns after its untitled surname-only mentions.
    surname_genders: dict[str, Counter[str]] = field(default_factory=dict)
    # Per surname, the sexes of the titles it is written with ("Mr. Trump", "Mrs. Clinton").
    title_genders: dict[str, Counter[str]] = field(default_factory=dict)

    # Acronym -> the name it stands for: "IMF" -> "International Monetary Fund (IMF)".
    text: str = ""
    _acronyms: dict[str, str] | None = None

    @property
    def acronyms(self) -> dict[str, str]:
        """Acronym -> the name it stands for, read from the text when first asked."""
        if self._acronyms is None:
            self._acronyms = _acronyms(self.text)
        return self._acronyms

    @classmethod
    def scan(cls, text: str) -> Entities:
        ents = cls()
        ents.text = text
        for m in NAME_RE.finditer(text):
            name = _clean_name(m.group())
            core = strip_titles(name)
            if not looks_like_name(name):
                continue
            if not is_person_name(name):
                # "Team Trump" is no fuller "Trump", nor "FULL TEXT" a "he"; but "the Post"
                # is still "The Washington Post" when no person goes by "Post".
                if len(tokens(core)) >= 2:
                    ents.other_names.setdefault(surname(core).lower(), Counter())[core] += 1
                continue
            parts = [t for t in tokens(core) if not is_title(t)]
            if len(parts) >= 2 and len(parts) <= 4:
                key = surname(core).lower()
                ents.full_names.setdefault(key, Counter())[core] += 1
                ents.first_seen.setdefault(core, m.start())
                gender = _next_pronoun_gender(text, m.end())
                if gender:
                    ents.pronoun_genders.setdefault(core, Counter())[gender] += 1
            elif len(parts) == 1:
                # "Mr. Trump", "Trump said he ...": evidence for whoever goes by that surname;
                # a pronoun after "Mrs. Clinton" says nothing the title does not.
                titled = gender_of(name)
                said = titled or _next_pronoun_gender(text, m.end())
                if said:
                    by = ents.title_genders if titled else ents.surname_genders
                    by.setdefault(parts[0].lower(), Counter())[said] += 1
            ents.mentions.append((m.start(), name))
        return ents

    def full_name(self, name: str) -> str:
        """Fullest form of `name`: "Mr Corbyn" -> "Jeremy Corbyn"; unknown names as written."""
        bare = name.strip()
        if bare.isupper() and bare in self.acronyms:
            return self.acronyms[bare]  # "GE" -> "General Electric (GE)"
        if not is_person_name(bare) and len(tokens(bare)) >= 2:
            spelled = self.body_name(bare)
            if spelled.endswith(")"):
                return spelled  # "Civil Liberties Forum" -> "Civil Liberties Forum (CLF)"
        core = person_core(strip_titles(name))
        parts = tokens(core)
        key = surname(core).lower()
        options = self.full_names.get(key)
        if not options:
            others = self.other_names.get(key)
            if others and len(parts) == 1:
                return max(others, key=lambda o: (others[o], len(o)))
            return core if len(parts) >= 2 else name
        if len(parts) >= 2:
            # "Ted Cruz" may have a fuller "Rafael Edward Ted Cruz"; keep the written first name.
            same_first = [n for n in options if tokens(n)[0].lower() == parts[0].lower()]
            return max(same_first, key=len) if same_first else core
        gender = gender_of(name)
        if gender is not None and all(self.sex(o) == _OTHER[gender] for o in options):
            return name  # "Mrs. Rowan" beside only a Paul Rowan the article calls "he"
        if gender is not None and len(options) > 1:
            # "Mrs. Clinton" beside Bill and Hillary Clinton: the one the article's pronouns make
            # a woman; else not one they make a man; when nobody is left, the name as written.
            matching = Counter({o: n for o, n in options.items() if self.sex(o) == gender})
            options = matching or Counter(
                {o: n for o, n in options.items() if self.sex(o) != _OTHER[gender]}
            )
            if not options:
                return name
            if not matching and len({tokens(o)[0].lower() for o in options}) > 1:
                return name  # Bill and Hillary, neither known by sex: a guess, so as written
        # "Donald Trump" and "Donald J. Trump" are one person: count mentions by first name.
        by_first: Counter[str] = Counter()
        for option, n in options.items():
            by_first[tokens(option)[0].lower()] += n
        first = max(by_first, key=lambda f: (by_first[f], -self._seen(options, f)))
        same = [o for o in options if tokens(o)[0].lower() == first]
        return max(same, key=len)

    def body_name(self, name: str) -> str:
        """A body's name with the acronym the article gives it: "Asian Development Bank" and
        "ADB" both -> "Asian Development Bank (ADB)"."""
        if name in self.acronyms:
            return self.acronyms[name]
        bare = name.removeprefix("the ").removeprefix("The ")
        for spelled in self.acronyms.values():
            if spelled.startswith(bare + " ("):
                return spelled
        return bare

    def sex(self, full: str) -> str | None:
        """What the pronouns after `full` say, when they say one thing twice over."""
        return _majority(self.pronoun_genders.get(full, Counter()))

    def person_sex(self, full: str) -> str | None:
        """The sex of `full` from its own mentions and, when no one else in the article shares
        its surname, from the mentions of the surname alone ("Mr. Trump", "Trump said he"); when
        others share it, only for the one a bare surname resolves to."""
        key = surname(full).lower()
        seen = Counter(self.pronoun_genders.get(full, Counter()))
        # With Bill and Hillary Clinton both named, a bare "Clinton" is the one it resolves to.
        # A surname written both "Mr." and "Mrs." is two people: its mentions settle nothing.
        titles = self.title_genders.get(key, Counter())
        bare = surname(full)
        if len(titles) < 2 and tokens(self.full_name(bare))[:1] == tokens(full)[:1]:
            seen.update(self.surname_genders.get(key, Counter()))
            seen.update(titles)
        return _majority(seen)

    def _seen(self, options: Counter[str], first: str) -> int:
        return min(self.first_seen.get(o, 0) for o in options if tokens(o)[0].lower() == first)

    def is_known_person(self, name: str) -> bool:
        return surname(strip_titles(name)).lower() in self.full_names


_OTHER = {"f": "m", "m": "f"}


def _majority(seen: Counter[str]) -> str | None:
    """One sex said twice over and twice as often as the other, else None."""
    for gender, other in _OTHER.items():
        if seen[gender] >= 2 * max(1, seen[other]):
            return gender
    return None


_PRONOUN_GENDER = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f", "hers": "f"}
_NEXT_PRONOUN = re.compile(r"[^.!?\n]{0,80}?\b(he|his|him|she|her|hers)\b", re.IGNORECASE)
_ANOTHER_NAME = re.compile(r"\s([A-Z][a-z]+)")
# "Lynch will testify on Tuesday. She has been under fire ...": the next sentence's subject.
_NEXT_SENTENCE_PRONOUN = re.compile(r"[^.!?\n]{0,120}?[.!?][\"”’']?[ \t]+(He|She|His|Her)\b")


def _another_name(text: str, start: int, end: int) -> bool:
    """A capitalised word between a name and a pronoun, not counting "Tuesday" or "The"."""
    return any(
        w.group(1).lower() not in NON_NAME_WORDS for w in _ANOTHER_NAME.finditer(text, start, end)
    )


def _next_pronoun_gender(text: str, end: int) -> str | None:
    """The sex of the first personal pronoun shortly after a name, in its sentence or opening
    the next one, when no other capitalised word comes between them (the pronoun could be
    that one's)."""
    m = _NEXT_PRONOUN.match(text, end) or _NEXT_SENTENCE_PRONOUN.match(text, end)
    if m is None or _another_name(text, end, m.start(1)):
        return None
    return _PRONOUN_GENDER[m.group(1).lower()]


def gender_of(name_as_written: str) -> str | None:
    first = tokens(name_as_written)[:1]
    if not first:
        return None
    low = first[0].lower()
    if low in _FEMALE_TITLES:
        return "f"
    if low in _MALE_TITLES:
        return "m"
    return None


def is_pronoun(phrase: str) -> bool:
    toks = tokens(phrase)
    return len(toks) == 1 and toks[0].lower() in PRONOUNS


def is_group_phrase(phrase: str) -> bool:
    """'the activists', 'the letter', 'their open letter': a group or the document it wrote;
    not 'The Washington Post', whose capitalised head makes it a name of its own."""
    toks = tokens(phrase)
    return (
        bool(toks)
        and toks[-1].islower()
        and toks[-1] in GROUP_NOUNS
        and toks[0].lower() in {"the", "their", "this", "that"}
    )


# Words before a name that make it someone or somewhere else than the speaker: "a spokesman
# for Mr Corbyn", "detainee 'A' in Woodhill Prison".
_OWNER_LINKS = {"for", "of", "to", "with", "at", "from", "by", "and", "in", "on", "'s"}


def name_in_description(phrase: str, known: Callable[[str], bool] | None = None) -> str | None:
    """'Clinton campaign manager Robby Mook' -> 'Robby Mook'; not 'A spokesman for Mr Corbyn'.

    One capitalised word after "a" is a party or a nationality ("a Republican") unless the
    article names a person by it (`known`): "A flabbergasted Noah".
    """
    name = trailing_name(phrase)
    if not name or name == phrase or not phrase.rstrip(" ,").endswith(name):
        return None
    if is_title(tokens(name)[-1]):
        return None  # "the Salford MP": a place and an office, no name
    before = phrase[: phrase.rfind(name)].rstrip()
    head = after_job(name)
    if head is not None and before.split()[-1:] == ["of"]:
        return head  # "Chief of Staff Dale Pruitt", "Secretary of State Jon Kerrigan"
    # "A spokeswoman for the House Committee": the word before the article decides.
    lead = [w for w in before.split() if w.lower() not in {"the", "a", "an"}] or [""]
    last = lead[-1].lower()
    if last in _OWNER_LINKS or last.endswith(("'s", "’s")):
        return None
    if re.search(r"\b(?:a|an|one)\b", before, re.IGNORECASE) and len(tokens(name)) < 2:
        return name if known is not None and known(name) else None
    return name


# "the International Monetary Fund (IMF)": a name and the acronym the article gives it.
_SPELLED_OUT = re.compile(
    r"((?:[A-Z][\w&'’-]*\s+(?:(?:of|and|for|the|on)\s+)*){1,7}[A-Z][\w'’-]*)\s+\(([A-Z]{2,7})\)"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,7}\b")
_SMALL = {"of", "and", "for", "the", "on", "&"}
# Countries and unions everyone writes short: never read as the initials of a name nearby.
_PLACES = {"US", "UK", "EU", "UN", "USA", "UAE"}


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms the article uses, each with the name it spells: given in brackets after the
    name, or a run of capitalised words whose initials make it ("General Electric", "GE")."""
    out: dict[str, str] = {}
    for m in _SPELLED_OUT.finditer(text):
        name, short = m.group(1), m.group(2)
        words = name.split()
        if words[0] == "The":
            words = words[1:]
        for start in range(len(words)):  # "Sri Lanka's ... Asian Development Bank (ADB)"
            if _initials(words[start:]) == short:
                out[short] = f"{' '.join(words[start:])} ({short})"
                break
    used = set(_ACRONYM.findall(text)) - set(out) - _PLACES
    if used:
        for m in NAME_RE.finditer(text):
            words = m.group().split()
            if any(w.endswith(("'s", "’s", "'", "’")) for w in words):
                continue  # "Universal Studio's": an owner, not a name spelt out
            for start in range(len(words) - 1):
                short = _initials(words[start:])
                if short in used and short not in out:
                    out[short] = f"{' '.join(words[start:])} ({short})"
    return out


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _SMALL and w[:1].isupper())
