"""Fixtures of the web tests: a store on SQLite or on a real PostgreSQL server, a live app.

PostgreSQL tests need ``NEWSBRIEF_TEST_POSTGRES_URL`` (``.ci/run`` starts a
server and sets it). Each test gets its own schema, dropped afterwards, so
parallel workers never see each other's tables. Without the variable the
tests skip locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi", reason="the web tests need the [web] extra")

POSTGRES_ENV = "NEWSBRIEF_TEST_POSTGRES_URL"


from conftest import need  # noqa: E402  (tests/conftest.py: skip locally, fail in CI)


@pytest.fixture
def postgres_url():
    raw = os.environ.get(POSTGRES_ENV)
    need(bool(raw), f"{POSTGRES_ENV} is not set; .ci/run sets it after starting PostgreSQL")
    import psycopg

    dsn = raw.replace("postgresql+psycopg://", "postgresql://")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in dsn else "?"
    yield f"{dsn}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsbrief.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """Each test using this runs twice: on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def app_factory():
    """Build apps and close their stores after the test.

    Story analysis (a full spaCy parse, ~0.5 s a story) is off unless a test
    asks for it: most web tests are about storage and pages, not analysis.
    Warm-up is off: the first brief loads spaCy anyway.
    """
    from newsbrief.settings import load_settings
    from newsbrief.web import WebConfig, create_app

    made = []

    def make(url: str, *, analysis: bool = False, **kwargs):
        settings = load_settings(analysis=analysis)
        app = create_app(WebConfig(db_url=url, warm_up=False, settings=settings, **kwargs))
        made.append(app)
        return app

    yield make
    for app in made:
        app.state.store.close()


@pytest.fixture
def client(db_url, app_factory):
    from fastapi.testclient import TestClient

    with TestClient(app_factory(db_url)) as c:
        yield c


@pytest.fixture
def analysis_client(db_url, app_factory):
    """Like ``client``, with story analysis on (the default of `newsbrief serve`)."""
    from fastapi.testclient import TestClient

    with TestClient(app_factory(db_url, analysis=True)) as c:
        yield c


@pytest.fixture(scope="session")
def example_texts(example_story: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(example_story.glob("*.txt"))}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real uvicorn serving an app on a free loopback port, in a thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
