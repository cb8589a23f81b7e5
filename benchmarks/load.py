"""Web load benchmark (issue 5): readers hammering stored briefs, then concurrent story creation.

    .venv/bin/python benchmarks/load.py                       # SQLite in a temp dir, 50 clients, 30 s
    .venv/bin/python benchmarks/load.py --db postgresql://newsbrief:newsbrief@127.0.0.1/newsbrief_bench
    .venv/bin/python benchmarks/load.py --db postgresql://... --workers 2  # `serve --workers 2` (issue 14)

Starts ``newsbrief serve`` (one uvicorn process) on a free loopback port,
creates one story from ``examples/story``, then:

1. ``--clients`` concurrent connections (wrk, or httpx with ``--tool httpx``)
   read the story page (HTML) and the brief JSON, alternately, for
   ``--duration`` seconds: throughput, p50/p95/p99, errors, and the server's
   CPU time per request (independent of how busy the machine is).
2. ``--creations`` concurrent story creations, each the example articles
   (once twice over, to exercise de-duplication) plus one text of its own,
   and as many concurrent adds of overlapping texts to one story; then
   checks that no article was lost and none stored twice.

The load generator runs on the same machine as the server: on a small
machine it competes for the same cores, so numbers are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "story"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, workers: int = 1) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("newsbrief")
    proc = subprocess.Popen([str(exe), "serve", "--db", db, "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not start within 90 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (`serve --workers N`'s app processes) so far
    (Linux /proc), to cost a request apart from machine load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return own + sum(cpu_seconds(int(child)) for child in children if Path(f"/proc/{child}").exists())


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def read_load(base: str, story_id: int, clients: int, duration_s: float) -> dict:
    paths = [f"/stories/{story_id}", f"/api/stories/{story_id}/brief"]
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    errors: list[str] = []
    stop = time.monotonic() + duration_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker(n: int) -> None:
            i = n
            while time.monotonic() < stop:
                path = paths[i % 2]
                i += 1
                t0 = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200 and len(response.content) > 1000
                    if not ok:
                        errors.append(f"{path}: HTTP {response.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                    continue
                latencies[path].append(time.perf_counter() - t0)

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.perf_counter() - started

    every = [x for v in latencies.values() for x in v]
    out = {"clients": clients, "duration_s": round(elapsed, 1), "requests": len(every), "errors": len(errors),
           "error_samples": sorted(set(errors))[:5], "throughput_rps": round(len(every) / elapsed, 1)}
    for name, values in [("all", every)] + [(p, latencies[p]) for p in paths]:
        out[name] = {q: round(percentile(values, q) * 1000, 1) for q in (50, 95, 99)} | {
            "n": len(values), "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None}
    return out


_WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, "mean": %%f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def wrk_load(base: str, story_id: int, clients: int, duration_s: float) -> dict:
    """The same read mix driven by wrk (C, two threads): the load generator costs little CPU."""
    paths = [f"/stories/{story_id}", f"/api/stories/{story_id}/brief"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    try:
        proc = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(duration_s)}s", "--timeout", "10s",
                               "-s", script.name, base], capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("WRKJSON "))
    w = json.loads(line[len("WRKJSON "):])
    errors = w["connect"] + w["read"] + w["write"] + w["status"] + w["timeout"]
    seconds = w["duration_us"] / 1e6
    return {"tool": "wrk", "clients": clients, "duration_s": round(seconds, 1), "requests": w["requests"],
            "errors": errors, "error_samples": {k: w[k] for k in ("connect", "read", "write", "status", "timeout")},
            "throughput_rps": round(w["requests"] / seconds, 1),
            "all": {50: round(w["p50"] / 1000, 1), 95: round(w["p95"] / 1000, 1), 99: round(w["p99"] / 1000, 1),
                    "n": w["requests"], "mean_ms": round(w["mean"] / 1000, 1)}}


async def creation_load(base: str, creations: int, texts: list[str]) -> dict:
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        # 1. N new stories at once: the example texts (one of them twice) plus a text of their own.
        def body(n: int) -> dict:
            own = f"Report {n}: harbour staff counted {100 + n} cars waiting for the first ferry on Friday morning."
            return {"title": f"Load story {n}", "texts": texts + [texts[0], own]}

        t0 = time.perf_counter()
        responses = await asyncio.gather(*(client.post("/api/stories", json=body(n)) for n in range(creations)))
        create_s = time.perf_counter() - t0
        bad = [r.status_code for r in responses if r.status_code != 201]
        ids = [r.json()["story"]["id"] for r in responses if r.status_code == 201]
        counts = []
        for story_id in ids:
            detail = (await client.get(f"/api/stories/{story_id}")).json()
            counts.append(len(detail["articles"]))
        expected_each = len(texts) + 1

        # 2. N concurrent adds of overlapping texts to one story.
        first = await client.post("/api/stories", json={"title": "Shared story", "texts": texts[:1]})
        shared = first.json()["story"]["id"]
        extra = [f"Update {k}: the ferry operator published a revised timetable for week {k} of the dispute."
                 for k in range(creations)]

        async def add(n: int):
            # Each request carries the story's first text again, its own update and its neighbour's.
            chosen = [texts[0], extra[n], extra[(n + 1) % creations]]
            return await client.post(f"/api/stories/{shared}/articles", json={"texts": chosen})

        t0 = time.perf_counter()
        adds = await asyncio.gather(*(add(n) for n in range(creations)))
        add_s = time.perf_counter() - t0
        bad += [r.status_code for r in adds if r.status_code != 200]
        shared_articles = (await client.get(f"/api/stories/{shared}")).json()["articles"]
        brief = (await client.get(f"/api/stories/{shared}/brief")).json()

    return {
        "creations": creations,
        "create_wall_s": round(create_s, 2),
        "non_2xx": bad,
        "stories_created": len(ids),
        "articles_per_story": sorted(set(counts)),
        "expected_per_story": expected_each,
        "lost_or_duplicated_in_new_stories": sum(abs(c - expected_each) for c in counts),
        "concurrent_adds_wall_s": round(add_s, 2),
        "shared_story_articles": len(shared_articles),
        "shared_story_expected": 1 + creations,
        "shared_brief_articles": len(brief["articles"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database URL (default: SQLite in a temp dir)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--creations", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="`serve --workers N` app processes (issue 14)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--tool", choices=["wrk", "httpx"], default="wrk" if shutil.which("wrk") else "httpx",
                        help="read-load generator (default: wrk when installed; apt-get install wrk)")
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    tmp = tempfile.TemporaryDirectory()
    db = args.db or f"sqlite:///{tmp.name}/load.db"
    port = free_port()
    server = start_server(db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        created = httpx.post(f"{base}/api/stories", json={"title": "Ferry strike", "texts": texts}, timeout=120)
        created.raise_for_status()
        story_id = created.json()["story"]["id"]
        load_before = os.getloadavg()
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        if args.tool == "wrk":
            reads = wrk_load(base, story_id, args.clients, args.duration)
        else:
            reads = asyncio.run(read_load(base, story_id, args.clients, args.duration)) | {"tool": "httpx"}
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
        # CPU per request does not depend on how busy the machine is; 1000 / server ms is what one
        # uvicorn process could serve with a core to itself.
        reads["server_cpu_ms_per_request"] = round(server_cpu / max(reads["requests"], 1) * 1000, 2)
        if args.tool == "httpx":  # wrk runs in its own process; its CPU is not ours to count
            reads["client_cpu_ms_per_request"] = round(client_cpu / max(reads["requests"], 1) * 1000, 2)
        writes = asyncio.run(creation_load(base, args.creations, texts))
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
        tmp.cleanup()
    result = {
        "db": db.split("@")[-1] if "@" in db else db.split(":", 1)[0],
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
        "reads": reads,
        "writes": writes,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        from newsbrief.fileio import write_atomic

        write_atomic(args.json, json.dumps(result, indent=2) + "\n")
    ok = reads["errors"] == 0 and not writes["non_2xx"] and writes["lost_or_duplicated_in_new_stories"] == 0 \
        and writes["shared_story_articles"] == writes["shared_story_expected"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
