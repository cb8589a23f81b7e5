"""Story analysis benchmark (issue 3): quote speakers, entity clustering, and speed.

Quality, against the hand annotations in ``tests/fixtures/seed_annotations.json``:

* quote speakers: a gold quote is *found* when a predicted quote of the same
  article contains its opening words; it is *correct* when the predicted
  speaker is the gold person (any of their annotated names) or, for an
  unnamed source, when the speaker is null and a description is given.
  Precision = correct / found (quotes that have an attribution); strict
  precision also counts predicted quotes that match no gold quote as wrong.
  Recall = correct / gold quotes.
* entities: a *split* is a gold entity whose names land in two or more
  predicted entities; a *merge* is a predicted entity holding names of two
  or more gold entities.

Speed, on every story of multinews-dev: the full spaCy parse alone; the
analysis steps on those Docs (goal: ≤ 30 % of the parse); and
``analyze_many`` with 1 and with 2 processes (goal: ≥ 1.7× faster).

    .venv/bin/python benchmarks/analysis.py [--skip-speed] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from newsbrief.analyze import analyze, analyze_many, parse_docs
from newsbrief.analyze.entities import build_index, name_key
from newsbrief.analyze.quotes import find_quotes
from newsbrief.analyze.quotes.speakers import speaker_ranker
from newsbrief.ingest import read_dataset, read_story
from newsbrief.nlp import full_pipeline
from newsbrief.pipeline import parse_articles
from newsbrief.settings import DEFAULTS, load_settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ANNOTATIONS = REPO / "tests" / "fixtures" / "seed_annotations.json"


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _pairs(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[a-z0-9]+", text.replace("'s ", " is ").replace("'", ""))
    return set(zip(words, words[1:]))


def _contains(text: str, start: str) -> bool:
    """Does the quote text contain the gold opening (word pairs, 70 % of them, for outlet variants: "is"/"was")?"""
    text = _norm(text)
    if start in text:
        return True
    pairs = _pairs(start)
    return bool(pairs) and len(pairs & _pairs(text)) / len(pairs) >= 0.7


def _load_story(source: str):
    """Parsed articles of an annotated story: ``seed-story`` or ``multinews-dev:<cluster id>``."""
    if source == "seed-story":
        return parse_articles(read_story([SHARED / "seed-story"]).articles)
    dataset, _, cluster = source.partition(":")
    for story in read_dataset(SHARED / "data" / f"{dataset}.jsonl"):
        if story.id == cluster:
            return parse_articles(story.articles, problems=[])
    raise SystemExit(f"{source}: no such story in the shared data")


def _article_id(gold: dict, source: str) -> str:
    if "file" in gold:
        return Path(gold["file"]).stem
    return f"{source.partition(':')[2]}:{gold['article']}"


def quality() -> dict:
    stories = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))["stories"]
    totals = {"gold": 0, "found": 0, "correct": 0, "extra": 0, "splits": 0, "merges": 0, "gold_entities": 0}
    wrong: list[str] = []
    per_story: list[dict] = []
    for story in stories:
        before = dict(totals)
        articles = _load_story(story["source"])
        docs = parse_docs([a.clean.text for a in articles])
        index = build_index(articles, docs)
        quotes = find_quotes(articles, docs, index, ranker=speaker_ranker(DEFAULTS))
        names = {e["name"]: {name_key(x) for x in [e["name"], *e["aliases"]]} for e in story["entities"]}
        matched: set[tuple[int, str]] = set()
        for gold in story["quotes"]:
            totals["gold"] += 1
            article = _article_id(gold, story["source"])
            start = _norm(gold["start"])
            # The same quote in several outlets is one entry holding one outlet's wording
            # ("there's" vs "there is"), so match on most of the opening's word pairs.
            hits = [(i, q) for i, q in enumerate(quotes) if article in q.articles and _contains(q.text, start)]
            hits.sort(key=lambda hit: start not in _norm(hit[1].text))  # exact openings before near ones
            if not hits:
                wrong.append(f"missed  {article[:12]} {gold['start'][:40]!r} ({gold['speaker'] or gold.get('unnamed')})")
                continue
            i, q = hits[0]
            matched.add((i, article))
            totals["found"] += 1
            if gold["speaker"] is None:
                ok = q.speaker is None and bool(q.speaker_description)
            else:
                ok = q.speaker is not None and name_key(q.speaker) in names.get(gold["speaker"], {name_key(gold["speaker"])})
            if ok:
                totals["correct"] += 1
            else:
                wrong.append(f"wrong   {article[:12]} {gold['start'][:40]!r}: {q.speaker or q.speaker_description!r}"
                             f" (gold {gold['speaker'] or gold.get('unnamed')})")
        for i, q in enumerate(quotes):
            for article in q.articles:
                if (i, article) not in matched and not any(i == j for j, _ in matched):
                    totals["extra"] += 1
                    wrong.append(f"extra   {article[:12]} {q.text[:40]!r}: {q.speaker or q.speaker_description!r}")
        per_story.append({
            "story": story["source"].rpartition("-")[2][:8] if ":" in story["source"] else story["source"],
            "held_out": story.get("held_out", False),
            **{k: totals[k] - before[k] for k in ("gold", "found", "correct", "extra")},
        })
        # Entities: where do each gold entity's names land?
        owner = {}
        for k, e in enumerate(index.entities):
            for surface in (e.name, *e.aliases):
                owner[name_key(surface)] = k
        totals["gold_entities"] += len(names)
        gold_of = {key: g for g, keys in names.items() for key in keys}
        for g, keys in names.items():
            landed = {owner[k] for k in keys if k in owner}
            if len(landed) > 1:
                totals["splits"] += 1
                wrong.append(f"split   {g}: {sorted(index.entities[k].name for k in landed)}")
        for k, e in enumerate(index.entities):
            golds = {gold_of[name_key(s)] for s in (e.name, *e.aliases) if name_key(s) in gold_of}
            if len(golds) > 1:
                totals["merges"] += 1
                wrong.append(f"merge   {e.name}: {sorted(golds)}")
    found = totals["found"] or 1
    return {
        **totals,
        "speaker_precision": round(totals["correct"] / found, 3),
        "speaker_precision_strict": round(totals["correct"] / (found + totals["extra"]), 3),
        "speaker_recall": round(totals["correct"] / (totals["gold"] or 1), 3),
        "per_story": per_story,
        "errors": wrong,
    }


def speed(limit: int | None) -> dict:
    stories = []
    for story in read_dataset(SHARED / "data" / "multinews-dev.jsonl"):
        parsed = parse_articles(story.articles, problems=[])
        if parsed:
            stories.append(parsed)
        if limit and len(stories) >= limit:
            break
    texts = [a.clean.text for s in stories for a in s]
    full_pipeline()("Load the model before timing.")
    start = time.perf_counter()
    docs = parse_docs(texts)
    parse_s = time.perf_counter() - start
    start, at = time.perf_counter(), 0
    for story in stories:
        analyze(story, docs=docs[at : at + len(story)])
        at += len(story)
    steps_s = time.perf_counter() - start
    runs = {}
    for processes in (1, 2):
        start = time.perf_counter()
        analyze_many(stories, settings=load_settings(processes=processes))
        runs[processes] = time.perf_counter() - start
    return {
        "stories": len(stories),
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "spacy_parse_s": round(parse_s, 2),
        "analysis_steps_s": round(steps_s, 2),
        "steps_over_parse": round(steps_s / parse_s, 3),
        "analyze_many_1_process_s": round(runs[1], 2),
        "analyze_many_2_processes_s": round(runs[2], 2),
        "speedup_2_processes": round(runs[1] / runs[2], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--limit", type=int, default=None, help="only the first N multinews-dev stories (speed)")
    args = parser.parse_args()
    report = {"machine": f"{os.cpu_count()} CPUs", "load_before": os.getloadavg()}
    report["quality"] = quality()
    if not args.skip_speed:
        report["speed"] = speed(args.limit)
    report["load_after"] = os.getloadavg()
    errors = report["quality"].pop("errors")
    rows = report["quality"].pop("per_story")
    json.dump(report, sys.stdout, indent=2)
    print("\n\nper story (gold / found / correct / extra):")
    for row in rows:
        print(f"  {row['story']:<12} {'blind' if row['held_out'] else 'dev':<9} "
              f"{row['gold']:>3} {row['found']:>3} {row['correct']:>3} {row['extra']:>3}")
    print("\n\nquote / entity errors:", *errors, sep="\n  ")


if __name__ == "__main__":
    main()
