"""The local harness (`newsbot run` without a token): commands take the command line's
options, piped questions are echoed before their answers, errors go to stderr and fail the
exit code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.harness import words

runner = CliRunner()


@pytest.fixture()
def index_copy(seed_index: Path, tmp_path: Path) -> Path:
    root = tmp_path / "index"
    shutil.copytree(seed_index, root)
    return root


def harness(index: Path, *lines: str):
    return runner.invoke(
        app,
        ["run", "--index", str(index)],
        input="\n".join(lines) + "\n",
        env={"DISCORD_TOKEN": ""},
    )


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_options_are_parsed_as_on_the_command_line(index_copy: Path):
    result = harness(
        index_copy,
        "/ask -k 1 --json Syria letter",
        "/ask --since 2030-01-01 --json Syria",
        '/who-said --json clear on Syria --speaker "spokesman for Mr Corbyn"',
        "/speakers --limit 1 --json",
        f"/summary --article {'000_b3a66aeb771e6232'} --sentences 2 --json",
    )
    assert result.exit_code == 0, result.output
    ask, dated, said, speakers, summary = json_lines(result.stdout)
    assert ask["query"] == "Syria letter" and len(ask["results"]) == 1
    cli = runner.invoke(
        app, ["ask", "Syria letter", "-k", "1", "--json", "--index", str(index_copy)]
    )
    assert json.loads(cli.stdout) == ask  # the same request, the same answer
    assert dated["query"] == "Syria" and dated["results"] == []  # nothing after 2030
    assert said["query"] == "clear on Syria"
    assert said["speakers_matched"] == ["Spokesman for Jeremy Corbyn"]  # the entity's name
    assert {r["speaker"] for r in said["results"]} == {"A spokesman for Mr Corbyn"}
    assert len(speakers["speakers"]) == 1
    assert len(summary["sentences"]) == 2


def test_piped_questions_are_echoed_and_errors_go_to_stderr(index_copy: Path):
    result = harness(
        index_copy,
        "What did Corbyn's spokesman say about Syria?",
        "/ask -k abc Syria",
        "/ask --since 2016-10-09 --until 2016-10-01 Syria",
        "/stats --index elsewhere",
        "/ask 🙂",
        "/stats",
    )
    assert result.exit_code == 1, result.output
    out = result.stdout.splitlines()
    # Each question comes back before its answer, so a transcript can be read.
    assert out[0] == "newsbot> What did Corbyn's spokesman say about Syria?"
    assert "newsbot> /stats" in out and "articles" in result.stdout.split("newsbot> /stats")[-1]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    assert errors[0].startswith("error: line 2: Invalid value for '-k'")
    assert errors[1].startswith("error: line 3: since (2016-10-09) is after until")
    assert errors[2].startswith("error: line 4: --index works on the command line only")
    assert errors[3].startswith("error: line 5:") and "has no words to search" in errors[3]
    assert "error" not in result.stdout


def test_a_clean_session_exits_0(index_copy: Path):
    result = harness(index_copy, "/help", "/stats", "/quit", "/nope")
    assert result.exit_code == 0, result.output  # /quit ends it before /nope
    assert result.stderr == ""


def test_words_keep_apostrophes_and_group_double_quotes():
    assert words("""Corbyn's "Jeremy Corbyn" -k 3""") == ["Corbyn's", "Jeremy Corbyn", "-k", "3"]
    assert words('an "unbalanced quote') == ["an", '"unbalanced', "quote"]
    assert words("#hashtag and a\\backslash") == ["#hashtag", "and", "a\\backslash"]
