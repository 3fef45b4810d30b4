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
import re
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

from storygraph.errors import (
    EndpointError,
    InputError,
    QueryError,
    QuerySyntaxError,
    RDFSyntaxError,
    StoreError,
    StoreLockedError,
)
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import from_oxigraph, iri
from storygraph.rdf.vocab import ONTOLOGY_FILE, SG_ONTOLOGY

__all__ = [
    "DEFAULT_LOCATION",
    "EmbeddedStore",
    "GraphWrite",
    "QueryResult",
    "RemoteStore",
    "Store",
    "graph_name",
    "open_store",
    "query_form",
]

DEFAULT_LOCATION = "storygraph-data"
_VERSION_PRED = "http://purl.org/dc/terms/hasVersion"

T = TypeVar("T")
ResultKind = Literal["select", "ask", "graph"]
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


@dataclass
class QueryResult:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool = False
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)


def _in_union(pattern: str, union: str | None) -> str:
    """``pattern`` in the union copy: the default graph, or the named graph ``union``."""
    return pattern if union is None else f"GRAPH {iri(union)} {{ {pattern} }}"


def _replace_update(graph: str, union: str | None = None) -> str:
    """SPARQL that drops a graph and the union-copy triples no other graph holds."""
    g = iri(graph)
    others = f"?other != {g}" if union is None else f"?other != {g} && ?other != {iri(union)}"
    return (
        f"DELETE {{ {_in_union('?s ?p ?o', union)} }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER ({others}) }} }} ;\n"
        f"DROP SILENT GRAPH {g}"
    )


def _insert_update(writes: Sequence[GraphWrite], union: str | None = None) -> str:
    parts = ["INSERT DATA {"]
    for w in writes:
        parts.append(f"GRAPH {iri(w.name)} {{")
        parts.extend(f"{t} ." for t in w.triples)
        parts.append("}")
    if union is not None:
        parts.append(f"GRAPH {iri(union)} {{")
    for w in writes:
        parts.extend(f"{t} ." for t in w.triples)
    if union is not None:
        parts.append("}")
    parts.append("}")
    return "\n".join(parts)


def _sync_update(union: str | None = None) -> str:
    """SPARQL that re-derives the union copy from the named graphs (after a user's update).

    With a union *graph* (an endpoint whose own graphs must stay out of it), only graphs that
    already share a statement with the union are copied in.
    """
    if union is None:
        return (
            "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o "
            "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
            "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        )
    u = iri(union)
    return (
        f"INSERT {{ GRAPH {u} {{ ?s ?p ?o }} }} WHERE {{ "
        f"{{ SELECT DISTINCT ?g WHERE {{ GRAPH {u} {{ ?a ?b ?c }} GRAPH ?g {{ ?a ?b ?c }} "
        f"FILTER (?g != {u}) }} }} GRAPH ?g {{ ?s ?p ?o }} }} ;\n"
        f"DELETE {{ GRAPH {u} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {u} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {u}) }} }}"
    )


# Strings, IRIs, comments, variables and prefixed names can hold any word: blank them out
# before looking for keywords.
SPARQL_NOISE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\s]*>|#[^\n]*|[?$]\w+|[A-Za-z_][\w.-]*:[\w.%-]*"
)
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_GRAPH_WORD = re.compile(r"\bGRAPH\b", re.IGNORECASE)
_GRAPH_IRI = re.compile(r"\bGRAPH\s*<([^<>\s]*)>", re.IGNORECASE)


