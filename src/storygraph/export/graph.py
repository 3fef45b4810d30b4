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
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Literal, URIRef
from rdflib.term import Node

from storygraph.errors import InputError
from storygraph.rdf.vocab import ID, NS, SG

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ENTITY_KINDS",
    "NODE_KINDS",
    "RELATIONS",
    "SelectStore",
    "to_networkx",
]


class SelectStore(Protocol):
    """What the exporters need from a store: SPARQL SELECT over the union of its graphs."""

    def select(self, sparql: str) -> list[dict[str, Node]]:
        """Run a SELECT query and return one dict per row; unbound variables are absent."""
        ...


#: Entity classes, the nodes a projection keeps.
ENTITY_KINDS: tuple[str, ...] = (
    "OrganizationalUnit",
    "Organization",
    "Person",
    "Group",
    "AnonymousSource",
    "Place",
    "Product",
    "Document",
    "FinancialEntity",
)

#: Every class a node can have, most specific first: a node typed with two of them gets the
#: first (an ``OrganizationalUnit`` is also an ``Organization``).
NODE_KINDS: tuple[str, ...] = (
    *ENTITY_KINDS,
    "Event",
    "Claim",
    "Quantity",
    "TimeExpression",
    "OpenQuestion",
)

#: Node-to-node predicates exported as edges.
RELATIONS: tuple[str, ...] = (
    "partOf",
    "memberOf",
    "issuedBy",
    "sentTo",
    "obtainedBy",
    "sentOn",
    "competitorOf",
    "agent",
    "patient",
    "recipient",
    "instrument",
    "place",
    "time",
    "quantity",
    "source",
    "about",
    "reportedTo",
    "attributedVia",
    "withheldBy",
    "measures",
    "anchorTime",
    "candidateSameEvent",
)

_LITERALS: tuple[str, ...] = (
    "timexValue",
    "intervalStart",
    "action",
    "polarity",
    "modality",
    "content",
    "stance",
    "cueLemma",
    "size",
    "questionText",
    "numericValue",
    "unit",
    "countedThing",
    "description",
)

_MENTION_PROPERTIES = ("hasMention", "trigger", "cue", "contentMention")
_MAX_MENTION_TEXTS = 20
_EVENT_ROLES = ("patient", "recipient", "instrument", "place")
_ROLE_WORDS = {"patient": "", "recipient": " to", "instrument": " via", "place": " in"}
_SLUG = re.compile(r"^[A-Za-z0-9._~-]+$")

_PREFIXES = f"""PREFIX sg: <{NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""


@dataclass
class _Mention:
    sort_key: tuple[str, str, int, str]
    article: str
    anchor: str
    sentence: str


@dataclass
class _Node:
    iri: str
    kind: str
    label: str
    literals: dict[str, list[str]] = field(default_factory=dict)
    mentions: list[_Mention] = field(default_factory=list)

    def value(self, name: str) -> str:
        values = self.literals.get(name)
        return values[0] if values else ""


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _words(name: str) -> str:
    """``reportedTo`` → ``reported to``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)


def _iso_date(term: Node | None) -> str:
    """The ``YYYY-MM-DD`` part of an xsd:date or xsd:dateTime literal, else ``""``."""
    if not isinstance(term, Literal):
        return ""
    text = str(term)[:10]
    try:
        date.fromisoformat(text)
    except ValueError:
        return ""
    return text


def _values(var: str, names: Iterable[str]) -> str:
    """``VALUES ?var { … }`` of ontology terms; a term missing from the vocabulary fails."""
    return f"VALUES ?{var} {{ {' '.join(f'<{SG[n]}>' for n in names)} }}"


def _article_iri(store: SelectStore, article: str) -> str:
    """Resolve an article IRI or slug to the IRI of an article in the store."""
    if "://" in article or article.startswith("urn:"):
        candidate = article
    elif _SLUG.match(article):
        candidate = str(ID[f"article/{article}"])
    else:
        raise InputError(f"not an article IRI or slug: {article!r}")
    if "<" in candidate or ">" in candidate or " " in candidate:
        raise InputError(f"not an article IRI or slug: {article!r}")
    found = store.select(
        f"{_PREFIXES}SELECT ?a WHERE {{ VALUES ?a {{ <{candidate}> }} ?a a sg:Article }} LIMIT 1"
    )
    if not found:
        raise InputError(f"no article matches {article!r}; try `storygraph query --named articles`")
    return candidate


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


