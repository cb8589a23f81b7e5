"""Issue 13 growth benchmark: each stage's time and peak memory as the input grows, and odd shapes.

    .venv/bin/python benchmarks/growth.py [--quick] [--no-analysis] [--cases NAME,...] [--json FILE]
    .venv/bin/python benchmarks/growth.py --bounds   # what the comparison budget costs (real stories)

Stories are written by this script (invented words, names, numbers, dates and quotes; no dataset
text) into a temporary folder and briefed stage by stage, one fresh interpreter per case (so one
case's memory never counts for the next), the spaCy models loaded before the clock starts:

* ``articles-N``: one story of N articles of ~4 KB (N = 1, 10, 100, 1,000);
* ``bytes-S``: one article of S bytes (1 KB to 20 MB), ordinary paragraphs;
* degenerate shapes: 100,000 one-word lines, one 2,000,000-character "sentence", 50,000 short
  sentences, 20,000 lowercase-start lines, a 20,000-line teaser list, a sentence holding 20,000 "!",
  a 184 KB paste of lowercase-start sentences, an HTML page with 50,000 ``&amp;``, and a 25 MB file
  (over the 20 MB limit: must be one ``error:`` line).

Stages: ``read`` (ingest), ``clean``, ``split`` (sentences), ``dates+offstory`` (the text-only
check ``brief --no-analysis`` runs), ``summarize``, ``parse`` (the full spaCy run the analysis
needs), ``analysis`` (everything after the parse), ``coverage``, ``render`` (Markdown, JSON, HTML).
Each case also records its CPU seconds (the wall time on a shared machine is mostly waiting).
Peak memory is the process's peak RSS during the stage (``VmHWM``, reset before each stage through
``/proc/self/clear_refs``), models included.

Fails (exit 1) when a case takes over 120 s or 1.5 GB, ends in anything but a one-line
``NewsbriefError``, or when a stage's time grows faster than size^1.2 over either series (a
least-squares slope of log time on log size, over the sizes where the stage takes ≥ 50 ms).
Prints a Markdown table for BENCHMARKS.md.

``--bounds`` measures what the comparison budget of ``newsbrief.analyze.neighbours`` costs: on
every story of DUC 2006 (25 articles each), multinews-dev and TAC 2011 (read in place from
``../shared/data``) it computes each sentence's best match in another article and each article's
best match in the story twice, exactly and with the budget forced on (``exact_max_rows=0``), and
reports how often the decisions that use them agree (a sentence "reported elsewhere" at 0.22; an
article's best similarity within 1e-9).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STAGES = ["read", "clean", "split", "dates+offstory", "summarize", "parse", "analysis", "coverage", "render"]
MAX_SECONDS = 120.0
MAX_PEAK_MB = 1536.0
MAX_EXPONENT = 1.2
MIN_FIT_SECONDS = 0.05
ARTICLE_COUNTS = [1, 10, 100, 1000]
ARTICLE_BYTES = [1_000, 10_000, 100_000, 1_000_000, 20_000_000]

# ---------------------------------------------------------------- synthetic text (invented here)

_SYLLABLES = "ka lo mi ne ru sa to vi de pa go li ma no re su ta be fi ho".split()
_NAMES = ["Mara Ostlund", "Tobin Reyes", "Ilse Varga", "Kwame Odutola", "Petra Lindqvist", "Arjun Mehta"]
_PLACES = ["Port Alder", "North Haven", "Gull Island", "Selby Cove", "Marrow Bay"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Writer:
    """Deterministic news-like prose: Zipf-distributed invented words around a story's names."""

    def __init__(self, seed: int = 13) -> None:
        self.rng = random.Random(seed)
        self.words = _vocabulary(self.rng)
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.words))]

    def _words(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=n))

    def sentence(self) -> str:
        kind = self.rng.random()
        name, place = self.rng.choice(_NAMES), self.rng.choice(_PLACES)
        body = self._words(self.rng.randint(8, 20))
        if kind < 0.2:
            return f'"{body.capitalize()} in {place}," {name} said on {self.rng.choice(_WEEKDAYS)}.'
        if kind < 0.4:
            return f"{name} said {self.rng.randint(2, 90_000):,} {body} in {place}."
        if kind < 0.5:
            return f"On March {self.rng.randint(1, 28)}, 2026, {body} near {place}."
        return f"{body.capitalize()} {place} {self._words(4)}."

    def article(self, target_bytes: int) -> str:
        paragraphs, size = [f"{self._words(6).title()} In {self.rng.choice(_PLACES)}"], 0
        while size < target_bytes:
            paragraph = " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        return "\n\n".join(paragraphs)


