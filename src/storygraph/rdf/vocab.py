"""The storygraph ontology's terms as a :class:`DefinedNamespace`, and the prefix table.

A misspelt term fails loudly; ``tests/test_vocab.py`` checks that every term here is defined in
``ontology/storygraph.ttl`` with a label and a comment, and the other way round.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = [
    "CONTEXT_FILE",
    "ID",
    "NS",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "PREFIXES",
    "SG",
    "SG_ONTOLOGY",
    "SHAPES_FILE",
]

NS = "https://w3id.org/storygraph/ns#"
SG_ONTOLOGY = URIRef("https://w3id.org/storygraph/ns")
ID = Namespace("https://w3id.org/storygraph/id/")

#: The prefixes every query sees without declaring them, and every serialisation uses.
PREFIXES: dict[str, str] = {
    "sg": NS,
    "id": str(ID),
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
}

#: The shipped ontology (the package's ``ontology`` links to the repository's ``ontology/``).
ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "storygraph.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
#: The JSON-LD context of the JSON-LD export: the prefixes, and a short term per ontology term.
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"


class SG(DefinedNamespace):
    """storygraph ontology terms."""

    _NS = Namespace(NS)
    _fail = True

    # classes
    Agent: URIRef
    AnonymousSource: URIRef
    Article: URIRef
    Claim: URIRef
    Document: URIRef
    Event: URIRef
    ExtractionRun: URIRef
    FinancialEntity: URIRef
    Group: URIRef
    Mention: URIRef
    MergeCandidate: URIRef
    OpenQuestion: URIRef
    Organization: URIRef
    OrganizationalUnit: URIRef
    Person: URIRef
    Place: URIRef
    Product: URIRef
    Quantity: URIRef
    Story: URIRef
    StoryLink: URIRef
    StoryThing: URIRef
    TimeExpression: URIRef

    # properties
    about: URIRef
    action: URIRef
    affiliatedWith: URIRef
    agent: URIRef
    alias: URIRef
    anchorOf: URIRef
    anchorTime: URIRef
    approximation: URIRef
    attributedVia: URIRef
    beginIndex: URIRef
    candidateSameEvent: URIRef
    competitorOf: URIRef
    content: URIRef
    contentHash: URIRef
    creditMention: URIRef
    linksPending: URIRef
    contentMention: URIRef
    contradicts: URIRef
    corroborates: URIRef
    countedThing: URIRef
    cue: URIRef
    cueLemma: URIRef
    denotes: URIRef
    description: URIRef
    duration: URIRef
    endIndex: URIRef
    firstReportedIn: URIRef
    hasArticle: URIRef
    hasMention: URIRef
    inArticle: URIRef
    instrument: URIRef
    intervalEnd: URIRef
    intervalStart: URIRef
    issuedBy: URIRef
    linkFrom: URIRef
    linkTo: URIRef
    measures: URIRef
    memberOf: URIRef
    mentions: URIRef
    mergeCandidate: URIRef
    modality: URIRef
    modelName: URIRef
    modelVersion: URIRef
    normalizedDate: URIRef
    numericValue: URIRef
    obtainedBy: URIRef
    outletCount: URIRef
    partOf: URIRef
    patient: URIRef
    place: URIRef
    polarity: URIRef
    quantity: URIRef
    questionText: URIRef
    quote: URIRef
    recipient: URIRef
    repeats: URIRef
    reportedTo: URIRef
    rule: URIRef
    score: URIRef
    sentOn: URIRef
    sentTo: URIRef
    sentence: URIRef
    sentenceIndex: URIRef
    size: URIRef
    softwareVersion: URIRef
    source: URIRef
    sourceCount: URIRef
    sourcePath: URIRef
    stance: URIRef
    time: URIRef
    timeBasis: URIRef
    timeType: URIRef
    timexValue: URIRef
    trigger: URIRef
    unit: URIRef
    withheldBy: URIRef
    wireCredit: URIRef
