"""Issue 9: every CLI error path is one line naming the input; the other inputs still run; never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief import ingest
from newsbrief.cli import app
from newsbrief.ingest import read_dataset, read_paths

runner = CliRunner()
GOOD = (
    "Ferry crews in Port Alder walked off the job on Tuesday, halting every crossing to Kessel Island.\n\n"
    "The Maritime Workers Union said the strike would last 48 hours unless Bluewake Lines reopened talks.\n"
)
DOC = "Ferry crews in Port Alder walked off the job on Tuesday, halting every crossing to Kessel Island today."


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _clean_run(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def _brief(*args):
    return runner.invoke(app, ["brief", "--no-analysis", "-f", "json", *map(str, args)])


def _dataset(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# --- dataset lines ---------------------------------------------------------------------------------------


def test_lone_surrogate_in_a_dataset_document_is_one_line_and_the_rest_runs(tmp_path):
    line = '{"id": "s", "documents": ["%s", "bad \\ud800 text"]}' % DOC
    data = _dataset(tmp_path, line, json.dumps({"id": "t", "documents": [DOC]}))
    for command in (["brief", "--no-analysis", "--story", "s", "-f", "json"], ["stories", "--no-brief", "-q", "-o", str(tmp_path / "o.jsonl")],
                    ["batch", "-q", "-p", "1", "-o", str(tmp_path / "b.jsonl")]):
        result = runner.invoke(app, [*command, str(data)])
        _clean_run(result)
        assert result.exit_code == 1, command
        (error,) = _errors(result.output)
        assert "document 1 of story s holds a lone surrogate" in error
    assert {json.loads(x)["id"] for x in (tmp_path / "b.jsonl").read_text().splitlines()} == {"s", "t"}
    stories = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert sorted(a for s in stories for a in s["articles"]) == ["s:0", "t:0"]


@pytest.mark.parametrize("value, reason", [("true", "'id' must be a string or an integer"),
                                           ('""', "'id' is empty"), ('"a\\u0000b"', "'id' holds a NUL"),
                                           ('"\\udc80"', "'id' holds a lone surrogate")])
def test_bad_story_ids_are_line_errors(tmp_path, value, reason):
    data = _dataset(tmp_path, '{"id": %s, "documents": ["%s"]}' % (value, DOC))
    (story,) = read_dataset(data)
    assert not story.articles and reason in str(story.errors[0]) and ":1:" in str(story.errors[0])


def test_nul_characters_in_dataset_lines_are_reported(tmp_path):
    path = tmp_path / "nul.jsonl"
    ok = json.dumps({"id": "ok", "documents": [DOC]})
    escaped = json.dumps({"id": "esc", "documents": [DOC, "a\u0000b " * 5]})
    path.write_bytes((ok + "\n").encode() * 400 + escaped.encode() + b"\n" + b'{"id": "raw", "documents": ["x\x00"]}\n')
    stories = list(read_dataset(path))
    assert len(stories) == 402
    assert "document 1 of story esc holds a NUL character" in str(stories[400].errors[0])
    assert [a.id for a in stories[400].articles] == ["esc:0"]
    assert "holds a NUL byte" in str(stories[401].errors[0])


def test_nul_byte_after_the_first_8_kb_of_a_text_file_is_an_error(tmp_path, good):
    late = tmp_path / "late.txt"
    late.write_bytes(GOOD.encode() * 200 + b"\x00tail\n")
    result = _brief(good, late)
    _clean_run(result)
    assert result.exit_code == 1
    (error,) = _errors(result.output)
    assert "late.txt: holds a NUL byte at byte" in error
    assert "\\u0000" not in result.stdout


# --- files and folders -------------------------------------------------------------------------------------


def test_a_folder_nested_1100_deep_is_one_line_and_the_rest_runs(tmp_path, good, monkeypatch):
    here = tmp_path / "deep"
    here.mkdir()
    monkeypatch.chdir(here)  # build it relative: absolute paths would outgrow PATH_MAX
    for _ in range(1100):
        os.mkdir("d")
        os.chdir("d")
    Path("x.txt").write_text(GOOD, encoding="utf-8")
    os.chdir(tmp_path)
    (tmp_path / "deep" / "top.txt").write_text(GOOD.replace("Ferry", "Bus"), encoding="utf-8")
    try:
        result = _brief(tmp_path / "deep", good)
    finally:
        _remove_deep(here / "d")  # shutil.rmtree (pytest's tmp cleanup) recurses and would fail on it
    _clean_run(result)
    assert result.exit_code == 1
    errors = _errors(result.output)
    assert len(errors) == 1 and f"nested over {ingest.MAX_FOLDER_DEPTH} deep" in errors[0]
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["top", "good"]


def _remove_deep(top: Path) -> None:
    os.chdir(top)
    depth = 1
    while os.path.isdir("d"):
        os.chdir("d")
        depth += 1
    for name in os.listdir("."):
        os.unlink(name)
    for _ in range(depth):
        os.chdir("..")
        os.rmdir("d")


def test_unreadable_file_named_is_an_input_error_and_the_rest_runs(tmp_path, good, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    real_open = open

    def guarded(path, *args, **kwargs):
        if Path(path) == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", guarded, raising=False)
    result = _brief(secret, good)
    _clean_run(result)
    assert result.exit_code == 1
    assert _errors(result.output) == [f"error: {secret}: cannot read: Permission denied"]
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["good"]


def test_unreadable_subfolder_is_reported_not_skipped_silently(tmp_path, monkeypatch):
    story = tmp_path / "story"
    (story / "locked").mkdir(parents=True)
    (story / "a.txt").write_text(GOOD, encoding="utf-8")
    (story / "locked" / "b.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def guarded(path="."):
        if Path(path) == story / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", guarded)
    items = list(read_paths([story]))
    assert [str(i) for i in items if not hasattr(i, "text")] == [f"{story / 'locked'}: cannot read folder: Permission denied"]
    result = _brief(story)
    _clean_run(result)
    assert result.exit_code == 1 and "cannot read folder" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_and_folder_for_real(tmp_path, good):
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = _brief(secret, locked, good)
    finally:
        locked.chmod(0o700)
    _clean_run(result)
    assert result.exit_code == 1 and len(_errors(result.output)) == 2


def test_fifo_and_devices_named_as_input_are_refused_before_reading(tmp_path, good):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "newsbrief", "brief", "--no-analysis", str(fifo), "/dev/zero", str(good)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)  # hung (FIFO) or ate GBs before
    assert done.returncode == 1
    errors = _errors(done.stderr)
    assert len(errors) == 2 and all("not a regular file" in e for e in errors), done.stderr
    assert "Traceback" not in done.stderr and "Ferry crews" in done.stdout


def test_symlink_loop_named_is_reported_as_a_loop(tmp_path, good):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    result = _brief(tmp_path / "a.txt", good)
    _clean_run(result)
    (error,) = _errors(result.output)
    assert error == f"error: {tmp_path / 'a.txt'}: symbolic link loop (a link that points back to itself)"


def test_file_name_that_is_not_utf8_still_gives_valid_json(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(GOOD.encode())
    result = _brief(folder)
    _clean_run(result)
    assert result.exit_code == 0, result.output
    (article,) = json.loads(result.stdout)["articles"]
    assert article["id"] == "caf\ufffd"


def test_a_two_million_character_sentence_says_why_there_is_no_summary(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 400_000, encoding="utf-8")
    result = _brief(big)
    _clean_run(result)
    assert result.exit_code == 1
    (error,) = _errors(result.output)
    assert "no summary: no sentence of 6-70 words" in error
