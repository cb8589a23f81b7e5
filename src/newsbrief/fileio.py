"""Writing output files safely: atomically, never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError


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
    of one; if writing fails the old file is left as it was.

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
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"{path}: cannot write: {reason}") from exc
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def check_output_path(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an output path that is an input file, or lies inside an input folder.

    Symbolic links, ``..`` and hard links are seen through, so no spelling of
    an input is ever overwritten. A new file inside an input folder is refused
    too: the next run over that folder would read it as an article.

    Raises:
        InputError: naming the output path and the input it would hit.
    """
    output = Path(output)
    target = output.resolve()
    for raw in inputs:
        source = Path(raw)
        if not source.exists():
            continue
        resolved = source.resolve()
        same = resolved == target or (output.exists() and _same_file(source, output))
        if same:
            raise InputError(f"{output}: refusing to write over an input; choose another -o path")
        if source.is_dir() and resolved in target.parents:
            raise InputError(f"{output}: refusing to write inside an input folder ({source}); choose another -o path")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
