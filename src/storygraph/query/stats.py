"""What a store holds: articles, triples, nodes by class."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storygraph.rdf.vocab import NS
from storygraph.store import Store

__all__ = ["StoreStats", "store_stats"]


@dataclass
class StoreStats:
    """Counts for `storygraph stats`."""

    location: str
    articles: int
    triples: int
    graphs: int
    by_class: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The counts as one JSON-ready object (``storygraph stats --json``)."""
        return {
            "store": self.location,
            "articles": self.articles,
            "graphs": self.graphs,
            "triples": self.triples,
            "by_class": dict(self.by_class),
        }

    def format(self) -> str:
        """The counts as the aligned text `storygraph stats` prints."""
        lines = [
            f"store     {self.location}",
            f"articles  {self.articles}",
            f"graphs    {self.graphs}",
            f"triples   {self.triples}",
        ]
        if self.by_class:
            lines.append("nodes by class:")
            width = max(len(k) for k in self.by_class)
            lines += [f"  {k.ljust(width)}  {v}" for k, v in self.by_class.items()]
        return "\n".join(lines)


def store_stats(store: Store) -> StoreStats:
    """Count articles, triples (default graph: each fact once) and nodes per class."""
    rows = store.select(
        f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?c "
        f'FILTER (STRSTARTS(STR(?c), "{NS}")) }} GROUP BY ?c ORDER BY DESC(?n) ?c'
    )
    by_class = {str(r["c"])[len(NS) :]: int(r["n"]) for r in rows}  # type: ignore[call-overload]
    graphs = store.graph_names()
    return StoreStats(
        location=store.location,
        articles=by_class.get("Article", 0),
        triples=store.count_triples(),
        graphs=len(graphs),
        by_class={k: v for k, v in by_class.items() if k != "Article"},
    )
