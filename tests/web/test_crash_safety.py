"""Issue 9: a killed server loses no acknowledged story, leaves none without a brief, and retries make no duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import newsbrief
from newsbrief.models import Article
from newsbrief.store import open_store

from .conftest import free_port

TEXT = (
    "Ferry crews in Port Alder walked off the job on Tuesday, halting every crossing to Kessel Island. "
    "The Maritime Workers Union said the strike would last 48 hours unless Bluewake Lines reopened talks. "
    "Story marker {key} keeps every text apart."
)


def _text(key: str) -> str:
    return TEXT.format(key=key)


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_story_left_without_a_current_brief_is_rebriefed_when_the_app_starts(db_url, app_factory):
    from fastapi.testclient import TestClient

    store = open_store(db_url)
    bare = store.create_story("bare", [Article(id="a", text=_text("bare"))]).story.id  # killed before its brief
    older = store.create_story("older", [Article(id="a", text=_text("older"))])
    store.save_brief(older.story.id, older.revision, {"errors": []}, "md", "html")
    store.add_articles(older.story.id, [Article(id="b", text=_text("older-2"))])  # killed before the new brief
    assert {s for s, _ in store.stale_stories()} == {bare, older.story.id}
    store.close()
    with TestClient(app_factory(db_url)) as client:
        app_store = client.app.state.store
        _wait(lambda: not app_store.stale_stories(), 60, "the start-up re-brief pass")
        brief = client.get(f"/api/stories/{older.story.id}/brief").json()
        assert [a["id"] for a in brief["articles"]] == ["a", "b"]
        assert client.get(f"/api/stories/{bare}/brief").status_code == 200


def test_an_idempotency_key_makes_a_retry_return_the_same_story(client):
    first = client.post("/api/stories", json={"texts": [_text("k1")]}, headers={"Idempotency-Key": "k1"})
    again = client.post("/api/stories", json={"texts": [_text("k1")]}, headers={"Idempotency-Key": "k1"})
    other = client.post("/api/stories", json={"texts": [_text("k1")]}, headers={"Idempotency-Key": "k2"})
    upload = client.post("/api/stories/upload", data={"text": _text("k3")}, headers={"Idempotency-Key": "k3"})
    upload_again = client.post("/api/stories/upload", data={"text": _text("k3")}, headers={"Idempotency-Key": "k3"})
    assert [r.status_code for r in (first, again, other, upload, upload_again)] == [201] * 5
    assert first.json()["story"]["id"] == again.json()["story"]["id"] != other.json()["story"]["id"]
    assert again.json()["added"] == first.json()["added"] and again.json()["brief"] == first.json()["brief"]
    assert upload.json()["story"]["id"] == upload_again.json()["story"]["id"]
    assert len(client.get("/api/stories").json()["stories"]) == 3
    bad = client.post("/api/stories", json={"texts": [_text("x")]}, headers={"Idempotency-Key": "x" * 201})
    assert bad.status_code == 400


class _Server:
    """`newsbrief serve` in its own process, so the test can SIGKILL it."""

    def __init__(self, db_url: str, settings: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        src = str(Path(newsbrief.__file__).resolve().parents[1])
        env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsbrief", "serve", "--db", db_url, "--port", str(self.port),
             "--settings", str(settings)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import httpx

        def up():
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited with {self.proc.returncode}")
            try:
                return httpx.get(f"{self.url}/api/stories", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait(up, 120, "the server to start")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def test_sigkill_mid_burst_loses_no_acknowledged_story_and_retries_make_no_duplicates(db_url, tmp_path):
    import httpx

    settings = tmp_path / "settings.toml"
    settings.write_text("analysis = false\n", encoding="utf-8")
    server = _Server(db_url, settings)
    acked: dict[str, int] = {}
    pending: set[str] = set()
    lock, killed = threading.Lock(), threading.Event()

    def client(worker: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            n = 0
            while not killed.is_set():
                key = f"w{worker}-{n}"
                n += 1
                try:
                    response = http.post("/api/stories", json={"texts": [_text(key)], "title": key},
                                         headers={"Idempotency-Key": key})
                except httpx.HTTPError:
                    with lock:
                        pending.add(key)
                    return
                assert response.status_code == 201, response.text
                with lock:
                    acked[key] = response.json()["story"]["id"]

    workers = [threading.Thread(target=client, args=(w,)) for w in range(6)]
    try:
        for w in workers:
            w.start()
        _wait(lambda: len(acked) >= 12, 120, "a dozen acknowledged creations")
        server.kill()  # mid-burst: requests are in flight in every worker
        killed.set()
        for w in workers:
            w.join(timeout=60)
        assert pending, "the kill dropped no request in flight; the test proves nothing"
        server = _Server(db_url, settings)
        with httpx.Client(base_url=server.url, timeout=60) as http:
            # Clients retry what they never got an answer to, and one that did, all with the same key.
            retried = {}
            for key in sorted(pending) + [next(iter(acked))]:
                response = http.post("/api/stories", json={"texts": [_text(key)], "title": key},
                                     headers={"Idempotency-Key": key})
                assert response.status_code == 201, response.text
                retried[key] = response.json()["story"]["id"]
        for key, story_id in retried.items():
            if key in acked:
                assert acked[key] == story_id
        store = open_store(db_url)
        try:
            _wait(lambda: not store.stale_stories(), 60, "the re-brief pass")
            everything = store.list_stories(limit=200)
            titles = [s.title for s in everything]
            assert len(titles) == len(set(titles)), "a retry made a duplicate story"
            assert set(acked) | set(retried) <= set(titles)
            for story in everything:
                assert store.get_articles(story.id), story.title
                brief = store.get_brief(story.id)
                assert brief is not None and brief.revision == story.revision, story.title
        finally:
            store.close()
    finally:
        killed.set()
        server.stop()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
