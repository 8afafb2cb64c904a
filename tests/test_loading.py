import json
from pathlib import Path

from retrieval.ingest.loading import load_articles, parse_date
from tests.conftest import SEED_ID, SEEDS


def test_dates_are_normalised_to_iso():
    assert parse_date("8th October 2016") == "2016-10-08"
    assert parse_date("October 8, 2016") == "2016-10-08"
    assert parse_date("2016-10-08") == "2016-10-08"
    assert parse_date("1st Jan 2020") == "2020-01-01"
    assert parse_date("someday") is None


def test_seed_folder_loads_with_title_date_and_id():
    result = load_articles([SEEDS], source="The Paper", url="https://example.org/x")
    assert result.problems == []
    (article,) = result.articles
    assert article.id == SEED_ID
    assert (
        article.title == "Jeremy Corbyn urged by left-wing supporters to condemn Russia over Syria"
    )
    assert article.date == "2016-10-08"
    assert article.source == "The Paper"
    assert article.url == "https://example.org/x"
    assert article.body.startswith("Left-wing supporters of Jeremy Corbyn")


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_malformed_lines_are_reported_and_skipped(tmp_path: Path):
    good = {
        "id": "a1",
        "title": "Council votes",
        "date": "2020-02-03",
        "source": "Gazette",
        "url": None,
        "body": "The council voted on Monday.\n\nIt was close.",
        "desk": "local",
    }
    path = _write_jsonl(
        tmp_path / "a.jsonl",
        [
            json.dumps(good),
            "{not json",
            json.dumps({"id": "a2", "title": "No body"}),
            json.dumps(
                {"id": "a3", "title": "Bad date", "date": "yesterday", "body": "Text here."}
            ),
            json.dumps(["a list"]),
        ],
    )
    result = load_articles([path])
    # An unreadable date is reported, and the article kept without one.
    assert [(a.id, a.date) for a in result.articles] == [("a1", "2020-02-03"), ("a3", None)]
    assert result.articles[0].metadata == {"desk": "local"}
    assert [p.line for p in result.problems] == [2, 3, 4, 5]
    assert [p.kept for p in result.problems] == [False, False, True, False]
    assert all(p.path == str(path) for p in result.problems)
    assert "body" in result.problems[1].reason
    assert "date" in result.problems[2].reason and "kept" in result.problems[2].reason


def test_duplicate_ids_later_one_wins(tmp_path: Path):
    first = {"id": "d", "title": "First", "body": "First version of the story."}
    second = {"id": "d", "title": "Second", "body": "Corrected version of the story."}
    path = _write_jsonl(tmp_path / "d.jsonl", [json.dumps(first), json.dumps(second)])
    result = load_articles([path])
    assert [a.title for a in result.articles] == ["Second"]
    assert result.duplicates == ["d"]


def test_missing_path_and_empty_text_file_are_problems(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("\n\n")
    result = load_articles([tmp_path / "nope", tmp_path])
    reasons = [p.reason for p in result.problems]
    assert result.articles == []
    assert any("no such file" in r for r in reasons)
    assert any("empty" in r for r in reasons)


def test_scanning_by_raw_bytes_gives_what_loading_gives(tmp_path: Path):
    from retrieval.ingest.input_fingerprints import InputMemo, Known, scan_inputs

    lines = [
        json.dumps({"id": "a", "title": "A", "body": "First story."}),
        "{not json",
        json.dumps({"id": "b", "title": "B", "body": "Second story."}),
        json.dumps(
            {"id": "a", "title": "A again", "body": "First story, corrected.\n\nPhoto: Reuters"}
        ),
    ]
    inputs = [SEEDS, _write_jsonl(tmp_path / "n.jsonl", lines)]
    loaded = load_articles(inputs, source="Paper")
    memo = InputMemo(tmp_path / "inputs.sqlite")
    first = scan_inputs(inputs, "Paper", None, memo, live={})
    assert first.articles == loaded.articles and first.parsed == first.units == 5
    assert (first.problems, first.duplicates) == (loaded.problems, loaded.duplicates)

    again = scan_inputs(inputs, "Paper", None, memo, live=first.fingerprints)
    assert again.parsed == 0 and all(isinstance(e, Known) for e in again.entries.values())
    assert list(again.entries) == [a.id for a in loaded.articles] == [SEED_ID, "b", "a"]
    assert (again.problems, again.duplicates) == (loaded.problems, loaded.duplicates)
    assert again.dropped_lines == first.dropped_lines == 1 + len(loaded.articles[0].dropped_lines)
    # Another source changes every article, so nothing is known.
    assert scan_inputs(inputs, "Other", None, memo, live=first.fingerprints).parsed == 5
