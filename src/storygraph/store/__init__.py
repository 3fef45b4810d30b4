"""Where storygraph keeps its graphs: an embedded on-disk store (Oxigraph) or a remote SPARQL
1.1 endpoint, behind one interface (:class:`Store`; the layout both keep is described in
:mod:`storygraph.store.base`).

``base`` holds what every store offers, ``embedded`` and ``remote`` the two kinds, ``files``
loading RDF files; this module opens one.
"""

from __future__ import annotations

import os

from storygraph.rdf.parse import SUFFIX_FORMATS, graph_name, parse_rdf
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.sparql import query_form
from storygraph.store.base import (
    RESULT_FORMATS,
    QueryResult,
    SelectStore,
    Store,
    iter_batches,
    select_strings,
)
from storygraph.store.embedded import EmbeddedStore
from storygraph.store.remote import RemoteStore

__all__ = [
    "DEFAULT_LOCATION",
    "RESULT_FORMATS",
    "SUFFIX_FORMATS",
    "EmbeddedStore",
    "GraphWrite",
    "QueryResult",
    "RemoteStore",
    "SelectStore",
    "Store",
    "graph_name",
    "iter_batches",
    "open_store",
    "parse_rdf",
    "query_form",
    "resolve_location",
    "select_strings",
]

DEFAULT_LOCATION = "storygraph-data"


def resolve_location(location: str | None) -> str:
    """The store location: the argument, else ``STORYGRAPH_STORE``, else ./storygraph-data."""
    return location or os.environ.get("STORYGRAPH_STORE") or DEFAULT_LOCATION


def open_store(
    location: str | None = None,
    *,
    create: bool = True,
    wait: float = 0,
    timeout: float | None = None,
) -> Store:
    """Open the store at a path (embedded Oxigraph) or an ``http(s)://`` SPARQL endpoint.

    Args:
        location: a directory or an endpoint URL; defaults as :func:`resolve_location`.
        create: create an embedded store that does not exist yet, and load or refresh the
            ontology graph; readers pass False, and then nothing is ever written (a
            read-only endpoint opens).
        wait: seconds to wait for another process to release an embedded store.
        timeout: seconds before a request to a remote endpoint is abandoned (default 30).

    Raises:
        StoreLockedError: another process holds the embedded store.
        StoreError: the store cannot be opened.
        EndpointError: the endpoint is unreachable.
    """
    loc = resolve_location(location)
    if loc.startswith(("http://", "https://")):
        return RemoteStore(loc, timeout=30.0 if timeout is None else timeout, read_only=not create)
    return EmbeddedStore(loc, create=create, wait=wait)
