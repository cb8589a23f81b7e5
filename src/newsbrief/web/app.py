"""The FastAPI application: server-rendered pages, the JSON API, and the guards around both.

    app = create_app(WebConfig(db_url="sqlite:///newsbrief.db"))

Opening the app opens the store and runs its migrations. Pages are Jinja2
templates with autoescaping; static CSS and JS are served from the package
and a Content-Security-Policy forbids inline and foreign scripts, so
article text can never run as code even if a template forgot to escape it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..errors import ModelNotInstalled, NewsbriefError, StoreError, size_text
from ..fetch import FetchPolicy
from ..analyze.entities import type_label
from markupsafe import Markup

from ..render import lang_attrs, plural, unavailable_text
from ..settings import DEFAULTS, Settings
from ..store import NotFound, Store, open_store
from .intake import MAX_REQUEST_BYTES, TooMuchInput
from .problems import tidy_openapi, validation_problem

log = logging.getLogger(__name__)

# Pages run no inline script and load nothing from elsewhere.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; connect-src 'self'"
)
# Swagger UI's page bootstraps itself with one inline script.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What `newsbrief serve` passes to the app (settings made at the edge)."""

    db_url: str | None = None
    allow_private_urls: bool = False
    settings: Settings = DEFAULTS
    # Load spaCy when the server starts rather than on the first story.
    warm_up: bool = True

    @property
    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(allow_private=self.allow_private_urls)


class GuardMiddleware:
    """Security headers on every response; refuse request bodies over MAX_REQUEST_BYTES; HEAD as GET.

    Pure ASGI (not BaseHTTPMiddleware) so reads of stored briefs pay almost nothing.
    """

    def __init__(self, app, max_body_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        # HEAD answers like GET without the body (FastAPI routes only GET; HEAD would be 405).
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        path = scope.get("path", "")
        csp = (DOCS_CSP if path.startswith("/docs") else PAGE_CSP).encode()
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            return await _too_large(send, self.max_body_bytes, path)
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # An HTTPException, because FastAPI turns any other error met while reading
                    # the body into a generic 400.
                    raise HTTPException(413, _too_large_message(self.max_body_bytes))
            return message

        async def guarded_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [] if b"content-security-policy" in present else [(b"content-security-policy", csp)]
                extra += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except HTTPException as exc:  # raised by limited_receive outside any handler (e.g. a mounted app)
            if exc.status_code != 413 or started:
                raise
            await _too_large(send, self.max_body_bytes, path)


def _too_large_message(limit: int) -> str:
    return f"request body over the {size_text(limit)} limit; send fewer or smaller files"


async def _too_large(send, limit: int, path: str) -> None:
    body = json.dumps({"error": _too_large_message(limit)})
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body.encode()})


class PageCache:
    """Rendered story pages keyed by what they were drawn from (story and brief revisions).

    A key names one version of the stored data, so a hit is never stale; a
    change anywhere (another process included) gives a new key. Bounded LRU.
    """

    # Pages are ~20-60 kB; 256 of them is a few MB.
    MAX_PAGES = 256

    def __init__(self) -> None:
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key) -> str | None:
        with self._lock:
            html = self._pages.get(key)
            if html is not None:
                self._pages.move_to_end(key)
            return html

    def put(self, key, html: str) -> None:
        with self._lock:
            self._pages[key] = html
            self._pages.move_to_end(key)
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)


def templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("newsbrief.web", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    )
    # The report's words for the same things: "1 mention", "place" rather than spaCy's "GPE".
    # Text in the articles' language is marked with it (lang, dir="rtl" for Arabic and Hebrew; issue 15).
    env.globals.update(
        plural=plural, type_label=type_label, lang_attrs=lambda code: Markup(lang_attrs(code)),
        unavailable_note=lambda data: unavailable_text(data.get("unavailable") or (), data.get("lang")),
    )
    return Jinja2Templates(env=env)


