"""Batch and stories on a Dask LocalCluster (2 worker processes), as CI runs them (issue 14).

A batch over real data equals the one-machine run; a worker SIGKILLed mid-run loses and repeats
nothing; the scheduler going away is one error line and the re-run finishes the rest; `stories` on
the cluster gives the same stories as on one machine. Inputs are small so the module stays fast;
the tests share one cluster (xdist_group: one pytest worker runs them all).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import pytest
from conftest import need

from newsbrief.batch import run_batch
from newsbrief.batch_folder import MANIFEST, run_batch_folder
from newsbrief.errors import ClusterError
from newsbrief.executor import InProcess

pytestmark = pytest.mark.xdist_group("dask-cluster")

try:
    import distributed  # noqa: F401

    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False


@pytest.fixture(scope="module")
def cluster():
    need(HAVE_DASK, "needs the [cluster] extra (dask, distributed)")
    from newsbrief.executor import DaskExecutor

    with DaskExecutor("local:2") as executor:
        yield executor


@pytest.fixture(scope="module")
def real_dataset(shared_data, tmp_path_factory) -> Path:
    """Eight real Multi-News stories (short ones) and a bad line, read in place and written as one file."""
    source = shared_data / "data" / "multinews-dev.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    short = sorted(range(len(lines)), key=lambda i: len(lines[i]))[:8]
    path = tmp_path_factory.mktemp("cluster") / "stories.jsonl"
    path.write_text("".join(lines[i] + "\n" for i in sorted(short)) + "{not json\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_run(real_dataset, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "one.jsonl"
    result = run_batch(real_dataset, out, words=60, processes=1)
    return out.read_text(encoding="utf-8"), result


def _parts_text(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("part-*.jsonl")))


def _ids(text: str) -> list[str]:
    return [json.loads(line)["id"] for line in text.splitlines()]


def test_batch_on_a_cluster_equals_the_local_run(cluster, real_dataset, local_run, tmp_path):
    expected, local = local_run
    out = tmp_path / "out"
    result = run_batch_folder([real_dataset], out, words=60, executor=cluster, partition_bytes=8_000)
    assert result.complete and result.parts >= 4
    assert _parts_text(out) == expected
    assert set(result.errors) == set(local.errors) and any(":9: not valid JSON" in e for e in result.errors)


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(cluster, real_dataset, local_run, tmp_path):
    expected, _ = local_run
    pids = list(cluster.client.run(os.getpid).values())
    killed = []

    def kill_one(done) -> None:
        if not killed:  # the other worker is busy with its own part: this kills a task in flight
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    out = tmp_path / "out"
    result = run_batch_folder([real_dataset], out, words=60, executor=cluster, partition_bytes=6_000,
                              on_part=kill_one)
    assert killed and result.complete
    assert _parts_text(out) == expected
    ids = _ids(_parts_text(out))
    assert len(ids) == len(set(ids)) == len(_ids(expected))


def test_the_scheduler_going_away_keeps_finished_parts_and_a_rerun_finishes(real_dataset, local_run, tmp_path):
    need(HAVE_DASK, "needs the [cluster] extra (dask, distributed)")
    from newsbrief.executor import DaskExecutor

    expected, _ = local_run
    out = tmp_path / "out"
    executor = DaskExecutor("local:1")
    stopper: list[threading.Thread] = []

    def stop_scheduler(done) -> None:
        if not stopper:
            stopper.append(threading.Thread(target=executor._cluster.close))
            stopper[0].start()

    try:
        with pytest.raises(ClusterError) as lost:
            run_batch_folder([real_dataset], out, words=60, executor=executor, partition_bytes=4_000,
                             on_part=stop_scheduler)
    finally:
        stopper and stopper[0].join()
        executor.close()
    message = str(lost.value)
    assert "\n" not in message and message.startswith("lost the Dask scheduler at local:1")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    done = [e for e in manifest["parts"] if e["done"]]
    assert done and len(done) < len(manifest["parts"]) and not manifest["complete"]
    # The re-run, here in this process: only the missing parts, and the result is whole.
    ran = []
    again = run_batch_folder([real_dataset], out, words=60, executor=InProcess(), on_part=lambda d: ran.append(d.index))
    assert again.complete and len(ran) == len(manifest["parts"]) - len(done)
    assert _parts_text(out) == expected


def test_stories_on_a_cluster_equal_the_one_machine_run(cluster, shared_data, tmp_path, monkeypatch):
    from newsbrief.stories.run import run_stories

    source = shared_data / "data" / "tac2011-multiling-en.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[:3]
    pool = tmp_path / "pool.jsonl"  # 20 real WikiNews articles (2 topics) pooled; 6 of a third as a feed
    pool.write_text("".join(line + "\n" for line in lines[:2]), encoding="utf-8")
    # A feed file too (one article per line, as a crawler writes), with a bad line and a repeated id.
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": f"f{i}", "text": text, "date": "2011-05-0%d" % (i % 9 + 1)}
            for i, text in enumerate(json.loads(lines[2])["documents"][:6])]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{oops\n" + json.dumps(rows[0]) + "\n",
                    encoding="utf-8")
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    local = run_stories([pool, feed], one)
    # On the cluster the workers read the JSON Lines in partitions; cut small here, so there are several.
    monkeypatch.setattr("newsbrief.partitions.MIN_PARTITION_BYTES", 4_000)
    spread = run_stories([pool, feed], many, executor=cluster)
    assert many.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")
    assert (spread.stories, spread.briefed, spread.errors) == (local.stories, local.briefed, local.errors)
    assert local.stories >= 3 and len(local.errors) == 2


def _note_setup(folder: str) -> None:
    """A worker's one-time setup: leaves one file per process that ran it."""
    Path(folder, f"setup-{os.getpid()}").write_text("loaded\n", encoding="utf-8")


def _pid(_item) -> int:
    return os.getpid()


def test_each_worker_runs_its_setup_once_not_once_per_task(cluster, tmp_path):
    pids = list(cluster.map(_pid, range(40), setup=(_note_setup, str(tmp_path))))
    setups = sorted(p.name for p in tmp_path.glob("setup-*"))
    assert setups == sorted(f"setup-{pid}" for pid in set(pids))
    assert len(pids) == 40 and len(setups) <= 2
