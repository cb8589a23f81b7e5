"""A learned unit-quality model for summary selection (issue 10): features of a candidate unit, and the
bonus a model fitted by scripts/train_units.py gives it in place of the walk score.

Off by default (``summarize.UNIT_MODEL`` is None): trained on multinews-dev it ranked units better on
every set but did not hold on tac2011-en (BENCHMARKS.md, "a learned unit-quality model"). Kept so the
experiment can be rerun on other labelled stories.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence

import numpy as np

from ..errors import ConfigError
from ..models import ParsedArticle
from ..settings import Settings
from .score import LEAD_BOOST_MIN_ARTICLES, _local_names, _profile_of, _Story
from .select import _preview
from .units import _span, _Unit


UNIT_FEATURES = (
    "score", "rank", "score_rel", "lead", "lead_many", "position", "log_words", "sentences",
    "density_rel", "support", "echo", "names", "numbers", "quote", "preview", "question",
)


def unit_features(
    story: _Story,
    articles: Sequence[ParsedArticle],
    units: list[_Unit],
    held: list[frozenset],
    weights: dict,
    mass: float,
    settings: Settings,
) -> np.ndarray:
    """One row of :data:`UNIT_FEATURES` per candidate unit (cheap: the candidates are a fixed few).

    What the walk already says (its score, before and after the lead boost, against the best
    candidate's), where the unit stands in its article, its length, its concept density against
    the story's, how many other articles hold a sentence like its first (attribution's cosine),
    and surface marks: names, numbers, quotation marks, a preview, a question.
    """
    if not units:
        return np.zeros((0, len(UNIT_FEATURES)))
    firsts = np.array([u.first for u in units])
    bounds = np.r_[0, np.flatnonzero(np.diff(story.article_of)) + 1]
    owner = story.article_of[bounds]
    n_articles = max(1, len(articles))
    if story.sims is not None:
        per_article = np.maximum.reduceat(story.sims[firsts], bounds, axis=1)  # units × articles present
        others = owner[None, :] != np.array([u.article for u in units])[:, None]
        best = np.where(others, per_article, 0.0)
        support = (best >= settings.support_threshold).sum(axis=1) / max(1, n_articles - 1)
        echo = best.sum(axis=1) / max(1, n_articles - 1)
    else:
        support = echo = np.zeros(len(units))
    top = max(u.score for u in units) or 1.0
    rows = []
    for k, u in enumerate(units):
        sentence = story.sentences[u.first]
        profile = _profile_of(story, u.article)
        text = _span(articles, story, u.first, u.last)
        length = max(1, len(articles[u.article].sentences))
        words = max(1, u.words)
        density = math.fsum(weights.get(g, 0.0) for g in held[k]) / words
        rows.append((
            u.score,
            float(story.rank[u.first]),
            u.score / top,
            float(sentence.index == 0),
            float(sentence.index == 0 and n_articles >= LEAD_BOOST_MIN_ARTICLES),
            sentence.index / length,
            math.log(words),
            u.last - u.first + 1,
            density / mass if mass else 0.0,
            support[k],
            echo[k],
            len(_local_names(text, profile)) / words,
            len(_DIGITS.findall(text)) / words,
            float(any(o in text for o, _ in profile.quotes)),
            float(_preview(sentence.text, profile)),
            float("?" in text),
        ))
    return np.asarray(rows, dtype=float)


_DIGITS = re.compile(r"\d+")


@functools.cache
def _unit_model(path: str) -> dict:
    """The unit-quality model's coefficients (written by scripts/train_units.py)."""
    with open(path, encoding="utf-8") as handle:
        model = json.load(handle)
    if tuple(model["features"]) != UNIT_FEATURES:
        raise ConfigError(f"{path}: unit-quality model for features {model['features']}, not {list(UNIT_FEATURES)}")
    return model


def learned_quality(features: np.ndarray, units: list[_Unit], path: str) -> list[float]:
    """The learned quality of each unit, rescaled so the candidates' bonus mass stays the walk's."""
    model = _unit_model(str(path))
    x = (features - model["mean"]) / model["scale"]
    predicted = np.maximum(x @ np.asarray(model["coef"]) + model["intercept"], 0.0)
    total = predicted.sum()
    if total <= 0:
        return [u.score for u in units]
    return (predicted * (sum(u.score for u in units) / total)).tolist()
