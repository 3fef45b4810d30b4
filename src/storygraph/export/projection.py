"""Narrowing the drawn graph: the entity projection and the focus on one node.

In a projection events and claims become labelled entity–entity edges (Meta —reassign→
engineers); a focus keeps the nodes within a few hops of a node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from storygraph.errors import InputError
from storygraph.export.nodes import ENTITY_KINDS, Node
from storygraph.rdf.vocab import NS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["edge_verb", "focus_nodes", "match_nodes", "project"]

_EVENT_ROLES = ("patient", "recipient", "instrument", "place")
_ROLE_WORDS = {"patient": "", "recipient": " to", "instrument": " via", "place": " in"}


def project(graph: nx.MultiDiGraph, verbs: Mapping[str, str]) -> nx.MultiDiGraph:
    """Keep entities only; fold events and claims into labelled entity–entity edges.

    An event links its agents (else its patients) to its other participants with its action
    (``reassign``, ``reassign to``, ``tell via``); a claim links its sources to what it is about
    and to whom it was reported with its cue (``confirm``, ``confirm to``).

    Args:
        graph: the full graph.
        verbs: the word of each event and claim (see :func:`edge_verb`).
    """
    import networkx as nx  # lazy: slow to import, and only the graph exports need it

    entity = {n for n, k in graph.nodes(data="kind") if k in ENTITY_KINDS}
    projected = nx.MultiDiGraph(**graph.graph)
    projected.graph["projection"] = True
    projected.add_nodes_from((n, graph.nodes[n]) for n in sorted(entity))
    for s, o, key, data in graph.edges(keys=True, data=True):
        if s in entity and o in entity:
            projected.add_edge(s, o, key=key, **data)
    for n, kind in sorted(graph.nodes(data="kind")):
        if kind not in ("Event", "Claim"):
            continue
        roles: dict[str, list[str]] = defaultdict(list)
        for _, o, key in graph.out_edges(n, keys=True):
            if o in entity:
                roles[key].append(o)
        attrs = graph.nodes[n]
        if kind == "Event":
            verb = verbs[n]
            sources = roles.get("agent") or roles.get("patient") or []
            role_names = _EVENT_ROLES if roles.get("agent") else _EVENT_ROLES[1:]
            targets = [(r, o) for r in role_names for o in roles.get(r, [])]
            label_of = {r: f"{verb}{_ROLE_WORDS[r]}" for r in _EVENT_ROLES}
        else:
            verb = verbs[n]
            sources = roles.get("source", [])
            targets = [(r, o) for r in ("about", "reportedTo") for o in roles.get(r, [])]
            label_of = {"about": verb, "reportedTo": f"{verb} to"}
        for s in sorted(set(sources)):
            for role, o in sorted(set(targets)):
                if s == o:
                    continue
                label = label_of[role]
                projected.add_edge(
                    s,
                    o,
                    key=label,
                    predicate=f"{NS}{role}",
                    label=label,
                    evidence=attrs.get("evidence", ""),
                    via=n,
                )
    return projected


def edge_verb(node: Node) -> str:
    """The word a projected edge uses for an event (its action) or a claim (its cue)."""
    if node.kind == "Event":
        verb = node.value("action") or "event"
        return f"not {verb}" if node.value("polarity") == "negative" else verb
    return node.value("cueLemma") or node.value("stance") or "claim"


def focus_nodes(graph: nx.MultiDiGraph, focus: str, depth: int, matched: set[str]) -> set[str]:
    """The nodes within ``depth`` hops (either way) of the ``matched`` nodes still in ``graph``.

    Raises:
        InputError: the other filters removed every matched node.
    """
    import networkx as nx  # lazy: slow to import, and only the graph exports need it

    seeds = matched & set(graph.nodes)
    if not seeds:
        raise InputError(f"node {focus!r} is excluded by the other filters")
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for seed in seeds:
        keep.update(nx.single_source_shortest_path_length(undirected, seed, cutoff=depth))
    return keep


def match_nodes(graph: nx.MultiDiGraph, focus: str) -> set[str]:
    """The node whose IRI is ``focus``, else the nodes labelled ``focus`` (case-blind).

    Raises:
        InputError: no node matches.
    """
    if focus in graph:
        return {focus}
    wanted = focus.strip().casefold()
    matched = {n for n, label in graph.nodes(data="label") if label.casefold() == wanted}
    if not matched:
        raise InputError(f"no node matches {focus!r}; try `storygraph query --named entities`")
    return matched
