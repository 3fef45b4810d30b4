"""The named queries shipped with storygraph: ``named/NAME.rq``, described by their comments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storygraph.errors import InputError
from storygraph.rdf.terms import escape_string

__all__ = ["QUERIES_DIR", "NamedQuery", "named_queries", "named_query"]

QUERIES_DIR = Path(__file__).parent / "named"


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
