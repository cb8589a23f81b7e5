"""Article extraction quality: word-level F1 of our HTML text against human-checked article bodies.

Reads ``../shared/data/extraction-aeb.jsonl.gz`` (181 real news/blog pages, each with ``html`` and
``expected_text``) in place and scores, per page, the bag-of-words overlap (precision, recall, F1 on
lower-cased word tokens, counted with multiplicity) of:

* ``ingest``: ``newsbrief.ingest.article_from_html`` (what ``newsbrief brief page.html`` reads);
* ``ingest+clean``: the same after ``newsbrief.clean.clean`` (what is summarized);
* with ``--variants``, plain trafilatura settings for comparison (default, favor_recall).

A page where extraction finds nothing scores 0. Prints mean P/R/F1 per method and the time taken.

With ``--datasets`` it also cleans every document of the Multi-News dev and TAC 2011 English files and
prints how much cleaning removes there (documents emptied, pieces removed, share of words kept, time).

With ``--rouge`` it scores ``newsbrief`` and the ``lead`` baseline (ROUGE-1/2 F at 250 words, the
official recipe via ``newsbrief.eval``, analysis off) on both files twice: with ``clean`` and with
cleaning switched off (text only stripped), to show what cleaning is worth to the summary.

With ``--split`` it chooses ``newsbrief.ingest.HTML_EXTRACTION`` (which trafilatura settings
``article_from_html`` tries, in order) honestly: the pages are split in two by a hash of their id
(sha256, even = tuning, odd = held out), every candidate chain is scored on both halves, the one
with the best tuning-half F1 is chosen, and its held-out F1 is reported beside trafilatura's
default there.

    .venv/bin/python benchmarks/extraction.py [--limit N] [--variants] [--datasets] [--rouge] [--split]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from newsbrief.clean import clean
from newsbrief.errors import NewsbriefError
from newsbrief.ingest import article_from_html

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-aeb.jsonl.gz"
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text or ""))


def prf(got: str, expected: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of ``got`` against ``expected``."""
    a, b = words(got), words(expected)
    overlap = sum((a & b).values())
    if not a or not b or not overlap:
        return 0.0, 0.0, 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return p, r, 2 * p * r / (p + r)


def _ours(html: str, url: str, with_clean: bool) -> str:
    try:
        article = article_from_html(html, article_id="page", origin=url, url=url)
        return clean(article).text if with_clean else article.text
    except NewsbriefError:
        return ""


def _trafilatura(html: str, url: str, **options) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, include_tables=False, **options) or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--variants", action="store_true", help="also score plain trafilatura settings")
    parser.add_argument("--datasets", action="store_true", help="also report cleaning on Multi-News and TAC")
    parser.add_argument("--rouge", action="store_true", help="also compare ROUGE with and without cleaning")
    parser.add_argument("--split", action="store_true", help="choose the extraction on a tuning half, report both")
    args = parser.parse_args(argv)
    if args.datasets:
        _dataset_stats(args.data.parent)
    if args.rouge:
        _rouge_with_and_without_cleaning(args.data.parent)
    with gzip.open(args.data, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = rows[: args.limit] if args.limit else rows
    if args.split:
        return _split(rows)
    methods = {
        "ingest": lambda r: _ours(r["html"], r["url"], with_clean=False),
        "ingest+clean": lambda r: _ours(r["html"], r["url"], with_clean=True),
    }
    if args.variants:
        methods["trafilatura default"] = lambda r: _trafilatura(r["html"], r["url"])
        methods["trafilatura favor_recall"] = lambda r: _trafilatura(r["html"], r["url"], favor_recall=True)
    print(f"{len(rows)} pages from {args.data.name}")
    print(f"{'method':28} {'P':>6} {'R':>6} {'F1':>6} {'empty':>6} {'s/page':>7}")
    for name, method in methods.items():
        scores, empty, start = [], 0, time.perf_counter()
        for row in rows:
            text = method(row)
            empty += not text.strip()
            scores.append(prf(text, row["expected_text"]))
        seconds = (time.perf_counter() - start) / len(rows)
        p, r, f = (statistics.mean(s[i] for s in scores) for i in range(3))
        print(f"{name:28} {p:6.3f} {r:6.3f} {f:6.3f} {empty:6d} {seconds:7.3f}")
    return 0


CHAINS = {
    "precision → recall": ({"favor_precision": True}, {"favor_recall": True}),
    "precision": ({"favor_precision": True},),
    "default → recall": ({}, {"favor_recall": True}),
    "default": ({},),
    "recall": ({"favor_recall": True},),
}


# Shares for the guard on precision mode (ingest.PRECISION_MIN_SHARE); the first best on tuning wins.
GUARD_SHARES = (0.1, 0.2, 0.3, 0.5, 0.7, 0.9)


def held_out(page_id: str) -> bool:
    """The page's half: odd sha256 of its id = held out (never looked at when choosing)."""
    return int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 2 == 1


def _bare(html: str, url: str, options: dict) -> str:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, **options
        )
    except Exception:
        return ""
    return ((getattr(doc, "text", None) or "").strip()) if doc is not None else ""


