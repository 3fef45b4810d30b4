"""The embedded store: Oxigraph (RocksDB) in a directory, one writing process at a time."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from storygraph.errors import QueryError, QuerySyntaxError, StoreError, StoreLockedError
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import from_oxigraph
from storygraph.store.base import QueryResult, Store, results_format

__all__ = ["FLUSH_EVERY", "EmbeddedStore"]


_QUERY_FAILURES = (SyntaxError, OSError, RuntimeError)  # syntax, I/O, a SERVICE call


def _query_error(exc: BaseException) -> QueryError:
    """A pyoxigraph error as storygraph's, whether a query raised it or its answers did.

    The caller raises it outside its ``except`` block, and the original error is kept
    without its traceback: the frames of either would hold the query's answer, and the
    answer holds the store open (and locked) for as long as anyone keeps the error, even
    after :meth:`EmbeddedStore.close`.
    """
    exc.with_traceback(None)
    error = (
        QuerySyntaxError(f"SPARQL syntax error: {exc}")
        if isinstance(exc, SyntaxError)
        else QueryError(f"the query failed: {exc}")
    )
    error.__cause__ = exc
    return error


FLUSH_EVERY = 5


class EmbeddedStore(Store):
    """Oxigraph (RocksDB) in a directory; one writing process at a time."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, wait: float = 0):
        self.path = Path(path)
        self.location = str(self.path)
        if not create and not self.path.exists():
            raise StoreError(
                f"no store at {self.path}; ingest or load something first, "
                "or point --store / STORYGRAPH_STORE at an existing store"
            )
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is not a directory, so it cannot hold a store")
        if not create and not (self.path / "CURRENT").is_file():
            # RocksDB would make a new store there: a reader must not write into any
            # directory it is pointed at.
            raise StoreError(
                f"no store at {self.path}: the directory holds no storygraph store; "
                "point --store / STORYGRAPH_STORE at one made by ingest or load"
            )
        self._writes_since_flush = 0
        if create and not self.path.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError) as exc:
                raise StoreError(
                    f"cannot create the store at {self.path}: {exc.filename} is a file, "
                    "not a directory"
                ) from exc
            except OSError as exc:
                raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from exc
        deadline = time.monotonic() + wait
        while True:
            try:
                self._store: Any = ox.Store(str(self.path))
                break
            except OSError as exc:
                message = str(exc)
                if "lock" in message.lower():
                    if time.monotonic() < deadline:
                        time.sleep(0.2)
                        continue
                    raise StoreLockedError(
                        f"the store at {self.path} is in use by another storygraph process; "
                        "wait for it to finish (or pass --wait SECONDS)"
                    ) from exc
                raise StoreError(f"cannot open the store at {self.path}: {message}") from exc
            except RuntimeError as exc:  # RocksDB finds a file cut short or corrupt
                raise StoreError(
                    f"cannot open the store at {self.path}: it is damaged ({exc}); "
                    "restore it from a copy or ingest again into a new store"
                ) from exc
        if create:  # a reader never writes
            self.ensure_ontology()

    def close(self) -> None:
        """Flush and release the store (and its lock).

        Raises:
            StoreError: the flush failed (a full disk); what was committed is kept.
        """
        store = getattr(self, "_store", None)
        if store is None:
            return
        self._store = None
        try:
            store.flush()
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc
        finally:
            del store

    def _query(self, query: str) -> Any:
        if self._store is None:
            raise StoreError("the store is closed")
        try:
            return self._store.query(query)
        except _QUERY_FAILURES as exc:
            failure = _query_error(exc)
        raise failure

    def execute(self, query: str) -> QueryResult:
        answer = self._query(query)
        try:
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            try:  # answers are computed as they are read
                if isinstance(answer, ox.QueryTriples):
                    triples = [
                        (
                            from_oxigraph(t.subject),
                            from_oxigraph(t.predicate),
                            from_oxigraph(t.object),
                        )
                        for t in answer
                    ]
                    return QueryResult("graph", triples=triples)
                variables = [v.value for v in answer.variables]
                rows = [
                    tuple(None if sol[v] is None else from_oxigraph(sol[v]) for v in variables)
                    for sol in answer
                ]
                return QueryResult("select", variables=variables, rows=rows)
            except _QUERY_FAILURES as exc:
                failure = _query_error(exc)
        finally:
            del answer  # see _query_error
        raise failure

    def serialize_results(self, query: str, fmt: str) -> bytes:
        answer = self._query(query)
        try:
            if isinstance(answer, ox.QueryTriples):
                raise QueryError("CONSTRUCT and DESCRIBE give RDF: use --format turtle or nt")
            try:
                data: bytes = answer.serialize(format=results_format(fmt))
                return data
            except _QUERY_FAILURES as exc:
                failure = _query_error(exc)
        finally:
            del answer  # see _query_error
        raise failure

    def update(self, sparql: str) -> None:
        if self._store is None:
            raise StoreError("the store is closed")
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL update syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def write(self, writes: Sequence[GraphWrite]) -> None:
        if not writes:
            return
        if any(self.has_graph(w.name) for w in writes):
            super().write(writes)
            return
        data = "".join(w.nquads() for w in writes)
        try:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
            # RocksDB keeps written data in memory until it flushes, which it does not do on
            # its own before the store is closed: a long ingest grew by ~1 GiB per 750,000
            # triples. Flushing every few transactions keeps memory flat and is faster
            # (BENCHMARKS.md, memory).
            self._writes_since_flush += 1
            if self._writes_since_flush >= FLUSH_EVERY:
                self._store.flush()
                self._writes_since_flush = 0
        except SyntaxError as exc:  # a bug in storygraph's own writer, not the user's input
            raise StoreError(f"storygraph wrote invalid N-Quads: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def has_graph(self, name: str) -> bool:
        try:
            node = ox.NamedNode(name)
        except ValueError:
            return False
        return bool(self._store.contains_named_graph(node))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())
