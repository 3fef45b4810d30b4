"""The workbench's pages: each reads the store (in a worker thread), then renders the data as
HTML, JSON or CSV (:func:`~storygraph.serve.render.render`)."""

from __future__ import annotations

import html
import threading
from typing import Any
from urllib.parse import parse_qsl, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from storygraph.errors import InputError
from storygraph.export.html import LinkedAssets, viewer_page
from storygraph.serve import article as article_page
from storygraph.serve import entity as entity_page
from storygraph.serve import graph as graph_page
from storygraph.serve import overview
from storygraph.serve import timeline as timeline_page
from storygraph.serve.common import ID_NS, node_iri
from storygraph.serve.edits import decide_candidate
from storygraph.serve.handle import StoreHandle
from storygraph.serve.render import META_CSP, error_page, render
from storygraph.store import SelectStore

__all__ = ["Site", "same_origin"]

_GRAPH_SCRIPTS = (
    "/static/viewer/vis-network.min.js",
    "/static/viewer/viewer.js",
    "/static/graph.js",
)


#: Reads kept for one snapshot of the store (the ranking and a few overviews).
_KEPT_MAX = 16


def same_origin(request: Request) -> bool:
    """A POST from this server's own pages (or from a client that sends no Origin)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.split("://", 1)[-1] == request.headers.get("host", "")


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise InputError(f"{name} must be a whole number, not {raw!r}") from exc
    if not low <= value <= high:
        raise InputError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _target(request: Request) -> str:
    """The node a page is about: ``/entity/KEY`` or ``?iri=``."""
    key = request.path_params.get("key")
    if key is not None:
        return node_iri(key)
    value = request.query_params.get("iri", "")
    if not value:
        raise InputError("which node? give /entity/KEY or ?iri=IRI")
    return value


class Site:
    """The page handlers over one store.

    Args:
        handle: the store.
        allow_edits: whether merge suggestions can be decided here.
        alias_file: where decisions are written.
    """

    def __init__(self, handle: StoreHandle, allow_edits: bool, alias_file: str) -> None:
        self.handle = handle
        self.allow_edits = allow_edits
        self.alias_file = alias_file
        self._snapshot: SelectStore | None = None
        self._kept_values: dict[tuple[Any, ...], Any] = {}
        self._kept_lock = threading.Lock()

    async def _read(self, reader: Any, *args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(
            self.handle.read, lambda store: reader(store, *args, **kwargs)
        )

    async def home(self, request: Request) -> Response:
        data = await self._read(overview.home)
        return render(request, "home.html", data, table="entities")

    async def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "")
        data = await self._read(overview.search, q)
        results = data["results"]
        if request.query_params.get("go") and results and results[0]["rank"] == 3:
            return RedirectResponse(results[0]["url"], status_code=303)
        return render(request, "search.html", data, table="results")

    async def entity(self, request: Request) -> Response:
        node = _target(request)
        data = await self._read(entity_page.entity, node)
        if data is None:
            return error_page(request, 404, f"the store holds nothing about {node}")
        return render(
            request,
            "entity.html",
            data,
            table="mentions",
            allow_edits=self.allow_edits,
            graph_url="/graph?embed=1&depth=1&focus=" + quote(node, safe=""),
            mention_limit=entity_page.MENTION_LIMIT,
        )

    async def article(self, request: Request) -> Response:
        key = request.path_params.get("key")
        node = node_iri("article/" + key) if key is not None else _target(request)
        data = await self._read(article_page.article, node)
        if data is None:
            return error_page(request, 404, f"no article {node} in the store")
        return render(request, "article.html", data)

    async def timeline(self, request: Request) -> Response:
        entity = request.query_params.get("entity") or None
        article = request.query_params.get("article") or None
        limit = _int(request, "limit", timeline_page.TIMELINE_LIMIT, 1, 5000)
        data = await self._read(
            timeline_page.timeline,
            entity=node_iri(entity) if entity else None,
            article=node_iri("article/" + article) if article else None,
            limit=limit,
        )
        return render(request, "timeline.html", data, table="events")

    async def claims(self, request: Request) -> Response:
        limit = _int(request, "limit", 100, 1, 1000)
        offset = _int(request, "offset", 0, 0, 10**9)
        data = await self._read(overview.claims, limit=limit, offset=offset)
        return render(request, "claims.html", data, table="claims")

    def _kept(self, store: SelectStore, key: tuple[Any, ...], read: Any) -> Any:
        """``read()``, kept for this snapshot of the store: a read-only instance never changes,
        and the handle opens a new one when the store's files change."""
        with self._kept_lock:
            if self._snapshot is not store:
                self._snapshot, self._kept_values = store, {}
            if key in self._kept_values:
                return self._kept_values[key]
        value = read()
        with self._kept_lock:
            if self._snapshot is store:
                if len(self._kept_values) >= _KEPT_MAX:  # the oldest goes first
                    del self._kept_values[next(iter(self._kept_values))]
                self._kept_values[key] = value
        return value

    def _graph(
        self, store: SelectStore, focus: str | None, depth: int, limit: int, projection: bool
    ) -> Any:
        ranked = self._kept(store, ("ranking",), lambda: graph_page.ranking(store))
        if focus:
            known = {r["node"]: int(r["mentions"]) for r in ranked}
            return graph_page.focus_graph(store, focus, depth, limit, projection, known)
        # the overview's reads are the same for every request to a snapshot: read once for the
        # most entities a page may ask for (about a second at a million triples), then drawn
        overview = self._kept(store, ("overview",), lambda: graph_page.read_overview(store, ranked))
        return graph_page.draw_overview(overview, limit, projection)

    async def graph(self, request: Request) -> Response:
        focus = request.query_params.get("focus") or None
        depth = _int(request, "depth", 1, 1, 2)
        cap = request.query_params.get("cap")  # the earlier name of limit
        limit = (
            _int(request, "cap", graph_page.GRAPH_LIMIT, 1, graph_page.MAX_LIMIT)
            if cap and not request.query_params.get("limit")
            else _int(request, "limit", graph_page.GRAPH_LIMIT, 1, graph_page.MAX_LIMIT)
        )
        projection = request.query_params.get("projection", "1") != "0"
        embed = request.query_params.get("embed") == "1"
        if embed and focus:  # an entity page's small graph: its own edges only
            graph = await self._read(entity_page.neighbourhood_graph, node_iri(focus))
            if graph is None:
                return error_page(request, 404, f"the store holds nothing about {focus}")
        else:
            graph = await self._read(self._graph, focus, depth, limit, projection)
        if request.query_params.get("format") == "json":
            return JSONResponse(
                {
                    "nodes": [{"id": n, **_plain(d)} for n, d in graph.nodes(data=True)],
                    "edges": [
                        {"from": u, "to": v, **_plain(d)} for u, v, d in graph.edges(data=True)
                    ],
                }
            )
        controls = _controls(focus, depth, limit, projection, embed)
        steps = "1 step" if depth == 1 else f"{depth} steps"
        what = (
            f"what lies within {steps} of {focus}"
            if focus
            else f"the {limit} most mentioned entities and what joins them"
        )
        page = viewer_page(
            graph,
            title="Story graph" + (f" around {focus}" if focus else ""),
            subtitle="" if embed else what,
            cap=max(graph.number_of_nodes(), 1),
            linked=LinkedAssets(scripts=_GRAPH_SCRIPTS, csp=META_CSP, controls=controls),
        )
        return HTMLResponse(page.html)

    async def decide(self, request: Request) -> Response:
        if not self.allow_edits:
            return error_page(
                request, 403, "this workbench is read-only: start it with --allow-edits"
            )
        if not same_origin(request):
            return error_page(request, 403, "decisions are accepted from this server's pages only")
        # a urlencoded form, read without python-multipart (which Starlette's form() needs)
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
        candidate = form.get("candidate", "")
        verdict = form.get("verdict", "")
        back = form.get("back", "/")
        if verdict not in ("accept", "reject") or not candidate:
            raise InputError("a decision needs candidate=IRI and verdict=accept|reject")
        decision = await run_in_threadpool(
            decide_candidate,
            self.handle.location,
            candidate,
            accept=verdict == "accept",
            alias_file=self.alias_file,
        )
        self.handle.refresh()
        if request.query_params.get("format") == "json":
            return JSONResponse({"message": decision.message()})
        target = back if back.startswith("/") and not back.startswith("//") else "/"
        return RedirectResponse(target, status_code=303)


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | float | bool) else str(v) for k, v in d.items()}


