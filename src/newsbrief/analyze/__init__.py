"""Story analysis (issue 3): entities, quotes, figures, timeline, off-story articles, coverage.

One full spaCy run (tagger, parser, NER) per story feeds every step; the
summary path never pays for it. Coverage needs the summary, so the pipeline
adds it afterwards with :func:`add_coverage`.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from spacy.tokens import Doc

from ..models import Analysis, ParsedArticle, Summary
from ..nlp import full_pipeline
from ..settings import DEFAULTS, Settings
from .entities import EntityIndex, build_index, find_entities
from .quotes import find_quotes

log = logging.getLogger(__name__)

__all__ = ["analyze", "analyze_many", "add_coverage", "parse_docs", "find_entities", "find_quotes", "EntityIndex"]

# Texts per batch handed to spaCy; the default of 1000 holds a whole dataset in memory per worker.
PIPE_BATCH_SIZE = 16
# Below this many characters, starting spaCy workers costs more than it saves: the seed story
# (26k characters) parses in ~1 s in one process (BENCHMARKS.md, "Story analysis").
PARALLEL_MIN_CHARS = 200_000


def parse_docs(texts: Sequence[str], *, settings: Settings = DEFAULTS) -> list[Doc]:
    """Full spaCy Docs of ``texts``, in order, in ``settings.processes`` worker processes."""
    nlp = full_pipeline()
    # Over-long texts would make spaCy raise E088; the first million characters carry the story.
    texts = [t[: nlp.max_length - 1] for t in texts]
    big = sum(len(t) for t in texts) >= PARALLEL_MIN_CHARS
    n_process = settings.processes if big and len(texts) > 1 else 1
    return list(nlp.pipe(texts, n_process=n_process, batch_size=PIPE_BATCH_SIZE))


def analyze(articles: Sequence[ParsedArticle], *, settings: Settings = DEFAULTS, docs: Sequence[Doc] | None = None) -> Analysis:
    """Analyze one story's articles: entities, quotes, figures, dates, timeline, off-story.

    Args:
        articles: the story's parsed articles.
        settings: ``processes`` sets how many spaCy workers parse the texts.
        docs: already parsed Docs of the cleaned texts (see :func:`analyze_many`).

    Returns:
        An Analysis with empty ``coverage``; the pipeline fills it in once the
        summary exists (:func:`add_coverage`).

    Example:
        >>> from newsbrief.pipeline import parse_story  # doctest: +SKIP
        >>> [e.name for e in analyze(parse_story(["seed-story"])).entities][:3]  # doctest: +SKIP
        ['United States', 'Russia', 'John Kerry']
    """
    if docs is None:
        docs = parse_docs([a.clean.text for a in articles], settings=settings)
    index = build_index(articles, docs)
    quotes = find_quotes(articles, docs, index)
    figures, dates, timeline, off_story = _part_b(articles, docs)
    return Analysis(
        entities=index.entities,
        quotes=quotes,
        figures=figures,
        timeline=timeline,
        off_story=off_story,
        article_dates=dates,
    )


def analyze_many(stories: Sequence[Sequence[ParsedArticle]], *, settings: Settings = DEFAULTS) -> list[Analysis]:
    """Analyze many stories; with ``settings.processes`` > 1, a pool of workers takes whole stories.

    A pool over stories (rather than spaCy's ``n_process``) parallelizes the
    analysis steps too, not just the parse (BENCHMARKS.md, "Story analysis").
    """
    single = replace(settings, processes=1)
    if settings.processes < 2 or len(stories) < 2:
        return [analyze(story, settings=single) for story in stories]
    full_pipeline()  # load the model once, before the workers fork, so they share it
    context = multiprocessing.get_context("fork")
    with context.Pool(settings.processes) as pool:
        return pool.map(partial(_analyze_story, settings=single), stories, chunksize=1)


def _analyze_story(story: Sequence[ParsedArticle], *, settings: Settings) -> Analysis:
    return analyze(story, settings=settings)


def add_coverage(analysis: Analysis, articles: Sequence[ParsedArticle], summary: Summary) -> Analysis:
    """The analysis with ``coverage``: which summary points each article reports."""
    from .coverage import find_coverage

    return replace(analysis, coverage=find_coverage(articles, summary))


def _part_b(articles, docs):
    """Figures, dates, timeline and off-story (analysis part B's modules)."""
    from .figures import find_figures
    from .offstory import find_off_story
    from .timeline import find_timeline, infer_dates

    dates = infer_dates(articles, docs)
    figures = find_figures(articles, docs, dates)
    timeline = find_timeline(articles, docs, dates)
    off_story = find_off_story(articles, docs, dates)
    return figures, dates, timeline, off_story
