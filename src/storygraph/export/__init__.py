"""Exports of the story graph: networkx, GraphML/GEXF/JSON files and an offline HTML viewer.

::

    graph = to_networkx(store, projection=True)
    write_graph(graph, "story.graphml", "graphml")
    write_html(graph, "story.html", title="Meta's AI reassignment")
"""

from __future__ import annotations

from .files import GRAPH_FORMATS, write_graph
from .graph import SelectStore, to_networkx
from .html import HtmlSummary, write_html
from .story import GraphOptions, export_story

__all__ = [
    "GRAPH_FORMATS",
    "GraphOptions",
    "HtmlSummary",
    "SelectStore",
    "export_story",
    "to_networkx",
    "write_graph",
    "write_html",
]