def _degenerate(name: str) -> tuple[str, str]:
    """(file name, content) of an odd-shaped input."""
    w = Writer(7)
    if name == "one-word-lines":
        return "lines.txt", "\n".join(w.rng.choice(w.words) for _ in range(100_000))
    if name == "one-2M-sentence":
        text = ""
        parts = []
        while sum(map(len, parts)) < 2_000_000:
            parts.append(w._words(1000))
        text = " ".join(parts)[:2_000_000]
        return "sentence.txt", "Ferry crews walked out. " + text
    if name == "50k-short-sentences":
        return "short.txt", " ".join(f"Pier {i} shut at {i % 12 + 1} pm." for i in range(50_000))
    if name == "20k-lowercase-lines":
        lines = [f"and the crews at pier {i} in {w.rng.choice(_PLACES)} said {w._words(5)}" for i in range(20_000)]
        return "lower.txt", "Ferry crews walked off the job on Tuesday in every port of the bay\n\n" + "\n\n".join(lines)
    if name == "20k-teaser-lines":
        return "teasers.txt", "\n".join(f"{w._words(10).capitalize()} at pier {i}" for i in range(20_000))
    if name == "20k-bang-run":
        return "bang.txt", f"The strike began on Tuesday{'!' * 20_000} said the mayor of Port Alder today."
    if name == "184KB-lowercase-sentences":
        text = "The strike began on Tuesday. "
        while len(text) < 184_000:
            text += f"then the crews at {w.rng.choice(_PLACES)} said {w._words(8)}. "
        return "paste.txt", text
    if name == "50k-amp-page":
        body = f"<p>{w.article(4000)}</p><p>Tickets{'&amp;' * 50_000} were refunded.</p>"
        return "page.html", f"<html><head><title>Strike</title></head><body><article>{body}</article></body></html>"
    raise KeyError(name)


DEGENERATE = ["one-word-lines", "one-2M-sentence", "50k-short-sentences", "20k-lowercase-lines", "20k-teaser-lines",
              "20k-bang-run", "184KB-lowercase-sentences", "50k-amp-page", "over-limit-file"]


