"""The read-only check's shortcuts (query/readonly.py): one parse when both views are the same
text, and a verdict remembered per exact text, without changing any verdict."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from storygraph.errors import QueryError, QuerySyntaxError, ReadOnlyQueryError
from storygraph.query import readonly
from storygraph.query.readonly import CACHE_MAX_CHARS, check_read_only

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts rdflib is asked to parse (the cache emptied first)."""
    readonly._cached_verdict.cache_clear()
    seen: list[str] = []
    real = readonly._parse

    def counting(view: str) -> Any:
        seen.append(view)
        return real(view)

    monkeypatch.setattr(readonly, "_parse", counting)
    yield seen
    readonly._cached_verdict.cache_clear()


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (SELECT, None, ""),
        ("ASK { ?s ?p ?o }", None, ""),
        ("INSERT DATA { <https://e.org/s> <https://e.org/p> 1 }", ReadOnlyQueryError, "(INSERT)"),
        ("#x\rDROP ALL", ReadOnlyQueryError, "(DROP)"),
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            ReadOnlyQueryError,
            "SERVICE",
        ),
        ("SELECT WHERE", QuerySyntaxError, "SPARQL syntax error"),
        ('SELECT ("\\u0041" AS ?a) {}', None, ""),
        ("SELECT ?s WHERE { ?s ?p ?o } \\u004cIMIT 1", QueryError, "read two ways"),
    ],
)
def test_a_remembered_verdict_is_the_verdict(
    parses: list[str], text: str, error: type[Exception] | None, message: str
) -> None:
    outcomes, parsed = [], []
    for _ in range(3):
        try:
            check_read_only(text)
            outcomes.append(None)
        except QueryError as exc:
            outcomes.append((type(exc), str(exc)))
        parsed.append(len(parses))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    if error is None:
        assert outcomes[0] is None
    else:
        assert outcomes[0] is not None
        assert outcomes[0][0] is error and message in outcomes[0][1]
    assert parsed[0] >= 1 and parsed[0] == parsed[1] == parsed[2]  # parsed the first time only


def test_each_check_raises_a_new_exception(parses: list[str]) -> None:
    caught = []
    for _ in range(2):
        with pytest.raises(ReadOnlyQueryError) as info:
            check_read_only("CLEAR ALL")
        caught.append(info.value)
    assert caught[0] is not caught[1]


def test_allow_service_is_part_of_the_key(parses: list[str]) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(ReadOnlyQueryError):
        check_read_only(text)
    check_read_only(text, allow_service=True)


def test_one_parse_when_the_views_are_the_same(parses: list[str]) -> None:
    check_read_only(SELECT)
    assert parses == [SELECT]
    check_read_only(SELECT)
    assert parses == [SELECT]  # remembered
    check_read_only(SELECT + " ")
    assert len(parses) == 2  # another text is another key


@pytest.mark.parametrize(
    "text", ['SELECT ("\\u0041" AS ?a) {}', "SELECT ?s WHERE { ?s ?p ?o } \\u004cIMIT 1"]
)
def test_two_parses_when_an_escape_makes_two_views(parses: list[str], text: str) -> None:
    with contextlib.suppress(QueryError):  # the second reads two ways (see above)
        check_read_only(text)
    assert len(parses) == len(set(parses)) == 2


def test_long_texts_are_checked_every_time(parses: list[str]) -> None:
    text = SELECT + " #" + "x" * CACHE_MAX_CHARS
    check_read_only(text)
    check_read_only(text)
    assert len(parses) == 2
