"""SPARQL over a store: read-only checks, result formats, named queries.

``run`` runs a query and formats its answer (``formats``: JSON rows and the text table),
``rows`` returns it as Python values, ``child`` runs one in a process that a timeout can
kill, ``catalog`` holds the named queries (``named/*.rq``); ``stats`` and ``validate`` read
a store for their commands. Queries see the common prefixes (``sg:``, ``schema:``,
``rdfs:`` …) without declaring them.
"""

from __future__ import annotations

from storygraph.query.catalog import QUERIES_DIR, NamedQuery, named_queries, named_query
from storygraph.query.child import query_store
from storygraph.query.formats import JSON_ROW_FORMATS, python_value, result_rows
from storygraph.query.rows import bind_params, query, sparql_term
from storygraph.query.run import (
    GRAPH_FORMATS,
    QUERY_FORMATS,
    check_read_only,
    format_result,
    run_query,
    run_update,
)
from storygraph.rdf.vocab import PREFIXES

__all__ = [
    "GRAPH_FORMATS",
    "JSON_ROW_FORMATS",
    "PREFIXES",
    "QUERIES_DIR",
    "QUERY_FORMATS",
    "NamedQuery",
    "bind_params",
    "check_read_only",
    "format_result",
    "named_queries",
    "named_query",
    "python_value",
    "query",
    "query_store",
    "result_rows",
    "run_query",
    "run_update",
    "sparql_term",
]
