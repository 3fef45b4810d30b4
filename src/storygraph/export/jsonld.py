"""JSON-LD compacted with storygraph's shipped context (``ontology/context.jsonld``).

Oxigraph writes JSON-LD expanded: every property a full IRI, every value an object. With the
context, an article reads ``{"@type": "Mention", "beginIndex": 463, "anchorOf": "transfers"}``;
expanding the file again (any JSON-LD processor) gives back the same statements. The context
is embedded in the file, so it is read offline.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from storygraph.rdf.vocab import CONTEXT_FILE

__all__ = ["compact_jsonld", "jsonld_context"]


@cache
def _context_text() -> str:
    return CONTEXT_FILE.read_text(encoding="utf-8")


def jsonld_context() -> dict[str, Any]:
    """The shipped context's ``@context`` object (a fresh copy)."""
    context: dict[str, Any] = json.loads(_context_text())["@context"]
    return context


def compact_jsonld(data: bytes, fmt: str = "nquads") -> bytes:
    """RDF as JSON-LD compacted with :func:`jsonld_context`.

    Args:
        data: a dataset as N-Quads (``fmt="nquads"``: a top-level ``@graph`` of named graphs,
            each with its own ``@graph`` of nodes) or one graph as N-Triples (``fmt="nt"``:
            a top-level ``@graph`` of nodes, in the default graph, as the other triple formats
            write one graph).

    The data is held in memory (rdflib's serializer); for a store of millions of statements
    prefer ``nquads`` or ``trig``. rdflib nests a blank node inside the node that names it,
    by recursion: blank nodes nested deeper than Python's stack allows (a loaded file can
    chain thousands) are written by Oxigraph instead, expanded and flat (each node on its
    own, named by its ``@id``), the same statements without the context.
    """
    from rdflib import Dataset, Graph  # lazy: only this format needs rdflib's JSON-LD writer

    rdf = Dataset() if fmt == "nquads" else Graph()
    rdf.parse(data=data, format=fmt)
    try:
        text = rdf.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    except RecursionError:
        return _flat_jsonld(data, fmt)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def _flat_jsonld(data: bytes, fmt: str) -> bytes:
    """The statements as Oxigraph writes JSON-LD: expanded, each node at the top level."""
    import pyoxigraph as ox

    source = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.N_TRIPLES
    text = ox.serialize(ox.parse(data, format=source), format=ox.RdfFormat.JSON_LD) or b""
    return text if text.endswith(b"\n") else text + b"\n"
