"""Server-rendered pages: story list and search, new story, story brief, article, downloads."""

from __future__ import annotations

import json
import re

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from ..errors import InputError
from ..store import NotFound
from .intake import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TEXTS,
    MAX_URLS,
    PastedText,
    TooMuchInput,
    Upload,
    check_limits,
    gather,
    intake_into_store,
    split_links,
    split_pasted,
)
from ..render import actors_and_groups
from .present import (
    article_segments,
    by_number,
    figure_rows,
    has_analysis,
    left_out,
    on_story_articles,
    quote_counts,
    quotes_by_speaker,
    source_numbers,
    timeline_picture,
)

router = APIRouter(include_in_schema=False)
_DOWNLOADS = {"md": "text/markdown; charset=utf-8", "json": "application/json", "html": "text/html; charset=utf-8"}
# Form fields besides files: title, text, urls (+ slack for what browsers add).
_MAX_FIELDS = 10


def _page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, q: str | None = None) -> HTMLResponse:
    stories = request.app.state.store.list_stories(q, limit=100)
    return _page(request, "index.html", {"stories": stories, "q": q or ""})


@router.get("/new", response_class=HTMLResponse)
def new_story_form(request: Request) -> HTMLResponse:
    return _page(request, "new.html", {"errors": [], "form": {}, "limits": _limits()})


def _limits() -> dict:
    return {"files": MAX_FILES, "urls": MAX_URLS, "texts": MAX_TEXTS, "file_mb": MAX_FILE_BYTES // (1024 * 1024)}


async def _read_form(request: Request) -> tuple[dict, list[Upload], list[str], list[PastedText]]:
    try:
        form = await request.form(max_files=MAX_FILES + 1, max_fields=_MAX_FIELDS)
    except MultiPartException as exc:
        raise TooMuchInput(f"the form could not be read: {exc.message} (at most {MAX_FILES} files)") from None
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
    urls = split_links(fields.get("urls"))
    texts = [PastedText(t) for t in split_pasted(fields.get("text", ""))]
    check_limits(texts=len(texts), urls=len(urls), files=len(files))
    uploads = [Upload(f.filename or "upload", await f.read()) for f in files]
    return fields, uploads, urls, texts


@router.post("/new", response_class=HTMLResponse)
async def new_story(request: Request) -> Response:
    config, store = request.app.state.config, request.app.state.store
    fields: dict = {}
    try:
        fields, uploads, urls, texts = await _read_form(request)
        intake = await run_in_threadpool(gather, texts, urls, uploads, policy=config.fetch_policy)
        result, _ = await run_in_threadpool(
            intake_into_store, store, intake, title=fields.get("title"), settings=config.settings
        )
    except InputError as exc:
        status = 413 if isinstance(exc, TooMuchInput) else 400
        return _page(request, "new.html", {"errors": [str(exc)], "form": fields, "limits": _limits()}, status)
    return RedirectResponse(f"/stories/{result.story.id}", status_code=303)


@router.post("/stories/{story_id}/articles")
async def add_to_story(story_id: int, request: Request) -> Response:
    config, store = request.app.state.config, request.app.state.store
    await run_in_threadpool(store.get_story, story_id)
    _, uploads, urls, texts = await _read_form(request)
    intake = await run_in_threadpool(gather, texts, urls, uploads, policy=config.fetch_policy)
    result, _ = await run_in_threadpool(intake_into_store, store, intake, story_id=story_id, settings=config.settings)
    note = f"?added={len(result.added)}&duplicates={len(result.duplicates)}"
    return RedirectResponse(f"/stories/{story_id}{note}", status_code=303)


def _brief_data(request: Request, story_id: int) -> dict:
    stored = request.app.state.store.get_brief(story_id)
    return json.loads(stored.json) if stored else {"articles": [], "summary": {"sentences": []}, "errors": []}


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(story_id: int, request: Request, added: int | None = None, duplicates: int | None = None):
    # async on purpose: one indexed query and (usually) a cache hit; a thread hop would cost more
    # than the work under load (benchmarks/load.py).
    store = request.app.state.store
    story, stored = store.get_story_and_brief(story_id)
    key = (story_id, story.revision, story.updated_at, story.article_count,
           stored.revision if stored else None, stored.created_at if stored else None)
    cache = request.app.state.page_cache
    if added is None and duplicates is None and (html := cache.get(key)) is not None:
        return HTMLResponse(html)
    data = json.loads(stored.json) if stored else {"articles": [], "summary": {"sentences": []}, "errors": []}
    numbers = source_numbers(data)
    speakers = quotes_by_speaker(data)
    context = {
        "story": story,
        "data": data,
        "numbers": numbers,
        "articles": {a["id"]: a for a in data.get("articles", [])},
        "analysis": has_analysis(data),
        "speakers": speakers,
        "quoted": quote_counts(data, speakers),
        "figures": figure_rows(data),
        "timeline": timeline_picture(data.get("timeline") or [], numbers),
        "actors_groups": actors_and_groups([e for e in data.get("entities") or [] if isinstance(e, dict)]),
        "on_story": on_story_articles(data),
        "left_out": left_out(data),
        "by_number": lambda ids: by_number(ids, numbers),
        "added": added,
        "duplicates": duplicates,
        "limits": _limits(),
    }
    html = request.app.state.templates.env.get_template("story.html").render(context)
    if added is None and duplicates is None:
        cache.put(key, html)
    return HTMLResponse(html)


_KEY = re.compile(r"^[A-Za-z0-9._-]{1,200}$")


@router.get("/stories/{story_id}/articles/{key}", response_class=HTMLResponse)
def article_page(story_id: int, key: str, request: Request):
    store = request.app.state.store
    story = store.get_story(story_id)
    if not _KEY.match(key):
        raise NotFound(f"story {story_id} has no article {key!r}")
    article = store.get_article(story_id, key)
    data = _brief_data(request, story_id)
    cleaned = next((a for a in data.get("articles", []) if a.get("id") == key), None)
    removed = list(cleaned.get("removed", [])) if cleaned else []
    context = {
        "story": story,
        "article": article,
        "cleaned": cleaned,
        "removed": removed,
        "segments": article_segments(article.text, removed),
        "number": source_numbers(data).get(key),
    }
    return _page(request, "article.html", context)


@router.get("/stories/{story_id}/brief.{ext}")
def download(story_id: int, ext: str, request: Request) -> Response:
    if ext not in _DOWNLOADS:
        raise NotFound(f"no download format {ext!r}; use .md, .json or .html")
    store = request.app.state.store
    store.get_story(story_id)
    stored = store.get_brief(story_id)
    if stored is None:
        raise NotFound(f"story {story_id} has no brief yet")
    body = {"md": stored.markdown, "json": stored.json, "html": stored.html}[ext]
    headers = {"Content-Disposition": f'attachment; filename="story-{story_id}-brief.{ext}"'}
    if ext == "html":
        headers["Content-Security-Policy"] = "sandbox allow-scripts"
    return Response(body, media_type=_DOWNLOADS[ext], headers=headers)
