"""Articles the PostgreSQL tests index beside the seed article."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SEEDS

# Two outlets and dates, so source and date filters have something to tell apart.
EXTRA = [
    {
        "id": "harbour-1",
        "title": "Harbour dredging contract overruns",
        "date": "2024-03-05",
        "source": "Evening Post",
        "url": "https://example.org/harbour",
        "body": "The harbour dredging contract overran its budget by two million pounds.\n\n"
        '"We will not pay a penny more," said council leader Ann Baxter.\n\n'
        "Dredging resumes in April, the port authority said.",
    },
    {
        "id": "school-1",
        "title": "New school opens in Riverside",
        "date": "2023-09-01",
        "source": "Morning Star",
        "url": "https://example.org/school",
        "body": "A new primary school opened in Riverside on Monday with 400 pupils.\n\n"
        '"This is a great day for our children," said head teacher Tom Reed.',
    },
]
LATE = {
    "id": "bridge-1",
    "title": "Bridge closed for repairs",
    "date": "2024-06-10",
    "source": "Evening Post",
    "url": "https://example.org/bridge",
    "body": "The Kingsway swing bridge closed for six weeks of repairs to its rusted gears.\n\n"
    '"Safety comes first," said engineer Priya Natarajan.',
}


def write_inputs(folder: Path, extra: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / seed.name)
    set_articles(folder, extra)
    return folder


def set_articles(folder: Path, articles: list[dict]) -> None:
    """Make `articles` the folder's JSONL input (the seed .txt files stay)."""
    lines = "".join(json.dumps(a) + "\n" for a in articles)
    (folder / "newsroom.jsonl").write_text(lines, encoding="utf-8")
