"""Fault drill: kill -9 during builds, every kind of index damage, two builds at once, a full
disk (a small tmpfs, when this runs as root and may mount one) and unreadable files (as
`nobody`, when root). Each case runs the real `newsbot` CLI in fresh processes on a scratch
index and checks that:

- no command prints a traceback (a damaged index is one line, exit 2, naming the file and fix,
  or the last good build keeps answering);
- the next plain `newsbot index build` succeeds and serves every article (none lost);
- no `.partial` folder is left behind.

usage: python bench/faults.py [--articles 40] [--kills 6] [--work DIR] [--only SUBSTR]
Prints one line per case, then `cases N, failed F, tracebacks T, lost articles L`; exits 0
only when F, T and L are all 0. Articles come from ../shared/corpora/polnear (train and dev
splits) when present, else are generated. Every case starts several fresh `newsbot` processes:
the 41 cases took about an hour on a shared, busy 2-core machine; `--only` runs a subset.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import CORPORA  # noqa: E402

TRACEBACK = "Traceback (most recent call last)"
QUESTION = "What did the candidates say about the economy and jobs?"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
ENV.pop("NEWSBOT_INDEX_FALLBACK", None)


@dataclass
class Run:
    rc: int | str
    out: str
    err: str
    seconds: float

    @property
    def traceback(self) -> bool:
        return TRACEBACK in self.err

    def last_json(self) -> dict:
        try:
            return json.loads(self.out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return {}


def newsbot(*args, prefix: tuple[str, ...] = (), env: dict | None = None, timeout=900) -> Run:
    started = time.perf_counter()
    command = [*prefix, sys.executable, "-m", "bot", *map(str, args)]
    try:
        done = subprocess.run(
            command, cwd=REPO, env=env or ENV, capture_output=True, text=True, timeout=timeout
        )
        return Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - started)
    except subprocess.TimeoutExpired:
        return Run("timeout", "", "", time.perf_counter() - started)


def build(index: Path, inputs: list[Path], *extra: str, **kw) -> Run:
    args = ["index", "build", "--index", index, "--json", *extra]
    for path in inputs:
        args += ["--input", path]
    return newsbot(*args, **kw)


def articles_in(index: Path, **kw) -> int | None:
    return newsbot("stats", "--index", index, "--json", **kw).last_json().get("articles")


def ask(index: Path, **kw) -> Run:
    return newsbot("ask", QUESTION, "--index", index, "--json", **kw)


def current(index: Path) -> str | None:
    try:
        return (index / "CURRENT").read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None


def partials(index: Path) -> int:
    return sum(1 for _ in index.glob("*/*.partial"))


# ---- articles ---------------------------------------------------------------------------


def corpus_lines(n: int) -> list[str]:
    source = CORPORA / "polnear" / "articles.jsonl"
    lines: list[str] = []
    if source.exists():
        with source.open(encoding="utf-8") as handle:
            for line in handle:
                if json.loads(line).get("split") != "test":  # reserved: never read
                    lines.append(line.rstrip("\n"))
                if len(lines) == n:
                    return lines
    words = [
        "council",
        "budget",
        "school",
        "hospital",
        "minister",
        "election",
        "river",
        "flood",
        "police",
        "court",
    ]
    for i in range(len(lines), n):
        w = [words[(i * 7 + j) % len(words)] for j in range(6)]
        body = "\n\n".join(
            [
                f"The {w[0]} and the {w[1]} were debated on day {i} by the {w[2]} committee.",
                f'"We will fix the {w[3]} before the {w[4]} season," said Jane Smith{i % 9}.',
                f"Officials said the {w[5]} plan would cost {i * 3} million pounds this year.",
            ]
        )
        lines.append(json.dumps({"id": f"gen-{i:05d}", "title": f"Story {i}", "body": body}))
    return lines


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# ---- damage -----------------------------------------------------------------------------


def newest_segment(index: Path) -> Path:
    manifest = json.loads((index / "builds" / current(index) / "manifest.json").read_text())
    return index / "segments" / manifest["segments"][-1]["name"]


def manifest_path(index: Path) -> Path:
    return index / "builds" / current(index) / "manifest.json"


def garble(path: Path, at: float = 0.5, n: int = 4096) -> None:
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    rnd = random.Random(3)
    for i in range(start, min(len(data), start + n)):
        data[i] = rnd.randrange(256)
    path.write_bytes(bytes(data))


def edit_manifest(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def go(index: Path) -> None:
        data = json.loads(manifest_path(index).read_text())
        change(data)
        manifest_path(index).write_text(json.dumps(data))

    return go


DAMAGE: dict[str, Callable[[Path], object]] = {
    "faiss truncated": lambda i: os.truncate(newest_segment(i) / "dense.faiss", 100),
    "faiss garbage, same size": lambda i: garble(newest_segment(i) / "dense.faiss", 0.0, 64),
    "faiss garbage inside": lambda i: garble(newest_segment(i) / "dense.faiss", 0.5),
    "quotes faiss truncated": lambda i: os.truncate(newest_segment(i) / "quotes/dense.faiss", 9),
    "vectors.npy garbage": lambda i: garble(newest_segment(i) / "vectors.npy", 0.0, 64),
    "store.sqlite garbage header": lambda i: garble(newest_segment(i) / "store.sqlite", 0.0, 100),
    "store.sqlite garbage inside": lambda i: garble(newest_segment(i) / "store.sqlite", 0.5),
    "store.sqlite deleted": lambda i: (newest_segment(i) / "store.sqlite").unlink(),
    "lexical vocab garbage": lambda i: garble(
        newest_segment(i) / "lexical/vocab.index.json", 0, 64
    ),
    "lexical indices garbage": lambda i: garble(
        newest_segment(i) / "lexical/indices.csc.index.npy", 0.3
    ),
    "meta.npz garbage": lambda i: garble(newest_segment(i) / "meta.npz", 0.0, 64),
    "segment folder deleted": lambda i: shutil.rmtree(newest_segment(i)),
    "manifest deleted": lambda i: manifest_path(i).unlink(),
    "manifest garbage": lambda i: manifest_path(i).write_text("{not json"),
    "manifest files a list": edit_manifest(lambda m: m.__setitem__("files", [1, 2])),
    "manifest segments a string": edit_manifest(lambda m: m.__setitem__("segments", "x")),
    "manifest segment without name": edit_manifest(lambda m: m["segments"][-1].pop("name")),
    "manifest tombstones a list": edit_manifest(lambda m: m.__setitem__("tombstones", ["x"])),
    "manifest passages wrong": edit_manifest(
        lambda m: m["segments"][-1].__setitem__("passages", 5)
    ),
    "CURRENT binary": lambda i: (i / "CURRENT").write_bytes(b"\xff\xfe\x00garbage"),
    "CURRENT empty": lambda i: (i / "CURRENT").write_text(""),
    "CURRENT path traversal": lambda i: (i / "CURRENT").write_text("../../.."),
    "CURRENT names a missing build": lambda i: (i / "CURRENT").write_text("20990101T000000-1"),
    "CURRENT deleted": lambda i: (i / "CURRENT").unlink(),
    "cache/inputs.sqlite garbage": lambda i: (i / "cache/inputs.sqlite").write_bytes(b"x" * 7000),
    "embedding cache garbage": lambda i: [
        p.write_bytes(b"garbage" * 1000) for p in (i / "cache").glob("all-*.sqlite")
    ],
    "leftover .partial folders": lambda i: [
        (i / "builds" / f"20200101T000000-{n}-00000.partial").mkdir() for n in range(14)
    ],
}

UNREADABLE: dict[str, Callable[[Path], Path]] = {
    "mode 000: dense.faiss": lambda i: newest_segment(i) / "dense.faiss",
    "mode 000: store.sqlite": lambda i: newest_segment(i) / "store.sqlite",
    "mode 000: manifest": manifest_path,
    "mode 000: CURRENT": lambda i: i / "CURRENT",
    "mode 000: lexical folder": lambda i: newest_segment(i) / "lexical",
    "mode 000: segment folder": newest_segment,
}


# ---- the drill --------------------------------------------------------------------------


@dataclass
class Drill:
    work: Path
    base: list[Path]  # inputs of the golden index
    articles: int  # what the golden index serves
    results: list[dict] = field(default_factory=list)

    def record(self, case: str, ok: bool, tracebacks: int, lost: int, detail: str) -> None:
        self.results.append({"case": case, "ok": ok, "tracebacks": tracebacks, "lost": lost})
        mark = "ok  " if ok else "FAIL"
        print(f"{mark} {case}: tracebacks={tracebacks} lost={lost} | {detail[:220]}", flush=True)

    def copy_golden(self, name: str) -> Path:
        index = self.work / "cases" / name.replace(" ", "_").replace("/", "_")
        shutil.rmtree(index, ignore_errors=True)
        shutil.copytree(self.work / "golden", index, symlinks=True)
        return index

    def damage(self, name: str, harm: Callable[[Path], object]) -> None:
        index = self.copy_golden(name)
        harm(index)
        asked = ask(index)
        answered = asked.rc == 0 and bool(asked.last_json().get("results"))
        one_line = asked.rc == 2 and len(asked.err.strip().splitlines()) == 1
        rebuilt = build(index, self.base)
        after = ask(index)
        served = articles_in(index)
        lost = max(0, self.articles - (served or 0))
        tracebacks = sum(r.traceback for r in (asked, rebuilt, after))
        ok = (
            (answered or one_line)
            and rebuilt.rc == 0
            and after.rc == 0
            and bool(after.last_json().get("results"))
            and partials(index) == 0
        )
        said = asked.err.strip().splitlines()[-1:] or ["answered"]
        self.record(name, ok and lost == 0, tracebacks, lost, f"ask: {said[0]}")

    def unreadable(self, name: str, target: Callable[[Path], Path], nobody: tuple[str, ...]):
        index = self.copy_golden(name)
        path = target(index)
        os.chmod(path, 0)
        try:
            asked = ask(index, prefix=nobody, env=self.nobody_env)
        finally:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        answered = asked.rc == 0 and bool(asked.last_json().get("results"))
        one_line = asked.rc == 2 and len(asked.err.strip().splitlines()) == 1
        said = asked.err.strip().splitlines()[-1:] or ["answered"]
        self.record(name, answered or one_line, int(asked.traceback), 0, f"ask: {said[0]}")

    def kills(self, trials: int, extra: list[str], rnd: random.Random) -> None:
        index = self.copy_golden("kills")
        inputs = list(self.base)
        expected = self.articles
        for trial in range(trials):
            added = write_lines(self.work / f"kill-{trial}.jsonl", extra[trial * 4 : trial * 4 + 4])
            inputs.append(added)
            compact = ("--compact",) if trial % 2 else ()
            twin = self.work / "twin"
            shutil.rmtree(twin, ignore_errors=True)
            shutil.copytree(index, twin, symlinks=True)
            timing = build(twin, inputs, *compact)  # the same build, timed on a copy
            delay = rnd.uniform(0.3, max(0.5, timing.seconds))
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "index", "build", "--index", str(index), *compact]
                + [arg for path in inputs for arg in ("--input", str(path))],
                cwd=REPO,
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(delay)
            killed = process.poll() is None
            if killed:
                os.kill(process.pid, signal.SIGKILL)
            process.wait()
            asked = ask(index)
            again = build(index, inputs)
            expected += 4
            served = articles_in(index)
            lost = max(0, expected - (served or 0))
            tracebacks = asked.traceback + again.traceback
            ok = asked.rc == 0 and again.rc == 0 and partials(index) == 0 and lost == 0
            self.record(
                f"kill -9 at {delay:.1f}s of a {timing.seconds:.1f}s "
                f"{'compact' if compact else 'delta'} build",
                ok,
                tracebacks,
                lost,
                f"killed={killed}, next build rc={again.rc}, {served} articles served",
            )

    def two_builds(self, extra: list[str]) -> None:
        index = self.copy_golden("two builds")
        first = write_lines(self.work / "two-a.jsonl", extra[:15])
        second = write_lines(self.work / "two-b.jsonl", extra[15:30])
        processes = []
        for added in (first, second):
            args = ["index", "build", "--index", str(index), "--json"]
            for path in [*self.base, added]:
                args += ["--input", str(path)]
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot", *args],
                    cwd=REPO,
                    env=ENV,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            time.sleep(1.0)
        outcomes = [(p.wait(), *p.communicate()) for p in processes]
        codes = sorted(rc for rc, _out, _err in outcomes)
        refused = [err for rc, _out, err in outcomes if rc != 0]
        says_pid = bool(refused) and "already running" in refused[0] and "pid" in refused[0]
        served_one = articles_in(index) == self.articles + 15
        follow = build(index, [*self.base, first, second])
        served = articles_in(index)
        lost = max(0, self.articles + 30 - (served or 0))
        tracebacks = sum(TRACEBACK in err for _rc, _out, err in outcomes) + follow.traceback
        ok = codes[0] == 0 and codes[1] != 0 and says_pid and served_one and follow.rc == 0
        detail = refused[0].strip().splitlines()[-1] if refused else "both exited 0"
        self.record("two builds at once", ok and lost == 0, tracebacks, lost, detail)

    def disk_full(self, extra: list[str]) -> None:
        mount = self.work / "tmpfs"
        mount.mkdir(exist_ok=True)
        golden = self.work / "golden"
        used = sum(p.stat().st_size for p in golden.rglob("*") if p.is_file())
        size_mb = int(used / 1e6 * 1.6) + 1  # the index fits; a compacted copy of it does not
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
        )
        if mounted.returncode != 0:
            print(f"skip disk full: cannot mount a tmpfs ({mounted.stderr.strip()[:100]})")
            return
        try:
            index = mount / "index"
            shutil.copytree(golden, index, symlinks=True)
            before = current(index)
            more = write_lines(self.work / "full.jsonl", extra[:20])
            full = build(index, [*self.base, more], "--compact")
            said = full.err.strip().splitlines()
            clear = (
                full.rc not in (0, "timeout")
                and len(said) == 1
                and "no space left on device while writing" in said[0]
                and "serving index is unchanged" in said[0]
            )
            asked = ask(index)
            kept = current(index) == before and partials(index) == 0 and asked.rc == 0
            served = articles_in(index)
            lost = max(0, self.articles - (served or 0))
            tracebacks = full.traceback + asked.traceback
            self.record("disk full", clear and kept and lost == 0, tracebacks, lost, said[-1])
        finally:
            subprocess.run(["umount", "-l", str(mount)], check=False)

    @property
    def nobody_env(self) -> dict:
        home = self.work / "nobody-home"
        return {**ENV, "HOME": str(home), "NEWSBOT_ENCODER_CACHE_DIR": str(home / "encoders")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    parser.add_argument("--seed", type=int, default=7)
    a = parser.parse_args()
    work = (a.work or Path(tempfile.mkdtemp(prefix="newsbot-faults-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    lines = corpus_lines(a.articles + 5 + 4 * a.kills + 30)
    base = [
        write_lines(work / "base.jsonl", lines[: a.articles]),
        write_lines(work / "base-extra.jsonl", lines[a.articles : a.articles + 5]),
    ]
    extra = lines[a.articles + 5 :]
    golden = work / "golden"
    if not golden.exists():
        first = build(golden, base[:1])
        second = build(golden, base)  # a delta: the golden index keeps two builds
        if first.rc != 0 or second.rc != 0:
            sys.exit(f"cannot build the golden index: {first.err[-500:]} {second.err[-500:]}")
    served = articles_in(golden)
    print(f"golden index: {served} articles, {len(os.listdir(golden / 'builds'))} builds, {work}")
    drill = Drill(work, base, served or 0)
    wanted = a.only.casefold()
    for name, harm in DAMAGE.items():
        if wanted in name.casefold():
            drill.damage(name, harm)
    if os.geteuid() == 0 and shutil.which("setpriv") and UNREADABLE and wanted in "mode 000":
        nobody = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        home = work / "nobody-home"
        encoders = Path(
            os.environ.get("NEWSBOT_ENCODER_CACHE_DIR", Path.home() / ".cache/newsbot/encoders")
        )
        if not home.exists():
            home.mkdir()
            if encoders.exists():
                shutil.copytree(encoders, home / "encoders")
        subprocess.run(["chmod", "-R", "a+rwX", str(work)], check=False)
        control = ask(drill.copy_golden("control as nobody"), prefix=nobody, env=drill.nobody_env)
        if control.rc == 0:
            for name, target in UNREADABLE.items():
                drill.unreadable(name, target, nobody)
        else:
            print(f"skip unreadable files: nobody cannot run newsbot here ({control.err[-120:]})")
    if wanted in "two builds at once":
        drill.two_builds(extra)
    if os.geteuid() == 0 and wanted in "disk full":
        drill.disk_full(extra)
    if wanted in "kill -9":
        drill.kills(a.kills, extra, random.Random(a.seed))
    failed = sum(not r["ok"] for r in drill.results)
    tracebacks = sum(r["tracebacks"] for r in drill.results)
    lost = sum(r["lost"] for r in drill.results)
    print(
        f"cases {len(drill.results)}, failed {failed}, tracebacks {tracebacks}, "
        f"lost articles {lost}"
    )
    (work / "faults.json").write_text(json.dumps(drill.results, indent=1))
    sys.exit(0 if failed == tracebacks == lost == 0 else 1)


if __name__ == "__main__":
    main()
