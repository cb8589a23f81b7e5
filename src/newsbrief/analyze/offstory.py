"""Articles that are not about the story: another event, or the same actors at another time.

Two signals, both explained in the reason a reader sees. Dates: an article
dated many months away from the rest of the story (which agrees with itself)
is about another moment even when it names the same people. Content: an
article whose words barely overlap any other article's (TF-IDF cosine) is
about something else; that alone flags only in stories of three or more
articles, because with two there is no telling which one strayed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import spacy
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..models import OffStory, ParsedArticle
from ..summarize import story_analyzer
from .dates import PartialDate, months_between, parse_iso
from .neighbours import best_elsewhere

# An article this many months from the median date of the others is about another time. Seed: 004 is ~31
# months off; Multi-News dev clusters have no same-story article more than 3 months from the others.
DATE_GAP_MONTHS = 6.0
# ...but only when the other dated articles agree among themselves to within this many months.
STORY_SPREAD_MONTHS = 2.0
# A near-duplicate of another article (cosine above this) is on-story whatever its date says.
DUPLICATE_SIMILARITY = 0.8
# Content-only flag: best cosine to any other article below this, and below this share of the story's
# typical best cosine. Tuned on multinews-dev (BENCHMARKS.md "Figures, dates, off-story"): real same-event
# articles score >= 0.08; archive stubs and tweets score lower.
MIN_SIMILARITY = 0.06
# Wording only: an article "shares fewer words" when its mean similarity is below this share of the others'.
WORD_SHARE = 0.75
# An event within this many months of the story's date is "from the story's time".
EVENT_WINDOW_MONTHS = 1.5
RELATIVE_SIMILARITY = 0.35


def tfidf_rows(articles: Sequence[ParsedArticle]) -> sparse.csr_matrix | None:
    """The articles' TF-IDF rows (stemmed, stop words dropped, L2-normalised); None when there are no words."""
    texts = [a.clean.text for a in articles]
    if not texts:
        return None
    try:
        return TfidfVectorizer(analyzer=story_analyzer(articles), sublinear_tf=True).fit_transform(texts).tocsr()
    except ValueError:  # every text is stop words only
        return None


def similarity_matrix(articles: Sequence[ParsedArticle]) -> np.ndarray:
    """Cosine similarity of the articles' TF-IDF vectors (stemmed, stop words dropped); diagonal 1.

    All pairs: for a few articles only (tests, small stories). The story-wide passes use
    :func:`similarity_rows` and :mod:`.neighbours`, which stay linear in the articles.
    """
    if len(articles) < 2:
        return np.ones((len(articles), len(articles)))
    matrix = tfidf_rows(articles)
    if matrix is None:
        return np.eye(len(articles))
    return (matrix @ matrix.T).toarray()


def similarity_rows(articles: Sequence[ParsedArticle], rows: Sequence[int]) -> dict[int, np.ndarray]:
    """For each index in ``rows``, its article's cosine to every article (one sparse product per row)."""
    matrix = tfidf_rows(articles) if rows else None
    if matrix is None:
        return {i: np.eye(len(articles))[i] for i in rows}
    picked = (matrix[list(rows)] @ matrix.T).toarray()
    return {i: picked[k] for k, i in enumerate(rows)}


@dataclass(frozen=True, slots=True)
class _Overlap:
    """Per article: best cosine to another article, mean cosine to the others, the others' mean among themselves."""

    best: np.ndarray
    own: np.ndarray
    others: np.ndarray


def _overlap(articles: Sequence[ParsedArticle]) -> _Overlap:
    """The three similarity figures of every article, in time linear in the articles.

    The means come from the sum of the rows: article i's cosines to all others add up to
    x_i · (Σ x) − x_i · x_i, and all pairs add up to (|Σ x|² − Σ |x_i|²) / 2, so the mean over
    the pairs without i needs no pair at all (the loop over pairs this replaced was cubic).
    """
    n = len(articles)
    matrix = tfidf_rows(articles)
    if matrix is None:
        zeros = np.zeros(n)
        return _Overlap(zeros, zeros, zeros)
    total = np.asarray(matrix.sum(axis=0)).ravel()
    self_sims = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    row_sums = matrix @ total - self_sims
    all_pairs = (total @ total - self_sims.sum()) / 2
    own = row_sums / (n - 1)
    others = (all_pairs - row_sums) / ((n - 1) * (n - 2) / 2)
    best = best_elsewhere(matrix, np.arange(n))
    return _Overlap(best, own, others)


