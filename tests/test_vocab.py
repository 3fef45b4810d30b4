"""The ontology is data and the namespace is code: check that they agree.

Every term of ``storygraph.rdf.vocab.SG`` is defined in ``ontology/storygraph.ttl`` with an English
label and comment (and the other way round), every class is aligned to an external vocabulary,
and the store carries the ontology so that subclass queries need no ``GRAPH``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef

from storygraph.query import QUERIES_DIR, run_query
from storygraph.rdf.vocab import NS, SG, SG_ONTOLOGY
from storygraph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "src" / "storygraph" / "ontology" / "storygraph.ttl"
SHAPES_FILE = ROOT / "src" / "storygraph" / "ontology" / "shapes.ttl"
DATA = Path(__file__).parent / "data" / "rdf"
SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
TIME = "http://www.w3.org/2006/time#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PROV = "http://www.w3.org/ns/prov#"
TERM_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")


def sg_terms(graph: rdflib.Graph) -> set[str]:
    """The sg: terms the ontology defines (types itself as a class or property)."""
    return {
        str(s)[len(NS) :]
        for kind in TERM_KINDS
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(NS)
    }


def vocab_terms() -> set[str]:
    return set(SG.__annotations__)


def classes(graph: rdflib.Graph) -> list[URIRef]:
    return sorted(
        URIRef(str(s)) for s in graph.subjects(RDF.type, OWL.Class) if str(s).startswith(NS)
    )


def test_the_package_reads_the_ontology_at_the_root() -> None:
    # ontology/ at the root is what people read; src/storygraph/ontology links to it, so there
    # is one file to edit and no copy to drift
    assert ONTOLOGY_FILE.resolve() == (ROOT / "ontology" / "storygraph.ttl").resolve()
    assert SHAPES_FILE.resolve() == (ROOT / "ontology" / "shapes.ttl").resolve()


def test_every_vocab_term_is_in_the_ontology(ontology: rdflib.Graph) -> None:
    assert sorted(vocab_terms() - sg_terms(ontology)) == []


def test_every_ontology_term_is_in_the_vocab(ontology: rdflib.Graph) -> None:
    assert sorted(sg_terms(ontology) - vocab_terms()) == []


def test_a_misspelt_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = SG.Evnet


@pytest.mark.parametrize("name", sorted(vocab_terms()))
def test_every_term_has_an_english_label_and_comment(ontology: rdflib.Graph, name: str) -> None:
    term = URIRef(NS + name)
    assert getattr(SG, name) == term
    for prop in (RDFS.label, RDFS.comment):
        values = list(ontology.objects(term, prop))
        assert len(values) == 1, f"sg:{name} needs one {prop}"
        [value] = values
        assert isinstance(value, Literal) and value.language == "en", f"sg:{name} {prop}"
        assert str(value).strip()


def _aligned(ontology: rdflib.Graph, cls: URIRef, seen: frozenset[URIRef] = frozenset()) -> bool:
    supers = set(ontology.objects(cls, RDFS.subClassOf)) | set(
        ontology.objects(cls, OWL.equivalentClass)
    )
    for sup in supers:
        if not isinstance(sup, URIRef):
            continue
        if not str(sup).startswith(NS):
            return True
        if sup not in seen and _aligned(ontology, sup, seen | {cls}):
            return True
    return False


@pytest.mark.parametrize(
    "cls",
    classes(rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")),
    ids=lambda c: str(c)[len(NS) :],
)
def test_every_class_is_aligned_to_an_external_vocabulary(
    ontology: rdflib.Graph, cls: URIRef
) -> None:
    assert _aligned(ontology, cls), f"{cls} is not aligned to any external class"


@pytest.mark.parametrize(
    ("cls", "external"),
    [
        (SG.Article, SCHEMA + "NewsArticle"),
        (SG.Event, SEM + "Event"),
        (SG.TimeExpression, PROV + "Entity"),
        (SG.Quantity, SCHEMA + "StructuredValue"),
        (SG.Mention, NIF + "String"),
        (SG.Person, SCHEMA + "Person"),
        (SG.Claim, SCHEMA + "Claim"),
        (SG.Organization, SCHEMA + "Organization"),
        (SG.Place, SCHEMA + "Place"),
        (SG.Agent, PROV + "Agent"),
    ],
)
def test_specific_alignments(ontology: rdflib.Graph, cls: URIRef, external: str) -> None:
    assert (cls, RDFS.subClassOf, URIRef(external)) in ontology


def test_the_ontology_describes_itself(ontology: rdflib.Graph) -> None:
    assert (SG_ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(SG_ONTOLOGY, OWL.versionInfo) is not None
    assert ontology.value(SG_ONTOLOGY, RDFS.label) is not None


def test_shapes_use_only_ontology_terms(ontology: rdflib.Graph) -> None:
    text = SHAPES_FILE.read_text(encoding="utf-8")
    used = set(re.findall(r"\bsg:([A-Za-z_]\w*)", text))
    assert used, "no sg: terms found in the shapes"
    assert sorted(used - sg_terms(ontology)) == []


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_named_queries_use_only_ontology_terms(ontology: rdflib.Graph, path: Path) -> None:
    used = set(re.findall(r"\bsg:([A-Za-z_]\w*)", path.read_text(encoding="utf-8")))
    assert sorted(used - sg_terms(ontology)) == []


# -- the ontology in the store ---------------------------------------------------------------


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("vocab") / "store")
    s.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    yield s
    s.close()


def test_the_ontology_graph_is_in_the_store(story: EmbeddedStore) -> None:
    assert (
        run_query(
            story, f"ASK {{ GRAPH <{SG_ONTOLOGY}> {{ sg:Person rdfs:subClassOf sg:Agent }} }}"
        )
        == "true"
    )


def test_subclass_queries_need_no_graph(story: EmbeddedStore) -> None:
    out = run_query(
        story,
        "SELECT ?x ?label WHERE { ?x a/rdfs:subClassOf* sg:Agent ; rdfs:label ?label } "
        "ORDER BY ?label",
        "csv",
    )
    assert out.replace("\r", "").splitlines() == [
        "x,label",
        "https://w3id.org/storygraph/id/article/alpha/source-spokesperson,A spokesperson",
        "https://w3id.org/storygraph/id/organization/meta,Meta",
    ]


def test_external_classes_reach_storygraph_nodes(story: EmbeddedStore) -> None:
    out = run_query(
        story,
        "SELECT DISTINCT ?a WHERE { ?a a/rdfs:subClassOf* schema:NewsArticle } ORDER BY ?a",
        "tsv",
    )
    assert out.splitlines() == [
        "?a",
        "<https://w3id.org/storygraph/id/article/alpha>",
        "<https://w3id.org/storygraph/id/article/beta>",
    ]
