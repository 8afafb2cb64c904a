"""Article in, attributed direct quotations out: marks -> sentences -> cues -> coreference."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from retrieval.models import Article, Quote
from retrieval.quotes.adjacent import find_adjacent
from retrieval.quotes.antecedents import opening_name
from retrieval.quotes.coref import (
    Entities,
    gender_of,
    is_group_phrase,
    is_pronoun,
    name_in_description,
)
from retrieval.quotes.cues import Found, find_after, find_after_sentence, find_before
from retrieval.quotes.entities import attach_entities
from retrieval.quotes.filters import (
    is_not_speech,
    is_quoted_label,
    is_quoted_name,
    is_title_case,
)
from retrieval.quotes.frames import Sentences, masked_body, sentence_spans
from retrieval.quotes.headings import source_heading, source_line
from retrieval.quotes.interjections import interjector
from retrieval.quotes.introductions import colon_object, cue_sentence, words_of
from retrieval.quotes.known import introduced_by_known, known_speakers
from retrieval.quotes.lexicon import NON_NAME_WORDS
from retrieval.quotes.marks import QUOTE_CHARS, QuoteSpan, find_quote_spans
from retrieval.quotes.names import looks_like_name, strip_titles, tokens
from retrieval.quotes.pairs import resolve_pair
from retrieval.quotes.persons import is_person_name
from retrieval.quotes.signoff import find_signoff, find_trailing_signoff

# How much each way of finding a speaker is worth; see docs in __init__.
_CONFIDENCE = {
    "after-inverted": 0.95,
    "after": 0.95,
    "before": 0.9,
    "according": 0.85,
    "colon": 0.7,
    "partial": 0.6,
    "continued": 0.7,
    "adjacent": 0.6,
    "signoff": 0.8,
    "known": 0.5,
}
_SENTENCE_OPENERS = re.compile(r"^(?:(?:But|And|Yet|So|Still|Then|Now|Later|Also)\s+)?")
# A short opening phrase before the subject: "On Monday, ", "Soon after the vote, ".
_OPENING_PHRASE = re.compile(
    r"^(?:On|In|At|After|Before|During|Soon after|Earlier|Later|Last|When|While|Since|As|For)"
    r"\b[^,.;:!?\"“”]{0,80},\s+"
)
# Speakers found outside the quotation's own sentence: a sentence before, a known speaker.
_DISTANT_KINDS = frozenset({"adjacent", "known"})
# A cue clause that is only a participle: `, saying in a post on Twitter:`.
_PARTICIPLE_CUE = re.compile(r"\W*(?:saying|adding|writing|telling|asking|noting)\b")
# Quotes that open a sentence and name no speaker inherit one from this many paragraphs back.
_CONTINUATION_PARAGRAPHS = 1
_CUE_CLAUSE_WORDS = 10
# Some copy types its em-dashes as horizontal bars (U+2015); the rules read one dash. The
# swap keeps every offset, and quotation text is still taken from the article as written.
_ONE_DASH = str.maketrans({"\u2015": "—"})


@dataclass
class _Attributed:
    span: QuoteSpan
    found: Found | None
    inherited_from: _Attributed | None = None
    speaker: str | None = None
    as_written: str | None = None
    confidence: float = 0.0


def _attribute_sentence(
    body: str, sents: Sentences, index: int, quotes: list[QuoteSpan], next_open: int
) -> list[Found]:
    """The cue and speaker phrase for each quotation in one sentence (None when absent)."""
    sent = sents[index]
    out: list[Found | None] = []
    # A short title-case phrase ("Star Wars") is a name too, though no title cue precedes it.
    names = [is_quoted_name(body, q) or is_title_case(_inner(body, q), 4) for q in quotes]
    labels = [is_quoted_label(body, q) for q in quotes]
    named = [q for q, is_name in zip(quotes, names, strict=True) if is_name]
    own_cue: set[int] = set()  # cues that belong to one quotation only, never shared
    for k, q in enumerate(quotes):
        # `As Ann Lee, the author of "Salt Roads," put it, "...`: a quoted title is part of
        # the speaker phrase, so the cue clause before a quotation runs over it.
        prev = next((j for j in range(k - 1, -1, -1) if not names[j]), None)
        pre_start = quotes[prev].close_end if prev is not None else sent[0]
        # `"...," Al Brent, wearing "Go Lions" pins, said`: the cue clause after a quotation
        # runs over a quoted label inside it (a title there ends the phrase at its head).
        nxt = next((j for j in range(k + 1, len(quotes)) if not labels[j]), None)
        post_end = quotes[nxt].open_pos if nxt is not None else max(sent[1], q.close_end)
        post = _unmark(body, quotes, q.close_end, post_end)
        pre = _unmark(body, quotes, pre_start, q.open_pos) if q.open_pos > pre_start else ""
        # `as Mr. Sykes said, "... out there." Therefore ..., he said, ...`: a quotation that
        # ends its sentence belongs to the cue before it, not to the next sentence's.
        closed_sentence = body[q.inner_start : q.inner_end].rstrip().endswith(".")
        # `"Too forced?" He tweeted when ...`: the cue clause is an earlier quotation's,
        # even when that quotation's "?" ended the sentence before.
        after_quote = prev is not None or body[: sent[0]].rstrip()[-1:] in {'"', "”"}
        before = find_before(pre, pre_start, False, after_quote) if closed_sentence else None
        # `It's not enough - More from the report: "`: the source line names the speaker (of a
        # closed excerpt only: with no cue verb, an unclosed one has no reliable extent).
        found = (source_line(pre, pre_start) if q.closed else None) or before
        if found is None and post.strip():
            found = find_after(post, q.close_end)
        last = k + 1 == len(quotes)
        if found is None and last and not post.strip() and index + 1 < len(sents):
            # The quotation ended its own sentence: `"...?" Sanders asked.`
            stop = min(sents[index + 1][1], next_open)
            tail = body[q.close_end : stop].rstrip()
            # `Mills then writes back, "You look cute."`: a cue clause opening the next
            # quotation is that quotation's, not this one's.
            introduces_next = stop == next_open and tail.endswith((",", ":"))
            if tail.find("\n\n") < 0 and not introduces_next:
                asked = body[q.inner_start : q.inner_end].rstrip()[-1:] in {"?", "!"}
                found = find_after_sentence(body[q.close_end : stop], q.close_end, asked)
        if found is None and pre.strip():
            if not closed_sentence:
                before = find_before(pre, pre_start, False, after_quote)
            found = (
                before
                or colon_object(pre, pre_start)
                or source_heading(pre, pre_start)
                or words_of(pre, pre_start)
            )
            if found is None and k == 0:
                found = find_before(pre, pre_start, partial=True)
        if found is None and k == 0 and not pre.strip() and index > 0:
            # 'Trump issued the following statement:' then the quotation, maybe a paragraph on.
            prev = sents[index - 1]
            lead = body[prev[0] : prev[1]].rstrip()
            if lead.endswith(":") and not body[prev[1] : q.open_pos].strip():
                found = find_before(lead, prev[0], partial=True) or colon_object(lead, prev[0])
        if found is None and prev is not None and _PARTICIPLE_CUE.match(pre):
            # `X pounced on the "top secret" label, saying: "...`: the participle's subject
            # opens the sentence, before the earlier quoted words.
            whole = _unmark(body, quotes, sent[0], q.open_pos)
            found = find_before(whole, sent[0], partial=False)
            own_cue.add(k)
        if found is not None and _inside_name(found, named):
            found = None  # `a Web ad, "Playing Trump," in which ...`: a title is no speaker
        out.append(found)
    # A quotation split around its cue: "...," she said, "..." - both halves share the cue.
    for k in range(len(out)):
        if out[k] is None and not names[k]:
            near = [
                out[j]
                for j in (k - 1, k + 1)
                if 0 <= j < len(out) and out[j] is not None and not names[j] and j not in own_cue
            ]
            if near:
                out[k] = near[0]
    return out  # type: ignore[return-value]


def _inner(body: str, q: QuoteSpan) -> str:
    return body[q.inner_start : q.inner_end]


def _inside_name(found: Found, named: list[QuoteSpan]) -> bool:
    """Whether the speaker phrase starts inside a quoted name of the sentence."""
    return any(q.open_pos <= found.speaker_start < q.close_end for q in named)


def _unmark(body: str, quotes: list[QuoteSpan], start: int, end: int) -> str:
    """`body[start:end]` with the quote marks of quotations inside it blanked, same length, so
    the cue finders read a quoted name in a speaker phrase as plain words.

    `quotes` are in text order (top-level quotations do not overlap): only those opening in
    the range are visited, so a sentence of thousands of quotations stays linear."""
    chars = list(body[start:end])
    first = bisect_left(quotes, start, key=lambda q: q.open_pos)
    for q in quotes[first:]:
        if q.open_pos >= end:
            break
        if q.close_end <= end:
            for k in (*range(q.open_pos, q.inner_start), *range(q.inner_end, q.close_end)):
                if body[k] in QUOTE_CHARS:
                    chars[k - start] = " "
    return "".join(chars)


class _Resolver:
    """Turns speaker phrases into names, remembering who spoke and who was mentioned."""

    def __init__(self, body: str, masked: str, sents: Sentences) -> None:
        self.body = body
        self.entities = Entities.scan(masked)
        self.people: list[tuple[int, str, str | None]] = []  # (offset, name, gender)
        self.groups: list[tuple[int, str]] = []
        for s, e in sents.spans:
            head = _SENTENCE_OPENERS.sub("", masked[s:e])
            opening = _OPENING_PHRASE.match(head)
            if opening:  # "Soon after the murder, Trump asserted ...": the name after it
                head = head[opening.end() :]
            subject = opening_name(head)
            # "Team Brandt sees ...": a known surname, but no person to be a "he" later.
            if (
                looks_like_name(subject)
                and is_person_name(subject)
                # "Mr. Lou said ...": a title makes a person though the article gives no full name.
                and (self.entities.is_known_person(subject) or gender_of(subject) is not None)
            ):
                offset = s + (len(masked[s:e]) - len(head))
                self.people.append((offset, self.entities.full_name(subject), gender_of(subject)))

    def resolve(self, found: Found) -> tuple[str | None, str, float]:
        """(speaker, as written, confidence factor) for a found speaker phrase."""
        as_written = self.body[found.speaker_start : found.speaker_end]
        at = found.speaker_start
        named = self.body[found.name_start : found.name_end] if found.name_start else as_written
        pair = resolve_pair(named, self.entities.full_name)
        if pair is not None:
            return pair, as_written, 1.0  # joint words: neither one is "he" or "she" later
        if found.name_start is not None and found.name_end is not None:
            name = self.body[found.name_start : found.name_end]
            return self._person(self.entities.full_name(name), name, at), as_written, 1.0
        low = as_written.lower()
        if is_pronoun(as_written):
            if low in {"he", "she"}:
                return self._latest_person(at, "m" if low == "he" else "f"), as_written, 0.85
            if low in {"they", "we"}:
                return self._latest_group(at), as_written, 0.8
            return None, as_written, 0.5
        if is_group_phrase(as_written):
            # "the group said in a statement" after "many marchers chanting": a singular body
            # is no plural crowd that spoke before, so it stays as written.
            group = None if _singular_body(as_written) else self._latest_group(at)
            return (group or as_written), as_written, 0.85 if group else 1.0
        if looks_like_name(as_written):
            full = self.entities.full_name(as_written)
            return self._person(full, as_written, at), as_written, 1.0
        inner = _name_before_of(as_written) or name_in_description(
            as_written, self.entities.is_known_person
        )
        if inner:
            return self._person(self.entities.full_name(inner), inner, at), as_written, 0.95
        if _plural_head(as_written):
            self.groups.append((at, as_written))
        return as_written, as_written, 0.9

    def _person(self, name: str, as_written: str, at: int) -> str:
        if is_person_name(name):  # "Another", "Iowa": never the antecedent of a "he" later
            self.people.append((at, name, gender_of(as_written)))
        return name

    def _latest_person(self, at: int, gender: str) -> str | None:
        """The latest person before `at` who can be a "he" (gender "m") or "she" ("f").

        Sex comes from a title ("Mrs.") or else the pronouns the article uses after the name.
        Past someone of the other sex the pronoun is someone else, so only a person known to
        be of its sex will do ("she" after Mr. Sanders is Mrs. Clinton, not a John Doe whose
        sex the article never says); when there is none, the pronoun stays unresolved.
        """
        skipped = False
        for _, name, titled in sorted((p for p in self.people if p[0] < at), reverse=True):
            sex = titled or self.entities.person_sex(name)
            if sex == gender or (sex is None and not skipped):
                return name
            skipped = skipped or sex is not None
        return None

    def _latest_group(self, at: int) -> str | None:
        before = [g for g in self.groups if g[0] < at]
        return max(before)[1] if before else None


_NAME_OF = re.compile(r"^(.+?)\s+(?:of|from)\s+(?:the\s+)?[A-Z]")


def _name_before_of(phrase: str) -> str | None:
    """'Archbishop Aris Shirvanian of the Armenian Patriarchate' -> 'Archbishop Aris
    Shirvanian': a name, then the body it belongs to."""
    m = _NAME_OF.match(phrase)
    if m is None or not looks_like_name(m.group(1)) or len(tokens(strip_titles(m.group(1)))) < 2:
        return None
    if not is_person_name(m.group(1)):
        return None  # "White House Chief of Staff Dale Pruitt": an office, then the name
    return m.group(1)


