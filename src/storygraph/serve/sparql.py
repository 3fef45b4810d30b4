"""The SPARQL 1.1 protocol on ``/sparql``: queries by GET or POST, the answer's format chosen
by ``Accept``, updates refused unless the server was started with ``--allow-edits``.

Requests follow https://www.w3.org/TR/sparql11-protocol/: ``GET ?query=``, ``POST`` of a
form (``query=`` or ``update=``) or of the text itself (``application/sparql-query``,
``application/sparql-update``). A SELECT or ASK answers in JSON, XML, CSV or TSV, a CONSTRUCT
or DESCRIBE in Turtle or N-Triples. ``default-graph-uri`` and ``named-graph-uri`` are refused
(the dataset is always every article and their union). A browser (``Accept: text/html``) gets
the query editor instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from storygraph.errors import InputError
from storygraph.query import GRAPH_FORMATS
from storygraph.rdf.sparql import query_form
from storygraph.store import RESULT_FORMATS

__all__ = ["ProtocolRequest", "choose_format", "parse_protocol"]

_FORM = "application/x-www-form-urlencoded"
_QUERY_TYPE = "application/sparql-query"
_UPDATE_TYPE = "application/sparql-update"
#: Media types clients send that mean one of ours.
_SYNONYMS = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
}


@dataclass(frozen=True)
class ProtocolRequest:
    """What a protocol request asks: a query or an update, and whether a page was wanted."""

    query: str | None = None
    update: str | None = None
    wants_html: bool = False


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    """The media types of an ``Accept`` header, best first (by q, then by order)."""
    found = []
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            found.append((-q, order, media))
    return sorted(found)


def choose_format(accept: str, query: str) -> str | None:
    """The format to answer ``query`` in for this ``Accept`` header, or None (406).

    A SELECT or ASK answers in a W3C results format (JSON unless asked otherwise), a
    CONSTRUCT or DESCRIBE in Turtle or N-Triples (Turtle unless asked otherwise).
    """
    graph = query_form(query) in ("CONSTRUCT", "DESCRIBE")
    offered = GRAPH_FORMATS if graph else RESULT_FORMATS
    by_media = {media: name for name, media in offered.items()}
    if not accept.strip():
        return "turtle" if graph else "json"
    for _, _, media in _accepted(accept):
        if media in by_media:
            return by_media[media]
        if _SYNONYMS.get(media) in offered:
            return _SYNONYMS[media]
        if media in ("*/*", "application/*", "text/*"):
            return "turtle" if graph else "json"
    return None


def _html_wanted(accept: str) -> bool:
    for _, _, media in _accepted(accept):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in RESULT_FORMATS.values() or media in GRAPH_FORMATS.values():
            return False
    return False


def parse_protocol(
    method: str, query_string: str, content_type: str, body: bytes, accept: str
) -> ProtocolRequest:
    """Read a protocol request.

    Raises:
        InputError: the request is malformed (no query, two of them, an unknown content type,
            a dataset given by ``default-graph-uri`` / ``named-graph-uri``).
    """
    params = parse_qsl(query_string, keep_blank_values=True)
    media = content_type.split(";")[0].strip().lower()
    if method == "POST":
        if media == _FORM:
            params += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        elif media == _QUERY_TYPE:
            params.append(("query", body.decode("utf-8", "replace")))
        elif media == _UPDATE_TYPE:
            params.append(("update", body.decode("utf-8", "replace")))
        elif body:
            raise InputError(
                f"a POST to /sparql must be {_FORM}, {_QUERY_TYPE} or {_UPDATE_TYPE}, "
                f"not {media or 'untyped'}"
            )
    names = [name for name, _ in params]
    if "default-graph-uri" in names or "named-graph-uri" in names or "using-graph-uri" in names:
        raise InputError(
            "default-graph-uri and named-graph-uri are not supported: every query sees all "
            "articles (the default graph is their union, GRAPH ?g reaches one)"
        )
    queries = [v for n, v in params if n == "query"]
    updates = [v for n, v in params if n == "update"]
    if len(queries) + len(updates) > 1:
        raise InputError("give one query or one update per request")
    wants_html = method == "GET" and _html_wanted(accept)
    if not queries and not updates:
        if wants_html:
            return ProtocolRequest(wants_html=True)
        raise InputError("no query: pass query=… (or update=…), as the SPARQL 1.1 protocol says")
    if queries:
        return ProtocolRequest(query=queries[0], wants_html=wants_html)
    return ProtocolRequest(update=updates[0])
