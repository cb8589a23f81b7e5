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
process tree sampled every 20 ms (fork-shared pages count in every process,
so the sum overstates real use). Prints a Markdown table, the targets
(batch ≤ 3× floor, ≥ 10× faster than LexRank, peak RSS ≤ 600 MB) and the
machine: paste the output into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = REPO.parent / "shared" / "data" / "multinews-dev.jsonl"

FLOOR = """
import json, sys, time
start = time.perf_counter()
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
docs = [d for line in open(sys.argv[1], encoding="utf-8") if line.strip() for d in json.loads(line)["documents"]]
sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(docs))
print(f"{len(docs)} documents, {sentences} sentences", file=sys.stderr)
"""

LEXRANK = """
import sys
from pathlib import Path
from newsbrief.baselines import lexrank
from newsbrief.clean import clean
from newsbrief.errors import EmptyArticle
from newsbrief.ingest import read_dataset
from newsbrief.nlp import split_sentences
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
print(f"{stories} stories", file=sys.stderr)
"""


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    command: str
    seconds: float
    max_process_mb: float
    tree_peak_mb: float


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def _run(name: str, argv: list[str], shown: str) -> Timing:
    peak = [0]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # stderr is small (quiet runs); read it before waiting so the pipe never fills.
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):  # batch exits 1 when a story has no usable text; still timed
        raise SystemExit(f"{name} failed ({proc.returncode}): {stderr[-2000:]}")
    return Timing(name, shown, seconds, usage.ru_maxrss / 1024, peak[0] / 1024)


def _best(name: str, argv: list[str], shown: str, repeat: int, before=None) -> Timing:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(_run(name, argv, shown))
    best = min(runs, key=lambda t: t.seconds)
    return Timing(
        name, shown, best.seconds, max(t.max_process_mb for t in runs), max(t.tree_peak_mb for t in runs)
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

        batch = [python, "-m", "newsbrief", "batch", dataset, "-o", str(out), "--words", "250", "--quiet"]
        timings = [
            _best("floor: spacy.blank + sentencizer", [python, "-c", FLOOR, dataset],
                  "python -c <spacy.blank('en') + sentencizer over every document>", args.repeat),
            _best("newsbrief batch, 2 processes", batch + ["--processes", "2"],
                  f"newsbrief batch {args.dataset.name} -o OUT --words 250 --processes 2 --quiet", args.repeat, fresh),
            _best("newsbrief batch, 1 process", batch + ["--processes", "1"],
                  f"newsbrief batch {args.dataset.name} -o OUT --words 250 --processes 1 --quiet", args.repeat, fresh),
            _best("sumy LexRank (our sentences)", [python, "-c", LEXRANK, dataset],
                  "python -c <clean + split + newsbrief.baselines.lexrank per story>", 1),
        ]
    floor, batch2, batch1, lex = timings
    print(f"Command: `{Path(python).relative_to(REPO) if Path(python).is_relative_to(REPO) else python} "
          f"benchmarks/speed.py --dataset {args.dataset} --repeat {args.repeat}`\n")
    print(f"Machine: {load_before} (before); {machine()} (after)\n")
    print("| command | wall s (best of runs) | × floor | peak RSS, largest process MB | peak RSS, process tree MB |")
    print("|---|---:|---:|---:|---:|")
    for t in timings:
        print(f"| {t.name} | {t.seconds:.2f} | {t.seconds / floor.seconds:.2f} | {t.max_process_mb:.0f} | {t.tree_peak_mb:.0f} |")
    print()
    print(f"- batch (2 processes) / floor: {batch2.seconds / floor.seconds:.2f}× (target ≤ 3×): "
          f"{'met' if batch2.seconds <= 3 * floor.seconds else 'MISSED'}")
    print(f"- LexRank / batch (2 processes): {lex.seconds / batch2.seconds:.1f}× (target ≥ 10×): "
          f"{'met' if lex.seconds >= 10 * batch2.seconds else 'MISSED'}; "
          f"LexRank / batch (1 process): {lex.seconds / batch1.seconds:.1f}×")
    peak = max(batch2.tree_peak_mb, batch1.tree_peak_mb)
    print(f"- batch peak RSS: largest process {max(batch2.max_process_mb, batch1.max_process_mb):.0f} MB, "
          f"process tree {peak:.0f} MB (target ≤ 600 MB): {'met' if peak <= 600 else 'MISSED'}")


if __name__ == "__main__":
    main()
