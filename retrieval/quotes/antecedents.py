"""The person a sentence opens with, as a later "he" or "she" may refer back to them.

"Mr. Lou said ...", "Ann Lee told ...", "state Sen. Ann Lee said ...", and also a name after a
described office:
"Former House speaker Ned Ginger noted ...", where the capitalised run the sentence opens with
("Former House") is no name and the lower-case title word ("speaker") ends the description.
"""

from __future__ import annotations

import re

from retrieval.quotes.coref import Entities, gender_of
from retrieval.quotes.lexicon import (
    NON_NAME_WORDS,
    is_role_word,
    is_verb_like,
    word_set,
)
from retrieval.quotes.names import NAME_RE, is_particle, is_title, looks_like_name
from retrieval.quotes.persons import is_person_name
from retrieval.quotes.referring_descriptions import (
    described_someone,
    description_subject,
    is_anonymous,
    tied_name,
)
from retrieval.quotes.speakers import BREAKS

# Capitalised words, a lower-case title ("county party chairman"), then the name:
# "Former House speaker Ned Ginger".
_DESCRIBED = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*)\s+(?=[A-Z])"
)

_LOWER_THEN_TITLE = re.compile(r"[a-z][\w-]*\s+(?=[A-Z])")


def opening_name(head: str) -> str:
    """The capitalised run `head` opens with, or the one after a described office; else ""."""
    m = NAME_RE.match(head)
    run = m.group() if m else ""
    lower = _LOWER_THEN_TITLE.match(head)
    if not run and lower:  # "state Rep. Gilda Cobb-Hunter recalled ...", "the Rev. Al Sharp"
        titled = NAME_RE.match(head, lower.end())
        if titled and is_title(titled.group().split()[0]):
            return titled.group()
    described = _DESCRIBED.match(head)
    if described and is_title(described.group(1)):
        after = NAME_RE.match(head, described.end())
        if after:
            return after.group()
    return run


# Words that open a subject phrase in lower case, before its roles and names.
_DETERMINERS = word_set("the a an his her their its our")
# Letters after a name that are honours or seats, not part of it: "Guy Mansfield QC".
_POST_NOMINALS = word_set("QC KC MP MEP MSP AM OBE MBE CBE")
_SUBJECT_WORDS = 16
_SUBJECT_CHARS = 110


def subject_name(head: str) -> tuple[int, int] | None:
    """Offsets in `head` of the name at the head of its subject phrase, or None.

    The subject runs from the start to the first verb or comma. Inside it, capitalised runs
    followed by a role noun are the person's affiliation ("Real Madrid director of sport
    Emilio Butragueno", "Tory leader Michael Howard", "British number one Tim Henman, who ...");
    the last run is the person. A description set off by commas may carry the name instead:
    "The new chairman of the council, Guy Mansfield QC, warned". Whether the run is a person
    is the caller's question."""
    words = _subject_words(head[:_SUBJECT_CHARS])  # the subject is near the start
    runs: list[tuple[int, int]] = []  # word index ranges of capitalised runs
    k = 0
    while k < len(words) and words[k][0].lower() in _DETERMINERS:
        k += 1
    start = None
    first = k
    role_seen = False
    end_at = min(len(words), k + _SUBJECT_WORDS)
    while k < end_at:
        w = words[k][0]
        joins = (
            start is not None and (is_particle(w) or w in {"&", "of"}) and _capital_at(words, k + 1)
        )
        if w[:1].isupper() or joins:
            start = k if start is None else start
            k += 1
            continue
        if start is not None:
            runs.append((start, k))
            start = None
        if w in BREAKS or w in {'"', "“", "”"} or _verb_like(w):
            break
        if runs and runs[-1][1] == k and not _role_ahead(words, k):
            if _modified_noun(w):
                return None  # "an Alan Shearer strike earned": the name modifies a noun
            break  # a name, then its verb: the subject ended ("Lee met", "Lee put")
        if k == first and w.lower() in NON_NAME_WORDS:
            return None  # "after Lee left, ...": a clause or phrase opens, not the subject
        if not runs and not role_seen and not _premodifier(w) and not _role_ahead(words, k):
            return None  # "The plan forms part of ...": no person's roles lead the subject
        role_seen = role_seen or _role_like(w)
        k += 1
    else:
        if start is not None:
            runs.append((start, k))
    if k < len(words) and words[k][0] == "," and (not runs or not _is_person_run(words, runs[-1])):
        apposed = _apposed_name(words, k + 1)  # "Its founder, Ruth Amis, opened"
        if apposed is not None:
            runs.append(apposed)
    runs = [r for r in runs if not is_work_title(head, words[r[0]][1])]
    if not runs:
        return None
    a, b = runs[-1]
    while b - a > 1 and words[b - 1][0] in _POST_NOMINALS:
        b -= 1
    return words[a][1], words[b - 1][2]


