"""Reading order (by date where the articles are dated, else as the story unfolds) and the story's title."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from ..models import ParsedArticle
from .score import _log_tf, _Story
from .units import _Unit


def _reading_key(story: _Story, articles: Sequence[ParsedArticle], unit: _Unit) -> tuple:
    """In the order things happened where the articles are dated, else as the story unfolds.

    Dated articles' lines go by date (a report a week later never opens the brief); within a
    date, and where nothing is dated, leads first, then later paragraphs, earlier articles first.
    An undated article's lines count as of the story's earliest date; a date known only to the
    month or year sorts after that period's exact dates (the seed's NPR follow-up is dated
    "2013-05" from its "last week", after the reports of 7 May it looks back on).
    """
    sentence = story.sentences[unit.first]
    n = max(1, len(articles[unit.article].sentences))
    dates = [_date_key(a.article.date) for a in articles if a.article.date]
    own = articles[unit.article].article.date
    date = _date_key(own) if own else min(dates, default="")
    return (date, round(sentence.index / n, 1), unit.article, sentence.index)


def _date_key(date: str | None) -> str:
    """An ISO date, padded so that ``2013-05`` sorts after every ``2013-05-DD`` (and ``2013`` after its months)."""
    date = (date or "")[:10]
    return date + "-~~~~~"[len(date) - 4 :] if 4 <= len(date) < 10 else date


def _title(story: _Story, articles: Sequence[ParsedArticle]) -> str | None:
    """The headline of the story's most central article: the titled article whose words are most
    like the rest of the story's (cosine of its term counts with the others' summed counts).

    The first file's headline may be a follow-up's ("U.N. Tries To Get Syria Peace Talks Back On
    Track", a week after the talks it follows up).
    """
    titled = [k for k, a in enumerate(articles) if a.article.title]
    if not titled:
        return None
    if len(titled) == 1 or story.counts is None:
        return articles[titled[0]].article.title
    members = sparse.csr_matrix(
        (np.ones(len(story.article_of)), (story.article_of, np.arange(len(story.article_of)))),
        shape=(len(articles), len(story.article_of)),
    )
    per_article = _log_tf(sparse.csr_matrix(members @ story.counts))
    total = np.asarray(story.counts.sum(axis=0)).ravel()

    def centrality(k: int) -> float:
        own = np.asarray(story.counts[story.article_of == k].sum(axis=0)).ravel()
        rest = np.where(total - own > 0, 1.0 + np.log(np.maximum(total - own, 1.0)), 0.0)
        norm = np.linalg.norm(rest)
        return float((per_article[k] @ rest)[0]) / norm if norm else 0.0

    return articles[max(titled, key=lambda k: (centrality(k), -k))].article.title
