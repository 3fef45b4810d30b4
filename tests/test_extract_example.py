"""The example story (../shared/articles/*.expected.md) through the real pipeline, checked by SPARQL."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import EXAMPLE
from helpers.sparql import ask, rows

TEXT = EXAMPLE.read_text(encoding="utf-8")


def entity(store: Any, cls: str, label: str) -> list[str]:
    found = rows(store, f'SELECT DISTINCT ?e WHERE {{ ?e a sg:{cls} ; rdfs:label "{label}" }}')
    return [str(r["e"]) for r in found]


@pytest.mark.parametrize(
    ("cls", "label"),
    [
        ("Organization", "Meta"),
        ("Organization", "Business Insider"),
        ("Organization", "OpenAI"),
        ("Organization", "Google"),
        ("Organization", "Anthropic"),
        ("OrganizationalUnit", "Applied AI task force"),
        ("Document", "the internal memo"),
        ("Group", "7,000 engineers"),
        ("AnonymousSource", "four sources"),
    ],
)
def test_every_expected_entity_is_one_node(example_store: Any, cls: str, label: str) -> None:
    assert len(entity(example_store, cls, label)) == 1


def test_meta_is_an_organisation_not_a_person(example_store: Any) -> None:
    assert not ask(example_store, '?p a sg:Person ; rdfs:label "Meta"')
    # every organisation is also an agent through the ontology's subclass axioms
    assert ask(example_store, '?m rdfs:label "Meta" ; a/rdfs:subClassOf* sg:Agent')


@pytest.mark.parametrize(
    ("label", "anchors"),
    [
        ("Meta", {"Meta", "the company", "it"}),
        ("Business Insider", {"Business Insider"}),
        ("Applied AI task force", {"Applied AI task force", "the task force", "AI training units"}),
        (
            "the internal memo",
            {"The internal memo", "The memo", "The message", "internal communication"},
        ),
        ("7,000 engineers", {"7,000 engineers", "them"}),
    ],
)
def test_mentions_resolve_to_one_node(example_store: Any, label: str, anchors: set[str]) -> None:
    found = rows(
        example_store,
        f'SELECT ?a WHERE {{ ?e rdfs:label "{label}" ; sg:hasMention/sg:anchorOf ?a }}',
    )
    texts = {str(r["a"]) for r in found}
    assert {a.lower() for a in anchors} <= {t.lower() for t in texts}


def test_possessives_are_mentions(example_store: Any) -> None:
    begin = TEXT.index("Business Insider's sources")
    assert ask(
        example_store,
        f'?e rdfs:label "Business Insider" ; sg:hasMention ?m . ?m sg:beginIndex {begin}',
    )
    begin = TEXT.index("Meta's upcoming")
    assert ask(example_store, f'?e rdfs:label "Meta" ; sg:hasMention/sg:beginIndex {begin}')


def test_relations_between_entities(example_store: Any) -> None:
    s = example_store
    assert ask(s, '?u a sg:OrganizationalUnit ; sg:partOf ?m . ?m rdfs:label "Meta"')
    assert ask(s, '?d a sg:Document ; sg:issuedBy/rdfs:label "Meta"')
    assert ask(s, '?d a sg:Document ; sg:obtainedBy/rdfs:label "Business Insider"')
    assert ask(s, "?d a sg:Document ; sg:sentTo ?g . ?g a sg:Group ; sg:size 7000")
    assert ask(s, '?d a sg:Document ; sg:sentOn/sg:timexValue "2026-11-25"')
    assert ask(s, '?g a sg:Group ; sg:size 7000 ; sg:memberOf/rdfs:label "Meta"')
    assert ask(s, "?a a sg:AnonymousSource ; sg:size 4")
    for rival in ("OpenAI", "Google", "Anthropic"):
        assert ask(s, f'?r rdfs:label "{rival}" ; sg:competitorOf/rdfs:label "Meta"')


def test_unit_description(example_store: Any) -> None:
    found = rows(
        example_store, "SELECT ?d WHERE { ?u a sg:OrganizationalUnit ; sg:description ?d }"
    )
    assert any("training Meta's upcoming models" in str(r["d"]) for r in found)


@pytest.mark.parametrize(
    "noise", ["Key Takeaways", "What Remains Unknown", "AI", "Most", "What the Memo Says"]
)
def test_noise_is_not_an_entity(example_store: Any, noise: str) -> None:
    assert not ask(example_store, f'?e rdfs:label "{noise}" ; a/rdfs:subClassOf* sg:StoryThing')


@pytest.mark.parametrize(
    ("text", "ttype", "value"),
    [
        ("last month", "DATE", "2026-10"),
        ("Wednesday", "DATE", "2026-11-25"),
        ("this week", "DATE", "2026-W48"),
        ("roughly 30 days", "DURATION", "P30D"),
        ("roughly one month", "DURATION", "P1M"),
        ("within weeks", "DURATION", "PXW"),
        ("a few weeks later", "DATE", "2026-11"),
        ("quarterly", "SET", "XXXX-QX"),
    ],
)
def test_time_expressions_normalised(example_store: Any, text: str, ttype: str, value: str) -> None:
    assert ask(
        example_store,
        f'?t a sg:TimeExpression ; rdfs:label "{text}" ; sg:timeType "{ttype}" ; sg:timexValue "{value}"',
    )


def test_every_wednesday_is_the_25th(example_store: Any) -> None:
    found = rows(
        example_store,
        "SELECT ?v WHERE { ?t a sg:TimeExpression ; rdfs:label ?l ; sg:timexValue ?v "
        'FILTER (STRSTARTS(?l, "Wednesday")) }',
    )
    assert found and {str(r["v"]) for r in found} == {"2026-11-25"}


def test_typed_time_literals(example_store: Any) -> None:
    assert ask(
        example_store, '?t sg:timexValue "2026-10" ; sg:normalizedDate "2026-10"^^xsd:gYearMonth'
    )
    assert ask(
        example_store,
        '?t sg:timexValue "P30D" ; sg:duration "P30D"^^xsd:duration ; sg:approximation "about"',
    )
    assert ask(
        example_store, '?t sg:timexValue "2026-W48" ; sg:intervalStart "2026-11-23"^^xsd:date'
    )


def test_quantities(example_store: Any) -> None:
    s = example_store
    assert ask(
        s,
        '?q a sg:Quantity ; rdfs:label "7,000" ; sg:numericValue 7000.0 ; sg:countedThing "engineer" ; sg:measures ?g . ?g a sg:Group',
    )
    assert ask(
        s, "?q a sg:Quantity ; sg:numericValue 4.0 ; sg:measures ?a . ?a a sg:AnonymousSource"
    )


def test_every_mention_points_at_its_text(example_store: Any) -> None:
    found = rows(
        example_store,
        "SELECT ?b ?e ?a ?s WHERE { ?m a sg:Mention ; sg:beginIndex ?b ; sg:endIndex ?e ; sg:anchorOf ?a ; sg:sentence ?s }",
    )
    assert len(found) > 50
    for r in found:
        b, e = int(r["b"]), int(r["e"])
        assert TEXT[b:e] == str(r["a"])
        assert str(r["a"]) in str(r["s"])


def test_every_node_has_provenance(example_store: Any) -> None:
    assert not ask(
        example_store,
        "?x a ?c . ?c rdfs:subClassOf* ?top "
        "VALUES ?top { sg:StoryThing sg:Quantity sg:TimeExpression sg:Event sg:Claim sg:OpenQuestion } "
        "FILTER NOT EXISTS { ?x sg:hasMention/sg:inArticle ?art }",
    )


def test_article_metadata_and_provenance(example_store: Any) -> None:
    s = example_store
    assert ask(
        s,
        '?a a sg:Article, schema:NewsArticle ; schema:datePublished "2026-11-26"^^xsd:date ; schema:wordCount ?w ; sg:contentHash ?h',
    )
    assert ask(
        s,
        "?a prov:wasGeneratedBy ?run . ?run a sg:ExtractionRun ; sg:modelName ?m ; sg:softwareVersion ?v ; prov:startedAtTime ?t",
    )


def test_the_graph_passes_shacl(example_store: Any) -> None:
    from storygraph.query.validate import validate_store

    report = validate_store(example_store)
    assert report.conforms, report.text
