"""Dataclasses of the stories stage (kept beside it: the stage owns its package)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..models import Article


@dataclass(frozen=True, slots=True)
class Story:
    """One event as found in the stream.

    ``articles`` are ids in the order they joined; ``duplicates`` groups ids
    of near-identical texts (wire copies), the first id of each group being
    the one a brief summarizes. Dates are ISO strings or None when no
    article of the story had a date.
    """

    id: str
    title: str | None
    articles: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    duplicates: tuple[tuple[str, ...], ...] = ()

    def representatives(self) -> tuple[str, ...]:
        """One article id per near-duplicate group (the group's first), in story order."""
        copies = {i for group in self.duplicates for i in group[1:]}
        return tuple(a for a in self.articles if a not in copies)


@dataclass(frozen=True, slots=True)
class StoryGrouping:
    """The result of grouping a stream: every story, and what this run did.

    ``touched`` names the stories that gained articles in this run;
    ``articles`` holds the articles read in this run, by id, for briefs;
    ``known`` the ids of input articles an earlier run had already grouped
    (left where they are).
    """

    stories: tuple[Story, ...]
    touched: frozenset[str]
    articles: dict[str, Article]
    errors: tuple[InputError, ...] = ()
    known: tuple[str, ...] = ()
