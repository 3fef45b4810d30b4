"""Tests of ``storygraph.rdf.terms``: the escaping between article text and N-Triples syntax.

Every string storygraph writes is article text it does not control, so the round trip
``literal(text)`` → N-Triples parser → ``text`` must hold for anything, hostile or not.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from storygraph.rdf.quads import GraphWrite, nquads
from storygraph.rdf.sparql import PREFIX_HEADER, bind_prefixes, prefix_lines, query_form
from storygraph.rdf.terms import (
    escape_string,
    from_oxigraph,
    iri,
    literal,
    nt,
    safe_iri,
    to_oxigraph,
)
from storygraph.rdf.vocab import PREFIXES

S = "<https://example.org/s>"
P = "<https://example.org/p>"
XSD = "http://www.w3.org/2001/XMLSchema#"

HOSTILE = [
    "",
    'say "hi"',
    "back\\slash \\n not a newline \\u0041 not an A",
    "line\nbreak\r\nand\ttab",
    '" . <https://evil.example/s> <https://evil.example/p> "injected',
    "> <https://evil.example/p> ",
    "nul\x00byte and bell\x07 and escape\x1b and delete\x7f",
    "emoji 🙂👩‍👩‍👧 and a flag 🇺🇦",
    "right-to-left \u200fمرحبا\u202e override \u202c",
    "zero\u200bwidth \ufeff bom \u2028 line separator \u0085 next line",
    "non-characters \ufffe \uffff and \U0010ffff",
    "'''\"\"\"",
]


def replace_surrogates(text: str) -> str:
    """What storygraph promises for a string that cannot be encoded: U+FFFD in its place."""
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def parse_object_oxigraph(obj: str) -> ox.Literal:
    quads = list(ox.parse(f"{S} {P} {obj} .\n".encode(), format=ox.RdfFormat.N_TRIPLES))
    assert len(quads) == 1
    value = quads[0].object
    assert isinstance(value, ox.Literal)
    return value


def parse_object_rdflib(obj: str) -> Literal:
    g = rdflib.Graph().parse(data=f"{S} {P} {obj} .\n", format="nt")
    [(_, _, value)] = list(g)
    assert isinstance(value, Literal)
    return value


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_round_trip_through_both_parsers(text: str) -> None:
    written = literal(text)
    assert "\n" not in written and "\r" not in written
    assert parse_object_oxigraph(written).value == text
    assert str(parse_object_rdflib(written)) == text


@pytest.mark.parametrize("text", ["lone \ud800 high", "lone \udfff low", "\udc80\ud83d"])
def test_lone_surrogates_become_the_replacement_character(text: str) -> None:
    written = literal(text)
    written.encode("utf-8")  # must not raise
    expected = replace_surrogates(text)
    assert "\ufffd" in expected
    assert parse_object_oxigraph(written).value == expected
    assert str(parse_object_rdflib(written)) == expected


def test_escapes_are_the_short_ones_where_they_exist() -> None:
    assert escape_string('a"b\\c\nd\re\tf') == 'a\\"b\\\\c\\nd\\re\\tf'
    assert escape_string("\x00\x1f\x7f") == "\\u0000\\u001F\\u007F"
    assert escape_string("é🙂") == "é🙂"


def test_typed_and_tagged_literals() -> None:
    assert literal(3, f"{XSD}integer") == f'"3"^^<{XSD}integer>'
    assert literal("Meta", lang="en-GB") == '"Meta"@en-GB'
    value = parse_object_oxigraph(literal('7 "km"', f"{XSD}string"))
    assert value.value == '7 "km"'
    value = parse_object_oxigraph(literal("2026-11-26", f"{XSD}date"))
    assert value.datatype == ox.NamedNode(f"{XSD}date")
    assert parse_object_oxigraph(literal("x\ny", lang="de")).language == "de"


@pytest.mark.parametrize("lang", ["en us", 'en" . <a:b> <a:c> "x', "", "-en", "en-", "toolonglang"])
def test_bad_language_tags_are_refused(lang: str) -> None:
    if lang == "":
        assert literal("x", lang=lang) == '"x"'  # no tag at all
        return
    with pytest.raises(ValueError, match="not a valid language tag"):
        literal("x", lang=lang)


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/a b",
        "https://example.org/a>b",
        "https://example.org/a<b",
        'https://example.org/a"b',
        "https://example.org/a\nb",
        "https://example.org/a\tb",
        "https://example.org/a\x00b",
        "https://example.org/a{b}",
        "https://example.org/a|b^c`d",
        "https://example.org/a\\b",
        "https://example.org/\ud800",
        "no-scheme",
        "",
    ],
)
def test_iri_refuses_what_could_break_out(value: str) -> None:
    assert not safe_iri(value)
    with pytest.raises(ValueError, match="not a valid IRI"):
        iri(value)
    if value:  # an empty datatype means none
        with pytest.raises(ValueError, match="not a valid IRI"):
            literal("x", datatype=value)


@pytest.mark.parametrize(
    "value",
    ["https://example.org/ü/🙂", "urn:isbn:0451450523", "https://w3id.org/storygraph/ns#Event"],
)
def test_iri_keeps_good_iris_as_they_are(value: str) -> None:
    written = iri(value)
    assert written == f"<{value}>"
    quads = list(ox.parse(f"{written} {P} {written} .".encode(), format=ox.RdfFormat.N_TRIPLES))
    assert quads[0].subject.value == value


def test_nt_writes_each_kind_of_rdflib_term() -> None:
    assert nt(URIRef("https://example.org/x")) == "<https://example.org/x>"
    assert nt(Literal("a\nb")) == '"a\\nb"'
    assert nt(Literal("hi", lang="en")) == '"hi"@en'
    assert nt(Literal(5)) == f'"5"^^<{XSD}integer>'
    assert nt(BNode("n-1:x")) == "_:bn1x"
    with pytest.raises(TypeError, match="cannot write Variable as N-Triples"):
        nt(rdflib.Variable("x"))


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://example.org/x"),
        BNode("b1"),
        Literal("plain"),
        Literal("hallo", lang="de"),
        Literal("2026-11-26", datatype=URIRef(f"{XSD}date")),
    ],
)
def test_oxigraph_terms_round_trip(term: URIRef | BNode | Literal) -> None:
    assert from_oxigraph(to_oxigraph(term)) == term


def test_xsd_string_is_a_plain_literal() -> None:
    value = ox.Literal("x", datatype=ox.NamedNode(f"{XSD}string"))
    assert from_oxigraph(value) == Literal("x")
    with pytest.raises(TypeError):
        from_oxigraph("not a term")
    with pytest.raises(TypeError):
        to_oxigraph(rdflib.Variable("x"))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_round_trips(text: str) -> None:
    written = literal(text)
    assert parse_object_oxigraph(written).value == text
    assert str(parse_object_rdflib(written)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
@example("\ud83d\ude42 split pair \ud83d")
def test_any_code_points_round_trip_surrogates_included(text: str) -> None:
    written = literal(text)
    assert parse_object_oxigraph(written).value == replace_surrogates(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_iri_never_lets_through_what_ends_an_iri(text: str) -> None:
    value = f"https://example.org/{text}"
    if safe_iri(value):
        assert not set(value) & set('<>"{}|^`\\ \n\r\t')
    else:
        assert any(ch in value for ch in '<>"{}|^`\\') or any(
            ord(ch) <= 0x20 or 0xD800 <= ord(ch) <= 0xDFFF for ch in value
        )


# -- N-Quads and the prefix table ------------------------------------------------------------


def test_nquads_writes_each_statement_in_its_graph() -> None:
    triples = [f"{S} {P} {literal('a')}", f"{S} {P} {literal('b')}"]
    assert nquads(triples, iri("https://example.org/g")) == (
        f'{S} {P} "a" <https://example.org/g> .\n{S} {P} "b" <https://example.org/g> .\n'
    )
    assert nquads(triples) == f'{S} {P} "a" .\n{S} {P} "b" .\n'
    assert nquads([], "_:b1") == ""


def test_a_graph_write_is_its_graph_then_the_union_copy() -> None:
    write = GraphWrite("https://example.org/g", [f"{S} {P} {literal('a')}"])
    named = f'{S} {P} "a" <https://example.org/g> .\n'
    assert write.nquads(union=False) == named
    assert write.nquads() == named + f'{S} {P} "a" .\n'
    quads = list(ox.parse(write.nquads().encode(), format=ox.RdfFormat.N_QUADS))
    assert [type(q.graph_name) for q in quads] == [ox.NamedNode, ox.DefaultGraph]


def test_one_prefix_table_declares_and_binds_every_prefix() -> None:
    assert prefix_lines("sg", "rdfs") == (
        "PREFIX sg: <https://w3id.org/storygraph/ns#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    )
    assert PREFIX_HEADER.count("PREFIX ") == len(PREFIXES)
    assert "\n" not in PREFIX_HEADER  # error positions on line 1 are shifted by its length
    graph = rdflib.Graph()
    bind_prefixes(graph)
    assert {p: str(ns) for p, ns in graph.namespaces() if p in PREFIXES} == PREFIXES
    with pytest.raises(KeyError):
        prefix_lines("nope")


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("CONSTRUCT { ?s a sg:Thing } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ('SELECT ?ask WHERE { ?s ?p "DESCRIBE" } # ASK', "SELECT"),
        ("PREFIX ask: <https://e.org/> ASK { ?s ask:p ?o }", "ASK"),
        ("describe <https://e.org/SELECT>", "DESCRIBE"),
        ("{ ?s ?p ?o }", "SELECT"),
    ],
)
def test_query_form_ignores_words_in_names_strings_and_comments(query: str, form: str) -> None:
    assert query_form(query) == form
