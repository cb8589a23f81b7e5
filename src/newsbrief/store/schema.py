"""The tables of the store, as SQLAlchemy Core metadata.

The Alembic migrations in ``migrations/versions`` create exactly these
tables (plus the full-text search objects, which differ per database);
this module is what queries are written against.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(300), nullable=False),
    # Bumped by every add of articles; a brief is stored only if it was made
    # from a revision at least as new as the stored one (concurrent adds).
    Column("revision", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # The Idempotency-Key header of the request that created the story (migration 0002): a retry with
    # the same key gets this story back instead of a duplicate. Unique; NULL when none was sent.
    Column("idempotency_key", String(200), nullable=True, unique=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    # The id the brief cites (file stem, url slug, pasted-N); unique in its story.
    Column("key", String(200), nullable=False),
    # sha256 of the whitespace-normalized text: the same article added twice is stored once.
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("date", String(10)),
    Column("date_source", String(20)),
    Column("url", Text),
    # Where it came from, for people: an upload's file name, "pasted text", or the URL.
    Column("source", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("story_id", "content_hash", name="uq_articles_story_hash"),
    UniqueConstraint("story_id", "key", name="uq_articles_story_key"),
)

briefs = Table(
    "briefs",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("revision", Integer, nullable=False),
    # render.to_dict output, as JSON text; markdown/html are rendered once here so reads cost nothing.
    Column("json", Text, nullable=False),
    Column("markdown", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("revision", Integer, nullable=False),
    # The analysis keys of the brief JSON (entities, quotes, figures, timeline, coverage).
    Column("json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
