"""Loading RDF files into a store (`storygraph load`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storygraph.errors import InputError, RDFSyntaxError
from storygraph.rdf.parse import SUFFIX_FORMATS
from storygraph.store.base import Store
from storygraph.store.embedded import BULK_FORMATS, EmbeddedStore

__all__ = ["dump_rdf", "load_files", "rdf_files"]


def rdf_files(paths: list[Path]) -> list[Path]:
    """The files to load: each file as given, and for a directory (a ``storygraph extract``
    output, say) the RDF files in it, sorted by name (hidden ones, ``.json`` files, which
    there are the shards' records and manifest, and others skipped).

    Raises:
        InputError: a directory holds no RDF file.
    """
    found: list[Path] = []
    for path in paths:
        if str(path) != "-" and path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in SUFFIX_FORMATS
                and p.suffix.lower() != ".json"
            )
            if not inside:
                raise InputError(
                    f"{path} holds no RDF file (.nq, .trig, .ttl, .nt, .jsonld, .rdf); "
                    "give files or a directory of shards"
                )
            found.extend(inside)
        else:
            found.append(path)
    return found


def load_files(
    store: Store, paths: list[Path], *, fmt: str | None = None, graph: str | None = None
) -> Iterator[tuple[Path, int]]:
    """Load each file (a directory: the RDF files in it); yield (path, statements) as each
    one lands.

    Into the embedded store, N-Quads and TriG files (``storygraph extract`` shards) go
    through Oxigraph's bulk loader, each in one ingestion with its union copy (see
    :meth:`EmbeddedStore.bulk_load_files`); anything else is one transaction a file. A file
    that fails to parse is reported and leaves the store as it was; files before it stay
    loaded. The path ``-`` is standard input, whose format ``fmt`` must give.

    Raises:
        InputError: a file is missing or its format unknown.
        RDFSyntaxError: a file does not parse (the message names it).
    """
    for path in rdf_files(paths):
        if str(path) == "-":
            if fmt is None:
                raise InputError("give --format to load standard input (turtle, nt, nquads, …)")
            try:
                n = store.load_rdf(sys.stdin.buffer.read(), fmt, graph)
            except RDFSyntaxError as exc:
                raise RDFSyntaxError(f"<stdin>: {exc}") from exc
            yield path, n
            continue
        if not path.is_file():
            raise InputError(f"no such file: {path}")
        kind = fmt or SUFFIX_FORMATS.get(path.suffix.lower())
        if kind is None:
            raise InputError(
                f"cannot tell the RDF format of {path} from its suffix; give --format "
                "(turtle, nt, nquads, trig, jsonld, xml)"
            )
        if isinstance(store, EmbeddedStore) and graph is None and kind in BULK_FORMATS:
            yield from store.bulk_load_files([path], kind)
            continue
        try:
            n = store.load_rdf(path.read_bytes(), kind, graph)
        except RDFSyntaxError as exc:
            raise RDFSyntaxError(f"{path}: {exc}") from exc
        yield path, n


def dump_rdf(store: Store, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
    """Write :meth:`Store.dump` to ``out``: streamed by pyoxigraph's serializer from the
    embedded store (memory flat in its size), whole from a remote one.

    Raises:
        InputError: ``graph`` is not a graph name.
        OSError: writing to ``out`` failed.
    """
    if isinstance(store, EmbeddedStore):
        store.dump_to(out, fmt, graph)
    else:
        out.write(store.dump(fmt, graph))
