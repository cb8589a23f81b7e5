"""Issue 2 speed benchmark: `newsbrief batch` against the spaCy floor and sumy LexRank.

    .venv/bin/python benchmarks/speed.py [--dataset ../shared/data/multinews-dev.jsonl] [--repeat 3]

Times three whole commands over the same stories (each a fresh interpreter,
so imports and process start-up count, as a user would feel them):

(a) the floor: ``spacy.blank("en")`` + sentencizer over every document, one process;
(b) ``newsbrief batch --words 250`` with 2 processes and with 1;
(c) sumy LexRank (fed our cleaned sentences, as in ``newsbrief eval``) over every story, one process.

Each command is run ``--repeat`` times and the fastest wall time kept (the
least disturbed by other load). Peak RSS is the largest single process of a
command (``wait4`` rusage, children included) and the largest sum over the
process tree sampled every 20 ms, as PSS (shared pages split between the
forked workers: the memory really used; checked against the target) and as
RSS (shared pages counted in every process: an overstatement). Prints a Markdown table, the targets
(batch ≤ 3× floor, ≥ 10× faster than LexRank, peak RSS ≤ 600 MB) and the
machine: paste the output into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = REPO.parent / "shared" / "data" / "multinews-dev.jsonl"

# Each command prints "work N s": its time after imports, so start-up and processing can be told apart.
FLOOR = """
import json, sys, time
import spacy
start = time.perf_counter()
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
docs = [d for line in open(sys.argv[1], encoding="utf-8") if line.strip() for d in json.loads(line)["documents"]]
sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(docs))
print(f"{len(docs)} documents, {sentences} sentences, work {time.perf_counter() - start:.3f} s", file=sys.stderr)
"""

LEXRANK = """
import sys, time
from pathlib import Path
from newsbrief.baselines import lexrank
from newsbrief.clean import clean
from newsbrief.errors import EmptyArticle
from newsbrief.ingest import read_dataset
from newsbrief.nlp import split_sentences
start = time.perf_counter()
stories = 0
for story in read_dataset(Path(sys.argv[1])):
    parsed = []
    for article in story.articles:
        try:
            parsed.append(split_sentences(clean(article)))
        except EmptyArticle:
            pass
    lexrank(parsed, budget_words=250)
    stories += 1
print(f"{stories} stories, work {time.perf_counter() - start:.3f} s", file=sys.stderr)
"""


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    command: str
    seconds: float
    work_seconds: float | None
    max_process_mb: float
    tree_rss_mb: float
    tree_pss_mb: float


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """(RSS, PSS) summed over ``root`` and all its descendants, from /proc.

    PSS splits each shared page between the processes sharing it, so the
    sum over forked workers is the memory really in use; the RSS sum counts
    shared pages once per process.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue  # the process ended between the two reads
    return rss, pss


def _run(name: str, argv: list[str], shown: str) -> Timing:
    peak = [0, 0]  # RSS sum, PSS sum (kB)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _tree_memory_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # stderr is a few lines; read it before waiting so the pipe never fills.
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):  # batch exits 1 when a story has no usable text; still timed
        raise SystemExit(f"{name} failed ({proc.returncode}): {stderr[-2000:]}")
    # batch's own summary line ends "(N s)"; the scripts above print "work N s".
    work = re.findall(r"(?:work |\()([\d.]+) s\)?", stderr)
    return Timing(
        name, shown, seconds, float(work[-1]) if work else None, usage.ru_maxrss / 1024, peak[0] / 1024, peak[1] / 1024
    )


def _best(name: str, argv: list[str], shown: str, repeat: int, before=None) -> Timing:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(_run(name, argv, shown))
    best = min(runs, key=lambda t: t.seconds)
    return Timing(
        name,
        shown,
        best.seconds,
        best.work_seconds,
        max(t.max_process_mb for t in runs),
        max(t.tree_rss_mb for t in runs),
        max(t.tree_pss_mb for t in runs),
    )


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?"
    )
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores (`nproc`: {os.cpu_count()}), {model}, Python {platform.python_version()}, "
        f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    dataset = str(args.dataset.resolve())
    load_before = machine()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "batch.jsonl"

        def fresh() -> None:
            out.unlink(missing_ok=True)  # batch resumes; each timed run must do all stories

        # Not --quiet: its last stderr line gives the time after imports. On a pipe, Rich draws the bar
        # only when it stops, so this costs nothing.
        batch = [python, "-m", "newsbrief", "batch", dataset, "-o", str(out), "--words", "250"]
        timings = [
            _best("floor: spacy.blank + sentencizer", [python, "-c", FLOOR, dataset],
                  "python -c <spacy.blank('en') + sentencizer over every document>", args.repeat),
            _best("newsbrief batch, 2 processes", batch + ["--processes", "2"],
                  f"newsbrief batch {args.dataset.name} -o OUT --words 250 --processes 2", args.repeat, fresh),
            _best("newsbrief batch, 1 process", batch + ["--processes", "1"],
                  f"newsbrief batch {args.dataset.name} -o OUT --words 250 --processes 1", args.repeat, fresh),
            _best("sumy LexRank (our sentences)", [python, "-c", LEXRANK, dataset],
                  "python -c <clean + split + newsbrief.baselines.lexrank per story>", 1),
        ]
    floor, batch2, batch1, lex = timings
    print(f"Command: `{Path(python).relative_to(REPO) if Path(python).is_relative_to(REPO) else python} "
          f"benchmarks/speed.py --dataset {args.dataset} --repeat {args.repeat}`\n")
    print(f"Machine: {load_before} (before); {machine()} (after)\n")
    print("| command | wall s (best of runs) | × floor | peak RSS, largest process MB | peak PSS, all processes MB "
          "| peak RSS, all processes MB | work s (after imports) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for t in timings:
        work = "?" if t.work_seconds is None else f"{t.work_seconds:.2f}"
        print(f"| {t.name} | {t.seconds:.2f} | {t.seconds / floor.seconds:.2f} | {t.max_process_mb:.0f} "
              f"| {t.tree_pss_mb:.0f} | {t.tree_rss_mb:.0f} | {work} |")
    print()
    print(f"- batch (2 processes) / floor: {batch2.seconds / floor.seconds:.2f}× (target ≤ 3×): "
          f"{'met' if batch2.seconds <= 3 * floor.seconds else 'MISSED'}")
    print(f"- LexRank / batch (2 processes): {lex.seconds / batch2.seconds:.1f}× (target ≥ 10×): "
          f"{'met' if lex.seconds >= 10 * batch2.seconds else 'MISSED'}; "
          f"LexRank / batch (1 process): {lex.seconds / batch1.seconds:.1f}×")
    peak = max(batch2.tree_pss_mb, batch1.tree_pss_mb)
    print(f"- batch peak memory: largest process {max(batch2.max_process_mb, batch1.max_process_mb):.0f} MB RSS, "
          f"all processes {peak:.0f} MB PSS / {max(batch2.tree_rss_mb, batch1.tree_rss_mb):.0f} MB RSS "
          f"(target ≤ 600 MB): {'met' if peak <= 600 else 'MISSED'}")


if __name__ == "__main__":
    main()
