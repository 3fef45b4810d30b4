"""Tests of ``storygraph.query``: read-only checks, result formats, named queries."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef

from storygraph.errors import InputError, QuerySyntaxError, ReadOnlyQueryError
from storygraph.ingest import remove_article
from storygraph.query import (
    PREFIXES,
    QUERIES_DIR,
    check_read_only,
    format_result,
    named_queries,
    named_query,
    run_query,
    run_update,
)
from storygraph.query.articles import resolve_article
from storygraph.rdf.vocab import SG
from storygraph.store import EmbeddedStore, GraphWrite, QueryResult

DATA = Path(__file__).parent / "data" / "rdf"
ALPHA = "https://w3id.org/storygraph/id/article/alpha"
BETA = "https://w3id.org/storygraph/id/article/beta"
META = "https://w3id.org/storygraph/id/organization/meta"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The two-article story, shared read-only by this module's tests."""
    s = EmbeddedStore(tmp_path_factory.mktemp("query") / "store")
    s.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    yield s
    s.close()


# -- read-only checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
        ("delete where { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/x.ttl>", "LOAD"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP GRAPH <http://example.org/g>", "DROP"),
        ("CREATE GRAPH <http://example.org/g>", "CREATE"),
        ("ADD DEFAULT TO <http://example.org/g>", "ADD"),
        ("MOVE <http://example.org/a> TO <http://example.org/b>", "MOVE"),
        ("COPY <http://example.org/a> TO <http://example.org/b>", "COPY"),
        ("WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ],
)
def test_updates_are_refused(text: str, word: str) -> None:
    with pytest.raises(ReadOnlyQueryError) as info:
        check_read_only(text)
    assert str(info.value) == (
        f"this is a SPARQL update ({word}); `storygraph query` is read-only: "
        "use `storygraph update` to change the store"
    )


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?insert WHERE { ?s sg:delete "DROP TABLE articles" } # INSERT, CLEAR',
        "SELECT * WHERE { <http://example.org/LOAD> ?p ?o }",
        "ASK { ?s ?p '''a\nCOPY of'''}",
        "SELECT ?with WHERE { ?with a sg:Event }",
    ],
)
def test_update_words_in_strings_iris_comments_and_names_are_fine(text: str) -> None:
    check_read_only(text)


def test_service_needs_permission() -> None:
    text = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(ReadOnlyQueryError) as info:
        check_read_only(text)
    assert str(info.value) == (
        "the query calls another endpoint (SERVICE); pass --allow-service to permit it"
    )
    check_read_only(text, allow_service=True)
    check_read_only('SELECT * WHERE { ?s ?p "SERVICE" }')


# -- running queries -------------------------------------------------------------------------


def test_the_default_graph_holds_each_fact_once(story: EmbeddedStore) -> None:
    # held by alpha, beta and the ontology: one row, without DISTINCT
    out = run_query(story, "SELECT ?l WHERE { sg:Organization rdfs:label ?l }")
    assert out == "l\n------------\nOrganization\n(1 row)"


def test_graph_reaches_one_article(story: EmbeddedStore) -> None:
    out = run_query(story, "SELECT ?g WHERE { GRAPH ?g { ?t sg:anchorOf 'last week' } }", "csv")
    assert out == f"g\r\n{BETA}\r"
    out = run_query(
        story, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{META}> rdfs:label 'Meta' }} }} ORDER BY ?g", "tsv"
    )
    assert out == f"?g\n<{ALPHA}>\n<{BETA}>"


def test_table_format(story: EmbeddedStore) -> None:
    out = run_query(
        story,
        "SELECT ?begin ?anchor ?sentence WHERE { ?m sg:beginIndex ?begin ; sg:anchorOf ?anchor "
        "OPTIONAL { ?m sg:sentence ?sentence } } ORDER BY ?begin ?anchor",
    )
    assert out.splitlines() == [
        "begin  anchor          sentence",
        "-----  --------------  ---------------------------",
        "0      Meta            Meta reversed its decision.",
        "0      Meta",
        "5      reversed",
        "27     last week",
        "28     A spokesperson",
        "43     confirmed",
        "(6 rows)",
    ]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "l\r\nMeta\r"),
        ("tsv", '?l\n"Meta"'),
        (
            "json",
            '{"head":{"vars":["l"]},"results":{"bindings":[{"l":{"type":"literal","value":"Meta"}}]}}',
        ),
    ],
)
def test_result_formats(story: EmbeddedStore, fmt: str, expected: str) -> None:
    out = run_query(story, f"SELECT ?l WHERE {{ <{META}> rdfs:label ?l }}", fmt)
    assert out == expected


def test_xml_results(story: EmbeddedStore) -> None:
    out = run_query(story, f"SELECT ?l WHERE {{ <{META}> rdfs:label ?l }}", "xml")
    assert '<variable name="l"/>' in out
    assert '<binding name="l"><literal>Meta</literal></binding>' in out


