"""Running SPARQL over a store: result formats, the text table (the read-only check is
:mod:`storygraph.query.readonly`).

Queries see the common prefixes (``sg:``, ``schema:``, ``rdfs:`` …) without declaring them.
"""

from __future__ import annotations

from rdflib import Graph

from storygraph.errors import InputError, QueryError, QuerySyntaxError
from storygraph.query.formats import JSON_ROW_FORMATS, format_json_rows, format_table
from storygraph.query.readonly import check_read_only
from storygraph.query.syntax import explain_syntax_error
from storygraph.rdf.sparql import bind_prefixes, with_prefixes
from storygraph.store import RESULT_FORMATS, QueryResult, Store

__all__ = [
    "GRAPH_FORMATS",
    "QUERY_FORMATS",
    "check_read_only",
    "fix_position",
    "format_result",
    "run_query",
    "run_update",
]

#: What CONSTRUCT and DESCRIBE answers can be written as: name → media type.
GRAPH_FORMATS: dict[str, str] = {"turtle": "text/turtle", "nt": "application/n-triples"}
#: Every format :func:`run_query` writes (the command line's choices): name → media type.
QUERY_FORMATS: dict[str, str] = {
    "table": "text/plain",
    **RESULT_FORMATS,
    **JSON_ROW_FORMATS,
    **GRAPH_FORMATS,
}


def fix_position(exc: QuerySyntaxError, text: str = "") -> QuerySyntaxError:
    """The error as one line about the user's ``text``, not the prefixed one (see
    :func:`~storygraph.query.syntax.explain_syntax_error`)."""
    return explain_syntax_error(exc, text)


def run_query(
    store: Store,
    query: str,
    fmt: str = "table",
    *,
    allow_service: bool = False,
    width: int | None = None,
) -> str:
    """Run a read-only query and format its answer as text.

    :func:`storygraph.query` returns the rows as Python values instead.

    Args:
        store: the store to ask.
        query: SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE.
        fmt: ``table``, ``ndjson`` or ``json-rows`` (flat JSON rows), a W3C results
            format (``json``, ``xml``, ``csv``, ``tsv``) or, for CONSTRUCT/DESCRIBE,
            ``turtle`` or ``nt``.
        allow_service: permit SERVICE calls to other endpoints.
        width: fit the table to this many columns (None: one line a row).

    Raises:
        ReadOnlyQueryError: the query is an update.
        QuerySyntaxError: the query does not parse.
    """
    if fmt not in QUERY_FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(QUERY_FORMATS)}")
    try:
        check_read_only(query, allow_service=allow_service)
    except QuerySyntaxError as exc:
        raise fix_position(exc, query) from exc
    full = with_prefixes(query)
    try:
        if fmt in RESULT_FORMATS:
            try:
                # without its final newline, which the caller's print adds back
                return store.serialize_results(full, fmt).decode("utf-8").removesuffix("\n")
            except QueryError as exc:
                if "CONSTRUCT" not in str(exc):
                    raise
                fmt = "turtle"
        result = store.execute(full)
    except QuerySyntaxError as exc:
        raise fix_position(exc, query) from exc
    return format_result(result, fmt, width)


def run_update(store: Store, update: str) -> None:
    """Run a SPARQL update (``storygraph update``).

    The named graphs are the truth and the default graph is their union: after the update,
    the union is derived again, so change statements inside ``GRAPH`` (a change made to the
    default graph alone is undone).
    """
    try:
        store.update_and_sync(with_prefixes(update))  # one transaction: no stale union
    except QuerySyntaxError as exc:
        raise fix_position(exc, update) from exc


def format_result(result: QueryResult, fmt: str = "table", width: int | None = None) -> str:
    """Render a query result: a text table or JSON rows, true/false, or RDF for graph
    results; ``width``: fit the table to it."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        g = Graph()
        bind_prefixes(g)
        for t in result.triples:
            g.add(t)
        try:
            out: str = g.serialize(format="nt" if fmt == "nt" else "turtle")
        except RecursionError:
            # rdflib's Turtle writer nests blank nodes by recursion; N-Triples is Turtle too
            out = g.serialize(format="nt")
        return out.rstrip("\n")
    if fmt in GRAPH_FORMATS:
        raise InputError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; use table, csv or json")
    if fmt in JSON_ROW_FORMATS:
        return format_json_rows(result, fmt)
    return format_table(result, width)
