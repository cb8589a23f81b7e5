"""Concurrent story creation and adds through a live uvicorn, on SQLite and PostgreSQL (issue 5)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from .conftest import LiveServer

WORKERS = 10


def test_concurrent_creations_and_adds_lose_nothing(db_url, app_factory, example_texts):
    texts = list(example_texts.values())
    with LiveServer(app_factory(db_url)) as live, httpx.Client(base_url=live.url, timeout=120) as client:
        def create(n: int) -> httpx.Response:
            own = f"Report {n}: harbour staff counted {100 + n} cars waiting for the first ferry on Friday."
            return client.post("/api/stories", json={"title": f"Story {n}", "texts": texts + [texts[0], own]})

        with ThreadPoolExecutor(WORKERS) as pool:
            created = list(pool.map(create, range(WORKERS)))
        assert [r.status_code for r in created] == [201] * WORKERS
        ids = {r.json()["story"]["id"] for r in created}
        assert len(ids) == WORKERS
        for story_id in ids:
            articles = client.get(f"/api/stories/{story_id}").json()["articles"]
            assert len(articles) == len(texts) + 1  # the repeated text stored once

        shared = created[0].json()["story"]["id"]
        updates = [f"Update {k}: the operator published a revised timetable for week {k} of the dispute."
                   for k in range(WORKERS)]

        def add(n: int) -> httpx.Response:
            chosen = [texts[1], updates[n], updates[(n + 1) % WORKERS]]
            return client.post(f"/api/stories/{shared}/articles", json={"texts": chosen})

        with ThreadPoolExecutor(WORKERS) as pool:
            added = list(pool.map(add, range(WORKERS)))
        assert [r.status_code for r in added] == [200] * WORKERS
        assert sum(len(r.json()["added"]) for r in added) == WORKERS  # each update stored by exactly one request
        detail = client.get(f"/api/stories/{shared}").json()
        assert len(detail["articles"]) == len(texts) + 1 + WORKERS
        # The stored brief is the one made from the final state of the story.
        brief = client.get(f"/api/stories/{shared}/brief").json()
        assert len(brief["articles"]) == len(detail["articles"])


def test_a_brief_does_not_wait_for_another_outside_spacy(sqlite_url, monkeypatch):
    """Issue 13: one lock held over a whole brief made every other writer wait for it (a 184 KB paste:
    46 s). Brief A is stopped in its summary until brief B, of another story, has been stored."""
    import threading

    from newsbrief import pipeline
    from newsbrief.models import Article
    from newsbrief.store import open_store
    from newsbrief.web.intake import brief_story

    store = open_store(sqlite_url)
    ferries = store.create_story("Ferries", [Article(id="f", text="Ferry crews walked out on Tuesday in Port Alder.")])
    tunnel_text = "The Selby Cove tunnel reopened on Friday, the mayor said."
    tunnel = store.create_story("Tunnel", [Article(id="t", text=tunnel_text)])
    in_a, b_done, failures = threading.Event(), threading.Event(), []
    real = pipeline.summarize

    def summarize(parsed, **kwargs):
        if "Ferry" in parsed[0].clean.text:
            in_a.set()
            if not b_done.wait(60):
                failures.append("brief B did not finish while brief A was summarizing")
        return real(parsed, **kwargs)

    monkeypatch.setattr(pipeline, "summarize", summarize)
    a = threading.Thread(target=brief_story, args=(store, ferries.story.id, ferries.revision))
    a.start()
    assert in_a.wait(60)
    brief_story(store, tunnel.story.id, tunnel.revision)
    b_done.set()
    a.join(60)
    try:
        assert failures == []
        assert store.get_brief(ferries.story.id) is not None and store.get_brief(tunnel.story.id) is not None
    finally:
        store.close()
