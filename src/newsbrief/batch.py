"""Brief every story of a dataset file into a JSON Lines file, resumably, on all cores.

One output line per story, in input order::

    {"id": "...", "summary": "one sentence per line", "sentences": [...], "lang": "fr"}

where ``sentences`` are the same objects as ``summary.sentences`` of the
brief JSON (see ``brief.schema.json``) and ``lang`` the summary's language (issue 15). Each finished line is appended and
flushed to disk (fsync) before the next, so a killed run loses only stories
still in flight; run the same command again and stories already in the
output are skipped (a torn last line left by the kill is trimmed first).

A dataset line that cannot be used (bad JSON, missing fields, no text) is
reported as ``FILE:LINE: problem`` and the rest of the file still runs.
The dataset is only ever read.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError, InputError, NewsbriefError, UnsupportedFormat, WorkerLost
from .executor import Executor, executor_for
from .fileio import output_target, same_file
from .ingest import read_dataset
from .models import Article
from .settings import DEFAULTS, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch run did: stories written now, stories already done, problems met."""

    written: int
    skipped: int
    errors: tuple[str, ...] = ()
    # Documents dropped inside usable stories (e.g. archive stubs with no text left after cleaning).
    dropped: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class _Task:
    id: str
    articles: tuple[Article, ...]
    words: int | None
    # The full brief with story analysis on the line too (`batch --analysis`, issue 14).
    analysis: bool = False
    # Carried by each task (it is small): a worker process may serve runs with different settings.
    settings: Settings = DEFAULTS


@dataclass(frozen=True, slots=True)
class _Done:
    id: str
    line: str | None = None
    error: str | None = None
    dropped: tuple[str, ...] = field(default_factory=tuple)


# Every line batch writes starts like this (json.dumps of {"id": ...}); a torn last line is a prefix of one.
_LINE_START = b'{"id": '


def completed_ids(output: Path) -> set[str]:
    """Ids already in a batch output file, trimming a torn last line left by a killed run.

    The file is judged by its content: every complete line must be a batch
    output line, and text after the last newline is trimmed only when it is
    the unfinished start of one (it begins as our lines do and does not parse).
    A whole line that only lacks its newline is kept.

    Raises:
        InputError: the file is not batch output (we refuse to append to it or trim it).
    """
    if not output.exists():
        return set()
    if output.is_dir():
        raise InputError(f"{output}: is a folder; give a file path for the output")
    try:
        data = output.read_bytes()
    except OSError as exc:
        raise InputError(f"{output}: cannot read: {exc.strerror or exc}") from exc
    done: set[str] = set()
    *complete, tail = data.split(b"\n")
    for number, raw in enumerate(complete, start=1):
        if not raw.strip():
            continue
        story_id = _parse_output_line(raw)
        if story_id is None:
            raise UnsupportedFormat(
                f"{output}:{number}: not a `newsbrief batch` output line; refusing to append to this file"
            )
        done.add(story_id)
    if not tail.strip():
        return done
    story_id = _parse_output_line(tail)
    if story_id is None and not (tail.startswith(_LINE_START) and not _parses(tail)):
        raise UnsupportedFormat(
            f"{output}:{len(complete) + 1}: not a `newsbrief batch` output line; refusing to append to this file"
        )
    with open(output, "r+b") as handle:
        if story_id is not None:  # a whole line that only lacks its newline: keep it
            handle.seek(0, os.SEEK_END)
            handle.write(b"\n")
            done.add(story_id)
        else:
            # Each line is written whole with its newline, so the unfinished start of one
            # after the last newline is a line a killed run did not finish.
            log.info("%s: trimming an unfinished last line (%d bytes)", output, len(tail))
            handle.truncate(len(data) - len(tail))
        handle.flush()
        os.fsync(handle.fileno())
    return done


