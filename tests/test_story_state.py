"""Incremental story state (issue 4): equals one-shot, survives crashes, refuses corruption and concurrency."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from test_stories import TALKS, WEAPONS, _articles, _dateline, _partition
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.errors import StoreError
from newsbrief.ingest import StoryInput, read_paths
from newsbrief.models import Article
from newsbrief.stories import group_stories, stories_of
from newsbrief.stories import state as state_module
from newsbrief.stories.run import run_stories
from newsbrief.stories.state import StoryStateDir


def _tac_stream(shared_data, count: int) -> list[Article]:
    """Real dated articles (TAC 2011), oldest first, as a stream that arrives in order."""
    articles = [a for item in read_paths([shared_data / "data" / "tac2011-multiling-en.jsonl"])
                if isinstance(item, StoryInput) for a in item.articles]
    from newsbrief.clean import clean

    dated = sorted(articles, key=lambda a: (clean(a).article.date or "", a.id))
    return dated[:count]


def _grouped_in_parts(state, parts):
    """The stories of one --state folder after a run per part, each continuing the one before."""
    for part in parts:
        with StoryStateDir(state) as saved:
            grouping = group_stories(part, grouper=saved.grouper)
            saved.commit(saved.grouper, grouping.articles)
    with StoryStateDir(state) as saved:
        return stories_of(saved.grouper)


def test_incremental_runs_equal_one_shot_on_real_articles(tmp_path, shared_data):
    stream = _tac_stream(shared_data, 60)
    one_shot = group_stories(stream)
    # Three runs over the same stream, each continuing the saved state.
    incremental = _grouped_in_parts(tmp_path / "state", (stream[:20], stream[20:45], stream[45:]))
    assert {frozenset(s.articles) for s in incremental} == _partition(one_shot)
    assert [s.id for s in incremental] == [s.id for s in one_shot.stories]
    assert len(one_shot.stories) > 5  # a real grouping, not everything in one story


def test_incremental_runs_equal_one_shot_with_the_story_merge_step(tmp_path, shared_data):
    """Issue 12, fifth round: the merge step is a view of the grouper's state, so splitting the stream changes nothing."""
    from newsbrief.clean import clean
    from newsbrief.settings import load_settings

    # Six DUC 2006 topics (150 dated articles), oldest first: the online pass splits them, the step joins fragments.
    articles = [a for item in read_paths([shared_data / "data" / "duc2006.jsonl"]) if isinstance(item, StoryInput)
                for a in item.articles]
    topics = sorted({a.id.split(":")[0] for a in articles})[:6]
    stream = sorted((a for a in articles if a.id.split(":")[0] in topics), key=lambda a: (clean(a).article.date or "", a.id))
    one_shot = group_stories(stream)
    unmerged = group_stories(stream, settings=load_settings(stories_merge=False))
    assert len(one_shot.stories) < len(unmerged.stories)  # the step did merge fragments
    incremental = _grouped_in_parts(tmp_path / "state", (stream[:50], stream[50:110], stream[110:]))
    assert incremental == one_shot.stories


