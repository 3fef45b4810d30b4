"""Pages as HTML (Jinja2, autoescaped), JSON or CSV, and the security headers every answer
carries.

Every page's data is plain JSON-able data: ``?format=json`` returns it as it is, ``?format=csv``
returns its main table; the HTML template only displays it. Nothing from the graph reaches a
page unescaped: Jinja2 escapes every value, and data for scripts is JSON in a
``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import jinja2
import markupsafe
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from storygraph.export.html import json_for_script

__all__ = [
    "CSP",
    "META_CSP",
    "SECURITY_HEADERS",
    "error_page",
    "json_for_script",
    "render",
    "templates",
]

#: No source outside this server: scripts and styles from /static, data only from here.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
#: The policy a page repeats in a ``<meta>`` element (where frame-ancestors is not allowed).
META_CSP = CSP.replace("frame-ancestors 'self'; ", "")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storygraph.serve", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = lambda value: markupsafe.Markup(json_for_script(value))
    return env


templates = _templates()


def _csv(rows: Sequence[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        for key, value in row.items():
            if key not in columns and not isinstance(value, list | dict):
                columns.append(key)
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in columns})
    return out.getvalue()


def _with_format(request: Request, fmt: str) -> str:
    """This page's own URL (path and query) asking for another format."""
    url = request.url.include_query_params(format=fmt)
    return f"{url.path}?{url.query}"


def render(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    table: str | None = None,
    status: int = 200,
    **extra: Any,
) -> Response:
    """The page as HTML, or its data as JSON (``?format=json``) or its table as CSV.

    Args:
        request: the request (its ``format`` parameter chooses).
        template: the HTML template.
        data: what the page shows, JSON-able.
        table: the key of ``data`` holding the page's rows, for ``?format=csv``.
        status: the HTTP status.
        extra: values only the template needs (never in JSON).
    """
    fmt = request.query_params.get("format", "html")
    if fmt == "json":
        return JSONResponse(data, status_code=status)
    if fmt == "csv":
        if table is None:
            return PlainTextResponse("this page has no table; use ?format=json", status_code=400)
        return Response(
            _csv(data.get(table) or []),
            status_code=status,
            media_type="text/csv; charset=utf-8",
        )
    if fmt != "html":
        return PlainTextResponse(f"unknown format {fmt!r}; use html, json or csv", status_code=400)
    page = templates.get_template(template).render(
        data=data,
        request=request,
        path=request.url.path,
        json_url=_with_format(request, "json"),
        csv_url=_with_format(request, "csv") if table else "",
        **extra,
    )
    return HTMLResponse(page, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page for a browser, as JSON for ``?format=json``, else as plain text."""
    fmt = request.query_params.get("format", "html")
    if fmt == "json":
        return JSONResponse({"error": message}, status_code=status)
    accept = request.headers.get("accept", "")
    if "text/html" in accept:
        return HTMLResponse(
            templates.get_template("error.html").render(
                status=status, message=message, request=request, path=request.url.path
            ),
            status_code=status,
        )
    return PlainTextResponse(message, status_code=status)
