"""Language detection's share of a brief's time (issue 15 target: under 5 %).

For each story of the TAC 2011 MultiLing files (other languages and English): the time of
``detect_language`` over its articles, and of ``brief_articles`` on the same articles with their
language given (so the brief's time does not include detection), analysis on (the default).
The detector's one-off model load is reported apart.

    .venv/bin/python benchmarks/detect_cost.py
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from newsbrief.ingest import read_dataset
from newsbrief.lang import detect_language
from newsbrief.lang.detect import _model
from newsbrief.pipeline import brief_articles

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> int:
    start = time.perf_counter()
    _model()
    load = time.perf_counter() - start
    detect_s = brief_s = 0.0
    stories = 0
    for name in ("tac2011-multiling-other.jsonl", "tac2011-multiling-en.jsonl"):
        for story in read_dataset(DATA / name):
            start = time.perf_counter()
            codes = [detect_language(a.text).code for a in story.articles]
            detect_s += time.perf_counter() - start
            given = [replace(a, lang=c, lang_source="given") for a, c in zip(story.articles, codes)]
            start = time.perf_counter()
            brief_articles(given, words=250, story_id=story.id)
            brief_s += time.perf_counter() - start
            stories += 1
    print(f"{stories} stories: detection {1000 * detect_s / stories:.1f} ms a story, brief {1000 * brief_s / stories:.0f} ms "
          f"a story: {100 * detect_s / brief_s:.2f} % (model load once per process: {1000 * load:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
