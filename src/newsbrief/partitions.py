"""Big JSON Lines inputs in partitions that workers read themselves (issue 14).

A plain ``.jsonl`` file is cut into byte ranges of about ``partition_bytes``; a partition holds
the lines that *start* in its range, so every line belongs to exactly one partition whatever the
cut. Gzip cannot be entered mid-stream, so a ``.jsonl.gz`` file is one partition (archives ship as
many files, one per day or crawl segment). Line numbers for error messages come from a first,
cheap pass in which each partition counts its newlines (on the workers too); the client never
reads an input whole.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, UnreadableFile
from .ingest import DATASET_SUFFIXES, StoryInput, as_story, jsonl_records
from .models import Article

GZIP_SUFFIXES = tuple(f"{s}.gz" for s in sorted(DATASET_SUFFIXES))


@dataclass(frozen=True, slots=True)
class Partition:
    """The lines of ``path`` that start at a byte offset in [start, end); ``end`` None: to the end."""

    index: int
    path: str
    start: int
    end: int | None
    first_line: int = 1


def is_gzip(path: str | Path) -> bool:
    return str(path).lower().endswith(GZIP_SUFFIXES)


def input_files(patterns: Iterable[str | Path]) -> list[Path]:
    """The dataset files named: each pattern a file, a folder (its .jsonl / .jsonl.gz files) or a glob.

    Files keep the order given; a glob or folder adds its matches in sorted order.

    Raises:
        InputError: a pattern matches nothing, or a file is not .jsonl / .jsonl.gz.
    """
    files: list[Path] = []
    for raw in patterns:
        text = str(raw)
        if Path(text).is_dir():
            found = sorted(p for p in Path(text).rglob("*") if p.is_file() and _is_dataset(p)
                           and not any(part.startswith(".") for part in p.relative_to(text).parts))
        elif glob.has_magic(text) and not Path(text).exists():
            found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        else:
            found = [Path(text)]
        if not found:
            raise InputError(f"{text}: matches no dataset file (.jsonl or .jsonl.gz)")
        for path in found:
            if not path.exists():
                raise InputError(f"{path}: no such dataset file")
            if not _is_dataset(path):
                raise InputError(f"{path}: not a dataset file; batch reads .jsonl and .jsonl.gz")
            files.append(path)  # named twice is read twice, as a local run does (its ids then repeat)
    return files


def _is_dataset(path: Path) -> bool:
    return path.suffix.lower() in DATASET_SUFFIXES or is_gzip(path)


def cut(files: Iterable[Path], partition_bytes: int) -> list[Partition]:
    """Byte ranges of about ``partition_bytes`` (one per gzip file); ``first_line`` not yet known."""
    parts: list[Partition] = []
    for path in files:
        size = path.stat().st_size
        if is_gzip(path) or size <= partition_bytes:
            parts.append(Partition(len(parts), str(path), 0, None))
            continue
        for start in range(0, size, partition_bytes):
            end = start + partition_bytes
            parts.append(Partition(len(parts), str(path), start, None if end >= size else end))
    return parts


def count_newlines(part: Partition) -> int:
    """Newlines at offsets [start - 1, end - 1): with the ones before, they number the partition's lines."""
    low = max(0, part.start - 1)
    high = None if part.end is None else part.end - 1
    count = 0
    with open(part.path, "rb") as handle:
        handle.seek(low)
        remaining = None if high is None else high - low
        while remaining is None or remaining > 0:
            block = handle.read(1 << 20 if remaining is None else min(1 << 20, remaining))
            if not block:
                break
            count += block.count(b"\n")
            if remaining is not None:
                remaining -= len(block)
    return count


def number(parts: list[Partition], counts: list[int]) -> list[Partition]:
    """Give each partition its first line number from the newline counts of :func:`count_newlines`."""
    out, before, path = [], 0, None
    for part, count in zip(parts, counts):
        if part.path != path:
            path, before = part.path, 0
        first = 1 if part.start == 0 else 2 + before
        out.append(Partition(part.index, part.path, part.start, part.end, first))
        before += count
    return out


# Input bytes per task, at most. A Multi-News story is ~12 KB, so 1 MiB is ~80 stories, ~5 s of one
# core: the scheduler's few milliseconds per task stay far below 1 % (BENCHMARKS.md, "Batch and
# stories on a cluster"). A small input is cut finer, into about TASKS_PER_WORKER tasks per worker (at
# least MIN_PARTITION_BYTES each), so every worker has work and a slow task does not hold up the end.
PARTITION_BYTES = 1 << 20
MIN_PARTITION_BYTES = 64 << 10
TASKS_PER_WORKER = 4


def partition_size(files: Iterable[Path], workers: int) -> int:
    """Bytes per partition for these inputs on ``workers`` workers (see PARTITION_BYTES)."""
    total = sum(f.stat().st_size for f in files)
    return max(MIN_PARTITION_BYTES, min(PARTITION_BYTES, total // (TASKS_PER_WORKER * max(1, workers))))


def plan(files: list[Path], partition_bytes: int, executor) -> list[Partition]:
    """The partitions of ``files``, numbered: split files count their newlines on ``executor``'s workers."""
    parts = cut(files, partition_bytes)
    counted = [p for p in parts if p.end is not None or p.start > 0]
    counts = dict.fromkeys(range(len(parts)), 0)
    for i, n in executor.as_completed(count_newlines, counted):
        counts[counted[i].index] = n
    return number(parts, [counts[p.index] for p in parts])


def read_partition(part: Partition, max_line_bytes: int) -> Iterator[StoryInput | Article | InputError]:
    """The records of one partition, as :func:`newsbrief.ingest.read_jsonl` gives them (``FILE:LINE`` errors)."""
    yield from jsonl_records(part.path, _numbered_lines(part, max_line_bytes))


def read_stories(part: Partition, max_line_bytes: int) -> Iterator[StoryInput]:
    """The dataset stories of one partition (feed lines and bad lines become stories with one error)."""
    for item in read_partition(part, max_line_bytes):
        yield as_story(item, part.path)


def _numbered_lines(part: Partition, max_line_bytes: int) -> Iterator[tuple[int, str]]:
    opener = gzip.open if is_gzip(part.path) else open
    try:
        handle = opener(part.path, "rb")
    except OSError as exc:
        raise UnreadableFile(f"{part.path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        if part.start > 0:
            handle.seek(part.start - 1)
            handle.readline()  # the rest of a line that started in the previous partition
        number = part.first_line
        while part.end is None or handle.tell() < part.end:
            try:
                raw = handle.readline(max_line_bytes + 1)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                yield number, UnreadableFile(f"{part.path}:{number}: cannot read: {exc}")
                return
            if not raw:
                return
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the over-long line
                    raw = handle.readline(1 << 20)
                yield number, UnreadableFile(
                    f"{part.path}:{number}: line over {max_line_bytes} bytes (max_file_bytes); skipped"
                )
                number += 1
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield number, raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                yield number, UnreadableFile(f"{part.path}:{number}: not valid UTF-8 (byte {exc.start}); skipped")
            number += 1


def file_signature(path: Path) -> dict:
    """What identifies an input for a resumed run: its absolute path, size and modification time."""
    stat = path.stat()
    return {"path": os.path.abspath(path), "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}
