"""Issue 9: `-o` never destroys anything; --state never litters a folder it refuses."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief.batch import completed_ids, run_batch
from newsbrief.cli import app
from newsbrief.errors import InputError

runner = CliRunner()
GOOD = (
    "Ferry crews in Port Alder walked off the job on Tuesday, halting every crossing to Kessel Island.\n\n"
    "The Maritime Workers Union said the strike would last 48 hours unless Bluewake Lines reopened talks.\n\n"
    "Island schools closed for the day because many teachers live on the mainland.\n"
)
STORY = {
    "id": "ferry",
    "documents": [
        "Ferry crews in Port Alder walked off the job on Tuesday, halting every crossing to Kessel Island. "
        "The union said the strike would last 48 hours unless Bluewake Lines reopened talks with the crews.",
        "Island schools closed on Tuesday because many teachers live on the mainland and could not cross. "
        "Bluewake Lines said it hoped to restore a reduced timetable by Thursday morning at the latest.",
    ],
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(STORY), encoding="utf-8")  # one line, no final newline
    return path


@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A copy of /dev/null where we may make one (root), else /dev/null itself.

    Never the real one as root: a regression that renames over the output would replace the system's.
    """
    node = tmp_path / "null-copy"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.stat("/dev/null").st_rdev)
    except PermissionError:
        if os.geteuid() == 0:
            pytest.skip("cannot make a device node copy; not testing on the real /dev/null as root")
        return Path("/dev/null")  # not root: a rename over it is refused by the system anyway
    return node


def _brief(*args) -> object:
    return runner.invoke(app, ["brief", "--no-analysis", *map(str, args)])


def _batch(*args) -> object:
    return runner.invoke(app, ["batch", *map(str, args), "-p", "1", "-q", "-w", "30"])


# --- batch --------------------------------------------------------------------------------------------


def test_batch_output_hard_linked_to_a_one_line_dataset_is_refused_not_truncated(tmp_path, dataset):
    link = tmp_path / "out.jsonl"
    os.link(dataset, link)
    before = _digest(dataset)
    result = _batch(dataset, "-o", link)
    assert result.exit_code == 1 and "is the input dataset" in result.output, result.output
    assert _digest(dataset) == before and dataset.stat().st_size > 0


def test_batch_refuses_a_one_line_file_that_is_not_batch_output(tmp_path, dataset):
    for content in ('{"important": "settings", "keep": true}', "my notes, one line, no newline",
                    '{"id": "x", "documents": ["a complete JSON line that is not ours"]}'):
        out = tmp_path / "important.json"
        out.write_text(content, encoding="utf-8")
        result = _batch(dataset, "-o", out)
        assert result.exit_code == 1 and "not a `newsbrief batch` output line" in result.output, content
        assert out.read_text(encoding="utf-8") == content


def test_batch_still_trims_its_own_torn_line(tmp_path, dataset):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "other", "summary": "A line."}\n{"id": "ferry", "summ', encoding="utf-8")
    assert completed_ids(out) == {"other"}
    assert out.read_text(encoding="utf-8") == '{"id": "other", "summary": "A line."}\n'


def test_batch_into_a_null_device_works_and_leaves_it_a_device(dataset, null_device):
    result = _batch(dataset, "-o", null_device)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(null_device).st_mode)


def test_batch_into_a_pipe_through_dev_stdout_does_not_hang(dataset):
    command = [sys.executable, "-m", "newsbrief", "batch", str(dataset), "-o", "/dev/stdout", "-q", "-p", "1", "-w", "30"]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.decode().splitlines()
    assert json.loads(line)["id"] == "ferry"


def test_batch_into_a_fifo_streams_and_keeps_the_fifo(tmp_path, dataset):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received = _read_fifo_in_background(fifo)
    result = run_batch(dataset, fifo, words=30, processes=1)
    assert result.written == 1
    assert json.loads(received.result())["id"] == "ferry"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


class _Result:
    def __init__(self) -> None:
        self.data = b""
        self.thread: threading.Thread | None = None

    def result(self) -> str:
        assert self.thread is not None
        self.thread.join(timeout=60)
        return self.data.decode("utf-8")


def _read_fifo_in_background(fifo: Path) -> _Result:
    out = _Result()

    def read() -> None:
        with open(fifo, "rb") as handle:
            out.data = handle.read()

    out.thread = threading.Thread(target=read, daemon=True)
    out.thread.start()
    return out


