"""Quality of analysis part B: figures and dates vs the seed annotations, off-story flags on Multi-News dev.

Usage: .venv/bin/python benchmarks/analysis_quality.py [--shared ../shared] [--show]
       .venv/bin/python benchmarks/analysis_quality.py --heldout [--errors] [--disputes]  (issue 11, heldout.py)

Prints precision/recall of figure values (quantity, value, article) and of
article dates against tests/fixtures/seed_figures_dates.json, then runs
off-story detection over every multinews-dev cluster (all articles are about
one event there) and counts the articles flagged, split into the dataset's
placeholder documents (archive stubs, tweets, < 40 words: flagging those is
fine) and real articles (false flags). ``--show`` prints each flag's reason.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsbrief.analyze.coverage import find_coverage
from newsbrief.analyze.figures import find_figures
from newsbrief.analyze.offstory import find_off_story
from newsbrief.analyze.timeline import find_timeline, infer_dates
from newsbrief.clean import clean
from newsbrief.errors import EmptyArticle
from newsbrief.ingest import read_story
from newsbrief.models import Article
from newsbrief.nlp import full_pipeline, split_sentences
from newsbrief.summarize import summarize

from heldout import QUOTE_SETS  # noqa: E402  (benchmarks/heldout.py)

REPO = Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "tests" / "fixtures" / "seed_figures_dates.json"


def _pr(found: set, expected: set) -> str:
    hit = len(found & expected)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(expected) if expected else 1.0
    return f"precision {precision:.2f} ({hit}/{len(found)}), recall {recall:.2f} ({hit}/{len(expected)})"


def seed_scores(shared: Path) -> None:
    notes = json.loads(ANNOTATIONS.read_text())
    articles = [split_sentences(clean(a)) for a in read_story([shared / "seed-story"]).articles]
    docs = list(full_pipeline().pipe(a.clean.text for a in articles))
    dates = infer_dates(articles, docs)
    found_dates = {(k, v[0]) for k, v in dates.items() if v[0]}
    expected_dates = {(k, v["date"]) for k, v in notes["dates"].items()}
    print(f"seed article dates: {_pr(found_dates, expected_dates)}")
    figures = find_figures(articles, docs, dates)
    found = {
        (_concept(f.quantity), value.value, article)
        for f in figures
        for value in f.values
        for article in value.articles
    }
    expected = {(e["quantity"], e["value"], a) for e in notes["figures"] for a in e["articles"]}
    print(f"seed figure values (quantity, value, article): {_pr(found, expected)}")
    disputed = {(_concept(f.quantity), tuple(sorted(v.value for v in f.values))) for f in figures if f.disputed}
    expected_disputed = {(d["quantity"], tuple(sorted(d["values"]))) for d in notes["disputed"]}
    print(f"seed disputed figures: {_pr(disputed, expected_disputed)}")
    for figure in figures:
        print("   ", "DISPUTED" if figure.disputed else "        ", figure.quantity,
              [(v.value, len(v.articles)) for v in figure.values])


def _concept(quantity: str) -> str:
    for word, concept in (("deaths", "deaths"), ("injured", "injured"), ("homes", "displaced"), ("stranded", "stranded")):
        if quantity.startswith(word) or word in quantity.split(" in ")[0]:
            return concept
    return quantity


def multinews_flags(shared: Path, show: bool) -> None:
    nlp = full_pipeline()
    records = [json.loads(line) for line in (shared / "data" / "multinews-dev.jsonl").open(encoding="utf-8")]
    clusters, total, flagged_stub, flagged_real, stubs = 0, 0, 0, 0, 0
    n_figures, disputed = 0, []
    started = time.perf_counter()
    for record in records:
        flags = record.get("placeholder_doc_flags") or [False] * len(record["documents"])
        parsed, is_stub = [], {}
        for i, text in enumerate(record["documents"]):
            try:
                parsed.append(split_sentences(clean(Article(id=f"{record['id']}:{i}", text=text))))
            except EmptyArticle:
                continue
            is_stub[parsed[-1].id] = bool(flags[i]) if i < len(flags) else False
        clusters += 1
        total += len(parsed)
        stubs += sum(is_stub.values())
        docs = list(nlp.pipe(a.clean.text[:100_000] for a in parsed))
        dates = infer_dates(parsed, docs)
        figures = find_figures(parsed, docs, dates)
        n_figures += len(figures)
        disputed += [(record["id"], f) for f in figures if f.disputed]
        for off in find_off_story(parsed, docs, dates):
            if is_stub[off.article]:
                flagged_stub += 1
            else:
                flagged_real += 1
            if show:
                kind = "stub" if is_stub[off.article] else "REAL"
                words = len(next(a for a in parsed if a.id == off.article).clean.text.split())
                print(f"  [{kind}] {off.article} ({words} words, {len(parsed)} in cluster): {off.reason}")
    elapsed = time.perf_counter() - started
    print(
        f"multinews-dev: {clusters} clusters, {total} articles ({stubs} placeholder); flagged off-story: "
        f"{flagged_stub + flagged_real} = {flagged_stub} placeholder + {flagged_real} real articles "
        f"({elapsed:.0f} s incl. spaCy parsing)"
    )
    print(f"multinews-dev figures: {n_figures}, of which disputed: {len(disputed)}")
    if show:
        for story, figure in disputed:
            values = "; ".join(f"{v.text} [{', '.join(a.rsplit(':', 1)[1] for a in v.articles)}]" for v in figure.values)
            print(f"  {story[-6:]} {figure.quantity}: {values}")


def tac_flags(shared: Path, show: bool) -> None:
    """Off-story flags on the TAC 2011 English topics: 10 dated WikiNews articles each, spanning weeks to years."""
    nlp = full_pipeline()
    total, flagged = 0, 0
    for line in (shared / "data" / "tac2011-multiling-en.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        parsed = [
            split_sentences(clean(Article(id=f"{record['id']}:{i}", text=text)))
            for i, text in enumerate(record["documents"])
        ]
        docs = list(nlp.pipe(a.clean.text for a in parsed))
        total += len(parsed)
        for off in find_off_story(parsed, docs, infer_dates(parsed, docs)):
            flagged += 1
            if show:
                print(f"  {off.article}: {off.reason}")
    print(f"tac2011-multiling-en: {total} articles in 10 topics; flagged off-story: {flagged}")


def time_steps(shared: Path, repeat: int = 5) -> None:
    """Seconds per story for part B's five steps on the seed story, its Docs parsed beforehand."""
    articles = [split_sentences(clean(a)) for a in read_story([shared / "seed-story"]).articles]
    docs = list(full_pipeline().pipe(a.clean.text for a in articles))
    summary = summarize(articles, budget_words=150)
    started = time.perf_counter()
    for _ in range(repeat):
        dates = infer_dates(articles, docs)
        find_figures(articles, docs, dates)
        find_timeline(articles, docs, dates)
        find_off_story(articles, docs, dates)
        find_coverage(articles, summary)
    per_story = (time.perf_counter() - started) / repeat
    print(f"part B steps on the seed story (5 articles, parsed): {per_story:.3f} s per story (mean of {repeat})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--show", action="store_true", help="print every off-story flag and its reason")
    parser.add_argument("--time-only", action="store_true", help="only time part B's steps on the seed story")
    parser.add_argument("--heldout", action="store_true", help="only the held-out sets of issue 11 (heldout.py)")
    parser.add_argument("--errors", action="store_true", help="with --heldout: list every miss and wrong speaker")
    parser.add_argument("--disputes", action="store_true", help="with --heldout: list every flagged dispute")
    parser.add_argument("--no-disputes", action="store_true", help="with --heldout: quotes and timeline only")
    parser.add_argument("--only", help="with --heldout: only the dispute sets whose name holds this (tune, confirm)")
    parser.add_argument("--sets", choices=list(QUOTE_SETS),
                        default="heldout",
                        help="with --heldout: the issue-11 sets (default) or sessions 10-12's blind quote sets")
    args = parser.parse_args(argv)
    if args.heldout:
        from heldout import report

        sets = QUOTE_SETS[args.sets]
        report(args.errors, args.disputes, not args.no_disputes, args.only, sets)
        return 0
    time_steps(args.shared)
    if args.time_only:
        return 0
    seed_scores(args.shared)
    multinews_flags(args.shared, args.show)
    tac_flags(args.shared, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
