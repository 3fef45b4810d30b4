"""What the story layer reads from a store, in a handful of SELECTs, as plain data.

Every query reads the union default graph and returns a row per node (or per node and
article), so reading grows with the store and never with pairs of articles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from storygraph.rdf.vocab import ID
from storygraph.store import SelectStore, select_strings

__all__ = ["ArticleInfo", "ClaimNode", "EntityNode", "EventNode", "Snapshot", "read_snapshot"]

#: Entity classes whose nodes are shared across articles (minted from kind and name).
GLOBAL_CLASSES = ("Organization", "Person", "Place", "Product", "OrganizationalUnit")


@dataclass
class ArticleInfo:
    """An article's publication date (ISO text, may be empty) and publisher."""

    iri: str
    published: str = ""
    publisher: str = ""


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


def read_snapshot(store: SelectStore) -> Snapshot:
    """Read articles, global entity nodes, events and claims from ``store``."""
    snap = Snapshot()
    for r in select_strings(
        store,
        "SELECT ?a ?d ?p WHERE { ?a a sg:Article . OPTIONAL { ?a schema:datePublished ?d } "
        "OPTIONAL { ?a schema:publisher/schema:name ?p } }",
    ):
        snap.articles[r["a"]] = ArticleInfo(r["a"], r.get("d", ""), r.get("p", ""))
    classes = " ".join(f"sg:{c}" for c in GLOBAL_CLASSES)
    global_only = f'FILTER (STRSTARTS(STR(?n), "{ID}") && !CONTAINS(STR(?n), "/article/"))'
    # labels alone, and articles from the per-sentence rows below: joining labels with
    # every mention made this query grow faster than the store
    for r in select_strings(
        store,
        f"SELECT DISTINCT ?n ?c ?l WHERE {{ VALUES ?c {{ {classes} }} ?n a ?c ; "
        f"rdfs:label ?l {global_only} }}",
    ):
        node = snap.entities.setdefault(r["n"], EntityNode(r["n"], _local(r["c"])))
        node.labels.add(r["l"])
    for r in select_strings(
        store, f"SELECT DISTINCT ?n ?a WHERE {{ ?n sg:alias ?a {global_only} }}"
    ):
        if r["n"] in snap.entities:
            snap.entities[r["n"]].aliases.add(r["a"])
    for r in select_strings(
        store,
        f"SELECT DISTINCT ?n ?t WHERE {{ ?n sg:hasMention/sg:anchorOf ?t ; a ?c "
        f"VALUES ?c {{ {classes} }} {global_only} }}",
    ):
        if r["n"] in snap.entities:
            snap.entities[r["n"]].anchors.add(r["t"])
    for r in select_strings(
        store,
        f"SELECT DISTINCT ?n ?art ?si WHERE {{ ?n a ?c ; sg:hasMention ?m . ?m sg:inArticle ?art ; "
        f"sg:sentenceIndex ?si VALUES ?c {{ {classes} }} {global_only} }}",
    ):
        index = int(r["si"])
        snap.sentence_entities.setdefault((r["art"], index), set()).add(r["n"])
        if r["n"] in snap.entities:
            node = snap.entities[r["n"]]
            node.articles.add(r["art"])
            node.first_sentence[r["art"]] = min(index, node.first_sentence.get(r["art"], index))
    for unmentioned in [n for n, node in snap.entities.items() if not node.articles]:
        del snap.entities[unmentioned]
    _read_events(store, snap)
    _read_claims(store, snap)
    return snap


def _read_events(store: SelectStore, snap: Snapshot) -> None:
    # One plain join per property: OPTIONALs nested in one query made Oxigraph take
    # seconds on a few thousand events. Joins written as two groups joined on a bound
    # variable make Oxigraph scan both and hash them instead of looking up each event
    # (5.0 s -> 2.1 s for the events of 867 articles).
    trigger_of: dict[str, str] = {}
    for r in select_strings(
        store,
        "SELECT ?e ?action ?tm WHERE { { ?e sg:action ?action } "
        "{ ?y sg:trigger ?tm BIND (?y AS ?e) } }",
    ):
        # an event's IRI is its article's followed by /event/N (rdf.mint)
        article = r["e"].rsplit("/event/", 1)[0]
        snap.events[r["e"]] = EventNode(r["e"], article, r["action"])
        trigger_of[r["tm"]] = r["e"]
    for r in select_strings(
        store,
        "SELECT ?tm ?trig WHERE { { ?e sg:trigger ?tm } { ?y sg:anchorOf ?trig BIND (?y AS ?tm) } }",
    ):
        if r["tm"] in trigger_of:
            snap.events[trigger_of[r["tm"]]].trigger = r["trig"]
    # every mention's sentence: a nominal mention ("the delivery") may sit in another
    # sentence than the trigger
    for r in select_strings(
        store,
        "SELECT ?e ?m ?si WHERE { { ?e sg:action [] ; sg:hasMention ?m } "
        "{ ?y sg:sentenceIndex ?si BIND (?y AS ?m) } }",
    ):
        event = snap.events.get(r["e"])
        if event is not None:
            event.sentences.add(int(r["si"]))
            if trigger_of.get(r["m"]) == r["e"]:
                event.sentence = int(r["si"])
    fields = {
        "polarity": "?e sg:polarity ?x",
        "agent": "?e sg:agent ?x",
        "patient": "?e sg:patient ?x",
        "value": "?e sg:time/sg:timexValue ?x",
        "start": "?e sg:time/sg:intervalStart ?x",
        "end": "?e sg:time/sg:intervalEnd ?x",
    }
    for name, pattern in fields.items():
        # only events carry these properties: no type check (it doubled the join)
        for r in select_strings(store, f"SELECT ?e ?x WHERE {{ {pattern} }}"):
            found = snap.events.get(r["e"])
            if found is not None:
                setattr(found, name, r["x"])


def _read_claims(store: SelectStore, snap: Snapshot) -> None:
    for r in select_strings(
        store,
        "SELECT ?c ?art ?content ?cue ?stance ?s ?sc ?q ?tm WHERE { ?c a sg:Claim ; "
        "sg:content ?content ; sg:cue ?cm ; sg:contentMention ?tm . ?cm sg:inArticle ?art . "
        "OPTIONAL { ?c sg:cueLemma ?cue } OPTIONAL { ?c sg:stance ?stance } "
        "OPTIONAL { ?c sg:source ?s OPTIONAL { ?s a ?sc } } OPTIONAL { ?c sg:quote ?q } }",
    ):
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
    for r in select_strings(
        store, "SELECT ?c ?x WHERE { ?c a sg:Claim ; sg:source ?s . ?s sg:affiliatedWith ?x }"
    ):
        if r["c"] in snap.claims:
            snap.claims[r["c"]].source_allies.add(r["x"])
    about: dict[str, set[str]] = defaultdict(set)
    for r in select_strings(store, "SELECT ?c ?x WHERE { ?c a sg:Claim ; sg:about ?x }"):
        about[r["c"]].add(r["x"])
    for iri, nodes in about.items():
        if iri in snap.claims:
            snap.claims[iri].about = nodes
