"""`stories` over JSON Lines inputs read by the workers, in partitions (issue 14).

Each task reads one partition of a feed or dataset file (:mod:`newsbrief.partitions`), cleans its
articles and makes their features; the client gets back the compact features (and the articles
themselves only when briefs or a state need their text) and runs the same grouping pass as
:func:`newsbrief.stories.group_stories`, in the same order, so the stories are the same. Problems
are reported in the same order too: unreadable lines, then repeated ids, then articles that
cleaned to nothing.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..executor import Executor
from ..ingest import StoryInput
from ..models import Article
from ..partitions import Partition, read_partition
from ..settings import DEFAULTS, Settings
from . import Progress, _group, _prepare, admit
from .cluster import StoryGrouper
from .model import load_model
from .models import StoryGrouping


def group_partitions(
    parts: list[Partition],
    *,
    executor: Executor,
    grouper: StoryGrouper | None = None,
    settings: Settings = DEFAULTS,
    progress: Progress | None = None,
    keep_text: bool = True,
) -> StoryGrouping:
    """Group the articles of ``parts`` (read, cleaned and featurized on ``executor``) into stories.

    Args:
        keep_text: bring the articles' text back to this process (for briefs and a state); without
            it ``articles`` holds each article's metadata with an empty text.

    Returns:
        The StoryGrouping :func:`newsbrief.stories.group_stories` gives for the same inputs.
    """
    grouper = grouper if grouper is not None else StoryGrouper(load_model(settings.stories_model), settings.stories_merge)
    read_errors: list[InputError] = []
    repeats: list[InputError] = []
    empty: list[InputError] = []
    known: list[str] = []
    seen: set[str] = set()
    fresh: list[Article] = []
    prepared = []
    jobs = [(part, settings, keep_text) for part in parts]
    for done, records in enumerate(executor.map(_read_and_prepare, jobs), start=1):
        for kind, article, result in records:
            if kind == "error":
                read_errors.append(result)
                continue
            verdict = admit(article, grouper, seen)
            if verdict == "known":
                known.append(article.id)
                continue
            if verdict != "new":
                repeats.append(verdict)
                continue
            fresh.append(article)
            if isinstance(result, InputError):
                empty.append(result)
            else:
                prepared.append(result)
        if progress is not None:
            progress("cleaning", done, len(jobs))
    return _group(prepared, fresh, grouper, read_errors + repeats + empty, known, progress)


def _read_and_prepare(job: tuple[Partition, Settings, bool]) -> list[tuple]:
    """On a worker: the partition's records, each ("error", None, error) or ("article", article, features)."""
    part, settings, keep_text = job
    out: list[tuple] = []
    for item in read_partition(part, settings.max_file_bytes):
        if isinstance(item, InputError):
            out.append(("error", None, item))
            continue
        articles = item.articles if isinstance(item, StoryInput) else (item,)
        for article in articles:
            result = _prepare(article, settings)
            out.append(("article", article if keep_text else replace(article, text=""), result))
        if isinstance(item, StoryInput):
            out.extend(("error", None, e) for e in item.errors)
    return out
