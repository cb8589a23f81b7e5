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
from .fileio import check_output_path, write_atomic
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
    """Refuse to write over an input file or inside an input folder (see fileio.check_output_path)."""
    if output is not None:
        check_output_path(output, inputs)


Paths = Annotated[list[Path], typer.Argument(help="Article files (.txt, .html), folders, or a dataset .jsonl.")]
Words = Annotated[Optional[int], typer.Option("--words", "-w", min=1, help="Word budget (default: a tenth of the input, 80–250).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout (atomically).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]
NoAnalysis = Annotated[bool, typer.Option("--no-analysis", help="Summary only: no entities, quotes, figures, timeline (faster).")]
KeepOffStory = Annotated[bool, typer.Option("--keep-off-story", help="Summarize articles analysis judges off-story too.")]
Processes = Annotated[Optional[int], typer.Option("--processes", "-p", min=1, help="Worker processes for the spaCy parse (default 1).")]


@app.command()
def brief(
    paths: Paths,
    words: Words = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="md (default), json or html.")] = Format.md,
    output: Output = None,
    story: Annotated[Optional[str], typer.Option(help="Which story of a dataset .jsonl to brief.")] = None,
    settings_file: Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding settings.")] = None,
    quiet: Quiet = False,
    no_analysis: NoAnalysis = False,
    keep_off_story: KeepOffStory = False,
    processes: Processes = None,
) -> None:
    """Summarize one story: every sentence cites the articles that report it."""
    from .render import RENDERERS

    _run_story(
        paths, output, story, words, RENDERERS[format.value],
        settings_file=settings_file,
        analysis=False if no_analysis else None, keep_off_story=keep_off_story or None, processes=processes,
    )


def _run_story(paths, output, story, words, render, *, settings_file, **overrides) -> None:
    """Read, brief and render one story for `brief` and `analyze`; one red line per problem."""
    from .pipeline import brief as make_brief

    try:
        guard_output(output, paths)
        settings = load_settings(settings_file, **overrides)
        result = make_brief(paths, words=words, story=story, settings=settings)
        if not result.articles:
            report_errors(result.errors)
            raise NewsbriefError("no usable article in the input")
        text = render(result)
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


@app.command()
def analyze(
    paths: Paths,
    format: Annotated[Format, typer.Option("--format", "-f", help="md (default), json or html.")] = Format.md,
    output: Output = None,
    story: Annotated[Optional[str], typer.Option(help="Which story of a dataset .jsonl to analyze.")] = None,
    settings_file: Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding settings.")] = None,
    keep_off_story: KeepOffStory = False,
    processes: Processes = None,
) -> None:
    """Analyze one story: entities, quotes, figures, timeline, off-story articles, coverage."""
    from .render import render_html, render_json, render_markdown

    renderers = {
        Format.json: render_json,
        Format.md: lambda b: render_markdown(b, summary=False),
        Format.html: lambda b: render_html(b, summary=False),
    }
    _run_story(
        paths, output, story, None, renderers[format],
        settings_file=settings_file, analysis=True, keep_off_story=keep_off_story or None, processes=processes,
    )


