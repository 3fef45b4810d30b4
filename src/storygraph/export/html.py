"""An offline HTML viewer: one self-contained page drawn with vis-network.

The page inlines vis-network's JavaScript and CSS (read from the installed ``pyvis`` package),
the viewer's own script and style (``assets/``) and the graph as JSON; it loads nothing from
anywhere, and its Content-Security-Policy forbids it to. The layout is computed here
(a seeded Fruchterman–Reingold per connected component, components packed in rows), so the
browser only draws: physics stays off and the page is usable as soon as it is drawn.

Nothing from the graph is ever parsed as HTML: the title and subtitle are escaped, the data
is JSON with ``<``, ``>`` and ``&`` escaped, tooltips are plain strings (vis-network shows
them with ``innerText``) and the side panel is built with ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storygraph.errors import InputError, StorygraphError

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import numpy.typing as npt

__all__ = ["HtmlSummary", "write_html"]

_VIS_DIR = ("lib", "vis-9.1.2")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_SEED = 20261126
_EDGE_LENGTH = 170.0  # px: the median edge length of a laid-out component
_GAP = 90.0  # px between packed components
_LABEL_MAX = 40
_BLOCK = 256  # rows of the n × n layout arrays computed at once: bounds the memory
_TOOLTIP_EVIDENCE_MAX = 400


@dataclass(frozen=True)
class _Style:
    name: str
    shape: str
    color: str


#: Colour and shape of each class (agents are dots; colours from Tableau 10).
_STYLES: dict[str, _Style] = {
    "Organization": _Style("Organization", "dot", "#4e79a7"),
    "OrganizationalUnit": _Style("Organizational unit", "dot", "#8cb8e0"),
    "Person": _Style("Person", "dot", "#f28e2b"),
    "Group": _Style("Group", "dot", "#e8b93a"),
    "AnonymousSource": _Style("Anonymous source", "dot", "#a39e99"),
    "Place": _Style("Place", "triangle", "#59a14f"),
    "Product": _Style("Product", "star", "#b07aa1"),
    "Document": _Style("Document", "square", "#9c755f"),
    "FinancialEntity": _Style("Financial entity", "hexagon", "#ff9da7"),
    "Event": _Style("Event", "diamond", "#e15759"),
    "Claim": _Style("Claim", "triangleDown", "#7b66d2"),
    "Quantity": _Style("Quantity", "hexagon", "#8cd17d"),
    "TimeExpression": _Style("Time expression", "square", "#499894"),
    "OpenQuestion": _Style("Open question", "triangleDown", "#8a8a8a"),
}
_OTHER = _Style("Other", "dot", "#bab0ac")

#: The legend's shapes, as SVG drawn in a 14 × 14 box.
_SVG_SHAPES = {
    "dot": '<circle cx="7" cy="7" r="6"{paint}/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"{paint}/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"{paint}/>',
    "triangle": '<polygon points="7,1 13.5,12.5 0.5,12.5"{paint}/>',
    "triangleDown": '<polygon points="0.5,1.5 13.5,1.5 7,13"{paint}/>',
    "star": '<polygon points="7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 0.5,5.2 5.2,5"'
    "{paint}/>",
    "hexagon": '<polygon points="3.5,1 10.5,1 13.8,7 10.5,13 3.5,13 0.2,7"{paint}/>',
}


@dataclass(frozen=True)
class HtmlSummary:
    """What :func:`write_html` wrote.

    Attributes:
        path: The page.
        nodes: Nodes drawn.
        edges: Edges drawn.
        capped_from: The graph's node count when the cap dropped nodes, else None.
    """

    path: Path
    nodes: int
    edges: int
    capped_from: int | None = None


def _darker(color: str, factor: float = 0.7) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def _style(kind: str) -> _Style:
    return _STYLES.get(kind, _OTHER)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mention_texts(value: Any) -> list[str]:
    """``mention_texts`` as a list, also when it was read back from GraphML/GEXF as JSON."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# -- layout -------------------------------------------------------------------------------------


