"""What a node's page reads: its class, names, merge provenance, mentions with evidence,
claims by and about it, the events it takes part in, its neighbours and merge suggestions."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from storygraph.rdf.vocab import NS, PREFIXES
from storygraph.serve.common import (
    CLASS_NAMES,
    article_url,
    best_class,
    entity_url,
    lookup,
    node_url,
    select,
    sparql_iri,
    values,
)
from storygraph.store import SelectStore

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MENTION_LIMIT", "entity", "neighbourhood_graph", "node_links"]

#: Neighbours drawn in an entity page's small graph.
GRAPH_NEIGHBOURS = 60
#: Mentions listed on a page; the page says how many more there are.
MENTION_LIMIT = 200
_LIST_LIMIT = 200
_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL = PREFIXES["rdfs"] + "label"
_ROLES = ("agent", "patient", "recipient", "instrument", "place")
#: Properties that are not shown as facts or neighbours (they have sections of their own).
_NOT_FACTS = {
    _RDF_TYPE,
    _LABEL,
    NS + "alias",
    NS + "hasMention",
    NS + "mentions",
    PREFIXES["owl"] + "sameAs",
}


def _local(term: str) -> str:
    for prefix, ns in PREFIXES.items():
        if term.startswith(ns):
            return f"{prefix}:{term[len(ns) :]}"
    return term


def entity(store: SelectStore, node: str) -> dict[str, Any] | None:
    """Everything the page shows about ``node``, or None when the store knows nothing of it."""
    n = sparql_iri(node)
    if n is None:
        return None
    out_rows, in_rows = _edges(store, n)
    if not out_rows and not in_rows:
        return None
    classes = [r["o"] for r in out_rows if r["p"] == _RDF_TYPE]
    labels = [r["o"] for r in out_rows if r["p"] == _LABEL]
    aliases = sorted({r["o"] for r in out_rows if r["p"] == NS + "alias"})
    kind = best_class(classes)
    facts = [
        {"property": _local(r["p"]), "value": r["o"]}
        for r in out_rows
        if r["p"] not in _NOT_FACTS and not r["o"].startswith(("http://", "https://"))
    ]
    links = _links(out_rows, in_rows)
    names = lookup(store, (other for _, other, _ in links), label="?x rdfs:label ?v")
    neighbours = [
        {
            "property": _local(prop),
            "node": other,
            "label": names.get(other, {}).get("label", _local(other)),
            "url": node_url(other),
            "direction": direction,
        }
        for prop, other, direction in links
    ]
    return {
        "node": node,
        "class": kind,
        "class_name": CLASS_NAMES.get(kind, kind or "Node"),
        "label": labels[0] if labels else _local(node),
        "aliases": aliases,
        "facts": facts,
        "same_as": _same_as(store, n),
        "mention_count": _mention_count(store, n),
        "mentions": _mentions(store, n),
        "claims_by": _claims(store, f"?claim sg:source {n}"),
        "claims_about": _claims(store, f"?claim sg:about {n}"),
        "events": _events(store, n),
        "neighbours": neighbours,
        "candidates": _candidates(store, n),
    }


def _edges(
    store: SelectStore, n: str, limit: int = _LIST_LIMIT
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The node's own statements (``p``, ``o``) and those about it (``s``, ``p``, at most
    ``limit``): two reads by the node, whatever the size of the store."""
    # its mentions have a section of their own (and can be thousands): not read here
    out_rows = select(
        store,
        f"SELECT ?p ?o WHERE {{ {n} ?p ?o FILTER (?p != sg:hasMention) }} LIMIT {_LIST_LIMIT * 5}",
    )
    in_rows = select(
        store,
        f"SELECT ?s ?p WHERE {{ ?s ?p {n} "
        f"FILTER (?p NOT IN (sg:mergeCandidate, sg:linkFrom, sg:linkTo, owl:sameAs)) }} "
        f"LIMIT {limit}",
    )
    return out_rows, in_rows


