"""From what a user sent (pasted texts, uploaded files, links) to Articles, and to a stored brief.

Each input is read on its own: one that cannot be used becomes one line in
``Intake.errors`` and the rest are still processed. Uploaded file names are
only ever used as article ids — nothing a user sends reaches the filesystem.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..clean import clean
from ..errors import EmptyArticle, InputError, NewsbriefError, TooMuchInput, UnreadableFile, UnsupportedFormat, size_text
from ..fetch import FetchPolicy, fetch_article
from ..ingest import HTML_SUFFIXES, TEXT_SUFFIXES, article_from_html, decode_text, text_problem
from ..models import Article
from ..pipeline import brief_articles
from ..render import render_html, render_markdown, to_dict
from ..settings import DEFAULTS, Settings
from ..store import AddResult, ArticleRecord, Store

log = logging.getLogger(__name__)

# Limits per request. 50 files / 20 links / 50 pasted texts is more than any one
# story we have seen (Multi-News tops out at 10 articles); 5 MB per file matches
# fetch.MAX_BYTES; the request cap bounds what a client can make us buffer.
MAX_FILES = 50
MAX_URLS = 20
MAX_TEXTS = 50
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_REQUEST_BYTES = 32 * 1024 * 1024
# One pasted text, JSON or multipart alike: Starlette refuses a multipart form field over 1 MiB, so JSON
# pastes get the same cap (issue 9: JSON took 19 MB and 103 s). 1 MiB is ~170,000 words, far over any article.
MAX_TEXT_BYTES = 1024 * 1024
# Links are fetched a few at a time: enough to hide latency, few enough to be polite.
FETCH_WORKERS = 4
# A pasted block holding several articles separates them with a line of three dashes.
_SEPARATOR = re.compile(r"^\s*-{3,}\s*$", re.M)
_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file: its client-side name (used only as a label) and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PastedText:
    text: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Intake:
    """Articles read from one request, and one line per input that could not be used."""

    articles: tuple[Article, ...]
    errors: tuple[str, ...]


def split_links(text: str | None) -> list[str]:
    """Links as the form asks for them: one per line (blank lines ignored)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def split_pasted(block: str) -> list[str]:
    """Articles in one pasted block, separated by lines of ``---``."""
    return [part.strip() for part in _SEPARATOR.split(block or "") if part.strip()]


def check_limits(*, texts: int, urls: int, files: int) -> None:
    """Refuse a request with too many inputs, naming the limit.

    Raises:
        TooMuchInput: over MAX_TEXTS, MAX_URLS or MAX_FILES.
    """
    for count, limit, what in ((files, MAX_FILES, "files"), (urls, MAX_URLS, "links"), (texts, MAX_TEXTS, "texts")):
        if count > limit:
            raise TooMuchInput(f"too many {what}: {count} sent, at most {limit} per request; send them in batches")


def gather(
    texts: Sequence[PastedText] = (),
    urls: Sequence[str] = (),
    uploads: Sequence[Upload] = (),
    *,
    policy: FetchPolicy = FetchPolicy(),
) -> Intake:
    """Read every input into an Article; record one error line for each that fails.

    Raises:
        TooMuchInput: more inputs than the per-request limits.
    """
    urls = [u.strip() for u in urls if u and u.strip()]
    texts = [t for t in texts if t.text and t.text.strip()]
    check_limits(texts=len(texts), urls=len(urls), files=len(uploads))
    check_text(urls, "link")
    articles: list[Article] = []
    errors: list[str] = []
    for n, pasted in enumerate(texts, start=1):
        check_text([pasted.text, pasted.title or ""], f"pasted text {n}")
        size = len(pasted.text.encode("utf-8"))
        if size > MAX_TEXT_BYTES:
            raise TooMuchInput(
                f"pasted text {n} is {size / 2**20:.1f} MB, over the {MAX_TEXT_BYTES / 2**20:.0f} MB limit per "
                "pasted article; upload it as a file (5 MB)"
            )
        articles.append(Article(id=f"pasted-{n}", text=pasted.text.replace("\r\n", "\n"), title=pasted.title or None))
    for upload in uploads:
        try:
            articles.append(read_upload(upload))
        except InputError as exc:
            errors.append(str(exc))
    if urls:
        with ThreadPoolExecutor(max_workers=min(FETCH_WORKERS, len(urls))) as pool:
            results = list(pool.map(lambda u: _fetch(u, policy), urls))
        for result in results:
            (articles if isinstance(result, Article) else errors).append(result)
    return Intake(tuple(articles), tuple(errors))