# Words of a subject phrase: abbreviated titles and initials keep their full stop.
_SUBJECT_WORD = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Capt|Prof|Rev|Jr|Sr)\.|(?:[A-Z]\.)+(?=\s*[A-Z])"
    r"|[\w'’&-]+|[^\w\s]"
)


def _subject_words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _SUBJECT_WORD.finditer(text)]


def _capital_at(words: list, k: int) -> bool:
    return k < len(words) and words[k][0][:1].isupper()


def _verb_like(word: str) -> bool:
    return is_verb_like(word)


# Lower-case words that may lead a person's roles: "former", "eighth seed", "22-year-old".
_MODIFIERS = word_set(
    """former late new veteran fellow top senior junior acting then current ex young old
    world number one two three four first second third fourth fifth sixth seventh eighth
    ninth tenth chief deputy joint interim outgoing incoming long-time longtime local
    regional national international"""
)
_ADJECTIVE_ENDINGS = ("al", "ian", "ish", "ese", "ic", "ive", "ary", "an")


def _premodifier(word: str) -> bool:
    low = word.lower()
    return (
        _role_like(word)
        or low in _MODIFIERS
        or "-" in low
        or low.isdigit()
        or low.endswith(_ADJECTIVE_ENDINGS)
    )


# Past forms that are no "-ed" word: a name before one of them is the sentence's subject.
_IRREGULAR_PAST = word_set(
    """met made took gave went got won lost beat came saw ran led left kept held found thought
    brought bought began broke chose drove fell felt fought flew grew hit knew let lay quit
    rode rose sat set shot shut sold sent spent spoke stood struck swore taught threw tore
    understood wore wrote became drew forgot hid meant paid rang sang sank slept slid sought
    spun stuck stung swam swung woke"""
)


def _modified_noun(word: str) -> bool:
    """A lower-case word after a name that is neither its verb nor its role: a noun the name
    modifies ("an Alan Shearer strike", "the Wenger era"), not "Lee met", "Lee says"."""
    low = word.lower()
    return (
        word.islower()
        and word.isalpha()
        and not _verb_like(word)
        and low not in _IRREGULAR_PAST
        and not low.endswith("s")
        and low not in NON_NAME_WORDS
    )


def _role_ahead(words: list, k: int) -> bool:
    """A role noun at word k, or after a noun or two that modify it ("party chairman"), or a
    noun set right before the name it describes ("US behemoth General Electric")."""
    for n in range(k, min(k + 3, len(words))):
        w = words[n][0]
        if not w.islower() or _verb_like(w) or w in _IRREGULAR_PAST:
            return False
        if _role_like(w):
            return True
        if n + 1 < len(words) and _capital_at(words, n + 1) and w.isalpha() and len(w) > 3:
            return True
    return False


def _role_like(word: str) -> bool:
    return is_role_word(word)


def _is_person_run(words: list, run: tuple[int, int]) -> bool:
    return is_person_name(" ".join(w[0] for w in words[run[0] : run[1]]))


