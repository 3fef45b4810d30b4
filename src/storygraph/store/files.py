"""Loading RDF files into a store (`storygraph load`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from storygraph.errors import InputError, RDFSyntaxError
from storygraph.rdf.parse import SUFFIX_FORMATS
from storygraph.store.base import Store

__all__ = ["load_files"]


def load_files(
    store: Store, paths: list[Path], *, fmt: str | None = None, graph: str | None = None
) -> Iterator[tuple[Path, int]]:
    """Load each file in one transaction; yield (path, statements) as each one lands.

    A file that fails to parse is reported and leaves the store as it was; files before it
    stay loaded. The path ``-`` is standard input, whose format ``fmt`` must give.

    Raises:
        InputError: a file is missing or its format unknown.
        RDFSyntaxError: a file does not parse (the message names it).
    """
    for path in paths:
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
        try:
            n = store.load_rdf(path.read_bytes(), kind, graph)
        except RDFSyntaxError as exc:
            raise RDFSyntaxError(f"{path}: {exc}") from exc
        yield path, n
