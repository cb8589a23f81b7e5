"""`batch -o OUT/` (issue 14): partitions read by workers, part files + manifest, resume, no duplicates.

These run on this machine (in process or a local pool); tests/test_cluster.py runs the same code on Dask.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief import batch_folder
from newsbrief.batch import run_batch
from newsbrief.batch_folder import MANIFEST, run_batch_folder
from newsbrief.cli import app
from newsbrief.errors import InputError
from newsbrief.executor import InProcess, LocalPool, executor_for
from newsbrief.ingest import read_jsonl
from newsbrief.partitions import count_newlines, cut, input_files, number, read_partition

from test_batch import INVENTED

# Invented stories (written for these tests), enough lines that small partitions cut through them.
STORIES = [dict(INVENTED[i % 2], id=f"story-{i:02d}") for i in range(12)]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _parts_text(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("part-*.jsonl")))


def _plan(path: Path, size: int):
    parts = cut([path], size)
    return number(parts, [count_newlines(p) for p in parts])


def _key(item) -> tuple:
    return (type(item).__name__, str(item) if isinstance(item, Exception) else getattr(item, "id", None))


@pytest.mark.parametrize("size", [1, 7, 100, 333, 10_000])
def test_partitions_hold_every_line_once_with_its_line_number(tmp_path, size):
    lines = [json.dumps(s) for s in STORIES[:4]] + ["", "{not json", json.dumps({"id": "x"}), "\ufeff[1]"]
    lines += [json.dumps({"id": "feed-1", "text": "An article line of a feed."}), json.dumps(STORIES[5])]
    path = _write(tmp_path / "d.jsonl", lines)
    whole = [_key(i) for i in read_jsonl(path)]
    pieces = [_key(i) for p in _plan(path, size) for i in read_partition(p, 1 << 20)]
    assert pieces == whole
    assert any(k[1].startswith(f"{path}:6: not valid JSON") for k in whole if k[0] == "UnsupportedFormat")


def test_gzip_and_globs_are_read_in_order(tmp_path):
    a = _write(tmp_path / "a.jsonl", [json.dumps(s) for s in STORIES[:3]])
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(s) + "\n" for s in STORIES[3:6]))
    (tmp_path / "notes.txt").write_text("not a dataset\n", encoding="utf-8")
    files = input_files([str(tmp_path / "*.jsonl*")])
    assert [f.name for f in files] == ["a.jsonl", "b.jsonl.gz"]
    assert input_files([tmp_path]) == files
    parts = cut(files, 50)
    assert len([p for p in parts if p.path.endswith(".gz")]) == 1  # gzip cannot be entered mid-stream
    got = [s.id for p in number(parts, [count_newlines(p) if not p.path.endswith(".gz") else 0 for p in parts])
           for s in read_partition(p, 1 << 20)]
    assert got == [s["id"] for s in STORIES[:6]]
    assert a.read_text(encoding="utf-8").count("\n") == 3  # inputs only read
    with pytest.raises(InputError, match="matches no dataset file"):
        input_files([str(tmp_path / "*.nothing")])


def test_folder_equals_one_file_run_and_a_rerun_does_only_missing_parts(tmp_path, monkeypatch):
    lines = [json.dumps(s) for s in STORIES] + ["{broken"]
    dataset = _write(tmp_path / "d.jsonl", lines)
    one = tmp_path / "one.jsonl"
    local = run_batch(dataset, one, words=40, processes=1)
    out = tmp_path / "out"
    result = run_batch_folder([dataset], out, words=40, executor=LocalPool(2), partition_bytes=2_000)
    assert result.complete and result.parts > 3 and result.stories == 12
    assert _parts_text(out) == one.read_text(encoding="utf-8")
    assert set(result.errors) == set(local.errors)
    # An interrupted run: two parts lost (as if their workers never reported); the re-run does only those.
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    (out / manifest["parts"][1]["part"]).unlink()
    manifest["parts"][3]["done"] = False
    manifest["complete"] = False
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    ran = []
    again = run_batch_folder([dataset], out, words=40, executor=InProcess(), on_part=lambda d: ran.append(d.index))
    assert sorted(ran) == [1, 3] and again.parts_done_before == again.parts - 2
    assert _parts_text(out) == one.read_text(encoding="utf-8")
    assert run_batch_folder([dataset], out, words=40).parts_done_now == 0


def test_a_story_id_repeated_across_parts_is_kept_once_and_reported(tmp_path):
    lines = [json.dumps(s) for s in STORIES[:6]] + [json.dumps(dict(STORIES[7], id="story-01"))]
    dataset = _write(tmp_path / "d.jsonl", lines)
    one = tmp_path / "one.jsonl"
    local = run_batch(dataset, one, words=40, processes=1)
    out = tmp_path / "out"
    result = run_batch_folder([dataset], out, words=40, partition_bytes=1_500)
    assert result.parts > 2
    assert _parts_text(out) == one.read_text(encoding="utf-8")
    assert result.errors == local.errors == (f"{dataset}:7: story id 'story-01' repeats line 2; skipped",)


def test_folder_of_other_inputs_or_not_ours_is_refused(tmp_path):
    dataset = _write(tmp_path / "d.jsonl", [json.dumps(s) for s in STORIES[:2]])
    out = tmp_path / "out"
    run_batch_folder([dataset], out, words=40)
    with pytest.raises(InputError, match="holds a run over other inputs or options"):
        run_batch_folder([dataset], out, words=60)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not empty and holds no manifest.json"):
        run_batch_folder([dataset], mine)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_cli_batch_folder_and_bad_cluster_address(tmp_path):
    dataset = _write(tmp_path / "d.jsonl", [json.dumps(s) for s in STORIES[:3]])
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["batch", str(dataset), "-o", f"{out}/", "-w", "40", "-p", "1", "--quiet"])
    assert run.exit_code == 0, run.output
    assert [json.loads(line)["id"] for line in _parts_text(out).splitlines()] == ["story-00", "story-01", "story-02"]
    bad = CliRunner().invoke(app, ["batch", str(dataset), "-o", f"{tmp_path / 'o2'}/", "--cluster", "local:0"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bad.output.strip() == "error: --cluster local:N needs a whole number of workers N >= 1, got 'local:0'"


def test_batch_analysis_lines_carry_the_full_brief(tmp_path):
    import jsonschema

    from newsbrief.render import schema

    dataset = _write(tmp_path / "d.jsonl", [json.dumps(INVENTED[0])])
    out = tmp_path / "out"
    run_batch_folder([dataset], out, words=40, analysis=True)
    record = json.loads(_parts_text(out))
    jsonschema.validate(record["brief"], schema())
    assert record["brief"]["analysis"] is True and record["brief"]["entities"]
    assert record["sentences"] == record["brief"]["summary"]["sentences"]


def test_executors_give_the_same_results_in_order():
    items = list(range(7))
    for executor in (InProcess(), LocalPool(2), executor_for(processes=2)):
        with executor:
            assert list(executor.map(abs, [-i for i in items])) == items
    assert batch_folder.part_name(3) == "part-00003.jsonl"


def test_cli_folder_run_shows_parts_stories_rate_and_failures(tmp_path):
    dataset = _write(tmp_path / "d.jsonl", [json.dumps(s) for s in STORIES[:3]] + ["{oops"])
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["batch", str(dataset), "-o", f"{out}/", "-w", "40", "-p", "1"])
    assert run.exit_code == 1 and "Traceback" not in run.output
    assert f"error: {dataset}:4: not valid JSON" in run.output
    assert "3 stories" in run.output and "1 failures" in run.output and "/s" in run.output
    assert "1 parts (3 stories) written to" in run.output
