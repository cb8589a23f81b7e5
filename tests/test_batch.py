"""newsbrief batch: one JSON line per story, resumable, bad lines reported, input untouched."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief import batch
from newsbrief.batch import completed_ids, run_batch
from newsbrief.cli import app
from newsbrief.errors import InputError, NewsbriefError, UnsupportedFormat
from newsbrief.ingest import read_dataset
from newsbrief.pipeline import brief_articles
from newsbrief.render import to_dict

_real_brief_story = batch._brief_story

# Three short real stories (2-4 articles, 380-530 words in all) keep the tests fast.
DEV_LINES = (2, 3, 4)

INVENTED = [
    {
        "id": "council-budget",
        "documents": [
            "The city council approved a new budget on Monday after a long debate. The budget adds money for "
            "parks and road repairs across the city. Mayor Ellen Park said the plan keeps taxes flat for a third "
            "year. Critics said the road money would not cover the worst streets.",
            "Council members voted 7-2 on Monday to approve the city budget. The plan funds parks and road "
            "repairs and keeps property taxes flat, the mayor said. Two members voted against it, saying the "
            "road repairs were underfunded. The budget takes effect in July.",
        ],
        "summaries": [
            "The council passed a budget funding parks and roads with flat taxes; critics say roads lack money."
        ],
    },
    {
        "id": "harbor-storm",
        "documents": [
            "A storm closed the harbor on Friday as winds reached 90 kilometers an hour. Ferries to the islands "
            "were cancelled for the whole day. The port authority said the harbor would reopen on Saturday morning "
            "if the wind dropped. No injuries were reported.",
        ],
        "summaries": ["A storm with 90 km/h winds shut the harbor and cancelled ferries on Friday."],
    },
]


def _line(path: Path, number: int) -> str:
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            if n == number:
                return line.rstrip("\n")
    raise AssertionError(f"{path} has no line {number}")


@pytest.fixture
def dataset(tmp_path, shared_data) -> Path:
    """Three real Multi-News stories and two invented ones."""
    dev = shared_data / "data" / "multinews-dev.jsonl"
    lines = [_line(dev, n) for n in DEV_LINES] + [json.dumps(s) for s in INVENTED]
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_batch_writes_one_cited_summary_per_story(dataset, tmp_path):
    before = _digest(dataset)
    out = tmp_path / "out.jsonl"
    result = run_batch(dataset, out, words=60, processes=1)
    assert _digest(dataset) == before
    assert (result.written, result.skipped, result.errors) == (5, 0, ())
    records = _records(out)
    stories = {s.id: s for s in read_dataset(dataset)}
    assert [r["id"] for r in records] == list(stories)
    for record in records:
        texts = [s["text"] for s in record["sentences"]]
        assert texts and record["summary"] == "\n".join(texts)
        assert len(record["summary"].split()) <= 60
        article_ids = {a.id for a in stories[record["id"]].articles}
        for sentence in record["sentences"]:
            assert sentence["article"] in article_ids
            assert set(sentence["sources"]) <= article_ids
    # The sentences are the brief JSON's summary.sentences for the same story and budget.
    story = stories["council-budget"]
    expected = to_dict(brief_articles(story.articles, words=60, story_id=story.id))["summary"]["sentences"]
    assert next(r for r in records if r["id"] == "council-budget")["sentences"] == expected


def test_two_processes_write_the_same_file_as_one(dataset, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(dataset, one, words=80, processes=1)
    result = run_batch(dataset, two, words=80, processes=2)
    assert result.written == 5
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")


def test_resume_runs_only_missing_stories_and_trims_a_torn_line(dataset, tmp_path):
    full = tmp_path / "full.jsonl"
    run_batch(dataset, full, words=60, processes=1)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    # A run killed while writing its third line: two whole lines and half of the third.
    out = tmp_path / "out.jsonl"
    out.write_text(lines[0] + lines[1] + lines[2][: len(lines[2]) // 2], encoding="utf-8")
    seen = []
    result = run_batch(dataset, out, words=60, processes=1, on_story=lambda story_id, error: seen.append(story_id))
    assert (result.written, result.skipped) == (3, 2)
    assert seen == [json.loads(line)["id"] for line in lines[2:]]
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
    # Nothing left to do the second time.
    again = run_batch(dataset, out, words=60, processes=1)
    assert (again.written, again.skipped) == (0, 5)
    ids = [r["id"] for r in _records(out)]
    assert len(ids) == len(set(ids)) == 5


def test_resume_keeps_a_whole_last_line_that_lacks_its_newline(dataset, tmp_path):
    full = tmp_path / "full.jsonl"
    run_batch(dataset, full, words=60, processes=1)
    lines = full.read_text(encoding="utf-8").splitlines()
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join(lines[:3]), encoding="utf-8")
    assert completed_ids(out) == {json.loads(line)["id"] for line in lines[:3]}
    result = run_batch(dataset, out, words=60, processes=1)
    assert (result.written, result.skipped) == (2, 3)
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")


def test_bad_lines_are_reported_by_line_and_the_rest_runs(tmp_path):
    good = [json.dumps(s) for s in INVENTED]
    lines = [
        good[0],
        '{"id": "broken", "documents": ["unterminated',
        json.dumps({"id": "no-docs", "summaries": ["x"]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "council-budget", "documents": ["A repeated id must not run twice."]}),
        good[1],
    ]
    dataset = tmp_path / "mixed.jsonl"
    dataset.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_batch(dataset, out, words=50, processes=1)
    assert [r["id"] for r in _records(out)] == ["council-budget", "harbor-storm"]
    assert result.written == 2
    assert len(result.errors) == 4
    assert result.errors[0].startswith(f"{dataset}:2: not valid JSON")
    assert result.errors[1] == f"{dataset}:3: missing field(s) documents"
    assert result.errors[2].startswith(f"{dataset}:4: expected a JSON object")
    assert result.errors[3].startswith(f"{dataset}:5: story id 'council-budget' repeats line 1")


def test_cli_batch_reports_bad_lines_and_exits_1(tmp_path):
    dataset = tmp_path / "mixed.jsonl"
    dataset.write_text(json.dumps(INVENTED[1]) + "\n{oops\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(dataset), "-o", str(out), "--words", "40", "--processes", "1", "--quiet"]
    run = CliRunner().invoke(app, args)
    assert run.exit_code == 1
    assert "Traceback" not in run.output
    errors = [line for line in run.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{dataset}:2: not valid JSON" in errors[0]
    assert [r["id"] for r in _records(out)] == ["harbor-storm"]


def test_cli_batch_on_good_input_exits_0(dataset, tmp_path):
    out = tmp_path / "out.jsonl"
    run = CliRunner().invoke(app, ["batch", str(dataset), "-o", str(out), "--words", "50", "--quiet"])
    assert run.exit_code == 0, run.output
    assert run.output == ""
    assert len(_records(out)) == 5


def test_refuses_to_write_over_the_dataset(dataset):
    before = _digest(dataset)
    with pytest.raises(InputError, match="is the input dataset"):
        run_batch(dataset, dataset, processes=1)
    run = CliRunner().invoke(app, ["batch", str(dataset), "-o", str(dataset), "--quiet"])
    assert run.exit_code == 1 and "is the input dataset" in run.output and "Traceback" not in run.output
    assert _digest(dataset) == before


def test_refuses_to_append_to_a_file_that_is_not_batch_output(dataset, tmp_path):
    out = tmp_path / "notes.jsonl"
    notes = '{"id": "a", "summary": "fine"}\nsome notes of mine\n{"id": "b", "summary": "x"}\n'
    out.write_text(notes, encoding="utf-8")
    before = _digest(out)
    with pytest.raises(UnsupportedFormat, match=r"notes\.jsonl:2: not a `newsbrief batch` output line"):
        run_batch(dataset, out, processes=1)
    assert _digest(out) == before


def test_missing_dataset_is_one_line_error(tmp_path):
    run = CliRunner().invoke(app, ["batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert run.exit_code == 1
    assert run.output.strip() == f"error: {tmp_path / 'nope.jsonl'}: no such dataset file"


def test_a_killed_run_resumes_without_losing_or_repeating_stories(tmp_path):
    # Forty invented stories: enough that the run is still going when the first line lands.
    stories = [dict(INVENTED[i % 2], id=f"story-{i:02d}") for i in range(40)]
    dataset = tmp_path / "many.jsonl"
    dataset.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "newsbrief", "batch", str(dataset), "-o", str(out), "-w", "40", "-p", "1", "-q"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.stat().st_size > 0:
                break
            time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    before = completed_ids(out)  # also trims a line the kill may have torn
    assert before, "the run wrote nothing before it was killed"
    result = run_batch(dataset, out, words=40, processes=1)
    assert result.skipped == len(before) and result.written == 40 - len(before)
    ids = [r["id"] for r in _records(out)]
    assert sorted(ids) == [s["id"] for s in stories]


def _die_on_harbor(task):
    """Stands in for the worker function: the worker briefing 'harbor-storm' dies like an OOM kill."""
    if task.id == "harbor-storm":
        os._exit(9)
    return _real_brief_story(task)


def test_a_dead_worker_is_an_error_not_a_hang(dataset, tmp_path, monkeypatch):
    # Forked workers see the patched module attribute, so one of them really dies mid-run.
    monkeypatch.setattr(batch, "_brief_story", _die_on_harbor)
    out = tmp_path / "out.jsonl"
    with pytest.raises(NewsbriefError, match="worker process died.*run the same command again"):
        run_batch(dataset, out, words=50, processes=2)
    written = {r["id"] for r in _records(out)}
    assert "harbor-storm" not in written
    monkeypatch.undo()
    result = run_batch(dataset, out, words=50, processes=2)
    assert result.written + result.skipped == 5 and result.skipped == len(written)
    assert len(_records(out)) == 5


def test_unwritable_output_is_one_line_error(dataset, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["batch", str(dataset), "-o", str(blocker / "out.jsonl"), "-p", "1", "-q"])
    assert run.exit_code == 1 and "Traceback" not in run.output
    assert run.output.startswith(f"error: {blocker / 'out.jsonl'}: cannot write the output")


def test_the_same_input_gives_the_same_output_whatever_the_hash_seed(shared_data, tmp_path):
    """Sets iterate in an order that changes with PYTHONHASHSEED; the selection program's column
    order and its float sums must not follow it, or HiGHS breaks ties differently from run to run
    (seen on these DUC 2006 topics before the fix)."""
    wanted = {"D0602B", "D0617H", "D0631D", "D0641E"}
    lines = [
        line for line in (shared_data / "data" / "duc2006.jsonl").read_text(encoding="utf-8").split("\n")
        if line.strip() and json.loads(line)["id"] in wanted
    ]
    assert len(lines) == len(wanted)
    dataset = tmp_path / "four.jsonl"
    dataset.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for seed in ("0", "1", "2"):
        out = tmp_path / f"out-{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "newsbrief", "batch", str(dataset), "-o", str(out), "--words", "250", "-p", "1", "--quiet"],
            check=True, env=env, capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