def check_text(values: Sequence[str], what: str) -> None:
    """Refuse text no database can store and no JSON can carry: a NUL or a lone surrogate (``"\\ud800"``).

    Raises:
        InputError: naming the input (a 400, never a 500 from the database).
    """
    for value in values:
        if problem := text_problem(value):
            raise InputError(f"{what}: {problem}; send UTF-8 text")


def usable(intake: Intake, settings: Settings = DEFAULTS) -> Intake:
    """The intake less articles with no text left after cleaning (site furniture only), each one error line.

    The CLI says "no usable article" for such input; the web must not store an empty story for it.
    """
    kept, errors = [], list(intake.errors)
    for article in intake.articles:
        try:
            clean(article, settings)
        except EmptyArticle as exc:
            errors.append(str(exc))
            continue
        kept.append(article)
    return Intake(tuple(kept), tuple(errors))


def _fetch(url: str, policy: FetchPolicy) -> Article | str:
    try:
        return fetch_article(url, article_id=url_id(url), policy=policy)
    except NewsbriefError as exc:
        return str(exc)


def url_id(url: str) -> str:
    """A readable article id for a link: host and last path segment."""
    parts = urlsplit(url)
    last = PurePosixPath(parts.path).stem if parts.path not in ("", "/") else ""
    return _ID_CHARS.sub("-", f"{parts.hostname or 'link'}-{last}".strip("-"))[:100] or "link"


def read_upload(upload: Upload) -> Article:
    """An uploaded .txt or .html file as an Article, by its name's extension.

    Raises:
        InputError: too large, binary, not UTF-8, empty, or not .txt/.html.
    """
    name = PurePosixPath((upload.name or "upload").replace("\\", "/")).name or "upload"
    label = _ID_CHARS.sub("-", name)[:120]
    suffix = PurePosixPath(name).suffix.lower()
    article_id = _ID_CHARS.sub("-", PurePosixPath(name).stem)[:100] or "upload"
    if len(upload.data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"{label}: file is {size_text(len(upload.data))}, over the {size_text(MAX_FILE_BYTES)} upload limit"
        )
    if suffix not in HTML_SUFFIXES and suffix not in TEXT_SUFFIXES and suffix != "":
        raise UnsupportedFormat(f"{label}: unsupported file type {suffix!r}; upload .txt or .html files")
    text = decode_text(upload.data, label, html=suffix in HTML_SUFFIXES)  # a NUL in the first 8 KB: binary
    if "\x00" in text:
        raise UnreadableFile(f"{label}: holds a NUL byte at byte {upload.data.find(bytes(1), 8192)}")
    if not text.strip():
        raise EmptyArticle(f"{label}: file is empty")
    if suffix in HTML_SUFFIXES:
        article = article_from_html(text, article_id=article_id, origin=label)
        return replace(article, path=label)
    return Article(id=article_id, text=text.replace("\r\n", "\n"), path=label)


def story_title(given: str | None, articles: Sequence[Article]) -> str:
    """The title a user gave, else the first article title, else the start of the first text.

    Titles and first lines are read after cleaning, so a scraped page's furniture ("Play Live Radio")
    never names a story.
    """
    if given and given.strip():
        return given.strip()
    for article in articles:
        if article.title:
            return article.title
    cleaned = []
    for article in articles[:3]:
        try:
            cleaned.append(clean(article))
        except InputError:  # nothing but furniture: the brief reports it; it cannot name the story
            continue
    for c in cleaned:
        if c.article.title:
            return c.article.title
    for c in cleaned:
        first = next((line.strip() for line in c.text.splitlines() if len(line.split()) >= 3), "")
        if first:
            return " ".join(first.split()[:12])
    return "Untitled story"


