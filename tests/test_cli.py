"""cli.py: every command has help; `brief` writes Markdown, JSON and HTML, to stdout or atomically to -o."""

from __future__ import annotations

import json

import subprocess
import sys

import jsonschema
import pytest
import typer
from typer.testing import CliRunner

import newsbrief
from newsbrief.cli import app, main
from newsbrief.render import schema

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)


def test_root_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert name in result.output


def test_there_are_commands_to_check():
    assert "brief" in COMMANDS and len(COMMANDS) >= 2


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and command in result.output
    doc = typer.main.get_command(app).commands[command].help
    assert doc and doc.strip().split("\n")[0] in " ".join(result.output.split())


def test_no_arguments_shows_help_not_a_traceback():
    result = runner.invoke(app, [])
    assert "Usage:" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def briefs(example_story):
    """`newsbrief brief examples/story` in each format (summary only: analysis is tested elsewhere)."""
    out = {}
    for fmt in ("md", "json", "html"):
        result = runner.invoke(app, ["brief", str(example_story), "--format", fmt, "--words", "90", "--no-analysis"])
        assert result.exit_code == 0, result.output
        out[fmt] = result.stdout
    return out


def test_brief_markdown(briefs):
    md = briefs["md"]
    assert md.startswith("# ")
    assert "## Sources" in md
    bullets = [line for line in md.splitlines() if line.startswith("- ")]
    assert bullets and all(line.rstrip().endswith("]") for line in bullets)
    assert "Ferry" in md and "Kessel Island" in md


def test_brief_json(briefs, example_story):
    data = json.loads(briefs["json"])
    jsonschema.Draft202012Validator(schema()).validate(data)
    assert sorted(a["id"] for a in data["articles"]) == sorted(p.stem for p in example_story.glob("*.txt"))
    assert 0 < data["summary"]["words"] <= 90
    # The furniture of the example articles was removed and kept.
    removed = [r for a in data["articles"] for r in a["removed"]]
    assert "Share this article" in removed and "© 2024 Harbour Courier" in removed


def test_brief_html(briefs):
    page = briefs["html"]
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert 'class="cite"' in page and "<h2>Sources</h2>" in page


