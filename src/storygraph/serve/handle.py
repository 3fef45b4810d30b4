"""The store as the workbench reads it: an embedded store opened read-only, reopened when it
changes on disk, or a remote SPARQL endpoint.

A read-only Oxigraph store takes no lock, so ``storygraph ingest`` can write into a store
that ``storygraph serve`` is showing. A read-only instance sees the store as it was when it
was opened; the handle looks at the store's files (names, sizes, times) at most once a second
and opens a new instance when they changed, so new articles appear without a restart.
RocksDB calls reading a store another process writes "undefined": what can happen is that a
compaction deletes a file the reader has not opened yet, and the read fails; the handle then
opens a new instance and tries once more before it reports the error.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from storygraph.errors import QueryError, StoreError
from storygraph.store import EmbeddedStore, Store, open_store, resolve_location

__all__ = ["ReadOnlyStore", "StoreHandle", "store_signature"]

T = TypeVar("T")
_RECHECK_SECONDS = 1.0


class ReadOnlyStore(EmbeddedStore):
    """An embedded store opened read-only: it takes no lock and never writes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        # EmbeddedStore.__init__ opens the store for writing (and takes its lock): not called.
        self.path = Path(path)
        self.location = str(self.path)
        self._writes_since_flush = 0
        if not (self.path / "CURRENT").is_file():
            raise StoreError(
                f"no store at {self.path}; ingest something first, or point --store / "
                "STORYGRAPH_STORE at a store made by ingest or load"
            )
        try:
            self._store = ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the store at {self.path} read-only: {exc}") from exc

    def select_values(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT; each row maps the bound variables to their values as strings.

        The pages only show values, so they skip the conversion to rdflib terms that
        :meth:`select` makes (most of a page's time on a large answer).
        """
        answer = self._query(query)
        try:
            variables = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                row = {}
                for v in variables:
                    term = solution[v]
                    if term is not None:
                        row[v] = term.value
                rows.append(row)
            return rows
        except (SyntaxError, OSError, RuntimeError) as exc:
            exc.with_traceback(None)  # its frames hold the answer, and the answer the store
            failure = QueryError(f"the query failed: {exc}")
            failure.__cause__ = exc
        finally:
            del answer
        raise failure

    def close(self) -> None:
        """Release the instance (a read-only instance has nothing to flush)."""
        self._store = None

    def update(self, sparql: str) -> None:
        raise StoreError(
            "the workbench opened the store read-only; start it with --allow-edits to change it"
        )


def store_signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a store is written: its files' names, sizes and modification times."""
    found = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                try:
                    st = entry.stat()
                except OSError:  # deleted while listed: a compaction
                    continue
                found.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(found))


class StoreHandle:
    """The store the pages read, kept fresh (see the module's docstring).

    Args:
        location: a store directory or an ``http(s)://`` endpoint, as for ``--store``.
        timeout: seconds per request to a remote endpoint.
    """

    def __init__(self, location: str | None, timeout: float = 30.0) -> None:
        self.location = resolve_location(location)
        self.remote = self.location.startswith(("http://", "https://"))
        self._lock = threading.Lock()
        self._checked = 0.0
        self._signature: tuple[tuple[str, int, int], ...] = ()
        if self.remote:
            self._store: Store = open_store(self.location, create=False, timeout=timeout)
        else:
            self._store = self._open()

    def _open(self) -> Store:
        path = Path(self.location)
        self._signature = store_signature(path)
        self._checked = time.monotonic()
        return ReadOnlyStore(path)

    def current(self) -> Store:
        """The store, reopened first when its files changed since it was opened."""
        if self.remote:
            return self._store
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= _RECHECK_SECONDS:
                self._checked = now
                if store_signature(Path(self.location)) != self._signature:
                    self._store = self._open()
            return self._store

    def refresh(self) -> None:
        """Open a new instance now (after the workbench itself wrote to the store)."""
        if not self.remote:
            with self._lock:
                self._store = self._open()

    def read(self, reader: Callable[[Store], T]) -> T:
        """``reader(store)``; when the read fails because the store changed underneath it,
        once more on a new instance."""
        store = self.current()
        try:
            return reader(store)
        except QueryError as exc:
            if self.remote or not isinstance(exc.__cause__, OSError):
                raise
        self.refresh()  # a file the instance had not opened yet was compacted away
        return reader(self.current())

    def close(self) -> None:
        self._store.close()
