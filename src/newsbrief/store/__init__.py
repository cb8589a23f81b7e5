"""One Store over SQLite and PostgreSQL: stories, their articles, briefs and analyses.

    store = open_store("sqlite:///newsbrief.db")   # runs the migrations
    result = store.create_story("Ferry strike", articles)
    store.save_brief(result.story.id, result.revision, to_dict(b), markdown, html)

The schema lives in Alembic migrations shipped in this package and is
brought up to date every time a store is opened.
"""

from .records import AddResult, ArticleRecord, BriefRecord, StoryRecord
from .store import NotFound, Store, database_url, default_database_url, open_store

__all__ = [
    "AddResult",
    "ArticleRecord",
    "BriefRecord",
    "NotFound",
    "Store",
    "StoryRecord",
    "database_url",
    "default_database_url",
    "open_store",
]
