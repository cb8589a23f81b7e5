"""Story analysis (issue 3): entities, quotes, figures, timeline, off-story articles, coverage.

One full spaCy run (tagger, parser, NER) per story feeds every step; the
summary path never pays for it. Coverage needs the summary, so the pipeline
adds it afterwards with :func:`add_coverage`.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from spacy.tokens import Doc

from ..lang import MODEL_SECTIONS, profile_for, story_language
from ..models import Analysis, ParsedArticle, Summary
from ..nlp import full_pipeline
from ..nlp_lock import SPACY_LOCK
from ..settings import DEFAULTS, Settings
from .entities import EntityIndex, build_index, find_entities
from .quotes import find_quotes
from .quotes.speakers import speaker_ranker

log = logging.getLogger(__name__)

__all__ = ["analyze", "analyze_many", "add_coverage", "parse_docs", "find_entities", "find_quotes", "EntityIndex"]

# Texts per batch handed to spaCy; the default of 1000 holds a whole dataset in memory per worker.
PIPE_BATCH_SIZE = 16
# The analysis reads an article's first MAX_PARSE_CHARS characters (4× the longest article of
# multinews-dev, TAC 2011 and DUC 2006, 50 k); a longer one (a 20 MB file) would take many minutes to
# parse. spaCy parses it in blocks of PARSE_BLOCK_CHARS: its parser's memory grows with the text
# it is given at once (issue 13: one 19 MB article peaked at 16 GB).
MAX_PARSE_CHARS = 200_000
PARSE_BLOCK_CHARS = 50_000
# Below this many characters, starting spaCy workers costs more than it saves: the seed story
# (26k characters) parses in ~1 s in one process (BENCHMARKS.md, "Story analysis").
PARALLEL_MIN_CHARS = 200_000


def parse_docs(texts: Sequence[str], *, settings: Settings = DEFAULTS, lang: str = "en") -> list[Doc]:
    """Full spaCy Docs of ``texts``, in order, in ``settings.processes`` worker processes (``lang``:
    whose model parses them).

    A text is parsed up to MAX_PARSE_CHARS, in blocks of at most PARSE_BLOCK_CHARS cut at paragraph
    (else word) breaks and joined back into one Doc whose text is the text's start, character for
    character, so memory stays bounded whatever the article's shape (issue 13).
    """
    nlp = full_pipeline(lang)
    texts = [t[:MAX_PARSE_CHARS] for t in texts]
    blocks = [_blocks(t) for t in texts]
    flat = [b for bs in blocks for b in bs]
    big = sum(len(t) for t in texts) >= PARALLEL_MIN_CHARS
    n_process = settings.processes if big and len(flat) > 1 else 1
    if n_process > 1:
        # Worker processes hold their own pipelines; this process only reads their Docs back.
        parsed = iter(nlp.pipe(flat, n_process=n_process, batch_size=PIPE_BATCH_SIZE))
    else:
        parsed = _parse_in_turns(nlp, flat)
    docs = []
    for bs in blocks:
        parts = [next(parsed) for _ in bs]
        doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        docs.append(_with_sentence_index(doc))
    return docs


def _parse_in_turns(nlp, texts: list[str]):
    """Docs of ``texts``, parsed in batches of up to PIPE_BATCH_SIZE texts and PARSE_BLOCK_CHARS
    characters, each batch under SPACY_LOCK."""
    batch: list[str] = []
    size = 0
    for text in [*texts, None]:
        if batch and (text is None or len(batch) == PIPE_BATCH_SIZE or size + len(text) > PARSE_BLOCK_CHARS):
            with SPACY_LOCK:
                docs = list(nlp.pipe(batch, batch_size=len(batch)))
            yield from docs
            batch, size = [], 0
        if text is not None:
            batch.append(text)
            size += len(text)


def _with_sentence_index(doc: Doc) -> Doc:
    """``doc`` with hooks that find a span's sentence by bisection.

    spaCy's ``Span.sent`` and ``Span.sents`` first check that the whole Doc has sentence starts, a
    pass over every token per call: the quotes and figures steps, which ask per quote and per
    number, became quadratic in a long article (a 100 KB article spent 38 s there; issue 13).
    The hooks return the same spans: ``sent`` the sentence holding the span's first token,
    ``sents`` every sentence the span touches.
    """
    sentences = list(doc.sents)
    starts = [s.start for s in sentences]

    def containing(i: int) -> int:
        return max(0, bisect_right(starts, i) - 1)

    def sent(span):
        return sentences[containing(span.start)]

    def sents(span):
        first = containing(span.start)
        last = containing(span.end - 1) if span.end > span.start else first
        return iter(sentences[first : last + 1])

    doc.user_span_hooks["sent"] = sent
    doc.user_span_hooks["sents"] = sents
    return doc


def _blocks(text: str) -> list[str]:
    """``text`` in consecutive pieces of at most PARSE_BLOCK_CHARS, cut after a line break or a space."""
    out, start = [], 0
    while len(text) - start > PARSE_BLOCK_CHARS:
        end = start + PARSE_BLOCK_CHARS
        cut = text.rfind("\n", start + PARSE_BLOCK_CHARS // 2, end)
        if cut < 0:
            cut = text.rfind(" ", start + PARSE_BLOCK_CHARS // 2, end)
        cut = end if cut < 0 else cut + 1
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


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
    profile = profile_for(story_language([a.article.lang for a in articles]))
    unavailable = profile.unavailable()
    if profile.analysis_rules is not None and len(unavailable) < len(MODEL_SECTIONS):
        # Another language with its own pipeline: the sections its rules cover (analyze/universal/).
        from .universal import analyze_universal

        if docs is None or any(doc.lang_ != profile.code for doc in docs):  # never another language's parse
            docs = parse_docs([a.clean.text if a.article.lang in (None, profile.code) else "" for a in articles],
                              settings=settings, lang=profile.code)
        return analyze_universal(articles, docs, profile, unavailable)
    if unavailable:
        # No parser and NER for this language here: its dates and off-story articles only (both read
        # the text and the articles' dates), and the brief says which sections are missing. Never
        # the English model's rules on another language's text.
        from .offstory import find_off_story
        from .timeline import infer_dates

        dates = infer_dates(articles)
        return Analysis(
            off_story=find_off_story(articles, [], dates), article_dates=dates, lang=profile.code, unavailable=unavailable
        )
    if docs is None:
        # An article in another language than the story's gets an empty parse: the model's rules
        # never run on text it was not trained for (it still counts for dates and coverage).
        docs = parse_docs(
            [a.clean.text if a.article.lang in (None, profile.code) else "" for a in articles], settings=settings
        )
    index = build_index(articles, docs)
    quotes = find_quotes(articles, docs, index, ranker=speaker_ranker(settings))
    figures, dates, timeline, off_story = _part_b(articles, docs)
    return Analysis(
        entities=index.entities,
        quotes=quotes,
        figures=figures,
        timeline=timeline,
        off_story=off_story,
        article_dates=dates,
        lang=profile.code,
    )


def analyze_many(
    stories: Sequence[Sequence[ParsedArticle]], *, settings: Settings = DEFAULTS, executor=None
) -> list[Analysis]:
    """Analyze many stories; with ``settings.processes`` > 1 (or an ``executor``), workers take whole stories.

    A pool over stories (rather than spaCy's ``n_process``) parallelizes the
    analysis steps too, not just the parse (BENCHMARKS.md, "Story analysis").
    ``executor`` (:mod:`newsbrief.executor`: a local pool or a Dask cluster) says where they run.
    """
    from ..executor import LocalPool

    single = replace(settings, processes=1)
    task = partial(_analyze_story, settings=single)
    if executor is None:
        if settings.processes < 2 or len(stories) < 2:
            return [analyze(story, settings=single) for story in stories]
        full_pipeline()  # load the model once, before the workers fork, so they share it
        with LocalPool(settings.processes) as pool:
            return list(pool.map(task, stories, setup=(full_pipeline,)))
    return list(executor.map(task, stories, setup=(full_pipeline,)))


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