def _apposed_name(words: list, k: int) -> tuple[int, int] | None:
    """The capitalised run right after a comma, closed by a comma or followed by a verb."""
    start = k
    while k < len(words) and words[k][0][:1].isupper():
        k += 1
    if k == start or k >= len(words):
        return None
    if words[k][0] == "," or _verb_like(words[k][0]):
        return start, k
    return None


_SENTENCE_OPENERS = re.compile(r"^(?:(?:But|And|Yet|So|Still|Then|Now|Later|Also)\s+)?")
# A short opening phrase before the subject: "On Monday, ", "Soon after the vote, ".
_OPENING_PHRASE = re.compile(
    r"^(?:(?:On|In|At|After|Before|During|Soon after|Earlier|Later|Last|When|While|Since|As|For)"
    r"\b|[A-Z][a-z]+ing\b)[^,.;:!?\"“”]{0,80},\s+"
)
# `... were echoed by Christine Rush, who ...`: the agent of a passive is who acted.
# `the press conference hosted by Alan Milburn`: a reduced one, when no person is the subject.
_PASSIVE_AGENT = re.compile(
    r"\b(?P<aux>(?:was|were|is|are|be|been|being)\s+(?:[a-z]+ly\s+)?)?[a-z]+ed\s+by\s+"
)
_INVERTED_CUE = re.compile(
    rf",\s+(?:said|says|added|adds|explained|according to)\s+(?:[a-z][\w-]*\s+){{0,3}}"
    rf"(?P<name>{NAME_RE.pattern})"
)
_ACCORDING_TO = re.compile(
    r"\baccording to ((?:an?|one|the)\s+[^,.;:!?\"“”]{2,60}?|[A-Z][^,.;:!?\"“”]{1,50}?)(?=[,.;])"
)


def sentence_people(
    masked: str, spans: list[tuple[int, int]], entities: Entities
) -> list[tuple[int, str, str | None]]:
    """(offset, full name, sex from a title) of each sentence's person subject, and of the
    agent of a passive, in order: the people a later "he" or "she" may be.

    `masked` is the body with quoted words blanked, so names inside quotations never count."""
    people: list[tuple[int, str, str | None]] = []
    for s, e in spans:
        sentence = masked[s:e]
        head = _SENTENCE_OPENERS.sub("", sentence)
        opening = _OPENING_PHRASE.match(head)
        if opening:  # "Soon after the murder, Trump asserted ...": the name after it
            head = head[opening.end() :]
        base = s + len(sentence) - len(head)
        found = None if _NO_NAMED_SUBJECT.match(head) else subject_name(head)
        subject, at = (head[found[0] : found[1]], base + found[0]) if found else ("", base)
        if not _person(subject, entities):
            subject, at = opening_name(head), base
        main = _person(subject, entities)
        if main:
            people.append((at, entities.full_name(subject), gender_of(subject)))
        else:
            described = description_subject(head)
            if described is not None:
                # "A Labour spokesman denied ...": the one a "he" may be next; "The Tory
                # leader ..." is the person the article names so.
                phrase, sex = described
                tied = tied_name(masked, phrase)
                if tied is not None and _person(tied, entities):
                    people.append((base, entities.full_name(tied), sex or gender_of(tied)))
                elif not phrase.lower().startswith("the ") or is_anonymous(phrase):
                    people.append((base, phrase, sex))  # "the prime minister's spokesman"
        for m in _ACCORDING_TO.finditer(sentence) if "according to" in sentence else ():
            # "..., according to an ntl spokesman, are better placed": a source the next
            # "he" may be.
            someone, sex = described_someone(m.group(1))
            if someone:
                people.append((s + m.start(1), m.group(1), sex))
            elif _person(m.group(1), entities):
                people.append((s + m.start(1), entities.full_name(m.group(1)), None))
        for m in _INVERTED_CUE.finditer(sentence) if ", " in sentence else ():
            # "..., said David Theriault, liaison for Ubisense.": he spoke, a "he" may be him.
            if _person(m.group("name"), entities):
                people.append((s + m.start("name"), entities.full_name(m.group("name")), None))
        for start, name, relative in _clause_subjects(sentence):
            if s + start <= at or (relative and main) or not _person(name, entities):
                continue  # a relative clause's subject is the topic only when no person is
            people.append((s + start, entities.full_name(name), gender_of(name)))
        for m in _PASSIVE_AGENT.finditer(sentence) if " by " in sentence else ():
            if main and m.group("aux") is None:
                continue  # "Lee, backed by Ann Ward, said": Lee stays the topic
            agent = subject_name(sentence[m.end() :])
            if agent is not None:
                name = sentence[m.end() + agent[0] : m.end() + agent[1]]
                if _person(name, entities):
                    people.append(
                        (s + m.end() + agent[0], entities.full_name(name), gender_of(name))
                    )
    return people


