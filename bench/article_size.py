"""Build time against the size of one article, up to the 1 MB limit (`MAX_ARTICLE_BYTES`), for
this checkout beside a baseline commit (default: before the linear-time fixes), each built in a
fresh process on a fresh index with the real encoder.

Two shapes of body: news-like paragraphs, and one paragraph of the same sentences (the hostile
case: sentence splitting and quote attribution used to scan the whole paragraph for every full
stop). Linear growth shows as a flat "per 100 KB" column. The figure is the build process's CPU
seconds (all its threads), which other jobs on a shared machine disturb far less than wall time.

usage: python bench/article_size.py [--baseline COMMIT] [--sizes 100000,200000,400000,800000]
       [--timeout 900]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = "f81154f"  # main before the linear-time fixes
PROSE = [
    "The minister told reporters that the scheme would be reviewed before the end of the "
    "financial year, and that every council would be asked to submit its plans by spring. ",
    "Opposition members said the proposals did not go far enough, and warned that "
    "thousands of families would still face higher bills this winter. ",
    '"This is a serious problem and we will fix it," said the spokesman for the department. ',
    "Campaigners gathered outside the building to demand a public inquiry into the decision. ",
]


def body(size: int, paragraphs: bool) -> str:
    rnd = random.Random(5)
    parts, length = [], 0
    while length < size:
        sentence = rnd.choice(PROSE)
        parts.append(sentence)
        length += len(sentence)
        if paragraphs and rnd.random() < 0.2:
            parts.append("\n\n")
    return "".join(parts)[:size].rstrip() + "."


def timed_build(source: Path | None, article: Path, timeout: float) -> float | None:
    """CPU seconds of the build process, or None past `timeout` (wall seconds)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    if source is not None:
        env["PYTHONPATH"] = str(source)  # the baseline's packages before this checkout's
    with tempfile.TemporaryDirectory() as index:
        command = [sys.executable, "-m", "bot", "index", "build", "--json"]
        command += ["--input", str(article), "--index", str(Path(index) / "i")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            done = subprocess.run(
                command, cwd=source or REPO, env=env, capture_output=True, text=True,
                timeout=timeout,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return None
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr[-600:]}")
    json.loads(done.stdout.strip().splitlines()[-1])  # a finished build's report
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _cell(seconds: float | None, size: int, timeout: float) -> str:
    if seconds is None:
        return f"{'>' + str(int(timeout)):>9}{'-':>9}"
    return f"{seconds:9.1f}{seconds * 1e5 / size:9.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--sizes", default="100000,200000,400000,800000")
    parser.add_argument("--timeout", type=float, default=900, help="wall seconds per build")
    a = parser.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="article-size-"))
    old = work / "baseline"
    old.mkdir()
    archive = subprocess.run(["git", "archive", a.baseline], cwd=REPO, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    print(f"one article per build; baseline {a.baseline}; CPU seconds of the build process")
    print(f"{'shape':<14}{'bytes':>10}{'this':>9}{'/100KB':>9}{'base':>9}{'/100KB':>9}")
    for paragraphs in (True, False):
        shape = "paragraphs" if paragraphs else "one paragraph"
        base_gave_up = False
        for size in sizes:
            article = work / f"{shape.replace(' ', '-')}-{size}.jsonl"
            record = {"id": f"big-{size}", "title": "Budget", "body": body(size, paragraphs)}
            article.write_text(json.dumps(record) + "\n")
            ours = timed_build(None, article, a.timeout * 4)
            theirs = None if base_gave_up else timed_build(old, article, a.timeout)
            base_gave_up = base_gave_up or theirs is None
            print(
                f"{shape:<14}{size:>10,}{_cell(ours, size, a.timeout)}"
                f"{_cell(theirs, size, a.timeout)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
