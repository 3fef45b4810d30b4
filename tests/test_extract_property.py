"""Arbitrary text never crashes the extractor; offsets point at the text; graphs pass SHACL."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, URIRef

from storygraph.rdf.vocab import SG
from storygraph.records import Article

WORDS = st.sampled_from(
    [
        "Meta",
        "Business Insider",
        "told",
        "them",
        "last month",
        "7,000",
        "engineers",
        "the memo",
        "said",
        "Wednesday",
        "\n",
        "- ",
        "Key Takeaways\n",
        "roughly",
        "30 days",
        ".",
        ",",
        "—",
        "the company",
        "it",
        "Apple",
        "iPhone 4",
        "Boeing 787",
        "task force",
        "$5 billion",
        "'s",
    ]
)
TEXTS = st.one_of(
    st.text(min_size=1, max_size=200),
    st.lists(WORDS, min_size=1, max_size=40).map(" ".join),
)


def check(ext: Any, text: str) -> None:
    spans = [m for e in ext.entities for m in e.mentions]
    spans += [t.mention for t in ext.times] + [q.mention for q in ext.quantities]
    for m in spans:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


@given(text=TEXTS, published=st.one_of(st.none(), st.dates(min_value=date(1, 1, 1))))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_arbitrary_text(nlp: Any, text: str, published: date | None) -> None:
    import rdflib

    from storygraph.extract import extract_article
    from storygraph.rdf.mint import article_iri, extraction_to_graph

    ext = extract_article(Article(id="prop", text=text, published=published), nlp)
    check(ext, text)
    # every triple is well-formed N-Triples, whatever the text, and the article is there
    data = "".join(f"{t} .\n" for t in extraction_to_graph(ext).triples)
    graph = rdflib.Graph().parse(data=data, format="nt")
    assert (URIRef(article_iri("prop")), RDF.type, SG.Article) in graph


@given(text=st.lists(WORDS, min_size=3, max_size=30).map(" ".join))
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_graphs_pass_shacl(nlp: Any, text: str) -> None:
    import rdflib

    from storygraph.extract import extract_article
    from storygraph.query.validate import validate_graph
    from storygraph.rdf.mint import extraction_to_graph

    ext = extract_article(Article(id="prop", text=text, published=date(2026, 11, 26)), nlp)
    data = "".join(f"{t} .\n" for t in extraction_to_graph(ext).triples)
    report = validate_graph(rdflib.Graph().parse(data=data, format="nt"))
    assert report.conforms, report.text
