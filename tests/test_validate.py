"""SHACL: the hand-written story conforms to ``ontology/shapes.ttl``; each kind of damage fails
with the constraint that guards against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from storygraph.errors import InputError
from storygraph.query.validate import validate_graph, validate_store
from storygraph.store import EmbeddedStore

DATA = Path(__file__).parent / "data" / "rdf"
ALPHA = "https://w3id.org/storygraph/id/article/alpha"
BETA = "https://w3id.org/storygraph/id/article/beta"
PREFIXES = """
@prefix sg:   <https://w3id.org/storygraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix a:    <https://w3id.org/storygraph/id/article/alpha/> .
"""
SH = "http://www.w3.org/ns/shacl#"


def story_graph() -> rdflib.Graph:
    ds = rdflib.Dataset()
    ds.parse(DATA / "story.trig", format="trig")
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def with_extra(turtle: str) -> rdflib.Graph:
    return story_graph() + rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle")


def test_the_story_conforms() -> None:
    g = story_graph()
    report = validate_graph(g)
    assert report.conforms, report.text
    assert report.violations == 0
    assert report.triples == len(g) == 69
    assert len(g) == 69  # the ontology is not mixed into the caller's graph


BAD = {
    "mention without offsets": (
        "a:m9 a sg:Mention ; sg:inArticle <" + ALPHA + '> ; sg:anchorOf "x" .',
        [
            ("MinCountConstraintComponent", "sg:beginIndex"),
            ("MinCountConstraintComponent", "sg:endIndex"),
        ],
    ),
    "begin not before end": (
        "a:m9 a sg:Mention ; sg:inArticle <" + ALPHA + "> ; "
        'sg:beginIndex 9 ; sg:endIndex 9 ; sg:anchorOf "" .',
        [("LessThanConstraintComponent", "sg:beginIndex")],
    ),
    "negative offset": (
        "a:m9 a sg:Mention ; sg:inArticle <" + ALPHA + "> ; "
        'sg:beginIndex -1 ; sg:endIndex 2 ; sg:anchorOf "xy" .',
        [("MinInclusiveConstraintComponent", "sg:beginIndex")],
    ),
    "mention of no article": (
        'a:m9 a sg:Mention ; sg:beginIndex 0 ; sg:endIndex 4 ; sg:anchorOf "Meta" .',
        [("MinCountConstraintComponent", "sg:inArticle")],
    ),
    "entity without a mention": (
        'a:person-x a sg:Person ; rdfs:label "X" .',
        [("MinCountConstraintComponent", "sg:hasMention")],
    ),
    "entity without a name": (
        "a:place-x a sg:Place ; sg:hasMention a:mention-0-4 .",
        [("MinCountConstraintComponent", "rdfs:label")],
    ),
    "event without action": (
        "a:event-9 a sg:Event ; sg:trigger a:mention-5-13 .",
        [("MinCountConstraintComponent", "sg:action")],
    ),
    "event with an unknown modality": (
        'a:event-9 a sg:Event ; sg:action "go" ; sg:trigger a:mention-5-13 ; '
        'sg:modality "likely" .',
        [("InConstraintComponent", "sg:modality")],
    ),
    "claim with a stance outside asserts/confirms/denies": (
        'a:claim-9 a sg:Claim ; sg:cue a:mention-43-52 ; sg:content "x" ; sg:stance "alleges" .',
        [("InConstraintComponent", "sg:stance")],
    ),
    "claim without a cue": (
        'a:claim-9 a sg:Claim ; sg:content "x" ; sg:stance "asserts" .',
        [("MinCountConstraintComponent", "sg:cue")],
    ),
    "time expression with an unknown type": (
        'a:time-9 a sg:TimeExpression ; sg:timeType "SOMETIME" ; sg:hasMention a:mention-0-4 .',
        [("InConstraintComponent", "sg:timeType")],
    ),
    "article without a hash": (
        "<https://w3id.org/storygraph/id/article/gamma> a sg:Article, "
        "<https://schema.org/NewsArticle> .",
        [("MinCountConstraintComponent", "sg:contentHash")],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_kind_of_damage_fails_with_its_constraint(case: str) -> None:
    turtle, expected = BAD[case]
    report = validate_graph(with_extra(turtle))
    assert not report.conforms
    assert report.violations == len(expected)
    for component, path in expected:
        assert f"Constraint Violation in {component}" in report.text
        assert f"Result Path: {path}" in report.text


def test_validate_store_checks_the_articles_not_the_ontology(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as store:
        empty = validate_store(store)
        assert empty.conforms and empty.triples == 0
        store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
        report = validate_store(store)
        assert report.conforms, report.text
        assert report.triples == 69
        one = validate_store(store, BETA)
        assert one.conforms and one.triples == 24
        store.load_rdf(
            (PREFIXES + "a:event-9 a sg:Event ; sg:trigger a:mention-5-13 .").encode(),
            "turtle",
            graph="https://example.org/bad",
        )
        bad = validate_store(store)
        assert not bad.conforms and bad.violations == 1
        assert "Result Path: sg:action" in bad.text
        assert validate_store(store, ALPHA).conforms


def test_validate_store_refuses_a_graph_name_that_is_not_an_iri(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as store, pytest.raises(InputError) as info:
        validate_store(store, "not an iri")
    assert str(info.value).startswith("'not an iri' is not a graph name: ")


@pytest.fixture
def shapes() -> Iterator[rdflib.Graph]:
    yield rdflib.Graph().parse(
        Path(__file__).resolve().parents[1] / "src/storygraph/ontology/shapes.ttl"
    )


def test_every_shape_targets_an_ontology_class(shapes: rdflib.Graph) -> None:
    ontology = rdflib.Graph().parse(
        Path(__file__).resolve().parents[1] / "src/storygraph/ontology/storygraph.ttl"
    )
    targets = set(shapes.objects(None, rdflib.URIRef(SH + "targetClass")))
    assert targets
    for target in targets:
        assert (target, rdflib.RDF.type, rdflib.OWL.Class) in ontology, target


def test_validate_store_checks_one_article_graph_at_a_time(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as store:
        store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
        # alpha's event loses its action: a violation in alpha's graph, under its name
        store.update(
            f"DELETE WHERE {{ GRAPH <{ALPHA}> {{ ?e <https://w3id.org/storygraph/ns#action> ?a }} }}"
        )
        report = validate_store(store)
        assert not report.conforms and report.violations == 1
        assert report.text.startswith(f"Graph <{ALPHA}>:\n")
        assert f"Graph <{BETA}>" not in report.text
        assert "Result Path: sg:action" in report.text
        assert validate_store(store, article="beta").conforms
        assert not validate_store(store, article=ALPHA).conforms
        with pytest.raises(InputError):
            validate_store(store, article="gamma")
