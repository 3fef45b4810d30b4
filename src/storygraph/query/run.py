"""Running SPARQL over a store: the read-only check, result formats, the text table.

Queries see the common prefixes (``sg:``, ``schema:``, ``rdfs:`` …) without declaring them.
"""

from __future__ import annotations

import re

from rdflib import Graph

from storygraph.errors import InputError, QueryError, QuerySyntaxError, ReadOnlyQueryError
from storygraph.query.formats import JSON_ROW_FORMATS, format_json_rows, format_table
from storygraph.query.syntax import explain_syntax_error
from storygraph.rdf.sparql import SPARQL_NOISE, bind_prefixes, with_prefixes
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

_UPDATE_WORDS = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
_SERVICE_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape_codepoints(query: str) -> str:
    """The query as a SPARQL 1.1 parser sees it: ``\\u0049NSERT`` is ``INSERT`` (§19.2)."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _CODEPOINT.sub(char, query)


def check_read_only(query: str, *, allow_service: bool = False) -> None:
    """Refuse updates (and, unless allowed, SERVICE calls) in a read-only query.

    The words are looked for after codepoint escapes are undone, as servers that follow
    the SPARQL grammar undo them before parsing. The embedded store could not run an update
    given as a query anyway; this check is what keeps a remote endpoint that accepts updates
    on its query URL (Virtuoso's ``/sparql``) read-only, and gives the clear message.

    Raises:
        ReadOnlyQueryError: the text is an update or calls another endpoint.
    """
    bare = SPARQL_NOISE.sub(" ", _unescape_codepoints(query))
    word = _UPDATE_WORDS.search(bare)
    if word:
        raise ReadOnlyQueryError(
            f"this is a SPARQL update ({word.group(1).upper()}); `storygraph query` is "
            "read-only: use `storygraph update` to change the store"
        )
    if not allow_service and _SERVICE_WORD.search(bare):
        raise ReadOnlyQueryError(
            "the query calls another endpoint (SERVICE); pass --allow-service to permit it"
        )


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
        store.update(with_prefixes(update))
    except QuerySyntaxError as exc:
        raise fix_position(exc, update) from exc
    store.sync_union()


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
        out: str = g.serialize(format="nt" if fmt == "nt" else "turtle")
        return out.rstrip("\n")
    if fmt in GRAPH_FORMATS:
        raise InputError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; use table, csv or json")
    if fmt in JSON_ROW_FORMATS:
        return format_json_rows(result, fmt)
    return format_table(result, width)
