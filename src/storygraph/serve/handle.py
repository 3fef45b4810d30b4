"""The store as the workbench reads it: an embedded store opened read-only, reopened when it
changes on disk, or a remote SPARQL endpoint.

A read-only embedded store (``EmbeddedStore(path, read_only=True)``) takes no lock, so
``storygraph ingest`` can write into a store that ``storygraph serve`` is showing. A read-only
instance sees the store as it was when it was opened; the handle looks at the store's files (names, sizes, times) at most once a second
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

from storygraph.errors import QueryError
from storygraph.store import EmbeddedStore, Store, open_store, resolve_location

__all__ = ["StoreHandle", "store_signature"]

T = TypeVar("T")
_RECHECK_SECONDS = 1.0


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
        return EmbeddedStore(path, read_only=True)

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
