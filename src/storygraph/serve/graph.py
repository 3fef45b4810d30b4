"""What the graph page reads: only what it draws, so it costs about the same in any store.

:func:`~storygraph.export.to_networkx` reads the whole store (about a minute at a million
triples); the page reads instead

* by default, the ``limit`` most mentioned entities and what joins them: their direct
  relations, and the events and claims that have two of them as participants (at most
  :data:`EVENTS_PER_PAIR` per pair, which is as many labels as a pair can show);
* with ``focus``, the node's own edges (as its entity page reads them), and with ``depth`` 2
  its neighbours' edges too, up to ``limit`` nodes.

In the projection (the default, "entities only") events and claims are folded into labelled
entity–entity edges as the static export folds them
(:func:`~storygraph.export.projection.project`); without it they are drawn as nodes.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storygraph.errors import InputError
from storygraph.export.nodes import ENTITY_KINDS, RELATIONS
from storygraph.export.projection import project
from storygraph.rdf.terms import safe_iri
from storygraph.rdf.vocab import NS
from storygraph.serve.common import (
    ID_NS,
    best_class,
    node_iri,
    select,
    sparql_iri,
    values,
)
from storygraph.serve.entity import node_links
from storygraph.store import SelectStore

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EVENTS_PER_PAIR",
    "GRAPH_LIMIT",
    "MAX_LIMIT",
    "Overview",
    "draw_overview",
    "focus_graph",
    "ranking",
    "read_overview",
    "resolve",
    "top_graph",
]

#: Entities drawn by default, and at most.
GRAPH_LIMIT = 150
MAX_LIMIT = 300
#: Events (or claims) read for one pair of entities.
EVENTS_PER_PAIR = 2
_ROLES = ("agent", "patient", "recipient", "instrument", "place", "source", "about", "reportedTo")
_VERB_FIELDS = ("action", "polarity", "cueLemma", "stance")
_ENTITY_VALUES = " ".join(f"sg:{k}" for k in ENTITY_KINDS)
_BATCH = 500
_FOLDED = ("Event", "Claim")
_CLAIM_ROLES = ("source", "about", "reportedTo")
#: Nodes whose edges are read before the page checks whether it has enough.
_EXPAND_BATCH = 4
#: Edges into a node read at the first step of a focus, and at the second.
_FIRST_LINKS = 200
_FURTHER_LINKS = 40
_RELATION_NAMES = set(RELATIONS)


def _union(var: str, fields: Sequence[str], value: str = "?x") -> str:
    """``{ ?var sg:f ?x BIND ("f" AS ?field) } UNION …``: one index lookup per field and node,
    where a variable predicate restricted by ``VALUES`` made Oxigraph read far more."""
    return " UNION ".join(f'{{ ?{var} sg:{f} {value} BIND ("{f}" AS ?field) }}' for f in fields)


def ranking(store: SelectStore, limit: int = MAX_LIMIT) -> list[dict[str, str]]:
    """The ``limit`` most mentioned entities (``node``, ``mentions``, ``label``, ``kind``), most
    mentioned first. One aggregate over every mention: the slowest read of the page, and the
    same for every request to one snapshot of the store (the caller may keep it)."""
    rows = select(
        store,
        "SELECT ?node (COUNT(?m) AS ?mentions) WHERE { ?node sg:hasMention ?m } "
        f"GROUP BY ?node ORDER BY DESC(?mentions) LIMIT {limit * 2}",
    )
    # ties in Python: a second sort key made Oxigraph take 30 times as long at 1M triples
    rows.sort(key=lambda r: (-int(r["mentions"]), r["node"]))
    facts = _facts(store, [r["node"] for r in rows])
    out = []
    for r in rows:
        kind = facts[r["node"]]["kind"]
        if kind in ENTITY_KINDS:
            out.append({**r, **facts[r["node"]]})
    return out[:limit]


def _facts(store: SelectStore, nodes: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each node's label and most specific class."""
    chosen = [n for n in dict.fromkeys(nodes) if safe_iri(n)]
    found: dict[str, dict[str, Any]] = {n: {"label": "", "classes": []} for n in chosen}
    for start in range(0, len(chosen), _BATCH):
        chunk = chosen[start : start + _BATCH]
        for r in select(
            store,
            f"SELECT ?x ?field ?v WHERE {{ {values('x', chunk)} "
            '{ ?x rdfs:label ?v BIND ("label" AS ?field) } UNION '
            '{ ?x a ?v BIND ("class" AS ?field) } }',
        ):
            into = found[r["x"]]
            if r["field"] == "class":
                into["classes"].append(r["v"])
            elif not into["label"]:
                into["label"] = r["v"]
    return {
        n: {"label": f["label"] or _short(n), "kind": best_class(f["classes"])}
        for n, f in found.items()
    }


