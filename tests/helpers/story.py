"""The story the export and viewer tests share: a test double of a store over an rdflib
``Dataset``, a hand-built graph of the example article (``meta-applied-ai-reversal``) plus a
follow-up article and three hostile labels, and synthetic graphs for size tests.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from helpers import ROOT
from storygraph.rdf.vocab import ID, SG, SG_ONTOLOGY

SCHEMA_NEWS = URIRef("https://schema.org/NewsArticle")
SCHEMA_HEADLINE = URIRef("https://schema.org/headline")
SCHEMA_DATE = URIRef("https://schema.org/datePublished")
ONTOLOGY = ROOT / "ontology" / "storygraph.ttl"

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"
XSS_HREF = "Click <a href=\"javascript:window.__xss=3\">here</a> & 'quote' </script><!--"

# -- test double and graph builder -------------------------------------------------------------


class DatasetStore:
    """The exporters' view of a store over an rdflib ``Dataset`` with a union default graph."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.queries: list[str] = []

    def select(self, sparql: str) -> list[dict[str, Node]]:
        self.queries.append(sparql)
        return [
            {str(k): v for k, v in row.asdict().items()}  # type: ignore[union-attr]
            for row in self.dataset.query(sparql)
        ]


def node_iri(kind: str, key: str) -> URIRef:
    return ID[f"{kind.lower()}/{key}"]


@dataclass
class ArticleBuilder:
    """Writes one article's named graph: nodes with mentions, and relations."""

    dataset: Dataset
    slug: str
    published: str
    headline: str
    counter: int = 0
    offset: int = 0
    nodes: dict[str, URIRef] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.iri = ID[f"article/{self.slug}"]
        self.graph = self.dataset.graph(self.iri)
        self.graph.add((self.iri, RDF.type, SG.Article))
        self.graph.add((self.iri, RDF.type, SCHEMA_NEWS))
        self.graph.add((self.iri, SCHEMA_HEADLINE, Literal(self.headline)))
        self.graph.add((self.iri, SCHEMA_DATE, Literal(self.published, datatype=XSD.date)))

    def node(
        self,
        kind: str,
        key: str,
        label: str,
        mentions: Iterable[tuple[str, str]],
        **values: object,
    ) -> URIRef:
        """A node of class ``kind`` with ``(anchor, sentence)`` mentions and literal values."""
        n = node_iri(kind, key)
        g = self.graph
        g.add((n, RDF.type, SG[kind]))
        g.add((n, RDFS.label, Literal(label)))
        g.add((self.iri, SG.mentions, n))
        for anchor, sentence in mentions:
            self.counter += 1
            m = ID[f"mention/{self.slug}/{self.counter}"]
            begin = self.offset + max(sentence.find(anchor), 0)
            self.offset += len(sentence) + 1
            g.add((n, SG.hasMention, m))
            g.add((m, RDF.type, SG.Mention))
            g.add((m, SG.inArticle, self.iri))
            g.add((m, SG.beginIndex, Literal(begin)))
            g.add((m, SG.endIndex, Literal(begin + len(anchor))))
            g.add((m, SG.anchorOf, Literal(anchor)))
            g.add((m, SG.sentence, Literal(sentence)))
        for name, value in values.items():
            datatype = XSD.date if name == "intervalStart" else None
            g.add((n, SG[name], Literal(value, datatype=datatype)))
        self.nodes[key] = n
        return n

    def rel(self, s: str, p: str, o: str) -> None:
        self.graph.add((self.nodes[s], SG[p], self.nodes[o]))


S1 = "Meta reassigned 7,000 engineers to AI training units last month."
S2 = "On Wednesday, it told them they could leave."
S3 = "The internal memo — obtained by Business Insider — says the company will now defer."
S4 = "Four sources confirmed the policy shift to Business Insider."
S5 = (
    "Wednesday's internal communication went to engineers who'd been reassigned to the "
    "Applied AI task force — a unit focused on training Meta's upcoming models."
)
S6 = "Meta operates in an environment where OpenAI, Google, and Anthropic compete aggressively."
S7 = "Meta has not disclosed whether the reassignments included performance expectations."
S8 = f"A hostile line: {XSS_IMG} {XSS_SCRIPT} {XSS_HREF}"


