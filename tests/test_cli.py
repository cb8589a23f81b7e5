"""cli.py: every command has help; `brief` writes Markdown, JSON and HTML, to stdout or atomically to -o."""

from __future__ import annotations

import json

import jsonschema
import pytest
import typer
from typer.testing import CliRunner

from newsbrief.cli import app
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


def test_bad_option_values_are_usage_errors_not_tracebacks(example_story):
    for args in (["--words", "0"], ["--format", "pdf"]):
        result = runner.invoke(app, ["brief", str(example_story), *args])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output


def test_bad_settings_file_is_one_error_line(tmp_path, example_story):
    settings = tmp_path / "s.toml"
    settings.write_text("budget_wrds = 10\n", encoding="utf-8")
    result = runner.invoke(app, ["brief", str(example_story), "--settings", str(settings)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "error: unknown setting 'budget_wrds'" in result.output


def test_a_detected_encoding_is_reported_on_one_warning_line(tmp_path):
    # Issue 13: a legacy-encoded file is read, and the user is told which encoding was used.
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 owners in Port Alder closed early on Tuesday, said the na\u00efve owner.".encode("cp1252"))
    result = runner.invoke(app, ["brief", str(path), "--no-analysis"])
    assert result.exit_code == 0
    assert f"warning: {path}: not UTF-8; read as cp1252 (detected)" in result.stderr
    assert "Café owners" in result.stdout
