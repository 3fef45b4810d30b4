"""Where the HTML viewer draws each node: a deterministic layout computed with numpy.

Each connected component gets a seeded Fruchterman–Reingold layout scaled to a fixed median
edge length, with overlapping node boxes (shape and label) pushed apart; the components are
then packed in rows. The same graph always gets the same positions, so the browser only draws.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import numpy.typing as npt

__all__ = ["as_int", "layout", "node_label", "node_size", "short_text"]

_SEED = 20261126
_EDGE_LENGTH = 170.0  # px: the median edge length of a laid-out component
_GAP = 90.0  # px between packed components
_LABEL_MAX = 40
_BLOCK = 256  # rows of the n × n layout arrays computed at once: bounds the memory


def short_text(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def as_int(value: Any) -> int:
    """``value`` as an integer, 0 when it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _force_layout(
    n: int, edges: npt.NDArray[np.intp], seed: int, iterations: int
) -> npt.NDArray[np.float64]:
    """Fruchterman–Reingold positions of one connected component (as networkx computes them).

    Written out rather than calling ``networkx.spring_layout`` because that needs SciPy from
    500 nodes on, and so that a new networkx cannot move every node of a golden file.
    """
    import numpy as np  # lazy: slow to import, and only the HTML viewer needs it

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


def node_size(d: Mapping[str, Any]) -> float:
    """A node's size in px, from its mentions."""
    return round(min(10 + 4 * math.sqrt(as_int(d.get("mentions"))), 42), 1)


def node_label(node: str, d: Mapping[str, Any]) -> str:
    """The label drawn under a node (its label, cut short)."""
    return short_text(str(d.get("label") or node), _LABEL_MAX)


def _node_box(node: str, d: Mapping[str, Any]) -> tuple[float, float]:
    """Half width and half height of a node with its label under it, in px (with a margin)."""
    size = node_size(d)
    label_width = 10.0 * len(node_label(node, d))
    return max(size, label_width / 2) + 8, size + 15


def _remove_overlaps(
    pos: npt.NDArray[np.float64], boxes: npt.NDArray[np.float64], iterations: int
) -> None:
    """Push apart nodes whose boxes (centre ``pos``, half sizes ``boxes``) overlap, in place."""
    import numpy as np  # lazy: slow to import, and only the HTML viewer needs it

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
    import numpy as np  # lazy: slow to import, and only the HTML viewer needs it

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


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Deterministic positions: each component laid out alone, then packed in rows."""
    import networkx as nx  # lazy: slow to import, and only the graph exports need it

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
