"""Shared builders for the analysis tests: articles parsed the way `analyze()` sees them."""

from __future__ import annotations

import json
from pathlib import Path

from newsbrief.clean import clean
from newsbrief.ingest import read_story
from newsbrief.models import Article
from newsbrief.nlp import full_pipeline, split_sentences

ANNOTATIONS = json.loads((Path(__file__).parent / "fixtures" / "seed_figures_dates.json").read_text())


def parsed_story(texts: list[str], dates: list[str | None] | None = None):
    """Invented articles a0, a1, ... (with optional metadata dates), cleaned, split and fully parsed."""
    dates = dates or [None] * len(texts)
    arts = [
        split_sentences(clean(Article(id=f"a{i}", text=t, date=d, date_source="metadata" if d else None)))
        for i, (t, d) in enumerate(zip(texts, dates))
    ]
    return arts, list(full_pipeline().pipe(a.clean.text for a in arts))


def parsed_folder(folder: Path):
    """Every article of a folder (the seed or example story), cleaned, split and fully parsed."""
    arts = [split_sentences(clean(a)) for a in read_story([folder]).articles]
    return arts, list(full_pipeline().pipe(a.clean.text for a in arts))


def quotes_of(*texts):
    """The quotes `find_quotes` gives for invented articles a0, a1, ... (parsed as the pipeline parses them)."""
    from newsbrief.analyze import parse_docs
    from newsbrief.analyze.entities import build_index
    from newsbrief.analyze.quotes import find_quotes
    from newsbrief.pipeline import parse_articles

    articles = parse_articles([Article(id=f"a{i}", text=t) for i, t in enumerate(texts)])
    docs = parse_docs([a.clean.text for a in articles])
    return find_quotes(articles, docs, build_index(articles, docs))


def one_quote(quotes, start):
    """The single quote whose text starts with ``start``."""
    found = [q for q in quotes if q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]
