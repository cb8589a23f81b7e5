"""Learned concept weights for summary selection (issue 10): features of each concept (content-word bigram)
of a story, and the weight a model fitted by scripts/train_concepts.py gives it in the coverage program.

Supervised bigram weights in the manner of Li, Qian & Liu (2013) and Hong & Nenkova (2014): a concept is
worth what the chance that a human summary of the story says it. Every feature is read in one pass over
the story's sentences (linear in the story): how many articles hold the bigram and how early, whether
leads and headlines hold it, how many sentences, the walk score of its best sentence per article (the
unsupervised weight it replaces), and its form (names, numbers, a stop word). The model is a logistic
regression stored as a small JSON of means, scales and coefficients, applied as a dot product (no
scikit-learn at run time).

Off by default (``summarize.CONCEPT_MODEL`` is None): trained on duc2006 topics 1-25 it gained on
tac2011-en and duc2006 26-50 at 250 words but lost on multinews-dev and duc2006 26-50 at 100 words
(BENCHMARKS.md, "learned concept (bigram) weights"). Kept so the experiment can be rerun on other
labelled stories.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence

import numpy as np

from ..errors import ConfigError
from ..lang import profile_for
from ..models import ParsedArticle
from .score import _Story, concept_bigrams


CONCEPT_FEATURES = (
    "walk_mean", "walk_max", "share", "log_articles", "first_position", "mean_position", "lead_share",
    "title_share", "log_sentences", "sentence_share", "names", "number", "stop", "log_story_articles",
    "walk_rel", "word_share_min", "word_share_max",
)
FORMAT = "newsbrief-concept-weights/1"


def concept_features(
    story: _Story, articles: Sequence[ParsedArticle], floor: int
) -> tuple[list[tuple[str, str]], np.ndarray]:
    """The story's concepts held by at least ``floor`` articles, and one row of :data:`CONCEPT_FEATURES` each.

    Positions are a sentence's index over its article's sentences (0: the lead); ``walk_*`` is the walk's
    score before the lead boost of the concept's best sentence in each article holding it (mean over the
    story's articles, and the best), the weight :func:`newsbrief.summarize._concept_weights` gives.
    """
    grams = story.grams
    n_articles = max(1, len(articles))
    rank = story.rank.tolist()
    # Per concept: articles, walk sum, walk max, first position, position sum, leads, sentences.
    stats: dict = {}
    best: dict = {}
    words: dict = {}  # stem -> articles whose concepts hold it (each word's own spread, Hong & Nenkova)
    current = -1
    for i, held in enumerate(grams):
        k = int(story.article_of[i])
        if k != current:
            _close_article(best, stats, words)
            current = k
        sentence = story.sentences[i]
        where = sentence.index / max(1, len(articles[k].sentences))
        lead = sentence.index == 0
        score = rank[i]
        for g in held:
            row = stats.get(g)
            if row is None:
                row = stats[g] = [0, 0.0, 0.0, 1.0, 0.0, 0, 0]
            row[6] += 1
            seen = best.get(g)
            if seen is None:
                best[g] = score
                row[0] += 1
                row[3] = min(row[3], where)
                row[4] += where
                row[5] += lead
            elif score > seen:
                best[g] = score
    _close_article(best, stats, words)
    titles = _title_concepts(story, articles)
    titled = max(1, sum(1 for a in articles if a.article.title))
    stop = _stop_stems(story.profile.code)
    names = story.names
    total_sentences = max(1, len(grams))
    keys = [g for g, row in stats.items() if row[0] >= floor]
    rows = np.empty((len(keys), len(CONCEPT_FEATURES)))
    log_story = math.log(n_articles)
    mean_walk = math.fsum(stats[g][1] for g in keys) / max(1, len(keys)) / n_articles or 1.0
    for r, g in enumerate(keys):
        n, walk, top, first, where, leads, sentences = stats[g]
        rows[r] = (
            walk / n_articles,
            top,
            n / n_articles,
            math.log(n),
            first,
            where / n,
            leads / n_articles,
            titles.get(g, 0) / titled,
            math.log(sentences),
            sentences / total_sentences,
            ((g[0] in names) + (g[1] in names)) / 2,
            float(any(c.isdigit() for c in g[0] + g[1])),
            float(g[0] in stop or g[1] in stop),
            log_story,
            walk / n_articles / mean_walk,
            min(words[g[0]], words[g[1]]) / n_articles,
            max(words[g[0]], words[g[1]]) / n_articles,
        )
    return keys, rows


def _close_article(best: dict, stats: dict, words: dict) -> None:
    """Add one article's best walk score per concept to the concepts' sums and maxima, and count its words."""
    here = set()
    for g, score in best.items():
        row = stats[g]
        row[1] += score
        row[2] = max(row[2], score)
        here.update(g)
    for w in here:
        words[w] = words.get(w, 0) + 1
    best.clear()


def _title_concepts(story: _Story, articles: Sequence[ParsedArticle]) -> dict:
    """Per concept, how many articles' headlines hold it."""
    count: dict = {}
    for article in articles:
        if article.article.title:
            for g in concept_bigrams(article.article.title, story.profile, story.forms):
                count[g] = count.get(g, 0) + 1
    return count


@functools.cache
def _stop_stems(code: str) -> frozenset[str]:
    """The language's stop words and their stems (concepts are pairs of stems)."""
    profile = profile_for(code)
    words = sorted(profile.stop_words)
    return frozenset(words) | frozenset(profile.stem_words(words))


@functools.cache
def _concept_model(path: str) -> dict:
    """The concept model's coefficients (written by scripts/train_concepts.py)."""
    try:
        with open(path, encoding="utf-8") as handle:
            model = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the concept-weight model ({exc})") from exc
    if tuple(model.get("features", ())) != CONCEPT_FEATURES:
        raise ConfigError(
            f"{path}: concept-weight model for features {model.get('features')}, not {list(CONCEPT_FEATURES)}"
        )
    return model


def learned_weights(story: _Story, articles: Sequence[ParsedArticle], floor: int, path: str) -> dict:
    """Per concept (held by at least ``floor`` articles): the model's chance that a reference says it.

    Args:
        story: the scored story (``summarize._score``).
        articles: its articles, in the same order.
        floor: the fewest articles a concept must be in (``summarize._concept_floor``).
        path: a model file written by scripts/train_concepts.py.

    Returns:
        ``{bigram: sigmoid(coef · standardised features + intercept)}``.

    Raises:
        ConfigError: the file cannot be read or is for other features.

    Example:
        >>> learned_weights(_score(parsed), parsed, 3, "concepts.json")[("civil", "war")]  # doctest: +SKIP
        0.31
    """
    model = _concept_model(str(path))
    keys, x = concept_features(story, articles, floor)
    if not keys:
        return {}
    z = ((x - model["mean"]) / model["scale"]) @ np.asarray(model["coef"]) + model["intercept"]
    p = 1.0 / (1.0 + np.exp(-z))
    return dict(zip(keys, p.tolist()))
