"""The web app: server-rendered pages and a JSON API over a store's story catalog.

Pages and API read what ``newsprism ingest`` (or an upload here) put in the catalog;
nothing is analyzed while a page is served. Writing — uploads and feed URLs — needs the
token the server was started with (``NEWSPRISM_TOKEN``); without one the server is
read-only.
"""

from __future__ import annotations

import hmac
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._version import __version__
from ..analyze import outlet_profiles
from ..annotation import ANNOTATION_VERSION
from ..catalog import merge_stories, refresh_stories, split_story, story_report
from ..errors import UsageError
from ..ingest import ingest
from ..models import Correction
from ..nlp import Models
from ..read import ReadOptions
from ..render.evidence import article_profiles
from ..render.html import SECTION_HELPERS, coverage_cell, matrix_claims
from ..report import OutletProfile, Report, ReportArticle, Story
from ..store import Store, search_words
from .schemas import (
    ArticleHit,
    ArticleResponse,
    CorrectionResult,
    ErrorResponse,
    Facets,
    IngestResult,
    MergeRequest,
    SearchResult,
    SplitRequest,
    StoryList,
)
from .security import BodySizeLimit, HeadAsGet, SameOriginWrites, SecurityHeaders
from .views import highlighted_text, provenance_graph, storyline_groups

HERE = Path(__file__).parent
_T = TypeVar("_T")
PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
# Large enough for a folder of saved pages or a day's WARC sample, small enough that
# one request cannot fill the disk or the memory of a small server.
DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024
# An error answer names what was wrong in a bounded message, whatever was sent.
MAX_VALIDATION_PROBLEMS = 5
MAX_ERROR_CHARS = 500
# The sides a story list can be filtered by (``newsprism.outlets.SIDES``), as a pattern;
# empty is no filter (the list's form sends its "any side" choice as ``side=``).
SIDE_PATTERN = "^(left|center|right)?$"
# Lean labels, countries and owners are the registry's own words: any text up to this
# long is accepted, and one no story has simply matches none.
MAX_FACET_CHARS = 200


@dataclass
class ServerSettings:
    """How a server runs: its store, its write token, its limits."""

    db: Path
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    models: Models | None = None


