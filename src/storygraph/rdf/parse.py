"""Reading RDF a user gives: format names, graph names, and parsing into graph writes."""

from __future__ import annotations

import xml.parsers.expat
from typing import Any

import pyoxigraph as ox

from storygraph.errors import InputError, RDFSyntaxError
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import from_oxigraph, iri, nt

__all__ = ["MAX_XML_EXPANSION", "RDF_FORMATS", "SUFFIX_FORMATS", "graph_name", "parse_rdf"]

#: How much larger than its file an RDF/XML document may grow once its entities are expanded
#: (a factor, over a first MiB that is always allowed): a few hundred bytes of nested
#: ``<!ENTITY>`` declarations can otherwise expand to gigabytes ("billion laughs").
MAX_XML_EXPANSION = 16

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
    if key == "xml":
        _check_xml_entities(data)
    try:
        quads = list(ox.parse(data, format=RDF_FORMATS[key]))
    except SyntaxError as exc:
        raise RDFSyntaxError(f"cannot parse {fmt}: {exc}") from exc
    except (ValueError, OSError, RuntimeError) as exc:  # what else the parser may raise
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


def _check_xml_entities(data: bytes) -> None:
    """Refuse RDF/XML whose entities reach outside the file or expand out of proportion.

    The document is read once with expat (which never fetches anything) and the text and
    attribute values it would produce are counted; Oxigraph's parser expands the same
    internal entities, so a document within the bound here is within it there.

    Raises:
        RDFSyntaxError: an external or parameter entity, an expansion over the bound, or XML
            that does not parse.
    """
    limit = (1 << 20) + MAX_XML_EXPANSION * len(data)
    produced = 0

    def count(size: int) -> None:
        nonlocal produced
        produced += size
        if produced > limit:
            raise RDFSyntaxError(
                f"the RDF/XML expands to more than {limit} characters through its entities "
                "(<!ENTITY> declarations); storygraph refuses such documents"
            )

    def entity(name: str, is_parameter: int, value: str | None, *rest: Any) -> None:
        if is_parameter or value is None:  # %name; or SYSTEM/PUBLIC: outside the document
            raise RDFSyntaxError(
                f"the RDF/XML declares the external or parameter entity {name!r}; "
                "storygraph reads no entity from outside the document"
            )

    def element(name: str, attributes: dict[str, str]) -> None:
        count(len(name) + sum(len(k) + len(v) for k, v in attributes.items()))

    parser = xml.parsers.expat.ParserCreate()
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = element
    parser.CharacterDataHandler = lambda text: count(len(text))
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise RDFSyntaxError(f"cannot parse xml: {exc}") from exc
    except RecursionError as exc:
        raise RDFSyntaxError("cannot parse xml: nested too deeply") from exc