def find_off_story(
    articles: Sequence[ParsedArticle],
    docs: Sequence[spacy.tokens.Doc],
    dates: Mapping[str, tuple[str | None, str | None]],
) -> tuple[OffStory, ...]:
    """Flag articles about a different event or a different time than the rest of the story.

    Args:
        articles: the story's articles.
        docs: their full spaCy Docs (to count a flagged article's dated events).
        dates: :func:`newsbrief.analyze.timeline.infer_dates` output.

    Returns:
        One OffStory per flagged article, with a reason a person understands.

    Example:
        >>> [o.article for o in find_off_story(arts, docs, infer_dates(arts, docs))]  # doctest: +SKIP
        ['004_dfb90e6a9022927a']
    """
    n = len(articles)
    if n < 3:
        return ()
    overlap = _overlap(articles)
    best = overlap.best
    typical_best = float(np.median(best))
    parsed: list[PartialDate | None] = [parse_iso((dates.get(a.id) or (None, None))[0]) for a in articles]
    story_dates = _StoryDates(parsed)
    flagged: list[OffStory] = []
    for i, article in enumerate(articles):
        others_sim = float(overlap.others[i])
        own_sim = float(overlap.own[i])
        reasons: list[str] = []
        date_reason = story_dates.reason(i)
        if date_reason and best[i] < DUPLICATE_SIMILARITY:
            reason, story_date = date_reason
            reasons.append(reason)
            events = _events_then(article, docs[i] if i < len(docs) else None, dates, story_date)
            if events:
                reasons.append(events)
            if own_sim < WORD_SHARE * others_sim:
                reasons.append(
                    f"it shares fewer words with the other articles than they share with each other "
                    f"(similarity {own_sim:.2f} vs {others_sim:.2f})"
                )
            else:
                reasons.append(
                    f"its words overlap theirs as much as they overlap each other ({own_sim:.2f} vs "
                    f"{others_sim:.2f}): the same actors at another time"
                )
        elif best[i] < MIN_SIMILARITY and best[i] < RELATIVE_SIMILARITY * typical_best:
            reasons.append(
                f"shares almost no words with any other article (best similarity {best[i]:.2f}; "
                f"a typical article here reaches {typical_best:.2f})"
            )
        if reasons:
            flagged.append(OffStory(article=article.id, reason="; ".join(reasons)))
    return tuple(flagged)


def _events_then(
    article: ParsedArticle, doc, dates: Mapping[str, tuple[str | None, str | None]], story: PartialDate
) -> str | None:
    """How many of the article's dated events fall near the story's date, said for a reader."""
    if doc is None:
        return None
    from .timeline import find_timeline  # timeline imports this module for similarity_matrix

    events = find_timeline([article], [doc], dates)
    if not events:
        return None
    near = sum(
        1 for e in events
        if (d := parse_iso(e.date)) is not None and abs(months_between(story, d)) <= EVENT_WINDOW_MONTHS + (
            6 if d.precision == "year" else 0)
    )
    if near == 0:
        return f"none of its {len(events)} dated events is from the story's time"
    return f"{near} of its {len(events)} dated events fall near the story's time"


class _StoryDates:
    """The dated articles sorted once, so each article's "rest of the story" costs O(1), not a sort."""

    def __init__(self, parsed: list[PartialDate | None]) -> None:
        self.parsed = parsed
        # Stable by input order among equal days, as sorting each article's others was.
        self.order = sorted((i for i, d in enumerate(parsed) if d is not None), key=lambda i: parsed[i].middle_day())
        self.position = {i: k for k, i in enumerate(self.order)}

    def reason(self, i: int) -> tuple[str, PartialDate] | None:
        """Why article ``i`` is at another time than the other (dated) articles, and the story's date; or None."""
        own = self.parsed[i]
        skip = self.position.get(i)
        count = len(self.order) - (skip is not None)
        if own is None or not count or count * 2 < len(self.parsed) - 1:
            return None

        def other(k: int) -> PartialDate:  # the k-th of the other dated articles, oldest first
            return self.parsed[self.order[k if skip is None or k < skip else k + 1]]

        spread = (other(count - 1).middle_day() - other(0).middle_day()).days / 30.44
        if spread > STORY_SPREAD_MONTHS:
            return None
        return _date_reason(own, other(count // 2))


def _date_reason(own: PartialDate, story: PartialDate) -> tuple[str, PartialDate] | None:
    """Why ``own`` is at another time than ``story`` (the other articles' median date), or None."""
    gap = months_between(story, own)
    # A partial date (a year, a month) is as far off as its nearest possible day.
    slack = 6.0 if own.precision == "year" else 0.5 if own.precision == "month" else 0.0
    if abs(gap) - slack < DATE_GAP_MONTHS:
        return None
    direction = "after" if gap > 0 else "before"
    return f"dated {own.iso}, about {abs(round(gap))} months {direction} the rest of the story ({story.iso})", story
