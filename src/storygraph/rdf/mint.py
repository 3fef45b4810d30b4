"""Extraction → RDF: the only place IRIs are minted.

Each article becomes one named graph (the article's IRI, see docs/ontology.md) of N-Triples
statements. Named
entities of kinds that are the same thing wherever they are mentioned (organisations,
people, places, products, named units) get an IRI from their kind and canonical name, so
that two articles about Meta meet at one node; everything else (mentions, groups, unnamed
sources, documents, events, claims) is minted under the article's IRI. The calendar times
that time expressions denote are OWL-Time nodes named by their value (``…/id/time/2026-11-25``,
``…/id/time/2026-11-01/2026-11-30``), so expressions of one day in many articles meet there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from rdflib import URIRef

from storygraph.__version__ import __version__
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import iri, literal, safe_iri
from storygraph.rdf.vocab import ID, SG
from storygraph.records import Entity, EntityKind, Extraction, Mention, Quantity, slugify
from storygraph.records import TimeExpression as TimeRecord

__all__ = ["GLOBAL_KINDS", "article_iri", "entity_iri", "extraction_to_graph"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?")
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
GLOBAL_KINDS = {
    EntityKind.ORGANIZATION,
    EntityKind.PERSON,
    EntityKind.PLACE,
    EntityKind.PRODUCT,
    EntityKind.FINANCIAL,
    EntityKind.UNIT,
}
_KIND_SLUG = {
    EntityKind.ORGANIZATION: "organization",
    EntityKind.PERSON: "person",
    EntityKind.PLACE: "place",
    EntityKind.PRODUCT: "product",
    EntityKind.FINANCIAL: "financial",
    EntityKind.UNIT: "unit",
    EntityKind.GROUP: "group",
    EntityKind.ANONYMOUS_SOURCE: "source",
    EntityKind.DOCUMENT: "document",
    EntityKind.OTHER: "thing",
}


@cache
def sg(term: URIRef) -> str:
    """An ontology term as N-Triples text; terms come from :class:`SG`, so a typo fails."""
    return f"<{term}>"


def article_iri(article_id: str) -> str:
    """The IRI of an article and of its named graph."""
    return f"{ID}article/{slugify(article_id)}"


def entity_iri(entity: Entity, article: str) -> str:
    """A global IRI for a named entity of a global kind, else one inside the article."""
    kind = _KIND_SLUG[entity.kind]
    if (entity.kind in GLOBAL_KINDS or entity.identity) and entity.name:
        # named things, and named groups ("the Beatles"), meet across articles
        return f"{ID}{kind}/{slugify(entity.identity or entity.name)}"
    return f"{article}/{kind}/{slugify(entity.key)}"


def _decimal(value: float) -> str | None:
    try:
        d = Decimal(repr(value))
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    text = format(d.normalize(), "f")
    return text if "." in text else text + ".0"


def _typed_date(value: str) -> tuple[str, str] | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value, "date"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value, "gYearMonth"
    if re.fullmatch(r"\d{4}", value):
        return value, "gYear"
    return None


def _time_iri(value: str) -> str:
    return f"{ID}time/{value}"


def _instant(w: _Writer, value: str, dt: str) -> str:
    """An OWL-Time instant at ``value`` (an xsd:date or xsd:dateTime), named by it."""
    node = iri(_time_iri(value))
    w.add(node, RDF_TYPE, f"<{TIME}Instant>")
    w.add(
        node, f"<{TIME}inXSDDate>" if dt == "date" else f"<{TIME}inXSDDateTime>", w.lit(value, dt)
    )
    return node


def _denoted_time(w: _Writer, t: TimeRecord) -> str | None:
    """The OWL-Time node a time expression refers to, when it is a place on the calendar.

    A day (or a moment of one) is a ``time:Instant``: OWL-Time positions instants with
    ``time:inXSDDate`` at a day's granularity. A longer calendar period (a month, a week, a
    quarter: the ``begin``/``end`` days the normaliser computed) is a ``time:Interval``
    between the instants of its first and last day. Durations and sets denote no one time.
    """
    if t.type not in ("DATE", "TIME") or not t.value:
        return None
    if _DATE_TIME.fullmatch(t.value) and int(t.value[:4]) >= 1:
        return _instant(w, t.value, "dateTime")
    if t.begin is None or t.end is None or t.begin.year < 1 or t.end < t.begin:
        day = _typed_date(t.value)
        return _instant(w, t.value, "date") if day and day[1] == "date" else None
    if t.begin == t.end:
        return _instant(w, t.begin.isoformat(), "date")
    begin, end = t.begin.isoformat(), t.end.isoformat()
    node = iri(_time_iri(f"{begin}/{end}"))
    w.add(node, RDF_TYPE, f"<{TIME}Interval>")
    w.add(node, f"<{TIME}hasBeginning>", _instant(w, begin, "date"))
    w.add(node, f"<{TIME}hasEnd>", _instant(w, end, "date"))
    return node


def _money(w: _Writer, node: str, q: Quantity, value: str | None) -> None:
    """Type a quantity as schema:MonetaryAmount (an ISO 4217 unit, or money of no known
    currency) or schema:QuantitativeValue, with the schema.org properties of that type."""
    if q.unit == "currency" or (q.unit and _CURRENCY_CODE.fullmatch(q.unit)):
        w.add(node, RDF_TYPE, f"<{SCHEMA}MonetaryAmount>")
        if q.unit != "currency":
            w.add(node, f"<{SCHEMA}currency>", w.lit(q.unit))
    else:
        w.add(node, RDF_TYPE, f"<{SCHEMA}QuantitativeValue>")
        if q.unit:
            w.add(node, f"<{SCHEMA}unitText>", w.lit(q.unit))
    if value is not None:
        w.add(node, f"<{SCHEMA}value>", w.lit(value, "decimal"))


# The terms of a mention, written once per article for each of its many mentions: looked
# up here once (an attribute of SG costs a DefinedNamespace lookup).
_MENTION = sg(SG.Mention)
_IN_ARTICLE = sg(SG.inArticle)
_BEGIN_INDEX = sg(SG.beginIndex)
_END_INDEX = sg(SG.endIndex)
_ANCHOR_OF = sg(SG.anchorOf)
_SENTENCE_INDEX = sg(SG.sentenceIndex)
_SENTENCE = sg(SG.sentence)
_MENTIONS = sg(SG.mentions)
_HAS_MENTION = sg(SG.hasMention)
_INTEGER = iri(f"{XSD}integer")


def _integer(n: int) -> str:
    """``literal(n, XSD integer)`` for an int, which needs neither escaping nor checks."""
    return f'"{n}"^^{_INTEGER}'


class _Writer:
    def __init__(self, ext: Extraction) -> None:
        self.ext = ext
        self.art = article_iri(ext.article.id)
        self.a = iri(self.art)
        self.triples: list[str] = []
        self.mentions: set[str] = set()
        self.sentences = {s.index: ext.article.text[s.start : s.end] for s in ext.sentences}
        self.sentence_literals: dict[int, str] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append(f"{s} {p} {o}")

    def lit(self, value: object, dt: str | None = None) -> str:
        return literal(value, f"{XSD}{dt}" if dt else None)

    def mention(self, m: Mention) -> str:
        # the article's IRI is checked, and the offsets are ints: the node needs no check
        node = f"<{self.art}/m/{m.start}-{m.end}>"
        if node not in self.mentions:
            self.mentions.add(node)
            add = self.triples.append
            add(f"{node} {RDF_TYPE} {_MENTION}")
            add(f"{node} {_IN_ARTICLE} {self.a}")
            add(f"{node} {_BEGIN_INDEX} {_integer(m.start)}")
            add(f"{node} {_END_INDEX} {_integer(m.end)}")
            add(f"{node} {_ANCHOR_OF} {literal(m.text)}")
            if m.sentence >= 0:
                add(f"{node} {_SENTENCE_INDEX} {_integer(m.sentence)}")
                add(f"{node} {_SENTENCE} {self.sentence_literal(m.sentence)}")
        return node

    def sentence_literal(self, index: int) -> str:
        """The sentence's text as a literal, escaped once however many mentions it holds."""
        text = self.sentence_literals.get(index)
        if text is None:
            text = self.sentence_literals[index] = literal(self.sentences.get(index, ""))
        return text

    def node(self, subject: str, cls: URIRef, label: str, mentions: Iterable[Mention]) -> None:
        self.add(subject, RDF_TYPE, sg(cls))
        self.add(subject, RDFS_LABEL, self.lit(label))
        self.add(self.a, _MENTIONS, subject)
        for m in mentions:
            self.add(subject, _HAS_MENTION, self.mention(m))