class _Reader:
    """The rows of the five queries, grouped by node."""

    def __init__(self, store: SelectStore, article: str | None) -> None:
        self.store = store
        self.article = article
        self.dates: dict[str, str] = {}
        self.nodes: dict[str, _Node] = {}
        self.edges: set[tuple[str, str, str]] = set()

    def read(self) -> None:
        self._read_articles()
        self._read_nodes()
        self._read_literals()
        self._read_edges()
        self._read_mentions()

    def _read_articles(self) -> None:
        scope = f"VALUES ?a {{ <{self.article}> }}" if self.article else ""
        rows = self.store.select(
            f"""{_PREFIXES}SELECT DISTINCT ?a ?date WHERE {{
  {scope}
  ?a a sg:Article .
  OPTIONAL {{ ?a schema:datePublished ?date }}
}}"""
        )
        for row in rows:
            iri = _text(row.get("a"))
            day = _iso_date(row.get("date"))
            if iri not in self.dates or (day and (not self.dates[iri] or day < self.dates[iri])):
                self.dates[iri] = day

    def _read_nodes(self) -> None:
        scope = ""
        if self.article:
            # the article's few mentions first: engines join in the order written
            scope = (
                f"{{ SELECT DISTINCT ?n WHERE {{ ?m sg:inArticle <{self.article}> . ?n ?mp ?m . "
                f"{_values('mp', _MENTION_PROPERTIES)} }} }}"
            )
        rows = self.store.select(
            f"""{_PREFIXES}SELECT DISTINCT ?n ?type ?label WHERE {{
  {scope}
  {_values("type", NODE_KINDS)}
  ?n a ?type .
  OPTIONAL {{ ?n rdfs:label ?label }}
}}"""
        )
        rank = {f"{NS}{k}": i for i, k in enumerate(NODE_KINDS)}
        best: dict[str, tuple[int, str]] = {}
        labels: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            n = row.get("n")
            if not isinstance(n, URIRef):
                continue
            iri = str(n)
            r = rank[str(row["type"])]
            if iri not in best or r < best[iri][0]:
                best[iri] = (r, NODE_KINDS[r])
            if "label" in row:
                labels[iri].add(str(row["label"]))
        for iri, (_, kind) in best.items():
            names = labels.get(iri)
            # several labels (one per article that spells it differently): the shortest wins
            label = min(names, key=lambda s: (len(s), s)) if names else _local(iri)
            self.nodes[iri] = _Node(iri, kind, label)

    def _read_literals(self) -> None:
        rows = self.store.select(
            f"""{_PREFIXES}SELECT DISTINCT ?n ?p ?v WHERE {{
  {_values("p", _LITERALS)}
  ?n ?p ?v .
  FILTER(isLiteral(?v))
}}"""
        )
        found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in rows:
            iri = _text(row.get("n"))
            if iri in self.nodes:
                found[iri][_local(str(row["p"]))].add(str(row["v"]))
        for iri, props in found.items():
            self.nodes[iri].literals = {p: sorted(v) for p, v in props.items()}

    def _read_edges(self) -> None:
        pattern = "?s ?p ?o FILTER(isIRI(?o))"
        if self.article:
            pattern = f"GRAPH <{self.article}> {{ {pattern} }}"
        rows = self.store.select(
            f"""{_PREFIXES}SELECT DISTINCT ?s ?p ?o WHERE {{
  {_values("p", RELATIONS)}
  {pattern}
}}"""
        )
        for row in rows:
            s, o = _text(row.get("s")), _text(row.get("o"))
            if s in self.nodes and o in self.nodes:
                self.edges.add((s, _local(str(row["p"])), o))

    def _read_mentions(self) -> None:
        scope = f"VALUES ?a {{ <{self.article}> }}" if self.article else ""
        rows = self.store.select(
            f"""{_PREFIXES}SELECT DISTINCT ?n ?m ?a ?b ?anchor ?sentence WHERE {{
  {scope}
  ?m sg:inArticle ?a .
  {_values("mp", _MENTION_PROPERTIES)}
  ?n ?mp ?m .
  OPTIONAL {{ ?m sg:beginIndex ?b }}
  OPTIONAL {{ ?m sg:anchorOf ?anchor }}
  OPTIONAL {{ ?m sg:sentence ?sentence }}
}}"""
        )
        seen: set[tuple[str, str]] = set()
        for row in rows:
            iri, mention = _text(row.get("n")), _text(row.get("m"))
            node = self.nodes.get(iri)
            if node is None or (iri, mention) in seen:
                continue
            seen.add((iri, mention))
            article = _text(row.get("a"))
            try:
                begin = int(_text(row.get("b")) or 0)
            except ValueError:
                begin = 0
            day = self.dates.get(article, "")
            # undated articles sort after dated ones
            node.mentions.append(
                _Mention(
                    sort_key=(day or "9999-99-99", article, begin, mention),
                    article=article,
                    anchor=_text(row.get("anchor")),
                    sentence=_text(row.get("sentence")),
                )
            )
        for node in self.nodes.values():
            node.mentions.sort(key=lambda m: m.sort_key)


