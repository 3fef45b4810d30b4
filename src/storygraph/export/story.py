"""One call from a store to a file (`storygraph export`, `view`), and the formats it writes.

The registries are what the command line offers: :data:`DUMP_FORMATS` (RDF, the store as it
is; JSON-LD compacted with ``ontology/context.jsonld``), :data:`DOCUMENT_WRITERS` (other
documents made from the store: the mentions as W3C Web Annotations), :data:`GRAPH_WRITERS` (a
drawn graph: GraphML, GEXF, node-link JSON, an HTML page) and :data:`EXPORT_FORMATS`, every
name in the order offered. :data:`DOCUMENT_FORMATS` can go to standard output. Adding a format
is one line.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from storygraph.errors import InputError
from storygraph.export.annotations import annotations_json
from storygraph.export.files import GRAPH_FORMATS, write_graph
from storygraph.export.graph import SelectStore, to_networkx
from storygraph.export.html import write_html
from storygraph.export.jsonld import compact_jsonld
from storygraph.store.files import dump_rdf

__all__ = [
    "DOCUMENT_FORMATS",
    "DOCUMENT_WRITERS",
    "DUMP_FORMATS",
    "EXPORT_FORMATS",
    "GRAPH_WRITERS",
    "DumpStore",
    "GraphOptions",
    "GraphWriter",
    "ProgressCallback",
    "export_document",
    "export_rdf",
    "export_story",
]


@dataclass
class GraphOptions:
    """What part of the store to draw (see :func:`storygraph.export.to_networkx`)."""

    projection: bool = False
    focus: str | None = None
    depth: int = 1
    article: str | None = None
    classes: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    cap: int = 300


class DumpStore(Protocol):
    """What the RDF export needs from a store: its serialisation."""

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        """Serialise the whole store (all named graphs) or one graph."""
        ...


#: Writes a drawn graph (from :func:`to_networkx`) to a file; returns the line to print.
GraphWriter = Callable[[Any, str | os.PathLike[str], GraphOptions], str]
#: Told (items done, items in all) as an export goes (the command line's progress bar).
ProgressCallback = Callable[[int, int], None]
#: Makes a document from the store: (store, one article or None, progress) -> its bytes.
DocumentWriter = Callable[[Any, str | None, ProgressCallback | None], bytes]


def _title(graph: Any) -> tuple[str, str]:
    articles = int(graph.graph.get("articles", 0) or 0)
    first = graph.graph.get("first_published") or ""
    last = graph.graph.get("last_published") or ""
    dates = first if first == last else f"{first} – {last}"
    subtitle = f"{articles} article{'s' if articles != 1 else ''}" + (f", {dates}" if first else "")
    return "storygraph", subtitle


def _write_page(graph: Any, path: str | os.PathLike[str], options: GraphOptions) -> str:
    title, subtitle = _title(graph)
    summary = write_html(graph, path, title=title, subtitle=subtitle, cap=options.cap)
    note = (
        f" (the {summary.nodes} most mentioned of {summary.capped_from})"
        if summary.capped_from
        else ""
    )
    return f"wrote {path}: {summary.nodes} nodes{note}, {summary.edges} edges"


def _file_writer(fmt: str) -> GraphWriter:
    def write(graph: Any, path: str | os.PathLike[str], options: GraphOptions) -> str:
        write_graph(graph, path, fmt)
        return f"wrote {path}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"

    return write


#: The formats of a drawn graph, by name, in the order offered.
GRAPH_WRITERS: dict[str, GraphWriter] = {
    "graphml": _file_writer("graphml"),
    "gexf": _file_writer("gexf"),
    "json": _file_writer("json"),
    "html": _write_page,
}

#: The RDF formats, by name, in the order offered: the serialisation ``Store.dump`` writes.
DUMP_FORMATS: dict[str, str] = {
    "turtle": "turtle",
    "trig": "trig",
    "nquads": "nquads",
    "jsonld": "json-ld",
    "nt": "nt",
}


def _annotations(store: Any, article: str | None, progress: ProgressCallback | None) -> bytes:
    return annotations_json(store, article=article, progress=progress)


#: Documents made from the store other than its RDF, by name.
DOCUMENT_WRITERS: dict[str, DocumentWriter] = {"annotations": _annotations}

#: Every export format, in the order offered: RDF, other documents, the drawn graph's.
EXPORT_FORMATS: tuple[str, ...] = (*DUMP_FORMATS, *DOCUMENT_WRITERS, *GRAPH_WRITERS)
#: The formats :func:`export_document` writes, which can go to standard output.
DOCUMENT_FORMATS: tuple[str, ...] = (*DUMP_FORMATS, *DOCUMENT_WRITERS)


def export_rdf(store: DumpStore, fmt: str, graph: str | None = None) -> bytes:
    """The store, or one named graph of it, in the RDF format ``fmt`` (of :data:`DUMP_FORMATS`).

    JSON-LD is compacted with the shipped context (:mod:`storygraph.export.jsonld`).

    Raises:
        InputError: an unknown format or graph name.
    """
    if fmt not in DUMP_FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}; use one of {', '.join(DUMP_FORMATS)}")
    if DUMP_FORMATS[fmt] == "json-ld":
        kind = "nquads" if graph is None else "nt"  # one graph: its triples, as turtle has
        return compact_jsonld(store.dump(kind, graph), kind)
    return store.dump(DUMP_FORMATS[fmt], graph)


def export_document(
    store: Any,
    fmt: str,
    out: IO[bytes],
    graph: str | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> None:
    """Write the store to ``out`` as a document of a :data:`DOCUMENT_FORMATS` format: RDF
    (streamed from the embedded store; JSON-LD is compacted whole, in memory) or annotations.

    Args:
        store: the store to read.
        fmt: a name of :data:`DUMP_FORMATS` or :data:`DOCUMENT_WRITERS`.
        out: where to write.
        graph: one named graph (an article's IRI names its graph); for annotations, an
            article's IRI, id or source path.
        progress: told (done, total) as the items of a countable export are written.

    Raises:
        InputError: an unknown format, graph or article.
        OSError: writing to ``out`` failed.
    """
    writer = DOCUMENT_WRITERS.get(fmt)
    if writer is not None:
        out.write(writer(store, graph, progress))
    elif fmt not in DUMP_FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(DOCUMENT_FORMATS)}")
    elif DUMP_FORMATS[fmt] == "json-ld":
        kind = "nquads" if graph is None else "nt"  # one graph: its triples, as turtle has
        statements = io.BytesIO()
        dump_rdf(store, statements, kind, graph)
        out.write(compact_jsonld(statements.getvalue(), kind))
    else:
        _stream(store, out, DUMP_FORMATS[fmt], graph)


def _stream(store: Any, out: IO[bytes], fmt: str, graph: str | None) -> None:
    """:func:`dump_rdf`, whose failed write is raised again without its traceback: that holds
    the serializer's iterator over the store, which keeps the store open (and locked) for as
    long as the error is kept, as by a caller that reports it and goes on (``CliRunner``)."""
    failed: OSError | None = None
    try:
        dump_rdf(store, out, fmt, graph)
    except OSError as exc:
        failed = OSError(exc.errno, exc.strerror) if exc.errno is not None else OSError(str(exc))
    if failed is not None:
        raise failed


def export_story(
    store: SelectStore, fmt: str, path: str | os.PathLike[str], options: GraphOptions | None = None
) -> str:
    """Write the story graph as GraphML, GEXF, node-link JSON or an HTML page.

    Args:
        store: the store to read.
        fmt: a name of :data:`GRAPH_WRITERS`.
        path: the file to write (replaced if it exists).
        options: what part of the store to draw.

    Returns:
        A one-line summary of what was written, for the command line.

    Raises:
        InputError: an unknown format, focus or article.
    """
    options = options or GraphOptions()
    graph = to_networkx(
        store,
        projection=options.projection,
        focus=options.focus,
        depth=options.depth,
        article=options.article,
        classes=options.classes or None,
        since=options.since,
        until=options.until,
    )
    writer = GRAPH_WRITERS.get(fmt)
    if writer is None:
        raise InputError(
            f"unknown graph format {fmt!r}; use html or one of {', '.join(GRAPH_FORMATS)}"
        )
    return writer(graph, path, options)
