"""`batch -o OUT/`: many inputs briefed into a folder of part files plus a manifest (issue 14).

Each input partition (:mod:`newsbrief.partitions`) is one task: a worker reads its lines, briefs
its stories and writes ``part-NNNNN.jsonl`` (the same lines as ``batch -o FILE``, in input order)
and ``part-NNNNN.ids`` atomically (temporary file + rename), so a part is whole or absent and a
task run twice (its worker died after writing) writes the same file again. The client only plans,
records finished parts in ``manifest.json`` (atomically, at most every MANIFEST_EVERY_S seconds
and at the end) and, once every part is in, drops story ids that repeat an earlier part's. So
``cat OUT/part-*.jsonl`` is the whole result in input order without duplicates, whatever happened
during the run, and a re-run of the same command does only the parts that are missing.

The workers need the inputs and OUT/ at the same paths (a shared file system), as Dask clusters
usually have.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import batch
from .errors import InputError, NewsbriefError, UnsupportedFormat
from .executor import Executor, executor_for
from .fileio import write_atomic
from .partitions import Partition, file_signature, input_files, partition_size, plan, read_stories
from .settings import DEFAULTS, Settings

MANIFEST = "manifest.json"
FORMAT = "newsbrief batch folder"
VERSION = 1
# The manifest is rewritten at most this often (and at the end): with 10,000s of parts, not per part.
MANIFEST_EVERY_S = 2.0


@dataclass(frozen=True, slots=True)
class PartJob:
    partition: Partition
    folder: str
    part: str
    words: int | None
    analysis: bool
    settings: Settings


@dataclass(frozen=True, slots=True)
class PartDone:
    """What one finished part holds: story count, the input's problems, dropped documents."""

    index: int
    stories: int
    errors: tuple[str, ...]
    dropped: int
    seconds: float


@dataclass(frozen=True, slots=True)
class FolderResult:
    """A folder run: parts done now / before, stories written now, every error of the whole input."""

    parts: int
    parts_done_now: int
    parts_done_before: int
    stories: int
    errors: tuple[str, ...]
    errors_now: tuple[str, ...]
    dropped: int
    seconds: float
    complete: bool


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def is_folder_output(output: str | Path) -> bool:
    """``-o OUT/`` (a trailing slash) or an existing folder asks for a folder of parts."""
    return str(output).endswith(("/", os.sep)) or Path(output).is_dir()


def run_batch_folder(
    inputs: Iterable[str | Path],
    folder: str | Path,
    *,
    words: int | None = None,
    analysis: bool = False,
    settings: Settings = DEFAULTS,
    executor: Executor | None = None,
    partition_bytes: int | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    on_part: Callable[[PartDone], None] | None = None,
) -> FolderResult:
    """Brief every story of ``inputs`` (files, folders, globs; .jsonl / .jsonl.gz) into ``folder``.

    Args:
        executor: where the parts run; default this process.
        partition_bytes: input bytes per task (plain files; a .gz file is one task); None: sized
            from the input and the executor's workers (at most ``partitions.PARTITION_BYTES``).
        on_plan: called with (parts in all, parts already done) before any briefing.
        on_part: called as each part finishes.

    Returns:
        A FolderResult; ``errors`` holds every ``FILE:LINE: problem`` of the input (also from
        earlier runs), ``errors_now`` those of the parts run now.

    Raises:
        InputError: an input is missing or not a dataset, the folder is not ours or holds a run
            of other inputs or options.
        ClusterError: the Dask scheduler went away (finished parts are kept).

    Example:
        >>> run_batch_folder(["crawl/2026-*.jsonl.gz"], "out/")  # doctest: +SKIP
    """
    started = time.perf_counter()
    files = input_files(inputs)
    folder = Path(folder)
    _check_folder(folder, files)
    own = executor is None
    executor = executor_for(processes=1) if own else executor
    if partition_bytes is None:
        partition_bytes = partition_size(files, executor.workers)
    try:
        manifest = _load_or_plan(folder, files, words, analysis, settings, partition_bytes, executor)
        entries = manifest["parts"]
        todo = [e for e in entries if not (e["done"] and (folder / e["part"]).is_file())]
        before = len(entries) - len(todo)
        for entry in todo:
            entry["done"] = False
        if todo:
            manifest["complete"] = False  # a redone part must pass the duplicate check again
        if on_plan is not None:
            on_plan(len(entries), before)
        jobs = [PartJob(_partition(e), str(folder), e["part"], words, analysis, settings) for e in todo]
        errors_now: list[str] = []
        stories_now = dropped_now = 0
        last_write = time.monotonic()
        try:
            for i, done in executor.as_completed(_brief_part, jobs, setup=(batch._init_worker, settings, analysis)):
                entry = todo[i]
                entry.update(done=True, stories=done.stories, errors=list(done.errors), dropped=done.dropped)
                errors_now.extend(done.errors)
                stories_now += done.stories
                dropped_now += done.dropped
                if on_part is not None:
                    on_part(done)
                if time.monotonic() - last_write >= MANIFEST_EVERY_S:
                    _write_manifest(folder, manifest)
                    last_write = time.monotonic()
        finally:
            _write_manifest(folder, manifest)  # whatever finished is kept for the re-run
        complete = all(e["done"] for e in entries)
        if complete and not manifest.get("complete"):
            errors_now.extend(_drop_repeats(folder, entries))
            manifest["complete"] = True
            _write_manifest(folder, manifest)
    finally:
        if own:
            executor.close()
    return FolderResult(
        parts=len(entries),
        parts_done_now=len(todo),
        parts_done_before=before,
        stories=stories_now,
        errors=tuple(e for entry in entries for e in entry["errors"]),
        errors_now=tuple(errors_now),
        dropped=dropped_now,
        seconds=time.perf_counter() - started,
        complete=complete,
    )


