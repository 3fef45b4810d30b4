"""How storygraph's RDF fits the vocabularies it borrows (issue 15): time expressions denote
OWL-Time instants and intervals, money is a schema:MonetaryAmount, sentOn is no temporal
coverage, the run generated the article's graph, JSON-LD is compacted with the shipped
context, and mentions export as W3C Web Annotations."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef

from storygraph.cli import cli
from storygraph.export import (
    DOCUMENT_FORMATS,
    DOCUMENT_WRITERS,
    EXPORT_FORMATS,
    export_document,
    jsonld_context,
    mention_annotations,
)
from storygraph.query.validate import validate_graph
from storygraph.rdf.mint import article_iri, extraction_to_graph
from storygraph.rdf.vocab import CONTEXT_FILE, NS, ONTOLOGY_FILE, PREFIXES, SG
from storygraph.records import (
    Article,
    Entity,
    EntityKind,
    Extraction,
    Mention,
    Quantity,
    Relation,
    Sentence,
    TimeExpression,
)
from storygraph.store import EmbeddedStore

TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ID = "https://w3id.org/storygraph/id/"
DATA = Path(__file__).parent / "data" / "rdf"
NOW = datetime(2026, 11, 27, 9, 0)

# Two sentences; "Acme" twice in the first, so a quote's place in its sentence is ambiguous
# from its own anchor alone.
TEXT = (
    "Acme said on Wednesday that Acme paid $5 billion last month. "
    "The memo, sent on Nov. 25, cut 12 percent of jobs."
)


def span(text: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = TEXT.index(text, at + 1)
    return at, at + len(text)


def mention(text: str, nth: int = 0) -> Mention:
    start, end = span(text, nth)
    return Mention(start, end, text, 0 if start < TEXT.index("The memo") else 1)


def time(text: str, type_: str, value: str | None, begin: date | None = None, end=None):  # type: ignore[no-untyped-def]
    return TimeExpression(f"time:{text}", mention(text), type_, value, begin=begin, end=end)


def extraction(**extra: object) -> Extraction:
    first_end = TEXT.index("The memo") - 1
    ext = Extraction(
        Article("acme", TEXT, "Acme pays", date(2026, 11, 26), url="https://news.example/acme"),
        sentences=[Sentence(0, 0, first_end), Sentence(1, first_end + 1, len(TEXT))],
        entities=[
            Entity(
                "org:acme",
                EntityKind.ORGANIZATION,
                "Acme",
                mentions=[mention("Acme"), mention("Acme", 1)],
            ),
            Entity("doc:memo", EntityKind.DOCUMENT, "The memo", mentions=[mention("The memo")]),
        ],
        times=[
            time("Wednesday", "DATE", "2026-11-25", date(2026, 11, 25), date(2026, 11, 25)),
            time("last month", "DATE", "2026-10", date(2026, 10, 1), date(2026, 10, 31)),
            time("Nov. 25", "DATE", "2026-11-25", date(2026, 11, 25), date(2026, 11, 25)),
        ],
        quantities=[
            Quantity("qty:0", mention("$5 billion"), 5e9, unit="USD"),
            Quantity("qty:1", mention("12 percent"), 12, unit="percent"),
        ],
        relations=[Relation("doc:memo", "sentOn", "time:Nov. 25")],
        model="test",
        model_version="0",
    )
    for key, value in extra.items():
        setattr(ext, key, value)
    return ext


def graph_of(ext: Extraction) -> rdflib.Graph:
    write = extraction_to_graph(ext, now=NOW)
    return rdflib.Graph().parse(data="".join(f"{t} .\n" for t in write.triples), format="nt")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")


def supers(ontology: rdflib.Graph, term: URIRef, prop: URIRef) -> set[URIRef]:
    return set(ontology.transitive_objects(term, prop)) - {term}  # type: ignore[arg-type]


# -- the ontology ---------------------------------------------------------------------------


def test_a_time_expression_is_no_time(ontology: rdflib.Graph) -> None:
    assert not {TIME.TemporalEntity, TIME.Instant, TIME.Interval} & supers(
        ontology, SG.TimeExpression, RDFS.subClassOf
    )
    assert ontology.value(SG.denotes, RDFS.range) == TIME.TemporalEntity
    assert ontology.value(SG.denotes, RDFS.domain) == SG.TimeExpression
    # time:hasXSDDuration's subject is a temporal entity: not the expression's duration
    assert TIME.hasXSDDuration not in supers(ontology, SG.duration, RDFS.subPropertyOf)


def test_sent_on_is_no_temporal_coverage(ontology: rdflib.Graph) -> None:
    assert SCHEMA.temporalCoverage not in supers(ontology, SG.sentOn, RDFS.subPropertyOf)
    assert (SG.sentOn, RDFS.seeAlso, SCHEMA.dateSent) in ontology


def test_a_quantity_is_a_structured_value_money_a_monetary_amount(
    ontology: rdflib.Graph,
) -> None:
    assert (SG.Quantity, RDFS.subClassOf, SCHEMA.StructuredValue) in ontology
    assert SCHEMA.QuantitativeValue not in supers(ontology, SG.Quantity, RDFS.subClassOf)


# -- minted times -----------------------------------------------------------------------------


def denoted(g: rdflib.Graph, text: str) -> URIRef | None:
    start, end = span(text)
    node = URIRef(f"{article_iri('acme')}/time/{start}-{end}")
    value = g.value(node, SG.denotes)
    assert value is None or isinstance(value, URIRef)
    return value


def test_a_day_denotes_an_instant_shared_by_every_expression_of_it() -> None:
    g = graph_of(extraction())
    day = URIRef(f"{ID}time/2026-11-25")
    assert denoted(g, "Wednesday") == denoted(g, "Nov. 25") == day
    assert (day, RDF.type, TIME.Instant) in g
    assert g.value(day, TIME.inXSDDate) == Literal("2026-11-25", datatype=XSD.date)


def test_a_month_denotes_an_interval_between_instants() -> None:
    g = graph_of(extraction())
    month = denoted(g, "last month")
    assert month == URIRef(f"{ID}time/2026-10-01/2026-10-31")
    assert (month, RDF.type, TIME.Interval) in g
    begin, end = g.value(month, TIME.hasBeginning), g.value(month, TIME.hasEnd)
    assert (begin, RDF.type, TIME.Instant) in g and (end, RDF.type, TIME.Instant) in g
    assert g.value(begin, TIME.inXSDDate) == Literal("2026-10-01", datatype=XSD.date)
    assert g.value(end, TIME.inXSDDate) == Literal("2026-10-31", datatype=XSD.date)


@pytest.mark.parametrize(
    ("type_", "value", "begin", "end", "expected"),
    [
        ("DATE", "2026-11-25", None, None, ("2026-11-25", "inXSDDate")),
        ("TIME", "2026-11-25T14:30", None, None, ("2026-11-25T14:30", "inXSDDateTime")),
        (
            "TIME",
            "2026-11-25TMO",
            date(2026, 11, 25),
            date(2026, 11, 25),
            ("2026-11-25", "inXSDDate"),
        ),
        (
            "DATE",
            "2026-W48",
            date(2026, 11, 23),
            date(2026, 11, 29),
            ("2026-11-23/2026-11-29", None),
        ),
        ("DATE", "2026", date(2026, 1, 1), date(2026, 12, 31), ("2026-01-01/2026-12-31", None)),
        ("DURATION", "P30D", None, None, None),
        ("SET", "XXXX-QX", None, None, None),
        ("DATE", "XXXX-11-25", None, None, None),
        ("DATE", None, None, None, None),
    ],
)
def test_what_a_time_value_denotes(
    type_: str,
    value: str | None,
    begin: date | None,
    end: date | None,
    expected: tuple[str, str | None] | None,
) -> None:
    ext = extraction(times=[time("Wednesday", type_, value, begin, end)], relations=[])
    g = graph_of(ext)
    node = denoted(g, "Wednesday")
    if expected is None:
        assert node is None
        assert not set(g.subjects(RDF.type, TIME.Instant))
        return
    name, position = expected
    assert node == URIRef(f"{ID}time/{name}")
    if position is None:
        assert (node, RDF.type, TIME.Interval) in g
    else:
        assert (node, RDF.type, TIME.Instant) in g
        datatype = XSD.date if position == "inXSDDate" else XSD.dateTime
        assert g.value(node, TIME[position]) == Literal(name, datatype=datatype)


# -- money, sentOn, provenance -------------------------------------------------------------


def quantity(g: rdflib.Graph, text: str) -> URIRef:
    start, end = span(text)
    return URIRef(f"{article_iri('acme')}/quantity/{start}-{end}")


@pytest.mark.parametrize(
    ("unit", "cls", "currency"),
    [
        ("USD", SCHEMA.MonetaryAmount, "USD"),
        ("GBP", SCHEMA.MonetaryAmount, "GBP"),
        ("currency", SCHEMA.MonetaryAmount, None),  # money of no known currency
        ("percent", SCHEMA.QuantitativeValue, None),
        (None, SCHEMA.QuantitativeValue, None),
    ],
)
def test_money_is_a_monetary_amount(unit: str | None, cls: URIRef, currency: str | None) -> None:
    ext = extraction(quantities=[Quantity("qty:0", mention("$5 billion"), 5e9, unit=unit)])
    g = graph_of(ext)
    node = quantity(g, "$5 billion")
    assert (node, RDF.type, cls) in g
    assert (node, RDF.type, SG.Quantity) in g
    assert g.value(node, SCHEMA.value) == Literal("5000000000.0", datatype=XSD.decimal)
    found = g.value(node, SCHEMA.currency)
    assert (str(found) if found is not None else None) == currency
    if cls == SCHEMA.QuantitativeValue and unit:
        assert g.value(node, SCHEMA.unitText) == Literal(unit)


def test_sent_on_points_to_the_expression_that_denotes_the_day() -> None:
    g = graph_of(extraction())
    memo = URIRef(f"{article_iri('acme')}/document/doc-memo")
    sent = g.value(memo, SG.sentOn)
    assert g.value(sent, SG.denotes) == URIRef(f"{ID}time/2026-11-25")


def test_the_run_generated_the_articles_graph_read_from_its_page() -> None:
    write = extraction_to_graph(extraction(), now=NOW)
    g = graph_of(extraction())
    graph = URIRef(write.name)  # the graph's name is the article's IRI (docs/ontology.md)
    run = g.value(graph, PROV.wasGeneratedBy)
    assert (run, RDF.type, SG.ExtractionRun) in g
    assert g.value(graph, PROV.hadPrimarySource) == URIRef("https://news.example/acme")


def test_the_minted_graph_conforms_to_the_shapes() -> None:
    report = validate_graph(graph_of(extraction()))
    assert report.conforms, report.text


# a damaged time hangs on a time expression of its own (whose own gaps fail too)
_EXPR = "id:e a sg:TimeExpression ; sg:denotes "


@pytest.mark.parametrize(
    ("turtle", "constraint"),
    [
        (
            _EXPR + "id:tx . id:tx a time:Interval ; time:hasBeginning id:t1 . "
            'id:t1 a time:Instant ; time:inXSDDate "2026-10-01"^^xsd:date .',
            "Or",
        ),
        (_EXPR + 'id:ty . id:ty a time:Instant ; time:inXSDDate "2026-10" .', "Or"),
        (_EXPR + "id:tz . id:tz a sg:TimeExpression .", "Or"),
        ('a:quantity a sg:Quantity ; schema:currency "dollars" .', "Pattern"),
    ],
    ids=["interval-without-end", "instant-not-a-date", "expression-not-a-time", "currency"],
)
def test_damaged_times_and_money_fail_the_shapes(turtle: str, constraint: str) -> None:
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    prefixes += f"@prefix a: <{article_iri('acme')}/> .\n"
    g = graph_of(extraction()) + rdflib.Graph().parse(data=prefixes + turtle, format="turtle")
    report = validate_graph(g)
    assert not report.conforms
    assert f"{constraint}ConstraintComponent" in report.text


# -- JSON-LD with the shipped context -------------------------------------------------------


def test_the_context_has_a_term_for_every_ontology_term(ontology: rdflib.Graph) -> None:
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert {p: context[p] for p in PREFIXES} == PREFIXES
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            name = str(term)[len(NS) :]
            if not str(term).startswith(NS) or name in PREFIXES:
                continue  # sg:time stays a compact IRI: "time" is OWL-Time's prefix
            entry = context.get(name)
            assert entry is not None, f"sg:{name}: add a term for it to ontology/context.jsonld"
            iri = entry if isinstance(entry, str) else entry["@id"]
            assert iri == f"sg:{name}"
            if kind == OWL.ObjectProperty:
                assert entry["@type"] == "@id", name
            rng = ontology.value(term, RDFS.range)
            if kind == OWL.DatatypeProperty and rng is not None and rng != XSD.string:
                assert entry["@type"] == "xsd:" + str(rng)[len(str(XSD)) :], name


@pytest.fixture
def story_store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "store")
    store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    store.write([extraction_to_graph(extraction(), now=NOW)])
    return store


def exported(store: EmbeddedStore, fmt: str, graph: str | None = None) -> bytes:
    out = io.BytesIO()
    export_document(store, fmt, out, graph)
    return out.getvalue()


def test_jsonld_is_compact_and_says_the_same(story_store: EmbeddedStore) -> None:
    data = exported(story_store, "jsonld")
    document = json.loads(data)
    assert document["@context"] == jsonld_context()
    nodes = [n for g in document["@graph"] for n in g.get("@graph", [])]
    mention = next(n for n in nodes if n.get("@type") == "Mention")
    assert int(mention["beginIndex"]) >= 0 and "anchorOf" in mention
    assert not any(k.startswith("https://w3id.org/storygraph/ns#") for n in nodes for k in n)
    back, expected = rdflib.Dataset(), rdflib.Dataset()
    back.parse(data=data, format="json-ld")
    expected.parse(data=story_store.dump("nquads"), format="nquads")
    # no blank nodes in storygraph's graphs: the statements compare as they are
    assert set(back.quads()) == set(expected.quads())
    assert sum(1 for _ in back.quads()) > 100


def test_jsonld_of_one_graph(story_store: EmbeddedStore) -> None:
    data = exported(story_store, "jsonld", article_iri("acme"))
    ids = {n["@id"] for n in json.loads(data)["@graph"]}  # its nodes, in the default graph
    assert article_iri("acme") in ids
    assert f"{ID}article/alpha" not in ids
    expected = rdflib.Graph().parse(data=story_store.dump("nt", article_iri("acme")), format="nt")
    assert set(rdflib.Graph().parse(data=data, format="json-ld")) == set(expected)


# -- Web Annotations of the mentions ---------------------------------------------------------


def test_annotations_are_a_registered_export_format() -> None:
    assert "annotations" in DOCUMENT_WRITERS
    assert "annotations" in EXPORT_FORMATS and "annotations" in DOCUMENT_FORMATS


def test_every_mention_is_an_annotation_anchored_twice(story_store: EmbeddedStore) -> None:
    collection = mention_annotations(story_store, article="acme")
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 8
    for item in items:
        position, quote = item["target"]["selector"]
        assert item["type"] == "Annotation" and item["motivation"] == "identifying"
        assert item["target"]["source"] == "https://news.example/acme"
        assert position["type"] == "TextPositionSelector"
        assert quote["type"] == "TextQuoteSelector"
        assert TEXT[position["start"] : position["end"]] == quote["exact"]
        # prefix and suffix come from the sentence: the text just before and after the span
        assert TEXT[: position["start"]].endswith(quote.get("prefix", ""))
        assert TEXT[position["end"] :].startswith(quote.get("suffix", ""))
    second_acme = next(
        i for i in items if i["target"]["selector"][0]["start"] == span("Acme", 1)[0]
    )
    assert second_acme["target"]["selector"][1] == {
        "type": "TextQuoteSelector",
        "exact": "Acme",
        "prefix": "Acme said on Wednesday that ",
        "suffix": " paid $5 billion last month.",
    }
    assert second_acme["body"] == [
        {
            "type": "SpecificResource",
            "purpose": "identifying",
            "source": {"id": f"{ID}organization/acme", "label": "Acme"},
        },
        {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": "Organization",
            "format": "text/plain",
        },
    ]


def test_annotations_of_an_article_without_url_target_its_iri(
    story_store: EmbeddedStore,
) -> None:
    items = mention_annotations(story_store, article="alpha")["first"]["items"]
    assert items and {i["target"]["source"] for i in items} == {f"{ID}article/alpha"}


def test_annotations_progress_counts_mentions(story_store: EmbeddedStore) -> None:
    seen: list[tuple[int, int]] = []
    mention_annotations(story_store, article="acme", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(8, 8)]


def test_export_annotations_on_the_command_line(story_store: EmbeddedStore) -> None:
    location = story_store.location
    story_store.close()
    result = CliRunner().invoke(
        cli,
        ["-q", "export", "--store", str(location), "--format", "annotations", "--graph", "acme"],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout)["total"] == 8
