"""Everything one speaker said: their quotations found through the speaker directory (one
person, the ways the archive writes them), grouped into stories, counted by month and outlet.

A story is an article, or articles that carry the same quotation of the speaker (eight words
in a row in common) or the same headline: a wire story run by several outlets, a story updated
under a new id. Stories come newest first (by their latest article), undated ones last."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import numpy as np

from retrieval.index.archive import Archive
from retrieval.index.collection import Filters
from retrieval.models import Article
from retrieval.quote_check.align import Words
from retrieval.quote_check.speaker import resolved
from retrieval.speaker_record.model import (
    MatchedSpeaker,
    MonthCount,
    OutletCount,
    SpeakerRecord,
    Story,
    StoryArticle,
    StoryQuote,
)

SAME_WORDS = 8  # words in a row two articles' quotations share to be one story


def speakers_named(
    archive: Archive, name: str
) -> tuple[list[int], list[MatchedSpeaker], list[str]]:
    """The quote collection's speaker codes of the entities `name` denotes, those entities (one
    person however the archive writes them), and the names of those who speak for them."""
    match = archive.speakers.match(name)
    matched = [MatchedSpeaker(e.id, e.name) for e in match.entities]
    return match.codes, matched, [e.name for e in match.affiliated]


def speaker_record(
    archive: Archive,
    name: str,
    since: date | None = None,
    until: date | None = None,
    source: str | None = None,
) -> SpeakerRecord:
    codes, matched, affiliated = speakers_named(archive, name)
    record = SpeakerRecord(
        name, matched, since and since.isoformat(), until and until.isoformat(), source
    )
    record.affiliated_speakers = affiliated
    quotes = archive.quotes
    if not codes or quotes is None or quotes.size == 0:
        return record
    mask = quotes.allowed(Filters(source=source, since=since, until=until, speaker_codes=codes))
    ids = [int(i) for i in np.flatnonzero(mask)] if mask is not None else []
    found = archive.store.quotes(ids)
    articles = {
        a: archive.store.article(a) for a in dict.fromkeys(q.article_id for q in found.values())
    }
    said = [
        StoryQuote.of(articles[q.article_id], resolved(archive, q))
        for q in sorted(found.values(), key=lambda q: (q.article_id, q.start))
    ]
    record.quotes = len(said)
    record.undated = sum(1 for q in said if not q.date)
    record.stories = _stories(said, articles)
    record.months = _months(said)
    record.outlets = _outlets(said)
    return record


def _stories(said: list[StoryQuote], articles: dict[str, Article]) -> list[Story]:
    by_article: dict[str, list[StoryQuote]] = defaultdict(list)
    for q in said:
        by_article[q.article_id].append(q)
    parent = {a: a for a in by_article}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    seen: dict[object, str] = {}
    for article_id, quotes in by_article.items():
        title = " ".join(articles[article_id].title.casefold().split())
        keys: set[object] = {("title", title)} if title else set()  # untitled: no common title
        for q in quotes:
            folded = Words.of(q.quote).folded
            keys |= {tuple(folded[i : i + SAME_WORDS]) for i in range(len(folded) - SAME_WORDS + 1)}
        for key in keys:
            if key in seen:
                join(article_id, seen[key])
            else:
                seen[key] = article_id
    groups: dict[str, list[str]] = defaultdict(list)
    for article_id in by_article:
        groups[root(article_id)].append(article_id)
    stories = [_story(members, by_article, articles) for members in groups.values()]
    # Newest first; undated ("" sorts lowest) last; a stable sort keeps ties by id.
    stories.sort(key=lambda s: s.story_id)
    stories.sort(key=lambda s: s.last_date or "", reverse=True)
    return stories


def _story(
    members: list[str], by_article: dict[str, list[StoryQuote]], articles: dict[str, Article]
) -> Story:
    members.sort(key=lambda a: (articles[a].date is None, articles[a].date or "", a))
    dates = [articles[a].date for a in members if articles[a].date]
    outlets = Counter(articles[a].source for a in members if articles[a].source)
    quotes = [q for a in members for q in by_article[a]]
    quotes.sort(key=lambda q: (q.article_id, q.start))
    quotes.sort(key=lambda q: q.date or "", reverse=True)
    first = articles[members[0]]
    return Story(
        story_id=first.id,
        title=first.title,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        outlets=[name for name, _ in outlets.most_common()],
        articles=[
            StoryArticle(
                a, articles[a].title, articles[a].date, articles[a].source, articles[a].url
            )
            for a in members
        ],
        quotes=quotes,
    )


def _months(said: list[StoryQuote]) -> list[MonthCount]:
    """Quotes per month, oldest first, with the months between at zero (a chart's x axis)."""
    counts = Counter(q.date[:7] for q in said if q.date)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append(MonthCount(key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _outlets(said: list[StoryQuote]) -> list[OutletCount]:
    quotes = Counter(q.source or "" for q in said)
    articles = Counter(source or "" for source in {q.article_id: q.source for q in said}.values())
    return [OutletCount(name, n, articles[name]) for name, n in quotes.most_common()]