def test_brief_to_output_file_matches_stdout(tmp_path, example_story, briefs):
    for fmt, name in (("md", "brief.md"), ("json", "brief.json"), ("html", "brief.html")):
        out = tmp_path / "out" / name
        result = runner.invoke(
            app, ["brief", str(example_story), "-f", fmt, "-w", "90", "--no-analysis", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert out.read_text(encoding="utf-8") == briefs[fmt]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["brief.html", "brief.json", "brief.md"]


def run_main(args, capsys):
    """The console script itself (usage errors are formatted there, not by Typer's runner)."""
    with pytest.raises(SystemExit) as stop:
        main(args)
    out, error = capsys.readouterr()
    return stop.value.code, out, error


@pytest.mark.parametrize(
    "args, message",
    [
        (["brief", "x", "--words", "0"], "error: --words must be at least 1, got 0"),
        (["brief", "x", "--words=abc"], "error: --words must be a whole number, got 'abc'"),
        (["brief", "x", "-f", "pdf"], "error: --format must be one of md, json, html, got 'pdf'"),
        (["brief"], "error: missing PATH (see 'newsbrief brief --help')"),
        (["batch", "d.jsonl"], "error: missing --output (see 'newsbrief batch --help')"),
        (["brief", "x", "--bogus"], "error: no such option: --bogus (see 'newsbrief brief --help')"),
        (["serve", "--port", "70000"], "error: --port must be between 1 and 65535, got 70000"),
        (["summarise"], "error: no such command summarise (see 'newsbrief --help')"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, message, capsys):
    code, out, error = run_main(args, capsys)
    assert code == 2
    assert error.strip() == message
    assert out == ""


def test_version(capsys):
    code, out, _ = run_main(["--version"], capsys)
    assert code == 0 and out.strip() == f"newsbrief {newsbrief.__version__}"


@pytest.mark.parametrize("command", ["brief", "analyze", "stories", "batch"])
def test_help_reads_well(command, capsys):
    code, out, _ = run_main([command, "--help"], capsys)
    assert code == 0
    assert "{" not in out.split("\n", 3)[1] + out.split("\n", 3)[2]  # the usage line: PATH..., not {paths}...
    assert "<bool>" not in out
    if command != "batch":
        assert f"newsbrief {command} [OPTIONS] PATH..." in out


def test_brief_has_no_quiet_flag_that_does_nothing(capsys):
    code, _, error = run_main(["brief", "x", "--quiet"], capsys)
    assert code == 2 and "no such option: --quiet" in error


def test_analyze_help_says_what_it_does_and_not_summary_options(capsys):
    _, out, _ = run_main(["analyze", "--help"], capsys)
    flat = " ".join(out.split())
    assert "who said what" in flat and "no summary" in flat
    assert "--keep-off-story" not in out and "--words" not in out


def test_subcommand_help_is_drawn_without_parsing(capsys):
    # `newsbrief brief --help` must answer at once: no pydantic (Typer's parameter conversion), no spaCy.
    code = ("import sys; from newsbrief.cli import main\ntry:\n    main(['brief', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pydantic', 'spacy') if m in sys.modules), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr.strip() == "[]" and "Usage: newsbrief brief [OPTIONS] PATH..." in run.stdout
    assert run.stdout.split() == runner.invoke(app, ["brief", "--help"]).stdout.split()  # the same help


def test_cli_import_does_not_load_the_heavy_libraries():
    # `newsbrief --help` must answer at once: spaCy, scikit-learn and FastAPI load only in the commands.
    code = "import sys, newsbrief.cli; print(sorted(m for m in ('spacy', 'sklearn', 'fastapi', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_output_into_a_missing_folder_says_what_it_created(tmp_path, example_story):
    out = tmp_path / "new" / "deeper" / "brief.md"
    result = runner.invoke(app, ["brief", str(example_story), "--no-analysis", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert f"note: created folder {tmp_path / 'new'}" in " ".join(result.stderr.split())
    again = runner.invoke(app, ["brief", str(example_story), "--no-analysis", "-o", str(out)])
    assert "created folder" not in again.stderr


def test_bad_settings_file_is_one_error_line(tmp_path, example_story):
    settings = tmp_path / "s.toml"
    settings.write_text("budget_wrds = 10\n", encoding="utf-8")
    result = runner.invoke(app, ["brief", str(example_story), "--settings", str(settings)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "s.toml: unknown setting 'budget_wrds'" in result.output


def test_a_detected_encoding_is_reported_on_one_warning_line(tmp_path):
    # Issue 13: a legacy-encoded file is read, and the user is told which encoding was used.
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 owners in Port Alder closed early on Tuesday, said the na\u00efve owner.".encode("cp1252"))
    result = runner.invoke(app, ["brief", str(path), "--no-analysis"])
    assert result.exit_code == 0
    assert f"warning: {path}: not UTF-8; read as cp1252 (detected)" in result.stderr
    assert "Café owners" in result.stdout


def test_issue10_solver_output_never_leaks_into_the_brief(shared_data):
    """On this Multi-News story at 100 words HiGHS printed "HighsMipSolverData::..." into stdout,
    in the middle of the JSON (measured before the fix; the line came twice)."""
    story = "longbench-multi_news-765fcae046b741f85cc1bf6d418cd76be64c0d26be886cea"
    args = ["brief", str(shared_data / "data" / "multinews-dev.jsonl"), "--story", story, "--words", "100"]
    run = subprocess.run(
        [sys.executable, "-m", "newsbrief", *args, "--format", "json", "--no-analysis"],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(run.stdout)["story_id"] == story
    assert "Highs" not in run.stdout + run.stderr