def create_app(config: WebConfig = WebConfig(), store: Store | None = None) -> FastAPI:
    """The web app over ``store`` (or a store opened, and migrated, from ``config.db_url``).

    Raises:
        ConfigError: a bad database URL.
        StoreError: the database cannot be opened or migrated.
    """
    store = store or open_store(config.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if config.warm_up:
            from ..models import Article
            from ..pipeline import brief_articles

            text = "Ann Lee said on May 2, 2024 that 40 ferries sailed. The model loads once; every brief is quick."
            brief_articles([Article(id="warm-up", text=text)], analysis=True)
        stop = threading.Event()
        rebrief = threading.Thread(target=_rebrief_loop, args=(store, config, stop), name="rebrief", daemon=True)
        rebrief.start()
        app.state.rebrief_thread = rebrief
        yield
        stop.set()
        rebrief.join(timeout=30)
        store.close()

    app = FastAPI(
        title="newsbrief",
        summary="A checkable brief from many news articles about one story.",
        description="Create stories from article texts, files or links; read their cited briefs and analysis. "
        "The brief JSON is the one `newsbrief brief --format json` prints (brief.schema.json).",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.config = config
    app.state.templates = templates()
    app.state.page_cache = PageCache()
    app.add_middleware(GuardMiddleware)
    app.mount("/static", StaticFiles(packages=[("newsbrief.web", "static")]), name="static")
    try:
        import swagger_ui_bundle

        app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")
        js, css = "/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"
    except ImportError:  # the [web] extra pins it; without it /docs falls back to the CDN
        js = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"
        css = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsbrief API", swagger_js_url=js,
                                   swagger_css_url=css, swagger_favicon_url="/static/favicon.svg")

    from .api import router as api_router
    from .pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)
    _install_error_handlers(app)

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, summary=app.summary,
                               description=app.description, routes=app.routes)
            app.openapi_schema = tidy_openapi(spec)
        return app.openapi_schema

    app.openapi = openapi
    return app


# Seconds between passes that re-brief stories left without a current brief (a server killed mid-request,
# or another process of a multi-process deployment). The first pass runs at start.
REBRIEF_INTERVAL_S = 300


def _rebrief_loop(store: Store, config: WebConfig, stop: threading.Event) -> None:
    from .intake import rebrief_stale

    while not stop.is_set():
        try:
            rebrief_stale(store, settings=config.settings, stop=stop)
        except NewsbriefError as exc:  # the database is down: try again next pass
            log.warning("re-brief pass failed: %s", exc)
        stop.wait(REBRIEF_INTERVAL_S)


def _install_error_handlers(app: FastAPI) -> None:
    def respond(request: Request, status: int, message: str):
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": message}, status_code=status)
        return request.app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        return respond(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        status, message = validation_problem(list(exc.errors()))
        return respond(request, status, message)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return respond(request, 404, str(exc))

    @app.exception_handler(TooMuchInput)
    async def _too_much(request: Request, exc: TooMuchInput):
        return respond(request, 413, str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError):
        return respond(request, 503, str(exc))

    @app.exception_handler(NewsbriefError)
    async def _user_error(request: Request, exc: NewsbriefError):
        return respond(request, 500 if isinstance(exc, ModelNotInstalled) else 400, str(exc))


# `newsbrief serve --workers N` hands its options to the app processes in this variable (JSON).
SERVE_ENV = "NEWSBRIEF_SERVE"


def app_from_environment() -> FastAPI:
    """The app for one of `serve --workers N`'s processes: uvicorn imports this factory by name.

    Each process opens its own connections to the one database; the migrations already ran in the
    parent, so here they find the schema at head and do nothing.
    """
    import json
    import os

    from ..settings import load_settings

    options = json.loads(os.environ[SERVE_ENV])
    config = WebConfig(
        db_url=options["db_url"],
        allow_private_urls=options["allow_private_urls"],
        settings=load_settings(options.get("settings_file")),
    )
    return create_app(config)