def _force_layout(
    n: int, edges: npt.NDArray[np.intp], seed: int, iterations: int
) -> npt.NDArray[np.float64]:
    """Fruchterman–Reingold positions of one connected component (as networkx computes them).

    Written out rather than calling ``networkx.spring_layout`` because that needs SciPy from
    500 nodes on, and so that a new networkx cannot move every node of a golden file.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    a, b = edges[:, 0], edges[:, 1]
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    displacement = np.empty((n, 2))
    for _ in range(iterations):
        # repulsion between every pair, a block of rows at a time (float32: the picture is
        # the same and the n × n temporaries are half the size)
        xy = pos.astype(np.float32)
        for start in range(0, n, _BLOCK):
            rows = xy[start : start + _BLOCK]
            dx = rows[:, np.newaxis, 0] - xy[np.newaxis, :, 0]
            dy = rows[:, np.newaxis, 1] - xy[np.newaxis, :, 1]
            force = dx * dx
            force += dy * dy
            np.clip(force, 1e-4, None, out=force)
            np.divide(np.float32(k * k), force, out=force)
            displacement[start : start + _BLOCK, 0] = np.einsum("ij,ij->i", dx, force)
            displacement[start : start + _BLOCK, 1] = np.einsum("ij,ij->i", dy, force)
        # attraction along the edges only
        delta = pos[a] - pos[b]
        pull = delta * (np.sqrt(np.einsum("ij,ij->i", delta, delta)) / k)[:, np.newaxis]
        for dim in (0, 1):
            displacement[:, dim] -= np.bincount(a, weights=pull[:, dim], minlength=n)
            displacement[:, dim] += np.bincount(b, weights=pull[:, dim], minlength=n)
        length = np.sqrt(np.einsum("ij,ij->i", displacement, displacement))
        np.clip(length, 0.01, None, out=length)
        pos += displacement * (temperature / length)[:, np.newaxis]
        temperature -= cooling
    return pos


def _node_size(d: Mapping[str, Any]) -> float:
    return round(min(10 + 4 * math.sqrt(_int(d.get("mentions"))), 42), 1)


def _node_label(node: str, d: Mapping[str, Any]) -> str:
    return _short(str(d.get("label") or node), _LABEL_MAX)


def _node_box(node: str, d: Mapping[str, Any]) -> tuple[float, float]:
    """Half width and half height of a node with its label under it, in px (with a margin)."""
    size = _node_size(d)
    label_width = 10.0 * len(_node_label(node, d))
    return max(size, label_width / 2) + 8, size + 15


def _remove_overlaps(
    pos: npt.NDArray[np.float64], boxes: npt.NDArray[np.float64], iterations: int
) -> None:
    """Push apart nodes whose boxes (centre ``pos``, half sizes ``boxes``) overlap, in place."""
    import numpy as np

    n = len(pos)
    centre = pos + np.array([0.0, 11.0])  # the label hangs under the shape
    columns = np.arange(n)[np.newaxis, :]
    for _ in range(iterations):
        move = np.zeros((n, 2))
        for start in range(0, n, _BLOCK):
            rows = slice(start, start + _BLOCK)
            dx = centre[rows, np.newaxis, 0] - centre[np.newaxis, :, 0]
            dy = centre[rows, np.newaxis, 1] - centre[np.newaxis, :, 1]
            ox = boxes[rows, np.newaxis, 0] + boxes[np.newaxis, :, 0] - np.abs(dx)
            oy = boxes[rows, np.newaxis, 1] + boxes[np.newaxis, :, 1] - np.abs(dy)
            index = np.arange(start, min(start + _BLOCK, n))[:, np.newaxis]
            overlap = (ox > 0) & (oy > 0) & (index != columns)
            if not overlap.any():
                continue
            # push along the axis that needs the smaller push; coincident nodes part by index
            sx = np.where(dx > 0, 1.0, np.where(dx < 0, -1.0, np.where(index < columns, 1.0, -1.0)))
            sy = np.where(dy > 0, 1.0, np.where(dy < 0, -1.0, np.where(index < columns, 1.0, -1.0)))
            move[rows, 0] = np.where(overlap & (ox <= oy), ox * sx, 0.0).sum(axis=1)
            move[rows, 1] = np.where(overlap & (ox > oy), oy * sy, 0.0).sum(axis=1)
        if not move.any():
            break
        centre += 0.5 * move
    pos[:] = centre - np.array([0.0, 11.0])


def _component_layout(
    component: list[str], graph: nx.Graph, boxes: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Positions in px of one component, centred on (0, 0)."""
    import numpy as np

    n = len(component)
    if n == 1:
        return {component[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(component)}
    pairs = sorted({(index[u], index[v]) for u, v in graph.subgraph(component).edges()})
    edges = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    # fewer iterations for big components: O(n²) each, and a big layout settles early
    iterations = 120 if n <= 300 else 60 if n <= 1000 else 40
    pos = _force_layout(n, edges, _SEED + n, iterations)
    pos -= pos.mean(axis=0)
    lengths = np.linalg.norm(pos[edges[:, 0]] - pos[edges[:, 1]], axis=1)
    median = float(np.median(lengths)) if len(lengths) else 1.0
    pos *= _EDGE_LENGTH / max(median, 1e-9)
    sizes = np.array([boxes[node] for node in component])
    _remove_overlaps(pos, sizes, 100 if n <= 500 else 10)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(component)}


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Deterministic positions: each component laid out alone, then packed in rows."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    boxes = {node: _node_box(node, d) for node, d in graph.nodes(data=True)}
    components = sorted(
        (sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0])
    )
    packed = []
    for component in components:
        pos = _component_layout(component, simple, boxes)
        left = min(p[0] - boxes[node][0] for node, p in pos.items())
        right = max(p[0] + boxes[node][0] for node, p in pos.items())
        top = min(p[1] - boxes[node][1] for node, p in pos.items())
        bottom = max(p[1] + boxes[node][1] + 22 for node, p in pos.items())
        packed.append((pos, left, top, right - left, bottom - top))
    return _pack(packed)


