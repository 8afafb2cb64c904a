"""Which capitalised runs are people, and the person's name inside a longer run.

`NAME_RE` takes any run of capitalised words, so "Senate Minority Leader Dana Reid", "CNN
Gloria Borger", "Team Trump" and "FULL TEXT" all come out as names. A "he" resolved to such a
run names the wrong person (or no person at all), which is worse than leaving it unresolved,
so the coreference keeps only runs shaped like a person's name, cut to the name itself.
"""

from __future__ import annotations

from functools import lru_cache

from retrieval.quotes.lexicon import is_role_word, word_set
from retrieval.quotes.names import strip_titles, tokens

# Capitalised words that open a run but are no first name: jobs, offices, determiners.
# Everything up to the last of them is description: "Clinton Senior Adviser Sid Blum".
_DESCRIPTION = word_set(
    """neither both another presumptive state comedian comedienne reporter anchor host
    columnist commentator ceo cfo coo leader minority majority whip senate house adviser
    advisor aide strategist pollster analyst economist professor editor publisher founder
    co-founder executive manager spokesman spokeswoman spokesperson actor actress singer
    rapper author writer novelist historian activist lawyer attorney businessman
    businesswoman billionaire chairman chairwoman senior deputy assistant correspondent
    producer director editor-in-chief team pool congressional moderator staff elections
    liberals conservatives"""
)
# Words that make a run an organisation, a place or a party, never one person.
_NOT_PERSON = word_set(
    """house committee party campaign department university college technologies inc inc.
    corp corp. co. llc group news times post journal court senate congress administration
    foundation institute association council center centre bank company network union
    team international street republicans democrats republican democratic democrat
    pictures classics brothers text prize-winning states kingdom nations agency office ministry
    government organization organisation commission prison hospital school stadium airport
    station church cathedral museum gallery theatre theater hotel park road avenue square
    bridge festival awards show exhibition fair expo conference summit forum games cup
    championship championships league tournament trophy prize"""
)
# A run that is only a US state (`in Ames, Iowa, on Sunday`) is a place, and a state
# before a name is description: "North Carolina Ada Fish".
_STATES = frozenset(
    s.lower()
    for s in """Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|
    Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|
    Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|
    New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|
    Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|
    Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming""".replace("\n", "").split("|")
)
_ROMAN = frozenset({"II", "III", "IV", "VI"})


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "'", "’"))


def _acronym(word: str) -> bool:
    """'CNN', 'CEO', 'FULL': an organisation or a heading, not a name word ('J.M.' is)."""
    return len(word) >= 2 and word.isalpha() and word.isupper() and word not in _ROMAN


def _state_prefix(toks: list[str]) -> int:
    """How many words of a state open `toks`, when a name of two words at least follows."""
    for n in (2, 1):
        if len(toks) >= n + 2 and " ".join(toks[:n]).lower() in _STATES:
            return n
    return 0


@lru_cache(maxsize=65536)
def person_core(name: str) -> str:
    """'Fox News' Sean Hanley' -> 'Sean Hanley'; 'CNN Gloria Borg' -> 'Gloria Borg';
    'Senate Minority Leader Dana Reid' -> 'Dana Reid'. Keeps two words at least, so a run
    that is all description stays as it is (and `is_person_name` turns it down)."""
    toks = tokens(name)
    cut = 0
    for k, word in enumerate(toks[:-1]):
        low = word.lower()
        if _possessive(word):
            cut = k + 1  # "AG Edwards' Thayer": the owner, then the person
        elif k < len(toks) - 2 and (
            low in _DESCRIPTION or is_role_word(low) or _acronym(word) or low.endswith("-born")
        ):
            cut = k + 1
    toks = toks[cut:]
    toks = toks[_state_prefix(toks) :]
    return " ".join(toks) if cut or len(toks) < len(tokens(name)) else name


def after_job(name: str) -> str | None:
    """'Staff Dale Pruitt' (of "Chief of Staff Dale Pruitt") -> 'Dale Pruitt': the name after
    a job or office word, which makes it the head of its phrase, not an object of "of"."""
    toks = tokens(name)
    jobs = [k for k, word in enumerate(toks[:-2]) if word.lower() in _DESCRIPTION]
    return " ".join(toks[jobs[-1] + 1 :]) if jobs else None


@lru_cache(maxsize=65536)
def is_person_name(name: str) -> bool:
    """False for 'Team Trump', 'FULL TEXT', 'Bush White House', 'Presumptive Democratic',
    'Another', 'Iowa'; true for 'Dana Reid', 'Mr. Reid', 'C. Boyd Grey', 'Ban'."""
    toks = tokens(person_core(strip_titles(name)))  # "Supreme Court Justice Ann Lee": a person
    if not toks or " ".join(toks).lower() in _STATES:
        return False
    if toks[0].lower() in _DESCRIPTION:
        return False
    return not any(
        t.lower() in _NOT_PERSON
        or _acronym(t)
        or _possessive(t)
        or t.lower().endswith(("-born", "-based"))
        for t in toks
    )
