"""SPARQL syntax errors a person can act on: one line, the position in their own text (not
in the text with storygraph's prefix header), the token found there, and for an unknown
prefix, which prefix and the ones that are predeclared."""

from __future__ import annotations

import re

from storygraph.errors import QuerySyntaxError
from storygraph.rdf.sparql import PREFIX_HEADER
from storygraph.rdf.vocab import PREFIXES

__all__ = ["explain_syntax_error"]

_POSITION = re.compile(r"error at (\d+):(\d+)|line (\d+), column (\d+)")
#: The most expected tokens listed.
MAX_EXPECTED = 12
_TOKEN = re.compile(r'<[^>\s]*>?|"[^"\n]*"?|\'[^\'\n]*\'?|[^\s{}()\[\],;.]+|\S')
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*")


def _items(listing: str) -> list[str]:
    """The comma-separated items of an "expected one of" list, brackets and quotes kept."""
    items, current, depth, quote = [], "", 0, ""
    for ch in listing:
        if quote:
            quote = "" if ch == quote and not current.endswith("\\") else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += ch
    items.append(current.strip())
    return [i for i in items if i]


def _expected(rest: str) -> str:
    """The parser's "expected …" without its character classes (``['A' ..= 'Z' | …]``),
    at most :data:`MAX_EXPECTED` items."""
    head, sep, listing = rest.partition("expected one of ")
    if not sep:
        return rest
    items = [i for i in _items(listing) if "..=" not in i and i not in ("Prefix not found", "[_]")]
    more = ", …" if len(items) > MAX_EXPECTED else ""
    return f"{head}expected one of {', '.join(items[:MAX_EXPECTED])}{more}"


def _offset(text: str, line: int, column: int) -> int:
    """The index in ``text`` of a 1-based line and column (clamped to the text)."""
    lines = text.split("\n")
    if line > len(lines):
        return len(text)
    start = sum(len(x) + 1 for x in lines[: line - 1])
    return min(start + max(column - 1, 0), start + len(lines[line - 1]))


def _position(line: int, column: int, text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def explain_syntax_error(exc: QuerySyntaxError | SyntaxError, text: str) -> QuerySyntaxError:
    """The error of a query (or update) ``text`` run with :data:`PREFIX_HEADER` before it,
    as one line about ``text`` itself.

    ``SPARQL syntax error: line 2, column 16: expected one of "}", "." (found "LIMIT")``, or
    ``… unknown prefix foo: (in foo:Bar); predeclared: sg:, schema:, …``.
    """
    message = " ".join(str(exc).split())
    if "(found " in message or "unknown prefix " in message:
        return QuerySyntaxError(message)  # explained already
    kind, _, detail = message.partition(": ")
    if not kind.startswith("SPARQL"):
        kind, detail = "SPARQL syntax error", message
    m = _POSITION.search(detail)
    if m is None:
        return QuerySyntaxError(f"{kind}: {_expected(detail)}")
    line = int(m.group(1) or m.group(3))
    column = int(m.group(2) or m.group(4))
    if line == 1 and m.group(1):  # pyoxigraph's position counts the header
        column = max(1, column - len(PREFIX_HEADER))
    index = _offset(text, line, column)
    rest = detail[m.end() :].lstrip(": ")
    if "Prefix not found" in rest:
        for found in _PREFIXED.finditer(text[: index + 1]):
            if found.end() >= index - 1 and found.group(1) not in PREFIXES:
                prefix = found.group(1) or ""
                line, column = _position(line, column, text, found.start())
                declared = ", ".join(f"{p}:" for p in PREFIXES)
                return QuerySyntaxError(
                    f"{kind}: line {line}, column {column}: unknown prefix {prefix}: "
                    f"(in {found.group(0)}); predeclared: {declared}; declare others with "
                    f"PREFIX {prefix}: <…>"
                )
    expected = _expected(rest)
    token = _TOKEN.match(text, index + len(text[index:]) - len(text[index:].lstrip()))
    found_text = f'found "{token.group(0)[:30]}"' if token else "found the end of the query"
    return QuerySyntaxError(f"{kind}: line {line}, column {column}: {expected} ({found_text})")