def _progress(quiet: bool):
    """A Rich progress bar on stderr (a no-op when quiet)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # auto_refresh off: no display thread running while batch forks its workers.
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet, auto_refresh=False, transient=False,
    )


@app.command()
def batch(
    dataset: Annotated[Path, typer.Argument(help="Dataset .jsonl: one {\"id\", \"documents\": [...]} story per line.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output .jsonl; stories already in it are skipped.")],
    words: Annotated[Optional[int], typer.Option("--words", "-w", min=1, help="Word budget per story (default: per story, 80–250).")] = None,
    processes: Annotated[Optional[int], typer.Option("--processes", "-p", min=1, help="Worker processes (default: all cores).")] = None,
    settings_file: Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding settings.")] = None,
    quiet: Quiet = False,
) -> None:
    """Brief every story of a dataset into JSON Lines (resumable; re-run to finish a killed run)."""
    from .batch import run_batch

    try:
        settings = load_settings(settings_file)
        progress = _progress(quiet)
        bar = progress.add_task("briefing", total=None)

        def on_start(total: int) -> None:
            # Shown only once the inputs are checked, so a bad command prints just its error.
            progress.update(bar, total=total)
            progress.start()
            progress.refresh()

        def on_story(story_id: str, error: Optional[str]) -> None:
            if error:
                progress.console.print(f"[red]error:[/red] {error}", soft_wrap=True, highlight=False)
            if story_id:
                progress.advance(bar)
                progress.refresh()

        try:
            result = run_batch(dataset, output, words=words, processes=processes, settings=settings,
                               on_start=on_start, on_story=on_story)
        finally:
            progress.stop()
    except NewsbriefError as exc:
        fail(str(exc))
        raise typer.Exit(1) from None
    if not quiet:
        err.print(
            f"{result.written} stories written to {output}, {result.skipped} already there, "
            f"{len(result.errors)} errors, {len(result.dropped)} documents without text skipped "
            f"({result.seconds:.1f} s)"
        )
    if result.errors:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    dataset: Annotated[Path, typer.Argument(help="Dataset .jsonl with reference summaries (field 'summaries').")],
    words: Annotated[int, typer.Option("--words", "-w", min=1, help="Budget given to every system; outputs are cut to it.")],
    systems: Annotated[str, typer.Option(help="Comma-separated: newsbrief,lead,first,lexrank,textrank,centroid,ilp,submodular,oracle.")] = "newsbrief,lead,first,lexrank,textrank,centroid,ilp,submodular,oracle",
    metric: Annotated[str, typer.Option(help="ROUGE F-measure ('f') or 'recall' (DUC style, as score.py --metric r).")] = "f",
    predictions: Annotated[Optional[Path], typer.Option(help="Also score this `newsbrief batch` output as 'predictions'.")] = None,
    json_file: Annotated[Optional[Path], typer.Option("--json", help="Also write the scores as JSON here (atomically).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first K stories.")] = None,
    settings_file: Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding settings.")] = None,
    quiet: Quiet = False,
) -> None:
    """ROUGE of newsbrief and baselines against the references, scored like shared/tools/score.py."""
    import json

    from rich.table import Table

    from .eval import evaluate_file

    try:
        settings = load_settings(settings_file)
        guard_output(json_file, [dataset] + ([predictions] if predictions else []))
        progress = _progress(quiet)
        bar = progress.add_task("evaluating", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.start()  # a no-op once started
            progress.update(bar, completed=done, total=total)
            progress.refresh()

        try:
            report = evaluate_file(dataset, words=words, systems=systems, limit=limit, metric=metric,
                                   predictions_path=predictions, settings=settings, progress=on_progress)
        finally:
            progress.stop()
        if json_file:
            try:
                write_atomic(json_file, json.dumps(report.to_dict(), indent=2) + "\n")
            except OSError as exc:
                raise NewsbriefError(f"{json_file}: cannot write: {exc.strerror or exc}") from exc
    except NewsbriefError as exc:
        fail(str(exc))
        raise typer.Exit(1) from None
    table = Table(title=f"{dataset.name}: {report.stories} stories, outputs cut to {words} words "
                  f"(ROUGE {'recall' if report.metric.value == 'recall' else 'F'}, stemmed)")
    for column in ("system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-Lsum", "stories/s"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for s in report.systems:
        speed = "—" if s.stories_per_s is None else f"{s.stories_per_s:.2f}"
        table.add_row(s.name, *(f"{v:.2f}" for v in (s.rouge1, s.rouge2, s.rougeL, s.rougeLsum)), speed)
    Console(highlight=False).print(table)
    report_errors(report.errors)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def serve(
    db: Annotated[
        Optional[str],
        typer.Option(help="sqlite:///path/newsbrief.db or postgresql://user@host/db "
                     "(default: $NEWSBRIEF_DB, else ~/.local/share/newsbrief/newsbrief.db)."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Let link intake fetch loopback/private addresses.")
    ] = False,
    settings_file: Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding settings.")] = None,
) -> None:
    """Run the web app and HTTP API (pages at /, API docs at /docs)."""
    try:
        import uvicorn

        from .web import WebConfig, create_app
    except ImportError as exc:
        fail(f"the web app needs the [web] extra: pip install 'newsbrief[web]' ({exc.name} is missing)")
        raise typer.Exit(1) from None
    try:
        config = WebConfig(db_url=db, allow_private_urls=allow_private_urls, settings=load_settings(settings_file))
        web_app = create_app(config)
    except NewsbriefError as exc:
        fail(str(exc))
        raise typer.Exit(1) from None
    where = web_app.state.store.display_url
    err.print(f"newsbrief: serving on http://{host}:{port} (database {where})", soft_wrap=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.command()
def stories(
    paths: Paths,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output .jsonl, one story per line (written atomically).")],
    no_brief: Annotated[bool, typer.Option("--no-brief", help="Group only; no brief per story.")] = False,
    state: Annotated[Optional[Path], typer.Option("--state", help="State folder: add these articles to the stories saved there.")] = None,
    processes: Annotated[Optional[int], typer.Option("--processes", "-p", min=1, help="Processes for cleaning (default 1).")] = None,
    settings_file: Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding settings.")] = None,
    quiet: Quiet = False,
) -> None:
    """Group a stream of articles into stories (same event, wire copies grouped), each with a brief."""
    from .stories.run import run_stories

    try:
        guard_output(output, paths)
        settings = load_settings(settings_file, processes=processes)
        progress = _progress(quiet)
        bars: dict = {}

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                progress.start()  # a no-op once started
                bars[stage] = progress.add_task(stage, total=total)
            progress.update(bars[stage], completed=done, total=total)
            progress.refresh()

        try:
            result = run_stories(paths, output, state=state, briefs=not no_brief, settings=settings, progress=on_progress)
        finally:
            progress.stop()
    except NewsbriefError as exc:
        fail(str(exc))
        raise typer.Exit(1) from None
    report_errors(result.errors)
    if result.already_grouped and not quiet:
        # Re-feeding a folder to the same --state is normal use: a note, and exit 0 if nothing else failed.
        err.print(f"note: {result.already_grouped} articles were already in the state; left as they were")
    if not quiet:
        err.print(
            f"{result.stories} stories written to {output} ({result.touched} with new articles, "
            f"{result.articles} articles added, {result.briefed} briefed, {len(result.errors)} unusable inputs, "
            f"{result.seconds:.1f} s)"
        )
    if result.errors:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
