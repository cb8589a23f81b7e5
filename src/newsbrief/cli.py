"""The `newsbrief` command line: Typer + Rich, no logic of its own.

Every NewsbriefError becomes one red line on stderr and exit status 1; a run
whose inputs were partly unusable still writes its output and exits 1. A
usage mistake (a bad flag or value) is one line too, with exit status 2.

Only Typer, Rich and our own light modules are imported here: spaCy,
scikit-learn and FastAPI load inside the commands that use them, so `--help`,
`--version` and usage errors answer at once.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

# One BLAS thread per process, set before NumPy loads (the commands import it later): a story's
# matrices are small (the walk's matrix-vector products), so OpenBLAS's threads only spin, and the
# parallelism is our processes'. Multi-News dev, 1 process: 13.3 s wall / 19.9 s CPU -> 10.1 s / 9.7 s,
# the same output. A user's own setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import typer
from rich.console import Console
from typer._click import exceptions as click_exceptions
from typer._click.core import Context
from typer.core import TyperArgument, TyperCommand, TyperGroup

from . import __version__
from .cli_params import use_plain_params
from .errors import NewsbriefError
from .fileio import check_output_path, write_output
from .settings import load_settings


class _PlainHelp:
    """Help that reads like a man page: `PATH...` in the usage line, no `<bool>` beside a flag."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False):
                param.metavar = ""  # a flag takes no value: show none
        return params

    def parse_args(self, ctx, args):
        use_plain_params(self.get_params(ctx))  # no pydantic for plain ints, paths and choices (~0.15 s)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx):
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or param.name.upper()
                name += "..." if param.nargs != 1 and not name.endswith("...") else ""
                pieces.append(name if param.required else f"[{name}]")
        return pieces


class Command(_PlainHelp, TyperCommand):
    pass


class Group(_PlainHelp, TyperGroup):
    def collect_usage_pieces(self, ctx):
        return [self.options_metavar, "COMMAND [ARGS]..."]


app = typer.Typer(
    name="newsbrief",
    help="A checkable brief from many news articles about one story.",
    cls=Group,
    # Plain (click) help: Rich's help panels import a Markdown parser, ~0.2 s of every `--help`.
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)


class _WarningLines(logging.Handler):
    """The library's warnings (e.g. "read as cp1252 (detected)") as one yellow line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"[yellow]warning:[/yellow] {record.getMessage()}", soft_wrap=True)


def _show_version(value: bool) -> None:
    if value:
        print(f"newsbrief {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """A checkable brief from many news articles about one story."""
    library = logging.getLogger("newsbrief")
    if not any(isinstance(h, _WarningLines) for h in library.handlers):
        handler = _WarningLines(logging.WARNING)
        library.addHandler(handler)
        library.propagate = False


class Format(str, Enum):
    md = "md"
    json = "json"
    html = "html"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", metavar="md|json|html", help="Output format (default md).")]


def fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)


@contextmanager
def exit_on_error() -> Iterator[None]:
    """A NewsbriefError inside becomes its one red line and exit status 1."""
    try:
        yield
    except NewsbriefError as exc:
        fail(str(exc))
        raise typer.Exit(1) from None


def report_errors(errors) -> None:
    for problem in errors:
        fail(str(problem))


def guard_output(output: Optional[Path], inputs: list[Path]) -> Optional[Path]:
    """Refuse to write over an input file or inside an input folder (see fileio.check_output_path).

    Returns the first folder of the output's path that does not exist yet (writing creates it), or None.
    """
    if output is None:
        return None
    check_output_path(output, inputs)
    return missing_folder(output)


def missing_folder(output: Path) -> Optional[Path]:
    """The first folder of ``output``'s path that does not exist yet, or None."""
    missing = None
    for folder in Path(output).absolute().parents:
        if folder.exists():
            break
        missing = folder
    return missing


def note_created(folder: Optional[Path]) -> None:
    """Say so when writing an output made a folder the user did not have."""
    if folder is not None and folder.is_dir():
        err.print(f"note: created folder {folder}", soft_wrap=True)