def _split(rows: list[dict]) -> int:
    halves = {"tuning": [r for r in rows if not held_out(r["id"])], "held out": [r for r in rows if held_out(r["id"])]}
    print(f"{len(rows)} pages: {len(halves['tuning'])} tuning, {len(halves['held out'])} held out (sha256 of id)")
    cache: dict[tuple[str, str], str] = {}

    def chain_text(row: dict, chain: tuple[dict, ...]) -> str:
        for options in chain:
            key = (row["id"], json.dumps(options, sort_keys=True))
            if key not in cache:
                cache[key] = _bare(row["html"], row["url"], options)
            if cache[key]:
                return cache[key]
        return ""

    def mean_f1(half: list[dict], text) -> float:
        return statistics.mean(prf(text(r), r["expected_text"])[2] for r in half)

    scores = {name: {h: mean_f1(rows_, lambda r, c=chain: chain_text(r, c)) for h, rows_ in halves.items()}
              for name, chain in CHAINS.items()}

    def guarded(row: dict, share: float) -> str:
        precise, default = chain_text(row, ({"favor_precision": True},)), chain_text(row, ({},))
        if not precise:
            return chain_text(row, ({"favor_recall": True},))
        return default if len(precise.split()) < share * len(default.split()) else precise

    for share in GUARD_SHARES:
        scores[f"precision, default if < {share:.0%} of its words → recall"] = {
            h: mean_f1(rows_, lambda r, x=share: guarded(r, x)) for h, rows_ in halves.items()
        }
    guards = [name for name in scores if name.startswith("precision, default if")]
    reference = {
        "trafilatura.extract default (no comments/tables)": lambda r: _trafilatura(r["html"], r["url"]),
        "trafilatura.extract, all defaults": lambda r: __import__("trafilatura").extract(r["html"], url=r["url"]) or "",
    }
    for name, method in reference.items():
        scores[name] = {h: mean_f1(rows_, method) for h, rows_ in halves.items()}
    best = max(scores[name]["tuning"] for name in [*CHAINS, *guards])
    chosen = {name for name in [*CHAINS, *guards] if scores[name]["tuning"] >= best - 1e-9}
    scores["article_from_html (the library as it is)"] = {
        h: mean_f1(rows_, lambda r: _ours(r["html"], r["url"], with_clean=False)) for h, rows_ in halves.items()
    }
    print(f"{'extraction (ingest text, F1)':52} {'tuning':>7} {'held out':>8}")
    for name, by_half in scores.items():
        mark = "  <- best on tuning" if name in chosen else ""
        print(f"{name:52} {by_half['tuning']:7.3f} {by_half['held out']:8.3f}{mark}")
    return 0


def _dataset_stats(folder: Path) -> None:
    from newsbrief.models import Article

    print(f"{'dataset':28} {'docs':>5} {'emptied':>7} {'removed':>7} {'words kept':>10} {'ms/doc':>7}")
    for name in ("multinews-dev.jsonl", "tac2011-multiling-en.jsonl"):
        docs = emptied = pieces = kept = total = 0
        start = time.perf_counter()
        for line in (folder / name).open(encoding="utf-8"):
            row = json.loads(line)
            for index, text in enumerate(row["documents"]):
                docs += 1
                total += len(text.split())
                try:
                    cleaned = clean(Article(id=f"{row['id']}:{index}", text=text))
                except NewsbriefError:
                    emptied += 1
                    continue
                pieces += len(cleaned.removed)
                kept += len(cleaned.text.split())
        ms = 1000 * (time.perf_counter() - start) / docs
        print(f"{name:28} {docs:5d} {emptied:7d} {pieces:7d} {kept / total:10.1%} {ms:7.1f}")
    print()


def _no_clean(article, settings=None):
    """Cleaning switched off: the text as read, only stripped."""
    from newsbrief.errors import EmptyArticle
    from newsbrief.models import CleanArticle

    text = article.text.strip()
    if not text:
        raise EmptyArticle(f"{article.id}: empty")
    return CleanArticle(article=article, text=text)


def _rouge_with_and_without_cleaning(folder: Path) -> None:
    from newsbrief import pipeline
    from newsbrief.eval import evaluate, load_stories
    from newsbrief.settings import load_settings

    settings = load_settings(analysis=False)
    print(f"{'dataset':28} {'cleaning':9} {'newsbrief R1/R2':>16} {'lead R1/R2':>12} {'s':>6}")
    for name in ("multinews-dev.jsonl", "tac2011-multiling-en.jsonl"):
        stories, _ = load_stories(folder / name, settings=settings)
        for label, cleaner in (("on", clean), ("off", _no_clean)):
            pipeline.clean = cleaner  # the benchmark's switch; the library itself has none
            start = time.perf_counter()
            report = evaluate(stories, words=250, systems=["newsbrief", "lead"], settings=settings)
            took = time.perf_counter() - start
            ours, lead = report.systems[0], report.systems[1]
            print(
                f"{name:28} {label:9} {ours.rouge1:7.2f}/{ours.rouge2:5.2f}    {lead.rouge1:5.2f}/{lead.rouge2:5.2f}"
                f" {took:6.0f}"
            )
        pipeline.clean = clean
    print()


if __name__ == "__main__":
    sys.exit(main())
