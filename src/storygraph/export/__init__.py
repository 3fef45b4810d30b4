"""Exports of the story graph: RDF (JSON-LD compacted with the shipped context), W3C Web
Annotations of the mentions, networkx, GraphML/GEXF/JSON files and an offline HTML viewer.

::

    graph = to_networkx(store, projection=True)
    write_graph(graph, "story.graphml", "graphml")
    write_html(graph, "story.html", title="Meta's AI reassignment")
"""

from __future__ import annotations

from storygraph.export.annotations import mention_annotations
from storygraph.export.files import GRAPH_FORMATS, write_graph
from storygraph.export.graph import SelectStore, to_networkx
from storygraph.export.html import HtmlSummary, write_html
from storygraph.export.jsonld import compact_jsonld, jsonld_context
from storygraph.export.story import (
    DOCUMENT_FORMATS,
    DOCUMENT_WRITERS,
    DUMP_FORMATS,
    EXPORT_FORMATS,
    GRAPH_WRITERS,
    GraphOptions,
    export_document,
    export_rdf,
    export_story,
)

__all__ = [
    "DOCUMENT_FORMATS",
    "DOCUMENT_WRITERS",
    "DUMP_FORMATS",
    "EXPORT_FORMATS",
    "GRAPH_FORMATS",
    "GRAPH_WRITERS",
    "GraphOptions",
    "HtmlSummary",
    "SelectStore",
    "compact_jsonld",
    "export_document",
    "export_rdf",
    "export_story",
    "jsonld_context",
    "mention_annotations",
    "to_networkx",
    "write_graph",
    "write_html",
]
