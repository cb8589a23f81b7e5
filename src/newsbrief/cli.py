"""The `newsbrief` command line: Typer + Rich, no logic of its own.

Every NewsbriefError becomes one red line on stderr and exit status 1; a run
whose inputs were partly unusable still writes its output and exits 1.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from .errors import NewsbriefError
from .fileio import write_atomic
from .settings import load_settings

app = typer.Typer(
    name="newsbrief",
    help="A checkable brief from many news articles about one story.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)


@app.callback()
def _root() -> None:
    """A checkable brief from many news articles about one story."""


class Format(str, Enum):
    md = "md"
    json = "json"
    html = "html"


def fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)


def report_errors(errors) -> None:
    for problem in errors:
        fail(str(problem))


def guard_output(output: Optional[Path], inputs: list[Path]) -> None:
    """Refuse to write over an input file."""
    if output is None:
        return
    resolved = output.resolve()
    for p in inputs:
        p = Path(p)
        if p.exists() and (p.resolve() == resolved or (p.is_dir() and p.resolve() in resolved.parents and resolved.exists())):
            raise NewsbriefError(f"{output}: refusing to write over an input; choose another -o path")


Paths = Annotated[list[Path], typer.Argument(help="Article files (.txt, .html), folders, or a dataset .jsonl.")]
Words = Annotated[Optional[int], typer.Option("--words", "-w", min=1, help="Word budget (default: a tenth of the input, 80–250).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout (atomically).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]


@app.command()
def brief(
    paths: Paths,
    words: Words = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="md (default), json or html.")] = Format.md,
    output: Output = None,
    story: Annotated[Optional[str], typer.Option(help="Which story of a dataset .jsonl to brief.")] = None,
    settings_file: Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding settings.")] = None,
    quiet: Quiet = False,
) -> None:
    """Summarize one story: every sentence cites the articles that report it."""
    from .pipeline import brief as make_brief
    from .render import RENDERERS

    try:
        guard_output(output, paths)
        settings = load_settings(settings_file)
        result = make_brief(paths, words=words, story=story, settings=settings)
        if not result.articles:
            report_errors(result.errors)
            raise NewsbriefError("no usable article in the input")
        text = RENDERERS[format.value](result)
        if output:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
        report_errors(result.errors)
    except NewsbriefError as exc:
        fail(str(exc))
        raise typer.Exit(1) from None
    if result.errors:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
