"""The command line's handling of bad requests: one line and exit 2 for a bad option, one error
line per bad `--queries` line (the rest answered) and a non-zero exit when any failed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from retrieval.index import layout
from tests.conftest import SEED_ID, SEEDS

runner = CliRunner()
TYPED = [-1, 2.5, True, ["x"], {"a": 1}, "x" * 100_000]


@pytest.fixture()
def index_copy(seed_index: Path, tmp_path: Path) -> Path:
    root = tmp_path / "index"
    shutil.copytree(seed_index, root)
    return root


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "╭" not in result.output
    (line,) = result.stderr.strip().splitlines()
    return line


def run_queries(command: str, index: Path, path: Path, lines: list) -> tuple[int, list, str]:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, [command, "--index", str(index), "--queries", str(path)])
    assert "Traceback" not in result.output
    return result.exit_code, [json.loads(x) for x in result.stdout.splitlines()], result.stderr


@pytest.mark.parametrize(
    ("command", "fields", "good"),
    [
        ("ask", ["source", "k", "since"], {"query": "open letter from activists"}),
        ("who-said", ["speaker", "source", "until"], {"query": "negotiated political solution"}),
        ("summary", ["article", "source", "sentences"], {"query": "Corbyn and Syria"}),
    ],
)
def test_each_badly_typed_field_fails_its_own_line(index_copy, tmp_path, command, fields, good):
    lines = [{"qid": "first", **good}]
    for field in fields:
        for n, value in enumerate(TYPED):
            lines.append({"qid": f"{field}-{n}", **good, field: value})
        lines.append({"qid": f"{field}-null", **good, field: None})  # null: not given
    lines.append({"qid": "last", **good})
    code, out, stderr = run_queries(command, index_copy, tmp_path / "q.jsonl", lines)
    assert [line["qid"] for line in out] == [line["qid"] for line in lines]
    failed = [line for line in out if "error" in line]
    assert {line["qid"] for line in failed} == {
        f"{f}-{n}" for f in fields for n in range(len(TYPED))
    }
    assert all(line["line"] == out.index(line) + 1 for line in failed)
    assert all(len(line["error"]) < 300 for line in failed)
    assert "error" not in out[0] and "error" not in out[-1]
    assert code == 1 and f"{len(failed)} of {len(lines)} requests failed" in stderr


def test_raw_line_separators_inside_a_json_line_do_not_split_it(index_copy, tmp_path):
    path = tmp_path / "q.jsonl"
    raw = "open\u2028letter\u2029from\u0085activists"
    path.write_text(json.dumps({"qid": "sep", "query": raw}, ensure_ascii=False) + "\n")
    assert "\u2028" in path.read_text(encoding="utf-8")
    result = runner.invoke(app, ["ask", "--index", str(index_copy), "--queries", str(path)])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["qid"] == "sep" and line["query"] == "open letter from activists"


def test_unknown_fields_are_answered_and_named(index_copy, tmp_path):
    lines = [{"qid": 1, "query": "Syria", "speeker": "Corbyn"}]
    code, out, _ = run_queries("who-said", index_copy, tmp_path / "q.jsonl", lines)
    assert code == 0 and out[0]["ignored_fields"] == ["speeker"] and "results" in out[0]


@pytest.mark.parametrize(
    "args",
    [["ask", "Syria"], ["who-said", "Syria"], ["summary", "--article", SEED_ID]],
)
def test_a_request_on_the_command_line_and_in_queries_is_an_error(index_copy, tmp_path, args):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"qid": 1, "query": "Syria"}) + "\n")
    result = runner.invoke(app, [*args, "--index", str(index_copy), "--queries", str(path)])
    assert "not both" in one_line_error(result)
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["ask", "Syria", "--since", "2016-10-09", "--until", "2016-10-01"], "is after until"),
        (["summary", "Syria", "--article", SEED_ID], "not both"),
        (["summary"], "Give a topic"),
        (["ask", "🙂 🎉"], "has no words to search"),
        (["ask", "Syria", "-k", "abc"], "Invalid value for '-k'"),
        (["ask", "Syria", "-k", "0"], "k must be a whole number from 1 to 25"),
        (["who-said", "Syria", "--since", "last week"], "since must be a date"),
        (["speakers", "--limit", "0"], "limit must be a whole number from 1"),
        (["ask", "Syria", "--source", "nowhere"], "No outlet called 'nowhere'"),
        (["ask", "--bogus"], "No such option: --bogus"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(index_copy, args, says):
    result = runner.invoke(app, [*args, "--index", str(index_copy)])
    assert says in one_line_error(result)


def test_quotes_of_a_missing_input_is_one_line(tmp_path):
    result = runner.invoke(app, ["quotes", "--input", str(tmp_path / "nonexistent")])
    assert "no articles to read" in one_line_error(result)


def test_stats_names_the_index_folder_and_labels_articles_without_an_outlet(index_copy):
    stats = json.loads(runner.invoke(app, ["stats", "--index", str(index_copy), "--json"]).stdout)
    assert stats["index_dir"] == str(index_copy)
    assert stats["build"] == layout.serving_build(index_copy).name
    assert stats["sources"] == {"(no outlet)": 1}
    text = runner.invoke(app, ["stats", "--index", str(index_copy)]).stdout
    assert "(no outlet) (1)" in text


@pytest.mark.parametrize("command", [["ask"], ["stats"], ["index", "build"]])
def test_plain_flags_show_no_value_in_help(command):
    shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"}).stdout
    flags = [line for line in shown.splitlines() if "--json" in line or "--compact" in line]
    assert flags and not any("<bool>" in line for line in flags)


def test_build_wording_and_an_unknown_outlet_on_an_index_with_outlets(tmp_path):
    index = tmp_path / "index"
    args = ["index", "build", "--input", str(SEEDS), "--index", str(index)]
    first = runner.invoke(app, [*args, "--source", "Harbour Gazette"])
    assert first.exit_code == 0, first.output
    said = " ".join(first.stdout.split())  # as read, whatever the terminal's width
    assert "Indexed 1 article, 14 passages" in said
    assert "texts embedded)" in said and "cache" not in said  # nothing was cached yet
    again = runner.invoke(app, [*args, "--source", "Harbour Gazette", "--compact"])
    said = " ".join(again.stdout.split())
    assert "from the cache" in said and "1 article," in said
    result = runner.invoke(app, ["ask", "Syria", "--source", "nowhere", "--index", str(index)])
    message = one_line_error(result)
    assert "No outlet called 'nowhere'" in message and "Known outlets: Harbour Gazette." in message
    found = runner.invoke(
        app, ["ask", "Syria", "--source", "harbour gazette", "--index", str(index), "--json"]
    )
    assert found.exit_code == 0 and json.loads(found.stdout)["query"] == "Syria"
