"""The store read for the graph exports: a fixed handful of SELECT queries grouped by node.

:class:`StoreReader` runs five queries (articles, nodes, literal values, relations, mentions),
whatever the size of the store, and keeps their rows as :class:`Node` and :class:`Mention`
records for :func:`~storygraph.export.graph.to_networkx` to assemble.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef
from rdflib.term import Node as Term

from storygraph.query.articles import resolve_article
from storygraph.rdf.sparql import prefix_lines
from storygraph.rdf.vocab import NS, SG
from storygraph.store import SelectStore

__all__ = [
    "ENTITY_KINDS",
    "NODE_KINDS",
    "RELATIONS",
    "Mention",
    "Node",
    "SelectStore",
    "StoreReader",
    "article_iri",
]


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
_PREFIXES = prefix_lines("sg", "rdfs", "schema")


@dataclass
class Mention:
    """One mention of a node: where it is, and the sentence around it."""

    sort_key: tuple[str, str, int, str]
    article: str
    anchor: str
    sentence: str


@dataclass
class Node:
    """A story node (entity, event, claim …) with its literal values and its mentions."""

    iri: str
    kind: str
    label: str
    literals: dict[str, list[str]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)

    def value(self, name: str) -> str:
        """The first value of the literal property ``name``, else ``""``."""
        values = self.literals.get(name)
        return values[0] if values else ""


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _text(term: Term | None) -> str:
    return "" if term is None else str(term)


def _iso_date(term: Term | None) -> str:
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


def article_iri(store: SelectStore, article: str) -> str:
    """Resolve an article IRI, id or source path to the IRI of an article in the store."""
    return resolve_article(store, article)


class StoreReader:
    """The rows of the five queries, grouped by node."""

    def __init__(self, store: SelectStore, article: str | None) -> None:
        self.store = store
        self.article = article
        self.dates: dict[str, str] = {}
        self.nodes: dict[str, Node] = {}
        self.edges: set[tuple[str, str, str]] = set()

    def read(self) -> None:
        """Run the queries and group their rows."""
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
            self.nodes[iri] = Node(iri, kind, label)

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
                Mention(
                    sort_key=(day or "9999-99-99", article, begin, mention),
                    article=article,
                    anchor=_text(row.get("anchor")),
                    sentence=_text(row.get("sentence")),
                )
            )
        for node in self.nodes.values():
            node.mentions.sort(key=lambda m: m.sort_key)
