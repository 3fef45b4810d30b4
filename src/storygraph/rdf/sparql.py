"""SPARQL text helpers: the prefix header, prefix bindings, and a query's form.

Every query storygraph runs for a user sees the prefixes of
:data:`~storygraph.rdf.vocab.PREFIXES` without declaring them; every graph it serialises
binds the same prefixes.
"""

from __future__ import annotations

import re

from rdflib import Graph

from storygraph.rdf.vocab import PREFIXES

__all__ = [
    "PREFIX_HEADER",
    "SPARQL_NOISE",
    "bind_prefixes",
    "prefix_lines",
    "query_form",
    "with_prefixes",
]

#: Every prefix declared on one line, so that a syntax error's line number stays the user's.
PREFIX_HEADER = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "

# Strings, IRIs, comments, variables and prefixed names can hold any word: blank them out
# before looking for keywords.
SPARQL_NOISE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\s]*>|#[^\n]*|[?$]\w+|[A-Za-z_][\w.-]*:[\w.%-]*"
)
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def with_prefixes(query: str) -> str:
    """The query (or update) preceded by :data:`PREFIX_HEADER`."""
    return PREFIX_HEADER + query


def prefix_lines(*names: str) -> str:
    """``PREFIX`` declarations, one a line, for the named prefixes of the table.

    Raises:
        KeyError: a name is not in :data:`~storygraph.rdf.vocab.PREFIXES`.
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


def bind_prefixes(graph: Graph) -> None:
    """Bind every prefix of the table in an rdflib graph or dataset (for serialising)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def query_form(query: str) -> str:
    """The form of a SPARQL query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    found = _QUERY_FORM.search(SPARQL_NOISE.sub(" ", query))
    return found.group(1).upper() if found else "SELECT"
