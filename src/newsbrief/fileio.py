"""Writing output files safely: atomically, never over an input, never over a file we did not write.

The promise (issue 9): an ``-o`` path never costs the user data.

- an existing regular file is replaced only when its content is newsbrief
  output (:func:`is_newsbrief_output`) or it is empty; anything else is refused;
- an input is never the output, through any spelling, symbolic link or hard
  link (compared by device and inode);
- a character device or FIFO (``/dev/null``, ``/dev/stdout`` into a pipe) is
  written into as a stream: never renamed over, never read, never truncated;
- a regular file is written to a temporary file beside it and renamed into
  place, so a reader or a killed run sees the old file or the new one.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# Markers our Markdown and HTML renderers write (render.py), so a later run knows the file is ours.
MARKDOWN_MARK = "[//]: # (written by newsbrief)"
HTML_GENERATOR = '<meta name="generator" content="newsbrief">'
# An existing output larger than this is not read to check it; it is refused (nothing we write is this big).
MAX_CHECKED_BYTES = 2**30


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """Where an ``-o`` path really writes.

    ``path`` has symbolic links followed (the link stays, its target is
    written); ``stream`` is true for a character device or FIFO, which is
    written into and never replaced; ``exists`` says whether a regular file is
    already there.
    """

    path: Path
    stream: bool
    exists: bool


def output_target(output: str | Path) -> OutputTarget:
    """Classify an output path before anything is written.

    Raises:
        InputError: the path is a folder, a block device or socket, or cannot be looked at.
    """
    output = Path(output)
    try:
        info = os.stat(output)
    except (FileNotFoundError, NotADirectoryError):  # the writer reports a parent that is not a folder
        return OutputTarget(Path(os.path.realpath(output)), stream=False, exists=False)
    except OSError as exc:
        raise InputError(f"{output}: cannot write: {_reason(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{output}: cannot write: is a folder; give a file path for the output")
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return OutputTarget(output, stream=True, exists=True)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{output}: cannot write: not a regular file, character device or FIFO; refusing to touch it")
    return OutputTarget(Path(os.path.realpath(output)), stream=False, exists=True)


def is_newsbrief_output(data: bytes) -> bool:
    """Whether a file's bytes are something newsbrief wrote, so replacing them loses nothing of the user's.

    Recognized by content: our Markdown (its closing marker line), our HTML
    page (its generator tag), brief/analysis JSON (``schema_version`` and
    ``summary``), ``eval --json`` scores, and JSON Lines whose every line is a
    ``batch`` or ``stories`` record. An empty file holds nothing to lose.
    """
    if not data.strip():
        return True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if text.rstrip().endswith(MARKDOWN_MARK):
        return True
    if text.lstrip().lower().startswith("<!doctype html>") and HTML_GENERATOR in text[:4096]:
        return True
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict) and (
        {"schema_version", "summary"} <= whole.keys() or {"dataset", "words", "systems"} <= whole.keys()
    ):
        return True
    lines = [line for line in text.split("\n") if line.strip()]
    return all(_is_record_line(line) for line in lines)


def _is_record_line(line: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return False
    if not isinstance(record, dict) or "id" not in record:
        return False
    return isinstance(record.get("summary"), str) or {"articles", "duplicates"} <= record.keys()


def check_replaceable(target: OutputTarget, output: str | Path) -> None:
    """Refuse an existing regular file that is not newsbrief output.

    Raises:
        InputError: naming the path and what to do.
    """
    if target.stream or not target.exists:
        return
    try:
        size = target.path.stat().st_size
        data = b"" if size > MAX_CHECKED_BYTES else target.path.read_bytes()
    except OSError as exc:
        raise InputError(f"{output}: cannot check the existing file: {_reason(exc)}") from exc
    if size > MAX_CHECKED_BYTES or not is_newsbrief_output(data):
        raise InputError(
            f"{output}: exists and is not newsbrief output; refusing to overwrite it "
            "(choose another -o path, or delete the file first)"
        )


def write_output(output: str | Path, text: str) -> None:
    """Write a user's ``-o`` file under the promise in this module's docstring.

    Raises:
        InputError: the path is refused or cannot be written.

    Example:
        >>> write_output("out/brief.md", render_markdown(b))  # doctest: +SKIP
    """
    target = output_target(output)
    if target.stream:
        write_stream(target.path, text)
        return
    check_replaceable(target, output)
    write_atomic(target.path, text)


def write_stream(path: Path, text: str) -> None:
    """Write into a character device or FIFO: no create, no truncate, no rename, no fsync.

    Raises:
        InputError: the text cannot be encoded or the device refuses it.
    """
    try:
        data = text.encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except (OSError, UnicodeError) as exc:
        raise InputError(f"{path}: cannot write: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename.

    A reader (or a killed run) sees the old file or the new one, never half
    of one; if writing fails the old file is left as it was. This is the raw
    primitive (state files use it); a user's ``-o`` goes through :func:`write_output`.

    Raises:
        InputError: the path cannot be written (a folder, no permission, disk full).

    Example:
        >>> write_atomic("out/brief.md", "# Brief\\n")  # doctest: +SKIP
    """
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        # mkstemp makes the file private (0600); give it the mode a plain open() would:
        # the old file's mode, else 0666 less the umask.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except (OSError, UnicodeError) as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {_reason(exc)}") from exc
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: same device and inode (hard links and symlinks included)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_output_path(output: str | Path, inputs: Iterable[str | Path], *, replace_ours: bool = True) -> None:
    """Refuse an output path that is an input file, lies inside an input folder, or is not ours to replace.

    Symbolic links, ``..`` and hard links are seen through (files are compared
    by device and inode, also against every file under an input folder), so
    no spelling of an input is ever overwritten. A new file inside an input
    folder is refused too: the next run over that folder would read it as an
    article. With ``replace_ours`` an existing regular file must also be
    newsbrief output (:func:`check_replaceable`).

    Raises:
        InputError: naming the output path and the input it would hit.
    """
    target = output_target(output)
    if target.stream:
        return  # a device or FIFO is written into, never replaced: no input can be lost through it
    for raw in inputs:
        source = Path(raw)
        try:
            is_dir = source.is_dir()
            resolved = source.resolve()
        except (OSError, RuntimeError):
            continue  # an input we cannot look at is reported by the reader
        if resolved == target.path or (target.exists and same_file(source, target.path)):
            raise InputError(f"{output}: refusing to write over an input; choose another -o path")
        if is_dir and resolved in target.path.parents:
            raise InputError(f"{output}: refusing to write inside an input folder ({source}); choose another -o path")
        if is_dir and target.exists and _holds_inode(source, target.path):
            raise InputError(f"{output}: is a hard link to a file in the input folder {source}; choose another -o path")
    if replace_ours:
        check_replaceable(target, output)


def _holds_inode(folder: Path, path: Path) -> bool:
    """Whether any file under ``folder`` is ``path`` by device and inode (no symlinked folders followed)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    if info.st_nlink < 2:
        return False  # a single name cannot also sit in the input folder (that was checked by path)
    key = (info.st_dev, info.st_ino)
    pending = [folder]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(Path(entry.path))
                        elif (s := entry.stat()) and (s.st_dev, s.st_ino) == key:
                            return True
                    except OSError:
                        continue
        except OSError:
            continue
    return False
