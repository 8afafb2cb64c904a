"""`newsbot quote-check`, `newsbot speaker` and `newsbot feedback` as a user types them: JSON
contracts, --queries lines echoing their qid, one-line errors, the harness equivalents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bot.cli import app
from bot.harness import handle_line
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEEDS

runner = CliRunner()
SPOKESMAN = "More bombing in Syria will not solve the problem"


@pytest.fixture()
def index_copy(seed_index: Path, tmp_path: Path) -> Path:
    root = tmp_path / "index"
    shutil.copytree(seed_index, root)
    return root


def test_quote_check_json_and_queries(index_copy, tmp_path):
    result = runner.invoke(
        app,
        ["quote-check", SPOKESMAN.replace("not", "never"), "--index", str(index_copy), "--json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["verdict"] == "altered"
    assert [d for d in payload["matches"][0]["diff"] if d["op"] != "equal"] == [
        {"op": "replace", "ours": "not", "theirs": "never", "elided": False}
    ]
    lines = tmp_path / "checks.jsonl"
    lines.write_text(
        json.dumps({"qid": "a", "words": SPOKESMAN, "speaker": "Boris Johnson"})
        + "\n"
        + json.dumps({"qid": "b", "query": "Thousands have been killed by the aerial attacks"})
        + "\n"
        + json.dumps({"qid": "c", "words": ""})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["quote-check", "--index", str(index_copy), "--queries", str(lines)]
    )
    a, b, c = (json.loads(x) for x in result.stdout.splitlines())
    assert a["qid"] == "a" and a["verdict"] == "exact" and a["wrong_speaker"] is True
    assert (
        a["note"] == "We attributed these words to Spokesman for Jeremy Corbyn, not Boris Johnson."
    )
    assert b["qid"] == "b" and b["verdict"] == "not_found" and b["narrative"]
    assert c["qid"] == "c" and "error" in c
    assert result.exit_code == 1


def test_speaker_json_and_a_missing_name(index_copy):
    result = runner.invoke(app, ["speaker", "spokesman", "--index", str(index_copy), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["speakers_matched"] == [
        {"speaker_id": "spokesman-for-jeremy-corbyn", "name": "Spokesman for Jeremy Corbyn"}
    ]
    assert payload["quotes"] == 1 and payload["months"] == [{"month": "2016-10", "quotes": 1}]
    missing = runner.invoke(app, ["speaker", "--index", str(index_copy)])
    assert missing.exit_code == 2 and "name of a speaker" in missing.stderr


def test_feedback_from_the_harness_is_exported_and_counted(index_copy, embedder):
    service = NewsService(ServiceConfig(index_dir=index_copy, inputs=[SEEDS]), embedder)
    assert handle_line(service, "/rate up").output.plain.startswith("Nothing to rate yet")
    handle_line(service, f'/quote-check {SPOKESMAN} --speaker "Boris Johnson"')
    rated = handle_line(service, "/rate down wrong speaker named")
    assert "noted down for /quote-check" in rated.output.plain
    exported = runner.invoke(app, ["feedback", "export", "--index", str(index_copy), "--json"])
    (row,) = [json.loads(x) for x in exported.stdout.splitlines()]
    assert row["command"] == "quote-check" and row["query"] == SPOKESMAN
    assert row["options"] == {"speaker": "Boris Johnson", "k": 5}
    assert row["rating"] == "down" and row["comment"] == "wrong speaker named"
    assert row["result_ids"] and row["guild_id"] is None and len(row["user_hash"]) == 32
    stats = json.loads(
        runner.invoke(app, ["feedback", "stats", "--index", str(index_copy), "--json"]).stdout
    )
    assert (stats["up"], stats["down"]) == (0, 1)
    assert stats["by_command"] == {"quote-check": {"up": 0, "down": 1}}


def test_harness_speaker_stats_and_feedback(index_copy, embedder):
    service = NewsService(ServiceConfig(index_dir=index_copy, inputs=[SEEDS]), embedder)
    record = handle_line(service, "/speaker spokesman --json").json
    assert record["speakers_matched"][0]["name"] == "Spokesman for Jeremy Corbyn"
    (quote,) = [q["quote"] for s in record["stories"] for q in s["quotes"]]
    assert SPOKESMAN in quote
    handle_line(service, "/who-said bombing in Syria")
    handle_line(service, "/rate down the wrong spokesman")
    console = Console(record=True, width=200)
    console.print(handle_line(service, "/stats").output)
    assert "feedback on answers: 👍 0 · 👎 1" in console.export_text()
    console.print(handle_line(service, "/feedback").output)
    listed = console.export_text()
    assert "bombing in Syria" in listed and "the wrong spokesman" in listed
