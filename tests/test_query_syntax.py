"""SPARQL syntax errors in one line: the position in the user's text, the token found there,
and for an unknown prefix, which one and the predeclared ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import storygraph
from storygraph.errors import QuerySyntaxError
from storygraph.query import run_query, run_update
from storygraph.query.syntax import explain_syntax_error
from storygraph.rdf.vocab import PREFIXES
from storygraph.store import EmbeddedStore

PREDECLARED = ", ".join(f"{p}:" for p in PREFIXES)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("syntax") / "store")
    yield s
    s.close()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT ?x WHERE { ?x a foo:Bar }",
            "SPARQL syntax error: line 1, column 24: unknown prefix foo: (in foo:Bar); "
            f"predeclared: {PREDECLARED}; declare others with PREFIX foo: <…>",
        ),
        (
            "SELECT ?x\nWHERE {\n  ?x a ex:Thing }",
            "SPARQL syntax error: line 3, column 8: unknown prefix ex: (in ex:Thing); "
            f"predeclared: {PREDECLARED}; declare others with PREFIX ex: <…>",
        ),
        (
            "SELECT ?x WHERE { ?x a sg:Bar } ORDER ?x",
            "SPARQL syntax error: line 1, column 41: expected BY (found the end of the query)",
        ),
        (
            "SELEC ?x WHERE { ?x a sg:Bar }",
            'SPARQL syntax error: line 1, column 10: expected CONSTRUCT (found "WHERE")',
        ),
        (
            "SELECT * WHERE { ?s ?p } LIMIT 5",
            'SPARQL syntax error: line 1, column 26: expected OPTIONAL (found "LIMIT")',
        ),
    ],
)
def test_query_syntax_errors(store: EmbeddedStore, query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        run_query(store, query)
    assert str(info.value) == message
    with pytest.raises(QuerySyntaxError) as info:
        storygraph.query(store, query)
    assert str(info.value) == message


def test_an_update_syntax_error_is_one_line_without_character_classes(
    store: EmbeddedStore,
) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        run_update(store, "INSERT DATA { <a:b> <a:c> }")
    message = str(info.value)
    assert message.startswith("SPARQL update syntax error: line 1, column 27: expected one of ")
    assert message.endswith(', … (found "}")')
    assert "\n" not in message and "..=" not in message and "\\u{" not in message


@given(st.text(max_size=60))
def test_any_error_text_gives_one_line(text: str) -> None:
    raw = SyntaxError(f"error at 1:{len(text) + 500}: expected one of ['a'..='z'],\n \"x\"")
    message = str(explain_syntax_error(raw, text))
    assert "\n" not in message and message.startswith("SPARQL syntax error: ")


def test_an_explained_error_stays_as_it_is() -> None:
    once = explain_syntax_error(SyntaxError("error at 1:600: expected BY"), "ORDER ?x")
    assert str(explain_syntax_error(once, "ORDER ?x")) == str(once)


def test_the_command_line_prints_it_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storygraph.cli import cli

    CliRunner().invoke(
        cli, ["--store", str(tmp_path / "s"), "load", "-", "--format", "nt"], input=""
    )
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "query", "ASK { ?s a ex:T }"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: SPARQL syntax error: line 1, column 12: unknown prefix ex: (in ex:T); "
        f"predeclared: {PREDECLARED}; declare others with PREFIX ex: <…>\n"
    )
