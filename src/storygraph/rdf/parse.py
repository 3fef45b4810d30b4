"""Reading RDF a user gives: format names, graph names, and parsing into graph writes."""

from __future__ import annotations

import pyoxigraph as ox

from storygraph.errors import InputError, RDFSyntaxError
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import from_oxigraph, iri, nt

__all__ = ["RDF_FORMATS", "SUFFIX_FORMATS", "graph_name", "parse_rdf"]

#: The RDF formats storygraph reads, by name, and the pyoxigraph format of each.
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
#: Other names users give for those formats.
_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "nq": "nquads",
    "json-ld": "jsonld",
    "rdfxml": "xml",
}
#: The format of a file, from its suffix.
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
    if graph is not None:
        graph_name(graph)
    key = _ALIASES.get(fmt, fmt)
    if key not in RDF_FORMATS:
        raise RDFSyntaxError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    try:
        quads = list(ox.parse(data, format=RDF_FORMATS[key]))
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
