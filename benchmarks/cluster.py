"""Batch and stories on Dask distributed against the local process pool (issue 14).

    PYTHONPATH=src .venv/bin/python benchmarks/cluster.py [--dataset ../shared/data/multinews-dev.jsonl] [--json out.json]

Measures, on the same input and the same partitions:

1. `batch` throughput: the local pool (file output, 1 and 2 processes), the folder of parts on a
   local pool of 2, and on a Dask LocalCluster of 1 and 2 worker processes (cluster start-up timed
   apart; a run includes each worker's one-time model load, as a real run does).
2. Per-task overhead of the Dask scheduler: 400 no-op tasks through the same executor.
3. Memory per Dask worker after the run (RSS and PSS, psutil).
4. `stories --no-brief` over the pooled dataset: cleaning + features on the executor, grouping
   on the client; the time of each stage.

Prints JSON (and writes it with --json). The machine's load average is recorded before and after:
on a shared machine the timings are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsbrief.batch import run_batch  # noqa: E402
from newsbrief.batch_folder import run_batch_folder  # noqa: E402
from newsbrief.executor import DaskExecutor, LocalPool  # noqa: E402


def _noop(x):
    return x


def _memory() -> dict:
    import psutil

    info = psutil.Process().memory_full_info()
    return {"rss_mb": round(info.rss / 2**20, 1), "pss_mb": round(getattr(info, "pss", 0) / 2**20, 1)}


def _batch_runs(dataset: Path, words: int, partition_bytes: int, tmp: Path) -> dict:
    out: dict = {}
    for processes in (1, 2):
        started = time.perf_counter()
        result = run_batch(dataset, tmp / f"file-{processes}.jsonl", words=words, processes=processes)
        out[f"local_pool_{processes}_file_s"] = round(time.perf_counter() - started, 2)
        out["stories"] = result.written
    with LocalPool(2) as pool:
        started = time.perf_counter()
        run_batch_folder([dataset], tmp / "pool-2", words=words, executor=pool, partition_bytes=partition_bytes)
        out["local_pool_2_folder_s"] = round(time.perf_counter() - started, 2)
    for workers in (1, 2):
        started = time.perf_counter()
        with DaskExecutor(f"local:{workers}") as dask:
            out[f"dask_{workers}_startup_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            result = run_batch_folder([dataset], tmp / f"dask-{workers}", words=words, executor=dask,
                                      partition_bytes=partition_bytes)
            out[f"dask_{workers}_run_s"] = round(time.perf_counter() - started, 2)
            out["parts"] = result.parts
            out[f"dask_{workers}_worker_memory"] = list(dask.client.run(_memory).values())
            if workers == 2:
                n = 400
                started = time.perf_counter()
                list(dask.map(_noop, range(n)))
                out["dask_per_task_overhead_ms"] = round((time.perf_counter() - started) / n * 1000, 2)
        same = (tmp / "file-1.jsonl").read_text(encoding="utf-8") == "".join(
            p.read_text(encoding="utf-8") for p in sorted((tmp / f"dask-{workers}").glob("part-*.jsonl")))
        out[f"dask_{workers}_equals_local"] = same
    return out


def _stories_runs(dataset: Path, tmp: Path) -> dict:
    from newsbrief.stories.run import run_stories

    out: dict = {}
    for label, make in (("local_1", lambda: None), ("dask_2", lambda: DaskExecutor("local:2"))):
        executor = make()
        try:
            marks: dict[str, float] = {}

            def progress(stage: str, done: int, total: int) -> None:
                marks.setdefault(stage + "_first", time.perf_counter())
                marks[stage + "_last"] = time.perf_counter()

            started = time.perf_counter()
            result = run_stories([dataset], tmp / f"stories-{label}.jsonl", briefs=False, progress=progress,
                                 executor=executor)
            total = time.perf_counter() - started
        finally:
            if executor is not None:
                executor.close()
        out[label] = {
            "articles": result.articles, "stories": result.stories, "total_s": round(total, 2),
            "read_and_clean_s": round(marks["cleaning_last"] - started, 2),
            "grouping_s": round(marks["grouping_last"] - marks["cleaning_last"], 2),
        }
    same = (tmp / "stories-local_1.jsonl").read_text(encoding="utf-8") == (
        tmp / "stories-dask_2.jsonl").read_text(encoding="utf-8")
    out["dask_equals_local"] = same
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=REPO.parent / "shared" / "data" / "multinews-dev.jsonl")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--partition-bytes", type=int, default=128 << 10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = {"dataset": str(args.dataset), "cpus": os.cpu_count(), "loadavg_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        result["batch"] = _batch_runs(args.dataset, args.words, args.partition_bytes, Path(tmp))
        result["stories"] = _stories_runs(args.dataset, Path(tmp))
    result["loadavg_after"] = os.getloadavg()
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
