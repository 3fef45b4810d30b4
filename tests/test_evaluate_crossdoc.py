"""MEANTIME cross-document pairs through the store and the story layer (evaluate/crossdoc)."""

from __future__ import annotations

from storygraph.evaluate import evaluate_meantime
from storygraph.evaluate.crossdoc import story_identity
from storygraph.evaluate.meantime import read_meantime
from storygraph.evaluate.scoring import Score
from storygraph.readers.aliases import Aliases
from storygraph.records import Article
from storygraph.store import Store
from test_evaluate import FIXTURES, TINY_EXTRACTORS, fixed_extractor


def test_the_story_layer_joins_a_surname_to_its_full_name() -> None:
    # The tiny corpus (see test_evaluate.test_tiny_meantime_crossdoc): by IRI only the two
    # Acme mentions meet (TP 2, FN 3). Through the store and the story layer, doc2's "Smith"
    # is the surname of doc1's one full name "John Smith": the two Smith pairs are found.
    # Widget stays apart: a product in one document, an organisation in the other.
    report = evaluate_meantime(
        FIXTURES / "meantime", fixed_extractor(TINY_EXTRACTORS)[0], crossdoc=story_identity
    )
    assert report.tasks["crossdoc_pairs"].overall == Score(tp=4, fp=0, fn=1)


def test_without_links_the_identity_is_the_node() -> None:
    extractor, _ = fixed_extractor(TINY_EXTRACTORS)
    calls: list[int] = []

    def no_story(store: Store, aliases: Aliases) -> None:
        calls.append(len(store.graph_names()))

    corpus = read_meantime(FIXTURES / "meantime")
    articles = [Article(id=d.id, text=d.text, published=d.published) for d in corpus.documents]
    extractions = [extractor(a) for a in articles]
    identity = story_identity(extractions, link=no_story)
    assert calls == [3]  # the ontology and the two articles, stored before linking
    nodes = {identity(ext, e) for ext in extractions for e in ext.entities}
    assert "https://w3id.org/storygraph/id/organization/acme" in nodes
    assert "https://w3id.org/storygraph/id/person/smith" in nodes
