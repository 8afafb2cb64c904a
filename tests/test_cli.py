import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from retrieval.index import layout
from tests.conftest import REPO, SEED_ID, SEEDS

runner = CliRunner()
NEWSBOT = [sys.executable, "-m", "bot"]


@pytest.fixture()
def index_copy(seed_index: Path, tmp_path: Path) -> Path:
    root = tmp_path / "index"
    shutil.copytree(seed_index, root)
    return root


def test_readme_commands_build_then_ask(tmp_path: Path):
    """`newsbot index build` and `newsbot ask --json` as a user types them, in a fresh process."""
    env = {**os.environ, "NEWSBOT_INDEX_DIR": str(tmp_path / "index")}
    build = subprocess.run(
        [*NEWSBOT, "index", "build", "--input", str(SEEDS), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    report = json.loads(build.stdout)
    assert report["articles"] == 1 and report["passages"] == 14 and report["skipped"] == 0
    ask = subprocess.run(
        [*NEWSBOT, "ask", "What did Corbyn's spokesman say about Syria?", "--json", "-k", "3"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["answered"] is True
    assert set(answer["results"][0]) >= {
        "text",
        "article_id",
        "title",
        "date",
        "source",
        "url",
        "paragraph",
        "score",
    }
    assert any(r["text"].startswith("A spokesman for Mr Corbyn") for r in answer["results"])


def test_queries_file_answers_each_line_with_its_qid(index_copy: Path, tmp_path: Path):
    requests = tmp_path / "q.jsonl"
    requests.write_text(
        "\n".join(
            [
                json.dumps({"qid": "one", "query": "open letter from activists", "k": 2}),
                "{broken",
                json.dumps({"qid": 7, "query": ""}),
                json.dumps({"qid": "three", "query": "Syria", "since": "2030-01-01"}),
            ]
        )
        + "\n"
    )
    result = runner.invoke(app, ["ask", "--index", str(index_copy), "--queries", str(requests)])
    assert result.exit_code == 1, result.output  # some lines failed: say so in the exit code
    assert "2 of 4 requests failed" in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["qid"] for line in lines] == ["one", None, 7, "three"]
    assert len(lines[0]["results"]) == 2 and lines[0]["results"][0]["article_id"] == SEED_ID
    assert "malformed" in lines[1]["error"] and lines[1]["line"] == 2
    assert "empty" in lines[2]["error"] and lines[2]["line"] == 3
    assert lines[3]["answered"] is False and lines[3]["results"] == []
    assert "line" not in lines[0] and "line" not in lines[3]


@pytest.mark.parametrize("query", ["", "x" * 20_000])
def test_bad_query_exits_2_with_one_line(index_copy: Path, query: str):
    result = runner.invoke(app, ["ask", query, "--index", str(index_copy)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_index_is_a_clear_error(tmp_path: Path):
    result = runner.invoke(app, ["stats", "--index", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no index here" in result.stderr


def test_stats_json(index_copy: Path):
    result = runner.invoke(app, ["stats", "--index", str(index_copy), "--json"])
    stats = json.loads(result.stdout)
    assert stats["articles"] == 1 and stats["passages"] == 14
    assert stats["first_date"] == "2016-10-08" and stats["model"] == "all-MiniLM-L6-v2"


def test_harness_answers_and_exits_on_eof(index_copy: Path):
    result = runner.invoke(
        app,
        ["run", "--index", str(index_copy)],
        input="/help\nWho won the FA Cup final?\n/stats\n/nope\n",
        env={"DISCORD_TOKEN": ""},
    )
    assert result.exit_code == 1, result.output  # one line failed
    assert "/ask" in result.stdout
    assert "no confident answer" in result.stdout
    assert "passages" in result.stdout
    assert "Unknown command /nope" in result.stderr and "Unknown" not in result.stdout


def test_run_builds_the_index_when_missing(tmp_path: Path):
    root = tmp_path / "fresh"
    result = runner.invoke(
        app,
        ["run", "--index", str(root)],
        input="",
        env={"DISCORD_TOKEN": "", "NEWSBOT_INPUTS": str(SEEDS)},
    )
    assert result.exit_code == 0, result.output
    assert (root / "CURRENT").exists()


def test_quotes_command_checks_copy_without_an_index():
    result = runner.invoke(app, ["quotes", "--input", str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["article_id"] == SEED_ID
    spokesman = [q for q in line["quotes"] if q["speaker"] == "A spokesman for Mr Corbyn"]
    assert len(spokesman) == 1 and spokesman[0]["paragraph"] == 14
    assert spokesman[0]["quote"].startswith("Jeremy has always been clear on Syria")
    assert set(spokesman[0]) >= {
        "quote",
        "speaker",
        "speaker_as_written",
        "cue",
        "paragraph",
        "start",
        "end",
        "confidence",
        "speaker_id",
        "speaker_kind",
        "canonical_speaker",
        "affiliation",
    }
    assert spokesman[0]["speaker_kind"] == "description"
    assert spokesman[0]["affiliation"] == "Jeremy Corbyn"


def test_refusals_print_one_plain_line(index_copy: Path):
    for command, query in (
        ("who-said", "Xylophonia zzqx"),
        ("ask", "Xylophonia zzqx"),
        ("ask", "How much did the open letter cost to publish?"),
    ):
        result = runner.invoke(app, [command, query, "--index", str(index_copy)])
        assert result.exit_code == 0, result.output
        said = " ".join(result.stdout.split())  # the terminal wraps lines
        assert said.startswith("The archive has no confident answer") and not result.exception
    assert said.endswith("The closest passages give no sum of money.")


def test_speakers_and_who_said_json(index_copy: Path):
    listed = runner.invoke(app, ["speakers", "corb", "--index", str(index_copy), "--json"])
    speakers = {s["name"]: s for s in json.loads(listed.stdout)["speakers"]}
    assert list(speakers)[0] == "Jeremy Corbyn"  # the person first, then those who mention him
    spokesman = speakers["Spokesman for Jeremy Corbyn"]
    assert spokesman["quotes"] == 1 and "A spokesman for Mr Corbyn" in spokesman["aliases"]
    assert spokesman["kind"] == "description" and spokesman["affiliation"] == "Jeremy Corbyn"
    assert speakers["Jeremy Corbyn"]["quotes"] == 0
    assert speakers["Jeremy Corbyn"]["affiliated_quotes"] == 1
    ask = ["who-said", "negotiated political solution", "--speaker", "corbyn"]
    own = json.loads(runner.invoke(app, [*ask, "--index", str(index_copy), "--json"]).stdout)
    assert own["results"] == [] and own["speakers_matched"] == ["Jeremy Corbyn"]
    assert own["affiliated_speakers"] == ["Spokesman for Jeremy Corbyn"]
    text = runner.invoke(app, [*ask, "--index", str(index_copy)]).stdout
    assert "--include-affiliated" in text
    wider = runner.invoke(app, [*ask, "--include-affiliated", "--index", str(index_copy), "--json"])
    top = json.loads(wider.stdout)["results"][0]
    assert top["speaker"] == "A spokesman for Mr Corbyn" and top["affiliated"] is True
    assert top["speaker_kind"] == "description" and top["affiliation"] == "Jeremy Corbyn"
    assert top["speaker_id"] == "spokesman-for-jeremy-corbyn"
    assert "A spokesman for Mr Corbyn said" in top["context"]
    labelled = runner.invoke(app, [*ask, "--include-affiliated", "--index", str(index_copy)])
    assert "speaking for Jeremy Corbyn" in labelled.stdout


def test_index_build_compact_merges_delta_segments(index_copy: Path, tmp_path: Path):
    """A reload with a new article adds a delta segment; `--compact` folds it back into one."""
    extra = tmp_path / "extra.jsonl"
    article = {
        "id": "harbour-fares",
        "title": "Harbour ferry fares to rise in April",
        "date": "2016-11-01",
        "source": "Test Gazette",
        "url": None,
        "body": "The harbour ferry operator confirmed a ten percent rise in fares from April, "
        "blaming the cost of its new boat and higher fuel prices over the winter.",
    }
    extra.write_text(json.dumps(article) + "\n")
    inputs = ["--input", str(SEEDS), "--input", str(extra), "--index", str(index_copy)]
    delta = runner.invoke(app, ["index", "build", *inputs, "--json"])
    assert delta.exit_code == 0, delta.output
    delta_report = json.loads(delta.output)
    assert delta_report["added_ids"] == ["harbour-fares"] and delta_report["segments"] == 2

    merged = runner.invoke(app, ["index", "build", *inputs, "--compact", "--json"])
    assert merged.exit_code == 0, merged.output
    merged_report = json.loads(merged.output)
    assert merged_report["compacted"] is True and merged_report["segments"] == 1
    assert merged_report["articles"] == 2

    ask = runner.invoke(
        app, ["ask", "How much will ferry fares rise?", "--index", str(index_copy), "--json"]
    )
    assert json.loads(ask.output)["results"][0]["article_id"] == "harbour-fares"


def test_run_says_when_the_quotes_are_from_older_rules(index_copy: Path):
    build = layout.serving_build(index_copy)
    manifest = layout.Manifest.read(build)
    env = {"DISCORD_TOKEN": ""}
    fresh = runner.invoke(app, ["run", "--index", str(index_copy)], input="", env=env)
    manifest.extra["quotes"] = "older-rules"
    manifest.write(build)
    stale = runner.invoke(app, ["run", "--index", str(index_copy)], input="", env=env)
    assert fresh.exit_code == stale.exit_code == 0, stale.output
    assert "older newsbot" not in fresh.stdout
    assert "older newsbot" in stale.stdout and "index build" in stale.stdout
