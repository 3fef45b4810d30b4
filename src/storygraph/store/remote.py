"""A remote store: a SPARQL 1.1 endpoint reached over HTTP (query and update protocols)."""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from storygraph.errors import EndpointError, QueryError, QuerySyntaxError
from storygraph.rdf.parse import graph_name
from storygraph.rdf.sparql import SPARQL_NOISE, query_form
from storygraph.rdf.terms import iri
from storygraph.store.base import RESULT_FORMATS, QueryResult, Store, results_format

__all__ = ["MAX_RESPONSE", "RemoteStore"]

#: The largest answer read from an endpoint, in bytes; a larger one is an error, never held.
MAX_RESPONSE = 512 * 1024 * 1024
#: How much of an error answer is read for its message.
_DETAIL_BYTES = 4096

_GRAPH_WORD = re.compile(r"\bGRAPH\b", re.IGNORECASE)
_GRAPH_IRI = re.compile(r"\bGRAPH\s*<([^<>\s]*)>", re.IGNORECASE)


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint reached over HTTP (query and update protocols).

    ``url`` is the query endpoint. The update endpoint is ``update_url`` when given, else
    derived: ``…/query`` becomes ``…/update`` (Oxigraph, Fuseki); any other URL (Virtuoso's
    ``/sparql``, GraphDB's repository URL + ``/statements``) is used for both unless
    ``STORYGRAPH_UPDATE_URL`` says otherwise.

    ``union_graph`` (or ``STORYGRAPH_UNION_GRAPH``) is for endpoints whose default graph is
    not a graph of its own. Virtuoso's default graph is the union of *every* graph it holds
    (its own system graphs included, one row per graph holding a triple) and an update cannot
    write to it, so there storygraph keeps its set-union copy in a named graph (e.g.
    ``https://w3id.org/storygraph/union``) and states the dataset of every query: that graph
    as ``default-graph-uri`` and, for a query that says ``GRAPH``, storygraph's graphs as
    ``named-graph-uri`` (those that share a statement with the union graph; found with one
    query per store object and write). Queries then see what they see in Oxigraph: each fact
    once without ``GRAPH``, one article with ``GRAPH ?g``. Updates given to ``storygraph
    update`` must name their graphs (``GRAPH <…>``); a graph they create joins storygraph's
    only through ``load``. Known Virtuoso 7.2 faults: ``DELETE WHERE { GRAPH ?g { … } }``
    deletes from one graph only (write ``DELETE { GRAPH ?g { … } } WHERE { GRAPH ?g { … } }``),
    and a group that mixes a ``*`` property path, ``BIND`` and further patterns can come back
    empty (the named query ``entities`` does).

    Virtuoso (tested with Debian's 7.2.5): use ``http://HOST:8890/sparql`` for both queries
    and updates, after granting updates to its anonymous SPARQL user once with
    ``isql-vt 1111 dba PASSWORD exec='GRANT SPARQL_UPDATE TO "SPARQL";'``. Its
    ``/sparql-auth`` endpoint wants HTTP digest authentication, which this class does not
    speak. Keep ``ResultSetMaxRows`` in ``virtuoso.ini`` above the store's size, or exports
    are cut short by the server.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        union_graph: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        user: str | None = None,
        password: str | None = None,
        max_response: int = MAX_RESPONSE,
        read_only: bool = False,
    ) -> None:
        self.location = url
        self.query_url = url
        if update_url is None:
            update_url = os.environ.get("STORYGRAPH_UPDATE_URL")
        if update_url is None:
            update_url = url[: -len("/query")] + "/update" if url.endswith("/query") else url
        self.update_url = update_url
        self.union_graph = union_graph or os.environ.get("STORYGRAPH_UNION_GRAPH") or None
        if self.union_graph is not None:
            graph_name(self.union_graph)
        self._graphs: list[str] | None = None
        self.timeout = timeout
        self.max_response = max_response
        self.retries = retries
        self.backoff = backoff
        user = user or os.environ.get("STORYGRAPH_USER")
        password = password or os.environ.get("STORYGRAPH_PASSWORD")
        self._auth = None
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self._auth = f"Basic {token}"
        if not read_only:  # a reader never writes: a read-only endpoint must open
            self.ensure_ontology()

    def _request(self, url: str, body: bytes, content_type: str, accept: str) -> bytes:
        headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": "storygraph"}
        if self._auth:
            headers["Authorization"] = self._auth
        last: Exception | None = None
        answered = ""
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")
            try:
                return _bounded_request(request, self.timeout, self.max_response)
            except _HTTPFailure as exc:
                detail = exc.detail
                if 300 <= exc.code < 400:
                    # Never followed: urllib would re-send a POST as a GET without its body
                    # (a write becomes a silent no-op) and forward the credentials to
                    # whatever host the redirect names.
                    raise EndpointError(
                        f"the endpoint {url} redirects ({exc.code} {exc.reason}) to "
                        f"{exc.location or 'another address'}; storygraph does not follow "
                        "redirects: give the final URL"
                    ) from exc
                if exc.code == 400:
                    hint = ""
                    if "SP031" in detail and self.union_graph is None:
                        hint = (
                            "; this endpoint has no default graph of its own (Virtuoso): "
                            "set STORYGRAPH_UNION_GRAPH to a graph IRI to keep the union in"
                        )
                    raise QuerySyntaxError(
                        f"the endpoint {url} refused the request: {detail}{hint}"
                    ) from exc
                answered = f"the endpoint {url} answered {exc.code} {exc.reason}: {detail}"
                if exc.code < 500 and exc.code != 429:
                    raise EndpointError(answered) from exc
                last = exc
            except _ResponseTooLarge as exc:
                raise EndpointError(
                    f"the endpoint {url} sent more than {self.max_response} bytes; "
                    "ask for less (LIMIT) or raise RemoteStore(max_response=…)"
                ) from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = exc
                answered = ""
            except http.client.HTTPException as exc:  # a malformed or cut-off answer
                last = exc
                answered = ""
            if attempt < self.retries:
                time.sleep(self.backoff * (2**attempt))
        if answered:
            raise EndpointError(answered) from last
        reason = getattr(last, "reason", None) or last
        raise EndpointError(
            f"the SPARQL endpoint {url} is unreachable after {self.retries + 1} tries "
            f"({reason}); check that the server is running and the URL is right"
        ) from last

    def _post_query(self, query: str, accept: str, *, named: bool = True) -> bytes:
        fields = [("query", query)]
        if self.union_graph is not None:
            fields.append(("default-graph-uri", self.union_graph))
            if named and _GRAPH_WORD.search(SPARQL_NOISE.sub(" ", query)):
                # Virtuoso 7.2 finds GRAPH <g> { … } true of any g outside the named graphs,
                # so every graph the query names is one; the name no graph has stands for
                # "none" when there is nothing else.
                names = {*self._storygraph_graphs(), *_GRAPH_IRI.findall(query)}
                names.add(f"{self.union_graph}#none")
                fields += [("named-graph-uri", name) for name in sorted(names)]
        body = urllib.parse.urlencode(fields).encode()
        return self._request(self.query_url, body, "application/x-www-form-urlencoded", accept)

    def _storygraph_graphs(self) -> list[str]:
        """With a union graph: the graphs whose statements are in it (cached until a write)."""
        if self._graphs is None:
            query = (
                "SELECT DISTINCT ?g WHERE { ?s ?p ?o GRAPH ?g { ?s ?p ?o } "
                f"FILTER (?g != {iri(str(self.union_graph))}) }}"
            )
            data = self._post_query(query, RESULT_FORMATS["json"], named=False)
            try:
                rows = json.loads(data.decode("utf-8"))["results"]["bindings"]
                self._graphs = sorted(str(b["g"]["value"]) for b in rows)
            except (ValueError, KeyError, TypeError) as exc:
                raise EndpointError(
                    f"the endpoint {self.query_url} sent unreadable query results"
                ) from exc
        return self._graphs

    def _results(self, query: str) -> dict[str, Any]:
        """A SELECT or ASK answer as standard SPARQL JSON results, dialects smoothed out."""
        form = query_form(query)
        data = self._post_query(query, RESULT_FORMATS["json"])
        try:
            doc = json.loads(data.decode("utf-8"))
            if "boolean" in doc:
                return {"head": {}, "boolean": bool(doc["boolean"])}
            variables = [str(v) for v in doc["head"].get("vars", [])]
            bindings = doc["results"]["bindings"]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EndpointError(
                f"the endpoint {self.query_url} sent unreadable query results"
            ) from exc
        if form == "ASK":
            # Virtuoso 7.2 answers ASK as a SELECT of one column, __ASK_RETVAL: 1 or no row.
            truth = any(str(b.get("value")) in ("1", "true") for r in bindings for b in r.values())
            return {"head": {}, "boolean": truth}
        try:
            rows = [{v: _standard_term(b[v]) for v in variables if v in b} for b in bindings]
        except (KeyError, TypeError, AttributeError) as exc:
            raise EndpointError(
                f"the endpoint {self.query_url} sent unreadable query results "
                f"(a value without {exc})"
            ) from exc
        return {"head": {"vars": variables}, "results": {"bindings": rows}}

    def execute(self, query: str) -> QueryResult:
        if query_form(query) in ("SELECT", "ASK"):
            doc = self._results(query)
            if "boolean" in doc:
                return QueryResult("ask", boolean=doc["boolean"])
            variables = doc["head"]["vars"]
            rows = [
                tuple(_json_term(b[v]) if v in b else None for v in variables)
                for b in doc["results"]["bindings"]
            ]
            return QueryResult("select", variables=variables, rows=rows)
        data = self._post_query(query, "application/n-triples, text/turtle;q=0.9")
        g = Graph()
        try:
            g.parse(data=data.decode("utf-8"), format="turtle")
        except Exception as exc:  # rdflib raises many kinds of parser errors
            raise EndpointError(f"the endpoint {self.query_url} sent unreadable RDF") from exc
        return QueryResult("graph", triples=list(g))

    def serialize_results(self, query: str, fmt: str) -> bytes:
        """Serialised here from the JSON answer, so that every endpoint's output is alike."""
        if query_form(query) not in ("SELECT", "ASK"):
            raise QueryError("CONSTRUCT and DESCRIBE give RDF: use --format turtle or nt")
        doc = json.dumps(self._results(query)).encode("utf-8")
        answer = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
        data = answer.serialize(format=results_format(fmt))
        assert data is not None  # no output file given, so the bytes are returned
        return data

    def update(self, sparql: str) -> None:
        self._graphs = None
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._request(self.update_url, body, "application/x-www-form-urlencoded", "*/*")


class _HTTPFailure(Exception):
    """An answer that is not 2xx, with what was read of it while the deadline held."""

    def __init__(self, code: int, reason: str, detail: str, location: str) -> None:
        super().__init__(f"{code} {reason}")
        self.code, self.reason, self.detail, self.location = code, reason, detail, location


class _ResponseTooLarge(Exception):
    """The answer is longer than the store's ``max_response``."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Every 3xx stays an error: a redirected POST would come back as a GET without its body,
    and the credentials would go to the redirect's host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Deadline:
    """Shuts the request's sockets down when its time is up, whatever it is waiting for
    (connecting, the headers, a body dripping one byte at a time)."""

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener whose connections the deadline watches, and that follows no redirect."""

    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(SecureConnection, req, context=self._context)  # type: ignore[attr-defined]

    return urllib.request.build_opener(Handler, SecureHandler, _NoRedirects)


def _bounded_request(request: urllib.request.Request, seconds: float, cap: int) -> bytes:
    """The body of a 2xx answer, within ``seconds`` in all and at most ``cap`` bytes.

    Raises:
        _HTTPFailure: any other status (3xx included).
        _ResponseTooLarge: the body is longer than ``cap``.
        TimeoutError: the time ran out.
        OSError, http.client.HTTPException: the connection failed.
    """
    with _Deadline(seconds) as deadline:
        try:
            try:
                response = _opener(deadline).open(request, timeout=seconds)
            except urllib.error.HTTPError as exc:
                try:
                    detail = exc.read(_DETAIL_BYTES).decode("utf-8", "replace").strip()[:500]
                except (OSError, http.client.HTTPException):
                    detail = ""
                finally:
                    exc.close()
                location = exc.headers.get("Location", "") if exc.headers else ""
                raise _HTTPFailure(
                    exc.code, str(exc.reason), _printable(detail), _printable(location)
                ) from None
            with response:
                status = response.status
                if not 200 <= status < 300:  # 1xx/3xx that urllib let through
                    raise _HTTPFailure(status, str(response.reason), "", "")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise _ResponseTooLarge
                chunks: list[bytes] = []
                size = 0
                while chunk := response.read1(1 << 16):
                    size += len(chunk)
                    if size > cap:
                        raise _ResponseTooLarge
                    chunks.append(chunk)
                if deadline.expired:  # the socket shut down under the read looks like an end
                    raise TimeoutError("timed out")
                return b"".join(chunks)
        except (OSError, http.client.HTTPException) as exc:
            if deadline.expired:
                raise TimeoutError("timed out") from exc
            raise


def _printable(text: str) -> str:
    """Text from a server, with control characters (terminal escapes) shown as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _standard_term(b: dict[str, str]) -> dict[str, str]:
    """A SPARQL JSON term as the standard says it (Virtuoso writes ``typed-literal`` and
    blank nodes like ``nodeID://b10006``)."""
    kind = b["type"]
    if kind == "bnode":
        return {"type": "bnode", "value": re.sub(r"[^A-Za-z0-9]", "", b["value"]) or "b"}
    if kind in ("literal", "typed-literal"):
        out = {"type": "literal", "value": b["value"]}
        if "xml:lang" in b:
            out["xml:lang"] = b["xml:lang"]
        elif "datatype" in b:
            out["datatype"] = b["datatype"]
        return out
    return {"type": kind, "value": b["value"]}


def _json_term(b: dict[str, str]) -> Node:
    kind = b["type"]
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return RDFLiteral(b["value"], lang=b["xml:lang"])
    if "datatype" in b and b["datatype"] != "http://www.w3.org/2001/XMLSchema#string":
        return RDFLiteral(b["value"], datatype=URIRef(b["datatype"]))
    return RDFLiteral(b["value"])
