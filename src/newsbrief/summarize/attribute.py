"""Attribution: a summary line cites every article with a sentence that reports the same fact."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..models import ParsedArticle, SummarySentence, Support
from ..settings import DEFAULTS, Settings
from .score import _denied, _local_names, _score, _Story, analyzer
from .units import _span, _Unit

# Attribution: an article supports a summary line when one of its sentences is at least
# settings.support_threshold similar (cosine) AND shares SUPPORT_MIN_SHARED fact words, or, for
# short sentences, SUPPORT_MIN_SHORT fact words that are half of the shorter one's. Sharing only
# names ("Kerry", "Lavrov") is not sharing a fact. Hand-judged on the seed story
# (tests/test_summarize.py::test_attribution_hand_judged): 2 shared words let "Washington urged
# Moscow to halt the bloodshed" cite a sentence about chemical weapons; 3 do not.
SUPPORT_MIN_SHARED = 3
SUPPORT_MIN_SHORT = 2


def _attribute(story: _Story, articles: Sequence[ParsedArticle], unit: _Unit, settings: Settings) -> SummarySentence:
    """The unit as a summary line citing its origin and every article that reports the same fact."""
    origin = unit.article
    text = _span(articles, story, unit.first, unit.last)
    evidence = [Support(articles[origin].id, text, 1.0)]
    if story.vectors is not None:
        # The unit's cosine with every sentence, from the sentence cosines: rows sum, norm from the block.
        block = story.sims[unit.first : unit.last + 1]
        sims = block.sum(axis=0) / math.sqrt(max(block[:, unit.first : unit.last + 1].sum(), 1e-12))
        facts = frozenset().union(*story.facts[unit.first : unit.last + 1])
        denied = frozenset().union(*story.denied[unit.first : unit.last + 1])
        evidence += _supports(story, articles, sims, facts, denied, origin, settings)
    return SummarySentence(
        text=text,
        article=articles[origin].id,
        index=story.sentences[unit.first].index,
        sources=tuple(e.article for e in evidence),
        support=round(len(evidence) / len(articles), 3),
        evidence=tuple(evidence),
    )


def find_support(
    text: str, articles: Sequence[ParsedArticle], *, origin: str | None = None, settings: Settings = DEFAULTS
) -> tuple[Support, ...]:
    """Which articles report the fact stated in ``text``, each with its best sentence and a score.

    The test the summary's attribution uses: an article supports ``text``
    when one of its sentences is at least ``settings.support_threshold``
    similar and shares enough fact words — content words that are not names
    or reporting verbs, so two sentences that only both mention "Kerry" and
    "Lavrov" do not count.

    Args:
        text: a statement (usually a sentence of one of the articles).
        articles: the story to look for support in.
        origin: an article id to leave out (the one ``text`` came from).

    Returns:
        One Support per supporting article, in input order.

    Example:
        >>> find_support("Later, Kerry will also meet Foreign Minister Sergei Lavrov.", parsed)  # doctest: +SKIP
        ()
    """
    story = _score(articles)
    if story is None or story.vectors is None:
        return ()
    forms = story.forms or {}
    counts = Counter(base for w in analyzer(text, story.profile) if (base := forms.get(w, w)))
    rows = np.zeros(story.vectors.shape[1])
    for term, n in counts.items():
        if term in story.vocabulary:
            rows[story.vocabulary[term]] = 1.0 + np.log(n)
    facts = frozenset(counts).difference(
        story.names, story.profile.reporting_stems, _local_names(text, story.profile)
    )
    denied = _denied(*story.profile.word_stems(text), story.profile.negations)
    skip = next((k for k, a in enumerate(articles) if a.id == origin), None)
    norm = np.linalg.norm(rows)
    sims = np.asarray(story.vectors @ (rows / norm if norm else rows)).ravel()
    return tuple(_supports(story, articles, sims, facts, denied, skip, settings))


def _supports(
    story: _Story,
    articles: Sequence[ParsedArticle],
    sims: np.ndarray,
    facts: frozenset[str],
    denied: frozenset[str],
    skip: int | None,
    settings: Settings,
) -> list[Support]:
    """Per other article, its most similar sentence (``sims``: cosine per sentence) that reports the same fact."""
    out: list[Support] = []
    for k, article in enumerate(articles):
        if k == skip:
            continue
        best, best_j = 0.0, -1
        for j in np.flatnonzero(story.article_of == k):
            if (
                sims[j] >= settings.support_threshold
                and sims[j] > best
                and _same_fact(facts, story.facts[j], denied, story.denied[j])
            ):
                best, best_j = float(sims[j]), int(j)
        if best_j >= 0:
            out.append(Support(article.id, story.sentences[best_j].text, round(best, 3)))
    return out


def _same_fact(
    a: frozenset[str],
    b: frozenset[str],
    denied_a: frozenset[str] = frozenset(),
    denied_b: frozenset[str] = frozenset(),
) -> bool:
    """Do two sentences share enough fact words (not names, not "said") to report the same thing?

    A word one of them denies ("no damage") and the other asserts ("caused damage") is not shared.
    """
    shared = len((a & b) - (denied_a ^ denied_b))
    if shared >= SUPPORT_MIN_SHARED:
        return True
    return shared >= SUPPORT_MIN_SHORT and shared >= 0.5 * min(len(a), len(b))
