"""What the store hands back: frozen rows, detached from any database session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class StoryRecord:
    id: int
    title: str
    revision: int
    created_at: datetime
    updated_at: datetime
    article_count: int = 0


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int
    story_id: int
    key: str
    content_hash: str
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None
    date_source: str | None
    url: str | None
    source: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AddResult:
    """The outcome of adding articles: what was stored and what was already there."""

    story: StoryRecord
    added: tuple[ArticleRecord, ...]
    # Ids (as given) of articles whose text the story already holds.
    duplicates: tuple[str, ...]
    revision: int
    # True when a creation's Idempotency-Key named a story made earlier: nothing new was stored.
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class BriefRecord:
    story_id: int
    revision: int
    json: str
    markdown: str
    html: str
    created_at: datetime
