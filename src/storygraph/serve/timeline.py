"""The timeline page: dated events on a time axis, one row per outlet, each linked to its
evidence; an event whose dates disagree (two times that cannot both hold, or a same-event
link to an event dated elsewhere) is marked as a conflict."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from storygraph.serve.common import article_url, entity_url, lookup, select, sparql_iri, values
from storygraph.store import SelectStore

__all__ = ["TIMELINE_LIMIT", "timeline"]

#: Dated events drawn at most (those of the latest articles).
TIMELINE_LIMIT = 300
# Dated events an article holds, about (to choose how many of the latest articles to read).
_EVENTS_PER_ARTICLE = 4
_ROLES = "sg:agent sg:patient sg:recipient sg:instrument sg:place"


def _overlap(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return not (a[1] < b[0] or b[1] < a[0])


def _latest_articles(store: SelectStore, count: int) -> list[str]:
    rows = select(
        store,
        "SELECT ?a WHERE { ?a a sg:Article OPTIONAL { ?a schema:datePublished ?published } } "
        f"ORDER BY DESC(?published) ?a LIMIT {count}",
    )
    return [r["a"] for r in rows]


def _dated(
    store: SelectStore, entity: str | None, articles: list[str], limit: int
) -> tuple[list[dict[str, str]], int]:
    """The (event, time) pairs with an interval, and how many events in scope have none."""
    core = "?event sg:time ?time ; sg:trigger ?tm . ?time sg:intervalStart ?start ; sg:intervalEnd ?end"
    if entity is not None:
        role = f"?event ?role {entity} VALUES ?role {{ {_ROLES} }}"
        rows = select(
            store,
            f"SELECT DISTINCT ?event ?time ?start ?end ?tm WHERE {{ {role} . {core} }} LIMIT {limit * 2}",
        )
        total = select(
            store, f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {role} . ?event a sg:Event }}"
        )
    else:
        scope = values("a", articles)
        rows = select(
            store, f"SELECT ?event ?time ?start ?end ?tm WHERE {{ {scope} GRAPH ?a {{ {core} }} }}"
        )
        total = select(
            store,
            f"SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{ {scope} GRAPH ?a {{ ?event a sg:Event }} }}",
        )
    dated = len({r["event"] for r in rows})
    return rows, max(0, (int(total[0]["n"]) if total else 0) - dated)


def timeline(
    store: SelectStore,
    *,
    entity: str | None = None,
    article: str | None = None,
    limit: int = TIMELINE_LIMIT,
) -> dict[str, Any]:
    """Dated events: those one entity takes part in, those of one article, or by default
    those of the latest articles (as many articles as give about ``limit`` events).

    Returns:
        ``events`` (one per event and time, sorted by start), ``undated`` (how many events
        in scope have no date), the ``groups`` (outlets, or articles when no outlet is known)
        and ``conflicts``.
    """
    e = sparql_iri(entity) if entity is not None else None
    if article is not None:
        articles = [article] if sparql_iri(article) else []
    else:
        articles = _latest_articles(store, max(1, limit // _EVENTS_PER_ARTICLE))
    rows, undated = _dated(store, e, articles, limit)
    rows.sort(key=lambda r: (r["start"], r["end"], r["event"]))
    rows = rows[:limit]
    events = lookup(
        store,
        (r["event"] for r in rows),
        label="?x rdfs:label ?v",
        modality="?x sg:modality ?v",
        polarity="?x sg:polarity ?v",
    )
    times = lookup(
        store, (r["time"] for r in rows), when="?x rdfs:label ?v", value="?x sg:timexValue ?v"
    )
    triggers = lookup(
        store,
        (r["tm"] for r in rows),
        article="?x sg:inArticle ?v",
        begin="?x sg:beginIndex ?v",
        sentence="?x sg:sentence ?v",
    )
    sources = lookup(
        store,
        (t.get("article", "") for t in triggers.values()),
        name="?x rdfs:label ?v",
        headline="?x schema:headline ?v",
        outlet="?x schema:publisher/schema:name ?v",
        published="?x schema:datePublished ?v",
    )
    intervals: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        intervals[r["event"]].append((r["start"][:10], r["end"][:10]))
    conflicts = _conflicts(store, intervals)
    groups: dict[str, str] = {}
    items = []
    for i, r in enumerate(rows):
        trigger = triggers.get(r["tm"], {})
        where = trigger.get("article", "")
        source = sources.get(where, {})
        outlet = source.get("outlet") or source.get("name") or where
        groups.setdefault(outlet, f"g{len(groups)}")
        event, time = events.get(r["event"], {}), times.get(r["time"], {})
        items.append(
            {
                "id": f"i{i}",
                "event": r["event"],
                "label": event.get("label", ""),
                "when": time.get("when", ""),
                "value": time.get("value", ""),
                "start": r["start"][:10],
                "end": r["end"][:10],
                "outlet": outlet,
                "group": groups[outlet],
                "article": where,
                "published": source.get("published", ""),
                "sentence": trigger.get("sentence", ""),
                "modality": event.get("modality", ""),
                "polarity": event.get("polarity", ""),
                "conflict": conflicts.get(r["event"], ""),
                "url": entity_url(r["event"]),
                "evidence_url": article_url(where) + f"#m{trigger.get('begin', '')}",
            }
        )
    return {
        "events": items,
        "groups": [{"id": gid, "content": name} for name, gid in groups.items()],
        "undated": undated,
        "conflicts": len({i["event"] for i in items if i["conflict"]}),
        "limit": limit,
    }


def _conflicts(store: SelectStore, intervals: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Events dated twice in ways that cannot both hold, or linked to the same event dated
    elsewhere, each with why."""
    conflicts: dict[str, str] = {}
    for event, spans in intervals.items():
        for i, a in enumerate(spans):
            for b in spans[i + 1 :]:
                if not _overlap(a, b):
                    conflicts[event] = f"dated both {a[0]}–{a[1]} and {b[0]}–{b[1]}"
    if not intervals:
        return conflicts
    linked = select(
        store,
        "SELECT ?event ?other ?start ?end WHERE { "
        f"{values('event', intervals)} ?event owl:sameAs|sg:candidateSameEvent ?other . "
        "?other sg:time ?t . ?t sg:intervalStart ?start ; sg:intervalEnd ?end }",
    )
    for r in linked:
        theirs = (r["start"][:10], r["end"][:10])
        if all(not _overlap(mine, theirs) for mine in intervals[r["event"]]):
            conflicts.setdefault(
                r["event"], f"the same event is dated {theirs[0]}–{theirs[1]} in another article"
            )
    return conflicts