@pytest.mark.parametrize(
    ("fmt", "yes", "no"),
    [
        ("table", "true", "false"),
        ("json", '{"head":{},"boolean":true}', '{"head":{},"boolean":false}'),
        ("csv", "true", "false"),
    ],
)
def test_ask(story: EmbeddedStore, fmt: str, yes: str, no: str) -> None:
    assert run_query(story, "ASK { ?e a sg:Event }", fmt) == yes
    assert run_query(story, "ASK { ?e a sg:Document }", fmt) == no


@pytest.mark.parametrize("fmt", ["table", "turtle", "nt", "csv"])
def test_construct_gives_rdf(story: EmbeddedStore, fmt: str) -> None:
    out = run_query(
        story, "CONSTRUCT { ?o sg:alias ?l } WHERE { ?o a sg:Organization ; rdfs:label ?l }", fmt
    )
    g = rdflib.Graph().parse(data=out, format="nt" if fmt == "nt" else "turtle")
    assert set(g) == {(URIRef(META), URIRef(PREFIXES["sg"] + "alias"), Literal("Meta"))}
    if fmt == "nt":
        assert out == f'<{META}> <{PREFIXES["sg"]}alias> "Meta" .'
    else:
        assert "@prefix sg: <https://w3id.org/storygraph/ns#> ." in out


def test_describe(story: EmbeddedStore) -> None:
    out = run_query(story, f"DESCRIBE <{META}>", "nt")
    assert f'<{META}> <http://www.w3.org/2000/01/rdf-schema#label> "Meta" .' in out.splitlines()


def test_graph_formats_are_for_graph_results(story: EmbeddedStore) -> None:
    with pytest.raises(InputError) as info:
        run_query(story, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "turtle")
    assert str(info.value) == (
        "--format turtle is for CONSTRUCT and DESCRIBE; use table, csv or json"
    )
    with pytest.raises(InputError, match=r"unknown format 'yaml'; use one of table, json, xml"):
        run_query(story, "ASK {}", "yaml")


def _oxigraph_position(text: str) -> tuple[int, int]:
    with pytest.raises(SyntaxError) as info:
        pyoxigraph.Store().query(text)
    found = re.search(r"error at (\d+):(\d+)", str(info.value))
    assert found
    return int(found.group(1)), int(found.group(2))


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p }",
        "SELEC * WHERE { ?s ?p ?o }",
        "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER (?o = )\n}",
    ],
)
def test_syntax_errors_point_into_the_users_text(story: EmbeddedStore, text: str) -> None:
    line, column = _oxigraph_position(text)
    with pytest.raises(QuerySyntaxError) as info:
        run_query(story, text)
    assert str(info.value).startswith(f"SPARQL syntax error: line {line}, column {column}: ")


