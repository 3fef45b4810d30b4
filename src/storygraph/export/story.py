"""One call from a store to a graph file or an HTML page (`storygraph export`, `view`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from storygraph.errors import InputError
from storygraph.export.files import GRAPH_FORMATS, write_graph
from storygraph.export.graph import SelectStore, to_networkx
from storygraph.export.html import write_html

__all__ = ["GraphOptions", "export_story"]


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


def _title(graph: Any) -> tuple[str, str]:
    articles = int(graph.graph.get("articles", 0) or 0)
    first = graph.graph.get("first_published") or ""
    last = graph.graph.get("last_published") or ""
    dates = first if first == last else f"{first} – {last}"
    subtitle = f"{articles} article{'s' if articles != 1 else ''}" + (f", {dates}" if first else "")
    return "storygraph", subtitle


def export_story(
    store: SelectStore, fmt: str, path: str | os.PathLike[str], options: GraphOptions | None = None
) -> str:
    """Write the story graph as GraphML, GEXF, node-link JSON or an HTML page.

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
    if fmt == "html":
        title, subtitle = _title(graph)
        summary = write_html(graph, path, title=title, subtitle=subtitle, cap=options.cap)
        note = (
            f" (the {summary.nodes} most mentioned of {summary.capped_from})"
            if summary.capped_from
            else ""
        )
        return f"wrote {path}: {summary.nodes} nodes{note}, {summary.edges} edges"
    if fmt not in GRAPH_FORMATS:
        raise InputError(
            f"unknown graph format {fmt!r}; use html or one of {', '.join(GRAPH_FORMATS)}"
        )
    write_graph(graph, path, fmt)
    return f"wrote {path}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