def query_form(query: str) -> str:
    """The form of a SPARQL query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    found = _QUERY_FORM.search(SPARQL_NOISE.sub(" ", query))
    return found.group(1).upper() if found else "SELECT"


class Store(ABC):
    """What every store offers. Open one with :func:`open_store`."""

    location: str
    #: The named graph that holds the union copy, where the endpoint's default graph cannot.
    union_graph: str | None = None

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
        """Whether the store holds a graph of that name (never one that is not an IRI)."""
        try:
            graph_name(name)
        except InputError:
            return False
        return self.ask(f"ASK {{ GRAPH {iri(name)} {{ ?s ?p ?o }} }}")

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        """Serialise the whole store (all named graphs) or one graph."""
        import rdflib

        from storygraph.rdf.terms import nt

        if graph is not None:
            g_iri = iri(graph_name(graph))
            rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g_iri} {{ ?s ?p ?o }} }}")
            g = rdflib.Graph(identifier=URIRef(graph))
            for r in rows:
                g.add((r["s"], r["p"], r["o"]))
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
        union = self.union_graph
        ops = [_replace_update(w.name, union) for w in writes if self.has_graph(w.name)]
        ops.append(_insert_update(writes, union))
        try:
            self.update(" ;\n".join(ops))
        except QuerySyntaxError as exc:  # storygraph's own update: not the user's syntax
            raise StoreError(f"the store refused storygraph's write: {exc}") from exc

    def remove(self, graph: str) -> bool:
        """Remove one named graph (and its share of the default graph); False if absent."""
        if not self.has_graph(graph):
            return False
        self.update(_replace_update(graph, self.union_graph))
        return True

    def sync_union(self) -> None:
        """Re-derive the default graph (the union copy) from the named graphs.

        ``storygraph update`` runs this after a user's update, which may change the named
        graphs without touching the copy (or the other way round).
        """
        self.update(_sync_update(self.union_graph))

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

    def close(self) -> None:  # noqa: B027 (a hook: a remote store holds nothing to release)
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            self.close()
        except StoreError:
            # The error that is already on its way out (a full disk, say) says more than a
            # second report of it from the final flush.
            if exc_type is None:
                raise


def _bind_prefixes(g: Any) -> None:
    from storygraph.query import PREFIXES

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


def graph_name(name: str) -> str:
    """A graph name a user gave, checked: an absolute IRI (RFC 3987), returned unchanged.

    Raises:
        InputError: it is not one.
    """
    import pyoxigraph as ox

    try:
        ox.NamedNode(name)
        iri(name)
    except ValueError as exc:
        raise InputError(
            f"{name!r} is not a graph name: {exc}; use an absolute IRI such as "
            "https://example.org/graph"
        ) from exc
    return name


def parse_rdf(data: bytes, fmt: str, graph: str | None) -> list[GraphWrite]:
    """Parse RDF bytes into graph writes (triples of a triple format go to ``graph``).

    Raises:
        RDFSyntaxError: the data does not parse; the message carries line/column if known.
    """
    import pyoxigraph as ox

    from storygraph.rdf.terms import nt

    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }
    if graph is not None:
        graph_name(graph)
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


_QUERY_FAILURES = (SyntaxError, OSError, RuntimeError)  # syntax, I/O, a SERVICE call


def _query_error(exc: BaseException) -> QueryError:
    """A pyoxigraph error as storygraph's, whether a query raised it or its answers did.

    The caller raises it outside its ``except`` block, and the original error is kept
    without its traceback: the frames of either would hold the query's answer, and the
    answer holds the store open (and locked) for as long as anyone keeps the error, even
    after :meth:`EmbeddedStore.close`.
    """
    exc.with_traceback(None)
    error = (
        QuerySyntaxError(f"SPARQL syntax error: {exc}")
        if isinstance(exc, SyntaxError)
        else QueryError(f"the query failed: {exc}")
    )
    error.__cause__ = exc
    return error


FLUSH_EVERY = 5


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
        self._writes_since_flush = 0
        if create and not self.path.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError) as exc:
                raise StoreError(
                    f"cannot create the store at {self.path}: {exc.filename} is a file, "
                    "not a directory"
                ) from exc
            except OSError as exc:
                raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from exc
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
        """Flush and release the store (and its lock).

        Raises:
            StoreError: the flush failed (a full disk); what was committed is kept.
        """
        store = getattr(self, "_store", None)
        if store is None:
            return
        self._store = None
        try:
            store.flush()
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc
        finally:
            del store

    def _query(self, query: str) -> Any:
        if self._store is None:
            raise StoreError("the store is closed")
        try:
            return self._store.query(query)
        except _QUERY_FAILURES as exc:
            failure = _query_error(exc)
        raise failure

    def execute(self, query: str) -> QueryResult:
        import pyoxigraph as ox

        answer = self._query(query)
        try:
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            try:  # answers are computed as they are read
                if isinstance(answer, ox.QueryTriples):
                    triples = [
                        (
                            from_oxigraph(t.subject),
                            from_oxigraph(t.predicate),
                            from_oxigraph(t.object),
                        )
                        for t in answer
                    ]
                    return QueryResult("graph", triples=triples)
                variables = [v.value for v in answer.variables]
                rows = [
                    tuple(None if sol[v] is None else from_oxigraph(sol[v]) for v in variables)
                    for sol in answer
                ]
                return QueryResult("select", variables=variables, rows=rows)
            except _QUERY_FAILURES as exc:
                failure = _query_error(exc)
        finally:
            del answer  # see _query_error
        raise failure

    def serialize_results(self, query: str, fmt: str) -> bytes:
        import pyoxigraph as ox

        answer = self._query(query)
        try:
            if isinstance(answer, ox.QueryTriples):
                raise QueryError("CONSTRUCT and DESCRIBE give RDF: use --format turtle or nt")
            formats = {
                "json": ox.QueryResultsFormat.JSON,
                "xml": ox.QueryResultsFormat.XML,
                "csv": ox.QueryResultsFormat.CSV,
                "tsv": ox.QueryResultsFormat.TSV,
            }
            try:
                data: bytes = answer.serialize(format=formats[fmt])
                return data
            except _QUERY_FAILURES as exc:
                failure = _query_error(exc)
        finally:
            del answer  # see _query_error
        raise failure

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

        if any(self.has_graph(w.name) for w in writes):
            super().write(writes)
            return
        data = "".join(w.nquads() for w in writes)
        try:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
            # RocksDB keeps written data in memory until it flushes, which it does not do on
            # its own before the store is closed: a long ingest grew by ~1 GiB per 750,000
            # triples. Flushing every few transactions keeps memory flat and is faster
            # (BENCHMARKS.md, memory).
            self._writes_since_flush += 1
            if self._writes_since_flush >= FLUSH_EVERY:
                self._store.flush()
                self._writes_since_flush = 0
        except SyntaxError as exc:  # a bug in storygraph's own writer, not the user's input
            raise StoreError(f"storygraph wrote invalid N-Quads: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def has_graph(self, name: str) -> bool:
        import pyoxigraph as ox

        try:
            node = ox.NamedNode(name)
        except ValueError:
            return False
        return bool(self._store.contains_named_graph(node))

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
        answered = ""
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    data: bytes = response.read()
                    return data
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip()[:500]
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
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = exc
                answered = ""
            if attempt < self.retries:
                time.sleep(self.backoff * (2**attempt))
        if answered:
            raise EndpointError(answered) from last
        reason = getattr(last, "reason", last)
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
            data = self._post_query(query, _ACCEPT["json"], named=False)
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
        data = self._post_query(query, _ACCEPT["json"])
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
        rows = [{v: _standard_term(b[v]) for v in variables if v in b} for b in bindings]
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
        import rdflib

        data = self._post_query(query, "application/n-triples, text/turtle;q=0.9")
        g = rdflib.Graph()
        try:
            g.parse(data=data.decode("utf-8"), format="turtle")
        except Exception as exc:  # rdflib raises many kinds of parser errors
            raise EndpointError(f"the endpoint {self.query_url} sent unreadable RDF") from exc
        return QueryResult("graph", triples=list(g))

    def serialize_results(self, query: str, fmt: str) -> bytes:
        """Serialised here from the JSON answer, so that every endpoint's output is alike."""
        import pyoxigraph as ox

        if query_form(query) not in ("SELECT", "ASK"):
            raise QueryError("CONSTRUCT and DESCRIBE give RDF: use --format turtle or nt")
        doc = json.dumps(self._results(query)).encode("utf-8")
        formats = {
            "json": ox.QueryResultsFormat.JSON,
            "xml": ox.QueryResultsFormat.XML,
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
        }
        answer = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
        data = answer.serialize(format=formats[fmt])
        assert data is not None  # no output file given, so the bytes are returned
        return data

    def update(self, sparql: str) -> None:
        self._graphs = None
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._request(self.update_url, body, "application/x-www-form-urlencoded", "*/*")


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


def resolve_location(location: str | None) -> str:
    """The store location: the argument, else ``STORYGRAPH_STORE``, else ./storygraph-data."""
    return location or os.environ.get("STORYGRAPH_STORE") or DEFAULT_LOCATION


def open_store(
    location: str | None = None,
    *,
    create: bool = True,
    wait: float = 0,
    timeout: float | None = None,
) -> Store:
    """Open the store at a path (embedded Oxigraph) or an ``http(s)://`` SPARQL endpoint.

    Args:
        location: a directory or an endpoint URL; defaults as :func:`resolve_location`.
        create: create an embedded store that does not exist yet (readers pass False).
        wait: seconds to wait for another process to release an embedded store.
        timeout: seconds before a request to a remote endpoint is abandoned (default 30).

    Raises:
        StoreLockedError: another process holds the embedded store.
        StoreError: the store cannot be opened.
        EndpointError: the endpoint is unreachable.
    """
    loc = resolve_location(location)
    if loc.startswith(("http://", "https://")):
        return RemoteStore(loc, timeout=30.0 if timeout is None else timeout)
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