def write_case(case: str, folder: Path) -> int:
    """Write the case's input files into ``folder``; return the input size in bytes."""
    if case.startswith("articles-"):
        w = Writer()
        for k in range(int(case.split("-")[1])):
            (folder / f"a{k:05d}.txt").write_text(w.article(4000), encoding="utf-8")
    elif case.startswith("bytes-"):
        (folder / "big.txt").write_text(Writer().article(int(case.split("-")[1])), encoding="utf-8")
    elif case == "over-limit-file":
        with (folder / "huge.txt").open("wb") as handle:
            handle.write(b"Ferry crews walked out. " * (25 * 2**20 // 24))
    else:
        name, text = _degenerate(case)
        (folder / name).write_text(text, encoding="utf-8")
    return sum(p.stat().st_size for p in folder.iterdir())


# ---------------------------------------------------------------- one case, in its own interpreter

def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_case(case: str, analysis: bool) -> dict:
    """Brief one case stage by stage; the result as a dict (printed as JSON by the child)."""
    sys.path.insert(0, str(REPO / "src"))
    from newsbrief.errors import NewsbriefError
    from newsbrief.nlp import full_pipeline, sentence_pipeline

    sentence_pipeline()
    if analysis:
        full_pipeline()
    import newsbrief.analyze  # noqa: F401  (imports outside the clock)
    import newsbrief.analyze.coverage  # noqa: F401
    import newsbrief.analyze.offstory  # noqa: F401
    import newsbrief.analyze.timeline  # noqa: F401
    import newsbrief.render  # noqa: F401
    import trafilatura  # noqa: F401

    result: dict = {"case": case, "stages": {}, "error": None}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result["bytes"] = write_case(case, folder)
        started = time.perf_counter()
        state: dict = {}
        try:
            for stage in STAGES:
                if stage in ("parse", "analysis", "coverage") and not analysis:
                    continue
                _reset_peak()
                t, cpu = time.perf_counter(), time.process_time()
                _STAGE_FUNCS[stage](state, folder)
                result["stages"][stage] = {"s": round(time.perf_counter() - t, 4), "peak_mb": round(_peak_mb(), 1),
                                           "cpu_s": round(time.process_time() - cpu, 4)}
        except NewsbriefError as exc:
            result["error"] = str(exc)
        except Exception:
            result["error"] = "TRACEBACK " + traceback.format_exc()
        result["total_s"] = round(time.perf_counter() - started, 3)
        # CPU seconds of this process: on a shared machine wall time is mostly waiting for a core.
        result["cpu_s"] = round(sum(s.get("cpu_s", 0) for s in result["stages"].values()), 3)
        result["sentences"] = state.get("sentences", "")
        result["peak_mb"] = round(max([s["peak_mb"] for s in result["stages"].values()] or [_peak_mb()]), 1)
    return result


def _read(state, folder):
    from newsbrief.ingest import read_story

    story = read_story([folder])
    if story.errors and not story.articles:
        raise story.errors[0]
    state["articles"] = story.articles


def _clean(state, folder):
    from newsbrief.clean import clean

    state["clean"] = [clean(a) for a in state["articles"]]


def _split(state, folder):
    from newsbrief.nlp import split_sentences

    state["parsed"] = [split_sentences(c) for c in state["clean"]]
    state["sentences"] = sum(len(p.sentences) for p in state["parsed"])


def _offstory(state, folder):
    from newsbrief.pipeline import _dates_and_off_story

    state["dates"], state["off"] = _dates_and_off_story(state["parsed"])


def _summarize(state, folder):
    from newsbrief.summarize import summarize

    state["summary"] = summarize(state["parsed"])


def _parse(state, folder):
    from newsbrief.analyze import parse_docs

    state["docs"] = parse_docs([p.clean.text for p in state["parsed"]])


def _analysis(state, folder):
    from newsbrief.analyze import analyze

    state["analysis"] = analyze(state["parsed"], docs=state["docs"])


def _coverage(state, folder):
    from newsbrief.analyze import add_coverage

    state["analysis"] = add_coverage(state["analysis"], state["parsed"], state["summary"])


def _render(state, folder):
    from newsbrief.models import Brief
    from newsbrief.render import render_html, render_json, render_markdown

    brief = Brief(articles=tuple(state["parsed"]), summary=state["summary"], analysis=state.get("analysis"))
    for render in (render_markdown, render_json, render_html):
        render(brief)


_STAGE_FUNCS = {
    "read": _read, "clean": _clean, "split": _split, "dates+offstory": _offstory, "summarize": _summarize,
    "parse": _parse, "analysis": _analysis, "coverage": _coverage, "render": _render,
}


# ---------------------------------------------------------------- the parent: run, fit, report

def _child(case: str, analysis: bool, timeout: float) -> dict:
    argv = [sys.executable, __file__, "--child", case] + ([] if analysis else ["--no-analysis"])
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"case": case, "stages": {}, "error": f"TIMEOUT after {timeout:.0f} s", "total_s": timeout, "peak_mb": 0}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"case": case, "stages": {}, "error": f"CRASH rc={done.returncode}: {done.stderr[-400:]}",
                "total_s": 0, "peak_mb": 0}
    return json.loads(lines[-1])


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) on log(size), over the points taking ≥ MIN_FIT_SECONDS."""
    used = [(math.log(x), math.log(y)) for x, y in points if y >= MIN_FIT_SECONDS]
    if len(used) < 2:
        return None
    mx = sum(x for x, _ in used) / len(used)
    my = sum(y for _, y in used) / len(used)
    var = sum((x - mx) ** 2 for x, _ in used)
    return sum((x - mx) * (y - my) for x, y in used) / var if var else None


def _problems(result: dict) -> list[str]:
    out = []
    error = result.get("error") or ""
    if error.startswith(("TRACEBACK", "TIMEOUT", "CRASH")) or "\n" in error:
        out.append(f"{result['case']}: {error.splitlines()[0] if error else error}")
    if result.get("total_s", 0) > MAX_SECONDS:
        out.append(f"{result['case']}: {result['total_s']:.0f} s > {MAX_SECONDS:.0f} s")
    if result.get("peak_mb", 0) > MAX_PEAK_MB:
        out.append(f"{result['case']}: peak {result['peak_mb']:.0f} MB > {MAX_PEAK_MB:.0f} MB")
    return out


def table(results: list[dict], stages: list[str]) -> str:
    head = "| case | input | sentences | " + " | ".join(stages) + " | total s (CPU s) | peak MB | outcome |"
    rows = [head, "|" + "---|" * (len(stages) + 6)]
    for r in results:
        cells = []
        for stage in stages:
            s = r["stages"].get(stage)
            cells.append(f"{s['s']:.2f} / {s['peak_mb']:.0f}" if s else "–")
        outcome = "ok" if not r.get("error") else r["error"].splitlines()[0][:90].replace("|", "/")
        size = r.get("bytes", 0)
        shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
        rows.append(f"| {r['case']} | {shown} | {r.get('sentences', '')} | " + " | ".join(cells)
                    + f" | {r.get('total_s', 0):.1f} ({r.get('cpu_s', float('nan')):.1f}) | {r.get('peak_mb', 0):.0f} | {outcome} |")
    return "\n".join(rows)


def bounds() -> None:
    """Exact against budgeted best matches on real stories (see the module docstring)."""
    sys.path.insert(0, str(REPO / "src"))
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsbrief.analyze.coverage import ELSEWHERE_SIMILARITY
    from newsbrief.analyze.neighbours import PAIRS_PER_ROW, best_elsewhere
    from newsbrief.analyze.offstory import tfidf_rows
    from newsbrief.ingest import read_dataset
    from newsbrief.pipeline import parse_articles
    from newsbrief.summarize import analyzer

    data = REPO.parent / "shared" / "data"
    print(f"budget: {PAIRS_PER_ROW} candidate pairs per row, forced on every story\n")
    print("| dataset | stories | sentences | sentence decisions agreeing | sentences whose best match was missed "
          "| articles with the exact best |")
    print("|---|---|---|---|---|---|")
    for name in ("duc2006.jsonl", "multinews-dev.jsonl", "tac2011-multiling-en.jsonl"):
        stories = agree = missed = total = art_same = art_total = 0
        for story in read_dataset(data / name):
            parsed = parse_articles(story.articles, problems=[])
            if len(parsed) < 2:
                continue
            stories += 1
            sentences = [(k, s) for k, a in enumerate(parsed) for s in a.sentences]
            try:
                matrix = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit_transform([s.text for _, s in sentences])
            except ValueError:
                continue
            owner = np.array([k for k, _ in sentences])
            exact = best_elsewhere(matrix, owner)
            budget = best_elsewhere(matrix, owner, exact_max_rows=0)
            agree += int(np.sum((exact >= ELSEWHERE_SIMILARITY) == (budget >= ELSEWHERE_SIMILARITY)))
            missed += int(np.sum(budget < exact - 1e-9))
            total += len(sentences)
            rows = tfidf_rows(parsed)
            if rows is not None:
                a_exact = best_elsewhere(rows, np.arange(len(parsed)))
                a_budget = best_elsewhere(rows, np.arange(len(parsed)), exact_max_rows=0)
                art_same += int(np.sum(np.abs(a_exact - a_budget) <= 1e-9))
                art_total += len(parsed)
        print(f"| {name} | {stories} | {total} | {agree / total:.4f} | {missed / total:.4f} | "
              f"{art_same}/{art_total} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--bounds", action="store_true", help="measure the comparison budget on real stories")
    parser.add_argument("--no-analysis", action="store_true", help="skip parse, analysis and coverage")
    parser.add_argument("--quick", action="store_true", help="up to 100 articles and 1 MB; degenerate shapes too")
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case before it counts as failed")
    parser.add_argument("--from-json", type=Path, nargs="+", help="report saved --json results instead of running")
    args = parser.parse_args()
    analysis = not args.no_analysis
    if args.bounds:
        bounds()
        return
    if args.child:
        result = run_case(args.child, analysis)
        print(json.dumps(result))
        return

    counts = ARTICLE_COUNTS[:3] if args.quick else ARTICLE_COUNTS
    sizes = ARTICLE_BYTES[:4] if args.quick else ARTICLE_BYTES
    cases = [f"articles-{n}" for n in counts] + [f"bytes-{s}" for s in sizes] + DEGENERATE
    if args.cases:
        cases = args.cases.split(",")
    stages = [s for s in STAGES if analysis or s not in ("parse", "analysis", "coverage")]
    results = []
    if args.from_json:
        # Results of earlier runs (e.g. the 1,000-article case run on its own), reported together.
        results = [r for path in args.from_json for r in json.loads(path.read_text())]
        order = {name: k for k, name in enumerate([f"articles-{n}" for n in ARTICLE_COUNTS]
                                                   + [f"bytes-{s}" for s in ARTICLE_BYTES] + DEGENERATE)}
        results.sort(key=lambda r: order.get(r["case"], len(order)))
        cases = []
    else:
        print(f"# growth benchmark: {platform.node()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} "
              f"at start, analysis {'on' if analysis else 'off'}", flush=True)
    for case in cases:
        result = _child(case, analysis, args.timeout)
        results.append(result)
        print(f"{case}: {result.get('total_s', 0):.1f} s, peak {result.get('peak_mb', 0):.0f} MB, "
              f"{(result.get('error') or 'ok').splitlines()[0][:120]}", flush=True)
    if cases:
        print(f"load {os.getloadavg()[0]:.2f} at end\n")
    problems = [p for r in results for p in _problems(r)]
    print(table(results, stages))
    print()
    for series, prefix in (("articles", "articles-"), ("bytes", "bytes-")):
        fitted = []
        for stage in stages:
            points = [(float(r["case"].split("-")[1]), r["stages"][stage]["s"])
                      for r in results if r["case"].startswith(prefix) and stage in r["stages"]]
            slope = exponent(points)
            fitted.append(f"{stage} {'–' if slope is None else f'{slope:.2f}'}")
            if slope is not None and slope > MAX_EXPONENT:
                problems.append(f"{series}: {stage} grows as size^{slope:.2f} (> {MAX_EXPONENT})")
        print(f"growth exponent over {series}: " + ", ".join(fitted))
    ratios = [f"{r['case']} {r['stages']['analysis']['s'] / r['stages']['parse']['s']:.2f}×"
              for r in results if "parse" in r["stages"] and "analysis" in r["stages"] and r["stages"]["parse"]["s"] > 0]
    if ratios:
        print("analysis (+ coverage not counted) over its parse: " + ", ".join(ratios))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if problems:
        print("\nFAILED:\n" + "\n".join(f"- {p}" for p in problems))
        sys.exit(1)
    print("\nall cases within bounds")


if __name__ == "__main__":
    main()
