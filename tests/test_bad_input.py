"""Bad input: one line naming the file (and line) and the reason, the rest still runs, exit 1, no traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief import brief, load_settings
from newsbrief.cli import app
from newsbrief.errors import InputError
from newsbrief.fileio import write_atomic

GOOD = (
    "Ferry crews in Port Alder walked off the job on Tuesday, halting every crossing to Kessel Island.\n\n"
    "The Maritime Workers Union said the strike would last 48 hours unless Bluewake Lines reopened talks.\n\n"
    "Island schools closed for the day because many teachers live on the mainland.\n"
)
FAST = ["--no-analysis"]  # analysis is tested elsewhere; these tests are about inputs and outputs
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["brief", *FAST, *map(str, args)])


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _assert_no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _make(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A bad input of one kind and the reason its error line must give."""
    if kind == "missing":
        return tmp_path / "missing.txt", "no such file or folder"
    path = tmp_path / {"empty": "empty.txt", "binary": "photo.txt", "undecodable": "garbled.txt", "huge": "huge.txt",
                       "no_article": "login.html", "extension": "notes.pdf", "furniture": "junk.txt"}[kind]
    if kind == "empty":
        path.write_bytes(b"")
        return path, "file is empty"
    if kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
        return path, "binary file"
    if kind == "undecodable":
        # Latin-1 text is now detected and read (issue 13); bytes no text encoding reads are refused.
        path.write_bytes(bytes(range(0x80, 0x100)) * 4)
        return path, "not valid UTF-8"
    if kind == "huge":
        with path.open("wb") as handle:
            handle.truncate(25 * 1024 * 1024)  # sparse file: no disk used
        return path, "over the 20 MB limit"
    if kind == "no_article":
        path.write_text("<html><head><title>Log in</title></head><body><nav>Home</nav><form></form></body></html>")
        return path, "no article text"
    if kind == "extension":
        path.write_bytes(b"%PDF-1.7")
        return path, "unsupported file type '.pdf'"
    path.write_text("Advertisement\n\nShare this article\n\n3 Comments\n")
    return path, "no article text left after cleaning"


KINDS = ["missing", "empty", "binary", "undecodable", "huge", "no_article", "extension", "furniture"]


@pytest.mark.parametrize("kind", KINDS)
def test_cli_bad_file_is_one_error_line_and_the_good_file_is_still_briefed(tmp_path, good, kind):
    bad, reason = _make(tmp_path, kind)
    inputs = [p for p in (bad, good) if p.exists()]
    before = {p: (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes()[:4096]) for p in inputs}
    result = _run(bad, good)
    _assert_no_traceback(result)
    assert {p: (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes()[:4096]) for p in inputs} == before
    assert result.exit_code == 1
    (line,) = _error_lines(result.output)
    assert line.startswith(f"error: {bad}: ") and reason in line
    assert "- Ferry crews in Port Alder walked off the job on Tuesday" in result.stdout  # the brief of the rest


@pytest.mark.parametrize("kind", KINDS)
def test_api_bad_file_is_listed_in_errors_and_the_rest_is_briefed(tmp_path, good, kind):
    bad, reason = _make(tmp_path, kind)
    result = brief([bad, good], settings=load_settings(analysis=False))
    assert [a.id for a in result.articles] == ["good"]
    (problem,) = result.errors
    assert problem.startswith(f"{bad}: ") and reason in problem and "\n" not in problem
    assert result.summary.sentences


def test_cli_only_bad_inputs_exit_1_with_every_reason(tmp_path):
    made = [_make(tmp_path, kind) for kind in ("missing", "empty", "binary")]
    result = _run(*(path for path, _ in made))
    _assert_no_traceback(result)
    assert result.exit_code == 1
    lines = _error_lines(result.output)
    for (path, reason), line in zip(made, lines):
        assert line.startswith(f"error: {path}: ") and reason in line
    assert lines[-1] == "error: no usable article in the input"
    assert result.stdout == ""


