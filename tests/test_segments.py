"""Delta segments: a reload writes only what changed, tombstones what it replaces, compacts when
deltas grow, and the archive serves all segments as one."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from retrieval.embed.embedding import Embedder
from retrieval.index import layout
from retrieval.index.archive import Archive, Filters
from retrieval.index.builder import SegmentPolicy, build_index
from retrieval.index.layout import IndexLoadError
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEEDS

DELTAS = SegmentPolicy(max_segments=8, compact_fraction=10.0)  # never compact on its own

FERRY = {
    "id": "gazette-ferry",
    "title": "Ferry fares to rise in April",
    "date": "2021-02-01",
    "source": "Harbour Gazette",
    "url": None,
    "body": '"Fares must rise to pay for the new boat," said Ann Lowe, the ferry company\'s '
    "chief executive.\n\nThe operator confirmed a ten percent increase from April.",
}
BRIDGE = {
    "id": "gazette-bridge",
    "title": "Harbour bridge to close for repairs",
    "date": "2021-03-04",
    "source": "Harbour Gazette",
    "url": None,
    "body": "The harbour bridge will close for six weeks from Monday while engineers replace "
    'corroded cables.\n\n"Safety comes first," said Tom Reyes, the council\'s engineer.',
}


class CountingEmbedder(Embedder):
    """The real model; counts the texts it is asked to encode."""

    encoded = 0

    def encode(self, texts, show_progress=False):
        CountingEmbedder.encoded += len(texts)
        return super().encode(texts, show_progress)


def _write(path: Path, *articles: dict, extra_lines: tuple[str, ...] = ()) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles) + "".join(extra_lines))
    return path


@pytest.fixture()
def root(seed_index: Path, tmp_path: Path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return target


def _build(root: Path, embedder: Embedder, *inputs: Path, **options):
    return build_index([SEEDS, *inputs], root, embedder, policy=DELTAS, **options)


def _service(root: Path, embedder: Embedder) -> NewsService:
    return NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS]), embedder)


def _segments(root: Path) -> list[layout.SegmentEntry]:
    return layout.Manifest.read(layout.serving_build(root)).segments


def test_unchanged_inputs_are_only_hashed(root: Path, embedder: Embedder, tmp_path: Path):
    counting = CountingEmbedder()
    news = _write(tmp_path / "news.jsonl", FERRY, BRIDGE, extra_lines=("{not json\n",))
    _build(root, counting, news)
    before, CountingEmbedder.encoded = layout.serving_build(root), 0
    report = _build(root, counting, news)
    assert report.unchanged and report.parsed == 0 and report.units == 4
    assert report.encoded == 0 and CountingEmbedder.encoded == 0
    assert [p.line for p in report.problems] == [3]  # still reported, from the memo
    assert report.articles == 3 and layout.serving_build(root) == before


def test_one_added_article_is_one_new_segment(root: Path, embedder: Embedder, tmp_path: Path):
    base = _segments(root)
    report = _build(root, embedder, _write(tmp_path / "news.jsonl", FERRY))
    assert report.added == ["gazette-ferry"] and report.parsed == 1
    assert report.segments == 2 and not report.compacted
    segments = _segments(root)
    assert segments[0] == base[0]  # reused by reference, not rewritten
    assert (segments[1].articles, segments[1].passages) == (1, 1)
    service = _service(root, embedder)
    hit = service.ask("ferry fares boat", k=1).results[0]
    assert hit.article_id == "gazette-ferry" and hit.passage_id == 14  # after the seed's 0..13
    (passage,) = service.archive.store.article_passages("gazette-ferry")
    assert passage.id == 14 and passage.text == hit.text
    assert [r.speaker for r in service.who_said("new boat fares").results][:1] == ["Ann Lowe"]
    assert service.stats().articles == 2 and service.stats().passages == 15
    lexical = service.archive.passages.lexical
    for query in ("ferry fares for the new boat", "Corbyn's Syria policy", "zzz"):
        alone = np.concatenate([part.scores(query) for part in lexical.parts])
        assert np.array_equal(lexical.scores(query), alone) and len(alone) == 15


def _seed_texts(service: NewsService) -> list[str]:
    results = service.ask("Corbyn Syria Russia", k=25).results
    return [r.text for r in results if r.article_id != "gazette-ferry"]


def test_edit_replaces_exactly_that_articles_passages_and_quotes(
    root: Path, embedder: Embedder, tmp_path: Path
):
    news = tmp_path / "news.jsonl"
    _build(root, embedder, _write(news, FERRY, BRIDGE))
    service = _service(root, embedder)
    seed_passages = _seed_texts(service)
    bridge_quotes = service.who_said("safety first", speaker="Tom Reyes").results

    edited = dict(
        FERRY,
        body='"We have frozen fares for another year," said Raj Patel, the '
        "ferry company's new chief executive.\n\nNo increase will come in April.",
    )
    report = _build(root, embedder, _write(news, edited, BRIDGE))
    assert report.updated == ["gazette-ferry"] and report.added == [] and report.parsed == 1
    assert report.segments == 3
    assert layout.Manifest.read(layout.serving_build(root)).tombstones == {
        _segments(root)[1].name: ["gazette-ferry"]
    }
    service = _service(root, embedder)
    texts = [r.text for r in service.ask("ferry fares boat increase April", k=25).results]
    assert any("frozen fares" in t for t in texts) and not any("new boat" in t for t in texts)
    assert all("new boat" not in q.quote for q in service.who_said("new boat", k=25).results)
    speakers = {name for name, _ in service.speakers()}
    assert "Raj Patel" in speakers and "Ann Lowe" not in speakers
    assert (
        service.ask("ferry fares", k=1, source="Harbour Gazette")
        .results[0]
        .text.startswith('"We have frozen')
    )
    # Everything else is untouched.
    assert _seed_texts(service) == seed_passages
    assert service.who_said("safety first", speaker="Tom Reyes").results == bridge_quotes
    assert service.stats().articles == 3
    assert service.archive.store.count("passages") == service.stats().passages


def test_delete_drops_exactly_that_articles_passages_and_quotes(
    root: Path, embedder: Embedder, tmp_path: Path
):
    news = tmp_path / "news.jsonl"
    _build(root, embedder, _write(news, FERRY, BRIDGE))
    service = _service(root, embedder)
    passages_before = service.stats().passages
    ferry = [r.passage_id for r in service.ask("ferry", k=25).results if "Lowe" in r.text]
    report = _build(root, embedder, _write(news, BRIDGE))
    assert report.removed == ["gazette-ferry"] and report.encoded == 0 and report.parsed == 0
    service = _service(root, embedder)
    assert service.stats().passages == passages_before - len(ferry) == 15
    live = set(np.flatnonzero(service.archive.passages.allowed(Filters())).tolist())
    assert ferry and not set(ferry) & live  # still on disk in their segment, never served
    assert all(q.speaker != "Ann Lowe" for q in service.who_said("new boat", k=25).results)
    assert service.archive.store.article("gazette-ferry") is None
    assert all(r.article_id != "gazette-ferry" for r in service.ask("ferry fares", k=25).results)
    assert "Ann Lowe" not in {name for name, _ in service.speakers()}
    assert service.archive.store.article("gazette-bridge") is not None
    # Her name is still in the delta's BM25 vocabulary, but no live article mentions it.
    gone = service.ask("What did Ann Lowe say about the harbour?")
    assert not gone.answered and {"Ann", "Lowe"} <= set(gone.absent_terms)
    assert service.ask("What did Tom Reyes say about the harbour?").absent_terms == []


def test_compaction_merges_segments_and_keeps_results(
    root: Path, embedder: Embedder, tmp_path: Path
):
    news = tmp_path / "news.jsonl"
    _build(root, embedder, _write(news, FERRY, BRIDGE))
    edited = dict(BRIDGE, title="Harbour bridge closes for repairs")
    _build(root, embedder, _write(news, FERRY, edited))
    assert [s.dead_articles for s in _segments(root)] == [0, 1, 0]
    questions = ["ferry fares", "bridge cables engineers", "Corbyn Syria Russia"]

    def answers():
        service = _service(root, embedder)
        return [[(r.article_id, r.text) for r in service.ask(q, k=5).results] for q in questions]

    before = answers()
    report = _build(root, embedder, news, compact=True)
    assert report.compacted and report.segments == 1 and report.encoded == 0
    (segment,) = _segments(root)
    assert (segment.articles, segment.dead_articles) == (3, 0)
    assert answers() == before
    # Segments no kept build lists are deleted; the previous build's are kept.
    kept = {s.name for b in (root / "builds").iterdir() for s in layout.Manifest.read(b).segments}
    assert {p.name for p in (root / layout.SEGMENTS).iterdir()} == kept


def test_policy_compacts_when_deltas_grow(root: Path, embedder: Embedder, tmp_path: Path):
    news = _write(tmp_path / "news.jsonl", FERRY, BRIDGE)
    report = build_index([SEEDS, news], root, embedder, policy=SegmentPolicy(compact_fraction=0.1))
    assert report.compacted and report.segments == 1  # 4 new passages > 10% of 18
    report = build_index(
        [SEEDS, _write(news, FERRY)], root, embedder, policy=SegmentPolicy(max_segments=1)
    )
    assert report.removed == ["gazette-bridge"] and report.segments == 1  # tombstone only


def test_a_missing_or_truncated_delta_file_is_named(root: Path, embedder: Embedder, tmp_path: Path):
    _build(root, embedder, _write(tmp_path / "news.jsonl", FERRY))
    delta = layout.segment_folder(root, _segments(root)[1].name)
    (delta / "quotes" / "vectors.npy").write_bytes(b"\0" * 10)
    with pytest.raises(IndexLoadError, match=r"quotes/vectors.npy: 10 bytes"):
        Archive.open(root, embedder)
    shutil.rmtree(delta)
    with pytest.raises(IndexLoadError, match=f"{delta.name}/store.sqlite: missing"):
        _service(root, embedder).ask("ferry")


class ExplodingEmbedder(Embedder):
    def encode(self, texts, show_progress=False):
        raise KeyboardInterrupt  # the process stopped mid-build


def test_a_failed_delta_build_leaves_the_old_build_serving(
    root: Path, embedder: Embedder, tmp_path: Path
):
    before = layout.serving_build(root)
    segments = sorted((root / layout.SEGMENTS).iterdir())
    novel = dict(FERRY, body="A text no test has ever encoded, so the model must run.")
    with pytest.raises(KeyboardInterrupt):
        _build(root, ExplodingEmbedder(), _write(tmp_path / "news.jsonl", novel))
    assert layout.serving_build(root) == before
    assert sorted((root / layout.SEGMENTS).iterdir()) == segments  # no partial left behind
    assert _service(root, embedder).ask("Syria").results
    report = _build(root, embedder, tmp_path / "news.jsonl")  # the next reload still works
    assert report.added == ["gazette-ferry"] and report.parsed == 1


def test_duplicates_and_moved_lines_with_the_memo(root: Path, embedder: Embedder, tmp_path: Path):
    news = tmp_path / "news.jsonl"
    _build(root, embedder, _write(news, FERRY, BRIDGE))
    second = dict(FERRY, title="Ferry fares to rise in May")
    report = _build(root, embedder, _write(news, BRIDGE, FERRY, second))
    assert report.duplicates == ["gazette-ferry"] and report.updated == ["gazette-ferry"]
    assert report.parsed == 1  # moved lines are still known by their bytes
    service = _service(root, embedder)
    assert service.archive.store.article("gazette-ferry").title.endswith("in May")


def test_date_filter_and_sources_leave_out_tombstoned_articles(
    root: Path, embedder: Embedder, tmp_path: Path
):
    news = tmp_path / "news.jsonl"
    _build(root, embedder, _write(news, FERRY, BRIDGE))
    _build(root, embedder, _write(news, dict(FERRY, date="2022-05-05", source="Bay News"), BRIDGE))
    service = _service(root, embedder)
    assert service.archive.store.sources() == {"Harbour Gazette": 1, "": 1, "Bay News": 1} or (
        sorted(service.archive.store.sources().items())
        == [("", 1), ("Bay News", 1), ("Harbour Gazette", 1)]
    )
    assert service.archive.store.date_range()[1] == "2022-05-05"
    old = service.ask("ferry fares", k=10, until="2021-12-31").results
    assert all(r.article_id != "gazette-ferry" for r in old)
    assert service.ask("ferry fares", k=1, source="Bay News").results[0].date == "2022-05-05"
    assert service.ask("ferry fares", k=5, source="Harbour Gazette").results[0].article_id == (
        "gazette-bridge"
    )


def test_a_reload_shares_the_serving_segments_and_applies_new_tombstones(
    root: Path, embedder: Embedder, tmp_path: Path
):
    news = _write(tmp_path / "news.jsonl", FERRY, BRIDGE)
    service = NewsService(
        ServiceConfig(index_dir=root, inputs=[SEEDS, news], build_in="inline"), embedder
    )
    service.build()
    before = service.archive
    edited = dict(FERRY, body="The ferry company has frozen fares for another year instead.")
    _write(news, edited, BRIDGE)
    report = service.build()
    after = service.archive
    assert report.updated == ["gazette-ferry"] and after is not before
    shared = [
        new.passages is old.passages
        for new, old in zip(after.segments, before.segments, strict=False)
    ]
    assert shared and all(shared)  # every segment the old archive held is reused, not reread
    assert len(after.segments) == len(before.segments) + 1
    texts = [r.text for r in service.ask("ferry fares for another year", k=25).results]
    assert any("frozen fares" in t for t in texts)
    assert not any("new boat" in t for t in texts)  # the old version's tombstone applies


def test_headlines_come_from_the_live_version(root: Path, embedder: Embedder, tmp_path: Path):
    news = tmp_path / "news.jsonl"
    _build(root, embedder, _write(news, FERRY, BRIDGE))
    retitled = dict(FERRY, title="Ferry fares frozen for another year")
    _build(root, embedder, _write(news, retitled, BRIDGE))
    archive = Archive.open(root, embedder)
    assert len(archive.manifest.segments) == 3
    ferry = [p.id for p in archive.store.article_passages("gazette-ferry")]
    bridge = [p.id for p in archive.store.article_passages("gazette-bridge")]
    assert ferry and bridge
    headlines = archive.store.headlines([*ferry, *bridge])
    assert {headlines[i] for i in ferry} == {("gazette-ferry", retitled["title"])}
    assert {headlines[i] for i in bridge} == {("gazette-bridge", BRIDGE["title"])}


def test_quotes_from_older_extraction_rules_are_found_again(root: Path, embedder: Embedder):
    """An index an older newsbot built keeps serving its speakers until a build renews them."""
    build = layout.serving_build(root)
    manifest = layout.Manifest.read(build)
    store = layout.segment_folder(root, manifest.segments[0].name) / "store.sqlite"
    with sqlite3.connect(store) as db:  # what older rules left: a wrong speaker on disk
        db.execute("UPDATE quotes SET speaker = 'Someone Else'")
    manifest.extra["quotes"] = "older-rules"
    manifest.checksums = {}  # an older newsbot recorded none
    manifest.write(build)
    before = _service(root, embedder).who_said("condemn Russia over Syria", k=10).results
    assert before and {r.speaker for r in before} == {"Someone Else"}

    report = build_index([SEEDS], root, embedder, policy=DELTAS)
    assert not report.unchanged and report.compacted and report.quotes == manifest.quotes
    assert layout.Manifest.read(layout.serving_build(root)).extra["quotes"] != "older-rules"
    after = _service(root, embedder).who_said("condemn Russia over Syria", k=10).results
    assert "Left-wing supporters of Jeremy Corbyn" in {r.speaker for r in after}
    assert "Someone Else" not in {r.speaker for r in after}
    assert build_index([SEEDS], root, embedder, policy=DELTAS).unchanged  # renewed once only


def test_a_delta_segments_passages_know_their_quotes(root: Path, embedder: Embedder, tmp_path):
    _build(root, embedder, _write(tmp_path / "news.jsonl", FERRY))
    store = _service(root, embedder).archive.store
    (passage,) = store.article_passages("gazette-ferry")
    found = store.quotes_in_passages([passage.id, 0])
    quotes = store.quotes(found[passage.id])
    assert [(q.article_id, q.speaker) for q in quotes.values()] == [("gazette-ferry", "Ann Lowe")]
    assert all(q.article_id != "gazette-ferry" for q in store.quotes(found.get(0, [])).values())