def _person(name: str, entities: Entities) -> bool:
    """A person's name: "Team Brandt sees ..." has a known surname but is no "he" later; a
    title makes a person though the article gives no full name ("Mr. Lou said")."""
    return (
        looks_like_name(name)
        and is_person_name(name)
        and (entities.is_known_person(name) or gender_of(name) is not None)
    )


# After a name, what makes it the subject of a clause of its own: `, who told`, `, 49, who`,
# a verb (`Mr Prater predicts`, `Ms Lee has said`).
_CLAUSE_AFTER = re.compile(
    r"(?:,\s+(?:\d+,\s+)?(?:who|whose)\b"
    r"|,\s+\d+,\s+(?=[a-z])"
    r"|\s+(?:has\s+|had\s+|also\s+|then\s+|now\s+)?(?=[a-z]))"
)


def _clause_subjects(sentence: str) -> list[tuple[int, str, bool]]:
    """(offset, name, in a relative clause) of names inside the sentence that are the subject
    of a clause: `..., Mr Prater predicts it will`, `a debut for Staunton, 49, who told`. Not
    the title of a work: `whose film Being Julia is`."""
    out: list[tuple[int, str, bool]] = []
    if "," not in sentence:
        return out  # both shapes need a comma: `..., Mr Hale predicts`, `Lee, who told`
    for m in NAME_RE.finditer(sentence):
        after = _CLAUSE_AFTER.match(sentence, m.end())
        if after is None or m.start() == 0 or is_work_title(sentence, m.start()):
            continue
        if after.group().strip(" ,0123456789").startswith("who"):
            out.append((m.start(), m.group(), True))
            continue
        verb = _LOWER_WORD.match(sentence, after.end())
        possessive = m.group().endswith(("'s", "’s"))
        if (
            verb
            and _verb_like(verb.group())
            and not possessive
            and _clause_opens_at(sentence, m.start())
        ):
            out.append((m.start(), m.group(), False))
    return out


# Nouns for works whose titles follow them: `his film Being Julia`, `the novel Salt Roads`.
_WORKS = word_set(
    """film films movie movies drama comedy thriller biopic documentary series show sitcom
    programme program play musical opera album albums single singles song songs track book
    books novel novels memoir autobiography biography poem painting game games magazine
    newspaper title hit sequel"""
)
_WORD_BEFORE = re.compile(r"([A-Za-z'’-]+)[ \t]+\Z")


# `the star of Rain Man`, `starred in Tootsie`: the works a person made or played in.
_WORK_OF = re.compile(
    r"\b(?:star|stars|author|writer|creator|director|maker|makers|composer)\s+of\s+(?:the\s+)?\Z"
    r"|\b(?:starred|stars|starring|appeared|appears|role)\s+in\s+(?:the\s+)?\Z"
)


def is_work_title(text: str, start: int) -> bool:
    """Whether the capitalised run at `start` follows a noun for a work (`his film Being
    Julia`) or names what someone made or played in (`the star of Rain Man`): no person."""
    lead = text[max(0, start - 40) : start]
    before = _WORD_BEFORE.search(lead)
    if before is not None and before.group(1).lower() in _WORKS:
        return True
    if _WORK_OF.search(lead) is not None:
        return True
    listed = _LISTED.search(text, max(0, start - 60), start)  # "the star of A and B"
    return listed is not None and is_work_title(text, listed.start(1))