def _pack(
    packed: list[tuple[dict[str, tuple[float, float]], float, float, float, float]],
) -> dict[str, tuple[int, int]]:
    """Place laid-out components (positions, left, top, width, height) in rows of columns.

    Each row is as tall as its first, tallest component; the smaller ones stack in columns to
    its right, so that a big component and a crowd of small ones fill a wide screen.
    """
    packed = sorted(packed, key=lambda c: (-c[4], -len(c[0]), min(c[0])))
    widths = sorted((w for *_, w, _ in packed), reverse=True)
    area = sum((w + _GAP) * (h + _GAP) for *_, w, h in packed)
    row_width = max(math.sqrt(1.6 * area), sum(widths[:2]) + _GAP * (len(widths) > 1))
    result: dict[str, tuple[int, int]] = {}
    row_top = row_height = 0.0
    col_left = col_top = col_width = 0.0
    first = True
    for pos, left, top, w, h in packed:
        if first:
            row_height = h
        elif col_top > 0 and col_top + h <= row_height:
            pass  # under the previous one, same column
        elif col_left + col_width + _GAP + w <= row_width:
            col_left, col_top, col_width = col_left + col_width + _GAP, 0.0, 0.0
        else:
            row_top += row_height + _GAP
            row_height, col_left, col_top, col_width = h, 0.0, 0.0, 0.0
        for node, (px, py) in pos.items():
            result[node] = (round(col_left + px - left), round(row_top + col_top + py - top))
        col_top += h + _GAP
        col_width = max(col_width, w)
        first = False
    if result:
        xs = [p[0] for p in result.values()]
        ys = [p[1] for p in result.values()]
        cx, cy = (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2
        result = {n: (px - cx, py - cy) for n, (px, py) in result.items()}
    return result


# -- page data ----------------------------------------------------------------------------------


def _node_facts(node: str, d: Mapping[str, Any]) -> list[list[str]]:
    mentions, articles = _int(d.get("mentions")), _int(d.get("articles"))
    facts = [["Class", _style(str(d.get("kind", ""))).name if d.get("kind") else "—"]]
    facts.append(["Mentions", f"{mentions:,} in {_plural(articles, 'article')}"])
    for key, name in (
        ("first_seen", "First seen"),
        ("time", "Time"),
        ("source", "Source"),
        ("detail", "Details"),
    ):
        if value := str(d.get(key) or ""):
            facts.append([name, value])
    facts.append(["IRI", node])
    return facts


def _node_title(d: Mapping[str, Any], label: str) -> str:
    kind = str(d.get("kind") or "")
    lines = [label]
    mentions, articles = _int(d.get("mentions")), _int(d.get("articles"))
    head = _style(kind).name if kind else "Node"
    lines.append(f"{head} · {_plural(mentions, 'mention')} in {_plural(articles, 'article')}")
    if first := str(d.get("first_seen") or ""):
        lines.append(f"first seen {first}")
    if time := str(d.get("time") or ""):
        lines.append(f"time: {time}")
    if source := str(d.get("source") or ""):
        lines.append(f"source: {source}")
    if detail := str(d.get("detail") or ""):
        lines.append(_short(detail, _TOOLTIP_EVIDENCE_MAX))
    if evidence := str(d.get("evidence") or ""):
        lines.append(f"“{_short(evidence, _TOOLTIP_EVIDENCE_MAX)}”")
    return "\n".join(lines)


def _smooth(edges: list[tuple[str, str, Any]]) -> list[Any]:
    """Straight edges, except parallel ones, which curve to alternate sides."""
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (u, v, _) in enumerate(edges):
        by_pair[(min(u, v), max(u, v))].append(i)
    smooth: list[Any] = [False] * len(edges)
    for members in by_pair.values():
        if len(members) < 2:
            continue
        odd = len(members) % 2
        for rank, i in enumerate(members):
            if odd and rank == 0:
                continue
            step = rank + 1 - odd
            clockwise = step % 2 == 0
            if edges[i][0] > edges[i][1]:  # the same side of the pair in both directions
                clockwise = not clockwise
            smooth[i] = {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": round(0.18 * ((step + 1) // 2), 2),
            }
    return smooth


def _page_data(graph: nx.MultiDiGraph, positions: Mapping[str, tuple[int, int]]) -> dict[str, Any]:
    nodes, info = [], []
    labels: dict[str, str] = {}
    for node in sorted(graph.nodes):
        d = graph.nodes[node]
        label = str(d.get("label") or node)
        labels[node] = label
        kind = str(d.get("kind") or "")
        x, y = positions[node]
        nodes.append(
            {
                "id": node,
                "label": _node_label(node, d),
                "title": _node_title(d, label),
                "group": kind if kind in _STYLES else "_other",
                "size": _node_size(d),
                "x": x,
                "y": y,
            }
        )
        info.append(
            {
                "label": label,
                "facts": _node_facts(node, d),
                "mentions": _mention_texts(d.get("mention_texts")),
            }
        )
    ordered = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    smooth = _smooth([(u, v, k) for u, v, k, _ in ordered])
    edges, edge_info = [], []
    for i, (u, v, key, d) in enumerate(ordered):
        label = str(d.get("label") or key)
        evidence = str(d.get("evidence") or "")
        heading = f"{labels[u]} → {label} → {labels[v]}"
        title = heading + (f"\n“{_short(evidence, _TOOLTIP_EVIDENCE_MAX)}”" if evidence else "")
        edge: dict[str, Any] = {"id": f"e{i}", "from": u, "to": v, "label": label, "title": title}
        if smooth[i]:
            edge["smooth"] = smooth[i]
        edges.append(edge)
        facts = [["Predicate", str(d.get("predicate") or key)]]
        if via := str(d.get("via") or ""):
            facts.append(["Via", via])
        if evidence:
            facts.append(["Evidence", evidence])
        edge_info.append({"title": heading, "facts": facts})
    return {
        "nodes": nodes,
        "info": info,
        "edges": edges,
        "edgeInfo": edge_info,
        "options": _options(len(nodes)),
    }


def _options(n: int) -> dict[str, Any]:
    groups: dict[str, Any] = {}
    for kind, style in (*_STYLES.items(), ("_other", _OTHER)):
        groups[kind] = {
            "shape": style.shape,
            "color": {
                "background": style.color,
                "border": _darker(style.color),
                "highlight": {"background": style.color, "border": "#1f2328"},
                "hover": {"background": style.color, "border": "#1f2328"},
            },
        }
    groups["AnonymousSource"]["shapeProperties"] = {"borderDashes": [3, 3]}
    big = n > 500
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "groups": groups,
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {
                "size": 17,
                "face": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
                "color": "#1f2328",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": "#9aa4ae", "highlight": "#0969da", "hover": "#57606a"},
            "font": {
                "size": 12,
                "face": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
                "color": "#57606a",
                "strokeWidth": 4,
                "strokeColor": "#f6f8fa",
                "align": "middle",
            },
            "smooth": False,
            "width": 1.2,
            "selectionWidth": 1.5,
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
        },
    }