def create_app(settings: ServerSettings) -> FastAPI:
    """The FastAPI application serving ``settings.db``."""
    app = FastAPI(
        title="newsprism",
        version=__version__,
        description="Stories and how each outlet covered them. The story object of "
        "`/api/stories/{id}` is the `stories[]` entry of the report contract "
        "(`newsprism schema`); `/api/stories/{id}/report` is the whole report of one story.",
        # FastAPI's own documentation pages load scripts from a CDN; /docs is rendered
        # here from the same OpenAPI schema instead.
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SameOriginWrites)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    # the story sections shared with the static report (render/templates/_sections.html)
    templates.env.loader = ChoiceLoader(
        [templates.env.loader, PackageLoader("newsprism", "render/templates")]
    )
    templates.env.globals.update(
        SECTION_HELPERS,
        version=__version__,
        coverage_cell=coverage_cell,
        matrix_claims=matrix_claims,
        query_with=_query_with,
    )
    # One ingest at a time: each ends with a catalog refresh over the whole store.
    ingest_lock = threading.Lock()

    @contextmanager
    def open_store() -> Iterator[Store]:
        if not settings.db.exists():
            raise HTTPException(503, f"no store at {settings.db.name}; ingest articles first")
        with Store(settings.db) as store:
            yield store

    def page(request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
        context.setdefault("writable", settings.token is not None)
        return templates.TemplateResponse(request, name, context, status_code=status)

    def listings(
        store: Store,
        q: str | None,
        outlet: str | None,
        since: str | None,
        until: str | None,
        sort: str,
        limit: int,
        offset: int,
        facets: dict[str, str] | None = None,
        blindspot: bool = False,
    ) -> StoryList:
        _has_words(q)
        try:
            found, total = store.story_listings(
                q,
                outlet,
                since,
                until,
                sort,
                limit,
                offset,
                facets=facets,
                blindspot=blindspot,
            )
        except ValueError as error:
            raise HTTPException(422, str(error)) from None
        return StoryList(stories=found, total=total, limit=limit, offset=offset)

    # --- JSON API ----------------------------------------------------------------------
    not_found = {404: {"model": ErrorResponse}}

    @app.get("/api/stories", response_model=StoryList, tags=["api"])
    def api_stories(
        q: Annotated[str | None, Query(max_length=200, description="Words to find.")] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=32, description="ISO date.")] = None,
        until: Annotated[str | None, Query(max_length=32, description="ISO date.")] = None,
        sort: Annotated[str, Query(pattern="^(newest|biggest)$")] = "newest",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        side: Annotated[
            str | None,
            Query(pattern=SIDE_PATTERN, description="Covered by outlets of this side."),
        ] = None,
        lean: Annotated[
            str | None,
            Query(max_length=MAX_FACET_CHARS, description="Covered by outlets of this lean."),
        ] = None,
        country: Annotated[
            str | None,
            Query(max_length=MAX_FACET_CHARS, description="Covered by outlets of this country."),
        ] = None,
        owner: Annotated[
            str | None,
            Query(max_length=MAX_FACET_CHARS, description="Covered by outlets of this owner."),
        ] = None,
        blindspot: Annotated[
            bool, Query(description="Only the stories one side's outlets carry alone.")
        ] = False,
    ) -> StoryList:
        """Stories of the catalog, filtered and paged, each with its articles by side
        (``coverage``) and its ``blindspot`` when the store has an outlet registry. The
        side, lean, country and owner filters take the values of ``/api/facets``."""
        facets = _facets(side=side, lean=lean, country=country, owner=owner)
        with open_store() as store:
            return listings(store, q, outlet, since, until, sort, limit, offset, facets, blindspot)

    @app.get("/api/facets", response_model=Facets, tags=["api"])
    def api_facets() -> Facets:
        """Every side, lean, country and owner some story's outlets have: the values the
        story filters take (all empty without an outlet registry)."""
        with open_store() as store:
            return Facets(**store.catalog_facets())

    @app.get("/api/outlets", response_model=list[OutletProfile], tags=["api"])
    def api_outlets() -> list[OutletProfile]:
        """The outlets of the store's registry, by name (empty without one)."""
        with open_store() as store:
            registry = store.registry()
        return outlet_profiles(registry.outlets) if registry else []

    @app.get("/api/stories/{story_id}", response_model=Story, responses=not_found, tags=["api"])
    def api_story(story_id: str) -> Story:
        """One story as in the report contract: its claims, figures, framing, quotes…"""
        with open_store() as store:
            return _or_404(store.story(story_id), "story")

    @app.get(
        "/api/stories/{story_id}/report",
        response_model=Report,
        responses=not_found,
        tags=["api"],
    )
    def api_story_report(story_id: str) -> Report:
        """One story as a whole report (the story and its articles), as the CLI writes."""
        with open_store() as store:
            return _or_404(story_report(store, story_id), "story")

    @app.get(
        "/api/articles/{article_id}",
        response_model=ArticleResponse,
        responses=not_found,
        tags=["api"],
    )
    def api_article(article_id: str) -> ArticleResponse:
        """One article: cleaned text, what was removed, provenance, its story."""
        with open_store() as store:
            return _or_404(_article(store, article_id), "article")

    @app.get("/api/search", response_model=SearchResult, tags=["api"])
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
    ) -> SearchResult:
        """Stories and articles matching the words of ``q``."""
        _has_words(q)
        with open_store() as store:
            return _search(store, q, limit)

    @app.post(
        "/api/ingest",
        response_model=IngestResult,
        responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
        tags=["api"],
    )
    def api_ingest(
        files: Annotated[list[UploadFile] | None, File(description="Articles.")] = None,
        feed_url: Annotated[str | None, Form(max_length=2000)] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> IngestResult:
        """Add uploaded files and/or a feed to the store (needs ``Authorization: Bearer
        <NEWSPRISM_TOKEN>``), then bring the stories up to date."""
        scheme, _, given = (authorization or "").partition(" ")
        _authorize(settings.token, given if scheme.lower() == "bearer" else None)
        return _ingest(settings, ingest_lock, files or [], feed_url)

    def bearer(authorization: str | None) -> str | None:
        scheme, _, given = (authorization or "").partition(" ")
        return given if scheme.lower() == "bearer" else None

    def corrected(correct: Callable[[Store], Correction]) -> CorrectionResult:
        """Record a correction of the stories and refresh the catalog with it."""
        with ingest_lock, open_store() as store:
            try:
                correction = correct(store)
            except UsageError as error:
                raise HTTPException(422, str(error)) from None
            catalog = refresh_stories(store, settings.models)
            return CorrectionResult(
                kind=correction.kind,
                article_ids=list(correction.article_ids),
                story_id=store.story_of(correction.article_ids[0]),
                stories=catalog.stories,
            )

    @app.post(
        "/api/stories/merge",
        response_model=CorrectionResult,
        responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
        tags=["api"],
    )
    def api_merge(
        request: MergeRequest, authorization: Annotated[str | None, Header()] = None
    ) -> CorrectionResult:
        """Make catalog stories one (needs the token); kept by every later refresh."""
        _authorize(settings.token, bearer(authorization))
        return corrected(lambda store: merge_stories(store, request.story_ids))

    @app.post(
        "/api/stories/{story_id}/split",
        response_model=CorrectionResult,
        responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
        tags=["api"],
    )
    def api_split(
        story_id: str,
        request: SplitRequest,
        authorization: Annotated[str | None, Header()] = None,
    ) -> CorrectionResult:
        """Take articles out of a story into one of their own (needs the token); kept by
        every later refresh."""
        _authorize(settings.token, bearer(authorization))
        return corrected(lambda store: split_story(store, story_id, request.article_ids))

    # --- pages -------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list_page(
        request: Request,
        q: Annotated[str | None, Query(max_length=200)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=32)] = None,
        until: Annotated[str | None, Query(max_length=32)] = None,
        sort: Annotated[str, Query(pattern="^(newest|biggest)$")] = "newest",
        page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
        side: Annotated[str | None, Query(pattern=SIDE_PATTERN)] = None,
        lean: Annotated[str | None, Query(max_length=MAX_FACET_CHARS)] = None,
        country: Annotated[str | None, Query(max_length=MAX_FACET_CHARS)] = None,
        owner: Annotated[str | None, Query(max_length=MAX_FACET_CHARS)] = None,
        blindspot: Annotated[bool, Query()] = False,
    ) -> HTMLResponse:
        facets = _facets(side=side, lean=lean, country=country, owner=owner)
        with open_store() as store:
            found = listings(
                store,
                q,
                outlet,
                since,
                until,
                sort,
                PAGE_SIZE,
                (page_number - 1) * PAGE_SIZE,
                facets,
                blindspot,
            )
            articles = store.search_articles(q, limit=10) if q else []
            outlets = store.catalog_outlets()
            facet_values = store.catalog_facets()
            stored = store.count()
            timelines = store.storyline_events(s.storyline for s in found.stories)
        filters = {
            "q": q,
            "outlet": outlet,
            "since": since,
            "until": until,
            "sort": sort,
            **{name: facets.get(name) for name in facet_values},
            "blindspot": "1" if blindspot else None,
        }
        return page(
            request,
            "stories.html",
            listing=found,
            groups=storyline_groups(found.stories, timelines),
            articles=articles,
            outlets=outlets,
            facet_values=facet_values,
            # the registry's filters are offered once some story has coverage to filter
            by_coverage=any(facet_values.values()),
            filters=filters,
            filtered=any(value for name, value in filters.items() if name != "sort"),
            page_number=page_number,
            pages=max(1, -(-found.total // PAGE_SIZE)),
            stored=stored,
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        with open_store() as store:
            report = _or_404(story_report(store, story_id), "story")
            storyline = store.storyline_events([report.stories[0].storyline])
        return page(
            request,
            "story.html",
            report=report,
            story=report.stories[0],
            storyline=storyline[report.stories[0].storyline],
            articles={a.id: a for a in report.articles},
            profiles=article_profiles(report),
            graph=provenance_graph(report),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        with open_store() as store:
            found = _or_404(_article(store, article_id), "article")
            story = store.story(found.story_id) if found.story_id else None
            annotation = store.annotations([found.article.id], ANNOTATION_VERSION).get(
                found.article.id
            )
        return page(
            request,
            "article.html",
            article=found.article,
            story=story,
            paragraphs=highlighted_text(found.article, annotation, story),
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        schema = app.openapi()
        operations = [
            {"method": method.upper(), "path": path, **operation}
            for path, methods in schema["paths"].items()
            for method, operation in methods.items()
        ]
        return page(request, "docs.html", schema=schema, operations=operations)

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page(request: Request) -> HTMLResponse:
        return page(request, "ingest.html", result=None, error=None)

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(
        request: Request,
        token: Annotated[str, Form(max_length=500)] = "",
        files: Annotated[list[UploadFile] | None, File()] = None,
        feed_url: Annotated[str | None, Form(max_length=2000)] = None,
    ) -> HTMLResponse:
        try:
            _authorize(settings.token, token or None)
            result = _ingest(settings, ingest_lock, files or [], feed_url)
        except HTTPException as error:
            return page(
                request, "ingest.html", status=error.status_code, result=None, error=error.detail
            )
        return page(request, "ingest.html", result=result, error=None)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        # what was wrong, never the input itself: a 100 KB query is not sent back
        problems = [
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()[:MAX_VALIDATION_PROBLEMS]
        ]
        detail = "; ".join(problems)[:MAX_ERROR_CHARS] or "invalid request"
        return http_error(request, HTTPException(422, detail))

    # Starlette's own class: it also raises the 404 of an unknown route and the 405 of a
    # wrong method, which should be pages on HTML paths too
    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
        return page(request, "error.html", status=error.status_code, error=error)

    return app


def _has_words(query: str | None) -> None:
    """A 400 for a search with characters but no word to look for ('*', '%'): it would
    otherwise match everything. No query, or only spaces, is no filter."""
    if query and query.strip() and not search_words(query):
        raise HTTPException(400, "the search has no words to look for: use letters or digits")


def _facets(**values: str | None) -> dict[str, str]:
    """The coverage filters given (``Store.story_listings(facets=...)``): an empty
    select box is no filter."""
    return {name: value for name, value in values.items() if value}


def _or_404(value: _T | None, what: str) -> _T:
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return value


def _query_with(filters: dict[str, object], **changes: object) -> str:
    """The story list's query string with some filters changed; empty ones dropped."""
    merged = {**filters, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _article(store: Store, article_id: str) -> ArticleResponse | None:
    article = store.get(article_id)
    if article is None:
        return None
    provenance = store.provenance([article.id]).get(article.id)
    return ArticleResponse(
        article=ReportArticle.of(article, provenance), story_id=store.story_of(article.id)
    )


def _search(store: Store, query: str, limit: int) -> SearchResult:
    stories, _ = store.story_listings(query=query, sort="biggest", limit=limit)
    articles = store.search_articles(query, limit=limit)
    return SearchResult(
        query=query,
        stories=stories,
        articles=[
            ArticleHit(
                id=a.id,
                title=a.title,
                outlet=a.outlet,
                published=a.published,
                story_id=store.story_of(a.id),
            )
            for a in articles
        ],
    )


def _authorize(expected: str | None, given: str | None) -> None:
    """Refuse writes on a read-only server (403) or with a wrong token (401)."""
    if expected is None:
        raise HTTPException(403, "this server is read-only: start it with NEWSPRISM_TOKEN set")
    # compare_digest takes as long for a near miss as for a wild guess
    if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})


def _safe_name(name: str | None, index: int) -> str:
    """An uploaded file's name reduced to a plain file name: no directories, no dots
    leading out, nothing but letters, digits, dot, dash and underscore."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in base).lstrip(".")
    return f"{index:03d}-{cleaned or 'upload'}"


def _scheme(url: str) -> str:
    """The URL's scheme, or "" for a malformed one ("http://[unclosed")."""
    try:
        return urlsplit(url).scheme
    except ValueError:
        return ""


def _ingest(
    settings: ServerSettings,
    lock: threading.Lock,
    files: list[UploadFile],
    feed_url: str | None,
) -> IngestResult:
    feed_url = (feed_url or "").strip() or None
    if feed_url and _scheme(feed_url) not in ("http", "https"):
        raise HTTPException(422, "feed_url must be an http(s) address")
    uploads = [f for f in files if f.filename]
    if not uploads and not feed_url:
        raise HTTPException(422, "nothing to ingest: send files or a feed_url")
    with lock, tempfile.TemporaryDirectory(prefix="newsprism-upload-") as folder:
        names: dict[str, str] = {}
        for index, upload in enumerate(uploads):
            target = Path(folder) / _safe_name(upload.filename, index)
            with target.open("wb") as out:
                shutil.copyfileobj(upload.file, out)
            # its name as sent, without the sender's folders
            names[str(target)] = Path(upload.filename.replace("\\", "/")).name or target.name
        paths = [*names, *([feed_url] if feed_url else [])]
        with Store(settings.db) as store:
            # stored and reported under the name it was sent as, not its temporary path
            summary = ingest(paths, store, ReadOptions(), source_names=names)
            catalog = refresh_stories(store, settings.models) if store.count() else None
    return IngestResult(
        inputs=summary.inputs,
        read=summary.read,
        new=summary.new,
        duplicate=summary.duplicate,
        rejected=summary.rejected,
        rejections=[str(r) for r in summary.rejections],
        stories=catalog.stories if catalog else 0,
    )