def _links(
    out_rows: list[dict[str, str]], in_rows: list[dict[str, str]]
) -> list[tuple[str, str, str]]:
    """(property, other node, ``out`` or ``in``) for each edge to another node."""
    links = [
        (r["p"], r["o"], "out")
        for r in out_rows
        if r["p"] not in _NOT_FACTS and r["o"].startswith(("http://", "https://"))
    ]
    return links + [(r["p"], r["s"], "in") for r in in_rows]


def node_links(
    store: SelectStore, node: str, limit: int = _LIST_LIMIT
) -> list[tuple[str, str, str]]:
    """The node's edges to other nodes as its page lists them: (property IRI, other node,
    ``out`` or ``in``), at most ``limit`` in (the graph page reads these)."""
    n = sparql_iri(node)
    if n is None:
        return []
    return _links(*_edges(store, n, limit))


def _same_as(store: SelectStore, n: str) -> list[dict[str, str]]:
    """The nodes merged with this one, each with the rule and reason that merged them."""
    others = [
        r["other"]
        for r in select(
            store, f"SELECT DISTINCT ?other WHERE {{ {n} owl:sameAs ?other }} LIMIT {_LIST_LIMIT}"
        )
    ]
    if not others:
        return []
    why = select(
        store,
        f"SELECT ?other ?rule ?reason ?score WHERE {{ {values('other', others)} "
        f"{{ ?link sg:linkFrom {n} ; sg:linkTo ?other }} UNION {{ ?link sg:linkFrom ?other ; sg:linkTo {n} }} "
        "?link a sg:StoryLink ; sg:rule ?rule "
        "OPTIONAL { ?link rdfs:label ?reason } OPTIONAL { ?link sg:score ?score } }",
    )
    reasons = {r["other"]: r for r in why}
    names = lookup(store, others, label="?x rdfs:label ?v")
    return [
        {
            "other": other,
            "label": names[other].get("label", ""),
            "rule": reasons.get(other, {}).get("rule", ""),
            "reason": reasons.get(other, {}).get("reason", ""),
            "score": reasons.get(other, {}).get("score", ""),
            "url": entity_url(other),
        }
        for other in sorted(others)
    ]


def _mention_count(store: SelectStore, n: str) -> int:
    rows = select(store, f"SELECT (COUNT(?m) AS ?n) WHERE {{ {n} sg:hasMention ?m }}")
    return int(rows[0]["n"]) if rows else 0


def _articles(store: SelectStore, articles: Any) -> dict[str, dict[str, str]]:
    return lookup(
        store,
        articles,
        name="?x rdfs:label ?v",
        headline="?x schema:headline ?v",
        published="?x schema:datePublished ?v",
        outlet="?x schema:publisher/schema:name ?v",
    )


def _mentions(store: SelectStore, n: str) -> list[dict[str, str]]:
    """The node's mentions, each with its evidence sentence and article, in story order."""
    rows = select(
        store,
        f"SELECT ?m ?article ?begin WHERE {{ {n} sg:hasMention ?m . "
        "?m sg:inArticle ?article ; sg:beginIndex ?begin }",
    )
    articles = _articles(store, {r["article"] for r in rows})
    rows.sort(
        key=lambda r: (articles[r["article"]].get("published", ""), r["article"], int(r["begin"]))
    )
    rows = rows[:MENTION_LIMIT]
    texts = lookup(
        store, (r["m"] for r in rows), anchor="?x sg:anchorOf ?v", sentence="?x sg:sentence ?v"
    )
    for r in rows:
        a = articles[r["article"]]
        r.update(texts[r["m"]])
        r.setdefault("anchor", "")
        for key in ("published", "outlet"):
            if key in a:
                r[key] = a[key]
        r["article_url"] = article_url(r["article"]) + f"#m{r['begin']}"
        r["article_title"] = a.get("headline") or a.get("name") or r["article"]
    return rows


