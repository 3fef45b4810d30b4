"""Query answers for people and programs: named-query parameters and --article, JSON rows,
the table that fits a width, and ``storygraph.query`` returning Python values."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

import storygraph
from storygraph.errors import InputError, QuerySyntaxError
from storygraph.query import (
    bind_params,
    format_result,
    named_queries,
    named_query,
    python_value,
    run_query,
    sparql_term,
)
from storygraph.query.catalog import article_term
from storygraph.store import EmbeddedStore, QueryResult

DATA = Path(__file__).parent / "data" / "rdf"
ID = "https://w3id.org/storygraph/id/"
ALPHA = f"{ID}article/alpha"
META = f"{ID}organization/meta"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("rows") / "store")
    s.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    yield s
    s.close()


# -- named queries: parameters by name, --article ------------------------------------------


def test_every_named_query_but_the_aggregates_says_which_article() -> None:
    for q in named_queries():
        assert q.by_article, q.name
        if q.name not in ("entities", "sources"):
            head = q.text.split("WHERE")[0]
            assert "?article" in head, q.name


def test_parameters_by_name_are_one_escaped_literal() -> None:
    text = named_query("mentions", params={"ENTITY": 'Meta" ) } DROP ALL #'})
    assert 'LCASE("Meta\\" ) } DROP ALL #")' in text
    assert "%ENTITY%" not in text


@pytest.mark.parametrize(
    ("arguments", "params", "message"),
    [
        ((), {"NAME": "x"}, "query 'mentions' has no parameter NAME; it takes ENTITY"),
        (
            ("x",),
            {"ENTITY": "x"},
            "give a named query's parameters as arguments or as --param, not both",
        ),
        ((), {}, "query 'mentions' takes ENTITY; got 0 argument(s)"),
    ],
)
def test_parameter_errors(arguments: tuple[str, ...], params: dict[str, str], message: str) -> None:
    with pytest.raises(InputError) as info:
        named_query("mentions", arguments, params=params)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("ref", "term"),
    [
        ("alpha", f"<{ALPHA}>"),
        (ALPHA, f"<{ALPHA}>"),
        ("feed-1", f"<{ID}article/feed-1>"),
    ],
)
def test_article_references(ref: str, term: str) -> None:
    assert article_term(ref) == term


@pytest.mark.parametrize("ref", ["", "news/alpha.txt", "Alpha Beta", "https://x/a b", "a>b"])
def test_article_references_that_are_not(ref: str) -> None:
    with pytest.raises(InputError) as info:
        article_term(ref)
    assert "is neither an article IRI nor an article id" in str(info.value)


def test_article_keeps_a_named_query_to_those_articles(story: EmbeddedStore) -> None:
    both = storygraph.query(story, named_query("mentions", ("meta",)))
    assert [r["article"] for r in both] == ["alpha", "beta"]
    one = storygraph.query(story, named_query("mentions", ("meta",), articles=["beta"]))
    assert [(r["anchor"], r["article"], r["begin"]) for r in one] == [("Meta", "beta", 0)]
    rows = storygraph.query(story, named_query("entities", articles=[ALPHA]))
    assert {r["label"]: (r["mentions"], r["articles"]) for r in rows}["Meta"] == (1, 1)
    assert storygraph.query(story, named_query("articles", articles=["gamma"])) == []


@given(st.text(max_size=30))
def test_any_parameter_value_stays_one_literal(value: str) -> None:
    text = named_query("who-said-what", params={"ENTITY": value})
    assert text.count("LCASE(") == named_query("who-said-what", ("x",)).count("LCASE(")


# -- JSON rows --------------------------------------------------------------------------------


def test_ndjson_and_json_rows(story: EmbeddedStore) -> None:
    q = "SELECT ?h ?d ?n WHERE { ?a schema:headline ?h ; schema:datePublished ?d } ORDER BY ?d"
    assert run_query(story, q, "ndjson") == (
        '{"h": "Meta reverses course", "d": "2026-11-26", "n": null}\n'
        '{"h": "Meta hires", "d": "2026-11-27", "n": null}'
    )
    rows = json.loads(run_query(story, q, "json-rows"))
    assert rows == [
        {"h": "Meta reverses course", "d": "2026-11-26", "n": None},
        {"h": "Meta hires", "d": "2026-11-27", "n": None},
    ]
    assert run_query(story, "SELECT ?x WHERE { FILTER(false) }", "json-rows") == "[]"


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (None, None),
        (URIRef(META), META),
        (BNode("b1"), "_:b1"),
        (Literal("text"), "text"),
        (Literal("Organisation", lang="en-GB"), "Organisation"),
        (Literal("4", datatype=XSD.integer), 4),
        (Literal("2.5", datatype=XSD.decimal), Decimal("2.5")),
        (Literal("true", datatype=XSD.boolean), True),
        (Literal("2026-11-26", datatype=XSD.date), dt.date(2026, 11, 26)),
        (Literal("not a date", datatype=XSD.date), "not a date"),
        (Literal("x", datatype=URIRef("https://example.org/t")), "x"),
    ],
)
def test_python_values(term: object, value: object) -> None:
    assert python_value(term) == value  # type: ignore[arg-type]


# -- the table --------------------------------------------------------------------------------

LONG = "a sentence that goes on for quite a while, longer than the terminal is wide"


def table(width: int | None) -> str:
    result = QueryResult(
        "select",
        variables=["article", "sentence", "entity"],
        rows=[(Literal("alpha-with-a-long-id"), Literal(LONG), URIRef(META))],
    )
    return format_result(result, "table", width)


def test_a_piped_table_is_one_line_a_row_and_cuts_nothing() -> None:
    lines = table(None).splitlines()
    assert lines[2] == f"alpha-with-a-long-id  {LONG}  <{META}>"
    assert lines[3] == "(1 row)"


def test_a_table_wraps_text_to_the_width_and_keeps_ids_whole() -> None:
    out = table(120)
    assert max(len(line) for line in out.splitlines()) <= 120
    assert "alpha-with-a-long-id" in out and f"<{META}>" in out
    assert " ".join(line[22:].split("  <")[0].strip() for line in out.splitlines()[2:-1]) == LONG


def test_a_table_too_wide_for_the_width_becomes_records() -> None:
    assert table(60).splitlines() == [
        "-[ row 1 ]" + "-" * 38,
        "article   alpha-with-a-long-id",
        "sentence  a sentence that goes on for quite a while, longer",
        "          than the terminal is wide",
        f"entity    <{META}>",
        "(1 row)",
    ]


# -- storygraph.query: Python values, parameters, the raw result ------------------------------


def test_query_returns_rows_of_python_values(story: EmbeddedStore) -> None:
    rows = storygraph.query(story, "SELECT ?a ?d WHERE { ?a schema:datePublished ?d } ORDER BY ?d")
    assert rows == [
        {"a": ALPHA, "d": dt.date(2026, 11, 26)},
        {"a": f"{ID}article/beta", "d": dt.date(2026, 11, 27)},
    ]
    assert storygraph.query(story, "ASK { ?c sg:stance 'confirms' }") is True
    raw = storygraph.query(story, "SELECT ?a WHERE { ?a a sg:Article }", raw=True)
    assert isinstance(raw, QueryResult) and raw.variables == ["a"]
    graph = storygraph.query(
        story, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ <{ALPHA}> ?p ?o BIND(<{ALPHA}> AS ?s) }}"
    )
    assert len(graph) == 6


def test_query_binds_params_as_terms(story: EmbeddedStore) -> None:
    q = "SELECT ?a WHERE { ?a schema:headline ?h }"
    assert storygraph.query(story, q, params={"h": "Meta hires"}) == [{"a": f"{ID}article/beta"}]
    assert storygraph.query(story, q, params={"h": 'Meta" } ?x ?y ?z {'}) == []
    q = "SELECT ?h WHERE { ?a schema:headline ?h FILTER (?a = ?which) }"
    assert storygraph.query(story, q, params={"which": URIRef(ALPHA)}) == [
        {"h": "Meta reverses course"}
    ]
    assert storygraph.query(story, q, params={"which": f"<{ALPHA}>"}) == [
        {"h": "Meta reverses course"}
    ]


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("Meta", '"Meta"'),
        ('a "quote"\n', '"a \\"quote\\"\\n"'),
        (3, '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (True, '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        (dt.date(2016, 10, 31), '"2016-10-31"^^<http://www.w3.org/2001/XMLSchema#date>'),
        (f"<{META}>", f"<{META}>"),
    ],
)
def test_sparql_terms(value: object, term: str) -> None:
    assert sparql_term(value) == term


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("SELECT ?a WHERE { ?a ?p ?o }", {"b": 1}, "--param b: the query has no variable ?b"),
        (
            "SELECT ?a WHERE { ?a ?p ?o }",
            {"a b": 1},
            "--param 'a b': a parameter is a variable name, like org",
        ),
        (
            "DESCRIBE ?a",
            {"a": 1},
            "parameters need a query with a WHERE { … } group to bind them in",
        ),
        (
            "SELECT ?a WHERE { ?a ?p ?o }",
            {"a": "<not an iri>"},
            "'<not an iri>' is not a valid IRI",
        ),
    ],
)
def test_bind_params_errors(query: str, params: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as info:
        bind_params(query, params)
    assert str(info.value) == message


def test_bind_params_goes_into_the_where_group_not_a_string() -> None:
    text = bind_params('SELECT ?a # WHERE {\nWHERE { ?a ?p "WHERE {" }', {"a": 1})
    assert text == (
        'SELECT ?a # WHERE {\nWHERE { VALUES (?a) { ("1"^^<http://www.w3.org/2001/XMLSchema'
        '#integer>) }  ?a ?p "WHERE {" }'
    )


def test_query_syntax_errors_point_into_the_users_text(story: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        storygraph.query(story, "SELECT * WHERE { ?s ?p }")
    assert "line 1, column 25" in str(info.value)
