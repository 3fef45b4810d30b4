"""What the home page, the search and the claims page read from the store.

Each function returns plain data (dicts of strings and numbers, lists of them): the page
renders it, and ``?format=json`` returns it as it is.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from storygraph.rdf.terms import escape_string
from storygraph.serve.common import (
    ENTITY_CLASSES,
    article_url,
    best_class,
    entity_url,
    lookup,
    select,
    values,
)
from storygraph.store import SelectStore

__all__ = ["CLAIM_LINKS", "claims", "home", "search"]

#: The claim links the story layer writes, each with how the page names it.
CLAIM_LINKS = {
    "corroborates": "corroborates",
    "contradicts": "contradicts",
    "repeats": "repeats",
}
_REVERSE = {
    "corroborates": "corroborated by",
    "contradicts": "contradicted by",
    "repeats": "repeated by",
}
# The latest articles whose claims the home page lists.
_RECENT_ARTICLES = 5
_ENTITY_VALUES = " ".join(f"sg:{c}" for c in ENTITY_CLASSES)


def _count(store: SelectStore, pattern: str) -> int:
    rows = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(rows[0]["n"]) if rows else 0


def home(store: SelectStore, limit: int = 20) -> dict[str, Any]:
    """The store at a glance: counts, stories, articles, top entities, latest claims and open
    questions."""
    counts = {
        "articles": _count(store, "?a a sg:Article"),
        "entities": _count(store, f"?e a ?c VALUES ?c {{ {_ENTITY_VALUES} }}"),
        "events": _count(store, "?e a sg:Event"),
        "claims": _count(store, "?c a sg:Claim"),
        "open_questions": _count(store, "?q a sg:OpenQuestion"),
        "claim_links": _count(
            store, "?a ?p ?b VALUES ?p { sg:corroborates sg:contradicts sg:repeats }"
        ),
        "same_as": _count(store, "?a owl:sameAs ?b"),
    }
    latest = select(
        store,
        "SELECT ?article ?published WHERE { ?article a sg:Article "
        "OPTIONAL { ?article schema:datePublished ?published } } "
        f"ORDER BY DESC(?published) ?article LIMIT {limit}",
    )
    names = lookup(
        store,
        (a["article"] for a in latest),
        name="?x rdfs:label ?v",
        headline="?x schema:headline ?v",
        outlet="?x schema:publisher/schema:name ?v",
    )
    articles = [{**a, **names[a["article"]]} for a in latest]
    for a in articles:
        a["url"] = article_url(a["article"])
        a["title"] = a.get("headline") or a.get("name") or a["article"]
    entities = select(
        store,
        "SELECT ?entity ?label ?class (COUNT(?m) AS ?mentions) WHERE { "
        f"?entity a ?class ; rdfs:label ?label ; sg:hasMention ?m VALUES ?class {{ {_ENTITY_VALUES} }} "
        f"}} GROUP BY ?entity ?label ?class ORDER BY DESC(?mentions) ?label LIMIT {limit}",
    )
    seen: dict[str, dict[str, str]] = {}
    for e in entities:
        if e["entity"] in seen:  # a unit is an organisation too: keep the specific class
            kept = seen[e["entity"]]
            kept["class"] = best_class([kept["class"], e["class"]])
            continue
        seen[e["entity"]] = e
        e["url"] = entity_url(e["entity"])
    top = list(seen.values())
    for e in top:
        e["class"] = best_class([e["class"]])
    recent = [a["article"] for a in latest[:_RECENT_ARTICLES]]
    found = (
        select(
            store,
            f"SELECT ?claim ?article ?begin WHERE {{ {values('article', recent)} GRAPH ?article {{ "
            "?claim sg:cue ?cm . ?cm sg:inArticle ?article ; sg:beginIndex ?begin } }",
        )
        if recent
        else []
    )
    order = {a: i for i, a in enumerate(recent)}
    found.sort(key=lambda r: (order[r["article"]], int(r["begin"])))
    found = found[:limit]
    facts = lookup(
        store,
        (r["claim"] for r in found),
        content="?x sg:content ?v",
        stance="?x sg:stance ?v",
        source="?x sg:source/rdfs:label ?v",
    )
    published = {a["article"]: a.get("published", "") for a in latest}
    latest_claims = [
        {**r, **facts[r["claim"]], "published": published.get(r["article"], "")} for r in found
    ]
    for c in latest_claims:
        c["url"] = entity_url(c["claim"])
        c["article_url"] = article_url(c["article"])
    questions = select(
        store,
        "SELECT ?question ?text ?article ?published WHERE { "
        "?question a sg:OpenQuestion ; sg:questionText ?text ; sg:hasMention/sg:inArticle ?article "
        "OPTIONAL { ?article schema:datePublished ?published } } "
        f"ORDER BY DESC(?published) ?question LIMIT {limit}",
    )
    for q in questions:
        q["url"] = entity_url(q["question"])
        q["article_url"] = article_url(q["article"])
    stories = select(
        store,
        "SELECT ?story ?label (COUNT(?article) AS ?articles) WHERE { ?story a sg:Story ; "
        "sg:hasArticle ?article OPTIONAL { ?story rdfs:label ?label } } "
        f"GROUP BY ?story ?label ORDER BY DESC(?articles) ?story LIMIT {limit}",
    )
    for story in stories:
        story["url"] = entity_url(story["story"])
    return {
        "counts": counts,
        "stories": stories,
        "articles": articles,
        "entities": top,
        "claims": latest_claims,
        "questions": questions,
    }


def _rank(text: str, q: str) -> int:
    """3 for the whole text, 2 for its start, 1 for the start of a word, 0 inside a word."""
    folded = text.lower()
    if folded == q:
        return 3
    if folded.startswith(q):
        return 2
    at = folded.find(q)
    while at > 0:
        if not folded[at - 1].isalnum():
            return 1
        at = folded.find(q, at + 1)
    return 0


def search(store: SelectStore, query: str, limit: int = 50) -> dict[str, Any]:
    """Entities by name or alias, then claims by their text; best first.

    Names rank by how well they match (the whole name, its start, a word's start, anywhere)
    and then by how often the story mentions them; claims by how well they match.
    """
    q = " ".join(query.split()).lower()
    if not q:
        return {"query": query, "results": []}
    needle = escape_string(q)
    names = select(
        store,
        "SELECT ?node ?label ?name ?class WHERE { "
        f"{{ ?node rdfs:label ?name }} UNION {{ ?node sg:alias ?name }} "
        f'FILTER (CONTAINS(LCASE(STR(?name)), "{needle}")) '
        f"?node a ?class ; rdfs:label ?label VALUES ?class {{ {_ENTITY_VALUES} }} }} "
        f"LIMIT {limit * 20}",
    )
    found: dict[str, dict[str, Any]] = {}
    for row in names:
        hit = found.setdefault(
            row["node"],
            {
                "kind": "entity",
                "node": row["node"],
                "label": row["label"],
                "classes": set(),
                "matched": row["name"],
                "rank": -1,
                "mentions": 0,
            },
        )
        hit["classes"].add(row["class"])
        rank = _rank(row["name"], q)
        if rank > hit["rank"]:
            hit["rank"], hit["matched"] = rank, row["name"]
    best = sorted(found.values(), key=lambda h: (-h["rank"], h["label"].lower()))[: limit * 2]
    if best:
        counts = select(
            store,
            "SELECT ?node (COUNT(?m) AS ?n) WHERE { "
            f"{values('node', [h['node'] for h in best])} ?node sg:hasMention ?m }} GROUP BY ?node",
        )
        by_node = {r["node"]: int(r["n"]) for r in counts}
        for h in best:
            h["mentions"] = by_node.get(h["node"], 0)
    best.sort(key=lambda h: (-h["rank"], -h["mentions"], h["label"].lower()))
    results: list[dict[str, Any]] = []
    for h in best[:limit]:
        h["class"] = best_class(h.pop("classes"))
        h["url"] = entity_url(h["node"])
        results.append(h)
    claim_rows = select(
        store,
        "SELECT ?node ?content ?source WHERE { ?node a sg:Claim ; sg:content ?content "
        f'FILTER (CONTAINS(LCASE(STR(?content)), "{needle}")) '
        f"OPTIONAL {{ ?node sg:source/rdfs:label ?source }} }} LIMIT {limit}",
    )
    claims_found: list[dict[str, Any]] = [
        {
            "kind": "claim",
            "node": r["node"],
            "label": r["content"],
            "class": "Claim",
            "matched": r["content"],
            "source": r.get("source", ""),
            "rank": _rank(r["content"], q),
            "mentions": 0,
            "url": entity_url(r["node"]),
        }
        for r in claim_rows
    ]
    claims_found.sort(key=lambda h: (-h["rank"], h["label"].lower()))
    return {"query": query, "results": results + claims_found}


def claims(store: SelectStore, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Claims in article order, each with the claims that corroborate, contradict or repeat
    it (the story layer's links, when ``storygraph link`` has made them)."""
    core = select(
        store,
        "SELECT ?claim ?article ?begin WHERE { ?claim sg:cue ?cm . ?cm sg:inArticle ?article ; "
        "sg:beginIndex ?begin }",
    )
    published = lookup(store, {r["article"] for r in core}, published="?x schema:datePublished ?v")
    core.sort(
        key=lambda r: (
            published[r["article"]].get("published", ""),
            r["article"],
            int(r["begin"]),
            r["claim"],
        )
    )
    chosen = core[offset : offset + limit]
    facts = lookup(
        store,
        (r["claim"] for r in chosen),
        content="?x sg:content ?v",
        stance="?x sg:stance ?v",
        cue="?x sg:cueLemma ?v",
        source="?x sg:source/rdfs:label ?v",
        sentence="?x sg:cue/sg:sentence ?v",
    )
    rows = [{**r, **facts[r["claim"]], **published[r["article"]]} for r in chosen]
    for r in rows:
        r.setdefault("content", "")
    links: dict[str, list[dict[str, str]]] = defaultdict(list)
    if rows:
        link_rows = select(
            store,
            "SELECT ?claim ?p ?dir ?other ?content ?source ?article WHERE { "
            f"{values('claim', [r['claim'] for r in rows])} "
            "VALUES ?p { sg:corroborates sg:contradicts sg:repeats } "
            '{ ?claim ?p ?other BIND ("to" AS ?dir) } UNION '
            '{ ?other ?p ?claim BIND ("from" AS ?dir) } '
            "?other sg:content ?content . OPTIONAL { ?other sg:source/rdfs:label ?source } "
            "OPTIONAL { ?other sg:cue/sg:inArticle ?article } }",
        )
        # the story layer writes a link both ways: one line per pair, named from this claim
        pairs: dict[tuple[str, str, str], dict[str, str]] = {}
        for r in sorted(link_rows, key=lambda r: r["dir"] != "to"):
            pairs.setdefault((r["claim"], r["other"], r["p"]), r)
        for r in pairs.values():
            name = r["p"].rsplit("#", 1)[-1]
            r["relation"] = CLAIM_LINKS[name] if r["dir"] == "to" else _REVERSE[name]
            r["url"] = entity_url(r["other"])
            if "article" in r:
                r["article_url"] = article_url(r["article"])
            links[r["claim"]].append(r)
    out: list[dict[str, Any]] = []
    for r in rows:
        item: dict[str, Any] = dict(r)
        item["url"] = entity_url(r["claim"])
        item["article_url"] = article_url(r["article"])
        item["links"] = sorted(links.get(r["claim"], []), key=lambda x: (x["relation"], x["other"]))
        out.append(item)
    rows_out = out
    linked = sum(1 for r in rows_out if r["links"])
    return {"claims": rows_out, "linked": linked, "limit": limit, "offset": offset}
