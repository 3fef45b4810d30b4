"""The workbench as an ASGI application (Starlette): its routes, and the checks every request
passes (a known Host, a same-origin POST, the security headers)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storygraph.errors import (
    InputError,
    QuerySyntaxError,
    ReadOnlyQueryError,
    StoreLockedError,
    StorygraphError,
)
from storygraph.export.html import viewer_asset, vis_file
from storygraph.query import named_queries, run_query
from storygraph.rdf.vocab import PREFIXES
from storygraph.serve.edits import run_edit_update
from storygraph.serve.handle import StoreHandle
from storygraph.serve.pages import Site, same_origin
from storygraph.serve.render import SECURITY_HEADERS, error_page, render
from storygraph.serve.sparql import choose_format, parse_protocol
from storygraph.serve.workers import QueryWorkers

__all__ = ["LOOPBACK_HOSTS", "ServeConfig", "create_app"]

STATIC = Path(__file__).parent / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
}


@dataclass(frozen=True)
class ServeConfig:
    """How the workbench runs.

    Attributes:
        location: the store (a directory or an endpoint URL), as for ``--store``.
        allow_edits: accept merge decisions and SPARQL updates.
        alias_file: where merge decisions are written (``--aliases``).
        timeout: seconds a SPARQL query from ``/sparql`` may run.
        workers: SPARQL queries that may run at once (worker processes).
        host: the address the server binds (to decide which ``Host`` headers to accept).
    """

    location: str | None = None
    allow_edits: bool = False
    alias_file: str = "aliases.yaml"
    timeout: float = 10.0
    workers: int = 2
    host: str = "127.0.0.1"


class _SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
            await send(message)

        await self.app(scope, receive, with_headers)


def _status(exc: StorygraphError) -> int:
    if isinstance(exc, ReadOnlyQueryError | QuerySyntaxError | InputError):
        return 400
    if isinstance(exc, StoreLockedError):
        return 409
    return 503 if "was stopped" in str(exc) else 500


Handler = Callable[[Request], Awaitable[Response]]


def _guarded(handler: Handler) -> Handler:
    """Errors storygraph raises become pages with their message and a fitting status."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except StorygraphError as exc:
            return error_page(request, _status(exc), str(exc))

    return run


def create_app(config: ServeConfig, *, workers: QueryWorkers | None = None) -> Starlette:
    """The workbench over the store of ``config``.

    Args:
        config: how to run.
        workers: the SPARQL worker processes (made here for an embedded store when None).
    """
    handle = StoreHandle(config.location)
    if workers is None and not handle.remote:
        workers = QueryWorkers(handle.location, size=config.workers, timeout=config.timeout)
    site = Site(handle, config.allow_edits, config.alias_file)

    def sparql_answer(query: str, fmt: str) -> str:
        if workers is not None:
            return workers.run(query, fmt)
        return handle.read(lambda store: run_query(store, query, fmt))

    async def sparql(request: Request) -> Response:
        body = await request.body()
        accept = request.headers.get("accept", "")
        asked = parse_protocol(
            request.method,
            request.url.query,
            request.headers.get("content-type", ""),
            body,
            accept,
        )
        if asked.wants_html:
            return render(
                request,
                "sparql.html",
                {
                    "query": asked.query or "",
                    "prefixes": PREFIXES,
                    "named": [
                        {"name": q.name, "description": q.description, "text": q.text}
                        for q in named_queries()
                    ],
                    "allow_edits": config.allow_edits,
                },
            )
        if asked.update is not None:
            if not config.allow_edits:
                return PlainTextResponse(
                    "SPARQL updates are refused: this workbench is read-only. Start it with "
                    "`storygraph serve --allow-edits` to accept updates, or use "
                    "`storygraph update`.",
                    status_code=403,
                )
            if not same_origin(request):
                return PlainTextResponse("updates are accepted from this server's pages only", 403)
            if handle.remote:
                return PlainTextResponse("updates go to the remote endpoint itself", 400)
            await run_in_threadpool(run_edit_update, handle.location, asked.update)
            handle.refresh()
            return Response(status_code=204)
        assert asked.query is not None
        fmt = choose_format(accept, asked.query)
        if fmt is None:
            return PlainTextResponse(
                "none of the media types in Accept can carry this answer; ask for "
                + ", ".join(_MEDIA[f].split(";")[0] for f in _MEDIA),
                status_code=406,
            )
        try:
            text = await run_in_threadpool(sparql_answer, asked.query, fmt)
        except ReadOnlyQueryError as exc:
            if "SERVICE" in str(exc):
                message = f"SERVICE is refused: this endpoint never calls another one ({exc})"
            else:
                message = (
                    "SPARQL updates are refused on the query operation: send an update as "
                    "update=… to a server started with --allow-edits "
                    f"({exc})"
                )
            return PlainTextResponse(message, status_code=400)
        return Response(
            text if text.endswith("\n") or not text else text + "\n",
            media_type=_MEDIA[fmt],
        )

    async def viewer_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "vis-network.min.js":
            text = vis_file(name)
        elif name == "viewer.js":
            text = viewer_asset(name)
        else:
            return PlainTextResponse("not found", status_code=404)
        return Response(
            text,
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "max-age=3600"},
        )

    async def favicon(request: Request) -> Response:
        return RedirectResponse("/static/favicon.svg")

    allowed = (
        ["*"]
        if config.host not in LOOPBACK_HOSTS
        else ["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
    routes: list[Any] = [
        Route("/", _guarded(site.home)),
        Route("/search", _guarded(site.search)),
        Route("/entity", _guarded(site.entity)),
        Route("/entity/{key:path}", _guarded(site.entity)),
        Route("/article", _guarded(site.article)),
        Route("/article/{key}", _guarded(site.article)),
        Route("/timeline", _guarded(site.timeline)),
        Route("/claims", _guarded(site.claims)),
        Route("/graph", _guarded(site.graph)),
        Route("/decide", _guarded(site.decide), methods=["POST"]),
        Route("/sparql", _guarded(sparql), methods=["GET", "POST"]),
        Route("/static/viewer/{name}", viewer_file),
        Route("/favicon.ico", favicon),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_page(request, 404, f"nothing at {request.url.path}")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if workers is not None:
            workers.close()
        handle.close()

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed),
            Middleware(_SecurityHeaders),
        ],
        exception_handlers={404: not_found},
        lifespan=lifespan,
    )
    app.state.workers = workers
    app.state.handle = handle
    return app
