"""brief(): the stages in order, from paths or texts to a Brief."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from .clean import clean
from .errors import EmptyArticle, InputError
from .ingest import StoryInput, read_story
from .lang import with_language
from .models import Article, Brief, ParsedArticle
from .nlp import split_sentences
from .settings import DEFAULTS, Settings
from .summarize import summarize

log = logging.getLogger(__name__)


def brief(
    paths_or_texts: Iterable[str | Path] | str | Path,
    *,
    words: int | None = None,
    story: str | None = None,
    settings: Settings = DEFAULTS,
) -> Brief:
    """Brief one story from files, folders, a dataset line, or raw article texts.

    Args:
        paths_or_texts: paths (txt, html, folders, dataset JSONL) or article
            texts; a string that is not an existing path is taken as text.
        words: the word budget; None picks one from the input.
        story: which line of a dataset file to brief.
        settings: ``analysis`` (default on) adds the story analysis and
            leaves off-story articles out of the summary unless
            ``keep_off_story``.

    Returns:
        A Brief; ``errors`` lists inputs that could not be used.

    Example:
        >>> b = brief(["examples/story"], words=120)  # doctest: +SKIP
        >>> print(b.summary.text)  # doctest: +SKIP
    """
    if isinstance(paths_or_texts, (str, Path)):
        paths_or_texts = [paths_or_texts]
    paths, texts = [], []
    for item in paths_or_texts:
        (paths if _looks_like_path(item) else texts).append(item if isinstance(item, Path) else str(item))
    story_input = read_story(paths, settings, story=story) if paths else StoryInput("story", ())
    articles = list(story_input.articles) + [Article(id=f"text-{i + 1}", text=t) for i, t in enumerate(texts)]
    return brief_articles(
        articles,
        words=words,
        settings=settings,
        story_id=story_input.id,
        errors=story_input.errors,
        analysis=True,  # full analysis, or only the cheap off-story check when settings.analysis is off
    )


def _looks_like_path(item: str | Path) -> bool:
    """A Path, an existing file, or one line with no spaces (a mistyped path) is a path; else article text.

    A missing path must give "no such file", not a brief of the path's letters.
    """
    if isinstance(item, Path):
        return True
    text = str(item)
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        exists = Path(text).exists()
    except (OSError, ValueError):  # a NUL in the text, a name too long, a folder we may not look into
        exists = False
    return exists or ("\x00" not in text and not any(ch.isspace() for ch in text.strip()))


def brief_articles(
    articles: Sequence[Article],
    *,
    words: int | None = None,
    settings: Settings = DEFAULTS,
    story_id: str | None = None,
    errors: Sequence[InputError] = (),
    analysis: bool = False,
) -> Brief:
    """Run clean → sentences → (analyze) → summarize → (coverage) over articles already read.

    Args:
        analysis: run the story analysis (a full spaCy parse) when
            ``settings.analysis`` also allows it. Off by default so batch runs
            and evaluation keep the fast summary-only path (issue 3).

    Returns:
        A Brief; with analysis, off-story articles are left out of the
        summary (unless ``settings.keep_off_story``) and listed in ``off_story``.
    """
    problems = [str(e) for e in errors]
    parsed = parse_articles(articles, settings=settings, problems=problems)
    if not analysis or not parsed:
        summary = _summary(parsed, words, settings)
        _note_empty_summary(parsed, summary, settings, problems)
        return Brief(articles=tuple(parsed), summary=summary, story_id=story_id, errors=tuple(problems))

    result = None
    if settings.analysis:
        from .analyze import analyze

        result = analyze(parsed, settings=settings)
        dates, flagged = result.article_dates, result.off_story
    else:
        dates, flagged = _dates_and_off_story(parsed)
    parsed = _with_dates(parsed, dates)
    left_out = set() if settings.keep_off_story else {o.article for o in flagged}
    on_story = [p for p in parsed if p.id not in left_out] or parsed
    summary = _summary(on_story, words, settings)
    _note_empty_summary(on_story, summary, settings, problems)
    if result is not None:
        from .analyze import add_coverage

        result = add_coverage(result, on_story, summary)
    return Brief(
        articles=tuple(parsed),
        summary=summary,
        analysis=result,
        off_story=tuple(o for o in flagged if o.article in left_out),
        story_id=story_id,
        errors=tuple(problems),
    )


def _summary(parsed, words: int | None, settings: Settings):
    requested = words or settings.budget_words
    return replace(summarize(parsed, budget_words=requested, settings=settings), requested_words=requested)


def _note_empty_summary(parsed, summary, settings: Settings, problems: list[str]) -> None:
    """Say why a story with text got no summary (issue 9: a 2-million-character "sentence" gave none, silently)."""
    if not parsed or summary.sentences:
        return
    problems.append(
        f"no summary: no sentence of {settings.min_sentence_words}-{settings.max_sentence_words} words in the "
        "input (text without full stops reads as one long sentence)"
    )


def _dates_and_off_story(parsed: list[ParsedArticle]) -> tuple[dict, tuple]:
    """`brief --no-analysis`: article dates and off-story articles without the full parse.

    Both need only the cleaned text (the full parse just counts a flagged
    article's dated events), so a user who skips the analysis for speed still
    gets a brief without the article from another year.
    """
    from .analyze.offstory import find_off_story
    from .analyze.timeline import infer_dates

    dates = infer_dates(parsed)
    return dates, find_off_story(_with_dates(parsed, dates), [], dates)


def parse_articles(
    articles: Sequence[Article], *, settings: Settings = DEFAULTS, problems: list[str] | None = None
) -> list[ParsedArticle]:
    """Clean and split each article; an empty one is skipped and its message added to ``problems``."""
    parsed: list[ParsedArticle] = []
    for article in articles:
        try:
            parsed.append(split_sentences(clean(with_language(article, settings.lang), settings)))
        except EmptyArticle as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    return parsed


def _with_dates(parsed: list[ParsedArticle], dates: dict) -> list[ParsedArticle]:
    """Articles with the dates analysis inferred filled in where ingest found none."""
    out = []
    for p in parsed:
        date, source = dates.get(p.id, (None, None))
        if p.article.date or not date:
            out.append(p)
            continue
        article = replace(p.article, date=date, date_source=source)
        out.append(ParsedArticle(clean=replace(p.clean, article=article), sentences=p.sentences))
    return out