def _short(node: str) -> str:
    return node[len(ID_NS) :] if node.startswith(ID_NS) else node


def _mention_counts(store: SelectStore, nodes: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for start in range(0, len(nodes), _BATCH):
        chunk = nodes[start : start + _BATCH]
        for r in select(
            store,
            f"SELECT ?x (COUNT(?m) AS ?n) WHERE {{ {values('x', chunk)} ?x sg:hasMention ?m }} "
            "GROUP BY ?x",
        ):
            counts[r["x"]] = int(r["n"])
    return counts


def _linking_events(store: SelectStore, entities: Sequence[str]) -> list[str]:
    """Events and claims with at least two of ``entities`` as participants, at most
    :data:`EVENTS_PER_PAIR` for each pair (the first by IRI)."""
    path = "|".join(f"sg:{r}" for r in _ROLES)
    rows = select(
        store,
        f"SELECT ?e (GROUP_CONCAT(DISTINCT STR(?x); SEPARATOR=' ') AS ?xs) WHERE {{ "
        f"{values('x', entities)} ?e {path} ?x }} "
        "GROUP BY ?e HAVING (COUNT(DISTINCT ?x) >= 2)",
    )
    per_pair: dict[tuple[str, ...], int] = defaultdict(int)
    chosen = []
    for r in sorted(rows, key=lambda r: r["e"]):
        members = sorted(set(r["xs"].split()))
        pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        if any(per_pair[p] < EVENTS_PER_PAIR for p in pairs):
            chosen.append(r["e"])
            for p in pairs:
                per_pair[p] += 1
    return chosen


def _parts(
    store: SelectStore, events: Sequence[str]
) -> tuple[list[tuple[str, str, str]], dict[str, dict[str, str]]]:
    """The role edges ``(event, role, node)`` and the values that name each event's edge."""
    edges: list[tuple[str, str, str]] = []
    words: dict[str, dict[str, str]] = defaultdict(dict)
    for start in range(0, len(events), _BATCH):
        chunk = events[start : start + _BATCH]
        for r in select(
            store,
            f"SELECT ?e ?field ?x WHERE {{ {values('e', chunk)} "
            f"{_union('e', (*_ROLES, *_VERB_FIELDS))} }}",
        ):
            if r["field"] in _VERB_FIELDS:
                words[r["e"]].setdefault(r["field"], r["x"])
            else:
                edges.append((r["e"], r["field"], r["x"]))
    return edges, words


def _verb(kind: str, words: dict[str, str]) -> str:
    """As :func:`~storygraph.export.projection.edge_verb` names a folded event or claim."""
    if kind == "Event":
        verb = words.get("action") or "event"
        return f"not {verb}" if words.get("polarity") == "negative" else verb
    return words.get("cueLemma") or words.get("stance") or "claim"


def _relations(store: SelectStore, nodes: Sequence[str]) -> list[tuple[str, str, str]]:
    """Direct relations (:data:`~storygraph.export.nodes.RELATIONS`) between ``nodes``."""
    inside = set(nodes)
    found = []
    for start in range(0, len(nodes), _BATCH):
        chunk = nodes[start : start + _BATCH]
        for r in select(
            store, f"SELECT ?s ?field ?x WHERE {{ {values('s', chunk)} {_union('s', RELATIONS)} }}"
        ):
            if r["x"] in inside and r["x"] != r["s"]:
                found.append((r["s"], r["field"], r["x"]))
    return found


def _draw(
    nodes: dict[str, dict[str, Any]],
    edges: Iterable[tuple[str, str, str]],
    projection: bool,
    words: dict[str, dict[str, str]],
) -> nx.MultiDiGraph:
    """The graph of ``nodes`` (IRI → label, kind, mentions) and ``edges`` (subject, local
    name, object) between them; events and claims folded when ``projection``, each named
    from its ``words`` (action and polarity, or cue)."""
    import networkx as nx  # lazy, as in export: only a drawn graph needs it

    graph = nx.MultiDiGraph()
    for node, attrs in sorted(nodes.items()):
        graph.add_node(node, **attrs)
    for s, p, o in sorted(set(edges)):
        if s in nodes and o in nodes and s != o:
            label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", p).lower()  # reportedTo: reported to
            graph.add_edge(s, o, key=p, predicate=f"{NS}{p}", label=label, evidence="", via="")
    if not projection:
        return graph
    folded = [n for n, d in graph.nodes(data=True) if d.get("kind") in _FOLDED]
    verbs = {n: _verb(graph.nodes[n]["kind"], words.get(n, {})) for n in folded}
    projected: nx.MultiDiGraph = project(graph, verbs)
    return projected


@dataclass(frozen=True)
class Overview:
    """What the overview reads for the most mentioned entities, drawn for any smaller limit.

    Attributes:
        entities: the entities, most mentioned first.
        nodes: every node read (entities, and the events and claims joining them): label,
            kind, mentions.
        edges: (subject, local name, object) between the nodes.
        words: what names each event's or claim's folded edge.
    """

    entities: list[str]
    nodes: dict[str, dict[str, Any]]
    edges: list[tuple[str, str, str]]
    words: dict[str, dict[str, str]]


def read_overview(store: SelectStore, ranked: Sequence[dict[str, str]]) -> Overview:
    """The relations among the ``ranked`` entities, and the events and claims with two of
    them as participants (at most :data:`EVENTS_PER_PAIR` per pair)."""
    nodes: dict[str, dict[str, Any]] = {
        r["node"]: {"label": r["label"], "kind": r["kind"], "mentions": int(r["mentions"])}
        for r in ranked
    }
    entities = list(nodes)
    edges = _relations(store, entities) if entities else []
    events = _linking_events(store, entities) if len(entities) > 1 else []
    words: dict[str, dict[str, str]] = {}
    if events:
        role_edges, words = _parts(store, events)
        claims = {e for e, role, _ in role_edges if role in _CLAIM_ROLES}
        for e in events:
            kind = "Claim" if e in claims else "Event"
            nodes[e] = {"label": _verb(kind, words.get(e, {})), "kind": kind}
        edges += [(e, role, x) for e, role, x in role_edges if x in nodes]
    return Overview(entities, nodes, edges, words)


def draw_overview(overview: Overview, limit: int, projection: bool) -> nx.MultiDiGraph:
    """The ``limit`` most mentioned entities of ``overview`` and what joins them."""
    chosen = set(overview.entities[:limit])
    members: dict[str, set[str]] = defaultdict(set)
    for s, _, o in overview.edges:
        if overview.nodes[s]["kind"] in _FOLDED and o in chosen:
            members[s].add(o)
    joining = {e for e, xs in members.items() if len(xs) >= 2}
    nodes = {n: d for n, d in overview.nodes.items() if n in chosen or n in joining}
    return _draw(nodes, overview.edges, projection, overview.words)


def top_graph(
    store: SelectStore, ranked: Sequence[dict[str, str]], limit: int, projection: bool
) -> nx.MultiDiGraph:
    """The ``limit`` most mentioned entities (from :func:`ranking`) and what joins them."""
    return draw_overview(read_overview(store, ranked[:limit]), limit, projection)


def resolve(store: SelectStore, focus: str) -> str:
    """The node ``focus`` names: an IRI, a key (``organization/meta``) or a label (any case).

    Raises:
        InputError: nothing in the store matches.
    """
    text = focus.strip()
    candidates = [node_iri(text)] if safe_iri(node_iri(text)) else []
    for iri in candidates:
        if select(store, f"SELECT ?p WHERE {{ {sparql_iri(iri)} ?p ?o }} LIMIT 1"):
            return iri
    spellings = dict.fromkeys((text, text.title(), text.lower(), text.upper(), text.capitalize()))
    literals = " ".join(_literal(s) for s in spellings if s)
    rows = select(
        store,
        f"SELECT ?x (COUNT(?m) AS ?n) WHERE {{ VALUES ?name {{ {literals} }} ?x rdfs:label ?name "
        "OPTIONAL { ?x sg:hasMention ?m } } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    )
    if not rows:
        raise InputError(f"no node is named {focus!r}; search for it first (/search?q=…)")
    return rows[0]["x"]


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(13), chr(92) + "r")}"'


