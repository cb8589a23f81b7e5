"""Dispute precision on DUC 2006 topics no earlier work looked at (issue 11, second round).

    PYTHONPATH=src .venv/bin/python benchmarks/disputes.py [--pool blind|tune|second|first-tune|all] [--show]
        [--candidates]

The 43 DUC 2006 topics that neither issue 3 nor the first round of issue 11 used are split, by a
rule fixed before any of them was read, into two pools: ``blind`` (every other one in file order,
starting with the first) and ``tune`` (the rest). Each topic is briefed whole (25 articles, dated
from the dataset's ``dates`` field as in ``heldout.py``) and every figure the analysis flags
``disputed`` is looked up in ``benchmarks/annotations/dispute_judgments_blind.json``:

* the blind pool was judged, and the file committed, **before** the dispute rules were changed;
  its first-seen precision is that of the code at the commit named in the file; after that the
  rules were tuned on the ``tune`` pool only, and the blind pool rerun for the confirm score;
* ``--candidates`` lists every figure with different values in different articles (flagged
  ``disputed`` or ``updated``) with the sentence around each value: what was judged.

Round 3 added two pools from the first round's sets (``heldout.py``): ``second``, those no round-2
rule was tuned on, judged whole (``dispute_judgments_second.json``) before any round-3 change ran
on it; and ``first-tune``, the first round's tune sets (judgments in the blind file, "while tuning").

Parsed Docs are cached in ``$TMPDIR/newsbrief-dispute-docs`` (the parse is 90 % of a run).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
from pathlib import Path

from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import dispute_sets, load_record, story_articles  # noqa: E402

from newsbrief.analyze import _with_sentence_index, parse_docs  # noqa: E402
from newsbrief.analyze.figures import find_figures  # noqa: E402
from newsbrief.analyze.timeline import infer_dates  # noqa: E402
from newsbrief.nlp import full_pipeline  # noqa: E402
from newsbrief.pipeline import parse_articles  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
JUDGMENTS = REPO / "benchmarks" / "annotations" / "dispute_judgments_blind.json"
# The pool ``second``: every figure the code before round 3 (1ca4a67) showed as disputed or updated,
# judged and committed before any round-3 change was run on it.
JUDGMENTS_SECOND = REPO / "benchmarks" / "annotations" / "dispute_judgments_second.json"
# Topics issue 3 or the first round of issue 11 read (heldout.py's sets and dispute sets).
USED = {"D0640D", "D0626H", "D0647B", "D0617H", "D0631D", "D0616G", "D0649D"}
CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "newsbrief-dispute-docs"


# The first round's sets that the second round's rules were not tuned on (heldout.py's dispute sets
# less its tune sets): the pool ``second``, judged whole in round 3 (see JUDGMENTS_SECOND).
SECOND_SETS = ("duc-confirm", "multinews-dev odd", "fresh confirm")
# The first round's tune sets: tuned on in rounds 1 and 2, and for round 3's updates (no judgments file).
FIRST_TUNE_SETS = ("duc-tune", "multinews-dev even")


def pools() -> dict[str, list[str]]:
    topics = [json.loads(line)["id"] for line in (REPO.parent / "shared" / "data" / "duc2006.jsonl").open()]
    fresh = [t for t in topics if t not in USED]
    second = [key for name, stories in _dispute_sets().items() if name.startswith(SECOND_SETS) for key, _ in stories]
    first_tune = [key for name, stories in _dispute_sets().items() if name.startswith(FIRST_TUNE_SETS)
                  for key, _ in stories]
    return {"blind": fresh[0::2], "tune": fresh[1::2], "second": second, "first-tune": first_tune}


_dispute_sets = functools.cache(dispute_sets)


def _articles(key: str):
    if key.startswith("D06"):
        return story_articles(*load_record(f"duc2006:{key}"))
    return next(articles for stories in _dispute_sets().values() for k, articles in stories if k == key)


def story(topic: str):
    """(parsed articles, full Docs) of one whole story; Docs from the cache when there."""
    parsed = parse_articles(_articles(topic), problems=[])
    cached = CACHE / f"{topic}.spacy"
    if cached.exists():
        docs = list(DocBin().from_disk(cached).get_docs(full_pipeline().vocab))
        if [d.text for d in docs] == [p.clean.text for p in parsed]:
            return parsed, [_with_sentence_index(d) for d in docs]
    docs = parse_docs([p.clean.text for p in parsed])
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(cached)
    return parsed, docs


def key(topic: str, figure) -> str:
    values = ",".join(f"{v.value:g}" for v in sorted(figure.values, key=lambda v: v.value))
    return f"{topic} | {values}"


def _context(parsed, figure) -> list[str]:
    texts = {p.id: p.clean.text for p in parsed}
    lines = []
    for value in figure.values:
        for article, date in zip(value.articles, value.dates):
            text = texts[article]
            at = text.find(value.text)
            around = " ".join(text[max(0, at - 160): at + 120].split()) if at >= 0 else "?"
            lines.append(f"      {value.text!r} [{article.rsplit(':', 1)[1]} {date}] ...{around}...")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", choices=["blind", "tune", "second", "first-tune", "all"], default="all")
    parser.add_argument("--show", action="store_true", help="print every flag with its verdict")
    parser.add_argument("--candidates", action="store_true", help="print every disputed or updated figure in context")
    args = parser.parse_args()
    for name, topics in pools().items():
        if args.pool not in ("all", name):
            continue
        path = JUDGMENTS_SECOND if name == "second" else JUDGMENTS
        judged = {}
        if path.exists():
            judged = {j["key"]: j for j in json.loads(path.read_text(encoding="utf-8"))["judgments"]}
        flagged = real = unjudged = updated = real_updates = unjudged_updates = 0
        for topic in topics:
            parsed, docs = story(topic)
            figures = find_figures(parsed, docs, infer_dates(parsed, docs))
            for figure in figures:
                if not (figure.disputed or figure.updated):
                    continue
                k = key(topic, figure)
                verdict = judged.get(k)
                if figure.updated and not figure.disputed:
                    updated += 1
                    real_updates += bool(verdict and verdict["verdict"] == "update")
                    unjudged_updates += verdict is None
                if figure.disputed:
                    flagged += 1
                    real += bool(verdict and verdict["verdict"] == "dispute")
                    unjudged += verdict is None
                if args.candidates or (figure.disputed and (args.show or verdict is None)):
                    state = "DISPUTED" if figure.disputed else "updated"
                    print(f"  {state:<8} {k!r} {figure.quantity!r} judged: {verdict and verdict['verdict']}")
                    if args.candidates or verdict is None:
                        print(*_context(parsed, figure), sep="\n")
        judged_n = flagged - unjudged
        precision = f"{real / judged_n:.2f}" if judged_n else "n/a"
        judged_u = updated - unjudged_updates
        u_precision = f"{real_updates / judged_u:.2f}" if judged_u else "n/a"
        print(f"{name}: {len(topics)} topics, flagged disputed {flagged}, real {real}, unjudged {unjudged}: "
              f"precision {precision}; shown as updates {updated}, real updates {real_updates}, "
              f"unjudged {unjudged_updates}: precision {u_precision}", flush=True)


if __name__ == "__main__":
    main()