def to_article(record: ArticleRecord) -> Article:
    """A stored article back as the pipeline's Article; its id is the key the brief cites."""
    return Article(
        id=record.key, text=record.text, title=record.title, outlet=record.outlet, author=record.author,
        date=record.date, date_source=record.date_source, path=None if record.url else record.source, url=record.url,
    )


def rebrief_stale(store: Store, *, settings: Settings = DEFAULTS, stop: threading.Event | None = None) -> int:
    """Brief every story whose brief is missing or older than its articles; return how many were briefed.

    A server killed after storing a story's articles but before storing its
    brief leaves such a story; the app runs this when it starts and then
    every few minutes, so none stays without a current brief (issue 9).
    """
    done = 0
    for story_id, revision in store.stale_stories():
        if stop is not None and stop.is_set():
            break
        try:
            brief_story(store, story_id, revision, settings=settings)
            done += 1
        except NewsbriefError as exc:  # one bad story must not stop the pass
            log.warning("story %s: cannot re-brief: %s", story_id, exc)
    return done


def brief_story(store: Store, story_id: int, revision: int, *, errors: Sequence[str] = (),
                settings: Settings = DEFAULTS, words: int | None = None) -> dict:
    """Brief every stored article of a story and store the brief; return its JSON.

    ``errors`` (inputs of this request that could not be used) land in the
    brief's ``errors`` after those of earlier requests, so the story page keeps
    reporting every input that failed. Without ``words`` the budget asked for
    when the story was made (or last given) is kept.
    """
    articles = [to_article(r) for r in store.get_articles(story_id)]
    previous = store.get_brief(story_id)
    if previous is not None:
        before = json.loads(previous.json)
        errors = list(dict.fromkeys([*before.get("errors", []), *errors]))
        if words is None:
            words = before.get("summary", {}).get("requested_words")
    # Briefs run side by side: only the calls into spaCy's full pipeline take a lock, one block at a
    # time (analyze.PARSE_LOCK); the sentence split's tokenizer runs each text whole under the GIL, and
    # of two briefs of one story the store keeps the one of the newer revision (issue 13).
    result = brief_articles(
        articles, words=words, settings=settings, story_id=str(story_id), errors=[InputError(e) for e in errors],
        analysis=True,
    )
    data, markdown, html = to_dict(result), render_markdown(result), render_html(result)
    store.save_brief(story_id, revision, data, markdown, html)
    return data


def intake_into_store(store: Store, intake: Intake, *, story_id: int | None = None, title: str | None = None,
                      settings: Settings = DEFAULTS, words: int | None = None,
                      idempotency_key: str | None = None) -> tuple[AddResult, dict]:
    """Store an intake as a new story (or into ``story_id``) and brief the story.

    A creation whose ``idempotency_key`` made a story before returns that
    story (``replayed``) with its stored brief, briefing it only if the first
    request died before its brief was saved.

    Raises:
        EmptyArticle: a new story with no usable article (the message lists why).
        NotFound: ``story_id`` names no story.
    """
    if title:
        check_text([title], "title")
    intake = usable(intake, settings)
    if story_id is None:
        if not intake.articles:
            why = "; ".join(intake.errors) or "give pasted text, files or links"
            raise EmptyArticle(f"no usable article in the request: {why}")
        result = store.create_story(story_title(title, intake.articles), intake.articles,
                                    idempotency_key=idempotency_key)
        if result.replayed:
            _story, stored = store.get_story_and_brief(result.story.id)
            if stored is not None and stored.revision >= result.revision:
                return result, json.loads(stored.json)
    else:
        result = store.add_articles(story_id, intake.articles)
    data = brief_story(store, result.story.id, result.revision, errors=intake.errors, settings=settings, words=words)
    if story_id is None and not (title and title.strip()) and data.get("title") and not result.replayed:
        # Untitled by the user: named by the brief's headline (its most central article's), not the first file's.
        store.rename_story(result.story.id, data["title"])
        result = replace(result, story=store.get_story(result.story.id))
    return result, data
