"""storygraph: turn news stories into a knowledge graph you can query and look at.

The public API; the `storygraph` command is a thin layer over it.
"""

from __future__ import annotations

from storygraph.__version__ import __version__
from storygraph.errors import (
    ArticleError,
    EndpointError,
    EvaluationError,
    InputError,
    ModelError,
    QueryError,
    QuerySyntaxError,
    RDFSyntaxError,
    ReadOnlyQueryError,
    StoreError,
    StoreLockedError,
    StorygraphError,
    ValidationError,
)
from storygraph.query import named_queries, named_query, run_query, run_update
from storygraph.query.stats import store_stats
from storygraph.query.validate import validate_graph, validate_store
from storygraph.store import EmbeddedStore, RemoteStore, Store, open_store

__all__ = [
    "ArticleError",
    "EmbeddedStore",
    "EndpointError",
    "EvaluationError",
    "InputError",
    "ModelError",
    "QueryError",
    "QuerySyntaxError",
    "RDFSyntaxError",
    "ReadOnlyQueryError",
    "RemoteStore",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StorygraphError",
    "ValidationError",
    "__version__",
    "named_queries",
    "named_query",
    "open_store",
    "run_query",
    "run_update",
    "store_stats",
    "validate_graph",
    "validate_store",
]
