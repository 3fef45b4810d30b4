"""What the story layer reads from a store, in a handful of SELECTs, as plain data.

Every query reads the union default graph and returns a row per node (or per node and
article), so reading grows with the store and never with pairs of articles.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from storygraph.rdf.vocab import ID
from storygraph.store import SelectStore, select_strings

__all__ = ["ArticleInfo", "ClaimNode", "EntityNode", "EventNode", "Snapshot", "read_snapshot"]

#: Entity classes whose nodes are shared across articles (minted from kind and name).
GLOBAL_CLASSES = ("Organization", "Person", "Place", "Product", "OrganizationalUnit")


@dataclass
class ArticleInfo:
    """An article's publication date (ISO text, may be empty), publisher, and the wire
    agency whose reporting it carries (``sg:wireCredit``), if it credits one."""

    iri: str
    published: str = ""
    publisher: str = ""
    wire: str = ""


@dataclass
class EntityNode:
    """A named entity node: its class, names (labels, aliases, anchors) and articles."""

    iri: str
    kind: str
    labels: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    anchors: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    #: article → the index of the first sentence that names the node there
    first_sentence: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """One label, the shortest of the longest words first (stable)."""
        return min(self.labels, key=lambda s: (-len(s.split()), s)) if self.labels else ""


@dataclass
class EventNode:
    """An event of one article, with its participants and time."""

    iri: str
    article: str
    action: str
    label: str = ""
    polarity: str = "positive"
    agent: str | None = None
    patient: str | None = None
    start: str | None = None
    end: str | None = None
    value: str | None = None
    trigger: str | None = None
    sentence: int = -1
    #: every sentence the event is mentioned in (one event of an article, several mentions)
    sentences: set[int] = field(default_factory=set)


@dataclass
class ClaimNode:
    """A claim of one article: source, cue, stance, content and quote."""

    iri: str
    article: str
    content: str
    cue: str = ""
    stance: str = "asserts"
    source: str | None = None
    source_kind: str = ""
    quote: str | None = None
    about: set[str] = field(default_factory=set)
    content_mention: str | None = None
    #: what the source speaks for or is close to ("USAF officials" → USAF)
    source_allies: set[str] = field(default_factory=set)


@dataclass
class Snapshot:
    """The store as the story layer sees it."""

    articles: dict[str, ArticleInfo] = field(default_factory=dict)
    entities: dict[str, EntityNode] = field(default_factory=dict)
    events: dict[str, EventNode] = field(default_factory=dict)
    claims: dict[str, ClaimNode] = field(default_factory=dict)
    #: (article, sentence index) → the global entity nodes mentioned in that sentence.
    sentence_entities: dict[tuple[str, int], set[str]] = field(default_factory=dict)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _global(node: str) -> bool:
    """A node shared across articles (minted from kind and name, not under an article)."""
    return node.startswith(ID) and "/article/" not in node


_CLASSES = " ".join(f"sg:{c}" for c in GLOBAL_CLASSES)

#: The snapshot's SELECTs by name. Each returns a row per node, or per node and mention,
#: so reading grows with the store and never with pairs of articles. Nodes under an article
#: are dropped in Python: a FILTER on the IRI's text costs Oxigraph a string lookup a row.
QUERIES: dict[str, str] = {
    "articles": "SELECT ?a ?d ?p ?w WHERE { ?a a sg:Article . OPTIONAL { ?a schema:datePublished "
    "?d } OPTIONAL { ?a schema:publisher/schema:name ?p } "
    "OPTIONAL { ?a sg:wireCredit/schema:name ?w } }",
    "labels": f"SELECT DISTINCT ?n ?c ?l WHERE {{ VALUES ?c {{ {_CLASSES} }} ?n a ?c ; "
    "rdfs:label ?l }",
    "aliases": "SELECT DISTINCT ?n ?a WHERE { ?n sg:alias ?a }",
    # every mention of a node of those classes: its article, sentence and words (labels
    # joined with every mention made one query grow faster than the store)
    "mentions": f"SELECT ?n ?art ?si ?t WHERE {{ ?n a ?c ; sg:hasMention ?m . ?m sg:inArticle "
    f"?art ; sg:sentenceIndex ?si ; sg:anchorOf ?t VALUES ?c {{ {_CLASSES} }} }}",
    # Joins written as two groups joined on a bound variable make Oxigraph scan both and
    # hash them instead of looking up each event (5.0 s -> 2.1 s for 867 articles'
    # events); OPTIONALs nested in one query took seconds on a few thousand events.
    "events": "SELECT ?e ?action ?tm ?trig WHERE { { ?e sg:action ?action ; sg:trigger ?tm } "
    "{ ?y sg:anchorOf ?trig BIND (?y AS ?tm) } }",
    # every mention's sentence: a nominal mention ("the delivery") may sit in another
    # sentence than the trigger
    "event_mentions": "SELECT ?e ?m ?si WHERE { { ?e sg:action [] ; sg:hasMention ?m } "
    "{ ?y sg:sentenceIndex ?si BIND (?y AS ?m) } }",
    # only events carry these properties: no type check (it doubled the join)
    "polarity": 'SELECT ?e ?x WHERE { ?e sg:polarity ?x FILTER (?x != "positive") }',
    "agent": "SELECT ?e ?x WHERE { ?e sg:agent ?x }",
    "patient": "SELECT ?e ?x WHERE { ?e sg:patient ?x }",
    "value": "SELECT ?e ?x WHERE { ?e sg:time/sg:timexValue ?x }",
    "start": "SELECT ?e ?x WHERE { ?e sg:time/sg:intervalStart ?x }",
    "end": "SELECT ?e ?x WHERE { ?e sg:time/sg:intervalEnd ?x }",
    "claims": "SELECT ?c ?art ?content ?cue ?stance ?s ?sc ?q ?tm WHERE { ?c a sg:Claim ; "
    "sg:content ?content ; sg:cue ?cm ; sg:contentMention ?tm . ?cm sg:inArticle ?art . "
    "OPTIONAL { ?c sg:cueLemma ?cue } OPTIONAL { ?c sg:stance ?stance } "
    "OPTIONAL { ?c sg:source ?s OPTIONAL { ?s a ?sc } } OPTIONAL { ?c sg:quote ?q } }",
    "allies": "SELECT ?c ?x WHERE { ?c a sg:Claim ; sg:source ?s . ?s sg:affiliatedWith ?x }",
    "about": "SELECT ?c ?x WHERE { ?c a sg:Claim ; sg:about ?x }",
}
#: The event fields read by one query each (the rest of :data:`QUERIES`' event queries).
_EVENT_FIELDS = ("polarity", "agent", "patient", "value", "start", "end")
#: Threads that read a store which answers queries side by side (Oxigraph lets go of
#: Python's lock for part of each query: the snapshot of 1,000 articles, 3.2 s -> 2.5-2.8 s).
READERS = 2

Rows = list[dict[str, str]]


def _fetch(store: SelectStore) -> dict[str, Rows]:
    """Every query of :data:`QUERIES`, side by side where the store allows it."""
    if not getattr(store, "concurrent_reads", False):
        return {name: select_strings(store, q) for name, q in QUERIES.items()}
    with ThreadPoolExecutor(READERS) as pool:
        answers = {name: pool.submit(select_strings, store, q) for name, q in QUERIES.items()}
        return {name: answer.result() for name, answer in answers.items()}


def read_snapshot(store: SelectStore) -> Snapshot:
    """Read articles, global entity nodes, events and claims from ``store``."""
    rows = _fetch(store)
    snap = Snapshot()
    for r in rows["articles"]:
        snap.articles[r["a"]] = ArticleInfo(r["a"], r.get("d", ""), r.get("p", ""), r.get("w", ""))
    _read_entities(rows, snap)
    _read_events(rows, snap)
    _read_claims(rows, snap)
    return snap


def _read_entities(rows: dict[str, Rows], snap: Snapshot) -> None:
    for r in rows["labels"]:
        if _global(r["n"]):
            node = snap.entities.setdefault(r["n"], EntityNode(r["n"], _local(r["c"])))
            node.labels.add(r["l"])
    for r in rows["aliases"]:
        if r["n"] in snap.entities:
            snap.entities[r["n"]].aliases.add(r["a"])
    for r in rows["mentions"]:
        if not _global(r["n"]):
            continue
        index = int(r["si"])
        snap.sentence_entities.setdefault((r["art"], index), set()).add(r["n"])
        named = snap.entities.get(r["n"])
        if named is not None:
            named.anchors.add(r["t"])
            named.articles.add(r["art"])
            named.first_sentence[r["art"]] = min(index, named.first_sentence.get(r["art"], index))
    for unmentioned in [n for n, node in snap.entities.items() if not node.articles]:
        del snap.entities[unmentioned]


def _read_events(rows: dict[str, Rows], snap: Snapshot) -> None:
    trigger_of: dict[str, str] = {}
    for r in rows["events"]:
        # an event's IRI is its article's followed by /event/N (rdf.mint)
        article = r["e"].rsplit("/event/", 1)[0]
        snap.events[r["e"]] = EventNode(r["e"], article, r["action"], trigger=r["trig"])
        trigger_of[r["tm"]] = r["e"]
    for r in rows["event_mentions"]:
        event = snap.events.get(r["e"])
        if event is not None:
            event.sentences.add(int(r["si"]))
            if trigger_of.get(r["m"]) == r["e"]:
                event.sentence = int(r["si"])
    for name in _EVENT_FIELDS:
        for r in rows[name]:
            found = snap.events.get(r["e"])
            if found is not None:
                setattr(found, name, r["x"])


def _read_claims(rows: dict[str, Rows], snap: Snapshot) -> None:
    for r in rows["claims"]:
        claim = snap.claims.get(r["c"])
        if claim is None:
            claim = snap.claims[r["c"]] = ClaimNode(
                r["c"],
                r["art"],
                r["content"],
                r.get("cue", ""),
                r.get("stance", "asserts"),
                r.get("s"),
                quote=r.get("q"),
                content_mention=r["tm"],
            )
        kind = _local(r.get("sc", ""))
        if kind and kind != "StoryThing":
            claim.source_kind = kind
    for r in rows["allies"]:
        if r["c"] in snap.claims:
            snap.claims[r["c"]].source_allies.add(r["x"])
    about: dict[str, set[str]] = defaultdict(set)
    for r in rows["about"]:
        about[r["c"]].add(r["x"])
    for iri, nodes in about.items():
        if iri in snap.claims:
            snap.claims[iri].about = nodes
