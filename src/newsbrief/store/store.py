"""The Store: every query newsbrief makes, for SQLite and PostgreSQL alike.

SQLite runs in WAL mode with foreign keys on; writers take the write lock
up front (``BEGIN IMMEDIATE``) so two requests adding articles at once wait
for each other instead of failing with "database is locked". PostgreSQL
serializes adds to one story with ``SELECT … FOR UPDATE`` on the story row.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, bindparam, column, create_engine, event, func, or_, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import ConfigError, InputError, NotFound, StoreError
from ..models import Article
from .records import AddResult, ArticleRecord, BriefRecord, StoryRecord
from .schema import analyses, articles, briefs, stories

# Keys of the brief JSON that hold story analysis (issue 3); stored apart so the
# analysis can be served on its own.
ANALYSIS_KEYS = ("entities", "quotes", "figures", "timeline", "coverage")
# Seconds a SQLite writer waits for the lock before giving up; 20 concurrent
# story creations on 2 cores finish well inside it (benchmarks/load.py).
SQLITE_BUSY_TIMEOUT_S = 30
# Enough connections for uvicorn's 40 worker threads without queueing reads.
POOL_SIZE = 10
POOL_OVERFLOW = 30

_KEY_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
# Ids are SQL INTEGER (32-bit on PostgreSQL): a larger id names no story, and asking for one must be a
# 404, not an OverflowError (SQLite, >= 2**63) or an out-of-range error (PostgreSQL) (issue 9).
MAX_ID = 2**31 - 1


def _known_id(story_id: int) -> int:
    """``story_id`` if a story could have it; else NotFound (never a database error)."""
    if isinstance(story_id, bool) or not isinstance(story_id, int) or not 1 <= story_id <= MAX_ID:
        raise NotFound(f"no story with id {story_id}")
    return story_id


def _checked_key(key: str) -> str:
    key = _plain_text(key.strip(), "the Idempotency-Key header")
    if not 1 <= len(key) <= 200:
        raise InputError("the Idempotency-Key header must be 1-200 characters")
    return key


def _plain_text(value: str, what: str) -> str:
    """Text the databases can store: PostgreSQL refuses NUL, neither encodes a lone surrogate."""
    if "\x00" in value:
        raise InputError(f"{what} holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} holds a lone surrogate, which is not Unicode text") from None
    return value


def default_database_url() -> str:
    """``$NEWSBRIEF_DB`` if set, else ``newsbrief.db`` in the user data dir.

    The data dir is ``$XDG_DATA_HOME/newsbrief`` (``~/.local/share/newsbrief``).
    """
    if os.environ.get("NEWSBRIEF_DB"):
        return os.environ["NEWSBRIEF_DB"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'newsbrief' / 'newsbrief.db'}"


def database_url(raw: str | None) -> str:
    """Normalize a ``--db`` value to a SQLAlchemy URL (psycopg 3 for PostgreSQL).

    Raises:
        ConfigError: not a sqlite:/// or postgresql:// URL.
    """
    raw = raw or default_database_url()
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            f"--db {raw!r}: not a database URL; use sqlite:///path/to/newsbrief.db or postgresql://user@host/db"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise ConfigError(f"--db {raw!r}: unsupported database {backend!r}; use sqlite:/// or postgresql://")
    return url.render_as_string(hide_password=False)


def content_hash(text_: str) -> str:
    """Hash of the text with whitespace collapsed: the same article re-saved still matches."""
    return hashlib.sha256(" ".join(text_.split()).encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    """Stories, articles, briefs and analyses in one SQL database.

    Args:
        url: ``sqlite:///path`` or ``postgresql://user@host/db`` (see :func:`database_url`).

    Example:
        >>> store = open_store("sqlite:///:memory:")  # doctest: +SKIP
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        parsed = make_url(self.url)
        self.display_url = parsed.render_as_string(hide_password=True)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            self.engine = self._sqlite_engine(parsed)
            self._autocommit_engine = self.engine  # SQLite reads are in-process: nothing to save
        else:
            self.engine = create_engine(
                self.url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=True
            )
            # Its own pool of connections that stay in autocommit: switching a pooled
            # connection's isolation level back and forth costs more than it saves.
            # No pre-ping either (a round trip per read): _read_row retries once on a dropped connection.
            self._autocommit_engine = create_engine(
                self.url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, isolation_level="AUTOCOMMIT"
            )

    def _sqlite_engine(self, parsed) -> Engine:
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{parsed.database}: cannot create the database folder: {exc.strerror}") from exc
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
        if not parsed.database or parsed.database == ":memory:":
            # Every connection to ":memory:" is a new empty database: share one (tests, demos).
            engine = create_engine(self.url, connect_args=connect_args, poolclass=StaticPool)
        else:
            engine = create_engine(self.url, connect_args=connect_args, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            # Let SQLAlchemy's "begin" event issue BEGIN itself, so writers can ask for IMMEDIATE.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

        return engine

    # --- life cycle -----------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema up to the newest migration (idempotent)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(resources.files("newsbrief.store") / "migrations"))
        try:
            with self.engine.connect() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                conn.commit()
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: cannot open or migrate the database: {_reason(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()
        self._autocommit_engine.dispose()

    def _read_row(self, stmt, params: dict):
        """One row from a one-statement read, outside any transaction.

        On PostgreSQL that saves the BEGIN, ROLLBACK and pre-ping round trips
        (benchmarks/load.py); a connection the server dropped (restart) is
        retried once on a fresh one instead.
        """
        for attempt in (1, 2):
            try:
                with self._autocommit_engine.connect() as conn:
                    return conn.execute(stmt, params).first()
            except DBAPIError as exc:
                if attempt == 1 and exc.connection_invalidated:
                    continue
                raise StoreError(f"{self.display_url}: database read failed: {_reason(exc)}") from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"{self.display_url}: database read failed: {_reason(exc)}") from exc
        raise AssertionError("unreachable")

    @contextmanager
    def _read(self) -> Iterator:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: database read failed: {_reason(exc)}") from exc

    @contextmanager
    def _write(self) -> Iterator:
        try:
            with self.engine.execution_options(write=True).begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: database write failed: {_reason(exc)}") from exc

    # --- stories and articles -------------------------------------------------

    def create_story(
        self, title: str, new_articles: Sequence[Article] = (), *, idempotency_key: str | None = None
    ) -> AddResult:
        """Create a story and add its first articles in one transaction.

        With ``idempotency_key``, a story created earlier with the same key is
        returned instead (``replayed=True``, nothing stored), so a client that
        lost the answer can retry without making a duplicate.

        Raises:
            InputError: the key is empty, over 200 characters, or not plain text.
        """
        if idempotency_key is not None:
            idempotency_key = _checked_key(idempotency_key)
        for attempt in (1, 2):
            try:
                return self._create(title, new_articles, idempotency_key)
            except StoreError as exc:
                # Two requests with one key at once: the loser's insert breaks the unique index;
                # the winner's story is committed by then, so the second try returns it.
                if attempt == 2 or idempotency_key is None or not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise AssertionError("unreachable")

    def _create(self, title: str, new_articles: Sequence[Article], key: str | None) -> AddResult:
        now = _now()
        with self._write() as conn:
            if key is not None:
                earlier = conn.execute(select(stories.c.id).where(stories.c.idempotency_key == key)).scalar()
                if earlier is not None:
                    story = self._story(conn, earlier)
                    return AddResult(story=story, added=(), duplicates=(), revision=story.revision, replayed=True)
            story_id = conn.execute(
                stories.insert().values(title=_title(title), revision=0, created_at=now, updated_at=now,
                                        idempotency_key=key)
            ).inserted_primary_key[0]
            return self._add(conn, story_id, new_articles)

    def story_for_key(self, idempotency_key: str) -> int | None:
        """The id of the story created with this Idempotency-Key, or None."""
        stmt = select(stories.c.id).where(stories.c.idempotency_key == _checked_key(idempotency_key))
        with self._read() as conn:
            return conn.execute(stmt).scalar()

    def stale_stories(self) -> list[tuple[int, int]]:
        """(id, revision) of every story whose stored brief is missing or older than its articles.

        A server killed between storing articles and storing their brief leaves
        such stories; the web app re-briefs them when it starts (issue 9).
        """
        stmt = (
            select(stories.c.id, stories.c.revision)
            .select_from(stories.outerjoin(briefs, briefs.c.story_id == stories.c.id))
            .where(or_(briefs.c.revision.is_(None), briefs.c.revision < stories.c.revision))
            .order_by(stories.c.id)
        )
        with self._read() as conn:
            return [(r.id, r.revision) for r in conn.execute(stmt)]

    def add_articles(self, story_id: int, new_articles: Sequence[Article]) -> AddResult:
        """Add articles to a story; texts it already holds are skipped, not duplicated.

        Raises:
            NotFound: no story with this id.
        """
        _known_id(story_id)
        with self._write() as conn:
            return self._add(conn, story_id, new_articles)

    def _add(self, conn, story_id: int, new_articles: Sequence[Article]) -> AddResult:
        row = conn.execute(select(stories.c.revision).where(stories.c.id == story_id).with_for_update()).first()
        if row is None:
            raise NotFound(f"no story with id {story_id}")
        held = conn.execute(
            select(articles.c.key, articles.c.content_hash).where(articles.c.story_id == story_id)
        ).all()
        keys = {r.key for r in held}
        hashes = {r.content_hash for r in held}
        added, duplicates = [], []
        now = _now()
        for article in new_articles:
            digest = content_hash(article.text)
            if digest in hashes:
                duplicates.append(article.id)
                continue
            key = _free_key(article.id, keys)
            values = dict(
                story_id=story_id,
                key=key,
                content_hash=digest,
                title=article.title,
                outlet=article.outlet,
                author=article.author,
                date=article.date,
                date_source=article.date_source,
                url=article.url,
                source=article.url or article.path or "pasted text",
                text=article.text,
                created_at=now,
            )
            new_id = conn.execute(articles.insert().values(**values)).inserted_primary_key[0]
            added.append(ArticleRecord(id=new_id, **values))
            keys.add(key)
            hashes.add(digest)
        revision = row.revision + 1 if added else row.revision
        if added:
            conn.execute(stories.update().where(stories.c.id == story_id).values(revision=revision, updated_at=now))
        story = self._story(conn, story_id)
        return AddResult(story=story, added=tuple(added), duplicates=tuple(duplicates), revision=revision)

    def _story(self, conn, story_id: int) -> StoryRecord | None:
        count = select(func.count()).where(articles.c.story_id == stories.c.id).scalar_subquery()
        row = conn.execute(select(stories, count.label("n")).where(stories.c.id == story_id)).first()
        return _story_record(row) if row else None

    def get_story(self, story_id: int) -> StoryRecord:
        """The story with this id.

        Raises:
            NotFound: no story with this id.
        """
        _known_id(story_id)
        with self._read() as conn:
            story = self._story(conn, story_id)
        if story is None:
            raise NotFound(f"no story with id {story_id}")
        return story

    def list_stories(self, query: str | None = None, *, limit: int = 50, offset: int = 0) -> list[StoryRecord]:
        """Stories, newest first; with ``query``, those whose title or articles match it.

        Article text is searched with SQLite FTS5 or PostgreSQL ``tsvector``;
        titles with a plain substring match (also the fallback when the
        query has only stop words).
        """
        if offset > MAX_ID or limit < 1:
            return []  # no store holds that many stories; a huge OFFSET would overflow the database's integer
        count = select(func.count()).where(articles.c.story_id == stories.c.id).scalar_subquery()
        stmt = select(stories, count.label("n"))
        query = _plain_text((query or "").strip(), "the search text")
        if query:
            like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions = [stories.c.title.ilike(like, escape="\\")]
            if self.dialect == "sqlite":
                match = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
                fts = table("articles_fts", column("rowid"))
                hits = select(fts.c.rowid).where(text("articles_fts MATCH :match").bindparams(match=match))
                conditions.append(stories.c.id.in_(select(articles.c.story_id).where(articles.c.id.in_(hits))))
            else:
                words = func.coalesce(articles.c.title, "") + " " + articles.c.text
                document = func.to_tsvector(text("'english'"), words)
                conditions.append(
                    stories.c.id.in_(
                        select(articles.c.story_id).where(
                            document.op("@@")(func.websearch_to_tsquery(text("'english'"), query))
                        )
                    )
                )
            stmt = stmt.where(or_(*conditions))
        stmt = stmt.order_by(stories.c.updated_at.desc(), stories.c.id.desc()).limit(limit).offset(offset)
        with self._read() as conn:
            return [_story_record(r) for r in conn.execute(stmt)]

    def get_articles(self, story_id: int) -> tuple[ArticleRecord, ...]:
        """The story's articles in the order they were added."""
        if not 1 <= story_id <= MAX_ID:
            return ()
        with self._read() as conn:
            rows = conn.execute(select(articles).where(articles.c.story_id == story_id).order_by(articles.c.id)).all()
        return tuple(ArticleRecord(**r._mapping) for r in rows)

    def get_article(self, story_id: int, key: str) -> ArticleRecord:
        """One article of a story by the key its brief cites.

        Raises:
            NotFound: the story has no such article.
        """
        _known_id(story_id)
        if "\x00" in key:
            raise NotFound(f"story {story_id} has no article {key!r}")
        with self._read() as conn:
            row = conn.execute(
                select(articles).where(articles.c.story_id == story_id, articles.c.key == key)
            ).first()
        if row is None:
            raise NotFound(f"story {story_id} has no article {key!r}")
        return ArticleRecord(**row._mapping)

    # --- briefs and analyses --------------------------------------------------

    def rename_story(self, story_id: int, title: str) -> None:
        """Give a story a new title (articles, revision and brief stay as they are).

        Raises:
            NotFound: no story has this id.
        """
        with self._write() as conn:
            done = conn.execute(stories.update().where(stories.c.id == story_id).values(title=_title(title)))
            if done.rowcount == 0:
                raise NotFound(f"no story with id {story_id}")

    def save_brief(self, story_id: int, revision: int, data: dict, markdown: str, html: str) -> bool:
        """Store a brief (and its analysis keys) made from ``revision`` of the story.

        A brief made from an older revision than the stored one is dropped:
        two requests adding articles at once both brief, and the newer wins.

        Returns:
            True if this brief is now the stored one.
        """
        now = _now()
        analysis = {k: data[k] for k in ANALYSIS_KEYS if k in data}
        with self._write() as conn:
            # Lock the story row on PostgreSQL so two savers cannot both insert.
            if conn.execute(select(stories.c.id).where(stories.c.id == story_id).with_for_update()).first() is None:
                raise NotFound(f"no story with id {story_id}")
            stored = conn.execute(select(briefs.c.revision).where(briefs.c.story_id == story_id)).scalar()
            if stored is not None and stored > revision:
                return False
            row = dict(revision=revision, json=json.dumps(data, ensure_ascii=False), markdown=markdown, html=html,
                       created_at=now)
            _upsert(conn, briefs, story_id, row, stored is not None)
            has_analysis = conn.execute(select(analyses.c.revision).where(analyses.c.story_id == story_id)).scalar()
            if analysis or has_analysis is not None:
                _upsert(conn, analyses, story_id,
                        dict(revision=revision, json=json.dumps(analysis, ensure_ascii=False), created_at=now),
                        has_analysis is not None)
        return True

    def get_story_and_brief(self, story_id: int) -> tuple[StoryRecord, BriefRecord | None]:
        """A story and its stored brief in one query (what every story page read needs).

        Raises:
            NotFound: no story with this id.
        """
        row = self._read_row(_STORY_AND_BRIEF, {"story_id": _known_id(story_id)})
        if row is None:
            raise NotFound(f"no story with id {story_id}")
        m = row._mapping
        brief = None
        if m["b_revision"] is not None:
            brief = BriefRecord(story_id=story_id, revision=m["b_revision"], json=m["json"], markdown=m["markdown"],
                                html=m["html"], created_at=m["b_created_at"])
        return _story_record(row), brief

    def get_brief(self, story_id: int) -> BriefRecord | None:
        """The stored brief of a story, or None while there is none."""
        if not 1 <= story_id <= MAX_ID:
            return None
        with self._read() as conn:
            row = conn.execute(select(briefs).where(briefs.c.story_id == story_id)).first()
        return BriefRecord(**row._mapping) if row else None

    def get_analysis(self, story_id: int) -> dict | None:
        """The analysis keys of the stored brief, or None if the brief had none."""
        if not 1 <= story_id <= MAX_ID:
            return None
        with self._read() as conn:
            raw = conn.execute(select(analyses.c.json).where(analyses.c.story_id == story_id)).scalar()
        return json.loads(raw) if raw else None


# Built once: this is the query behind every story page and brief read (benchmarks/load.py).
_STORY_AND_BRIEF = (
    select(
        stories,
        select(func.count()).where(articles.c.story_id == stories.c.id).scalar_subquery().label("n"),
        briefs.c.revision.label("b_revision"), briefs.c.json, briefs.c.markdown, briefs.c.html,
        briefs.c.created_at.label("b_created_at"),
    )
    .select_from(stories.outerjoin(briefs, briefs.c.story_id == stories.c.id))
    .where(stories.c.id == bindparam("story_id"))
)


def open_store(url: str | None = None) -> Store:
    """A Store on ``url`` with its schema migrated to the newest version.

    Raises:
        ConfigError: the URL is not one we support.
        StoreError: the database cannot be opened or migrated.
    """
    store = Store(url)
    store.migrate()
    return store


def _upsert(conn, table, story_id: int, values: dict, exists: bool) -> None:
    if exists:
        conn.execute(table.update().where(table.c.story_id == story_id).values(**values))
    else:
        conn.execute(table.insert().values(story_id=story_id, **values))


def _free_key(wanted: str, taken: set[str]) -> str:
    base = _KEY_CHARS.sub("-", wanted).strip("-.")[:120] or "article"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _title(title: str) -> str:
    return " ".join((title or "").split())[:300] or "Untitled story"


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes (we store UTC); PostgreSQL aware ones in the session time zone.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _story_record(row) -> StoryRecord:
    m = row._mapping
    return StoryRecord(
        id=m["id"], title=m["title"], revision=m["revision"], created_at=_utc(m["created_at"]),
        updated_at=_utc(m["updated_at"]), article_count=m["n"] or 0,
    )


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return " ".join(str(orig or exc).split())[:300]
