"""SPARQL over a store: read-only checks, result formats, named queries.

Queries see the common prefixes (``sg:``, ``schema:``, ``rdfs:`` …) without declaring them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, QueryError, QuerySyntaxError, ReadOnlyQueryError
from .store import RESULT_FORMATS, SPARQL_NOISE, QueryResult, Store
from .terms import escape_string
from .vocab import ID, NS

__all__ = [
    "GRAPH_FORMATS",
    "PREFIXES",
    "QUERY_FORMATS",
    "NamedQuery",
    "check_read_only",
    "format_result",
    "named_queries",
    "named_query",
    "run_query",
    "run_update",
]

PREFIXES = {
    "sg": NS,
    "id": str(ID),
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
}
_HEADER = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "
GRAPH_FORMATS = ("turtle", "nt")
QUERY_FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)
QUERIES_DIR = Path(__file__).parent / "queries"

# Strings, IRIs, comments, variables and prefixed names can hold any word: blank them out
# before looking for update keywords.
_NOISE = SPARQL_NOISE
_UPDATE_WORDS = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
_SERVICE_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_ERROR_POS = re.compile(r"error at (\d+):(\d+)")


def check_read_only(query: str, *, allow_service: bool = False) -> None:
    """Refuse updates (and, unless allowed, SERVICE calls) in a read-only query.

    Raises:
        ReadOnlyQueryError: the text is an update or calls another endpoint.
    """
    bare = _NOISE.sub(" ", query)
    word = _UPDATE_WORDS.search(bare)
    if word:
        raise ReadOnlyQueryError(
            f"this is a SPARQL update ({word.group(1).upper()}); `storygraph query` is "
            "read-only: use `storygraph update` to change the store"
        )
    if not allow_service and _SERVICE_WORD.search(bare):
        raise ReadOnlyQueryError(
            "the query calls another endpoint (SERVICE); pass --allow-service to permit it"
        )


def _with_prefixes(query: str) -> str:
    return _HEADER + query


def _fix_position(exc: QuerySyntaxError) -> QuerySyntaxError:
    """Report syntax-error positions in the user's text, not the prefixed one."""

    def shift(m: re.Match[str]) -> str:
        line, col = int(m.group(1)), int(m.group(2))
        if line == 1:
            col = max(1, col - len(_HEADER))
        return f"line {line}, column {col}"

    return QuerySyntaxError(_ERROR_POS.sub(shift, str(exc)))


def run_query(store: Store, query: str, fmt: str = "table", *, allow_service: bool = False) -> str:
    """Run a read-only query and format its answer.

    Args:
        store: the store to ask.
        query: SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE.
        fmt: ``table``, a W3C results format (``json``, ``xml``, ``csv``, ``tsv``) or, for
            CONSTRUCT/DESCRIBE, ``turtle`` or ``nt``.
        allow_service: permit SERVICE calls to other endpoints.

    Raises:
        ReadOnlyQueryError: the query is an update.
        QuerySyntaxError: the query does not parse.
    """
    if fmt not in QUERY_FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(QUERY_FORMATS)}")
    check_read_only(query, allow_service=allow_service)
    full = _with_prefixes(query)
    try:
        if fmt in RESULT_FORMATS:
            try:
                # without its final newline, which the caller's print adds back
                return store.serialize_results(full, fmt).decode("utf-8").removesuffix("\n")
            except QueryError as exc:
                if "CONSTRUCT" not in str(exc):
                    raise
                fmt = "turtle"
        result = store.execute(full)
    except QuerySyntaxError as exc:
        raise _fix_position(exc) from exc
    return format_result(result, fmt)


def run_update(store: Store, update: str) -> None:
    """Run a SPARQL update (``storygraph update``).

    The named graphs are the truth and the default graph is their union: after the update,
    the union is derived again, so change statements inside ``GRAPH`` (a change made to the
    default graph alone is undone).
    """
    try:
        store.update(_with_prefixes(update))
    except QuerySyntaxError as exc:
        raise _fix_position(exc) from exc
    store.sync_union()


def _compact(term: Node | None) -> str:
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
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a query result: a text table, true/false, or RDF for graph results."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        import rdflib

        from .store import _bind_prefixes

        g = rdflib.Graph()
        _bind_prefixes(g)
        for t in result.triples:
            g.add(t)
        out: str = g.serialize(format="nt" if fmt == "nt" else "turtle")
        return out.rstrip("\n")
    if fmt in GRAPH_FORMATS:
        raise InputError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; use table, csv or json")
    header = result.variables
    cells = [[_compact(t).replace("\n", " ") for t in row] for row in result.rows]
    widths = [len(h) for h in header]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = min(max(widths[i], len(cell)), 80)
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        shown = [c if len(c) <= 80 else c[:79] + "…" for c in row]
        lines.append("  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True)).rstrip())
    n = len(cells)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines)


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``queries/NAME.rq``; its first comment lines describe it."""

    name: str
    description: str
    parameters: tuple[str, ...]
    text: str


def named_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    found = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        description = ""
        params: list[str] = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            body = line.lstrip("# ").strip()
            if body.lower().startswith("param:"):
                params.append(body.split(":", 1)[1].strip())
            elif body and not description:
                description = body
        found.append(NamedQuery(path.stem, description, tuple(params), text))
    return found


def named_query(name: str, arguments: tuple[str, ...] = ()) -> str:
    """The text of a named query with its parameters filled in as string literals.

    Raises:
        InputError: no such query, or the wrong number of arguments.
    """
    queries = {q.name: q for q in named_queries()}
    if name not in queries:
        raise InputError(
            f"no named query {name!r}; `storygraph queries` lists them: {', '.join(queries)}"
        )
    q = queries[name]
    if len(arguments) != len(q.parameters):
        wanted = " ".join(q.parameters) or "no arguments"
        raise InputError(f"query {name!r} takes {wanted}; got {len(arguments)} argument(s)")
    text = q.text
    for param, value in zip(q.parameters, arguments, strict=True):
        text = text.replace(f"%{param}%", f'"{escape_string(value)}"')
    return text