_LISTED = re.compile(r"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*),?[ \t]+(?:and|or)[ \t]+\Z")


# `Microsoft said`, `The International Labour Organisation (ILO) has said`: a named body as
# the subject of its sentence, which a later "it" or "they" may be.
_BODY_SUBJECT = re.compile(
    rf"(?:[Tt]he\s+)?(?P<name>{NAME_RE.pattern})(?:\s+\([A-Z]{{2,}}\))?\s+"
    r"(?:has\s+|have\s+|had\s+|also\s+|then\s+)?(?P<verb>[a-z]+)\b"
)
# `by the Liberal Democrats`, `by the media watchdog, Reporters Without Borders`.
_OWNER_SUBJECT = re.compile(rf"(?:[Tt]he\s+)?(?P<name>{NAME_RE.pattern})['’]s\s+[a-z]")
_BODY_AGENT = re.compile(
    rf"\bby\s+(?:the\s+)?(?:(?:[a-z][\w-]*\s+){{1,3}}?[a-z][\w-]*,\s+)?(?P<name>{NAME_RE.pattern})"
)


def sentence_bodies(
    masked: str, spans: list[tuple[int, int]], entities: Entities
) -> list[tuple[int, str]]:
    """(offset, name) of each named body (no person) that is a sentence's subject or the agent
    of a passive (`opposed by the Liberal Democrats`), in order."""
    bodies: list[tuple[int, str]] = []
    for s, e in spans:
        sentence = masked[s:e]
        head = _SENTENCE_OPENERS.sub("", sentence)
        opening = _OPENING_PHRASE.match(head)
        if opening:
            head = head[opening.end() :]
        base = s + len(sentence) - len(head)
        m = _BODY_SUBJECT.match(head)
        verb = m.group("verb") if m else ""
        if m and (_verb_like(verb) or verb.endswith("s")) and is_body(m.group("name"), entities):
            bodies.append((base + m.start("name"), m.group("name")))  # "The ADB fears"
        owner = _OWNER_SUBJECT.match(head)
        if owner and is_body(owner.group("name"), entities):
            bodies.append((base + owner.start("name"), owner.group("name")))  # "The BBC's show"
        for a in _PASSIVE_AGENT.finditer(sentence):
            agent = _BODY_AGENT.match(sentence, a.end() - 3)
            if agent and is_body(agent.group("name"), entities):
                bodies.append((s + agent.start("name"), agent.group("name")))
    return bodies


def is_body(name: str, entities: Entities) -> bool:
    """A named organisation, party or team rather than a person: a name no person goes by, or a
    single word the article never gives a first name or a title ("Rover", "Microsoft")."""
    if not looks_like_name(name) or name.endswith(("'s", "’s")):
        return False
    if not is_person_name(name):
        return True
    return len(name.split()) == 1 and not entities.is_known_person(name) and gender_of(name) is None


_ARTICLES = word_set("the a an")
_LOWER_WORD = re.compile(r"[a-z]+")
_PLAIN_WORD = re.compile(r"[\w'’.-]*\w[\w'’.-]*")
# Sentences whose subject is a pronoun or a placeholder name no one.
_NO_NAMED_SUBJECT = re.compile(r"(?:He|She|It|They|We|I|You|This|That|There|These|Those)\b")


def _clause_opens_at(sentence: str, start: int) -> bool:
    """Whether the subject at `start` opens a clause of the sentence (`..., Mr Hale predicts`),
    not a reported clause (`suggesting presenter Jeremy Paxman would`): back over its roles,
    only a comma or a semicolon comes before it."""
    lead = sentence[:start].rstrip()
    k = len(lead)
    while k > 0 and lead[k - 1] not in ",;:—(":
        k -= 1
        if start - k > 60:
            return False
    words = _PLAIN_WORD.findall(lead, k)  # quote marks are no words
    return k > 0 and all(w[:1].isupper() or is_role_word(w) or w in _ARTICLES for w in words)
