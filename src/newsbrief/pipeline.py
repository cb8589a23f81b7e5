"""brief(): the stages in order, from paths or texts to a Brief."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from .clean import clean
from .errors import EmptyArticle, InputError
from .ingest import StoryInput, read_story
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
        if isinstance(item, Path) or (isinstance(item, str) and "\n" not in item and len(item) < 4096 and Path(item).exists()):
            paths.append(item)
        else:
            texts.append(str(item))
    story_input = read_story(paths, settings, story=story) if paths else StoryInput("story", ())
    articles = list(story_input.articles) + [Article(id=f"text-{i + 1}", text=t) for i, t in enumerate(texts)]
    return brief_articles(
        articles, words=words, settings=settings, story_id=story_input.id, errors=story_input.errors
    )


def brief_articles(
    articles: Sequence[Article],
    *,
    words: int | None = None,
    settings: Settings = DEFAULTS,
    story_id: str | None = None,
    errors: Sequence[InputError] = (),
) -> Brief:
    """Run clean → sentences → summarize over articles already read."""
    problems = [str(e) for e in errors]
    parsed: list[ParsedArticle] = []
    for article in articles:
        try:
            parsed.append(split_sentences(clean(article, settings)))
        except EmptyArticle as exc:
            problems.append(str(exc))
    summary = summarize(parsed, budget_words=words or settings.budget_words, settings=settings)
    return Brief(articles=tuple(parsed), summary=summary, story_id=story_id, errors=tuple(problems))