def _claims(store: SelectStore, pattern: str) -> list[dict[str, str]]:
    found = [
        r["claim"]
        for r in select(
            store,
            f"SELECT DISTINCT ?claim WHERE {{ {pattern} . ?claim a sg:Claim }} LIMIT {_LIST_LIMIT}",
        )
    ]
    facts = lookup(
        store,
        found,
        content="?x sg:content ?v",
        stance="?x sg:stance ?v",
        source="?x sg:source/rdfs:label ?v",
        article="?x sg:cue/sg:inArticle ?v",
        sentence="?x sg:cue/sg:sentence ?v",
    )
    rows = []
    for claim in found:
        r = {"claim": claim, **facts[claim], "url": entity_url(claim)}
        if "article" in r:
            r["article_url"] = article_url(r["article"])
        rows.append(r)
    rows.sort(key=lambda r: (r.get("article", ""), r["claim"]))
    return rows


def _events(store: SelectStore, n: str) -> list[dict[str, str]]:
    roles = " ".join(f"sg:{r}" for r in _ROLES)
    rows = select(
        store,
        f"SELECT ?event ?roleIri WHERE {{ ?event ?roleIri {n} VALUES ?roleIri {{ {roles} }} "
        f"?event a sg:Event }} LIMIT {_LIST_LIMIT}",
    )
    roles_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        roles_of[r["event"]].add(r["roleIri"].rsplit("#", 1)[-1])
    facts = lookup(
        store,
        roles_of,
        label="?x rdfs:label ?v",
        modality="?x sg:modality ?v",
        polarity="?x sg:polarity ?v",
        when="?x sg:time/rdfs:label ?v",
        start="?x sg:time/sg:intervalStart ?v",
    )
    out = [
        {"event": e, **facts[e], "role": ", ".join(sorted(roles_of[e])), "url": entity_url(e)}
        for e in roles_of
    ]
    out.sort(key=lambda r: (r.get("start") is None, r.get("start", ""), r["event"]))
    return out


def _candidates(store: SelectStore, n: str) -> list[dict[str, str]]:
    """Merge suggestions naming this node: the other node, the reason and the score."""
    rows = select(
        store,
        "SELECT ?candidate ?other WHERE { "
        f"?candidate sg:mergeCandidate {n} . ?candidate a sg:MergeCandidate ; sg:mergeCandidate ?other "
        f"FILTER (?other != {n}) }} LIMIT {_LIST_LIMIT}",
    )
    facts = lookup(
        store,
        (r["candidate"] for r in rows),
        reason="?x rdfs:label ?v",
        score="?x sg:score ?v",
        rule="?x sg:rule ?v",
    )
    names = lookup(store, (r["other"] for r in rows), label="?x rdfs:label ?v")
    out = [
        {**r, **facts[r["candidate"]], **names[r["other"]], "url": entity_url(r["other"])}
        for r in rows
    ]
    out.sort(key=lambda r: (-float(r.get("score") or 0), r["other"]))
    return out


def neighbourhood_graph(store: SelectStore, node: str) -> nx.MultiDiGraph | None:
    """The node and its direct neighbours as a graph the viewer draws (the entity page's
    small graph): read from the node's own edges, so it costs the same in any store, where
    :func:`~storygraph.export.to_networkx` reads the whole store first."""
    import networkx as nx  # lazy, as in export: only a drawn graph needs it

    data = entity(store, node)
    if data is None:
        return None
    links = data["neighbours"][:GRAPH_NEIGHBOURS]
    others = {n["node"] for n in links}
    classes: dict[str, list[str]] = defaultdict(list)
    if others:
        for r in select(store, f"SELECT ?x ?c WHERE {{ {values('x', others)} ?x a ?c }}"):
            classes[r["x"]].append(r["c"])
    graph = nx.MultiDiGraph()
    graph.add_node(node, label=data["label"], kind=data["class"], mentions=data["mention_count"])
    for other in others:
        label = next(n["label"] for n in links if n["node"] == other)
        graph.add_node(other, label=label, kind=best_class(classes.get(other, [])))
    for n in links:
        name = n["property"].split(":", 1)[-1]
        u, v = (node, n["node"]) if n["direction"] == "out" else (n["node"], node)
        graph.add_edge(u, v, key=name, label=name, predicate=n["property"])
    return graph
