"""The Store on SQLite and on a real PostgreSQL: persistence, de-duplication, search, concurrency."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text

from newsbrief.errors import ConfigError, StoreError
from newsbrief.models import Article
from newsbrief.store import NotFound, database_url, open_store
from newsbrief.store.store import content_hash

STRIKE = Article(id="courier",
                 text="Ferry crews walked off the job on Tuesday, halting every crossing to Kessel Island.",
                 title="Ferry strike halts crossings")
WIRE = Article(id="wire", text="Bluewake Lines said it would meet the union on Thursday to discuss rest periods.")
OTHER = Article(id="budget", text="The council approved a new harbour budget after a long night of debate.")


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def test_url_translation_and_refusal(tmp_path):
    assert database_url("postgresql://ann@db.local/news") == "postgresql+psycopg://ann@db.local/news"
    assert database_url("postgres://ann@db.local/news").startswith("postgresql+psycopg://")
    assert database_url(f"sqlite:///{tmp_path}/x.db") == f"sqlite:///{tmp_path}/x.db"
    with pytest.raises(ConfigError, match="unsupported database 'mysql'"):
        database_url("mysql://root@localhost/news")
    with pytest.raises(ConfigError, match="not a database URL"):
        database_url("not a url")


def test_default_database_is_in_the_user_data_dir(monkeypatch, tmp_path):
    from newsbrief.store import default_database_url

    monkeypatch.delenv("NEWSBRIEF_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path}/newsbrief/newsbrief.db"
    monkeypatch.setenv("NEWSBRIEF_DB", "sqlite:///elsewhere.db")
    assert default_database_url() == "sqlite:///elsewhere.db"


def test_unreachable_postgres_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open or migrate"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    store = open_store(sqlite_url)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_migrations_create_the_schema_and_are_idempotent(db_url):
    first = open_store(db_url)
    first.migrate()  # a second run changes nothing and does not fail
    tables = set(inspect(first.engine).get_table_names())
    assert {"stories", "articles", "briefs", "analyses", "alembic_version"} <= tables
    with first.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    first.close()


def test_restart_loses_nothing(db_url):
    store = open_store(db_url)
    created = store.create_story("Ferry strike", [STRIKE, WIRE])
    data = {"summary": {}, "entities": [{"name": "Bluewake"}]}
    store.save_brief(created.story.id, created.revision, data, "# md", "<p>")
    store.close()

    again = open_store(db_url)
    story = again.get_story(created.story.id)
    assert (story.title, story.article_count) == ("Ferry strike", 2)
    assert [a.text for a in again.get_articles(story.id)] == [STRIKE.text, WIRE.text]
    assert again.get_brief(story.id).markdown == "# md"
    assert again.get_analysis(story.id) == {"entities": [{"name": "Bluewake"}]}
    again.close()


def test_the_same_article_is_stored_once(store):
    created = store.create_story("Ferry strike", [STRIKE, WIRE])
    # Same text re-saved with other line breaks and spacing, under another name.
    resaved = Article(id="courier-copy", text=STRIKE.text.replace(" ", "  \n", 3))
    result = store.add_articles(created.story.id, [resaved, OTHER, OTHER])
    assert [a.key for a in result.added] == ["budget"]
    assert result.duplicates == ("courier-copy", "budget")
    assert result.revision == created.revision + 1
    assert store.get_story(created.story.id).article_count == 3
    # Only duplicates: nothing stored, the revision does not move.
    assert store.add_articles(created.story.id, [WIRE]).revision == result.revision


def test_same_text_may_belong_to_two_stories(store):
    one = store.create_story("One", [STRIKE])
    two = store.create_story("Two", [STRIKE])
    assert one.story.id != two.story.id and len(two.added) == 1


def test_keys_are_unique_and_safe(store):
    created = store.create_story("Keys", [
        Article(id="../../etc/passwd", text="First text about the ferry strike in Port Alder."),
        Article(id="../../etc/passwd", text="Second text about the ferry strike in Port Alder."),
        Article(id="<b>", text="Third text about the ferry strike in Port Alder."),
    ])
    keys = [a.key for a in created.added]
    assert keys == ["etc-passwd", "etc-passwd-2", "b"]
    assert store.get_article(created.story.id, "etc-passwd-2").text.startswith("Second")


def test_missing_story_and_article(store):
    with pytest.raises(NotFound, match="no story with id 999"):
        store.get_story(999)
    with pytest.raises(NotFound):
        store.add_articles(999, [STRIKE])
    created = store.create_story("x", [STRIKE])
    with pytest.raises(NotFound, match="has no article 'nope'"):
        store.get_article(created.story.id, "nope")


def test_full_text_search(store):
    strike = store.create_story("Ferry strike", [STRIKE, WIRE])
    budget = store.create_story("Council", [OTHER])
    assert [s.id for s in store.list_stories("union")] == [strike.story.id]  # only in an article text
    assert [s.id for s in store.list_stories("debate")] == [budget.story.id]
    assert [s.id for s in store.list_stories("council")] == [budget.story.id]  # title match
    assert store.list_stories("zeppelin") == []
    # Search syntax characters are words, not operators, and never an error.
    # FTS5 and tsquery syntax in user input must not break the query (it raised before quoting).
    assert {s.id for s in store.list_stories('union" OR NEAR(')} <= {strike.story.id}
    assert store.list_stories("100% _under_ 'quoted' \"x\" -minus *") == []
    assert store.list_stories("%") == []  # a LIKE wildcard matches itself only
    listed = store.list_stories()
    assert [s.id for s in listed] == [budget.story.id, strike.story.id]  # newest first
    assert listed[1].article_count == 2


def test_an_older_brief_never_replaces_a_newer_one(store):
    created = store.create_story("Ferry strike", [STRIKE])
    later = store.add_articles(created.story.id, [WIRE])
    assert store.save_brief(created.story.id, later.revision, {"n": 2}, "new", "new")
    assert not store.save_brief(created.story.id, created.revision, {"n": 1}, "old", "old")
    assert store.get_brief(created.story.id).markdown == "new"


def test_concurrent_adds_lose_nothing_and_duplicate_nothing(store):
    created = store.create_story("Busy story", [STRIKE])
    texts = [f"Report number {n} from the harbour says the ferries stayed tied up all day." for n in range(12)]
    errors = []

    def add(worker: int) -> None:
        # Every worker adds all texts: each must end up stored exactly once.
        try:
            store.add_articles(created.story.id, [Article(id=f"w{worker}-{i}", text=t) for i, t in enumerate(texts)])
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    stored = store.get_articles(created.story.id)
    assert len(stored) == 13
    assert len({a.content_hash for a in stored}) == 13
    assert {content_hash(t) for t in texts} <= {a.content_hash for a in stored}


def test_story_times_are_utc(store):
    from datetime import timezone

    story = store.create_story("Times", [STRIKE]).story
    again = store.get_story(story.id)
    assert again.created_at.tzinfo is not None and again.created_at.utcoffset() == timezone.utc.utcoffset(None)
    assert again.updated_at >= again.created_at


def test_in_memory_database_works_across_calls():
    store = open_store("sqlite:///:memory:")
    created = store.create_story("Memory", [STRIKE])
    assert store.get_story(created.story.id).article_count == 1
    assert [s.title for s in store.list_stories("crossing")] == ["Memory"]
    store.close()


@pytest.mark.postgres
def test_reads_survive_the_server_dropping_connections(postgres_url):
    """The hot read path has no pre-ping; a connection killed by the server is retried once."""
    import psycopg

    store = open_store(postgres_url)
    created = store.create_story("Dropped", [STRIKE])
    store.save_brief(created.story.id, created.revision, {"n": 1}, "md", "html")
    assert store.get_story_and_brief(created.story.id)[1].markdown == "md"  # pools a connection
    with store._autocommit_engine.connect() as conn:  # the same pooled connection: learn its server pid
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    # Kill only that backend: other test workers share this database.
    with psycopg.connect(postgres_url.split("?")[0], autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
    story, brief = store.get_story_and_brief(created.story.id)
    assert (story.title, brief.markdown) == ("Dropped", "md")
    store.close()