def test_update_syntax_errors_point_into_the_users_text(story: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        run_update(story, "INSERT DATA { <a:b> <a:c> }")
    assert str(info.value).startswith("SPARQL update syntax error: line 1, column 27: ")


def test_an_update_through_run_update(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as s:
        run_update(s, 'INSERT DATA { GRAPH <https://example.org/g> { <a:x> sg:alias "X" } }')
        assert run_query(s, "SELECT ?a WHERE { ?x sg:alias ?a }", "csv") == "a\r\nX\r"


# -- formatting ------------------------------------------------------------------------------


def test_format_result_compacts_and_cuts_nothing() -> None:
    long = "x" * 100
    result = QueryResult(
        "select",
        variables=["node", "value"],
        rows=[
            (URIRef(PREFIXES["sg"] + "Event"), Literal("two\nlines")),
            (URIRef("https://example.org/a b"), None),
            (BNode("b0"), Literal(long)),
            (URIRef(PREFIXES["schema"] + "NewsArticle"), Literal(3)),
        ],
    )
    lines = format_result(result).splitlines()
    assert lines[0] == "node" + " " * 23 + "value"
    assert lines[1] == "-" * 25 + "  " + "-" * 100
    assert lines[2] == "sg:Event" + " " * 19 + "two lines"
    assert lines[3] == "<https://example.org/a b>"
    assert lines[4] == "_:b0" + " " * 23 + "x" * 100
    assert lines[5] == "schema:NewsArticle" + " " * 9 + "3"
    assert lines[6] == "(4 rows)"


def test_format_result_with_no_rows() -> None:
    assert format_result(QueryResult("select", variables=["x"])) == "x\n-\n(0 rows)"


# -- named queries ---------------------------------------------------------------------------


def test_named_queries_are_the_files_and_describe_themselves() -> None:
    found = named_queries()
    assert [q.name for q in found] == sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
    for q in found:
        assert q.description, q.name
        assert q.description.endswith("."), q.name
    by_name = {q.name: q for q in found}
    assert by_name["mentions"].parameters == ("ENTITY",)
    assert by_name["entities"].parameters == ()


@pytest.mark.parametrize("name", [q.name for q in named_queries()])
def test_every_named_query_runs(story: EmbeddedStore, name: str) -> None:
    q = {q.name: q for q in named_queries()}[name]
    args = tuple("Meta" for _ in q.parameters)
    out = run_query(story, named_query(name, args))
    assert out.splitlines()[-1].endswith(("row)", "rows)"))


def test_named_entities_counts_mentions_and_articles(story: EmbeddedStore) -> None:
    out = run_query(story, named_query("entities"), "csv")
    rows = out.replace("\r", "").splitlines()
    assert rows[0] == "label,class,mentions,articles,entity"
    assert rows[1] == f"Meta,Organization,2,2,{META}"
    assert any(r.startswith("A spokesperson,AnonymousSource,1,1,") for r in rows)


def test_named_query_arguments_are_escaped(story: EmbeddedStore) -> None:
    text = named_query("mentions", ('Meta" } ; DROP ALL ; #\\',))
    assert 'LCASE("Meta\\" } ; DROP ALL ; #\\\\")' in text
    out = run_query(story, text, "json")
    assert json.loads(out)["results"]["bindings"] == []
    rows = run_query(story, named_query("mentions", ("meta",)), "csv").splitlines()
    assert len(rows) == 3


def test_named_query_errors() -> None:
    with pytest.raises(InputError) as info:
        named_query("nope")
    assert str(info.value).startswith("no named query 'nope'; `storygraph queries` lists them: ")
    with pytest.raises(InputError) as info:
        named_query("mentions")
    assert str(info.value) == "query 'mentions' takes ENTITY; got 0 argument(s)"
    with pytest.raises(InputError) as info:
        named_query("entities", ("x",))
    assert str(info.value) == "query 'entities' takes no arguments; got 1 argument(s)"


# -- article references: IRI, id or source path, each matched exactly ---------------------------

ARTICLE = "https://w3id.org/storygraph/id/article/"
LOADED = "https://example.org/loaded"
SOURCES = {
    "alpha": "news/alpha.txt",
    "beta": "news/beta.txt",
    "feed-1": "feed.jsonl:1",
    "twin-a": "dup.txt",
    "twin-b": "dup.txt",
}


@pytest.fixture
def articles(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """Five articles with source paths (two share one) and one graph that is no article's."""
    s = EmbeddedStore(tmp_path / "store")
    a, source = f"<{SG.Article}>", f"<{SG.sourcePath}>"
    writes = [
        GraphWrite(
            f"{ARTICLE}{i}", [f"<{ARTICLE}{i}> {RDF_TYPE} {a}", f'<{ARTICLE}{i}> {source} "{p}"']
        )
        for i, p in SOURCES.items()
    ]
    s.write([*writes, GraphWrite(LOADED, [f"<{LOADED}> {RDF_TYPE} <https://example.org/Thing>"])])
    yield s
    s.close()


@pytest.mark.parametrize(
    "ref",
    ["", "/", "txt", ".txt", "news", "news/", "alpha.txt", "news/alpha", "ALPHA", "al", "*", "dup"],
)
def test_a_part_of_a_reference_removes_nothing(articles: EmbeddedStore, ref: str) -> None:
    before = articles.graph_names()
    with pytest.raises(InputError) as info:
        remove_article(articles, ref)
    assert str(info.value).startswith(f"no article {ref!r} in {articles.location}; ")
    assert articles.graph_names() == before


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("alpha", "alpha"),
        ("feed-1", "feed-1"),
        (f"{ARTICLE}beta", "beta"),
        ("news/alpha.txt", "alpha"),
        ("feed.jsonl:1", "feed-1"),
    ],
)
def test_an_exact_reference_finds_its_article(
    articles: EmbeddedStore, ref: str, expected: str
) -> None:
    assert resolve_article(articles, ref) == f"{ARTICLE}{expected}"
    before = articles.graph_names()
    assert remove_article(articles, ref) == f"{ARTICLE}{expected}"
    assert articles.graph_names() == [g for g in before if g != f"{ARTICLE}{expected}"]


def test_a_graph_that_is_no_article_is_removed_by_its_iri(articles: EmbeddedStore) -> None:
    with pytest.raises(InputError):
        resolve_article(articles, LOADED)
    assert remove_article(articles, LOADED) == LOADED
    assert LOADED not in articles.graph_names()


def test_a_miss_lists_close_matches(articles: EmbeddedStore) -> None:
    with pytest.raises(InputError) as info:
        resolve_article(articles, "news/alpha.tx")
    assert str(info.value) == (
        f"no article 'news/alpha.tx' in {articles.location}; list them with `storygraph query "
        "--named articles` (id is e.g. news-alpha-tx); close matches: news/alpha.txt, "
        "news/beta.txt"
    )
    with pytest.raises(InputError) as info:
        resolve_article(articles, "")
    assert "close matches" not in str(info.value)


def test_a_source_path_of_several_articles_names_none(articles: EmbeddedStore) -> None:
    before = articles.graph_names()
    with pytest.raises(InputError) as info:
        remove_article(articles, "dup.txt")
    assert str(info.value) == (
        f"'dup.txt' is the source of 2 articles in {articles.location}; "
        "name one by id: twin-a, twin-b"
    )
    assert articles.graph_names() == before
