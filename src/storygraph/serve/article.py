"""An article's page: its text as the graph holds it, with every mention, claim (source, cue,
content) and time expression marked and linked to its node.

The store keeps no copy of the article, but every mention carries its sentence, the
sentence's index and the mention's character offsets, so the sentences that hold a mention
are put back in order, each at the offset its mentions agree on. Sentences without any
mention are not in the graph; the page shows an ellipsis where they were.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from storygraph.serve.common import (
    CLASS_NAMES,
    best_class,
    entity_url,
    lookup,
    select,
    sparql_iri,
    values,
)
from storygraph.store import SelectStore

__all__ = ["article"]

#: How a mention's owner is marked, by the property that links them (most specific first).
_ROLE_KIND = {"cue": "cue", "contentMention": "content", "trigger": "event"}
_CLASS_KIND = {"TimeExpression": "time", "Quantity": "quantity", "OpenQuestion": "question"}


@dataclass
class _Span:
    begin: int
    end: int
    kind: str
    node: str
    title: str
    anchor_id: str


def _kind(role: str, cls: str) -> str:
    if role in _ROLE_KIND:
        return _ROLE_KIND[role]
    if cls in _CLASS_KIND:
        return _CLASS_KIND[cls]
    if cls == "Claim":
        return "claim"
    if cls == "Event":
        return "event"
    return "entity"


def _sentence_start(sentence: str, mentions: list[tuple[int, str]]) -> int | None:
    """The sentence's offset in the article: the one most of its mentions agree on."""
    votes: Counter[int] = Counter()
    for begin, anchor in mentions:
        at = sentence.find(anchor)
        while at >= 0:
            votes[begin - at] += 1
            at = sentence.find(anchor, at + 1)
    return votes.most_common(1)[0][0] if votes else None


def _segments(text: str, start: int, spans: list[_Span]) -> list[dict[str, Any]]:
    """The sentence cut at every span boundary; each piece with the spans covering it."""
    cuts = {0, len(text)}
    for s in spans:
        cuts.update((max(0, s.begin - start), min(len(text), s.end - start)))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    pieces: list[dict[str, Any]] = []
    opened: set[str] = set()
    for a, b in pairwise(points):
        if a == b:
            continue
        covering = [s for s in spans if s.begin - start <= a and s.end - start >= b]
        covering.sort(key=lambda s: s.end - s.begin)  # the innermost first
        linked = next((s for s in covering if s.kind not in ("content",)), None)
        ids = [s.anchor_id for s in covering if s.anchor_id not in opened]
        opened.update(ids)
        pieces.append(
            {
                "text": text[a:b],
                "kinds": sorted({s.kind for s in covering}),
                "url": entity_url(linked.node) if linked else "",
                "title": " · ".join(dict.fromkeys(s.title for s in covering)),
                "ids": ids,
            }
        )
    return pieces


def article(store: SelectStore, node: str) -> dict[str, Any] | None:
    """The article's facts and its marked-up sentences, or None when there is no such article."""
    a = sparql_iri(node)
    if a is None:
        return None
    facts = select(
        store,
        "SELECT ?name ?headline ?published ?outlet ?author ?url ?words ?source WHERE { "
        f"{a} a sg:Article OPTIONAL {{ {a} rdfs:label ?name }} "
        f"OPTIONAL {{ {a} schema:headline ?headline }} OPTIONAL {{ {a} schema:datePublished ?published }} "
        f"OPTIONAL {{ {a} schema:publisher/schema:name ?outlet }} OPTIONAL {{ {a} schema:author ?author }} "
        f"OPTIONAL {{ {a} schema:url ?url }} OPTIONAL {{ {a} schema:wordCount ?words }} "
        f"OPTIONAL {{ {a} sg:sourcePath ?source }} }} LIMIT 1",
    )
    if not facts:
        return None
    mentions = select(
        store,
        f"SELECT ?m ?begin ?end ?anchor ?si ?sentence WHERE {{ GRAPH {a} {{ ?m sg:inArticle {a} ; "
        "sg:beginIndex ?begin ; sg:endIndex ?end ; sg:anchorOf ?anchor ; sg:sentenceIndex ?si ; "
        "sg:sentence ?sentence } }",
    )
    owner_rows = select(
        store,
        f"SELECT ?m ?owner ?roleIri WHERE {{ GRAPH {a} {{ ?m sg:inArticle {a} . ?owner ?roleIri ?m "
        "FILTER (?roleIri IN (sg:hasMention, sg:cue, sg:contentMention, sg:trigger)) } }",
    )
    owner_labels = lookup(store, (r["owner"] for r in owner_rows), label="?x rdfs:label ?v")
    classes: dict[str, list[str]] = defaultdict(list)
    if owner_labels:
        for r in select(store, f"SELECT ?x ?c WHERE {{ {values('x', owner_labels)} ?x a ?c }}"):
            classes[r["x"]].append(r["c"])
    by_mention = {r["m"]: r for r in mentions}
    rows = []
    for r in mentions:
        rows.append(dict(r))
    for owned in owner_rows:
        m = by_mention.get(owned["m"])
        if m is None:
            continue
        cls = best_class(classes.get(owned["owner"], []))
        rows.append(
            {
                **m,
                "owner": owned["owner"],
                "role": owned["roleIri"].rsplit("#", 1)[-1],
                "class": cls,
                **(
                    {"label": owner_labels[owned["owner"]]["label"]}
                    if "label" in owner_labels[owned["owner"]]
                    else {}
                ),
            }
        )
    sentences: dict[int, str] = {}
    anchors: dict[int, dict[int, str]] = defaultdict(dict)
    owners: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        index, begin = int(r["si"]), int(r["begin"])
        sentences[index] = r["sentence"]
        anchors[index][begin] = r["anchor"]
        if "owner" not in r:
            continue
        key = (r["m"], r["owner"])
        kind = _kind(r["role"], r["class"])
        found = owners.get(key)
        rank = list(_ROLE_KIND).index(r["role"]) if r["role"] in _ROLE_KIND else 9
        if found is None or rank < found["rank"]:
            owners[key] = {
                "rank": rank,
                "index": index,
                "span": _Span(
                    begin,
                    int(r["end"]),
                    kind,
                    r["owner"],
                    f"{CLASS_NAMES.get(r['class'], r['class'])}: {r.get('label', r['anchor'])}",
                    f"m{begin}",
                ),
            }
    spans_by_sentence: dict[int, list[_Span]] = defaultdict(list)
    for o in owners.values():
        spans_by_sentence[o["index"]].append(o["span"])
    out = []
    previous = -1
    for index in sorted(sentences):
        text = sentences[index]
        start = _sentence_start(text, sorted(anchors[index].items()))
        if start is None:
            continue
        out.append(
            {
                "index": index,
                "gap": index != previous + 1,
                "pieces": _segments(text, start, spans_by_sentence[index]),
            }
        )
        previous = index
    info = facts[0]
    kinds = Counter(s.kind for spans in spans_by_sentence.values() for s in spans)
    return {
        "node": node,
        "title": info.get("headline") or info.get("name") or node,
        "facts": info,
        "sentences": out,
        "counts": dict(sorted(kinds.items())),
    }