def focus_graph(
    store: SelectStore,
    focus: str,
    depth: int,
    limit: int,
    projection: bool,
    known: dict[str, int] | None = None,
) -> nx.MultiDiGraph:
    """The node ``focus`` and what lies within ``depth`` (1 or 2) steps of it, at most
    ``limit`` nodes besides the events and claims a projection folds away.

    In a projection a step goes through an event or claim (Meta —reassign→ engineers is one
    step), so each step also reads the participants of the events and claims it reached.

    ``known`` holds mention counts already read (the ranking's): the rest are counted.

    Raises:
        InputError: nothing matches ``focus``, or ``depth`` is not 1 or 2.
    """
    if depth not in (1, 2):
        raise InputError(f"depth must be 1 or 2, not {depth}")
    centre = resolve(store, focus)
    edges: set[tuple[str, str, str]] = set()
    facts = _facts(store, [centre])
    projection = projection and facts[centre]["kind"] not in _FOLDED  # else nothing is left
    words: dict[str, dict[str, str]] = {}
    frontier = [centre]

    def enough() -> bool:  # nodes to choose from (a projection's events do not count)
        drawn = sum(1 for f in facts.values() if not (projection and f["kind"] in _FOLDED))
        return drawn > limit

    for step in range(depth):
        reached: list[str] = []
        # the centre's edges as its page lists them; fewer of each neighbour's (a hub's
        # hundreds of events would crowd out every other neighbour, and take long to read)
        links = _FIRST_LINKS if step == 0 else _FURTHER_LINKS
        # a few nodes at a time, nearest first, until there are enough to choose from
        for start in range(0, len(frontier), _EXPAND_BATCH):
            if enough():
                break
            found: list[str] = []
            for node in frontier[start : start + _EXPAND_BATCH]:  # as its page reads them
                for prop, other, direction in node_links(store, node, links):
                    name = prop[len(NS) :]
                    if not prop.startswith(NS) or name not in _RELATION_NAMES:
                        continue
                    edges.add((node, name, other) if direction == "out" else (other, name, node))
                    if other not in facts and other not in found:
                        found.append(other)
            facts.update(_facts(store, found))
            reached += found
            if projection:  # through the events and claims reached, to their participants
                folded = [n for n in found if facts[n]["kind"] in _FOLDED]
                role_edges, more = _parts(store, folded)
                words.update(more)
                edges.update(role_edges)
                far = list(dict.fromkeys(x for _, _, x in role_edges if x not in facts))
                facts.update(_facts(store, far))
                reached += far
        frontier = [n for n in reached if not (projection and facts[n]["kind"] in _FOLDED)]
    keep = _closest(centre, edges, facts, limit, projection, depth)
    counts = dict(known or {})
    counts.update(
        _mention_counts(
            store, sorted(n for n in keep if n not in counts and facts[n]["kind"] not in _FOLDED)
        )
    )
    nodes = {n: {**facts[n], "mentions": counts.get(n, 0)} for n in keep}
    return _draw(nodes, edges, projection, words)


