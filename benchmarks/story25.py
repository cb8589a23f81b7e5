"""Issue 10 timing: how long a 25-article story takes to brief once the models are loaded.

    .venv/bin/python benchmarks/story25.py [--stories K] [--words 250] [--analysis]

Reads the first K stories of ``shared/data/duc2006.jsonl`` in place (25 newswire articles each),
loads the spaCy models with one warm-up story, then times each story's brief (clean, split,
summarize; with ``--analysis`` also the full parse, analysis and coverage) and, apart, its
``summarize`` alone. Prints wall and CPU seconds (mean, max) and the load average: on the shared
development machine wall time is mostly waiting for a core, so both are given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from newsbrief.eval import load_stories
from newsbrief.pipeline import brief_articles, parse_articles
from newsbrief.summarize import summarize

DUC = Path(__file__).resolve().parents[2] / "shared" / "data" / "duc2006.jsonl"


def _clock(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--analysis", action="store_true", help="full brief: parse, analysis, coverage")
    args = parser.parse_args()
    stories, _ = load_stories(DUC, limit=args.stories + 1)
    warm, stories = stories[0], stories[1:]
    brief_articles(warm.articles, words=args.words, analysis=args.analysis)
    before = os.getloadavg()
    briefs, summaries = [], []
    for story in stories:
        briefs.append(_clock(lambda: brief_articles(story.articles, words=args.words, analysis=args.analysis)))
        parsed = parse_articles(story.articles, problems=[])
        summaries.append(_clock(lambda: summarize(parsed, budget_words=args.words)))
    after = os.getloadavg()
    print(f"{len(stories)} DUC 2006 stories of 25 articles, --words {args.words}, analysis={args.analysis}")
    print(f"load average {before[0]:.2f} (before) / {after[0]:.2f} (after), {os.cpu_count()} cores")
    print("| step | wall s mean | wall s max | CPU s mean | CPU s max |")
    print("|---|---:|---:|---:|---:|")
    for name, rows in (("brief (after model load)", briefs), ("summarize alone", summaries)):
        wall, cpu = [r[0] for r in rows], [r[1] for r in rows]
        print(f"| {name} | {statistics.mean(wall):.2f} | {max(wall):.2f} | {statistics.mean(cpu):.2f} | {max(cpu):.2f} |")


if __name__ == "__main__":
    main()