def test_cli_dataset_bad_lines_name_file_and_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "cut", "documents": [',
                json.dumps({"id": "nodocs", "summaries": []}),
                json.dumps({"id": "ferry", "documents": [GOOD, "Ferry crews struck on Tuesday in Port Alder."]}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = _run(path)
    _assert_no_traceback(result)
    assert result.exit_code == 1
    lines = _error_lines(result.output)
    assert lines == [
        f"error: {path}:1: not valid JSON (Expecting value)",
        f"error: {path}:2: missing field(s) documents",
    ]
    assert "ferry:0" in result.stdout  # the good line is briefed


def test_cli_unknown_story_id(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": "ferry", "documents": [GOOD]}) + "\n", encoding="utf-8")
    result = _run(path, "--story", "nope")
    _assert_no_traceback(result)
    assert result.exit_code == 1
    assert f"error: {path}: no story with id 'nope'" in _error_lines(result.output)


def test_one_article_and_one_sentence_still_get_a_brief(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("The ferry strike in Port Alder ended on Thursday after two days.\n", encoding="utf-8")
    result = _run(one)
    assert result.exit_code == 0, result.output
    assert "- The ferry strike in Port Alder ended on Thursday after two days. [1]" in result.stdout
    api = brief([one], settings=load_settings(analysis=False))
    expected = ["The ferry strike in Port Alder ended on Thursday after two days."]
    assert [s.text for s in api.summary.sentences] == expected
    assert api.errors == ()


def test_one_sentence_without_full_stop_still_gets_a_brief(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Ferry strike ends after two days as union and Bluewake agree on rest periods", encoding="utf-8")
    result = _run(one, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"][0]["id"] == "one"
    assert data["errors"] == []


# --- output files ------------------------------------------------------------------


def _snapshot(paths: list[Path]) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}


def test_output_written_atomically_and_inputs_untouched(tmp_path, example_story):
    inputs = sorted(example_story.glob("*.txt"))
    before = _snapshot(inputs)
    out = tmp_path / "out" / "brief.md"
    result = _run(example_story, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    printed = _run(example_story)
    assert out.read_text(encoding="utf-8") == printed.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["brief.md"]  # no temporary file left behind
    assert _snapshot(inputs) == before


def test_output_over_an_input_is_refused(tmp_path, good):
    before = _snapshot([good])
    result = _run(good, "-o", good)
    _assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = _error_lines(result.output)
    assert line.startswith(f"error: {good}: refusing to write over an input")
    assert _snapshot([good]) == before


def test_output_over_an_input_through_another_spelling_is_refused(tmp_path, good, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _snapshot([good])
    link = tmp_path / "link.txt"
    link.symlink_to(good)
    os.link(good, tmp_path / "hard.txt")
    for spelling in ("./good.txt", "sub/../good.txt", "link.txt", "hard.txt"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        result = _run(good, "-o", spelling)
        assert result.exit_code == 1 and "refusing to write over an input" in result.output, spelling
    assert _snapshot([good]) == before


def test_output_inside_an_input_folder_is_refused(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text(GOOD, encoding="utf-8")
    result = _run(story, "-o", story / "brief.html", "--format", "html")
    _assert_no_traceback(result)
    assert result.exit_code == 1
    assert "inside an input folder" in result.output
    assert sorted(p.name for p in story.iterdir()) == ["a.txt"]


def test_unwritable_output_is_one_error_line(tmp_path, good):
    folder = tmp_path / "taken"
    folder.mkdir()
    result = _run(good, "-o", folder)
    _assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = _error_lines(result.output)
    assert line.startswith(f"error: {folder}: cannot write")


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("old brief\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"brief\.md: cannot write"):
        write_atomic(target, "new text with a lone surrogate \ud800 cannot be encoded")
    assert target.read_text(encoding="utf-8") == "old brief\n"
    assert os.listdir(tmp_path) == ["brief.md"]


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "deep" / "brief.json"
    write_atomic(target, "{}\n")
    write_atomic(target, '{"a": 1}\n')
    assert target.read_text(encoding="utf-8") == '{"a": 1}\n'


def test_atomic_output_gets_the_mode_a_plain_write_would(tmp_path):
    """Issue 2: an output written atomically is not left private to its creator (mkstemp's 0600)."""
    import os

    from newsbrief.fileio import write_atomic

    fresh = tmp_path / "fresh.md"
    write_atomic(fresh, "# a\n")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.md"
    kept.write_text("old")
    kept.chmod(0o640)
    write_atomic(kept, "new")
    assert kept.read_text() == "new" and kept.stat().st_mode & 0o777 == 0o640
