"""What every store offers, and the SPARQL updates that keep the layout below.

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

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from storygraph.errors import InputError, QueryError, QuerySyntaxError, StoreError
from storygraph.rdf.parse import graph_name, parse_rdf
from storygraph.rdf.quads import WRITE_STEP, GraphWrite, nquads, write_steps
from storygraph.rdf.sparql import bind_prefixes, with_prefixes
from storygraph.rdf.terms import iri, nt
from storygraph.rdf.vocab import ONTOLOGY_FILE, SG_ONTOLOGY

__all__ = [
    "RESULT_FORMATS",
    "QueryResult",
    "ResultKind",
    "SelectStore",
    "Store",
    "iter_batches",
    "results_format",
]

_VERSION_PRED = "http://purl.org/dc/terms/hasVersion"

T = TypeVar("T")
ResultKind = Literal["select", "ask", "graph"]
#: The W3C query-results formats a SELECT or ASK answer can be written in: name → media type.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def results_format(fmt: str) -> ox.QueryResultsFormat:
    """pyoxigraph's query-results format for a name of :data:`RESULT_FORMATS`."""
    found = ox.QueryResultsFormat.from_media_type(RESULT_FORMATS[fmt])
    assert found is not None  # pyoxigraph knows every media type of the table
    return found


class SelectStore(Protocol):
    """What a reader that only selects needs from a store (a :class:`Store` is one)."""

    def select(self, query: str) -> list[dict[str, Node]]:
        """Run a SELECT query and return one dict per row; unbound variables are absent."""
        ...


def select_strings(store: SelectStore, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT (the common prefixes declared) with every value as a string.

    An embedded store gives the values as strings without making rdflib terms first
    (:meth:`EmbeddedStore.select_values`: the same rows, in less time on a large answer).
    """
    fast = getattr(store, "select_values", None)
    if fast is not None:
        rows: list[dict[str, str]] = fast(with_prefixes(query))
        return rows
    return [{k: str(v) for k, v in row.items()} for row in store.select(with_prefixes(query))]


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


class Store(ABC):
    """What every store offers. Open one with :func:`open_store`."""

    location: str
    #: The named graph that holds the union copy, where the endpoint's default graph cannot.
    union_graph: str | None = None
    #: Whether several threads may read at once (queries side by side, each on its thread).
    concurrent_reads: bool = False

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
        if graph is not None:
            g_iri = iri(graph_name(graph))
            rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g_iri} {{ ?s ?p ?o }} }}")
            g = Graph(identifier=URIRef(graph))
            for r in rows:
                g.add((r["s"], r["p"], r["o"]))
            bind_prefixes(g)
            if fmt in ("nquads", "trig"):
                ds = Dataset()
                ds.graph(URIRef(graph)).__iadd__(g)
                bind_prefixes(ds)
                return ds.serialize(format=fmt, encoding="utf-8")
            return g.serialize(format=fmt, encoding="utf-8")
        rows = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        if fmt == "nquads":
            return "".join(
                nquads([f"{nt(r['s'])} {nt(r['p'])} {nt(r['o'])}"], nt(r["g"])) for r in rows
            ).encode("utf-8")
        ds = Dataset()
        for r in rows:
            ds.add((r["s"], r["p"], r["o"], r["g"]))  # type: ignore[arg-type]
        bind_prefixes(ds)
        if fmt in ("turtle", "nt", "xml"):
            union = Graph()
            for s, p, o, _ in ds.quads():
                union.add((s, p, o))
            bind_prefixes(union)
            return union.serialize(format=fmt, encoding="utf-8")
        return ds.serialize(format=fmt, encoding="utf-8")

    # -- writing ----------------------------------------------------------------------
    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update (only `storygraph update` and storygraph itself do)."""

    def write(self, writes: Sequence[GraphWrite]) -> None:
        """Write graphs, replacing any graph of the same name.

        Up to :data:`~storygraph.rdf.quads.WRITE_STEP` triples are written in one
        transaction. A larger write is made in steps of at most that many (so that memory
        does not grow with an article's size): the graphs it replaces are removed first,
        then :func:`~storygraph.rdf.quads.write_steps` says what each step holds; a process
        killed in between leaves no article that looks stored but is not.
        """
        if not writes:
            return
        replaced = [w.name for w in writes if self.has_graph(w.name)]
        try:
            if replaced and sum(len(w.triples) for w in writes) <= WRITE_STEP:
                ops = [_replace_update(name, self.union_graph) for name in replaced]
                self.update(" ;\n".join([*ops, _insert_update(writes, self.union_graph)]))
                return
            for name in replaced:
                self.remove(name)
            for step in write_steps(writes, WRITE_STEP):
                self._insert(step)
        except QuerySyntaxError as exc:  # storygraph's own update: not the user's syntax
            raise StoreError(f"the store refused storygraph's write: {exc}") from exc

    def _insert(self, writes: Sequence[GraphWrite]) -> None:
        """Add graphs the store does not hold yet, in one transaction."""
        self.update(_insert_update(writes, self.union_graph))

    def rewrite(self, write: GraphWrite) -> None:
        """Make one graph hold exactly ``write``'s triples: here by replacing it
        (:meth:`write`); the embedded store changes only what differs."""
        self.write([write])

    def remove(self, graph: str) -> bool:
        """Remove one named graph (and its share of the default graph); False if absent."""
        if not self.has_graph(graph):
            return False
        self._drop(graph)
        return True

    def _drop(self, graph: str) -> None:
        """Remove a graph the store holds, and its share of the union copy, in one update."""
        self.update(_replace_update(graph, self.union_graph))

    def sync_union(self) -> None:
        """Re-derive the default graph (the union copy) from the named graphs.

        ``storygraph update`` runs this after a user's update, which may change the named
        graphs without touching the copy (or the other way round).
        """
        self.update(_sync_update(self.union_graph))

    def update_and_sync(self, sparql: str) -> None:
        """Run a user's update and re-derive the union copy **in the same request**: one
        transaction on the embedded store, so that a process killed at any moment leaves
        both done or neither (never the named graphs changed under a stale union).

        Raises:
            QuerySyntaxError: the user's update does not parse (the message is about it
                alone).
        """
        sync = _sync_update(self.union_graph)
        # After an update that ends in an operation a ';' separates the two; after one
        # that ends in ';' or with a prologue alone, another ';' would be a syntax error.
        for joined in (f"{sparql}\n;\n{sync}", f"{sparql}\n{sync}"):
            try:
                self.update(joined)
                return
            except QuerySyntaxError:
                continue
        self.update(sparql)  # raises the error of the user's own text
        self.sync_union()

    def union_drift(self) -> tuple[int, int]:
        """How far the union copy is from the union of the named graphs: (statements in it
        that no named graph holds, statements of named graphs missing from it). (0, 0) for
        a sound store; anything else is a write that was cut short outside storygraph's
        transactions, or an edit of the default graph alone."""
        u = self.union_graph
        union = "{ ?s ?p ?o }" if u is None else f"{{ GRAPH {iri(u)} {{ ?s ?p ?o }} }}"
        named = "GRAPH ?g { ?s ?p ?o }" + ("" if u is None else f" FILTER (?g != {iri(u)})")
        extra = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {union} FILTER NOT EXISTS {{ {named} }} }}"
        )
        missing = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
            f"{{ {named} FILTER NOT EXISTS {union} }} }}"
        )
        return int(str(extra[0]["n"])), int(str(missing[0]["n"]))

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