def _check_folder(folder: Path, files: list[Path]) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder; `-o OUT/` writes a folder of parts")
    real = Path(os.path.realpath(folder))
    for path in files:
        if real in Path(os.path.realpath(path)).parents:
            raise InputError(f"{folder}: holds the input {path}; write the parts elsewhere")


def _options(words, analysis, settings: Settings, partition_bytes: int) -> dict:
    # What shapes the output; `processes` does not (a re-run may use another pool or a cluster).
    # Nor do the partitions: a resumed run keeps the plan saved in the manifest.
    kept = {k: v for k, v in asdict(settings).items() if k != "processes"}
    return {"words": words, "analysis": analysis, "settings": kept}


def _load_or_plan(folder, files, words, analysis, settings, partition_bytes, executor) -> dict:
    path = folder / MANIFEST
    inputs = [file_signature(f) for f in files]
    options = _options(words, analysis, settings, partition_bytes)
    if path.exists():
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UnsupportedFormat(f"{path}: not a readable batch manifest ({exc}); refusing to touch {folder}") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise UnsupportedFormat(f"{path}: not a `newsbrief batch` manifest; refusing to touch {folder}")
        if manifest.get("inputs") != inputs or manifest.get("options") != options:
            raise InputError(
                f"{folder}: holds a run over other inputs or options (see {MANIFEST}); "
                "give the same command to resume it, or another folder"
            )
        for stale in folder.glob(".part-*.tmp"):  # left by a worker killed while writing
            stale.unlink(missing_ok=True)
        return manifest
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(f"{folder}: is not empty and holds no {MANIFEST}; give an empty or new folder")
    # Line numbers for messages: each split partition counts its newlines (on the workers, in parallel).
    parts = plan(files, partition_bytes, executor)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "options": options,
        "partition_bytes": partition_bytes,
        "inputs": inputs,
        "complete": False,
        "parts": [
            {"part": part_name(p.index), "input": p.path, "start": p.start, "end": p.end, "first_line": p.first_line,
             "done": False, "stories": 0, "errors": [], "dropped": 0}
            for p in parts
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    _write_manifest(folder, manifest)
    return manifest


def _partition(entry: dict) -> Partition:
    index = int(entry["part"].removeprefix("part-").removesuffix(".jsonl"))
    return Partition(index, entry["input"], entry["start"], entry["end"], entry["first_line"])


def _write_manifest(folder: Path, manifest: dict) -> None:
    write_atomic(folder / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


def _brief_part(job: PartJob) -> PartDone:
    """On a worker: read one partition, brief its stories, write the part (and its ids) atomically."""
    started = time.perf_counter()
    settings = job.settings
    errors: list[str] = []
    try:
        stories = list(read_stories(job.partition, settings.max_file_bytes))
    except NewsbriefError as exc:
        stories = []
        errors.append(str(exc))
    tasks, _ = batch.story_tasks(stories, set(), job.words, errors, name=job.partition.path, analysis=job.analysis,
                                 settings=settings)
    lines, ids, dropped = [], [], 0
    lines_of = {s.id: s.articles[0].path for s in stories if s.articles}
    for task in tasks:
        done = batch._brief_story(task)
        if done.line is None:
            errors.append(done.error)
            continue
        lines.append(done.line + "\n")
        ids.append(json.dumps([done.id, lines_of.get(done.id)], ensure_ascii=False) + "\n")
        dropped += len(done.dropped)
    folder = Path(job.folder)
    # The ids first: a part is complete only when its .jsonl exists, and then its ids are there too.
    write_atomic(folder / job.part.replace(".jsonl", ".ids"), "".join(ids))
    write_atomic(folder / job.part, "".join(lines))
    return PartDone(job.partition.index, len(lines), tuple(errors), dropped, time.perf_counter() - started)


def _drop_repeats(folder: Path, entries: list[dict]) -> list[str]:
    """Story ids that repeat an earlier part's: reported as local batch does, and removed from the later part."""
    first: dict[str, str] = {}
    problems: list[str] = []
    for entry in entries:
        ids_path = folder / entry["part"].replace(".jsonl", ".ids")
        rows = [json.loads(line) for line in ids_path.read_text(encoding="utf-8").split("\n") if line]
        repeated = set()
        for story_id, where in rows:
            if story_id in first:
                repeated.add(story_id)
                message = f"{where}: story id {story_id!r} repeats line {first[story_id].rsplit(':', 1)[-1]}; skipped"
                problems.append(message)
                entry["errors"].append(message)
            else:
                first[story_id] = where or ""
        if repeated:
            part = folder / entry["part"]
            # At "\n" only: a line's JSON may hold U+0085 or U+2028, where str.splitlines would cut it.
            kept = [line + "\n" for line in part.read_text(encoding="utf-8").split("\n")
                    if line and json.loads(line)["id"] not in repeated]
            write_atomic(ids_path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows
                                           if r[0] not in repeated))
            write_atomic(part, "".join(kept))
            entry["stories"] = len(kept)
    return problems
