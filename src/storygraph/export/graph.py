"""The store as a :mod:`networkx` graph: the shape every other export starts from.

:func:`to_networkx` reads the store with a fixed handful of SELECT queries (articles, nodes,
literal values, relations, mentions), whatever the size of the store, and assembles a
:class:`networkx.MultiDiGraph` in Python. Node ids are IRI strings; edges are keyed by the
predicate's local name. The ontology's own named graph holds no typed instances, so it never
shows up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from storygraph.errors import InputError
from storygraph.export.nodes import (
    ENTITY_KINDS,
    NODE_KINDS,
    RELATIONS,
    Node,
    SelectStore,
    StoreReader,
    article_iri,
)
from storygraph.export.projection import edge_verb, focus_nodes, match_nodes, project
from storygraph.rdf.vocab import NS

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ENTITY_KINDS",
    "NODE_KINDS",
    "RELATIONS",
    "SelectStore",
    "to_networkx",
]

_MAX_MENTION_TEXTS = 20


def _words(name: str) -> str:
    """``reportedTo`` → ``reported to``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _parse_day(value: str | date | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{name} must be an ISO date (YYYY-MM-DD), not {value!r}") from None


def _kinds(classes: Iterable[str] | None) -> set[str] | None:
    if classes is None:
        return None
    by_fold = {k.casefold(): k for k in NODE_KINDS}
    chosen: set[str] = set()
    for name in classes:
        kind = by_fold.get(str(name).strip().casefold())
        if kind is None:
            raise InputError(f"unknown class {name!r}; choose from {', '.join(sorted(NODE_KINDS))}")
        chosen.add(kind)
    return chosen


def _node_attrs(
    node: Node, reader: StoreReader, out: Mapping[str, list[tuple[str, str]]]
) -> dict[str, Any]:
    """The exported attributes of one node."""
    articles = {m.article for m in node.mentions}
    days = sorted(d for a in articles if (d := reader.dates.get(a, "")))
    texts = []
    for m in node.mentions[:_MAX_MENTION_TEXTS]:
        texts.append(f"{m.anchor} — {m.sentence}" if m.anchor else m.sentence)
    targets = {
        p: [o for q, o in out.get(node.iri, []) if q == p] for p in ("time", "sentOn", "source")
    }
    time = node.value("timexValue")
    if not time:
        for p in ("time", "sentOn"):
            values = sorted(v for t in targets[p] if (v := reader.nodes[t].value("timexValue")))
            if values:
                time = values[0]
                break
    source = "; ".join(sorted(reader.nodes[s].label for s in targets["source"]))
    return {
        "label": node.label,
        "kind": node.kind,
        "mentions": len(node.mentions),
        "articles": len(articles),
        "first_seen": days[0] if days else "",
        "time": time,
        "source": source,
        "detail": _detail(node),
        "evidence": node.mentions[0].sentence if node.mentions else "",
        "mention_texts": texts,
    }


def _detail(node: Node) -> str:
    """A one-line summary of the literal values that matter for the node's class."""
    shown = {
        "Event": ("action", "polarity", "modality"),
        "Claim": ("content", "stance", "cueLemma"),
        "OpenQuestion": ("questionText",),
        "Quantity": ("numericValue", "unit", "countedThing"),
        "TimeExpression": ("timexValue", "intervalStart"),
        "Group": ("size", "description"),
        "AnonymousSource": ("size",),
    }.get(node.kind, ("description",))
    parts = [f"{_words(p)}: {v}" for p in shown if (v := node.value(p))]
    return "; ".join(parts)


def _event_day(node: Node, reader: StoreReader, out: Mapping[str, list[tuple[str, str]]]) -> str:
    starts = sorted(
        v
        for p, t in out.get(node.iri, [])
        if p == "time" and (v := reader.nodes[t].value("intervalStart"))
    )
    return starts[0][:10] if starts else ""


def _edge_evidence(s: Node, o: Node, sentences: Mapping[str, set[tuple[str, str]]]) -> str:
    """The first sentence of ``s`` that also mentions ``o``, else the first sentence of ``s``."""
    theirs = sentences.get(o.iri, set())
    for m in s.mentions:
        if (m.article, m.sentence) in theirs and m.sentence:
            return m.sentence
    return s.mentions[0].sentence if s.mentions else ""


def to_networkx(
    store: SelectStore,
    *,
    projection: bool = False,
    focus: str | None = None,
    depth: int = 1,
    article: str | None = None,
    classes: Iterable[str] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> nx.MultiDiGraph:
    """Build a networkx graph of the story nodes in ``store``.

    Nodes are keyed by IRI with the attributes ``label``, ``kind`` (class local name),
    ``mentions``, ``articles``, ``first_seen`` (earliest publication date, ISO, or ``""``),
    ``time`` (TIMEX value of the node or of its ``sg:time``/``sg:sentOn``), ``source`` (a
    claim's sources), ``detail`` (action, stance, size …), ``evidence`` (the first mention's
    sentence) and ``mention_texts`` (up to 20 ``"anchor — sentence"`` strings). Edges are keyed
    by the predicate's local name with ``predicate``, ``label``, ``evidence`` and ``via`` (the
    event or claim a projected edge stands for, else ``""``). The graph attributes are
    ``articles``, ``first_published``, ``last_published`` and ``projection``.

    Filters apply in this order: ``article`` (the store read is limited to it), ``since`` and
    ``until``, ``projection``, ``classes``, and last ``focus``.

    Args:
        store: Anything with ``select(sparql) -> list[dict]`` over the union of the graphs.
        projection: Keep only entities and fold events and claims into labelled edges
            (Meta —reassign→ engineers).
        focus: An IRI or a label (case-insensitive) to centre the graph on.
        depth: Hops (in either direction) from ``focus`` to keep.
        article: An article IRI or slug: only that article's graph.
        classes: Class local names to keep (``Organization``, ``Event`` …).
        since: Keep nodes first seen on or after this ISO date (events: their time).
        until: Keep nodes first seen on or before this ISO date (events: their time).

    Returns:
        A new :class:`networkx.MultiDiGraph` with nodes and edges in sorted order.

    Raises:
        InputError: Unknown focus, article or class, a bad date or a negative depth.
    """
    import networkx as nx  # lazy: slow to import, and only the graph exports need it

    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    since_day = _parse_day(since, "since")
    until_day = _parse_day(until, "until")
    kinds = _kinds(classes)
    chosen = article_iri(store, article) if article is not None else None

    reader = StoreReader(store, chosen)
    reader.read()
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in sorted(reader.edges):
        out[s].append((p, o))
    sentences = {
        iri: {(m.article, m.sentence) for m in node.mentions} for iri, node in reader.nodes.items()
    }

    graph = nx.MultiDiGraph()
    for iri in sorted(reader.nodes):
        graph.add_node(iri, **_node_attrs(reader.nodes[iri], reader, out))
    for s, p, o in sorted(reader.edges):
        graph.add_edge(
            s,
            o,
            key=p,
            predicate=f"{NS}{p}",
            label=_words(p),
            evidence=_edge_evidence(reader.nodes[s], reader.nodes[o], sentences),
            via="",
        )

    matched = match_nodes(graph, focus) if focus is not None else set()

    if since_day or until_day:
        keep = set()
        for iri, node in reader.nodes.items():
            day = graph.nodes[iri]["first_seen"]
            if node.kind == "Event":
                day = _event_day(node, reader, out) or day
            if day and (not since_day or day >= since_day) and (not until_day or day <= until_day):
                keep.add(iri)
        graph = graph.subgraph(sorted(keep)).copy()

    if projection:
        verbs = {
            iri: edge_verb(n) for iri, n in reader.nodes.items() if n.kind in ("Event", "Claim")
        }
        graph = project(graph, verbs)
    if kinds is not None:
        graph = graph.subgraph(sorted(n for n, k in graph.nodes(data="kind") if k in kinds)).copy()
    if focus is not None:
        graph = graph.subgraph(sorted(focus_nodes(graph, focus, depth, matched))).copy()
    return _finish(graph, reader, projection)


def _finish(graph: nx.MultiDiGraph, reader: StoreReader, projection: bool) -> nx.MultiDiGraph:
    """A copy with sorted nodes and edges and the graph-level attributes."""
    import networkx as nx  # lazy: slow to import, and only the graph exports need it

    result = nx.MultiDiGraph()
    result.add_nodes_from(sorted(graph.nodes(data=True)))
    result.add_edges_from(sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]))
    articles = {m.article for n in result for m in reader.nodes[n].mentions}
    days = sorted(d for a in articles if (d := reader.dates.get(a, "")))
    result.graph.update(
        {
            "articles": len(articles),
            "first_published": days[0] if days else "",
            "last_published": days[-1] if days else "",
            "projection": projection,
        }
    )
    return result