Paths = Annotated[list[Path], typer.Argument(metavar="PATH...", help="Article files (.txt, .html), folders, or a dataset .jsonl.")]
Words = Annotated[Optional[int], typer.Option("--words", "-w", min=1, metavar="N", help="Word budget (default: a tenth of the input, 80–250).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout (atomically; only over newsbrief output).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]
NoAnalysis = Annotated[bool, typer.Option("--no-analysis", help="Summary only: no entities, quotes, figures, timeline (faster).")]
KeepOffStory = Annotated[bool, typer.Option("--keep-off-story", help="Summarize off-story articles too (they are still marked).")]
Processes = Annotated[Optional[int], typer.Option("--processes", "-p", min=1, metavar="N", help="Worker processes for the spaCy parse (default 1).")]
Lang = Annotated[Optional[str], typer.Option("--lang", metavar="CODE", help="Language of every article (fr, ar, ...); default: the input's 'lang', else detected.")]
SettingsFile = Annotated[Optional[Path], typer.Option("--settings", metavar="FILE.toml", help="TOML file overriding settings (see README).")]


@app.command(cls=Command)
def brief(
    paths: Paths,
    words: Words = None,
    format: FormatOpt = Format.md,
    output: Output = None,
    story: Annotated[Optional[str], typer.Option(metavar="ID", help="Which story of a dataset .jsonl to brief.")] = None,
    settings_file: SettingsFile = None,
    no_analysis: NoAnalysis = False,
    keep_off_story: KeepOffStory = False,
    processes: Processes = None,
    lang: Lang = None,
) -> None:
    """Summarize one story: every sentence cites the articles that report it."""
    from .render import RENDERERS

    _run_story(
        paths, output, story, words, RENDERERS[format.value],
        settings_file=settings_file,
        analysis=False if no_analysis else None, keep_off_story=keep_off_story or None, processes=processes,
        lang=lang,
    )


def _run_story(paths, output, story, words, render, *, settings_file, **overrides) -> None:
    """Read, brief and render one story for `brief` and `analyze`; one red line per problem."""
    from .pipeline import brief as make_brief

    with exit_on_error():
        created = guard_output(output, paths)
        settings = load_settings(settings_file, **overrides)
        result = make_brief(paths, words=words, story=story, settings=settings)
        if not result.articles:
            report_errors(result.errors)
            raise NewsbriefError("no usable article in the input")
        text = render(result)
        if output:
            write_output(output, text)
            note_created(created)
        else:
            sys.stdout.write(text)
        report_errors(result.errors)
    if result.errors:
        raise typer.Exit(1)


@app.command(cls=Command)
def analyze(
    paths: Paths,
    format: FormatOpt = Format.md,
    output: Output = None,
    story: Annotated[Optional[str], typer.Option(metavar="ID", help="Which story of a dataset .jsonl to analyze.")] = None,
    settings_file: SettingsFile = None,
    processes: Processes = None,
    lang: Lang = None,
) -> None:
    """Who is involved, who said what, disputed figures, timeline, off-story articles and what each source adds (no summary)."""
    from .render import render_html, render_json, render_markdown

    renderers = {
        Format.json: render_json,
        Format.md: lambda b: render_markdown(b, summary=False),
        Format.html: lambda b: render_html(b, summary=False),
    }
    _run_story(
        paths, output, story, None, renderers[format],
        settings_file=settings_file, analysis=True, processes=processes, lang=lang,
    )


def _progress(quiet: bool):
    """A Rich progress bar on stderr (a no-op when quiet)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # auto_refresh off: no display thread running while batch forks its workers.
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet, auto_refresh=False, transient=False,
    )


Cluster = Annotated[Optional[str], typer.Option("--cluster", metavar="ADDRESS", help="Run on Dask: tcp://HOST:8786 (a running scheduler) or local:N (a local cluster of N workers); needs newsbrief[cluster].")]


def _executor(processes: Optional[int], cluster: Optional[str], quiet: bool):
    """The executor for --processes / --cluster (newsbrief.executor); says where a cluster's dashboard is."""
    from .executor import executor_for

    executor = executor_for(processes=processes, cluster=cluster)
    if cluster and not quiet:
        where = f"; dashboard {executor.dashboard}" if executor.dashboard else ""
        err.print(f"newsbrief: running on {executor.name}{where}", soft_wrap=True, highlight=False)
    return executor


@app.command(cls=Command)
def batch(
    datasets: Annotated[list[Path], typer.Argument(metavar="DATASET...", help="Dataset .jsonl (or, with -o OUT/, many .jsonl/.jsonl.gz files, folders or quoted globs): one {\"id\", \"documents\": [...]} story per line.")],
    # A str, not a Path: a Path drops the trailing slash that asks for a folder of parts.
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE|OUT/", help="Output .jsonl (stories already in it are skipped), or a folder OUT/ of part files + manifest.json (parts already done are skipped).")],
    words: Annotated[Optional[int], typer.Option("--words", "-w", min=1, metavar="N", help="Word budget per story (default: per story, 80–250).")] = None,
    processes: Annotated[Optional[int], typer.Option("--processes", "-p", min=1, metavar="N", help="Worker processes (default: all cores).")] = None,
    cluster: Cluster = None,
    analysis: Annotated[bool, typer.Option("--analysis", help="Also the full brief with story analysis per line (key 'brief'; slower: a full spaCy parse).")] = False,
    partition_kb: Annotated[Optional[int], typer.Option("--partition-kb", min=1, metavar="N", help="With -o OUT/: input KiB per task (default: sized from the input and workers, at most 1024).")] = None,
    settings_file: SettingsFile = None,
    quiet: Quiet = False,
    lang: Lang = None,
) -> None:
    """Brief every story of a dataset into JSON Lines (resumable; re-run to finish a killed run)."""
    from .batch_folder import is_folder_output

    if cluster or is_folder_output(output) or len(datasets) > 1:
        _batch_folder(datasets, output, words, processes, cluster, analysis, settings_file, quiet, partition_kb)
        return
    from .batch import run_batch

    output = Path(output)
    with exit_on_error():
        settings = load_settings(settings_file, lang=lang)
        created = missing_folder(output)
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
            result = run_batch(datasets[0], output, words=words, processes=processes, settings=settings,
                               on_start=on_start, on_story=on_story, analysis=analysis)
        finally:
            progress.stop()
        note_created(created)
    if not quiet:
        err.print(
            f"{result.written} stories written to {output}, {result.skipped} already there, "
            f"{len(result.errors)} errors, {len(result.dropped)} documents without text skipped "
            f"({result.seconds:.1f} s)"
        )
    if result.errors:
        raise typer.Exit(1)


def _batch_folder(datasets, output, words, processes, cluster, analysis, settings_file, quiet, partition_kb) -> None:
    """`batch -o OUT/` (and every --cluster run): part files + manifest, parts run wherever the executor says."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch_folder import is_folder_output, run_batch_folder

    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("parts"),
        TextColumn("{task.fields[stories]:,} stories, {task.fields[rate]:.1f}/s, {task.fields[failures]} failures"),
        TimeElapsedColumn(), console=err, disable=quiet, auto_refresh=False, transient=False,
    )
    bar = progress.add_task("briefing", total=None, stories=0, rate=0.0, failures=0)
    counts = {"stories": 0, "failures": 0, "start": time.perf_counter()}
    with exit_on_error():
        settings = load_settings(settings_file)
        if not is_folder_output(output):
            raise NewsbriefError(f"{output}: --cluster and several inputs write a folder of parts: give -o {output}/")
        output = output.rstrip("/") or "/"
        created = missing_folder(Path(output) / "manifest.json")

        def on_plan(total: int, done: int) -> None:
            progress.update(bar, total=total, completed=done)
            progress.start()
            progress.refresh()

        def on_part(done) -> None:
            for problem in done.errors:
                progress.console.print(f"[red]error:[/red] {problem}", soft_wrap=True, highlight=False)
            counts["stories"] += done.stories
            counts["failures"] += len(done.errors)
            rate = counts["stories"] / max(1e-9, time.perf_counter() - counts["start"])
            progress.update(bar, advance=1, stories=counts["stories"], rate=rate, failures=counts["failures"])
            progress.refresh()

        with _executor(processes, cluster, quiet) as executor:
            counts["start"] = time.perf_counter()
            try:
                result = run_batch_folder(datasets, output, words=words, analysis=analysis, settings=settings,
                                          executor=executor, on_plan=on_plan, on_part=on_part,
                                          partition_bytes=partition_kb * 1024 if partition_kb else None)
            finally:
                progress.stop()
        note_created(created)
    if not quiet:
        err.print(
            f"{result.parts_done_now} parts ({result.stories} stories) written to {output}, "
            f"{result.parts_done_before} parts already there, {len(result.errors)} errors in all "
            f"({result.seconds:.1f} s); the result is {output}/part-*.jsonl in order, listed in manifest.json",
            soft_wrap=True, highlight=False,
        )
    if result.errors:
        raise typer.Exit(1)


@app.command("eval", cls=Command)
def evaluate(
    dataset: Annotated[Path, typer.Argument(metavar="DATASET", help="Dataset .jsonl with reference summaries (field 'summaries').")],
    words: Annotated[int, typer.Option("--words", "-w", min=1, metavar="N", help="Budget given to every system; outputs are cut to it.")],
    systems: Annotated[str, typer.Option(help="Comma-separated: newsbrief,lead,first,lexrank,textrank,centroid,ilp,submodular,oracle.")] = "newsbrief,lead,first,lexrank,textrank,centroid,ilp,submodular,oracle",
    metric: Annotated[str, typer.Option(help="ROUGE F-measure ('f') or 'recall' (DUC style, as score.py --metric r).")] = "f",
    predictions: Annotated[Optional[Path], typer.Option(help="Also score this `newsbrief batch` output as 'predictions'.")] = None,
    json_file: Annotated[Optional[Path], typer.Option("--json", help="Also write the scores as JSON here (atomically).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first K stories.")] = None,
    settings_file: SettingsFile = None,
    quiet: Quiet = False,
) -> None:
    """ROUGE of newsbrief and baselines against the references, scored like shared/tools/score.py."""
    import json

    from rich.table import Table

    from .eval import evaluate_file

    with exit_on_error():
        settings = load_settings(settings_file)
        created = guard_output(json_file, [dataset] + ([predictions] if predictions else []))
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
                write_output(json_file, json.dumps(report.to_dict(), indent=2) + "\n")
                note_created(created)
            except OSError as exc:
                raise NewsbriefError(f"{json_file}: cannot write: {exc.strerror or exc}") from exc
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


@app.command(cls=Command)
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
    settings_file: SettingsFile = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No request log; only errors.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, metavar="N", help="App processes sharing the port (over one PostgreSQL; default 1).")] = 1,
) -> None:
    """Run the web app and HTTP API (pages at /, API docs at /docs)."""
    try:
        import uvicorn

        from .web import WebConfig, create_app
    except ImportError as exc:
        fail(f"the web app needs the [web] extra: pip install 'newsbrief[web]' ({exc.name} is missing)")
        raise typer.Exit(1) from None
    with exit_on_error():
        config = WebConfig(db_url=db, allow_private_urls=allow_private_urls, settings=load_settings(settings_file))
        web_app = create_app(config)
    where = web_app.state.store.display_url
    err.print(f"newsbrief: starting (database {where}; loading the language model)...", soft_wrap=True)
    if workers > 1:
        _serve_processes(web_app, db, host, port, allow_private_urls, settings_file, quiet, workers)
        return

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if self.started:  # listening, and the app's start-up (model warm-up) is done
                err.print(f"newsbrief: serving on http://{host}:{port}/ (API docs at /docs); press Ctrl+C to stop",
                          soft_wrap=True)

    # Requests are logged one line each (uvicorn's access log) unless --quiet.
    server = Server(uvicorn.Config(web_app, host=host, port=port, log_level="warning" if quiet else "info",
                                   access_log=not quiet))
    server.run()
    if not server.started:
        fail(f"could not listen on {host}:{port} (is another server using the port?)")
        raise typer.Exit(1)


def _serve_processes(web_app, db, host, port, allow_private_urls, settings_file, quiet, workers) -> None:
    """`serve --workers N`: N uvicorn processes on one port, each its own app over the same database."""
    import json
    import os
    import threading

    import httpx
    import uvicorn

    from .web.app import SERVE_ENV

    web_app.state.store.close()  # the parent only ran the migrations; each worker opens its own store
    os.environ[SERVE_ENV] = json.dumps({
        "db_url": db, "allow_private_urls": allow_private_urls,
        "settings_file": str(settings_file) if settings_file else None,
    })
    stop = threading.Event()

    def announce() -> None:  # the workers load the model on their own; say so once one answers
        while not stop.wait(0.5):
            try:
                httpx.get(f"http://{host if host not in ('0.0.0.0', '::') else '127.0.0.1'}:{port}/", timeout=5)
            except httpx.HTTPError:
                continue
            err.print(f"newsbrief: serving on http://{host}:{port}/ with {workers} app processes (API docs at /docs); "
                      "press Ctrl+C to stop", soft_wrap=True)
            return

    threading.Thread(target=announce, daemon=True).start()
    try:
        uvicorn.run("newsbrief.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                    log_level="warning" if quiet else "info", access_log=not quiet)
    finally:
        stop.set()


@app.command(cls=Command)
def stories(
    paths: Paths,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output .jsonl, one story per line (written atomically).")],
    no_brief: Annotated[bool, typer.Option("--no-brief", help="Group only; no brief per story.")] = False,
    state: Annotated[Optional[Path], typer.Option("--state", help="State folder: add these articles to the stories saved there.")] = None,
    processes: Annotated[Optional[int], typer.Option("--processes", "-p", min=1, help="Processes for cleaning (default 1).")] = None,
    cluster: Cluster = None,
    settings_file: SettingsFile = None,
    quiet: Quiet = False,
) -> None:
    """Group a stream of articles into stories (same event, wire copies grouped), each with a brief."""
    from .stories.run import run_stories

    with exit_on_error():
        created = guard_output(output, paths)
        settings = load_settings(settings_file, processes=processes)
        progress = _progress(quiet)
        bars: dict = {}

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                progress.start()  # a no-op once started
                bars[stage] = progress.add_task(stage, total=total)
            progress.update(bars[stage], completed=done, total=total)
            progress.refresh()

        executor = _executor(processes, cluster, quiet) if cluster else None
        try:
            result = run_stories(paths, output, state=state, briefs=not no_brief, settings=settings,
                                 progress=on_progress, executor=executor)
        finally:
            progress.stop()
            if executor is not None:
                executor.close()
        note_created(created)
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


def _given(args: list[str], opts) -> str | None:
    """The value the user typed for an option (``--words 0`` or ``--words=0``), for the message."""
    for i, arg in enumerate(args):
        for opt in opts:
            if arg == opt and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(opt + "=") and opt.startswith("--"):
                return arg[len(opt) + 1:]
            if arg.startswith(opt) and len(opt) == 2 and len(arg) > 2:  # -w0 or -w=0
                return arg[2:]
    return None


def _param_name(param) -> str:
    if isinstance(param, TyperArgument):
        return (param.metavar or param.name.upper()).removesuffix("...")
    return max(param.opts, key=len)


def usage_message(exc, args: list[str]) -> str:
    """One line for a usage mistake: ``--words must be at least 1, got 0``."""
    param = getattr(exc, "param", None)
    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    if isinstance(exc, click_exceptions.MissingParameter) and param is not None:
        return f"missing {_param_name(param)}{where}"
    if isinstance(exc, click_exceptions.BadParameter) and param is not None:
        name = _param_name(param)
        got = _given(args, list(param.opts) + list(getattr(param, "secondary_opts", [])))
        if got is not None:
            got = f", got {got}" if re.fullmatch(r"-?\d+(\.\d+)?", got) else f", got {got!r}"
        else:
            got = ""
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        reason = exc.format_message().split(": ", 1)[-1]
        if getattr(param, "type_descriptor", None) is not None and param.type_descriptor.is_choice:
            choices = ", ".join(str(getattr(c, "value", c)) for c in param.type_descriptor.choices or ())
            return f"{name} must be one of {choices}{got}"
        if "greater than" in reason or "less than" in reason:
            bounds = f"at least {low}" if high is None else (f"at most {high}" if low is None else f"between {low} and {high}")
            return f"{name} must be {bounds}{got}"
        if "integer" in reason:
            return f"{name} must be a whole number{got}"
        return f"{name}: {reason.rstrip('.')}{got}"
    message = exc.format_message().rstrip(".")
    return (message[:1].lower() + message[1:]).replace("'", "") + where


def main(args: list[str] | None = None) -> None:
    """The console script: usage mistakes are one red line and exit status 2 (as every error is one line)."""
    args = sys.argv[1:] if args is None else list(args)
    command = typer.main.get_command(app)
    if len(args) == 2 and args[1] == "--help" and args[0] in command.commands:
        # `newsbrief CMD --help` drawn without parsing: Typer's parser imports pydantic (~0.2 s) to
        # convert parameters, and help converts none.
        root = Context(command, info_name="newsbrief")
        sub = command.commands[args[0]]
        print(sub.get_help(Context(sub, info_name=args[0], parent=root)))
        sys.exit(0)
    try:
        code = command.main(args, prog_name="newsbrief", standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError:
        code = 2  # Typer has printed the help: a bare `newsbrief` is a usage mistake, shown how to use it
    except click_exceptions.UsageError as exc:
        fail(usage_message(exc, args))
        code = 2
    except typer.Abort:
        err.print("aborted")
        code = 130
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