def _parses(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return True


def _parse_output_line(raw: bytes) -> str | None:
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(record, dict) and "id" in record and isinstance(record.get("summary"), str):
        return str(record["id"])
    return None


def _init_worker(settings: Settings, analysis: bool = False) -> None:
    """Load the sentence pipeline (and the full one for ``--analysis``) once per worker process, not once per story.

    Run through :func:`newsbrief.executor.ensure_setup`, once per process and arguments: it only
    loads models, and every task carries its own settings.
    """
    from .nlp import full_pipeline, sentence_pipeline

    sentence_pipeline()("Warm up the tokenizer.")
    if analysis and settings.analysis:
        full_pipeline()


def _brief_story(task: _Task) -> _Done:
    from .pipeline import brief_articles
    from .render import to_dict

    try:
        result = brief_articles(
            task.articles, words=task.words, settings=task.settings, story_id=task.id, analysis=task.analysis
        )
    except NewsbriefError as exc:
        return _Done(task.id, error=f"story {task.id}: {exc}")
    except Exception as exc:  # a bug on one story must not lose the rest of a long batch
        log.exception("story %s failed", task.id)
        return _Done(task.id, error=f"story {task.id}: internal error ({type(exc).__name__}: {exc}); please report it")
    if not result.summary.sentences:
        problem = "; ".join(result.errors) or "no sentence could be extracted"
        return _Done(task.id, error=f"story {task.id}: no summary ({problem})")
    data = to_dict(result)
    record = {"id": task.id, "summary": result.summary.text, "sentences": data["summary"]["sentences"],
              "lang": result.summary.lang}
    if task.analysis:
        record["brief"] = data  # brief.schema.json: the same object as `brief --format json`
    return _Done(task.id, line=json.dumps(record, ensure_ascii=False), dropped=tuple(result.errors))


def story_tasks(
    stories, done: set[str], words: int | None, errors: list[str], *, name: str, analysis: bool = False,
    settings: Settings = DEFAULTS,
) -> tuple[list[_Task], int]:
    """Tasks for the stories not in ``done``; bad lines and repeated ids go to ``errors``. Also run per partition."""
    tasks: list[_Task] = []
    seen: dict[str, str] = {}
    skipped = 0
    for story in stories:
        if not story.articles:
            errors.extend(str(e) for e in story.errors)
            if not story.errors:
                errors.append(f"{name}: story {story.id} has no documents")
            continue
        where = story.articles[0].path or name
        if story.id in seen:
            errors.append(f"{where}: story id {story.id!r} repeats line {seen[story.id].rsplit(':', 1)[-1]}; skipped")
            continue
        seen[story.id] = where
        errors.extend(str(e) for e in story.errors)
        if story.id in done:
            skipped += 1
            continue
        tasks.append(_Task(story.id, story.articles, words, analysis, settings))
    return tasks, skipped


def _results(tasks: list[_Task], executor: Executor, settings: Settings, analysis: bool) -> Iterator[_Done]:
    # Results come back in input order (map), so the output follows the dataset.
    try:
        yield from executor.map(_brief_story, tasks, setup=(_init_worker, settings, analysis))
    except WorkerLost as exc:
        raise NewsbriefError(
            f"a batch worker process died (killed, or out of memory?); {exc.lost} stories were not run: "
            "run the same command again to resume"
        ) from exc


def run_batch(
    dataset: Path,
    output: Path,
    *,
    words: int | None = None,
    processes: int | None = None,
    settings: Settings = DEFAULTS,
    on_start: Callable[[int], None] | None = None,
    on_story: Callable[[str, str | None], None] | None = None,
    analysis: bool = False,
    executor: Executor | None = None,
) -> BatchResult:
    """Brief every story of ``dataset`` into ``output`` (JSON Lines), skipping stories already there.

    Args:
        dataset: a JSONL file, one ``{"id", "documents": [...]}`` story per line.
        output: where to append one line per story; must not be the dataset.
        words: word budget per story; None picks one per story.
        processes: worker processes; None uses every core (when no ``executor`` is given).
        analysis: add the full brief with its story analysis to each line (key ``brief``).
        executor: where the stories run (:mod:`newsbrief.executor`); default a local pool of ``processes``.
        on_start: called once with the number of stories to run.
        on_story: called after each story with its id and its error (or None).

    Returns:
        A BatchResult; ``errors`` holds one ``FILE:LINE: problem`` message per
        unusable line or story.

    Raises:
        InputError: the dataset cannot be read, or the output is the dataset or
            not a batch output file.

    Example:
        >>> run_batch(Path("dev.jsonl"), Path("out.jsonl"), words=250)  # doctest: +SKIP
        BatchResult(written=103, skipped=0, ...)
    """
    started = time.perf_counter()
    dataset, output = Path(dataset), Path(output)
    if not dataset.exists():
        raise InputError(f"{dataset}: no such dataset file")
    if same_file(output, dataset) or Path(os.path.realpath(output)) == Path(os.path.realpath(dataset)):
        raise InputError(f"{output}: is the input dataset; choose another output path")
    target = output_target(output)
    if processes is None:
        processes = os.cpu_count() or 1
    if processes < 1:
        raise ConfigError(f"--processes must be at least 1, got {processes}")
    # A device or FIFO (/dev/null, /dev/stdout into a pipe) is streamed into: never read back, nothing to resume.
    done = set() if target.stream else completed_ids(target.path)
    errors: list[str] = []
    tasks, skipped = story_tasks(read_dataset(dataset, settings), done, words, errors, name=str(dataset),
                                 analysis=analysis, settings=settings)
    for problem in errors:
        if on_story is not None:
            on_story("", problem)
    if on_start is not None:
        on_start(len(tasks))
    written, dropped = 0, []
    try:
        if not target.stream:
            target.path.parent.mkdir(parents=True, exist_ok=True)
        # Append to a regular file (never truncate it); write into a stream as it is.
        handle = open(target.path, "w" if target.stream else "a", encoding="utf-8")
    except OSError as exc:
        raise NewsbriefError(f"{output}: cannot write the output: {exc.strerror or exc}") from exc
    own = executor is None
    executor = executor_for(processes=min(processes, max(1, len(tasks)))) if own else executor
    try:
        with handle:
            for result in _results(tasks, executor, settings, analysis):
                if result.line is not None:
                    try:
                        handle.write(result.line + "\n")
                        handle.flush()
                        if not target.stream:  # fsync means nothing on a device or pipe (/dev/null: EINVAL)
                            os.fsync(handle.fileno())
                    except OSError as exc:
                        raise NewsbriefError(f"{output}: cannot write the output: {exc.strerror or exc}") from exc
                    written += 1
                    dropped.extend(result.dropped)
                else:
                    errors.append(result.error)
                if on_story is not None:
                    on_story(result.id, result.error)
    finally:
        if own:
            executor.close()
    return BatchResult(
        written=written,
        skipped=skipped,
        errors=tuple(errors),
        dropped=tuple(dropped),
        seconds=time.perf_counter() - started,
    )