_SINGULAR_BODIES = frozenset({"group", "campaign"})


def _singular_body(phrase: str) -> bool:
    """'the group', 'the rights group', 'the Clinton campaign': one body, not a crowd."""
    words = tokens(phrase)
    return bool(words) and words[-1].lower() in _SINGULAR_BODIES


def _plural_head(phrase: str) -> bool:
    """'Left-wing supporters of Jeremy Corbyn', 'the activists': a plural group noun heads it."""
    words = tokens(phrase)
    for k, w in enumerate(words):
        if w.lower() in {"of", "for", "from", "in", "at", "with"}:
            words = words[:k]
            break
    return bool(words) and words[-1].islower() and words[-1].endswith("s") and len(words[-1]) > 3


def extract_quotes(article: Article) -> list[Quote]:
    """Every direct quotation of `article` with its speaker; see the package docs."""
    body = article.body.translate(_ONE_DASH)
    paragraphs = replace(article, body=body).paragraphs()
    spans = find_quote_spans(body, paragraphs)
    if not spans:
        return []
    sents = Sentences(sentence_spans(body, spans))
    masked = masked_body(body, spans)
    by_sentence: dict[int, list[QuoteSpan]] = {}
    for span in spans:
        by_sentence.setdefault(sents.index_at(span.open_pos), []).append(span)

    items: list[_Attributed] = []
    order = sorted(by_sentence)
    for n, index in enumerate(order):
        quotes = by_sentence[index]
        next_open = by_sentence[order[n + 1]][0].open_pos if n + 1 < len(order) else len(body)
        found_all = _attribute_sentence(body, sents, index, quotes, next_open)
        for span, found in zip(quotes, found_all, strict=True):
            items.append(_Attributed(span, found))

    _inherit_continuations(body, items)
    _attribute_standalone(body, sents, items)
    resolver = _Resolver(body, masked, sents)
    known = known_speakers(body, resolver.entities, (i.found for i in items if i.found))
    for item in items:
        if item.found is None and item.inherited_from is None:
            item.found = introduced_by_known(body, masked, sents, item.span, known)
    out: list[Quote] = []
    for item in items:
        found = item.found or (item.inherited_from.found if item.inherited_from else None)
        if is_not_speech(body, item.span, item.found, sents):
            continue
        if found is None:
            continue
        if _distant(body, item, found) and _names_speaker(body, item.span, found):
            continue  # `"One flaw of Byler's piece ..."`: words about the speaker, not his own
        speaker, as_written, factor = resolver.resolve(found)
        kind = "continued" if item.found is None else found.kind
        confidence = _CONFIDENCE[kind] * factor * (1.0 if item.span.closed else 0.8)
        if speaker is None:
            confidence = min(confidence, 0.3)
        ctx = sents[sents.index_at(found.speaker_start)]
        out.append(
            Quote(
                article_id=article.id,
                text=article.body[item.span.inner_start : item.span.inner_end],
                start=item.span.inner_start,
                end=item.span.inner_end,
                paragraph=item.span.paragraph,
                speaker=speaker,
                speaker_as_written=as_written,
                cue=found.cue + (":" if body[found.cue_end : found.cue_end + 1] == ":" else ""),
                confidence=round(confidence, 3),
                context_start=ctx[0],
                context_end=ctx[1],
            )
        )
    return attach_entities(body, out, resolver.entities)


