"""Whether a SPARQL text only reads: decided by parsing it, never by looking for words.

A query is parsed with rdflib's SPARQL 1.1 parser (a grammar, not a word list) and is let
through only when it parses as a query whose tree holds no ``SERVICE`` (unless allowed). Two
places where parsers are known to read one text two ways are closed first, so that what is
checked is what the store will parse:

* line ends: SPARQL ends a comment at CR *or* LF (Oxigraph does), rdflib only at LF, so
  ``#x\\rINSERT DATA {…}`` would be a comment to one and an update to the other. The check
  reads every CR as LF (the text sent is unchanged: a CR outside a string is white space, or
  ends a comment, to both).
* codepoint escapes (``\\u0049``): the SPARQL grammar undoes them before parsing, Oxigraph
  only inside strings and IRIs, rdflib everywhere and also as ``\\u`` + 8 digits. The text is
  checked as both kinds of parser read it, and passes only if both read a query.

A text that does not parse at all is a syntax error, reported with Oxigraph's line and column
when Oxigraph's parser can be asked safely (a query that names no ``SERVICE`` cannot make a
request while it is parsed); a text rdflib cannot parse but Oxigraph can (SPARQL 1.2 syntax)
is refused, since it could not be checked.

Parsing costs tens of milliseconds, more than many queries take to run, so two shortcuts
keep the check's answer and drop repeated work: when the two views are the same text (no
codepoint escape changes it, the usual case) it is parsed once, since the same parser gives
the same tree for the same text; and the verdict for a text (passes, or which error with
which message) is kept for the last :data:`CACHE_SIZE` texts of up to :data:`CACHE_MAX_CHARS`
characters, keyed by the exact text and ``allow_service``, so a query sent again (a page's
canned query, a named query, a client polling) is not parsed again. Neither looks at the
words of the text: every verdict still comes from a parse.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from storygraph.errors import QueryError, QuerySyntaxError, ReadOnlyQueryError
from storygraph.rdf.vocab import PREFIXES

__all__ = ["CACHE_MAX_CHARS", "CACHE_SIZE", "check_read_only"]

#: Texts whose verdict is remembered (the most recently checked).
CACHE_SIZE = 512
#: Longer texts are checked every time (the cache holds at most about 32 MB of text).
CACHE_MAX_CHARS = 65_536

# Parts of the text, not decisions: the escapes the SPARQL grammar undoes before parsing
# (§19.2), and those rdflib would undo a second time.
_SPEC_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_RDFLIB_ESCAPE = re.compile(r"(\\+)([uU])(?=[0-9A-Fa-f]{4})")
_OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+)")

#: The update operation named in messages, by the node rdflib's parser makes for it.
_UPDATE_WORDS = {
    "InsertData": "INSERT",
    "DeleteData": "DELETE",
    "DeleteWhere": "DELETE",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}


def _spec_unescape(text: str) -> str:
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _SPEC_ESCAPE.sub(char, text)


def _hide_escapes(text: str) -> str:
    """``text`` with every ``\\u`` rdflib would undo made plain characters of the same kind:
    ``\\u0041`` (an escape, inside a string) becomes ``_u0041``; ``\\\\u0041`` (an escaped
    backslash, then letters) becomes ``\\\\_0041``."""

    def hide(m: re.Match[str]) -> str:
        slashes = m.group(1)
        if len(slashes) % 2:
            return slashes[:-1] + "_" + m.group(2)
        return slashes + "_"

    return _RDFLIB_ESCAPE.sub(hide, text)


def _views(query: str) -> list[str]:
    """The text as a grammar-following parser and as Oxigraph read it, for rdflib to parse."""
    lines = query.replace("\r", "\n")
    return [_hide_escapes(_spec_unescape(lines)), _hide_escapes(lines)]


def _nodes(tree: Any) -> list[CompValue]:
    """Every node of an rdflib parse tree, depth first (without recursion)."""
    found: list[CompValue] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            found.append(node)
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or hasattr(node, "as_list"):
            stack.extend(node)
    return found


def _update_word(tree: Any) -> str:
    for node in _nodes(tree):
        if node.name in _UPDATE_WORDS:
            return _UPDATE_WORDS[node.name]
        if node.name == "Modify":
            if "withClause" in node:
                return "WITH"
            return "DELETE" if "delete" in node else "INSERT"
    return "UPDATE"


def _parse(view: str) -> tuple[str, Any] | None:
    """``("query", tree)``, ``("update", tree)`` or None when rdflib cannot parse it."""
    for kind, parse in (("query", parseQuery), ("update", parseUpdate)):
        try:
            return kind, parse(view)
        except (ParseBaseException, ValueError, RecursionError):
            continue
    return None


def _syntax_error(query: str, view: str) -> QueryError:
    """The error for a text rdflib cannot parse: Oxigraph's, with its position, when it can
    be asked without risk; else rdflib's."""
    if "service" not in query.casefold():
        try:
            ox.Store().query(query, prefixes=PREFIXES)
        except SyntaxError as exc:
            where = _OXIGRAPH_POSITION.sub(r"line \1, column \2", str(exc))
            return QuerySyntaxError(f"SPARQL syntax error: {where}")
        except (OSError, RuntimeError):
            pass  # it parsed (and failed while running on an empty store)
        return QueryError(
            "storygraph cannot check that this query only reads: its SPARQL 1.1 parser "
            "cannot read it (SPARQL 1.2 syntax such as << >> or LATERAL is not supported)"
        )
    try:
        parseQuery(view)
    except ParseBaseException as exc:
        return QuerySyntaxError(
            f"SPARQL syntax error: line {exc.lineno}, column {exc.col}: {exc.msg}"
        )
    except (ValueError, RecursionError) as exc:
        return QuerySyntaxError(f"SPARQL syntax error: {exc or 'nested too deeply'}")
    return QueryError("storygraph cannot check that this query only reads")


