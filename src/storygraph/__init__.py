"""storygraph: turn news stories into a knowledge graph you can query and look at.

The public API; the `storygraph` command is a thin layer over it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("storygraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from .errors import (
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
from .query import named_queries, named_query, run_query, run_update
from .store import EmbeddedStore, RemoteStore, Store, open_store
from .summary import store_stats
from .validate import validate_graph, validate_store

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