def build_story(dataset: Dataset, *, hostile: bool = True) -> None:
    """The example story, a follow-up article a fortnight later, and hostile labels."""
    a = ArticleBuilder(
        dataset, "meta-applied-ai-reversal", "2026-11-26", "Meta reverses AI reassignments"
    )
    a.node("Organization", "meta", "Meta", [("Meta", S1), ("it", S2), ("Meta", S6), ("Meta", S7)])
    a.node("Organization", "business-insider", "Business Insider", [("Business Insider", S3)])
    a.graph.add(
        (a.nodes["business-insider"], SG.hasMention, ID["mention/meta-applied-ai-reversal/bi2"])
    )
    for prop, value in (
        (RDF.type, SG.Mention),
        (SG.inArticle, a.iri),
        (SG.beginIndex, Literal(1000)),
        (SG.endIndex, Literal(1017)),
        (SG.anchorOf, Literal("Business Insider")),
        (SG.sentence, Literal(S4)),
    ):
        a.graph.add((ID["mention/meta-applied-ai-reversal/bi2"], prop, value))
    a.node(
        "OrganizationalUnit", "applied-ai", "Applied AI task force", [("Applied AI task force", S5)]
    )
    a.graph.add((a.nodes["applied-ai"], RDF.type, SG.Organization))  # a unit is an organisation
    a.node("Document", "memo", "the internal memo", [("The internal memo", S3), ("the memo", S5)])
    a.node("Group", "engineers", "the 7,000 engineers", [("7,000 engineers", S1)], size=7000)
    a.node("AnonymousSource", "four-sources", "four sources", [("Four sources", S4)], size=4)
    for key, name in (("openai", "OpenAI"), ("google", "Google"), ("anthropic", "Anthropic")):
        a.node("Organization", key, name, [(name, S6)])
        a.graph.add((a.nodes["meta"], SG.competitorOf, a.nodes[key]))
    a.node(
        "TimeExpression",
        "last-month",
        "last month",
        [("last month", S1)],
        timexValue="2026-10",
        intervalStart="2026-10-01",
    )
    a.node(
        "TimeExpression",
        "wednesday",
        "Wednesday",
        [("Wednesday", S2)],
        timexValue="2026-11-25",
        intervalStart="2026-11-25",
    )
    a.node(
        "Event",
        "reassign",
        "reassigned",
        [("reassigned", S1)],
        action="reassign",
        polarity="positive",
        modality="asserted",
    )
    a.node("Event", "tell", "told", [("told", S2)], action="tell", polarity="positive")
    a.node(
        "Claim",
        "confirm",
        "Four sources confirmed the policy shift",
        [("confirmed", S4)],
        content="the policy shift",
        stance="confirms",
        cueLemma="confirm",
    )
    a.node(
        "OpenQuestion",
        "perf",
        "whether the reassignments included performance expectations",
        [("has not disclosed", S7)],
        questionText="whether the reassignments included performance expectations",
    )
    a.node("Quantity", "seven-thousand", "7,000", [("7,000", S1)], numericValue=7000)
    for s, p, o in (
        ("applied-ai", "partOf", "meta"),
        ("engineers", "memberOf", "meta"),
        ("memo", "issuedBy", "meta"),
        ("memo", "obtainedBy", "business-insider"),
        ("memo", "sentTo", "engineers"),
        ("memo", "sentOn", "wednesday"),
        ("reassign", "agent", "meta"),
        ("reassign", "patient", "engineers"),
        ("reassign", "recipient", "applied-ai"),
        ("reassign", "time", "last-month"),
        ("tell", "agent", "meta"),
        ("tell", "recipient", "engineers"),
        ("tell", "instrument", "memo"),
        ("tell", "time", "wednesday"),
        ("confirm", "source", "four-sources"),
        ("confirm", "reportedTo", "business-insider"),
        ("confirm", "about", "meta"),
        ("perf", "about", "meta"),
        ("perf", "withheldBy", "meta"),
        ("seven-thousand", "measures", "engineers"),
    ):
        a.rel(s, p, o)
    if hostile:
        a.node("Person", "xss-img", XSS_IMG, [(XSS_IMG, S8)])
        a.node("Product", "xss-script", XSS_SCRIPT, [(XSS_SCRIPT, S8)])
        a.node("Organization", "xss-href", XSS_HREF, [(XSS_HREF, S8)])
        a.rel("xss-img", "memberOf", "xss-href")

    b = ArticleBuilder(dataset, "meta-follow-up", "2026-12-10", "Meta's follow-up")
    f1 = "Mark Zuckerberg said in December that Meta would hire more AI staff."
    f2 = "Google and Meta both announced new models."
    b.node("Organization", "meta", "Meta", [("Meta", f1), ("Meta", f2)])
    b.node("Organization", "google", "Google", [("Google", f2)])
    b.node("Person", "zuckerberg", "Mark Zuckerberg", [("Mark Zuckerberg", f1)])
    b.node("Place", "menlo-park", "Menlo Park", [("Menlo Park", f1)])
    b.node(
        "TimeExpression",
        "december",
        "December",
        [("December", f1)],
        timexValue="2026-12",
        intervalStart="2026-12-01",
    )
    b.node("Event", "hire", "hire", [("hire", f1)], action="hire", polarity="negative")
    b.node(
        "Claim",
        "said",
        "Meta would hire more AI staff",
        [("said", f1)],
        content="Meta would hire more AI staff",
        cueLemma="say",
    )
    for s, p, o in (
        ("zuckerberg", "memberOf", "meta"),
        ("hire", "agent", "meta"),
        ("hire", "place", "menlo-park"),
        ("hire", "time", "december"),
        ("said", "source", "zuckerberg"),
        ("said", "about", "meta"),
    ):
        b.rel(s, p, o)
    # an earlier event reported late: it happened in the first article's month
    b.node("Event", "announce", "announced", [("announced", f2)], action="announce")
    b.node(
        "TimeExpression",
        "october",
        "October",
        [("announced", f2)],
        timexValue="2026-10",
        intervalStart="2026-10-01",
    )
    b.rel("announce", "agent", "google")
    b.rel("announce", "time", "october")