# -- the page -----------------------------------------------------------------------------------


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment, whatever the data."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _vis_file(name: str) -> str:
    """A file of the vis-network build that pyvis ships.

    Found without importing pyvis, which would pull in IPython.
    """
    spec = importlib.util.find_spec("pyvis")
    where = list(spec.submodule_search_locations or []) if spec else []
    for root in where:
        path = Path(root).joinpath(*_VIS_DIR, name)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise StorygraphError(
        f"cannot find vis-network's {name} in the pyvis package; reinstall pyvis>=0.3.2,<0.4"
    )


def _asset(name: str) -> str:
    return (
        resources.files(__package__ or "storygraph.export")
        .joinpath("assets", name)
        .read_text(encoding="utf-8")
    )


def _inline(text: str, tag: str) -> str:
    """``text`` fit to sit inside ``<tag>``: its end tag cannot occur in it."""
    return re.sub(rf"</(?={tag})", r"<\\/", text, flags=re.IGNORECASE)


def _legend(graph: nx.MultiDiGraph) -> str:
    counts: dict[str, int] = defaultdict(int)
    for _, kind in graph.nodes(data="kind"):
        counts[str(kind or "")] += 1
    order = {k: i for i, k in enumerate(_STYLES)}
    items = []
    for kind in sorted(counts, key=lambda k: (order.get(k, len(order)), k)):
        style = _style(kind)
        paint = f' fill="{style.color}" stroke="{_darker(style.color)}" stroke-width="1"'
        if kind == "AnonymousSource":
            paint += ' stroke-dasharray="2 1.5"'
        svg = (
            '<svg class="sg-glyph" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
            + _SVG_SHAPES.get(style.shape, _SVG_SHAPES["dot"]).format(paint=paint)
            + "</svg>"
        )
        name = style.name if kind in _STYLES else (kind or "Other")
        items.append(
            f'        <li data-kind="{html.escape(kind)}">{svg}'
            f'<span class="sg-kind">{html.escape(name)}</span>'
            f'<span class="sg-count">{counts[kind]:,}</span></li>'
        )
    return "\n".join(items)


