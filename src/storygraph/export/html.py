"""An offline HTML viewer: one self-contained page drawn with vis-network.

The page inlines vis-network's JavaScript and CSS (read from the installed ``pyvis`` package),
the viewer's own script and style (``assets/``) and the graph as JSON; it loads nothing from
anywhere, and its Content-Security-Policy forbids it to. The layout is computed beforehand
(:mod:`~storygraph.export.layout`), so the browser only draws: physics stays off and the
page is usable as soon as it is drawn.

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
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storygraph.errors import InputError, StorygraphError
from storygraph.export.layout import as_int, layout, node_label, node_size, short_text

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "HtmlSummary",
    "LinkedAssets",
    "ViewerPage",
    "json_for_script",
    "viewer_asset",
    "viewer_page",
    "vis_file",
    "write_html",
]

_VIS_DIR = ("lib", "vis-9.1.2")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
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


# -- page data ----------------------------------------------------------------------------------


def _node_facts(node: str, d: Mapping[str, Any]) -> list[list[str]]:
    mentions, articles = as_int(d.get("mentions")), as_int(d.get("articles"))
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
    mentions, articles = as_int(d.get("mentions")), as_int(d.get("articles"))
    head = _style(kind).name if kind else "Node"
    lines.append(f"{head} · {_plural(mentions, 'mention')} in {_plural(articles, 'article')}")
    if first := str(d.get("first_seen") or ""):
        lines.append(f"first seen {first}")
    if time := str(d.get("time") or ""):
        lines.append(f"time: {time}")
    if source := str(d.get("source") or ""):
        lines.append(f"source: {source}")
    if detail := str(d.get("detail") or ""):
        lines.append(short_text(detail, _TOOLTIP_EVIDENCE_MAX))
    if evidence := str(d.get("evidence") or ""):
        lines.append(f"“{short_text(evidence, _TOOLTIP_EVIDENCE_MAX)}”")
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
                "label": node_label(node, d),
                "title": _node_title(d, label),
                "group": kind if kind in _STYLES else "_other",
                "size": node_size(d),
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
        title = heading + (f"\n“{short_text(evidence, _TOOLTIP_EVIDENCE_MAX)}”" if evidence else "")
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


def json_for_script(value: Any) -> str:
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


def vis_file(name: str) -> str:
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


def viewer_asset(name: str) -> str:
    """A file of the viewer's own (``assets/``): its page, script or style."""
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
    articles = as_int(graph.graph.get("articles"))
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
        key=lambda item: (
            -as_int(item[1].get("mentions")),
            str(item[1].get("label") or ""),
            item[0],
        ),
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


@dataclass(frozen=True)
class LinkedAssets:
    """How a server links the viewer's scripts instead of inlining them (``storygraph serve``).

    Attributes:
        scripts: URLs of vis-network, the viewer's script and any further scripts, in order.
        csp: The Content-Security-Policy the server sends (repeated in the page).
        controls: HTML put in the header beside the search box (escaped by the caller).
    """

    scripts: tuple[str, ...]
    csp: str
    controls: str = ""


@dataclass(frozen=True)
class ViewerPage:
    """A viewer page and what it shows."""

    html: str
    nodes: int
    edges: int
    capped_from: int | None = None


def viewer_page(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    subtitle: str = "",
    cap: int = 300,
    linked: LinkedAssets | None = None,
) -> ViewerPage:
    """The interactive viewer of ``graph`` as one HTML page (see :func:`write_html`).

    By default everything is inlined, so the page stands alone; with ``linked`` the scripts
    are loaded from a server's URLs under its Content-Security-Policy, and the page is the
    same otherwise: the static export and the workbench's graph page share it.

    Raises:
        InputError: ``cap`` is less than 1.
        StorygraphError: vis-network cannot be read from the installed pyvis.
    """
    if cap < 1:
        raise InputError(f"cap must be at least 1, not {cap}")
    shown = _cap(graph, cap)
    data = _page_data(shown, layout(shown))
    if linked is None:
        scripts = [
            "\n" + _inline(vis_file("vis-network.min.js"), "script") + "\n",
            "\n" + _inline(viewer_asset("viewer.js"), "script") + "\n",
        ]
        csp = _csp(scripts)
        script_tags = "\n".join(f"<script>{s}</script>" for s in scripts)
    else:
        csp = linked.csp
        script_tags = "\n".join(
            f'<script src="{html.escape(url)}"></script>' for url in linked.scripts
        )
    total = graph.number_of_nodes()
    capped = shown.number_of_nodes() < total
    note = (
        f'<p id="sg-cap-note" class="sg-note">showing {shown.number_of_nodes():,} of '
        f"{total:,} nodes (the most mentioned)</p>"
        if capped
        else ""
    )
    values = {
        "CSP": html.escape(csp),
        "TITLE": html.escape(title),
        "SUBTITLE": f'<p id="sg-subtitle">{html.escape(subtitle)}</p>' if subtitle else "",
        "STATS": _stats(graph, shown),
        "CAP_NOTE": note,
        "CONTROLS": linked.controls if linked is not None else "",
        "LEGEND": _legend(shown),
        "VIS_CSS": _inline(vis_file("vis-network.css"), "style"),
        "VIEWER_CSS": _inline(viewer_asset("viewer.css"), "style"),
        "DATA": json_for_script(data),
        "SCRIPTS": script_tags,
    }
    # one pass: text substituted in is never searched for placeholders again
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], viewer_asset("viewer.html"))
    return ViewerPage(
        page, shown.number_of_nodes(), shown.number_of_edges(), total if capped else None
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
    page = viewer_page(graph, title=title, subtitle=subtitle, cap=cap)
    target = Path(path)
    try:
        target.write_text(page.html, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return HtmlSummary(
        path=target, nodes=page.nodes, edges=page.edges, capped_from=page.capped_from
    )
