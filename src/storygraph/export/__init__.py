"""Exports of the story graph: networkx, GraphML/GEXF/JSON files and an offline HTML viewer.

::

    graph = to_networkx(store, projection=True)
    write_graph(graph, "story.graphml", "graphml")
    write_html(graph, "story.html", title="Meta's AI reassignment")
"""

from __future__ import annotations

from storygraph.export.files import GRAPH_FORMATS, write_graph
from storygraph.export.graph import SelectStore, to_networkx
from storygraph.export.html import HtmlSummary, write_html
from storygraph.export.story import (
    DUMP_FORMATS,
    EXPORT_FORMATS,
    GRAPH_WRITERS,
    GraphOptions,
    export_rdf,
    export_story,
)

__all__ = [
    "DUMP_FORMATS",
    "EXPORT_FORMATS",
    "GRAPH_FORMATS",
    "GRAPH_WRITERS",
    "GraphOptions",
    "HtmlSummary",
    "SelectStore",
    "export_rdf",
    "export_story",
    "to_networkx",
    "write_graph",
    "write_html",
]