def _stats(graph: nx.MultiDiGraph, shown: nx.MultiDiGraph) -> str:
    parts = []
    articles = _int(graph.graph.get("articles"))
    if articles:
        parts.append(_plural(articles, "article"))
    first = str(graph.graph.get("first_published") or "")
    last = str(graph.graph.get("last_published") or "")
    if first and last and first != last:
        parts.append(f"{first} to {last}")
    elif first or last:
        parts.append(first or last)
    parts.append(_plural(shown.number_of_nodes(), "node"))
    parts.append(_plural(shown.number_of_edges(), "edge"))
    if graph.graph.get("projection"):
        parts.append("entities only, events and claims folded into edges")
    return html.escape(" · ".join(parts))


def _cap(graph: nx.MultiDiGraph, cap: int) -> nx.MultiDiGraph:
    if graph.number_of_nodes() <= cap:
        return graph
    ranked = sorted(
        graph.nodes(data=True),
        key=lambda item: (-_int(item[1].get("mentions")), str(item[1].get("label") or ""), item[0]),
    )
    keep: Iterable[str] = (node for node, _ in ranked[:cap])
    return graph.subgraph(keep).copy()


def _csp(scripts: Iterable[str]) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
    )


def write_html(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str,
    subtitle: str = "",
    cap: int = 300,
) -> HtmlSummary:
    """Write an interactive, self-contained HTML view of ``graph``.

    Nodes are coloured and shaped by class (with a legend of the classes present) and sized
    by mentions; edges are labelled; tooltips show the class, time, source and evidence; a
    search box finds a node by label and a click shows its mentions. The output is the same
    for the same graph.

    Args:
        graph: A graph from :func:`~storygraph.export.to_networkx`.
        path: The page to write (replaced if it exists).
        title: The page title and heading.
        subtitle: A line under the heading.
        cap: Draw at most this many nodes, the most mentioned ones.

    Returns:
        The page's path and what it shows.

    Raises:
        InputError: ``cap`` is less than 1, or ``path`` cannot be written.
        StorygraphError: vis-network cannot be read from the installed pyvis.
    """
    if cap < 1:
        raise InputError(f"cap must be at least 1, not {cap}")
    shown = _cap(graph, cap)
    data = _page_data(shown, _layout(shown))
    scripts = [
        "\n" + _inline(_vis_file("vis-network.min.js"), "script") + "\n",
        "\n" + _inline(_asset("viewer.js"), "script") + "\n",
    ]
    total = graph.number_of_nodes()
    capped = shown.number_of_nodes() < total
    note = (
        f'<p id="sg-cap-note" class="sg-note">showing {shown.number_of_nodes():,} of '
        f"{total:,} nodes (the most mentioned)</p>"
        if capped
        else ""
    )
    values = {
        "CSP": html.escape(_csp(scripts)),
        "TITLE": html.escape(title),
        "SUBTITLE": f'<p id="sg-subtitle">{html.escape(subtitle)}</p>' if subtitle else "",
        "STATS": _stats(graph, shown),
        "CAP_NOTE": note,
        "LEGEND": _legend(shown),
        "VIS_CSS": _inline(_vis_file("vis-network.css"), "style"),
        "VIEWER_CSS": _inline(_asset("viewer.css"), "style"),
        "DATA": _json_for_script(data),
        "SCRIPTS": "\n".join(f"<script>{s}</script>" for s in scripts),
    }
    # one pass: text substituted in is never searched for placeholders again
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("viewer.html"))
    target = Path(path)
    try:
        target.write_text(page, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return HtmlSummary(
        path=target,
        nodes=shown.number_of_nodes(),
        edges=shown.number_of_edges(),
        capped_from=total if capped else None,
    )
