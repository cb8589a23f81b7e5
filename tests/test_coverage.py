"""Coverage: which summary points each article carries and what it alone reports (issue 3)."""

from __future__ import annotations

from newsbrief.analyze.coverage import find_coverage
from newsbrief.clean import clean
from newsbrief.ingest import read_story
from newsbrief.models import Article
from newsbrief.nlp import split_sentences
from newsbrief.summarize import summarize

SHARED = "Ferry crews in North Haven walked off the job on Tuesday, halting all crossings to Gull Island."
ONLY_IN_B = "The island's only bakery, run by Greta Lund, baked 400 extra loaves for stranded families overnight."


def _parsed(texts):
    return [split_sentences(clean(Article(id=f"a{i}", text=t))) for i, t in enumerate(texts)]


def _check_invariants(articles, summary, coverage):
    assert [c.article for c in coverage] == [a.id for a in articles]
    for c in coverage:
        expected = tuple(i for i, s in enumerate(summary.sentences) if c.article in s.sources)
        assert c.summary_points == expected
        own = {s.text for a in articles if a.id == c.article for s in a.sentences}
        assert set(c.exclusive) <= own
        assert len(c.exclusive) <= 3
    # Every summary point is carried by at least its origin article.
    carried = {i for c in coverage for i in c.summary_points}
    assert carried == set(range(len(summary.sentences)))


def test_exclusive_fact_is_found_only_in_its_article():
    articles = _parsed(
        [
            SHARED + " The union wants higher pay and guaranteed rest between shifts.",
            SHARED.replace("walked off the job", "went on strike") + " " + ONLY_IN_B,
            "Crossings to Gull Island stopped on Tuesday when North Haven ferry crews walked off the job over pay.",
        ]
    )
    summary = summarize(articles, budget_words=60)
    coverage = find_coverage(articles, summary)
    _check_invariants(articles, summary, coverage)
    by_id = {c.article: c for c in coverage}
    assert ONLY_IN_B in by_id["a1"].exclusive
    assert not any("bakery" in e for c in coverage if c.article != "a1" for e in c.exclusive)
    assert not any("walked off" in e or "went on strike" in e for c in coverage for e in c.exclusive)


def test_seed_story_coverage_invariants(seed_story):
    articles = [split_sentences(clean(a)) for a in read_story([seed_story]).articles]
    summary = summarize(articles, budget_words=150)
    coverage = find_coverage(articles, summary)
    _check_invariants(articles, summary, coverage)
    assert all(c.exclusive for c in coverage)  # every seed article has something of its own


def test_single_article_has_points_but_nothing_exclusive_to_compare():
    articles = _parsed([SHARED + " " + ONLY_IN_B])
    summary = summarize(articles, budget_words=40)
    coverage = find_coverage(articles, summary)
    _check_invariants(articles, summary, coverage)
    assert coverage[0].exclusive == ()