def _inherit_continuations(body: str, items: list[_Attributed]) -> None:
    """A quotation that opens its sentence with no cue continues the previous speaker's words."""
    for k, item in enumerate(items):
        if item.found is not None or k == 0:
            continue
        prev = items[k - 1]
        source = prev if prev.found is not None else prev.inherited_from
        if source is None:
            continue
        if item.span.paragraph - prev.span.last_paragraph > _CONTINUATION_PARAGRAPHS:
            continue
        gap = body[prev.span.close_end : item.span.open_pos]
        item.found = interjector(gap, prev.span.close_end)
        if item.found is not None:
            continue  # `," Lee said, and her husband cut in. "`: the newcomer speaks
        words = _narrative_words(gap)
        if item.span.paragraph != prev.span.last_paragraph:
            # Across a paragraph break only when the earlier paragraph ended with its cue
            # clause and this one opens with the quotation.
            if words > _CUE_CLAUSE_WORDS or not gap.endswith("\n\n"):
                continue
        elif words > 25:
            continue
        item.inherited_from = source


def _distant(body: str, item: _Attributed, found: Found) -> bool:
    """Whether the speaker was found outside the quotation's paragraph or by a looser rule.
    (`"A," Graham said. "... a Lindsey Graham-type ..."`: a speaker may name himself.)"""
    if item.found is not None and item.found.kind in _DISTANT_KINDS:
        return True
    lo, hi = sorted((found.speaker_start, item.span.open_pos))
    return item.found is None and "\n\n" in body[lo:hi]


