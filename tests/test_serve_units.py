"""The workbench's pure parts, table-driven: content negotiation, protocol requests, search
ranking, rebuilding an article's sentences, node keys and URLs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storygraph.errors import InputError
from storygraph.serve.article import _segments, _sentence_start, _Span
from storygraph.serve.common import article_url, entity_url, node_iri, node_key, node_url
from storygraph.serve.overview import _rank
from storygraph.serve.sparql import choose_format, parse_protocol

SELECT = "SELECT * WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
ID = "https://w3id.org/storygraph/id/"


@pytest.mark.parametrize(
    ("accept", "query", "expected"),
    [
        ("", SELECT, "json"),
        ("application/sparql-results+json", SELECT, "json"),
        ("application/sparql-results+xml", SELECT, "xml"),
        ("text/csv", SELECT, "csv"),
        ("text/tab-separated-values", SELECT, "tsv"),
        ("application/json", SELECT, "json"),
        ("application/xml", SELECT, "xml"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", SELECT, "xml"),
        ("text/html, */*;q=0.8", SELECT, "json"),
        ("image/png", SELECT, None),
        ("text/csv;q=0", SELECT, None),
        ("", CONSTRUCT, "turtle"),
        ("application/n-triples", CONSTRUCT, "nt"),
        ("text/turtle", CONSTRUCT, "turtle"),
        ("text/csv", CONSTRUCT, None),
        ("application/sparql-results+json", "DESCRIBE <urn:x>", None),
    ],
)
def test_choose_format(accept: str, query: str, expected: str | None) -> None:
    assert choose_format(accept, query) == expected


@pytest.mark.parametrize(
    ("method", "qs", "ctype", "body", "accept", "expected"),
    [
        ("GET", "query=ASK%7B%7D", "", b"", "*/*", ("ASK{}", None, False)),
        ("GET", "", "", b"", "text/html", (None, None, True)),
        ("GET", "query=ASK%7B%7D", "", b"", "text/html", ("ASK{}", None, True)),
        (
            "POST",
            "",
            "application/x-www-form-urlencoded",
            b"query=ASK+%7B%7D",
            "",
            ("ASK {}", None, False),
        ),
        (
            "POST",
            "",
            "application/x-www-form-urlencoded",
            b"update=CLEAR+ALL",
            "",
            (None, "CLEAR ALL", False),
        ),
        (
            "POST",
            "",
            "application/sparql-query; charset=utf-8",
            b"ASK {}",
            "",
            ("ASK {}", None, False),
        ),
        ("POST", "", "application/sparql-update", b"CLEAR ALL", "", (None, "CLEAR ALL", False)),
    ],
)
def test_parse_protocol(
    method: str,
    qs: str,
    ctype: str,
    body: bytes,
    accept: str,
    expected: tuple[str | None, str | None, bool],
) -> None:
    asked = parse_protocol(method, qs, ctype, body, accept)
    assert (asked.query, asked.update, asked.wants_html) == expected


@pytest.mark.parametrize(
    ("method", "qs", "ctype", "body", "words"),
    [
        ("GET", "", "", b"", "no query"),
        ("GET", "query=a&query=b", "", b"", "one query"),
        ("GET", "query=a&update=b", "", b"", "one query"),
        ("GET", "query=a&named-graph-uri=urn:g", "", b"", "not supported"),
        ("POST", "", "text/plain", b"ASK {}", "must be"),
    ],
)
def test_parse_protocol_refuses(method: str, qs: str, ctype: str, body: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse_protocol(method, qs, ctype, body, "application/sparql-results+json")


@pytest.mark.parametrize(
    ("text", "query", "rank"),
    [
        ("Meta", "meta", 3),
        ("Meta Platforms", "meta", 2),
        ("Business Insider", "insider", 1),
        ("Metaverse Inc", "verse", 0),
        ("Google", "meta", 0),
    ],
)
def test_search_rank(text: str, query: str, rank: int) -> None:
    assert _rank(text, query) == rank


def test_sentence_start_follows_the_mentions_that_agree() -> None:
    sentence = "Meta said Meta would leave."
    # "Meta" occurs twice: the two mentions agree only on the sentence starting at 100
    assert _sentence_start(sentence, [(100, "Meta"), (110, "Meta"), (115, "would")]) == 100
    assert _sentence_start(sentence, []) is None


def test_segments_cover_the_sentence_and_mark_each_span() -> None:
    text = "Meta reassigned 7,000 engineers last month."
    spans = [
        _Span(100, 104, "entity", ID + "organization/meta", "Organization: Meta", "m100"),
        _Span(132, 142, "time", ID + "article/a/time/1", "Time expression: last month", "m132"),
        _Span(100, 142, "content", ID + "article/a/claim/0", "Claim", "m100c"),
    ]
    pieces = _segments(text, 100, spans)
    assert "".join(p["text"] for p in pieces) == text
    first = pieces[0]
    assert first["text"] == "Meta" and first["kinds"] == ["content", "entity"]
    assert first["url"] == "/entity/organization/meta"  # the innermost span is the link
    last_month = next(p for p in pieces if p["text"] == "last month")
    assert last_month["kinds"] == ["content", "time"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_node_keys_round_trip(key: str) -> None:
    iri = node_iri("organization/" + key)
    assert node_key(iri) == "organization/" + key


@pytest.mark.parametrize(
    ("node", "url"),
    [
        (ID + "organization/meta", "/entity/organization/meta"),
        (ID + "article/a-b", "/article/a-b"),
        (ID + "article/a-b/claim/0", "/entity/article/a-b/claim/0"),
        ("http://example.org/x?y", "/entity?iri=http%3A%2F%2Fexample.org%2Fx%3Fy"),
        (ID + "organization/a b", "/entity/organization/a%20b"),
    ],
)
def test_node_urls(node: str, url: str) -> None:
    assert node_url(node) == url
    page = article_url if url.startswith("/article/") else entity_url
    assert page(node) == url