def _closest(
    centre: str,
    edges: set[tuple[str, str, str]],
    facts: dict[str, dict[str, str]],
    limit: int,
    projection: bool,
    depth: int,
) -> set[str]:
    """The nodes within ``depth`` steps of ``centre``, nearest first, at most ``limit``.

    In a projection an event or claim is no step of its own: reaching one costs a step and
    going on to its participants costs none (Meta —reassign→ engineers is one step), and
    events and claims are not counted in ``limit``.
    """
    neighbours: dict[str, set[str]] = defaultdict(set)
    for s, _, o in edges:
        neighbours[s].add(o)
        neighbours[o].add(s)

    def folded(node: str) -> bool:
        return projection and facts[node]["kind"] in _FOLDED

    distance = {centre: 0}
    queue: deque[str] = deque([centre])
    keep = {centre}
    counted = 1
    while queue:
        node = queue.popleft()
        for other in sorted(neighbours[node]):
            if other not in facts:
                continue
            step = distance[node] + (0 if folded(node) else 1)
            if step > depth or distance.get(other, depth + 1) <= step:
                continue
            distance[other] = step
            if folded(node):
                queue.appendleft(other)  # no further away than the event itself
            else:
                queue.append(other)
            if other in keep:
                continue
            if not folded(other):
                if counted >= limit:
                    continue
                counted += 1
            keep.add(other)
    return keep
