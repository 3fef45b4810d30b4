"""The story layer in one call: every cross-article link of a store, rebuilt as a whole.

:func:`link_story` reads a :class:`~storygraph.story.snapshot.Snapshot` of the store, finds
identity merges and candidates (:mod:`.identity`), same-event links (:mod:`.events`) and
claim links (:mod:`.claims`), and writes them into two named graphs (what changed since the
last run, in steps of at most :data:`~storygraph.rdf.quads.WRITE_STEP` triples: a run
stopped halfway leaves part of the links until the next run rebuilds them):
:data:`STORY_GRAPH` (``owl:sameAs``, ``sg:candidateSameEvent``, ``sg:repeats``,
``sg:corroborates``, ``sg:contradicts``, per-claim outlet and source counts, and one
``sg:StoryLink`` per link saying which rule made it and why) and the candidates graph
(``sg:MergeCandidate``). Both are replaced on every run, so they never go stale after an
article is removed, and an alias file given to ``storygraph link`` undoes a merge.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import iri, literal
from storygraph.rdf.vocab import ID, PREFIXES, SG
from storygraph.readers.aliases import Aliases
from storygraph.store import Store
from storygraph.story.claims import CLAIM_RELATIONS, ClaimLink, claim_counts, find_claim_links
from storygraph.story.events import EventLink, find_event_links
from storygraph.story.identity import Link, find_identity
from storygraph.story.snapshot import Snapshot, read_snapshot
from storygraph.story.stories import StoryGroup, find_stories

__all__ = [
    "CANDIDATES_GRAPH",
    "CLAIM_RELATIONS",
    "PENDING_GRAPH",
    "STORY_GRAPH",
    "LinkRow",
    "StoryLinks",
    "StorySummary",
    "find_story_links",
    "link_rows",
    "link_story",
    "links_pending",
    "mark_links_pending",
]

#: The named graph holding the story layer's links (rebuilt as a whole).
STORY_GRAPH = f"{ID}graph/story"
#: The named graph holding the scored merge suggestions (rebuilt as a whole).
CANDIDATES_GRAPH = f"{ID}graph/candidates"
#: The named graph that says the links wait to be rebuilt: an ingest writes it before its
#: first article and :func:`link_story` removes it once both graphs are written, so an
#: ingest stopped in between (killed after its last article, or halfway through the links)
#: leaves it, and the next ingest relinks even when it has no article to write.
PENDING_GRAPH = f"{ID}graph/story-pending"

RDF_TYPE = iri(PREFIXES["rdf"] + "type")
RDFS_LABEL = iri(PREFIXES["rdfs"] + "label")
OWL_SAME_AS = iri(PREFIXES["owl"] + "sameAs")
XSD = PREFIXES["xsd"]


@dataclass(frozen=True)
class LinkRow:
    """One link as a user reads it: score, the two names with their articles, the reason."""

    score: float
    kind: str
    a: str
    b: str
    reason: str


@dataclass
class StorySummary:
    """How many links of each kind the store now holds, and every link as a row."""

    same_as: int = 0
    candidates: int = 0
    event_links: int = 0
    claim_links: int = 0
    rows: list[LinkRow] = field(default_factory=list)
    stories: int = 0

    def format(self) -> str:
        """The one-line summary."""
        return (
            f"{self.same_as} merge(s), {self.candidates} merge candidate(s), "
            f"{self.event_links} same-event link(s), {self.claim_links} claim link(s), "
            f"{self.stories} story(ies)"
        )

    def table(self, min_score: float = 0.0) -> str:
        """The links scoring at least ``min_score`` as a plain table, best first, then the
        one-line summary."""
        rows = sorted(
            (r for r in self.rows if r.score >= min_score),
            key=lambda r: (-r.score, r.kind, r.a, r.b),
        )
        header = ("score", "kind", "this", "and that", "because")
        cells = [(f"{r.score:.2f}", r.kind, r.a, r.b, r.reason) for r in rows]
        widths = [max(len(c[i]) for c in [header, *cells]) for i in range(4)]
        lines = [
            "  ".join([c[0].rjust(widths[0]), *(c[i].ljust(widths[i]) for i in (1, 2, 3)), c[4]])
            for c in [header, *cells]
        ]
        return "\n".join([*lines, self.format()] if cells else [self.format()])


def _short(article: str) -> str:
    slug = article.rsplit("/article/", 1)[-1]
    return slug if len(slug) <= 28 else slug[:27] + "…"


def link_rows(links: StoryLinks) -> list[LinkRow]:
    """Every link found, named for a reader: "Jobs (a1)", "unveil (a2)"."""
    snap = links.snapshot

    def entity(node: str) -> str:
        e = snap.entities.get(node)
        if e is None:
            return node
        arts = sorted(_short(a) for a in e.articles)
        more = f" +{len(arts) - 1}" if len(arts) > 1 else ""
        return f"{e.label} ({arts[0]}{more})" if arts else e.label

    def event(node: str) -> str:
        e = snap.events.get(node)
        return f"{e.trigger or e.action} ({_short(e.article)})" if e else node

    def claim(node: str) -> str:
        c = snap.claims.get(node)
        if c is None:
            return node
        text = c.content if len(c.content) <= 40 else c.content[:39] + "…"
        return f"{text} ({_short(c.article)})"

    rows = [
        LinkRow(m.score, f"same ({m.rule})", entity(m.a), entity(m.b), m.reason)
        for m in links.merges
    ]
    rows += [
        LinkRow(c.score, f"candidate ({c.rule})", entity(c.a), entity(c.b), c.reason)
        for c in links.candidates
    ]
    rows += [LinkRow(e.score, "same event", event(e.a), event(e.b), e.reason) for e in links.events]
    rows += [LinkRow(c.score, c.relation, claim(c.a), claim(c.b), c.reason) for c in links.claims]
    return rows


@dataclass
class StoryLinks:
    """Everything the story layer found in one snapshot."""

    snapshot: Snapshot
    merges: list[Link] = field(default_factory=list)
    candidates: list[Link] = field(default_factory=list)
    events: list[EventLink] = field(default_factory=list)
    claims: list[ClaimLink] = field(default_factory=list)
    stories: list[StoryGroup] = field(default_factory=list)


def find_story_links(snapshot: Snapshot, aliases: Aliases | None = None) -> StoryLinks:
    """Identity, same-event and claim links among the snapshot's nodes (nothing written)."""
    merges, candidates = find_identity(snapshot.entities, aliases)
    same = _closure(merges)
    events = find_event_links(snapshot, same)
    claims = find_claim_links(snapshot, same)
    linked = [(snapshot.events[e.a].article, snapshot.events[e.b].article) for e in events]
    linked += [(snapshot.claims[c.a].article, snapshot.claims[c.b].article) for c in claims]
    stories = find_stories(snapshot, same, linked)
    return StoryLinks(snapshot, merges, candidates, events, claims, stories)