def check_read_only(query: str, *, allow_service: bool = False) -> None:
    """Refuse updates (and, unless allowed, SERVICE calls) in a read-only query.

    The embedded store could not run an update given as a query anyway; this check is what
    keeps a remote endpoint that accepts updates on its query URL (Virtuoso's ``/sparql``)
    read-only, what keeps ``SERVICE`` from making requests, and gives the clear message.

    Raises:
        ReadOnlyQueryError: the text is an update or calls another endpoint.
        QuerySyntaxError: the text is neither a query nor an update.
        QueryError: the text cannot be checked (it reads two ways, or is SPARQL 1.2).
    """
    if len(query) > CACHE_MAX_CHARS:
        verdict = _verdict(query, allow_service)
    else:
        verdict = _cached_verdict(query, allow_service)
    if verdict is not None:
        kind, message = verdict
        raise kind(message)


def _verdict(query: str, allow_service: bool) -> tuple[type[QueryError], str] | None:
    """None when ``query`` passes, else the error's class and message (a new exception is
    raised from them each time: one kept in a cache would gather every caller's traceback)."""
    try:
        _check(query, allow_service)
    except QueryError as exc:
        return type(exc), str(exc)
    return None


_cached_verdict = functools.lru_cache(maxsize=CACHE_SIZE)(_verdict)


def _check(query: str, allow_service: bool) -> None:
    """The check itself (see :func:`check_read_only`), without the cache."""
    views = _views(query)
    first = _parse(views[0])
    # the same text parses to the same tree: the second parse is needed only when the views differ
    parsed = [first, first if views[1] == views[0] else _parse(views[1])]
    for found in parsed:
        if found is not None and found[0] == "update":
            raise ReadOnlyQueryError(
                f"this is a SPARQL update ({_update_word(found[1])}); `storygraph query` is "
                "read-only: use `storygraph update` to change the store"
            )
    if not allow_service and any(
        node.name == "ServiceGraphPattern" for found in parsed if found for node in _nodes(found[1])
    ):
        raise ReadOnlyQueryError(
            "the query calls another endpoint (SERVICE); pass --allow-service to permit it"
        )
    if all(found is None for found in parsed):
        raise _syntax_error(query, views[0])
    if any(found is None for found in parsed):
        raise QueryError(
            "storygraph cannot check that this query only reads: its codepoint escapes "
            "(\\u…) make it read two ways; write the characters themselves"
        )
