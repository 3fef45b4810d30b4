"""What a write to one named graph holds, and the one N-Quads writer.

The writer (:mod:`storygraph.rdf.mint`) hands :class:`GraphWrite` objects to a store, to
``extract -o`` or to a worker's parent; every N-Quads line storygraph writes is made by
:func:`nquads`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storygraph.rdf.terms import iri

__all__ = ["GraphWrite", "nquads"]


def nquads(triples: Iterable[str], graph: str | None = None) -> str:
    """N-Quads text: each N-Triples statement (without its final `` .``) in ``graph``.

    Args:
        triples: statements as N-Triples text.
        graph: the graph's name as N-Triples text (``<IRI>``, or a blank node); None writes
            the statements to the default graph.
    """
    end = " .\n" if graph is None else f" {graph} .\n"
    return "".join(f"{t}{end}" for t in triples)


@dataclass
class GraphWrite:
    """One named graph to write: N-Triples statements without the final `` .``."""

    name: str
    triples: list[str]

    def nquads(self, *, union: bool = True) -> str:
        """The graph as N-Quads, followed (with ``union``) by the same triples in the default
        graph, the union copy a store keeps."""
        named = nquads(self.triples, iri(self.name))
        return named + nquads(self.triples) if union else named
