"""What a write to one named graph holds, and the one N-Quads writer.

The writer (:mod:`storygraph.rdf.mint`) hands :class:`GraphWrite` objects to a store, to
``extract -o`` or to a worker's parent; every N-Quads line storygraph writes is made by
:func:`nquads`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from storygraph.rdf.terms import iri

__all__ = ["WRITE_STEP", "GraphWrite", "nquads", "write_steps"]

#: The most triples a store writes in one step. Oxigraph's bulk loader holds about 2.4 kB a
#: triple of a step (its named and its union-copy quad, sorted for every index): 25,000
#: triples is ~60 MiB whatever the article's size, and as fast as larger steps (BENCHMARKS.md
#: section 3).
WRITE_STEP = 25_000


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


def write_steps(
    writes: Sequence[GraphWrite], limit: int = WRITE_STEP
) -> Iterator[list[GraphWrite]]:
    """The writes cut into steps of at most ``limit`` triples, in order.

    Whole graphs are grouped while they fit. A graph of more than ``limit`` triples is cut
    into pieces of the same name, one step each, and its **first** piece comes last: the
    writer (:mod:`storygraph.rdf.mint`) puts an article's own description first, with the
    content hash that tells ingest the article is stored, so a graph cut short by a crash
    between steps lacks it and the next run extracts the article again.
    """
    step: list[GraphWrite] = []
    size = 0
    for w in writes:
        n = len(w.triples)
        if step and size + n > limit:
            yield step
            step, size = [], 0
        if n <= limit:
            step.append(w)
            size += n
            continue
        pieces = [GraphWrite(w.name, w.triples[i : i + limit]) for i in range(0, n, limit)]
        for piece in pieces[1:]:
            yield [piece]
        yield pieces[:1]
    if step:
        yield step
