"""CLI start-up: how long `newsbrief --help`, `brief --help`, `--version` and a usage error take.

Usage: .venv/bin/python benchmarks/startup.py [--src PATH] [--runs 9]

``--src`` runs another checkout's sources (e.g. a `git worktree` of an older commit) with this
virtualenv, so before and after are measured on the same machine and packages. Prints the median wall
time and the median CPU time (user + system, less sensitive to a busy machine) of each command.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = [["--help"], ["brief", "--help"], ["--version"], ["brief", "--words", "0", "x"]]


def measure(src: Path, args: list[str], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    env = {**os.environ, "PYTHONPATH": str(src)}
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsbrief", *args], env=env, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src")
    parser.add_argument("--runs", type=int, default=9)
    a = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; sources {a.src}")
    print("| command | wall (median) | CPU (median) |\n|---|---|---|")
    for args in COMMANDS:
        wall, cpu = measure(a.src, args, a.runs)
        print(f"| `newsbrief {' '.join(args)}` | {wall:.3f} s | {cpu:.3f} s |")


if __name__ == "__main__":
    main()