def _controls(focus: str | None, depth: int, limit: int, projection: bool, embed: bool) -> str:
    """The graph page's own controls (escaped here: the viewer inserts them as they are)."""
    e = html.escape
    depths = "".join(
        f'<option value="{d}"{" selected" if d == depth else ""}>{d}</option>' for d in (1, 2)
    )
    return (
        f'<form id="sg-controls" method="get" action="/graph" data-id-ns="{e(ID_NS)}" '
        f'data-embed="{"1" if embed else "0"}" data-focus="{e(focus or "")}">'
        f'<a href="/" target="_top" id="sg-home">workbench</a> '
        f'<label>focus <input name="focus" value="{e(focus or "")}" size="14" '
        f'placeholder="name or IRI"></label> '
        f'<label>depth <select name="depth">{depths}</select></label> '
        f'<label>nodes <input name="limit" type="number" min="1" '
        f'max="{graph_page.MAX_LIMIT}" value="{limit}"></label> '
        f'<input type="hidden" name="projection" value="0">'
        f'<label><input type="checkbox" name="projection" value="1"'
        f"{' checked' if projection else ''}> entities only</label> "
        f'<input type="hidden" name="embed" value="{"1" if embed else "0"}">'
        f'<label><input type="checkbox" id="sg-isolated"> show unconnected</label> '
        f'<button type="submit">draw</button></form>'
    )
