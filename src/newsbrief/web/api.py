"""The HTTP API under ``/api``: what the CLI does, over HTTP, with the same brief JSON.

    POST /api/stories                       create from {"texts": [...], "urls": [...]}
    POST /api/stories/upload                create from a multipart upload
    POST /api/stories/{id}/articles         add articles (JSON), /articles/upload (multipart)
    GET  /api/stories?q=ferry               list or full-text search
    GET  /api/stories/{id}                  the story and its articles
    GET  /api/stories/{id}/brief            the brief JSON (?format=md|html for the others)
    GET  /api/stories/{id}/analysis         the analysis sections of the brief
    GET  /api/stories/{id}/articles/{key}   one article: original and cleaned text
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from ..render import schema
from ..store import NotFound, StoryRecord
from .problems import ERROR_RESPONSES
from .intake import PastedText, Upload, check_limits, gather, intake_into_store, split_links, split_pasted

router = APIRouter(prefix="/api", tags=["stories"], responses=ERROR_RESPONSES)


class TextIn(BaseModel):
    text: str = Field(description="The article text (plain text).")
    title: str | None = None


class ArticlesIn(BaseModel):
    texts: list[str | TextIn] = Field(default_factory=list, description="Article texts, plain strings or objects.")
    urls: list[str] = Field(default_factory=list, description="Links to article pages to fetch.")
    words: int | None = Field(default=None, ge=1, description="Word budget of the brief (default: from the input).")


class StoryIn(ArticlesIn):
    title: str | None = Field(default=None, description="Story title (default: the first article's title).")


class StoryOut(BaseModel):
    id: int
    title: str
    article_count: int
    revision: int
    created_at: datetime
    updated_at: datetime
    url: str = Field(description="The story page.")
    brief_url: str = Field(description="The brief JSON.")


class AddedOut(BaseModel):
    story: StoryOut
    added: list[str] = Field(description="Ids (as the brief cites them) of the articles stored by this request.")
    duplicates: list[str] = Field(description="Input ids whose text the story already held; not stored again.")
    errors: list[str] = Field(description="One line per input that could not be used; the rest were processed.")
    brief: dict = Field(description="The story's brief JSON after this request (brief.schema.json).")


class StoryList(BaseModel):
    query: str | None
    stories: list[StoryOut]


class ArticleOut(BaseModel):
    key: str
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None
    url: str | None
    source: str
    original_text: str
    text: str | None = Field(description="Cleaned text, as the brief used it.")
    removed: list[str] = Field(description="What cleaning removed, in order.")


class StoryDetail(BaseModel):
    story: StoryOut
    articles: list[dict]
    errors: list[str]


class BriefFormat(str, Enum):
    json = "json"
    md = "md"
    html = "html"


def story_out(story: StoryRecord) -> StoryOut:
    return StoryOut(
        id=story.id, title=story.title, article_count=story.article_count, revision=story.revision,
        created_at=story.created_at, updated_at=story.updated_at, url=f"/stories/{story.id}",
        brief_url=f"/api/stories/{story.id}/brief",
    )


def _texts(items: list[str | TextIn]) -> list[PastedText]:
    return [PastedText(i) if isinstance(i, str) else PastedText(i.text, i.title) for i in items]


def _run(request: Request, texts, urls, uploads, *, story_id=None, title=None, words=None,
         idempotency_key=None) -> AddedOut:
    config = request.app.state.config
    store = request.app.state.store
    if idempotency_key is not None and story_id is None:
        replay = _replay(store, idempotency_key, config.settings)
        if replay is not None:
            return replay  # the story this key made; its links are not fetched again
    intake = gather(texts, urls, uploads, policy=config.fetch_policy)
    result, data = intake_into_store(store, intake, story_id=story_id, title=title, settings=config.settings,
                                     words=words, idempotency_key=idempotency_key)
    if result.replayed:  # another request with this key won the race
        return _replay(store, idempotency_key, config.settings)
    return AddedOut(
        story=story_out(store.get_story(result.story.id)), added=[a.key for a in result.added],
        duplicates=list(result.duplicates), errors=list(intake.errors), brief=data,
    )


def _replay(store, key: str, settings) -> AddedOut | None:
    """The answer to a repeated creation: the story the key made, every article of it, its brief."""
    story_id = store.story_for_key(key)
    if story_id is None:
        return None
    from .intake import brief_story

    story, stored = store.get_story_and_brief(story_id)
    data = json.loads(stored.json) if stored and stored.revision >= story.revision else None
    if data is None:  # the first request died before its brief was stored
        data = brief_story(store, story_id, story.revision, settings=settings)
    return AddedOut(story=story_out(store.get_story(story_id)), added=[a.key for a in store.get_articles(story_id)],
                    duplicates=[], errors=list(data.get("errors", [])), brief=data)


IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Any unique string (a UUID): a retry with the same key returns the "
           "story the first request created instead of making another (201 both times)."),
]


async def _uploads(files: list[UploadFile], urls: str, text: str) -> tuple[list[Upload], list[str], list[PastedText]]:
    # Browsers send an empty part when no file was chosen.
    files = [f for f in files if f.filename or f.size]
    url_list = split_links(urls)
    texts = [PastedText(t) for t in split_pasted(text)]
    check_limits(texts=len(texts), urls=len(url_list), files=len(files))
    uploads = [Upload(f.filename or "upload", await f.read()) for f in files]
    return uploads, url_list, texts


@router.post("/stories", status_code=201, response_model=AddedOut, summary="Create a story from texts and links")
def create_story(body: StoryIn, request: Request, idempotency_key: IdempotencyKey = None) -> AddedOut:
    """Store the articles, brief them, and return the brief. Failed links are listed in ``errors``.

    Send an ``Idempotency-Key`` header to make retries safe.
    """
    return _run(request, _texts(body.texts), body.urls, [], title=body.title, words=body.words,
                idempotency_key=idempotency_key)


@router.post("/stories/upload", status_code=201, response_model=AddedOut, summary="Create a story from uploaded files")
async def create_story_upload(
    request: Request,
    files: Annotated[list[UploadFile], File(description=".txt or .html article files")] = [],  # noqa: B006
    title: Annotated[str, Form()] = "",
    urls: Annotated[str, Form(description="Links, one per line")] = "",
    text: Annotated[str, Form(description="Pasted article text; separate articles with a line of ---")] = "",
    idempotency_key: IdempotencyKey = None,
) -> AddedOut:
    uploads, url_list, texts = await _uploads(files, urls, text)
    return await run_in_threadpool(_run, request, texts, url_list, uploads, title=title or None,
                                   idempotency_key=idempotency_key)


@router.post("/stories/{story_id}/articles", response_model=AddedOut, summary="Add articles to a story")
def add_articles(story_id: int, body: ArticlesIn, request: Request) -> AddedOut:
    """Texts the story already holds are reported in ``duplicates`` and not stored twice."""
    request.app.state.store.get_story(story_id)
    return _run(request, _texts(body.texts), body.urls, [], story_id=story_id, words=body.words)


@router.post("/stories/{story_id}/articles/upload", response_model=AddedOut, summary="Add uploaded files to a story")
async def add_articles_upload(
    story_id: int,
    request: Request,
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
    urls: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> AddedOut:
    await run_in_threadpool(request.app.state.store.get_story, story_id)
    uploads, url_list, texts = await _uploads(files, urls, text)
    return await run_in_threadpool(_run, request, texts, url_list, uploads, story_id=story_id)


@router.get("/stories", response_model=StoryList, summary="List or search stories")
def list_stories(
    request: Request,
    q: Annotated[str | None, Query(description="Full-text search over article texts and story titles")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> StoryList:
    stories = request.app.state.store.list_stories(q, limit=limit, offset=offset)
    return StoryList(query=q, stories=[story_out(s) for s in stories])


@router.get("/stories/{story_id}", response_model=StoryDetail, summary="A story and its articles")
def get_story(story_id: int, request: Request) -> StoryDetail:
    store = request.app.state.store
    story = store.get_story(story_id)
    stored = store.get_brief(story_id)
    errors = json.loads(stored.json).get("errors", []) if stored else []
    articles = [
        {"key": a.key, "title": a.title, "outlet": a.outlet, "date": a.date, "url": a.url, "source": a.source,
         "href": f"/api/stories/{story_id}/articles/{a.key}"}
        for a in store.get_articles(story_id)
    ]
    return StoryDetail(story=story_out(story), articles=articles, errors=errors)


_BRIEF_SCHEMA = {k: v for k, v in schema().items() if not k.startswith("$")}


@router.get(
    "/stories/{story_id}/brief",
    summary="The brief (JSON, Markdown or HTML)",
    responses={200: {"content": {"application/json": {"schema": _BRIEF_SCHEMA}, "text/markdown": {}, "text/html": {}}}},
)
async def get_brief(story_id: int, request: Request, format: BriefFormat = BriefFormat.json) -> Response:
    """The stored brief, exactly as ``newsbrief brief --format json`` prints it for these articles."""
    # async on purpose: one primary-key read; a thread hop would cost more than the query.
    _story, stored = request.app.state.store.get_story_and_brief(story_id)
    if stored is None:
        raise NotFound(f"story {story_id} has no brief yet")
    if format is BriefFormat.md:
        return PlainTextResponse(stored.markdown, media_type="text/markdown; charset=utf-8")
    if format is BriefFormat.html:
        # A stand-alone page with its own inline script: sandboxed so it cannot act as this site.
        return Response(stored.html, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": "sandbox allow-scripts"})
    return Response(stored.json, media_type="application/json")


@router.get("/stories/{story_id}/analysis", summary="The analysis sections of the brief")
def get_analysis(story_id: int, request: Request) -> dict:
    """``entities``, ``quotes``, ``figures``, ``timeline`` and ``coverage`` when the brief has them; else ``{}``."""
    store = request.app.state.store
    store.get_story(story_id)
    return store.get_analysis(story_id) or {}


@router.get("/stories/{story_id}/articles/{key}", response_model=ArticleOut, summary="One article of a story")
def get_article(story_id: int, key: str, request: Request) -> ArticleOut:
    store = request.app.state.store
    store.get_story(story_id)
    article = store.get_article(story_id, key)
    stored = store.get_brief(story_id)
    cleaned = None
    if stored:
        cleaned = next((a for a in json.loads(stored.json).get("articles", []) if a.get("id") == key), None)
    return ArticleOut(
        key=article.key, title=article.title, outlet=article.outlet, author=article.author, date=article.date,
        url=article.url, source=article.source, original_text=article.text,
        text=cleaned.get("text") if cleaned else None, removed=list(cleaned.get("removed", [])) if cleaned else [],
    )