def _node_attrs(
    node: _Node, reader: _Reader, out: Mapping[str, list[tuple[str, str]]]
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


def _detail(node: _Node) -> str:
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


def _event_day(node: _Node, reader: _Reader, out: Mapping[str, list[tuple[str, str]]]) -> str:
    starts = sorted(
        v
        for p, t in out.get(node.iri, [])
        if p == "time" and (v := reader.nodes[t].value("intervalStart"))
    )
    return starts[0][:10] if starts else ""


def _edge_evidence(s: _Node, o: _Node, sentences: Mapping[str, set[tuple[str, str]]]) -> str:
    """The first sentence of ``s`` that also mentions ``o``, else the first sentence of ``s``."""
    theirs = sentences.get(o.iri, set())
    for m in s.mentions:
        if (m.article, m.sentence) in theirs and m.sentence:
            return m.sentence
    return s.mentions[0].sentence if s.mentions else ""


def _project(graph: nx.MultiDiGraph, verbs: Mapping[str, str]) -> nx.MultiDiGraph:
    """Keep entities only; fold events and claims into labelled entity–entity edges.

    An event links its agents (else its patients) to its other participants with its action
    (``reassign``, ``reassign to``, ``tell via``); a claim links its sources to what it is about
    and to whom it was reported with its cue (``confirm``, ``confirm to``).
    """
    import networkx as nx

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


def _verb(node: _Node) -> str:
    """The word a projected edge uses for an event (its action) or a claim (its cue)."""
    if node.kind == "Event":
        verb = node.value("action") or "event"
        return f"not {verb}" if node.value("polarity") == "negative" else verb
    return node.value("cueLemma") or node.value("stance") or "claim"


def _focus(graph: nx.MultiDiGraph, focus: str, depth: int, matched: set[str]) -> set[str]:
    import networkx as nx

    seeds = matched & set(graph.nodes)
    if not seeds:
        raise InputError(f"node {focus!r} is excluded by the other filters")
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for seed in seeds:
        keep.update(nx.single_source_shortest_path_length(undirected, seed, cutoff=depth))
    return keep


def _match(graph: nx.MultiDiGraph, focus: str) -> set[str]:
    if focus in graph:
        return {focus}
    wanted = focus.strip().casefold()
    matched = {n for n, label in graph.nodes(data="label") if label.casefold() == wanted}
    if not matched:
        raise InputError(f"no node matches {focus!r}; try `storygraph query --named entities`")
    return matched


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
    import networkx as nx

    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    since_day = _parse_day(since, "since")
    until_day = _parse_day(until, "until")
    kinds = _kinds(classes)
    article_iri = _article_iri(store, article) if article else None

    reader = _Reader(store, article_iri)
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

    matched = _match(graph, focus) if focus is not None else set()

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
        verbs = {iri: _verb(n) for iri, n in reader.nodes.items() if n.kind in ("Event", "Claim")}
        graph = _project(graph, verbs)
    if kinds is not None:
        graph = graph.subgraph(sorted(n for n, k in graph.nodes(data="kind") if k in kinds)).copy()
    if focus is not None:
        graph = graph.subgraph(sorted(_focus(graph, focus, depth, matched))).copy()
    return _finish(graph, reader, projection)


def _finish(graph: nx.MultiDiGraph, reader: _Reader, projection: bool) -> nx.MultiDiGraph:
    """A copy with sorted nodes and edges and the graph-level attributes."""
    import networkx as nx

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