def test_incremental_cli_adds_to_stories_and_reuses_briefs(tmp_path):
    day1, day2 = tmp_path / "day1", tmp_path / "day2"
    _write(day1, TALKS[:2])
    _write(day2, TALKS[2:] + WEAPONS)
    state, out1, out2, union = tmp_path / "state", tmp_path / "o1.jsonl", tmp_path / "o2.jsonl", tmp_path / "u.jsonl"
    first = run_stories([day1], out1, state=state)
    assert (first.stories, first.briefed) == (1, 1)
    second = run_stories([day2], out2, state=state)
    assert (second.articles, second.touched, second.briefed) == (3, 2, 2)
    run_stories([day1, day2], union)
    incremental = [json.loads(line) for line in out2.read_text(encoding="utf-8").splitlines()]
    together = [json.loads(line) for line in union.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["articles"]) for r in incremental] == [(r["id"], r["articles"]) for r in together]
    assert [r["brief"]["summary"] for r in incremental] == [r["brief"]["summary"] for r in together]
    # Same input again: nothing new, every brief comes from the cache, and it is not an error.
    third = run_stories([day2], tmp_path / "o3.jsonl", state=state)
    assert (third.articles, third.briefed, third.errors, third.already_grouped) == (0, 0, (), 3)
    again = [json.loads(line) for line in (tmp_path / "o3.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["articles"]) for r in again] == [(r["id"], r["articles"]) for r in incremental]


def test_cli_rerun_on_known_articles_is_a_note_and_exit_0(tmp_path):
    feed = tmp_path / "feed"
    _write(feed, TALKS)
    state, out = tmp_path / "state", tmp_path / "o.jsonl"
    first = CliRunner().invoke(app, ["stories", str(feed), "-o", str(out), "--state", str(state), "--no-brief"])
    assert first.exit_code == 0, first.output
    before = out.read_text(encoding="utf-8")
    # The same folder plus one new article: the known three are skipped quietly, the new one is grouped.
    _write(feed, WEAPONS[:1])
    again = CliRunner().invoke(app, ["stories", str(feed), "-o", str(out), "--state", str(state), "--no-brief"])
    assert again.exit_code == 0, again.output
    assert "3 articles were already in the state" in again.output and "Traceback" not in again.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {frozenset(r["articles"]) for r in lines} == {frozenset({"talks-1", "talks-2", "talks-3"}), frozenset({"arms-1"})}
    assert json.loads(before.splitlines()[0])["articles"] == lines[0]["articles"]
    # An id repeated within one run is still reported (two inputs claim one id): exit 1.
    twice = CliRunner().invoke(app, ["stories", str(feed / "arms-1.txt"), str(feed / "arms-1.txt"), "-o", str(tmp_path / "t.jsonl"), "--no-brief", "-q"])
    assert twice.exit_code == 1 and "already grouped" in twice.output


def test_crash_while_writing_leaves_state_as_before(tmp_path, monkeypatch):
    state = tmp_path / "state"
    with StoryStateDir(state) as saved:
        grouping = group_stories(_articles(TALKS), grouper=saved.grouper)
        saved.commit(saved.grouper, grouping.articles)
    before = _snapshot(state)

    real_write = state_module._write

    def die_midway(path, text):
        if path.name == "briefs.jsonl":
            real_write(path, text[: len(text) // 2])
            raise KeyboardInterrupt  # the run is killed mid-write
        real_write(path, text)

    monkeypatch.setattr(state_module, "_write", die_midway)
    with pytest.raises(KeyboardInterrupt), StoryStateDir(state) as saved:
        grouping = group_stories(_articles(WEAPONS), grouper=saved.grouper)
        saved.commit(saved.grouper, grouping.articles, {"x": {"story": "x", "articles": [], "brief": {}}})
    monkeypatch.undo()
    with StoryStateDir(state) as saved:
        assert {frozenset(s.articles) for s in stories_of(saved.grouper)} == {frozenset(a for a, *_ in TALKS)}
    assert _snapshot(state) == before  # the live version is byte for byte what it was

    # Killed after the new version is in place but before CURRENT moves: still the old state.
    real_atomic = state_module.write_atomic

    def die_before_pointer(path, text):
        if path.name == "CURRENT":
            raise KeyboardInterrupt
        real_atomic(path, text)

    monkeypatch.setattr(state_module, "write_atomic", die_before_pointer)
    with pytest.raises(KeyboardInterrupt), StoryStateDir(state) as saved:
        grouping = group_stories(_articles(WEAPONS), grouper=saved.grouper)
        saved.commit(saved.grouper, grouping.articles)
    monkeypatch.undo()
    assert _snapshot(state) == before
    # The next run goes on from the old state and cleans up what the killed ones left.
    with StoryStateDir(state) as saved:
        grouping = group_stories(_articles(WEAPONS), grouper=saved.grouper)
        saved.commit(saved.grouper, grouping.articles)
        assert len(grouping.stories) == 2
    assert not [p for p in state.iterdir() if p.name.startswith(".tmp-")]
    assert sorted(p.name for p in (state / "articles").iterdir()) == ["seg-000001.jsonl", "seg-000002.jsonl"]


def test_first_run_killed_before_current_exists_leaves_a_usable_folder(tmp_path, monkeypatch):
    state = tmp_path / "state"
    real_atomic = state_module.write_atomic
    monkeypatch.setattr(state_module, "write_atomic",
                        lambda path, text: (_ for _ in ()).throw(KeyboardInterrupt) if path.name == "CURRENT" else real_atomic(path, text))
    with pytest.raises(KeyboardInterrupt), StoryStateDir(state) as saved:
        saved.commit(saved.grouper, group_stories(_articles(TALKS), grouper=saved.grouper).articles)
    monkeypatch.undo()
    assert (state / "v000001").is_dir() and not (state / "CURRENT").exists()
    with StoryStateDir(state) as saved:
        assert not saved.grouper.stories_  # nothing was ever live
        saved.commit(saved.grouper, group_stories(_articles(TALKS), grouper=saved.grouper).articles)
    with StoryStateDir(state) as saved:
        assert len(saved.grouper.stories_) == 1


def test_corrupt_state_is_refused_not_overwritten(tmp_path):
    state = tmp_path / "state"
    run_stories([_write(tmp_path / "feed", TALKS)], tmp_path / "o.jsonl", state=state, briefs=False)
    version = (state / "CURRENT").read_text().strip()
    grouper_file = state / version / "grouper.json"
    data = grouper_file.read_bytes()
    grouper_file.write_bytes(data.replace(b"talks-1", b"talks-9", 1))
    with pytest.raises(StoreError, match="checksum mismatch"):
        StoryStateDir(state).__enter__()
    assert grouper_file.read_bytes() != data  # left for a human to look at

    grouper_file.write_bytes(data)
    (state / "CURRENT").write_text("v000099\n")
    with pytest.raises(StoreError, match="v000099.*missing"):
        StoryStateDir(state).__enter__()

    (state / "CURRENT").write_text(version + "\n")
    (state / "articles" / "seg-000001.jsonl").write_text("{truncated", encoding="utf-8")
    result = CliRunner().invoke(app, ["stories", str(tmp_path / "feed"), "-o", str(tmp_path / "p.jsonl"), "--state", str(state), "-q"])
    assert result.exit_code == 1
    assert "seg-000001.jsonl: checksum mismatch" in result.output and "Traceback" not in result.output


def test_folder_that_is_not_a_state_is_refused(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not a newsbrief state directory"):
        StoryStateDir(folder).__enter__()
    assert (folder / "todo.txt").read_text(encoding="utf-8") == "keep me"


def test_second_run_on_the_same_state_is_refused(tmp_path):
    state = tmp_path / "state"
    feed = _write(tmp_path / "feed", TALKS)
    with StoryStateDir(state):
        with pytest.raises(StoreError, match="another `newsbrief stories` run is using this state"):
            StoryStateDir(state).__enter__()
        result = CliRunner().invoke(app, ["stories", str(feed), "-o", str(tmp_path / "o.jsonl"), "--state", str(state)])
        assert result.exit_code == 1 and "another" in result.output
        assert not (tmp_path / "o.jsonl").exists()
    assert run_stories([feed], tmp_path / "o.jsonl", state=state, briefs=False).stories == 1  # free again


def test_run_refused_while_another_process_holds_the_lock(tmp_path):
    import subprocess
    import sys

    state = tmp_path / "state"
    state.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a+'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(state / "LOCK")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="another"):
            run_stories([_write(tmp_path / "feed", TALKS)], tmp_path / "o.jsonl", state=state)
    finally:
        holder.kill()
        holder.wait()
    assert not (state / "CURRENT").exists()  # the refused run wrote nothing


def test_incremental_matches_one_shot_whatever_the_split(tmp_path):
    rows = _articles(TALKS + WEAPONS)
    # Later articles may arrive in any order inside a run; runs follow each other in time.
    late = [replace(a, id=a.id + "-b", date=f"2014-{a.date[5:]}") for a in rows]
    random.Random(3).shuffle(late)
    one_shot = group_stories(rows + late)
    with StoryStateDir(tmp_path / "s") as saved:
        saved.commit(saved.grouper, group_stories(rows, grouper=saved.grouper).articles)
    with StoryStateDir(tmp_path / "s") as saved:
        group_stories(late, grouper=saved.grouper)
        assert {frozenset(s.articles) for s in stories_of(saved.grouper)} == _partition(one_shot)


def _write(folder, rows):
    folder.mkdir(parents=True, exist_ok=True)
    for article_id, day, title, body in rows:
        (folder / f"{article_id}.txt").write_text(f"{title}\n\n{_dateline(day)}\n\n{body}\n", encoding="utf-8")
    return folder


def _snapshot(folder):
    current = (folder / "CURRENT").read_text()
    live = folder / current.strip()
    manifest = json.loads((live / "manifest.json").read_text(encoding="utf-8"))
    segments = {name: (folder / "articles" / name).read_bytes() for name in manifest["segments"]}
    return current, {p.name: p.read_bytes() for p in sorted(live.iterdir())}, segments


def test_output_inside_the_state_folder_is_refused(tmp_path):
    state = tmp_path / "state"
    feed = _write(tmp_path / "feed", TALKS)
    result = CliRunner().invoke(app, ["stories", str(feed), "-o", str(state / "out.jsonl"), "--state", str(state), "-q"])
    assert result.exit_code == 1 and "inside the --state folder" in result.output
    assert not state.exists()