def story_store(*, hostile: bool = True) -> DatasetStore:
    """A fresh test store holding the story and the ontology graph."""
    dataset = Dataset(default_union=True)
    dataset.graph(SG_ONTOLOGY).parse(ONTOLOGY, format="turtle")
    build_story(dataset, hostile=hostile)
    return DatasetStore(dataset)


def synthetic_graph(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """A deterministic random story-like graph with ``n`` nodes (for size and speed tests)."""
    rng = random.Random(seed)
    kinds = ["Organization", "Person", "Event", "Claim", "Place", "Document", "TimeExpression"]
    g = nx.MultiDiGraph(articles=n // 20, first_published="2026-01-01", last_published="2026-06-30")
    for i in range(n):
        kind = kinds[i % len(kinds)]
        g.add_node(
            f"https://w3id.org/storygraph/id/{kind.lower()}/n{i}",
            label=f"{kind} {i}",
            kind=kind,
            mentions=1 + int(50 / (1 + i)),
            articles=1,
            first_seen="2026-01-01",
            time="",
            source="",
            detail="",
            evidence=f"Sentence about node {i}.",
            mention_texts=[f"{kind} {i} — Sentence about node {i}."],
        )
    ids = list(g.nodes)
    for i in range(1, n):
        j = rng.randrange(0, i) if rng.random() < 0.9 else rng.randrange(0, n)
        if j != i:
            g.add_edge(
                ids[i],
                ids[j],
                key="about",
                predicate=f"{SG}about",
                label="about",
                evidence="",
                via="",
            )
    return g


def iri(kind: str, key: str) -> str:
    return str(node_iri(kind, key))