# --- brief / analyze / stories / eval -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.md", "page.html", "data.json", "list.jsonl"])
def test_brief_refuses_an_existing_file_that_is_not_ours(tmp_path, good, name):
    out = tmp_path / name
    out.write_text("something the user wrote\nand wants to keep\n", encoding="utf-8")
    result = _brief(good, "-o", out)
    assert result.exit_code == 1
    assert "exists and is not newsbrief output; refusing to overwrite it" in result.output
    assert out.read_text(encoding="utf-8") == "something the user wrote\nand wants to keep\n"


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_brief_replaces_its_own_earlier_output(tmp_path, good, fmt):
    out = tmp_path / f"brief.{fmt}"
    assert _brief(good, "-f", fmt, "-o", out).exit_code == 0
    from newsbrief.fileio import is_newsbrief_output

    first = out.read_text(encoding="utf-8")
    assert is_newsbrief_output(first.encode())
    out.write_text(first.replace("Ferry", "Fery"), encoding="utf-8")  # still ours, edited by an earlier version
    assert _brief(good, "-f", fmt, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == first


def test_an_empty_existing_file_may_be_written(tmp_path, good):
    out = tmp_path / "empty.md"
    out.touch()
    assert _brief(good, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_brief_into_a_fifo_streams_and_keeps_the_fifo(tmp_path, good):
    fifo = tmp_path / "brief.fifo"
    os.mkfifo(fifo)
    received = _read_fifo_in_background(fifo)
    result = _brief(good, "-o", fifo)
    assert result.exit_code == 0, result.output
    assert received.result().startswith("# ")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.fifo", "good.txt"]


def test_brief_to_a_null_device(good, null_device):
    assert _brief(good, "-o", null_device).exit_code == 0
    assert stat.S_ISCHR(os.stat(null_device).st_mode)


def test_output_through_a_symlink_keeps_the_link(tmp_path, good):
    target = tmp_path / "real.md"
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert _brief(good, "-o", link).exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("# ")


def test_hard_link_into_an_input_folder_is_refused(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text(GOOD, encoding="utf-8")
    (story / "b.md").write_text("")  # an empty article file, hard-linked outside the folder below
    os.link(story / "b.md", tmp_path / "out.md")
    result = _brief(story, "-o", tmp_path / "out.md")
    assert result.exit_code == 1 and "hard link to a file in the input folder" in result.output


def test_stories_refuses_an_existing_file_before_the_work(tmp_path, good):
    out = tmp_path / "mine.jsonl"
    out.write_text('{"id": 1, "note": "mine"}\n', encoding="utf-8")
    result = runner.invoke(app, ["stories", str(good), "-o", str(out), "--no-brief", "-q"])
    assert result.exit_code == 1 and "not newsbrief output" in result.output
    assert out.read_text(encoding="utf-8") == '{"id": 1, "note": "mine"}\n'


def test_stories_replaces_its_own_output(tmp_path, good):
    out = tmp_path / "stories.jsonl"
    for _ in range(2):
        result = runner.invoke(app, ["stories", str(good), "-o", str(out), "--no-brief", "-q"])
        assert result.exit_code == 0, result.output


def test_write_output_refuses_block_devices_and_folders(tmp_path):
    from newsbrief.fileio import write_output

    with pytest.raises(InputError, match="is a folder"):
        write_output(tmp_path, "x")
    block = next((p for p in ("/dev/loop0", "/dev/sda", "/dev/vda") if os.path.exists(p)
                  and stat.S_ISBLK(os.stat(p).st_mode)), None)
    if block is not None:
        with pytest.raises(InputError, match="not a regular file, character device or FIFO"):
            write_output(block, "x")


# --- stories --state ------------------------------------------------------------------------------------


def test_state_refusing_a_foreign_folder_creates_nothing_in_it(tmp_path, good):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "holiday.txt").write_text("not a state\n", encoding="utf-8")
    out = tmp_path / "s.jsonl"
    for _ in range(2):
        result = runner.invoke(app, ["stories", str(good), "-o", str(out), "--state", str(folder), "--no-brief", "-q"])
        assert result.exit_code == 1 and "not a newsbrief state directory" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["holiday.txt"]
