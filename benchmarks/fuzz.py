"""Issue 9: a bounded, coverage-guided fuzz of the text and HTML paths (atheris), for CI and for BENCHMARKS.md.

    .venv/bin/python benchmarks/fuzz.py text [--seconds 120] [--runs N]
    .venv/bin/python benchmarks/fuzz.py html [--seconds 120]

Each input (bytes from libFuzzer, seeded from ``benchmarks/fuzz_corpus/<target>/``) becomes one or
two articles and goes through the whole user path: ``text``: decode -> clean -> split -> summarize ->
JSON/Markdown/HTML; ``html``: trafilatura extraction (``ingest.article_from_html``) -> the same. An
exception that is not a ``NewsbriefError``, or a broken promise (a citation of an unknown article, a
summary line that is not text of its article, the budget exceeded, article markup surviving into the
Markdown or HTML) is a crash: atheris prints the input and stops with a non-zero status, and the input
is saved as ``crash-*`` in the working folder.

The run is bounded by ``--seconds`` (libFuzzer's -max_total_time) so CI can afford it; libFuzzer's
final ``Done N runs in S second(s)`` line gives the inputs tried (measure CPU with ``time``). New
inputs are kept in ``$FUZZ_WORK`` (default /tmp/newsbrief-fuzz), never in the committed corpus.
Needs the ``fuzz`` extra (atheris).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"


def _check(brief, ids: set[str], budget: int) -> None:
    from newsbrief.render import render_html, render_json, render_markdown

    texts = {p.id: " ".join(p.clean.text.split()) for p in brief.articles}
    for s in brief.summary.sentences:
        if not s.sources or s.sources[0] != s.article or not set(s.sources) <= ids:
            raise AssertionError(f"bad citation {s.sources} for {s.article}")
        if " ".join(s.text.split()) not in texts[s.article]:
            raise AssertionError("a summary line that is not text of its article")
    if brief.summary.words > budget:
        raise AssertionError(f"{brief.summary.words} words over the {budget}-word budget")
    render_json(brief)
    markdown = render_markdown(brief)
    # Raw tags in the Markdown can only come from article data (ours are escaped or code spans).
    outside_code = re.sub(r"(`+).*?\1", "", markdown)
    if re.search(r"<[A-Za-z/!]", outside_code):
        raise AssertionError("a raw tag in the Markdown")
    page = render_html(brief)
    if page.count("<script>") != 1 or "<img" in page:
        raise AssertionError("article markup in the HTML page")


def _one(data: bytes, html: bool) -> None:
    from newsbrief.errors import NewsbriefError
    from newsbrief.ingest import article_from_html
    from newsbrief.models import Article
    from newsbrief.pipeline import brief_articles
    from newsbrief.settings import load_settings

    budget = 20 + data[0] % 200 if data else 50
    text = data[1:].decode("utf-8", errors="replace")
    halves = text.split("\x1e", 1)  # a record separator splits the input into two articles
    try:
        if html:
            articles = [article_from_html(h, article_id=f"page-{n}", origin=f"page-{n}") for n, h in enumerate(halves)]
        else:
            articles = [Article(id=f"a{n}", text=t, title=t[:20] or None) for n, t in enumerate(halves)]
        brief = brief_articles(articles, words=budget, settings=load_settings(analysis=False))
    except NewsbriefError:
        return
    _check(brief, {a.id for a in articles}, budget)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("target", choices=["text", "html"])
    parser.add_argument("--seconds", type=int, default=120, help="stop after this long (libFuzzer -max_total_time)")
    parser.add_argument("--runs", type=int, default=-1, help="stop after this many inputs")
    args = parser.parse_args()
    import atheris

    with atheris.instrument_imports(include=["newsbrief"]):
        import newsbrief.pipeline  # noqa: F401
        import newsbrief.render  # noqa: F401
        import newsbrief.ingest  # noqa: F401
    from newsbrief.nlp import sentence_pipeline

    sentence_pipeline()("Warm up.")  # load spaCy before the clock matters
    corpus = CORPUS / args.target
    work = Path(os.environ.get("FUZZ_WORK", "/tmp/newsbrief-fuzz")) / args.target
    work.mkdir(parents=True, exist_ok=True)  # new inputs go here; the repo corpus stays as committed
    html = args.target == "html"
    argv = [sys.argv[0], str(work), str(corpus), f"-max_total_time={args.seconds}", f"-runs={args.runs}",
            "-rss_limit_mb=4096", "-max_len=20000", "-print_final_stats=1"]
    atheris.Setup(argv, lambda data: _one(data, html))
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
