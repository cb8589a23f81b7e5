"""Story clustering benchmark (issue 4): quality against known clusters, and growth.

Quality: every article of Multi-News dev and TAC 2011 English (placeholder
documents included, as real noise) is pooled, shuffled and grouped; the
stories are scored against the original clusters with B-cubed precision,
recall, F1 and the adjusted Rand index. Articles that clean to nothing are
scored as singletons (that is what they end up as).

Growth: streams of 1×, 2×, 4×, 8× (and enough copies for 10,000 articles)
built from the same real articles. Copy k moves every article k × 40 years
later (undated articles get one date per copy, the same for all of them, so
no cluster label leaks in) and lightly perturbs the text (drops one word in
twenty, deterministic), so copies must form new stories. Reports time,
peak memory (max RSS of a fresh process per size), CPU time (less sensitive
than wall time to other jobs on a shared machine) and the exponent of a log-log fit of time on size.

    nice .venv/bin/python benchmarks/stories.py            # quality + growth
    nice .venv/bin/python benchmarks/stories.py --quality  # quality only
    nice .venv/bin/python benchmarks/stories.py --growth   # growth and 10k only
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsbrief.ingest import StoryInput, read_paths  # noqa: E402
from newsbrief.models import Article  # noqa: E402
from newsbrief.settings import load_settings  # noqa: E402
from newsbrief.stories import group_stories  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
DATASETS = [SHARED / "multinews-dev.jsonl", SHARED / "tac2011-multiling-en.jsonl"]
# The labelled pools of issue 12: each is grouped on its own (and a model is scored on the pool it
# was not trained on).
POOLS = {
    "multinews-dev": SHARED / "multinews-dev.jsonl",
    "tac2011-en": SHARED / "tac2011-multiling-en.jsonl",
    "duc2006": SHARED / "duc2006.jsonl",
}


def load_pool(datasets=DATASETS) -> tuple[list[Article], dict[str, str]]:
    """Every article of the datasets, and its original cluster."""
    articles, gold = [], {}
    for item in read_paths(datasets):
        if isinstance(item, StoryInput):
            for a in item.articles:
                articles.append(a)
                gold[a.id] = item.id
    return articles, gold


def placeholders() -> set[str]:
    """Ids of documents Multi-News flags as archive stubs, tweets or under 40 words."""
    flagged = set()
    with open(DATASETS[0], encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for index, flag in enumerate(record.get("placeholder_doc_flags") or []):
                if flag:
                    flagged.add(f"{record['id']}:{index}")
    return flagged


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the items of ``gold``."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_pred[pred[item]].add(item)
        by_gold[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        same = len(by_pred[pred[item]] & by_gold[gold[item]])
        p += same / len(by_pred[pred[item]])
        r += same / len(by_gold[gold[item]])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def score(articles: list[Article], gold: dict[str, str], seed: int, settings, grouper=None) -> dict:
    from sklearn.metrics import adjusted_rand_score

    stream = list(articles)
    random.Random(seed).shuffle(stream)
    start = time.perf_counter()
    grouping = group_stories(stream, settings=settings, grouper=grouper)
    seconds = time.perf_counter() - start
    pred = {a: s.id for s in grouping.stories for a in s.articles}
    emptied = {i for i in gold if i not in pred}
    pred.update({i: f"alone:{i}" for i in emptied})  # emptied by cleaning
    p, r, f = bcubed(pred, gold)
    flagged = placeholders()
    _, _, f_real = bcubed(pred, {i: c for i, c in gold.items() if i not in flagged})
    # The emptied texts are archive/Twitter/reprint boilerplate shared across clusters, so
    # they stay singletons; this is the score over the articles that have text of their own.
    _, _, f_texts = bcubed(pred, {i: c for i, c in gold.items() if i not in emptied})
    ids = sorted(gold)
    ari = adjusted_rand_score([gold[i] for i in ids], [pred[i] for i in ids])
    dup_groups = sum(len(s.duplicates) for s in grouping.stories)
    return {"seed": seed, "articles": len(stream), "stories": len(grouping.stories), "clusters": len(set(gold.values())),
            "precision": p, "recall": r, "f1": f, "ari": ari, "f1_without_placeholders": f_real, "f1_without_emptied": f_texts,
            "duplicate_groups": dup_groups,
            "unusable": len(grouping.errors), "seconds": seconds}


def duplicate_check(articles: list[Article], gold: dict[str, str]) -> dict:
    """MinHash similarity of real same-story pairs vs reprints with new furniture and no last paragraph."""
    from itertools import combinations

    from newsbrief.stories import _prepare
    from newsbrief.stories.duplicates import DUPLICATE_JACCARD, similarity

    feats = {}
    for a in articles:
        f = _prepare(a, load_settings())
        if not isinstance(f, Exception) and f.signature is not None:
            feats[a.id] = f
    by_story = defaultdict(list)
    for i in feats:
        by_story[gold[i]].append(i)
    pairs = sorted((similarity(feats[x].signature, feats[y].signature) for ids in by_story.values()
                    for x, y in combinations(ids, 2)), reverse=True)
    reprints = []
    for a in articles:
        if a.id not in feats:
            continue
        paragraphs = a.text.split("\n\n")
        body = "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 3 else a.text
        copy = replace(a, id=a.id + "-copy", text="A different headline on another site\n\nAdvertisement\n\n"
                       + body + "\n\nShare this article\n\n© 2020 Another Site")
        f = _prepare(copy, load_settings())
        if not isinstance(f, Exception) and f.signature is not None:
            reprints.append(similarity(feats[a.id].signature, f.signature))
    return {"same_story_pairs": len(pairs), "pairs_at_or_above_threshold": sum(p >= DUPLICATE_JACCARD for p in pairs),
            "top_pair_similarities": [round(p, 2) for p in pairs[:4]], "reprints": len(reprints),
            "reprints_found": sum(r >= DUPLICATE_JACCARD for r in reprints) / len(reprints),
            "reprint_median": sorted(reprints)[len(reprints) // 2]}


def copies(articles: list[Article], times: int) -> list[Article]:
    """``times`` shifted, perturbed copies of the pool (copy 0 is dated too)."""
    from newsbrief.clean import clean
    from newsbrief.errors import EmptyArticle

    dates = {}
    for a in articles:
        try:
            dates[a.id] = clean(a).article.date
        except EmptyArticle:
            dates[a.id] = None
    out = []
    for k in range(times):
        rng = random.Random(k)
        for a in articles:
            found = dates[a.id]
            base = date.fromisoformat(found) if found and len(found) == 10 else date(2015, 6, 1)
            shifted = date(base.year + 40 * k, base.month, min(base.day, 28))
            words = a.text.split(" ")
            if k:
                words = [w for w in words if rng.random() > 0.05 or "\n" in w]
            out.append(replace(a, id=f"c{k}/{a.id}", text=" ".join(words), date=shifted.isoformat(), date_source="metadata"))
    return out


def one_size(times: int, limit: int | None, processes: int) -> dict:
    """Group a stream of ``times`` copies (first ``limit`` articles) in this process; time and memory."""
    import resource

    from newsbrief.stories import _prepare_all

    articles, _ = load_pool()
    stream = copies(articles, times)[:limit]
    random.Random(times).shuffle(stream)
    settings = load_settings(processes=processes)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    grouping = group_stories(stream, settings=settings)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Cleaning + features alone (the stage before the one pass), to show where the time goes.
    prep_cpu = time.process_time()
    _prepare_all(stream, load_settings(processes=1), [], None)
    prep_cpu = time.process_time() - prep_cpu
    return {"times": times, "articles": len(stream), "stories": len(grouping.stories), "seconds": wall,
            "cpu_seconds": cpu, "clean_features_cpu_seconds": prep_cpu, "peak_rss_mb": peak_mb,
            "rss_before_mb": base_rss / 1024, "load1": os.getloadavg()[0]}


def spawn(times: int, limit: int | None, processes: int) -> dict:
    """Run :func:`one_size` in a fresh interpreter, so peak RSS is that size's alone."""
    import subprocess

    command = [sys.executable, __file__, "--one", str(times), "--processes", str(processes)]
    if limit:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def pool_table(seeds: int, settings) -> dict:
    """B-cubed of grouping each labelled pool alone, mean over ``seeds`` shuffles."""
    out = {}
    for name, path in POOLS.items():
        articles, gold = load_pool([path])
        rows = [score(articles, gold, seed, settings) for seed in range(seeds)]
        mean = {k: sum(r[k] for r in rows) / len(rows) for k in ("precision", "recall", "f1", "ari", "f1_without_emptied")}
        out[name] = {"rows": rows, "mean": mean}
        print(f"pool {name}: articles={len(articles)} " + " ".join(f"{k}={v:.3f}" for k, v in mean.items())
              + " per-shuffle F1 " + "/".join(f"{r['f1']:.3f}" for r in rows), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="quality only")
    parser.add_argument("--growth", action="store_true", help="growth and 10k timing only")
    parser.add_argument("--pools", action="store_true", help="each labelled pool of issue 12 on its own, then exit")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.limit, args.processes)))
        return
    settings = load_settings(processes=args.processes)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; cpus: {os.cpu_count()}; processes: {args.processes}")
    results: dict = {"quality": [], "growth": []}
    if args.pools:
        results["pools"] = pool_table(args.seeds, settings)
        print(f"load after: {os.getloadavg()[0]:.2f}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    articles, gold = load_pool()
    if not args.growth:
        for seed in range(args.seeds):
            row = score(articles, gold, seed, settings)
            results["quality"].append(row)
            print("quality " + " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
        results["duplicates"] = duplicate_check(articles, gold)
        print("duplicates " + " ".join(f"{k}={v}" for k, v in results["duplicates"].items()))
    if not args.quality:
        for times in (1, 2, 4, 8):
            row = spawn(times, None, args.processes)
            results["growth"].append(row)
            print("growth " + " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)
        for key in ("seconds", "cpu_seconds"):
            xs = [math.log(r["articles"]) for r in results["growth"]]
            ys = [math.log(r[key]) for r in results["growth"]]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            results[f"exponent_{key}"] = slope
            print(f"log-log exponent of {key} on articles: {slope:.2f}")
        row = spawn(math.ceil(10_000 / len(articles)), 10_000, args.processes)
        results["ten_thousand"] = row
        print("10k " + " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
    print(f"load after: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
