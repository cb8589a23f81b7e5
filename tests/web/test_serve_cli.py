"""`newsbrief serve`: options, and a bad --db is one clear line, not a traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from newsbrief.cli import app


def test_serve_help_lists_the_options():
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--allow-private-urls"):
        assert option in result.output


def test_bad_database_url_is_one_line():
    result = CliRunner().invoke(app, ["serve", "--db", "mysql://root@localhost/news"])
    assert result.exit_code == 1
    assert "unsupported database 'mysql'" in result.output
    assert "Traceback" not in result.output


def test_unreachable_postgres_is_one_line():
    result = CliRunner().invoke(app, ["serve", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"])
    assert result.exit_code == 1
    assert "cannot open or migrate the database" in result.output
    assert "Traceback" not in result.output


def _serve(tmp_path, *extra):
    """Start `newsbrief serve` on a free port; return the process and its base URL once it says it serves."""
    import os
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "newsbrief", "serve", "--db", f"sqlite:///{tmp_path / 'n.db'}", "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        lines.append(line)
        if "serving on" in line or not line:
            break
    return process, f"http://127.0.0.1:{port}", lines


def _stop(process) -> str:
    import signal

    process.send_signal(signal.SIGINT)
    try:
        out, rest = process.communicate(timeout=30)
    finally:
        process.kill()
    return out + rest  # uvicorn logs requests on stdout


def test_serve_says_where_it_answers_how_to_stop_and_logs_requests(tmp_path):
    import httpx

    process, base, lines = _serve(tmp_path)
    try:
        ready = lines[-1]
        assert f"serving on {base}/" in ready and "Ctrl+C to stop" in ready, lines
        # It says so only once it answers.
        assert httpx.get(f"{base}/", timeout=10).status_code == 200
        assert httpx.head(f"{base}/", timeout=10).status_code == 200
    finally:
        rest = _stop(process)
    assert '"GET / HTTP/1.1" 200' in rest and '"HEAD / HTTP/1.1" 200' in rest


def test_serve_quiet_logs_no_requests(tmp_path):
    import httpx

    process, base, lines = _serve(tmp_path, "--quiet")
    try:
        assert "serving on" in lines[-1], lines
        assert httpx.get(f"{base}/", timeout=10).status_code == 200
    finally:
        rest = _stop(process)
    assert "GET /" not in rest


def test_serve_workers_runs_several_app_processes_over_one_database(tmp_path):
    """Issue 14: `serve --workers 2` is two app processes on one port; a story made through one is read by all."""
    from pathlib import Path

    import httpx

    process, base, lines = _serve(tmp_path, "--workers", "2", "--quiet")
    try:
        assert "serving on" in lines[-1] and "2 app processes" in lines[-1], lines
        created = httpx.post(f"{base}/api/stories", json={"texts": [
            "The harbor reopened on Saturday after a storm closed it for a day, the port authority said."
        ]}, timeout=60)
        assert created.status_code == 201, created.text
        story = created.json()["story"]["id"]
        # Fresh connections land on either process; every one finds the story in the shared database.
        for _ in range(6):
            with httpx.Client() as fresh:
                assert fresh.get(f"{base}/api/stories/{story}", timeout=30).status_code == 200
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        apps = [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(apps) == 2, children
    finally:
        _stop(process)
