"""GraphML, GEXF and node-link JSON files of a graph made by :func:`~.graph.to_networkx`.

Each file loads back with networkx (``read_graphml(path, force_multigraph=True)``,
``read_gexf``, ``node_link_graph(json.load(f), edges="links")``). GraphML and GEXF only hold
scalar attributes, so lists (``mention_texts``) are written as JSON strings there; the JSON
format keeps them as lists.
"""

from __future__ import annotations

import io
import json
import os
import re
from typing import TYPE_CHECKING, Any

from storygraph.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GRAPH_FORMATS", "write_graph"]

#: The formats :func:`write_graph` writes.
GRAPH_FORMATS: tuple[str, ...] = ("gexf", "graphml", "json")


#: What XML 1.0 cannot hold at all, escaped or not: C0 controls but tab, newline and
#: carriage return; lone surrogates; U+FFFE and U+FFFF. A form feed in an article's text, or
#: ``\u0001`` in a loaded literal, would otherwise make GraphML fail and GEXF invalid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = {"\x0b": " ", "\x0c": " "}


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold; a vertical tab or form feed becomes a
    space, anything else is dropped."""
    return _NOT_XML.sub(lambda m: _XML_SPACE.get(m.group(), ""), text)


def _scalar(value: Any) -> Any:
    """A value GraphML/GEXF can hold: lists and dicts as JSON, None as ``""``, text that XML
    can hold."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict | set):
        items = sorted(value) if isinstance(value, set) else value
        return xml_text(json.dumps(items, ensure_ascii=False))
    if isinstance(value, str):
        return xml_text(value)
    return value


def _scalar_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    copy = graph.__class__()
    copy.graph.update({k: _scalar(v) for k, v in graph.graph.items()})
    copy.add_nodes_from(
        (_scalar(n), {k: _scalar(v) for k, v in d.items()}) for n, d in graph.nodes(data=True)
    )
    if graph.is_multigraph():
        copy.add_edges_from(
            (_scalar(u), _scalar(v), _scalar(k), {a: _scalar(x) for a, x in d.items()})
            for u, v, k, d in graph.edges(keys=True, data=True)
        )
    else:
        copy.add_edges_from(
            (_scalar(u), _scalar(v), {a: _scalar(x) for a, x in d.items()})
            for u, v, d in graph.edges(data=True)
        )
    return copy


def write_graph(graph: nx.MultiDiGraph, path: str | os.PathLike[str], format: str) -> None:
    """Write ``graph`` to ``path`` as GraphML, GEXF or node-link JSON.

    Args:
        graph: A graph from :func:`~storygraph.export.to_networkx` (any networkx graph works).
        path: The file to write (replaced if it exists).
        format: ``graphml``, ``gexf`` or ``json``.

    Raises:
        InputError: An unknown format, or ``path`` cannot be written.
    """
    fmt = format.lower()
    if fmt not in GRAPH_FORMATS:
        raise InputError(f"unknown graph format {format!r}; choose from {', '.join(GRAPH_FORMATS)}")
    try:
        _write(graph, path, fmt)
    except OSError as exc:
        raise InputError(f"cannot write {os.fspath(path)}: {exc.strerror or exc}") from exc


def _write(graph: nx.MultiDiGraph, path: str | os.PathLike[str], fmt: str) -> None:
    import networkx as nx  # lazy: slow to import, and only the graph exports need it

    if fmt == "graphml":
        # Into memory first: lxml's incremental writer, which networkx uses, crashes the
        # interpreter (a segmentation fault when it is freed) after the file refuses a
        # write, as on a full disk.
        buffer = io.BytesIO()
        nx.write_graphml(_scalar_copy(graph), buffer, encoding="utf-8", prettyprint=True)
        with open(path, "wb") as fh:
            fh.write(buffer.getvalue())
    elif fmt == "gexf":
        from networkx.readwrite.gexf import GEXFWriter  # lazy: networkx, as above

        writer = GEXFWriter(encoding="utf-8", prettyprint=True)
        writer.add_graph(_scalar_copy(graph))
        meta = writer.xml.find("meta")
        day = graph.graph.get("last_published")
        if meta is not None and isinstance(day, str) and day:
            meta.set("lastmodifieddate", day)  # the data's date, not today's: reproducible files
        with open(path, "wb") as fh:
            writer.write(fh)
    else:
        data = nx.node_link_data(graph, edges="links")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2, default=_json_default)
            fh.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)
