import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from tests.conftest import REPO


def _example_keys() -> list[tuple[str, str]]:
    """(KEY, the comment line just above it) for every setting in .env.example."""
    lines = (REPO / ".env.example").read_text().splitlines()
    pairs = []
    for i, line in enumerate(lines):
        if match := re.match(r"^([A-Z_]+)=", line):
            pairs.append((match.group(1), lines[i - 1] if i else ""))
    return pairs


def test_env_example_mirrors_settings_field_for_field():
    keys = {key for key, _ in _example_keys()}
    expected = {
        "DISCORD_TOKEN" if name == "discord_token" else f"NEWSBOT_{name.upper()}"
        for name in Settings.model_fields
    }
    assert keys == expected


def test_every_example_setting_has_a_comment():
    for key, above in _example_keys():
        assert above.startswith("#"), key


def test_token_is_secret_and_lists_split(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "MTAxxx.secret-token")
    monkeypatch.setenv("NEWSBOT_INPUTS", "seeds, archive/2020.jsonl")
    monkeypatch.setenv("NEWSBOT_GUILD_IDS", "123,456")
    settings = Settings(_env_file=None)
    assert "secret-token" not in repr(settings) and "secret-token" not in str(settings)
    assert "secret-token" not in settings.model_dump_json()
    assert settings.discord_token.get_secret_value() == "MTAxxx.secret-token"
    assert settings.inputs == ["seeds", "archive/2020.jsonl"]
    assert settings.guild_ids == [123, 456]


def test_unknown_encoder_backend_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSBOT_EMBED_BACKEND", "cuda-magic")
    with pytest.raises(ValidationError, match="embed_backend"):
        Settings(_env_file=None)


def test_empty_values_in_a_copied_env_example_mean_the_defaults(tmp_path, monkeypatch):
    for name in [*os.environ]:
        if name.startswith("NEWSBOT_") or name == "DISCORD_TOKEN":
            monkeypatch.delenv(name)
    env_file = tmp_path / ".env"
    shutil.copy(REPO / ".env.example", env_file)
    settings = Settings(_env_file=env_file)
    assert settings.model_path is None and settings.encoder_cache_dir is None
    assert settings.discord_token is None and settings.source_name is None
    assert settings.guild_ids == [] and settings.inputs == ["seeds"]


def test_ask_runs_with_env_example_copied_to_env(seed_index, tmp_path):
    """`cp .env.example .env` (what the file says to do), then `newsbot ask`."""
    shutil.copy(REPO / ".env.example", tmp_path / ".env")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_") and k != "DISCORD_TOKEN"
    }
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)  # NEWSBOT_INDEX_DIR=index in the copied file
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "What did Corbyn's spokesman say about Syria?",
         "--json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answered"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env", "index"]  # no export here
