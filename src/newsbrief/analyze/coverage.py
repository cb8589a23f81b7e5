"""Per article: which summary points it carries, and what it alone reports.

An article carries a summary point when it is among the sentence's sources
(the summarizer's attribution). What it alone reports are its sentences
that no sentence of any other article comes close to (TF-IDF cosine over
stemmed words), preferring those with a number or a name, since those are
the facts a reader would want to check elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..models import Coverage, ParsedArticle, Summary
from ..summarize import story_analyzer
from . import neighbours

# A sentence is reported elsewhere when another article has a sentence at least this similar. Same scale
# as Settings.support_threshold (0.22), which decides a summary sentence's sources.
ELSEWHERE_SIMILARITY = 0.22
# Exclusive facts listed per article, and the shortest sentence worth listing (words).
MAX_EXCLUSIVE = 3
MIN_EXCLUSIVE_WORDS = 8

_FACT_HINT = re.compile(r"\d|\b[A-Z][a-z]+\s+[A-Z][a-z]+")


def find_coverage(articles: Sequence[ParsedArticle], summary: Summary) -> tuple[Coverage, ...]:
    """What each article contributes to the story.

    Args:
        articles: the story's articles.
        summary: the story's summary; its sentences' ``sources`` name articles.

    Returns:
        One Coverage per article, in input order: ``summary_points`` are
        indices into ``summary.sentences``; ``exclusive`` lists up to three
        of its sentences found in no other article.

    Example:
        >>> [c.summary_points for c in find_coverage(arts, summary)]  # doctest: +SKIP
        [(0, 2), (1,), ()]
    """
    exclusive = _exclusive(articles)
    out = []
    for article in articles:
        points = tuple(i for i, s in enumerate(summary.sentences) if article.id in s.sources)
        out.append(Coverage(article=article.id, summary_points=points, exclusive=exclusive.get(article.id, ())))
    return tuple(out)


def _exclusive(articles: Sequence[ParsedArticle]) -> dict[str, tuple[str, ...]]:
    """Sentences of each article that no other article's sentences resemble."""
    if len(articles) < 2:
        return {}
    sentences = [(i, s) for i, a in enumerate(articles) for s in a.sentences]
    if not sentences:
        return {}
    try:
        matrix = TfidfVectorizer(analyzer=story_analyzer(articles), sublinear_tf=True).fit_transform(
            [s.text for _, s in sentences]
        )
    except ValueError:  # nothing but stop words
        return {}
    owner = np.array([i for i, _ in sentences])
    # Each sentence's best match in another article, within a comparison budget linear in the
    # sentences (the dense sentence × sentence matrix needed 18.6 GiB for 50,000; issue 13).
    best_elsewhere = neighbours.best_elsewhere(matrix, owner)
    nonzeros = np.diff(matrix.indptr)
    out: dict[str, tuple[str, ...]] = {}
    for index, article in enumerate(articles):
        rows = np.flatnonzero(owner == index)
        if not len(rows) or len(rows) == len(sentences):
            continue
        picks = []
        for row in rows:
            sentence = sentences[row][1]
            if best_elsewhere[row] >= ELSEWHERE_SIMILARITY or sentence.words < MIN_EXCLUSIVE_WORDS or nonzeros[row] < 4:
                continue
            # Facts with a number or a full name first, then story order.
            picks.append((0 if _FACT_HINT.search(sentence.text) else 1, sentence.index, sentence.text))
        out[article.id] = tuple(text for _, _, text in sorted(picks)[:MAX_EXCLUSIVE])
    return out
