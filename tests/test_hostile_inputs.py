"""Hostile inputs: each bad file or line is one reported problem (file, line, why) and the rest is
indexed; nothing blocks, nothing leaves the input folder unasked, and every stored article reads
back exactly (passages and quotes are `body[start:end]` through SQLite too)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.index.store import Store
from retrieval.ingest import input_files, sentences
from retrieval.ingest.chunking import chunk_article
from retrieval.ingest.loading import load_articles
from retrieval.quotes import extract_quotes

BODY = (
    "The county council approved a new budget for the river flood defences on Tuesday, after a "
    "long debate about the cost to local taxpayers.\n\n"
    '"We cannot wait for the next flood to hit the town centre," said Mary Jones, the council '
    "leader, speaking after the vote in the chamber."
)


def _record(id_: str, **fields) -> dict:
    return {"id": id_, "title": f"Flood budget {id_}", "body": BODY, **fields}


def _jsonl(path: Path, *lines: str | bytes) -> Path:
    path.write_bytes(
        b"".join((ln if isinstance(ln, bytes) else ln.encode()) + b"\n" for ln in lines)
    )
    return path


def _txt(path: Path, title: str = "Council approves flood budget") -> Path:
    path.write_text(f"{title}\n\nPosted On: 8th October 2016\n\n{BODY}\n")
    return path


def _load(*inputs, **options):
    """load_articles in a thread: a hang (a FIFO read) fails the test instead of stalling it."""
    out = []
    worker = threading.Thread(target=lambda: out.append(load_articles(inputs, **options)))
    worker.daemon = True
    worker.start()
    worker.join(60)
    assert out, "loading the inputs did not finish"
    return out[0]


def _where(result) -> dict[str, str]:
    return {
        f"{Path(p.path).name}:{p.line}" if p.line else Path(p.path).name: p.reason
        for p in result.problems
    }


def test_folders_fifos_and_broken_links_named_like_inputs_are_reported(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    _txt(folder / "good.txt")
    (folder / "x.txt").mkdir()
    _txt(folder / "x.txt" / "inner.txt", "Inside a folder named like a file")
    (folder / "y.jsonl").mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.symlink("does-not-exist.txt", folder / "gone.txt")
    result = _load(folder)
    assert sorted(a.id for a in result.articles) == ["good", "inner"]
    reasons = _where(result)
    assert "folder" in reasons["x.txt"] and "folder" in reasons["y.jsonl"]
    assert "FIFO" in reasons["pipe.txt"]
    assert "broken link" in reasons["gone.txt"] and "Errno" not in reasons["gone.txt"]


def test_a_fifo_named_as_an_input_does_not_block(tmp_path: Path):
    os.mkfifo(tmp_path / "bad.jsonl")
    result = _load(tmp_path / "bad.jsonl", _txt(tmp_path / "good.txt"))
    assert [a.id for a in result.articles] == ["good"]
    assert "FIFO" in _where(result)["bad.jsonl"]


def test_links_out_of_the_input_folder_are_refused_unless_followed(tmp_path: Path):
    outside = _txt(tmp_path / "secret.txt", "Not meant for the archive")
    folder = tmp_path / "in"
    folder.mkdir()
    _txt(folder / "good.txt")
    os.symlink(outside, folder / "escape.txt")
    os.symlink(tmp_path, folder / "up")  # a folder link out, and a loop back to here
    os.symlink(folder / "good.txt", folder / "alias.txt")  # inside: read
    refused = _load(folder)
    assert sorted(a.id for a in refused.articles) == ["alias", "good"]
    reasons = _where(refused)
    assert "outside the input folder" in reasons["escape.txt"]
    assert "--follow-links" in reasons["up"]
    followed = _load(folder, follow_links=True)
    assert {"secret", "escape", "alias", "good"} <= {a.id for a in followed.articles}
    # A file named on its own is read through its link: the user chose it.
    assert [a.id for a in _load(folder / "escape.txt").articles] == ["escape"]


def test_bom_surrogates_deep_nesting_and_latin1_are_one_problem_each(tmp_path: Path):
    path = _jsonl(
        tmp_path / "a.jsonl",
        b"\xef\xbb\xbf" + json.dumps(_record("bom-first")).encode(),
        '{"id": "surr\\ud800", "title": "S", "body": "Text of a story here."}',
        '{"id": "deep", "body": "Text of a story here.", "x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}",
        json.dumps(_record("latin1", title="Caf\u00e9"), ensure_ascii=False).encode("latin-1"),
        json.dumps(_record("last")),
    )
    result = _load(path)
    assert [a.id for a in result.articles] == ["bom-first", "last"]
    reasons = _where(result)
    assert "surrogate" in reasons["a.jsonl:2"]
    assert "nested too deeply" in reasons["a.jsonl:3"]
    assert "not UTF-8" in reasons["a.jsonl:4"]


def test_latin1_is_refused_the_same_way_in_txt_and_jsonl(tmp_path: Path):
    (tmp_path / "caf.txt").write_bytes(f"Caf\u00e9 wins appeal\n\n{BODY}\n".encode("latin-1"))
    _jsonl(
        tmp_path / "caf.jsonl",
        json.dumps(_record("caf", title="Caf\u00e9"), ensure_ascii=False).encode("latin-1"),
    )
    reasons = _where(_load(tmp_path))
    assert (
        reasons["caf.txt"].split(" (")[0]
        == reasons["caf.jsonl:1"].split(" (")[0]
        == "not UTF-8 text"
    )


def test_utf16_file_is_one_problem(tmp_path: Path):
    (tmp_path / "u.jsonl").write_bytes((json.dumps(_record("u")) + "\n").encode("utf-16"))
    result = _load(tmp_path / "u.jsonl")
    assert result.articles == [] and list(_where(result)) == ["u.jsonl"]
    assert "UTF-16" in _where(result)["u.jsonl"]


def test_an_article_over_the_size_limit_is_skipped_and_reading_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(input_files, "MAX_ARTICLE_BYTES", 2_000)
    big = dict(_record("big"), body=BODY * 20)
    path = _jsonl(
        tmp_path / "a.jsonl", json.dumps(_record("a")), json.dumps(big), json.dumps(_record("b"))
    )
    (tmp_path / "big.txt").write_text("Big\n\n" + BODY * 20)
    result = _load(path, tmp_path / "big.txt")
    assert [a.id for a in result.articles] == ["a", "b"]
    reasons = _where(result)
    assert "limit" in reasons["a.jsonl:2"] and "limit" in reasons["big.txt"]


@pytest.mark.parametrize(
    ("raw", "iso", "why"),
    [
        ("05/03/2024", None, "ambiguous"),
        ("5.3.2024", None, "ambiguous"),
        ("2024-03-05", "2024-03-05", None),
        ("March 5, 2024", "2024-03-05", None),
        ("5th March 2024", "2024-03-05", None),
        ("32nd Octember", None, "unreadable"),
        (2016, None, "not a string"),
    ],
)
def test_dates_are_read_only_when_day_and_month_are_plain(tmp_path: Path, raw, iso, why):
    result = _load(_jsonl(tmp_path / "d.jsonl", json.dumps(_record("d", date=raw))))
    (article,) = result.articles  # kept either way
    assert article.date == iso
    if why is None:
        assert result.problems == []
    else:
        (problem,) = result.problems
        assert problem.line == 1 and problem.kept and why in problem.reason
        assert "kept without a date" in problem.reason


def test_control_characters_in_ids_are_refused_and_nul_leaves_the_text(tmp_path: Path):
    path = _jsonl(
        tmp_path / "n.jsonl",
        json.dumps(_record("nul\u0000id")),
        json.dumps(
            _record(
                "nul-body", title="Flood\u0000 vote", body=BODY.replace("budget", "bud\u0000get")
            )
        ),
    )
    result = _load(path)
    (article,) = result.articles
    assert "\x00" not in article.body + article.title and "budget for the river" in article.body
    assert "control characters" in _where(result)["n.jsonl:1"]


def test_sentence_splitting_looks_back_a_bounded_distance(monkeypatch):
    """The abbreviation check reads a short window before each full stop, not the whole line
    before it (which made one long paragraph cost quadratic time)."""
    spans = []

    class Recording:
        def __init__(self, pattern):
            self.pattern = pattern

        def search(self, text, pos=0, endpos=None):
            endpos = len(text) if endpos is None else endpos
            spans.append(endpos - pos)
            return self.pattern.search(text, pos, endpos)

    monkeypatch.setattr(sentences, "_LAST_WORD", Recording(sentences._LAST_WORD))
    line = "The minister spoke to Mr. Smith today. " * 2000
    assert len(sentences.split_sentences(line)) == 2000
    assert spans and max(spans) <= 64


# --- fuzz: any field values, any characters ----------------------------------------------

_ODD = st.sampled_from(
    ["\u0000", "\u2028", "\u0085", "\ufeff", "\u202e", "\ud800", "\x1b", '"', "“", "\n\n", "\r"]
)
_TEXT = st.lists(st.one_of(st.text(max_size=30), _ODD), max_size=12).map("".join)
_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), _TEXT,
    st.lists(_TEXT, max_size=3), st.dictionaries(_TEXT, _TEXT, max_size=3),
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "id": st.one_of(_TEXT, _VALUE),
                "title": st.one_of(_TEXT, _VALUE),
                "date": st.one_of(
                    st.sampled_from(["2016-10-08", "05/03/2024", "8th May 2020"]), _VALUE
                ),
                "source": st.one_of(_TEXT, _VALUE),
                "url": _VALUE,
                "body": st.one_of(_TEXT.map(lambda t: "Said the council. " + t), _VALUE),
                "extra": _VALUE,
            },
        ),
        min_size=1,
        max_size=6,
    )
)
def test_fuzzed_article_fields_give_an_article_or_a_problem_and_read_back_exactly(
    tmp_path_factory, records
):
    folder = tmp_path_factory.mktemp("fuzz")
    lines = [json.dumps(r, ensure_ascii=True) for r in records]
    path = _jsonl(folder / "f.jsonl", *lines)
    result = load_articles([path])
    skipped = {p.line for p in result.problems if not p.kept}
    ids = {a.id for a in result.articles}
    assert len(skipped) + len(ids) + len(result.duplicates) == len(lines)
    store = Store(folder / "store.sqlite")
    passages = []
    for article in result.articles:
        passages += chunk_article(article, first_id=len(passages))
    quotes = [q for a in result.articles for q in extract_quotes(a)]
    store.add_articles(result.articles)
    store.add_passages(passages)
    store.add_quotes(quotes)
    store.commit()
    for article in result.articles:
        stored = store.article(article.id)
        assert stored is not None and stored.body == article.body and stored.title == article.title
    # Text comes back sliced by SQLite's substr: exactly body[start:end], whatever it holds.
    read = store.passages([p.id for p in passages])
    assert [read[p.id].text for p in passages] == [p.text for p in passages]
    found = store.quotes(list(range(len(quotes))))
    assert [found[i].text for i in range(len(quotes))] == [q.text for q in quotes]
    store.close()
