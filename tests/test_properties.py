"""Issue 9: properties that must hold for any input, checked with Hypothesis.

Arbitrary Unicode text (with sentence-like runs, markup, control characters and NULs mixed in),
file names and dataset lines go through ingest -> clean -> split -> summarize -> (analyze) -> every
renderer. Whatever comes in: no exception outside newsbrief's error tree, JSON valid against the
schema, every citation names an article that holds the cited sentence, the word budget is kept,
and Markdown/HTML keep article data inert.

Derandomized with a modest ``max_examples``: the suite stays fast and gives the same verdict every
run. ``benchmarks/fuzz.py`` runs the same properties (and atheris) for longer, at random.
"""

from __future__ import annotations

import json
import os

import jsonschema
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_markdown_escaping import assert_markdown_is_inert  # noqa: E402

from newsbrief.errors import InputError, NewsbriefError  # noqa: E402
from newsbrief.ingest import read_dataset, read_paths, text_problem  # noqa: E402
from newsbrief.models import Article  # noqa: E402
from newsbrief.pipeline import brief_articles  # noqa: E402
from newsbrief.render import render_html, render_json, render_markdown, schema  # noqa: E402
from newsbrief.settings import load_settings  # noqa: E402

# NEWSBRIEF_PROPERTY_EXAMPLES raises the count (and turns derandomization off) for a long run (benchmarks/fuzz.py).
_LONG = int(os.environ.get("NEWSBRIEF_PROPERTY_EXAMPLES", "0"))
FAST = settings(max_examples=_LONG or 25, deadline=None, derandomize=not _LONG, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=max(4, _LONG // 10))
VALIDATOR = jsonschema.Draft202012Validator(schema())

WORDS = ["ferry", "strike", "Port", "Alder", "union", "said", "on", "Tuesday", "the", "talks", "40", "1,200",
         "Kerry", "Moscow", "«quoted»", "“she", "said”", "é", "日本", "🙂", "U.S.", "Dr.", "$5", "—"]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:1)", "`", "**", "_", "|",
          "&lt;", "\\", "# ", "\n---\n", "\n\n", "\r\n", "\t", "\x0b", "\u2028", "\ufeff", "\u200b"]


@st.composite
def article_text(draw) -> str:
    """Mostly sentences (so the summarizer has work), with noise and markup between them."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["sentence", "sentence", "sentence", "noise", "markup"]))
        if kind == "sentence":
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=20))
            parts.append(" ".join(words) + draw(st.sampled_from([".", "!", "?", "", "...", ".\"", "\n"])))
        elif kind == "noise":
            parts.append(draw(st.text(max_size=40)))
        else:
            parts.append(draw(st.sampled_from(MARKUP)))
    return " ".join(parts)


articles = st.lists(
    st.builds(
        lambda n, text, title, outlet: (n, text, title, outlet),
        st.integers(0, 10**6), article_text(), st.none() | st.text(max_size=30), st.none() | st.sampled_from(MARKUP),
    ),
    min_size=1, max_size=4,
)


def _articles(drawn) -> list[Article]:
    return [Article(id=f"a{k}-{n}", text=text, title=title, outlet=outlet) for k, (n, text, title, outlet) in
            enumerate(drawn)]


def _check_brief(brief, given: list[Article], budget: int | None) -> None:
    data = json.loads(render_json(brief))
    VALIDATOR.validate(data)
    # A summary line is one sentence or a run of adjacent ones (summarize's units): a span of its article.
    texts = {p.id: " ".join(p.clean.text.split()) for p in brief.articles}
    ids = {a.id for a in given}
    for s in brief.summary.sentences:
        assert s.sources and s.sources[0] == s.article and set(s.sources) <= ids
        assert " ".join(s.text.split()) in texts[s.article], "a summary line must be text of its origin article"
        assert len(set(s.sources)) == len(s.sources)
    if budget is not None:
        assert brief.summary.words <= budget
    markdown = render_markdown(brief)
    assert_markdown_is_inert(markdown, [p.id for p in brief.articles], [])
    page = render_html(brief)
    # Article data never becomes markup: we emit no <img> and no script but our own (which has no alert).
    assert "<img" not in page and "<script>alert" not in page and page.count("<script>") == 1


@FAST
@given(drawn=articles, budget=st.none() | st.integers(1, 300))
def test_summary_path_holds_its_promises_on_any_text(drawn, budget):
    given_articles = _articles(drawn)
    try:
        brief = brief_articles(given_articles, words=budget, settings=load_settings(analysis=False))
    except NewsbriefError:
        return
    _check_brief(brief, given_articles, budget)


@SLOW
@given(drawn=articles)
def test_full_analysis_path_holds_its_promises_on_any_text(drawn):
    given_articles = _articles(drawn)
    try:
        brief = brief_articles(given_articles, words=120, analysis=True)
    except NewsbriefError:
        return
    _check_brief(brief, given_articles, 120)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | article_text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
dataset_line = st.one_of(
    st.fixed_dictionaries({"id": json_values, "documents": json_values}),
    st.fixed_dictionaries({"id": st.text(max_size=10) | st.integers(), "documents": st.lists(article_text() | json_values, max_size=3)},
                          optional={"summaries": json_values}),
    json_values,
).map(lambda v: json.dumps(v, ensure_ascii=bool(len(str(v)) % 2)))
raw_line = dataset_line | st.binary(max_size=60).map(lambda b: b.decode("latin-1")) | st.sampled_from(
    ['{"id": "\\ud800", "documents": ["x"]}', '{"id": 1, "documents": ["\\udfff text"]}', "[" * 2000 + "]" * 2000,
     '{"id": true, "documents": []}', '{"id": "", "documents": ["a"]}'])


@FAST
@given(lines=st.lists(raw_line, min_size=1, max_size=5))
def test_any_dataset_file_gives_stories_or_input_errors(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("ds") / "set.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    try:
        stories = list(read_dataset(path))
    except InputError:
        return
    for story in stories:
        assert text_problem(story.id) is None
        for article in story.articles:
            assert text_problem(article.text) is None and article.text.strip()
        assert all(isinstance(e, InputError) for e in story.errors)
        if story.articles:  # whatever survives ingest must brief (or fail with our error)
            try:
                brief = brief_articles(story.articles, words=60)
            except NewsbriefError:
                continue
            VALIDATOR.validate(json.loads(render_json(brief)))


file_name = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1,
                    max_size=40).filter(lambda n: n not in (".", "..") and len(n.encode()) < 200)


@FAST
@given(name=file_name, suffix=st.sampled_from(["", ".txt", ".md", ".html", ".htm", ".jsonl", ".pdf"]),
       content=st.binary(max_size=200) | article_text().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_file_name_and_content_reads_as_article_or_input_error(tmp_path_factory, name, suffix, content):
    folder = tmp_path_factory.mktemp("files")
    try:
        path = folder / (name + suffix)
        path.write_bytes(content)
    except OSError:
        return  # a name this filesystem refuses
    for item in read_paths([folder]):
        assert isinstance(item, (Article, InputError)) or hasattr(item, "articles"), item
        if isinstance(item, Article):
            assert text_problem(item.id) is None and text_problem(item.text) is None
            brief = brief_articles([item], words=50)
            _check_brief(brief, [item], 50)
