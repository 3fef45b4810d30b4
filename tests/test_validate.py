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


def drop_alpha_actions(store: EmbeddedStore) -> None:
    """Alpha's events lose their action, in its graph and in the union copy."""
    action = "<https://w3id.org/storygraph/ns#action>"
    store.update(
        f"DELETE {{ GRAPH <{ALPHA}> {{ ?e {action} ?a }} ?e {action} ?a }} "
        f"WHERE {{ GRAPH <{ALPHA}> {{ ?e {action} ?a }} }}"
    )


def test_validate_store_checks_one_article_graph_at_a_time(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as store:
        store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
        # alpha's event loses its action: a violation in alpha's graph, under its name
        drop_alpha_actions(store)
        report = validate_store(store)
        assert not report.conforms and report.violations == 1
        assert report.text.startswith(
            f"Validation Report\nConforms: False\nResults (1):\nGraph <{ALPHA}>:\n"
        )
        assert f"Graph <{BETA}>" not in report.text
        assert "Result Path: sg:action" in report.text
        assert validate_store(store, article="beta").conforms
        assert not validate_store(store, article=ALPHA).conforms
        with pytest.raises(InputError):
            validate_store(store, article="gamma")


def test_a_violation_seen_again_through_the_story_layer_is_counted_once(tmp_path: Path) -> None:
    """The graphs of the story layer are checked with the article graphs they point into:
    a violation of such an article graph is reported under it, once."""
    with EmbeddedStore(tmp_path / "s") as store:
        store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
        drop_alpha_actions(store)
        event = store.select(
            f"SELECT ?e WHERE {{ GRAPH <{ALPHA}> {{ ?e a <https://w3id.org/storygraph/ns#Event> }} }}"
        )[0]["e"]
        link = f"<https://example.org/x> <https://w3id.org/storygraph/ns#sameEvent> <{event}> .\n"
        store.load_rdf(link.encode(), "nt", graph="https://example.org/story")
        # and a violation of the story graph's own, which only its check finds
        story = "https://example.org/story"
        store.load_rdf(
            (PREFIXES + 'a:claim-9 a sg:Claim ; sg:content "x" ; sg:stance "alleges" .').encode(),
            "turtle",
            graph=story,
        )
        report = validate_store(store)
        assert not report.conforms
        assert report.violations == 3  # alpha's event; the claim's stance and missing cue
        assert report.text.count("Result Path: sg:action") == 1
        assert report.text.count("Constraint Violation in") == 3
        assert report.text.startswith("Validation Report\nConforms: False\nResults (3):\n")
        alpha_part, story_part = report.text.split(f"Graph <{story}>:\n")
        assert "sg:action" in alpha_part and "sg:stance" in story_part
        results = set(
            report.graph.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult"))
        )
        assert len(results) == 3
