"""SPARQL shorthands over a store, with storygraph's prefixes declared."""

from __future__ import annotations

from typing import Any

from storygraph.query import PREFIXES, run_query

HEADER = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "


def ask(store: Any, body: str) -> bool:
    """Whether the graph pattern ``body`` matches in ``store``."""
    return run_query(store, f"ASK {{ {body} }}") == "true"


def rows(store: Any, query: str) -> list[dict[str, Any]]:
    """The rows of a SELECT ``query`` (storygraph's prefixes declared)."""
    result: list[dict[str, Any]] = store.select(HEADER + query)
    return result