def _closure(merges: list[Link]) -> dict[str, str]:
    """Node → a representative of its merged group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for m in merges:
        parent[find(m.a)] = find(m.b)
    return {node: find(node) for node in parent}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


#: The vocabulary's IRIs the story graph writes, written out once.
_STORY_LINK, _LINK_FROM, _LINK_TO, _RULE, _SCORE = (
    iri(term) for term in (SG.StoryLink, SG.linkFrom, SG.linkTo, SG.rule, SG.score)
)


@functools.cache  # a few hundred values at most
def _score(score: float) -> str:
    """A score as xsd:decimal in the form Oxigraph gives back ("0.7", "1"), so that
    :meth:`~storygraph.store.Store.rewrite` finds a stored link unchanged."""
    return literal(format(Decimal(f"{score:.2f}").normalize(), "f"), XSD + "decimal")


#: Writes a node's IRI as a term (:func:`~storygraph.rdf.terms.iri`, or a memo of it).
_Term = Callable[[str], str]


def _link_node(
    triples: list[str], a: str, b: str, rule: str, reason: str, score: float, term: _Term = iri
) -> None:
    node = iri(f"{ID}link/{_digest(rule, a, b)}")
    triples += [
        f"{node} {RDF_TYPE} {_STORY_LINK}",
        f"{node} {RDFS_LABEL} {literal(reason)}",
        f"{node} {_LINK_FROM} {term(a)}",
        f"{node} {_LINK_TO} {term(b)}",
        f"{node} {_RULE} {literal(rule)}",
        f"{node} {_SCORE} {_score(score)}",
    ]


def story_triples(links: StoryLinks) -> tuple[list[str], list[str]]:
    """The N-Triples lines of the story graph and of the candidates graph."""
    # each node is in many links: check and write its IRI once
    term: _Term = functools.cache(iri)
    story: list[str] = []
    groups: dict[str, set[str]] = {}
    for node, root in _closure(links.merges).items():
        groups.setdefault(root, {root}).add(node)
    for members in groups.values():
        for a in sorted(members):
            story += [f"{term(a)} {OWL_SAME_AS} {term(b)}" for b in sorted(members) if b != a]
    for m in links.merges:
        _link_node(story, m.a, m.b, f"identity/{m.rule}", m.reason, m.score, term)
    for e in links.events:
        same_event = term(SG.candidateSameEvent)
        story.append(f"{term(e.a)} {same_event} {term(e.b)}")
        story.append(f"{term(e.b)} {same_event} {term(e.a)}")
        _link_node(story, e.a, e.b, "event", e.reason, e.score, term)
    for c in links.claims:
        relation = term(SG[c.relation])
        story.append(f"{term(c.a)} {relation} {term(c.b)}")
        story.append(f"{term(c.b)} {relation} {term(c.a)}")
        _link_node(story, c.a, c.b, f"claim/{c.relation}", c.reason, c.score, term)
    for claim, (outlets, sources, first) in claim_counts(
        links.snapshot, links.claims, _closure(links.merges)
    ).items():
        node = term(claim)
        story.append(f"{node} {term(SG.outletCount)} {literal(outlets, XSD + 'integer')}")
        story.append(f"{node} {term(SG.sourceCount)} {literal(sources, XSD + 'integer')}")
        story.append(f"{node} {term(SG.firstReportedIn)} {term(first)}")
    for group in links.stories:
        node = iri(group.iri)
        story += [
            f"{node} {RDF_TYPE} {iri(SG.Story)}",
            f"{node} {RDFS_LABEL} {literal(group.label)}",
        ]
        story += [f"{node} {iri(SG.hasArticle)} {iri(a)}" for a in group.articles]
    candidates: list[str] = []
    for m in links.candidates:
        node = iri(f"{ID}candidate/{_digest(m.a, m.b)}")
        candidates += [
            f"{node} {RDF_TYPE} {iri(SG.MergeCandidate)}",
            f"{node} {RDFS_LABEL} {literal(m.reason)}",
            f"{node} {iri(SG.mergeCandidate)} {iri(m.a)}",
            f"{node} {iri(SG.mergeCandidate)} {iri(m.b)}",
            f"{node} {iri(SG.rule)} {literal(m.rule)}",
            f"{node} {iri(SG.score)} {_score(m.score)}",
        ]
    return list(dict.fromkeys(story)), list(dict.fromkeys(candidates))


def mark_links_pending(store: Store) -> None:
    """Say in ``store`` that its links wait to be rebuilt (:data:`PENDING_GRAPH`)."""
    marker = f"{iri(STORY_GRAPH)} {iri(SG.linksPending)} {literal('true', XSD + 'boolean')}"
    store.write([GraphWrite(PENDING_GRAPH, [marker])])


def links_pending(store: Store) -> bool:
    """Whether a run that wrote articles stopped before it rebuilt the links."""
    return store.has_graph(PENDING_GRAPH)


def link_story(store: Store, aliases: Aliases | None = None) -> StorySummary:
    """Rebuild the story layer's links in ``store`` (written by :meth:`Store.rewrite`).

    Args:
        store: the store to read and write.
        aliases: the user's alias file: ``different`` pairs are never merged or suggested.
    """
    links = find_story_links(read_snapshot(store), aliases)
    story, candidates = story_triples(links)
    for name, triples in ((STORY_GRAPH, story), (CANDIDATES_GRAPH, candidates)):
        if triples:
            # most links stay from one run to the next: the embedded store writes the change
            store.rewrite(GraphWrite(name, triples))
        else:
            store.remove(name)
    store.remove(PENDING_GRAPH)  # last: the links are whole
    return StorySummary(
        len(links.merges),
        len(links.candidates),
        len(links.events),
        len(links.claims),
        link_rows(links),
        len(links.stories),
    )
