"""SPARQL over a store: read-only checks, result formats, named queries.

``run`` runs a query and formats its answer, ``child`` runs one in a process that a timeout
can kill, ``catalog`` holds the named queries (``named/*.rq``); ``stats`` and ``validate``
read a store for their commands. Queries see the common prefixes (``sg:``, ``schema:``,
``rdfs:`` …) without declaring them.
"""

from __future__ import annotations

from storygraph.query.catalog import QUERIES_DIR, NamedQuery, named_queries, named_query
from storygraph.query.child import query_store
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
    "PREFIXES",
    "QUERIES_DIR",
    "QUERY_FORMATS",
    "NamedQuery",
    "check_read_only",
    "format_result",
    "named_queries",
    "named_query",
    "query_store",
    "run_query",
    "run_update",
]