def _names_speaker(body: str, span: QuoteSpan, found: Found) -> bool:
    """Whether a quotation names its would-be speaker in the third person by surname."""
    phrase = body[found.speaker_start : found.speaker_end]
    if found.name_start is not None and found.name_end is not None:
        phrase = body[found.name_start : found.name_end]
    # A person's surname; an all-capitals organisation ("ESPN is an inclusive company") may
    # speak of itself in the third person.
    # The name heads the phrase at its end: "the analyst Nina Varga", not "one Trump confidant".
    words = tokens(phrase)
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper():
        k -= 1
    names = [w for w in words[k:] if len(w) > 2 and not w.isupper()]
    if not names or not looks_like_name(" ".join(words[k:])):
        return False
    text = body[span.inner_start : span.inner_end]
    for m in re.finditer(rf"\b{re.escape(names[-1])}\b", text):
        before = re.search(r"([A-Z][\w’'-]*)\s+\Z", text[: m.start()])
        given = before.group(1) if before else None
        if given is None or given in names or given.lower() in NON_NAME_WORDS:
            return True  # "Byler's piece", not "Barbara Bush" beside a speaker named Bush
    return False


def _attribute_standalone(body: str, sents: Sentences, items: list[_Attributed]) -> None:
    """A quotation that is a sentence on its own takes the subject of the sentence before."""
    for item in items:
        if item.found is not None or item.inherited_from is not None:
            continue
        index = sents.index_at(item.span.open_pos)
        start, end = sents[index]
        if body[start : item.span.open_pos].strip():
            continue
        line_end = body.find("\n", item.span.close_end)
        line_end = len(body) if line_end < 0 else line_end
        item.found = find_trailing_signoff(
            body[item.span.close_end : line_end], item.span.close_end
        )
        if item.found is not None:
            continue
        if body[item.span.close_end : end].strip(" .,!?\n"):
            continue  # narrative after the quotation: not a standalone quotation
        next_para = body.find("\n\n", item.span.close_end)
        if next_para >= 0 and not body[item.span.close_end : next_para].strip(" .,!?"):
            # The quotation is a paragraph of its own: a dash line after it may sign it off.
            stop = body.find("\n\n", next_para + 2)
            stop = len(body) if stop < 0 else stop
            item.found = find_signoff(body[next_para + 2 : stop], next_para + 2)
            if item.found is not None:
                continue
        if index == 0:
            continue
        prev_start, prev_end = sents[index - 1]
        if body[prev_end : item.span.open_pos].count("\n\n") > 1:
            continue
        sentence = body[prev_start:prev_end]
        item.found = find_adjacent(sentence, prev_start) or cue_sentence(sentence, prev_start)


def _narrative_words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", text))
