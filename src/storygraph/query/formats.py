"""A SELECT answer as plain Python values, as JSON rows, and as a text table.

``ndjson`` (one flat JSON object per row) and ``json-rows`` (one flat array) are what
sqlite-utils, csvkit and jq users expect, beside the W3C results formats the store writes:
every variable of the query is a key, an unbound one is ``null``, numbers and booleans are
JSON numbers and booleans, dates are ISO 8601 strings, IRIs are plain strings.

The table fits a width when it is given one (a terminal's): long text wraps at spaces,
while IRIs, numbers and ids are never cut, so that they can be copied whole; when the
columns cannot fit side by side, each row is shown as a record, one ``name  value`` line a
column (as psql's expanded display).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import textwrap
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from storygraph.rdf.vocab import PREFIXES
from storygraph.store import QueryResult

__all__ = [
    "JSON_ROW_FORMATS",
    "format_json_rows",
    "format_table",
    "json_value",
    "python_value",
    "result_rows",
]

#: The row formats written here (besides the store's W3C formats): name → media type.
JSON_ROW_FORMATS: dict[str, str] = {
    "ndjson": "application/x-ndjson",
    "json-rows": "application/json",
}

#: The narrowest a wrapped text column gets; narrower, the rows are shown as records.
MIN_TEXT_WIDTH = 20
_GAP = "  "


def python_value(term: Node | None) -> Any:
    """A term as a Python value: an IRI as its string, a blank node as ``_:id``, a literal
    as the int, float, Decimal, bool, date, datetime or str it stands for (an ill-typed
    literal as its text); None for an unbound variable."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.datatype is None or term.ill_typed:
            return str(term)
        value = term.toPython()
        if isinstance(value, Literal):  # a datatype rdflib does not map: its text
            return str(term)
        if isinstance(value, str | int | float | Decimal | bool | dt.date | dt.time):
            return value
        return str(term)
    return str(term)


def json_value(value: Any) -> Any:
    """A Python value of :func:`python_value` as a JSON value (dates as ISO 8601 text)."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def result_rows(result: QueryResult) -> list[dict[str, Any]]:
    """A SELECT answer as one dict per row, every variable a key (None when unbound)."""
    return [
        {v: python_value(t) for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def format_json_rows(result: QueryResult, fmt: str) -> str:
    """``ndjson``: one JSON object a line; ``json-rows``: a JSON array, one object a line."""
    lines = [
        json.dumps({k: json_value(v) for k, v in row.items()}, ensure_ascii=False)
        for row in result_rows(result)
    ]
    if fmt == "ndjson":
        return "\n".join(lines)
    return "[" + ",\n ".join(lines) + "]"


def _compact(term: Node | None) -> str:
    """A term as the table shows it: a prefixed name or ``<IRI>``, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        value = str(term)
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns) and re.fullmatch(r"[\w.-]*", value[len(ns) :]):
                return f"{prefix}:{value[len(ns) :]}"
        return f"<{value}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _is_text(cells: list[str]) -> bool:
    """Whether a column holds prose that may wrap (not IRIs, numbers or ids)."""
    return any(" " in c for c in cells)


def _widths(header: list[str], cells: list[list[str]], width: int | None) -> list[int] | None:
    """Each column's width; None when the columns cannot fit ``width`` side by side."""
    natural = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(header)]
    if width is None or sum(natural) + len(_GAP) * (len(header) - 1) <= width:
        return natural
    columns = list(zip(*cells, strict=True)) if cells else [() for _ in header]
    text = [i for i, col in enumerate(columns) if _is_text(list(col))]
    fixed = sum(w for i, w in enumerate(natural) if i not in text) + len(_GAP) * (len(header) - 1)
    widths = list(natural)
    room = width - fixed
    # Give the text columns the room left, the narrow ones first.
    for n, i in enumerate(sorted(text, key=lambda i: natural[i])):
        share = room // (len(text) - n)
        widths[i] = min(natural[i], share)
        if widths[i] < min(natural[i], max(MIN_TEXT_WIDTH, len(header[i]))):
            return None
        room -= widths[i]
    return widths if room >= 0 else None


def _wrap(cell: str, width: int) -> list[str]:
    if len(cell) <= width:
        return [cell]
    return textwrap.wrap(cell, width, break_long_words=False, break_on_hyphens=False) or [""]


def _records(header: list[str], cells: list[list[str]], width: int) -> list[str]:
    """Each row as a block of ``name  value`` lines, text wrapped to ``width``."""
    key = max(len(h) for h in header)
    lines: list[str] = []
    for n, row in enumerate(cells, 1):
        title = f"-[ row {n} ]"
        lines.append(title + "-" * max(0, min(width, key + 40) - len(title)))
        for h, c in zip(header, row, strict=True):
            parts = _wrap(c, max(MIN_TEXT_WIDTH, width - key - len(_GAP)))
            lines.append(f"{h.ljust(key)}{_GAP}{parts[0]}".rstrip())
            lines.extend(f"{'':{key}}{_GAP}{p}" for p in parts[1:])
    return lines


def format_table(result: QueryResult, width: int | None = None) -> str:
    """A SELECT answer as a text table; ``width``: wrap text columns to fit it (None: one
    line a row, nothing wrapped, as when piped)."""
    header = result.variables
    cells = [[_compact(t) for t in row] for row in result.rows]
    widths = _widths(header, cells, width)
    n = len(cells)
    count = f"({n} row{'s' if n != 1 else ''})"
    if widths is None and width is not None:
        return "\n".join([*_records(header, cells, width), count])
    assert widths is not None
    lines = [_GAP.join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append(_GAP.join("-" * w for w in widths))
    for row in cells:
        wrapped = [_wrap(c, w) for c, w in zip(row, widths, strict=True)]
        for k in range(max(len(p) for p in wrapped) if wrapped else 1):
            parts = [p[k] if k < len(p) else "" for p in wrapped]
            lines.append(_GAP.join(c.ljust(w) for c, w in zip(parts, widths, strict=True)).rstrip())
    lines.append(count)
    return "\n".join(lines)
