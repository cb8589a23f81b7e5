"""`newsbrief stories`: read paths, group (optionally continuing a state), brief, write JSON Lines."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, NewsbriefError
from ..executor import Executor
from ..partitions import input_files, partition_size, plan
from ..fileio import check_output_path, write_output
from ..ingest import read_paths
from ..models import Article
from ..settings import DEFAULTS, Settings
from . import group_stories, story_brief
from .model import load_model
from .partitioned import group_partitions
from .models import Story, StoryGrouping
from .state import StoryStateDir

# (stage, done, total): stage is "cleaning", "grouping" or "briefing".
StageProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class StoriesRun:
    """What a `stories` run did: counts for the summary line, and the input errors."""

    stories: int
    touched: int
    articles: int
    briefed: int
    errors: tuple[str, ...]
    seconds: float
    # Input articles already in the --state from earlier runs: skipped, not errors.
    already_grouped: int = 0


def run_stories(
    paths: Iterable[str | Path],
    output: str | Path,
    *,
    state: str | Path | None = None,
    briefs: bool = True,
    settings: Settings = DEFAULTS,
    progress: StageProgress | None = None,
    executor: Executor | None = None,
) -> StoriesRun:
    """Group the articles under ``paths`` into stories and write one JSON line per story.

    With ``state``, the run continues the stream saved there: new articles
    join existing stories or open new ones, the output lists every story of
    the stream, and the state moves to the next version only after the
    output is written. Unchanged stories reuse their cached brief.

    With ``executor`` (a local pool or a Dask cluster, :mod:`newsbrief.executor`), the per-article
    cleaning and features and the per-story briefs run there; the grouping pass runs here on the
    compact features, so the stories are the same as a one-machine run's.

    Raises:
        StoreError: the state directory is corrupt or in use by another run.
        NewsbriefError: no usable article at all.
    """
    start = time.perf_counter()
    paths = list(paths)
    check_output_path(output, paths)  # before the work: a refused -o must not cost a long run
    if state is not None and Path(state).resolve() in Path(output).resolve().parents:
        raise NewsbriefError(f"{output}: is inside the --state folder {state}; write the stories elsewhere")
    parts = _partitions(paths, executor)

    def group(grouper=None):
        if parts is not None:  # JSON Lines inputs on an executor: the workers read them too
            return group_partitions(parts, executor=executor, grouper=grouper, settings=settings, progress=progress,
                                    keep_text=briefs or state is not None)
        return group_stories(read_paths(paths, settings), grouper=grouper, settings=settings, progress=progress,
                             executor=executor)

    if state is None:
        grouping = group()
        _require_articles(grouping)
        records, briefed = _briefs(grouping, grouping.articles, {}, briefs, settings, progress, executor)
        _write(output, grouping.stories, records)
    else:
        with StoryStateDir(state, load_model(settings.stories_model), settings.stories_merge) as saved:
            grouping = group(saved.grouper)
            _require_articles(grouping)
            cached = saved.briefs()
            needed = _stale(grouping.stories, cached) if briefs else set()
            known = dict(grouping.articles)
            missing = {a for s in grouping.stories if s.id in needed for a in s.articles if a not in known}
            if missing:
                known.update(saved.articles(missing))
            records, briefed = _briefs(grouping, known, cached, briefs, settings, progress, executor)
            _write(output, grouping.stories, records)
            keep = records if briefs else {k: v for k, v in cached.items() if k not in grouping.touched}
            saved.commit(saved.grouper, grouping.articles, keep)
    return StoriesRun(
        stories=len(grouping.stories),
        touched=len(grouping.touched),
        articles=len(grouping.articles),
        briefed=briefed,
        errors=tuple(str(e) for e in grouping.errors),
        seconds=time.perf_counter() - start,
        already_grouped=len(grouping.known),
    )


def _partitions(paths: list, executor: Executor | None):
    """Partitions of the inputs when an executor is given and every input is a JSON Lines file (or glob,
    or folder of them); else None: folders of .txt/.html, or this process, read as before."""
    if executor is None or any(Path(p).is_dir() for p in paths):
        return None
    try:
        files = input_files(paths)
    except InputError:
        return None
    return plan(files, partition_size(files, executor.workers), executor)


def story_record(story: Story, brief: dict | None = None) -> dict:
    """One output line: the story and, unless grouping only, its brief."""
    record = {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "duplicates": [list(g) for g in story.duplicates],
    }
    if brief is not None:
        record["brief"] = brief
    return record


def _require_articles(grouping: StoryGrouping) -> None:
    if not grouping.stories:
        raise NewsbriefError(
            "no usable article in the input"
            + (f" ({len(grouping.errors)} unusable: {grouping.errors[0]})" if grouping.errors else "")
        )


def _stale(stories: tuple[Story, ...], cached: dict[str, dict]) -> set[str]:
    return {s.id for s in stories if s.id not in cached or tuple(cached[s.id]["articles"]) != s.articles}


def _briefs(grouping, articles: dict[str, Article], cached: dict[str, dict], enabled: bool, settings, progress,
            executor: Executor | None = None):
    """Brief records by story id (cached ones reused), and how many were made now."""
    if not enabled:
        return {}, 0
    records, stale = {}, _stale(grouping.stories, cached)
    todo = [s for s in grouping.stories if s.id in stale]
    for story in grouping.stories:
        if story.id not in stale:
            records[story.id] = cached[story.id]
    # Each task carries only its story's articles: a cluster worker needs nothing else.
    jobs = [(s, {a: articles[a] for a in s.articles if a in articles}, settings) for s in todo]
    results = executor.map(_brief_job, jobs, setup=(_warm,)) if executor is not None else map(_brief_job, jobs)
    made = 0
    for story, brief in zip(todo, results):
        records[story.id] = {"story": story.id, "articles": list(story.articles), "brief": brief}
        made += 1
        if progress is not None:
            progress("briefing", made, len(stale))
    return records, made


def _warm() -> None:
    from ..nlp import sentence_pipeline

    sentence_pipeline()("Warm up the tokenizer.")


def _brief_job(job: tuple[Story, dict[str, Article], Settings]) -> dict:
    story, articles, settings = job
    return story_brief(story, articles, settings=settings)


def _write(output: str | Path, stories: tuple[Story, ...], records: dict[str, dict]) -> None:
    lines = []
    for story in stories:
        brief = records[story.id]["brief"] if story.id in records else None
        lines.append(json.dumps(story_record(story, brief), ensure_ascii=False) + "\n")
    write_output(output, "".join(lines))