def extraction_to_graph(ext: Extraction, *, now: datetime | None = None) -> GraphWrite:
    """The article's named graph: metadata, provenance and everything extracted."""
    w = _Writer(ext)
    art = ext.article
    a = w.a
    w.add(a, RDF_TYPE, sg(SG.Article))
    w.add(a, RDF_TYPE, f"<{SCHEMA}NewsArticle>")
    w.add(a, RDFS_LABEL, w.lit(art.title or art.id))
    if art.title:
        w.add(a, f"<{SCHEMA}headline>", w.lit(art.title))
    if art.published is not None:
        w.add(a, f"<{SCHEMA}datePublished>", w.lit(art.published.isoformat(), "date"))
    if art.author:
        w.add(a, f"<{SCHEMA}author>", w.lit(art.author))
    if art.url:
        w.add(a, f"<{SCHEMA}url>", w.lit(art.url, "anyURI"))
        if safe_iri(art.url):
            # the graph was read from the published page
            w.add(a, f"<{PROV}hadPrimarySource>", iri(art.url))
    if art.publisher:
        pub = iri(f"{ID}organization/{slugify(art.publisher)}")
        w.add(a, f"<{SCHEMA}publisher>", pub)
        w.add(pub, RDF_TYPE, f"<{SCHEMA}Organization>")
        w.add(pub, f"<{SCHEMA}name>", w.lit(art.publisher))
    if ext.credit is not None:
        # the agency whose reporting the article carries ("BRUSSELS (Reuters) -")
        wire = iri(f"{ID}organization/{slugify(ext.credit.name)}")
        w.add(a, sg(SG.wireCredit), wire)
        w.add(a, sg(SG.creditMention), w.mention(ext.credit.mention))
        w.add(wire, RDF_TYPE, f"<{SCHEMA}Organization>")
        w.add(wire, f"<{SCHEMA}name>", w.lit(ext.credit.name))
    w.add(a, f"<{SCHEMA}wordCount>", w.lit(art.word_count, "integer"))
    w.add(a, sg(SG.contentHash), w.lit(art.content_hash))
    if art.source:
        w.add(a, sg(SG.sourcePath), w.lit(art.source))
    run = iri(f"{w.art}/run")
    # ``a`` names the article's graph too (docs/ontology.md): the run generated that graph
    w.add(a, f"<{PROV}wasGeneratedBy>", run)
    w.add(run, RDF_TYPE, sg(SG.ExtractionRun))
    w.add(run, RDFS_LABEL, w.lit(f"storygraph {__version__} with {ext.model} {ext.model_version}"))
    stamp = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    w.add(run, f"<{PROV}startedAtTime>", w.lit(stamp, "dateTime"))
    w.add(run, sg(SG.softwareVersion), w.lit(__version__))
    w.add(run, sg(SG.modelName), w.lit(ext.model))
    w.add(run, sg(SG.modelVersion), w.lit(ext.model_version))

    nodes: dict[str, str] = {}
    for e in ext.entities:
        node = iri(entity_iri(e, w.art))
        nodes[e.key] = node
        w.node(
            node,
            SG[e.kind.value] if e.kind is not EntityKind.OTHER else SG.StoryThing,
            e.name,
            e.mentions,
        )
        for alias in sorted(e.aliases):
            w.add(node, sg(SG.alias), w.lit(alias))
        if e.size is not None:
            w.add(node, sg(SG.size), w.lit(e.size, "integer"))
        if e.description:
            w.add(node, sg(SG.description), w.lit(e.description))

    for t in ext.times:
        node = iri(f"{w.art}/time/{t.mention.start}-{t.mention.end}")
        nodes[t.key] = node
        w.node(node, SG.TimeExpression, t.mention.text, [t.mention])
        w.add(node, sg(SG.timeType), w.lit(t.type))
        if t.approximate:
            w.add(node, sg(SG.approximation), w.lit("about"))
        if t.value:
            w.add(node, sg(SG.timexValue), w.lit(t.value))
            typed = _typed_date(t.value)
            if typed and int(t.value[:4]) >= 1:
                w.add(node, sg(SG.normalizedDate), w.lit(typed[0], typed[1]))
            if (
                t.type == "DURATION"
                and re.fullmatch(
                    r"P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?",
                    t.value,
                )
                and "W" not in t.value
            ):
                w.add(node, sg(SG.duration), w.lit(t.value, "duration"))
            if t.begin is not None and t.end is not None:
                w.add(node, sg(SG.intervalStart), w.lit(t.begin.isoformat(), "date"))
                w.add(node, sg(SG.intervalEnd), w.lit(t.end.isoformat(), "date"))
            if (denoted := _denoted_time(w, t)) is not None:
                w.add(node, sg(SG.denotes), denoted)

    for q in ext.quantities:
        node = iri(f"{w.art}/quantity/{q.mention.start}-{q.mention.end}")
        nodes[q.key] = node
        w.node(node, SG.Quantity, q.mention.text, [q.mention])
        value = _decimal(q.number) if q.number is not None else None
        if value is not None:
            w.add(node, sg(SG.numericValue), w.lit(value, "decimal"))
        _money(w, node, q, value)
        if q.unit:
            w.add(node, sg(SG.unit), w.lit(q.unit))
        if q.counted:
            w.add(node, sg(SG.countedThing), w.lit(q.counted))
        if q.approximation:
            w.add(node, sg(SG.approximation), w.lit(q.approximation))
        if q.measures and q.measures in nodes:
            w.add(node, sg(SG.measures), nodes[q.measures])

    for n, ev in enumerate(ext.events):
        node = iri(f"{w.art}/event/{n}")
        nodes[ev.key] = node
        w.node(node, SG.Event, ev.label, [ev.trigger, *ev.mentions])
        w.add(node, sg(SG.trigger), w.mention(ev.trigger))
        w.add(node, sg(SG.action), w.lit(ev.lemma))
        w.add(node, sg(SG.polarity), w.lit("negative" if ev.negated else "positive"))
        w.add(node, sg(SG.modality), w.lit(ev.modality))
        if ev.time_basis and (ev.time_basis == "publication" or ev.time in nodes):
            w.add(node, sg(SG.timeBasis), w.lit(ev.time_basis))
        for role in ("agent", "patient", "recipient", "instrument", "place", "time", "quantity"):
            key = getattr(ev, role)
            if key and key in nodes:
                w.add(node, sg(SG[role]), nodes[key])

    for n, c in enumerate(ext.claims):
        node = iri(f"{w.art}/claim/{n}")
        nodes[c.key] = node
    for c in ext.claims:
        node = nodes[c.key]
        label = c.content.text if len(c.content.text) <= 120 else c.content.text[:119] + "…"
        w.node(node, SG.Claim, label, [c.cue, c.content])
        w.add(node, sg(SG.cue), w.mention(c.cue))
        w.add(node, sg(SG.cueLemma), w.lit(c.cue_lemma or c.cue.text.lower()))
        w.add(node, sg(SG.content), w.lit(c.content.text))
        w.add(node, sg(SG.contentMention), w.mention(c.content))
        w.add(node, sg(SG.stance), w.lit(c.stance))
        if c.quote:
            w.add(node, sg(SG.quote), w.lit(c.quote))
        if c.source and c.source in nodes:
            w.add(node, sg(SG.source), nodes[c.source])
        if c.reported_to and c.reported_to in nodes:
            w.add(node, sg(SG.reportedTo), nodes[c.reported_to])
        if c.parent and c.parent in nodes:
            w.add(node, sg(SG.attributedVia), nodes[c.parent])
        for key in c.about:
            if key in nodes:
                w.add(node, sg(SG.about), nodes[key])

    for n, oq in enumerate(ext.questions):
        node = iri(f"{w.art}/question/{n}")
        nodes[oq.key] = node
        w.node(node, SG.OpenQuestion, oq.content, [oq.mention])
        w.add(node, sg(SG.questionText), w.lit(oq.content))
        for key in oq.about:
            if key in nodes:
                w.add(node, sg(SG.about), nodes[key])
        if oq.withheld_by and oq.withheld_by in nodes:
            w.add(node, sg(SG.withheldBy), nodes[oq.withheld_by])

    for r in ext.relations:
        if r.subject in nodes and r.object in nodes:
            w.add(nodes[r.subject], sg(SG[r.predicate]), nodes[r.object])

    return GraphWrite(w.art, list(dict.fromkeys(w.triples)))
