"""The embedded on-disk store (Oxigraph) and a remote SPARQL 1.1 endpoint behind one interface.

Layout, the same in both kinds of store:

* every article is a named graph whose name is the article's IRI, written in one
  transaction (all of it or none of it);
* the ontology is the named graph ``https://w3id.org/storygraph/ns``;
* the store's *default graph* holds the set union of all those graphs, maintained on every
  write and removal. A query without ``GRAPH`` therefore sees every fact exactly once
  (Oxigraph's own union default graph is a multiset that repeats a triple once per graph
  holding it), and ``GRAPH ?g`` still reaches one article.
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from rdflib import BNode, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from .errors import (
    EndpointError,
    QueryError,
    QuerySyntaxError,
    RDFSyntaxError,
    StoreError,
    StoreLockedError,
)
from .terms import from_oxigraph, iri
from .vocab import SG_ONTOLOGY

__all__ = [
    "DEFAULT_LOCATION",
    "EmbeddedStore",
    "GraphWrite",
    "QueryResult",
    "RemoteStore",
    "Store",
    "open_store",
]

DEFAULT_LOCATION = "storygraph-data"
ONTOLOGY_FILE = Path(__file__).parent / "ontology" / "storygraph.ttl"
_VERSION_PRED = "http://purl.org/dc/terms/hasVersion"

T = TypeVar("T")
ResultKind = Literal["select", "ask", "graph"]
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


@dataclass
class GraphWrite:
    """One named graph to write: N-Triples statements without the final `` .``."""

    name: str
    triples: list[str]

    def nquads(self) -> str:
        """The graph as N-Quads, followed by the same triples in the default graph."""
        g = iri(self.name)
        named = "".join(f"{t} {g} .\n" for t in self.triples)
        default = "".join(f"{t} .\n" for t in self.triples)
        return named + default


@dataclass
class QueryResult:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool = False
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)


def _replace_update(graph: str) -> str:
    """SPARQL that drops a graph and the default-graph triples no other graph holds."""
    g = iri(graph)
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {g}) }} }} ;\n"
        f"DROP SILENT GRAPH {g}"
    )


def _insert_update(writes: Sequence[GraphWrite]) -> str:
    parts = ["INSERT DATA {"]
    for w in writes:
        parts.append(f"GRAPH {iri(w.name)} {{")
        parts.extend(f"{t} ." for t in w.triples)
        parts.append("}")
        parts.extend(f"{t} ." for t in w.triples)
    parts.append("}")
    return "\n".join(parts)


class Store(ABC):
    """What every store offers. Open one with :func:`open_store`."""

    location: str

    # -- reading ----------------------------------------------------------------------
    @abstractmethod
    def execute(self, query: str) -> QueryResult:
        """Run a read-only SPARQL query over the union default graph."""

    @abstractmethod
    def serialize_results(self, query: str, fmt: str) -> bytes:
        """Run a SELECT or ASK query and serialise the answer in a W3C results format."""

    def select(self, query: str) -> list[dict[str, Node]]:
        """Run a SELECT query; each row is a dict of the bound variables."""
        result = self.execute(query)
        if result.kind != "select":
            raise QueryError("expected a SELECT query")
        return [
            {v: t for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        result = self.execute(query)
        if result.kind != "ask":
            raise QueryError("expected an ASK query")
        return result.boolean

    def graph_names(self) -> list[str]:
        """Every named graph: the ontology and one per article."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
        return [str(r["g"]) for r in rows]

    def has_graph(self, name: str) -> bool:
        return self.ask(f"ASK {{ GRAPH {iri(name)} {{ ?s ?p ?o }} }}")

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        """Serialise the whole store (all named graphs) or one graph."""
        import rdflib

        from .terms import nt

        if graph is not None:
            rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {iri(graph)} {{ ?s ?p ?o }} }}")
            g = rdflib.Graph(identifier=URIRef(graph))
            for r in rows:
                g.add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
            _bind_prefixes(g)
            if fmt in ("nquads", "trig"):
                ds = rdflib.Dataset()
                ds.graph(URIRef(graph)).__iadd__(g)
                _bind_prefixes(ds)
                return ds.serialize(format=fmt, encoding="utf-8")
            return g.serialize(format=fmt, encoding="utf-8")
        rows = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        if fmt == "nquads":
            return "".join(
                f"{nt(r['s'])} {nt(r['p'])} {nt(r['o'])} {nt(r['g'])} .\n" for r in rows
            ).encode("utf-8")
        ds = rdflib.Dataset()
        for r in rows:
            ds.add((r["s"], r["p"], r["o"], r["g"]))  # type: ignore[arg-type]
        _bind_prefixes(ds)
        if fmt in ("turtle", "nt", "xml"):
            union = rdflib.Graph()
            for s, p, o, _ in ds.quads():
                union.add((s, p, o))
            _bind_prefixes(union)
            return union.serialize(format=fmt, encoding="utf-8")
        return ds.serialize(format=fmt, encoding="utf-8")

    # -- writing ----------------------------------------------------------------------
    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update (only `storygraph update` and storygraph itself do)."""

    def write(self, writes: Sequence[GraphWrite]) -> None:
        """Write graphs in one transaction, replacing any graph of the same name."""
        if not writes:
            return
        ops = [_replace_update(w.name) for w in writes if self.has_graph(w.name)]
        ops.append(_insert_update(writes))
        self.update(" ;\n".join(ops))

    def remove(self, graph: str) -> bool:
        """Remove one named graph (and its share of the default graph); False if absent."""
        if not self.has_graph(graph):
            return False
        self.update(_replace_update(graph))
        return True

    def load_rdf(self, data: bytes, fmt: str, graph: str | None = None) -> int:
        """Parse RDF and add it: quads keep their graphs, triples go to ``graph``.

        Each graph written replaces a graph of the same name, as an article's does.

        Returns:
            The number of statements read.

        Raises:
            RDFSyntaxError: the data does not parse.
        """
        writes = parse_rdf(data, fmt, graph)
        self.write(writes)
        return sum(len(w.triples) for w in writes)

    def ensure_ontology(self) -> None:
        """Load or refresh the ontology graph when it is missing or out of date."""
        import hashlib

        text = ONTOLOGY_FILE.read_bytes()
        digest = hashlib.sha256(text).hexdigest()
        o = iri(str(SG_ONTOLOGY))
        if self.ask(f'ASK {{ GRAPH {o} {{ {o} <{_VERSION_PRED}> "{digest}" }} }}'):
            return
        writes = parse_rdf(text, "turtle", str(SG_ONTOLOGY))
        writes[0].triples.append(f'{o} <{_VERSION_PRED}> "{digest}"')
        self.write(writes)

    def count_triples(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else 0  # type: ignore[call-overload]

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bind_prefixes(g: Any) -> None:
    from .query import PREFIXES

    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


_RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "nquads": "nquads",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "xml": "xml",
    "rdfxml": "xml",
}
SUFFIX_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "xml",
    ".owl": "xml",
}


def parse_rdf(data: bytes, fmt: str, graph: str | None) -> list[GraphWrite]:
    """Parse RDF bytes into graph writes (triples of a triple format go to ``graph``).

    Raises:
        RDFSyntaxError: the data does not parse; the message carries line/column if known.
    """
    import pyoxigraph as ox

    from .terms import nt

    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }
    key = _RDFLIB_FORMATS.get(fmt)
    key = {"json-ld": "jsonld"}.get(key or "", key)
    if key not in formats:
        raise RDFSyntaxError(f"unknown RDF format {fmt!r}; use one of {', '.join(formats)}")
    try:
        quads = list(ox.parse(data, format=formats[key]))
    except SyntaxError as exc:
        raise RDFSyntaxError(f"cannot parse {fmt}: {exc}") from exc
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            if graph is None:
                raise RDFSyntaxError(
                    "the data holds triples outside any named graph; "
                    "give --graph IRI to say which graph they belong to"
                )
            name = graph
        else:
            name = q.graph_name.value
        triple = (
            f"{nt(from_oxigraph(q.subject))} {nt(from_oxigraph(q.predicate))} "
            f"{nt(from_oxigraph(q.object))}"
        )
        by_graph.setdefault(name, []).append(triple)
    return [GraphWrite(name, triples) for name, triples in by_graph.items()]


# ------------------------------------------------------------------------------------------
# Embedded: Oxigraph on disk
# ------------------------------------------------------------------------------------------


class EmbeddedStore(Store):
    """Oxigraph (RocksDB) in a directory; one writing process at a time."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, wait: float = 0):
        import pyoxigraph as ox

        self.path = Path(path)
        self.location = str(self.path)
        if not create and not self.path.exists():
            raise StoreError(
                f"no store at {self.path}; ingest or load something first, "
                "or point --store / STORYGRAPH_STORE at an existing store"
            )
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is not a directory, so it cannot hold a store")
        deadline = time.monotonic() + wait
        while True:
            try:
                self._store: Any = ox.Store(str(self.path))
                break
            except OSError as exc:
                message = str(exc)
                if "lock" in message.lower():
                    if time.monotonic() < deadline:
                        time.sleep(0.2)
                        continue
                    raise StoreLockedError(
                        f"the store at {self.path} is in use by another storygraph process; "
                        "wait for it to finish (or pass --wait SECONDS)"
                    ) from exc
                raise StoreError(f"cannot open the store at {self.path}: {message}") from exc
        self.ensure_ontology()

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            store.flush()
            self._store = None
            del store

    def _query(self, query: str) -> Any:
        if self._store is None:
            raise StoreError("the store is closed")
        try:
            return self._store.query(query)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        except RuntimeError as exc:
            raise QueryError(f"the query failed: {exc}") from exc

    def execute(self, query: str) -> QueryResult:
        import pyoxigraph as ox

        answer = self._query(query)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult(
                "graph",
                triples=[
                    (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                    for t in answer
                ],
            )
        variables = [v.value for v in answer.variables]
        rows = [
            tuple(None if sol[v] is None else from_oxigraph(sol[v]) for v in variables)
            for sol in answer
        ]
        return QueryResult("select", variables=variables, rows=rows)

    def serialize_results(self, query: str, fmt: str) -> bytes:
        import pyoxigraph as ox

        answer = self._query(query)
        if isinstance(answer, ox.QueryTriples):
            raise QueryError("CONSTRUCT and DESCRIBE give RDF: use --format turtle or nt")
        formats = {
            "json": ox.QueryResultsFormat.JSON,
            "xml": ox.QueryResultsFormat.XML,
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
        }
        data: bytes = answer.serialize(format=formats[fmt])
        return data

    def update(self, sparql: str) -> None:
        if self._store is None:
            raise StoreError("the store is closed")
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL update syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def write(self, writes: Sequence[GraphWrite]) -> None:
        if not writes:
            return
        import pyoxigraph as ox

        if any(self._store.contains_named_graph(ox.NamedNode(w.name)) for w in writes):
            super().write(writes)
            return
        data = "".join(w.nquads() for w in writes)
        try:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:  # a bug in storygraph's own writer, not the user's input
            raise StoreError(f"storygraph wrote invalid N-Quads: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def has_graph(self, name: str) -> bool:
        import pyoxigraph as ox

        return bool(self._store.contains_named_graph(ox.NamedNode(name)))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())


# ------------------------------------------------------------------------------------------
# Remote: a SPARQL 1.1 endpoint
# ------------------------------------------------------------------------------------------

_ACCEPT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint reached over HTTP (query and update protocols).

    ``url`` is the query endpoint. The update endpoint is ``update_url`` when given, else
    derived: ``…/query`` becomes ``…/update`` (Oxigraph, Fuseki); any other URL (Virtuoso's
    ``/sparql``, GraphDB's repository URL + ``/statements``) is used for both unless
    ``STORYGRAPH_UPDATE_URL`` says otherwise.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.location = url
        self.query_url = url
        if update_url is None:
            update_url = os.environ.get("STORYGRAPH_UPDATE_URL")
        if update_url is None:
            update_url = url[: -len("/query")] + "/update" if url.endswith("/query") else url
        self.update_url = update_url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        user = user or os.environ.get("STORYGRAPH_USER")
        password = password or os.environ.get("STORYGRAPH_PASSWORD")
        self._auth = None
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self._auth = f"Basic {token}"
        self.ensure_ontology()

    def _request(self, url: str, body: bytes, content_type: str, accept: str) -> bytes:
        headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": "storygraph"}
        if self._auth:
            headers["Authorization"] = self._auth
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    data: bytes = response.read()
                    return data
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip()[:500]
                if exc.code == 400:
                    raise QuerySyntaxError(f"the endpoint {url} refused the request: {detail}")
                if exc.code < 500 and exc.code != 429:
                    raise EndpointError(
                        f"the endpoint {url} answered {exc.code} {exc.reason}: {detail}"
                    ) from exc
                last = exc
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = exc
            if attempt < self.retries:
                time.sleep(self.backoff * (2**attempt))
        reason = getattr(last, "reason", last)
        raise EndpointError(
            f"the SPARQL endpoint {url} is unreachable after {self.retries + 1} tries "
            f"({reason}); check that the server is running and the URL is right"
        ) from last

    def _post_query(self, query: str, accept: str) -> bytes:
        body = urllib.parse.urlencode({"query": query}).encode()
        return self._request(self.query_url, body, "application/x-www-form-urlencoded", accept)

    def execute(self, query: str) -> QueryResult:
        accept = f"{_ACCEPT['json']}, application/n-triples;q=0.9, text/turtle;q=0.8"
        data = self._post_query(query, accept)
        text = data.decode("utf-8")
        stripped = text.lstrip()
        if stripped.startswith("{"):
            doc = json.loads(text)
            if "boolean" in doc:
                return QueryResult("ask", boolean=bool(doc["boolean"]))
            variables = list(doc["head"].get("vars", []))
            rows = [
                tuple(_json_term(b[v]) if v in b else None for v in variables)
                for b in doc["results"]["bindings"]
            ]
            return QueryResult("select", variables=variables, rows=rows)
        import rdflib

        g = rdflib.Graph()
        try:
            g.parse(data=text, format="turtle")
        except Exception as exc:  # rdflib raises many kinds of parser errors
            raise EndpointError(f"the endpoint {self.query_url} sent unreadable RDF") from exc
        return QueryResult("graph", triples=list(g))  # type: ignore[arg-type]

    def serialize_results(self, query: str, fmt: str) -> bytes:
        return self._post_query(query, _ACCEPT[fmt])

    def update(self, sparql: str) -> None:
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._request(self.update_url, body, "application/x-www-form-urlencoded", "*/*")


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


def resolve_location(location: str | None) -> str:
    """The store location: the argument, else ``STORYGRAPH_STORE``, else ./storygraph-data."""
    return location or os.environ.get("STORYGRAPH_STORE") or DEFAULT_LOCATION


def open_store(
    location: str | None = None,
    *,
    create: bool = True,
    wait: float = 0,
    timeout: float = 30.0,
) -> Store:
    """Open the store at a path (embedded Oxigraph) or an ``http(s)://`` SPARQL endpoint.

    Args:
        location: a directory or an endpoint URL; defaults as :func:`resolve_location`.
        create: create an embedded store that does not exist yet (readers pass False).
        wait: seconds to wait for another process to release an embedded store.
        timeout: seconds before a request to a remote endpoint is abandoned.

    Raises:
        StoreLockedError: another process holds the embedded store.
        StoreError: the store cannot be opened.
        EndpointError: the endpoint is unreachable.
    """
    loc = resolve_location(location)
    if loc.startswith(("http://", "https://")):
        return RemoteStore(loc, timeout=timeout)
    return EmbeddedStore(loc, create=create, wait=wait)


def iter_batches(items: Iterable[T], size: int) -> Iterable[list[T]]:
    """Split an iterable into lists of at most ``size`` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
