"""MEANTIME cross-document pairs through the store and the story layer (evaluate/crossdoc)."""

from __future__ import annotations

import re
from pathlib import Path

from storygraph.evaluate import evaluate_meantime
from storygraph.evaluate.crossdoc import story_identity
from storygraph.evaluate.meantime import read_meantime
from storygraph.evaluate.scoring import Score
from storygraph.readers.aliases import Aliases
from storygraph.records import Article, Entity, EntityKind, Extraction, Mention
from storygraph.store import Store

TINY = Path(__file__).parent / "data" / "eval" / "meantime"
#: The names each tiny document's extraction finds (every occurrence of the name as written).
NAMES: dict[str, list[tuple[EntityKind, str]]] = {
    "tiny_acme": [
        (EntityKind.ORGANIZATION, "Acme"),
        (EntityKind.PRODUCT, "Widget Co"),
        (EntityKind.PERSON, "John Smith"),
    ],
    "tiny_widget": [
        (EntityKind.ORGANIZATION, "Widget Co"),
        (EntityKind.ORGANIZATION, "Acme"),
        (EntityKind.PERSON, "Smith"),
    ],
}


def extract(article: Article) -> Extraction:
    entities = []
    for i, (kind, name) in enumerate(NAMES[article.id]):
        mentions = [
            Mention(m.start(), m.end(), name, article.text.count("\n", 0, m.start()))
            for m in re.finditer(rf"\b{name}\b", article.text)
        ]
        entities.append(Entity(key=str(i), kind=kind, name=name, mentions=mentions))
    return Extraction(article=article, entities=entities)


def test_the_story_layer_joins_a_surname_to_its_full_name() -> None:
    # Gold cross pairs among the mentions found: Acme 2, Widget 1, (John) Smith 1. By IRI
    # only Acme meets (TP 2, FN 2). Through the store and the story layer, tiny_widget's
    # "Smith" is the surname of the one full name "John Smith": that pair is found. Widget
    # stays apart: a product in one document, an organisation in the other.
    by_iri = evaluate_meantime(TINY, extract, identity=lambda e: f"{e.kind}:{e.name}")
    assert by_iri.tasks["crossdoc_pairs"].overall == Score(tp=2, fp=0, fn=2)
    report = evaluate_meantime(TINY, extract, crossdoc=story_identity)
    assert report.tasks["crossdoc_pairs"].overall == Score(tp=3, fp=0, fn=1)


def test_without_links_the_identity_is_the_node() -> None:
    calls: list[int] = []

    def no_story(store: Store, aliases: Aliases) -> None:
        calls.append(len(store.graph_names()))

    corpus = read_meantime(TINY)
    articles = [Article(id=d.id, text=d.text, published=d.published) for d in corpus.documents]
    extractions = [extract(a) for a in articles]
    identity = story_identity(extractions, link=no_story)
    assert calls == [3]  # the ontology and the two articles, stored before linking
    nodes = {identity(ext, e) for ext in extractions for e in ext.entities}
    assert nodes == {
        "https://w3id.org/storygraph/id/organization/acme",
        "https://w3id.org/storygraph/id/organization/widget-co",
        "https://w3id.org/storygraph/id/product/widget-co",
        "https://w3id.org/storygraph/id/person/john-smith",
        "https://w3id.org/storygraph/id/person/smith",
    }
