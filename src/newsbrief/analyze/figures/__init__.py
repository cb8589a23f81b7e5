"""Figures the articles report ("more than 70,000 lives"), grouped by what they count.

A number is found in the text (digits, "80 000", "1.5 million", "a quarter
of a million", number words), normalized to a value, and tied to what it
counts: a concept when the words around it say one (killed / lives / dead →
deaths; injured; driven from homes → displaced; stranded), else the counted
noun. The cause the sentence names ("the civil war in Syria has killed",
"killed in the twin blasts in Boston") keeps deaths in a war apart from
deaths in a bombing. The same quantity in several articles becomes one
Figure; it is ``disputed`` when two articles give values that share nothing
and are close enough to be the same count, and each value carries its
articles' dates so a reader can tell a disagreement from an update.

:mod:`.mentions` finds and reads each article's figures; :mod:`.compare` groups them into
quantities and decides disputes and updates.
"""

from __future__ import annotations

from collections.abc import Sequence

import spacy

from ...models import Figure, ParsedArticle
from .compare import _figure, _group
from .mentions import _mentions, _without_topic_words, parse_figure

__all__ = ["find_figures", "parse_figure"]


def find_figures(
    articles: Sequence[ParsedArticle],
    docs: Sequence[spacy.tokens.Doc],
    dates: dict[str, tuple[str | None, str | None]] | None = None,
) -> tuple[Figure, ...]:
    """The figures of a story, one per quantity, with each article's value.

    Args:
        articles: the story's articles.
        docs: full spaCy Docs of their cleaned texts, in the same order.
        dates: article dates (:func:`newsbrief.analyze.timeline.infer_dates`);
            computed when not given.

    Returns:
        Figures, those reported by the most articles first; a figure is
        ``disputed`` when two of its articles give different values for it.

    Example:
        >>> [f.quantity for f in find_figures(arts, docs) if f.disputed]  # doctest: +SKIP
        ['deaths in the civil war in Syria']
    """
    if dates is None:
        from ..timeline import infer_dates

        dates = infer_dates(articles, docs)
    mentions = _without_topic_words([m for article, doc in zip(articles, docs) for m in _mentions(article.id, doc)])
    groups = _group(mentions)
    figures = [_figure(group, dates) for group in groups]
    figures.sort(key=lambda f: (-len({a for v in f.values for a in v.articles}), not f.disputed, f.quantity))
    return tuple(figures)
