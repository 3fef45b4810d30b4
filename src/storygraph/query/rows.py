"""Queries for Python code: the answer as rows of Python values, parameters bound safely.

::

    rows = query(store, "SELECT ?name WHERE { ?o a sg:Organization ; rdfs:label ?name }")
    rows[0]["name"]            # 'Meta'
    query(store, "SELECT ?o WHERE { ?o rdfs:label ?name }", params={"name": "Meta"})
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from storygraph.errors import InputError, QuerySyntaxError
from storygraph.query.formats import result_rows
from storygraph.query.run import check_read_only, fix_position
from storygraph.rdf.sparql import SPARQL_NOISE, bind_prefixes, with_prefixes
from storygraph.rdf.terms import iri, literal, nt
from storygraph.store import QueryResult, Store

__all__ = ["bind_params", "query", "sparql_term"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def sparql_term(value: Any) -> str:
    """A Python value as a SPARQL term: an rdflib term as itself, ``<…>`` text as an IRI, a
    bool, int, float, Decimal, date or datetime as a typed literal, anything else as a
    string literal. Every term is written by :mod:`storygraph.rdf.terms`, escaped.

    Raises:
        InputError: ``<…>`` text that is not a valid IRI.
    """
    if isinstance(value, Node):
        return nt(value)
    if isinstance(value, bool):
        return literal("true" if value else "false", f"{_XSD}boolean")
    if isinstance(value, int):
        return literal(value, f"{_XSD}integer")
    if isinstance(value, float):
        return literal(repr(value), f"{_XSD}double")
    if isinstance(value, Decimal):
        return literal(value, f"{_XSD}decimal")
    if isinstance(value, dt.datetime):
        return literal(value.isoformat(), f"{_XSD}dateTime")
    if isinstance(value, dt.date):
        return literal(value.isoformat(), f"{_XSD}date")
    text = str(value)
    if text.startswith("<") and text.endswith(">"):
        try:
            return iri(text[1:-1])
        except ValueError as exc:
            raise InputError(f"{text!r} is not a valid IRI") from exc
    return literal(text)


def bind_params(sparql: str, params: Mapping[str, Any]) -> str:
    """The query with each ``?name`` of ``params`` bound to its value by a ``VALUES`` block
    at the start of the query's ``WHERE`` group (the values are terms, never query text).

    Patterns and filters of that group see the values; a filter inside a nested group
    (``OPTIONAL``, ``UNION``) or a sub-query is evaluated before them and does not.

    Raises:
        InputError: a name that is not a variable name or not in the query, or a query
            without a ``WHERE`` group.
    """
    if not params:
        return sparql
    for name in params:
        if not _NAME.fullmatch(name):
            raise InputError(f"--param {name!r}: a parameter is a variable name, like org")
        if not re.search(rf"[?$]{name}\b", sparql):
            raise InputError(f"--param {name}: the query has no variable ?{name}")
    masked = SPARQL_NOISE.sub(lambda m: " " * len(m.group(0)), sparql)
    found = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE) or re.search(r"\{", masked)
    if found is None:
        raise InputError("parameters need a query with a WHERE { … } group to bind them in")
    names = " ".join(f"?{n}" for n in params)
    terms = " ".join(sparql_term(v) for v in params.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    return sparql[: found.end()] + block + sparql[found.end() :]


def query(
    store: Store,
    sparql: str,
    params: Mapping[str, Any] | None = None,
    *,
    raw: bool = False,
    allow_service: bool = False,
) -> Any:
    """Run a read-only query and return its answer as Python data.

    The prefixes ``sg:``, ``schema:``, ``rdfs:`` … are predeclared.

    Args:
        store: the store to ask (:func:`storygraph.open_store`).
        sparql: SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE.
        params: variables to bind before the query runs, ``{"name": value}`` (see
            :func:`bind_params` and :func:`sparql_term`).
        raw: return the store's :class:`~storygraph.store.QueryResult` (rdflib terms).
        allow_service: permit SERVICE calls to other endpoints.

    Returns:
        SELECT: a list of dicts, one a row, every variable a key, with Python values (an
        IRI as its string, numbers, dates, None when unbound); ASK: a bool;
        CONSTRUCT/DESCRIBE: an rdflib ``Graph``.

    Raises:
        ReadOnlyQueryError: the query is an update.
        QuerySyntaxError: the query does not parse (the position is in ``sparql``).
    """
    try:
        check_read_only(sparql, allow_service=allow_service)
    except QuerySyntaxError as exc:
        raise fix_position(exc, sparql) from exc
    text = bind_params(sparql, params or {})
    try:
        result: QueryResult = store.execute(with_prefixes(text))
    except QuerySyntaxError as exc:
        raise fix_position(exc, text) from exc
    if raw:
        return result
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        graph = Graph()
        bind_prefixes(graph)
        for triple in result.triples:
            graph.add(triple)
        return graph
    return result_rows(result)
