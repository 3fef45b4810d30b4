"""SPARQL over a store: read-only checks, result formats, named queries.

Queries see the common prefixes (``sg:``, ``schema:``, ``rdfs:`` …) without declaring them.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from storygraph import errors
from storygraph.errors import InputError, QueryError, QuerySyntaxError, ReadOnlyQueryError
from storygraph.rdf.terms import escape_string
from storygraph.rdf.vocab import ID, NS
from storygraph.store import (
    RESULT_FORMATS,
    SPARQL_NOISE,
    EmbeddedStore,
    QueryResult,
    Store,
    open_store,
    resolve_location,
)

__all__ = [
    "GRAPH_FORMATS",
    "PREFIXES",
    "QUERY_FORMATS",
    "NamedQuery",
    "check_read_only",
    "format_result",
    "named_queries",
    "named_query",
    "query_store",
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
QUERIES_DIR = Path(__file__).parent / "named"

# Strings, IRIs, comments, variables and prefixed names can hold any word: blank them out
# before looking for update keywords.
_NOISE = SPARQL_NOISE
_UPDATE_WORDS = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
_SERVICE_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_ERROR_POS = re.compile(r"error at (\d+):(\d+)")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape_codepoints(query: str) -> str:
    """The query as a SPARQL 1.1 parser sees it: ``\\u0049NSERT`` is ``INSERT`` (§19.2)."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _CODEPOINT.sub(char, query)


def check_read_only(query: str, *, allow_service: bool = False) -> None:
    """Refuse updates (and, unless allowed, SERVICE calls) in a read-only query.

    The words are looked for after codepoint escapes are undone, as servers that follow
    the SPARQL grammar undo them before parsing. The embedded store could not run an update
    given as a query anyway; this check is what keeps a remote endpoint that accepts updates
    on its query URL (Virtuoso's ``/sparql``) read-only, and gives the clear message.

    Raises:
        ReadOnlyQueryError: the text is an update or calls another endpoint.
    """
    bare = _NOISE.sub(" ", _unescape_codepoints(query))
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


def query_store(
    location: str | None,
    query: str,
    fmt: str = "table",
    *,
    allow_service: bool = False,
    wait: float = 0,
    timeout: float | None = None,
) -> str:
    """Open the store at ``location``, run a read-only query, close it (`storygraph query`).

    With a ``timeout``, a query on an embedded store runs in a child process that is killed
    when it has not answered within ``timeout`` seconds of opening the store: pyoxigraph
    cannot stop a query, and a thread cannot be killed. The child opens the store itself
    (this process never does), so it holds the lock as any reader does and killing it
    releases the lock and frees its memory at once; a reader never writes, so a kill leaves
    the store as it was. When this process has no other thread (the command line), the child
    is a ``fork``, which costs a few milliseconds; otherwise it is a new Python interpreter
    (about 0.2 s more), because a fork copies only the calling thread, and a lock another
    thread held (RocksDB's, say, in a process that has opened a store) would stay locked in
    the child forever. A remote store's requests are bounded by ``timeout`` each (default
    30 s), retried as :class:`~storygraph.store.RemoteStore` says.

    Args:
        location: the store, as for :func:`~storygraph.store.open_store`.
        query: SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE.
        fmt: as for :func:`run_query`.
        allow_service: permit SERVICE calls to other endpoints.
        wait: seconds to wait for another process to release an embedded store.
        timeout: see above; None: no limit on an embedded store, 30 s per remote request.

    Raises:
        QueryError: the query ran longer than ``timeout`` (and the errors of
            :func:`run_query` and :func:`~storygraph.store.open_store`).
    """
    loc = resolve_location(location)
    check_read_only(query, allow_service=allow_service)
    if loc.startswith(("http://", "https://")) or timeout is None:
        opened = open_store(loc, create=False, wait=wait, timeout=timeout)
        with opened as store:
            return run_query(store, query, fmt, allow_service=allow_service)
    request = {
        "location": loc,
        "query": query,
        "fmt": fmt,
        "allow_service": allow_service,
        "wait": wait,
    }
    return _answer(_start_child(request), timeout)


def _serve(request: dict[str, Any], fd: int) -> None:
    """The child's side: open the store, say so, answer, each as one line of JSON on ``fd``."""
    with os.fdopen(fd, "wb") as pipe:

        def send(message: dict[str, Any]) -> None:
            pipe.write(json.dumps(message).encode("ascii") + b"\n")
            pipe.flush()

        try:
            with EmbeddedStore(request["location"], create=False, wait=request["wait"]) as store:
                send({"opened": True})
                text = run_query(
                    store, request["query"], request["fmt"], allow_service=request["allow_service"]
                )
            answer: dict[str, Any] = {"ok": text}
        except errors.StorygraphError as exc:
            answer = {"error": type(exc).__name__, "message": str(exc)}
        except BaseException:
            answer = {"bug": traceback.format_exc()}
        send(answer)


def _child_main() -> None:  # pragma: no cover - runs in the spawned interpreter
    """Entry point of a spawned query process: the request on stdin, the answer on stdout."""
    request = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    _serve(request, os.dup(sys.stdout.fileno()))


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: assume the worst
        return False


@dataclass
class _Child:
    pid: int
    fd: int
    process: subprocess.Popen[bytes] | None = None

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    def reap(self) -> None:
        if self.process is not None:
            self.process.wait()
        else:
            os.waitpid(self.pid, 0)


def _start_child(request: dict[str, Any]) -> _Child:
    if hasattr(os, "fork") and _single_threaded():
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; its coverage is not collected
            try:
                os.close(read_end)
                _serve(request, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        return _Child(pid, read_end)
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-c", "from storygraph.query import _child_main; _child_main()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps(request).encode("ascii"))
    process.stdin.close()
    return _Child(process.pid, process.stdout.fileno(), process)


def _answer(child: _Child, timeout: float) -> str:
    """Read the child's answer; kill it if it has not answered ``timeout`` s after opening."""
    buffer = b""
    deadline: float | None = None
    done = False
    try:
        while True:
            if deadline is None and b"\n" in buffer:
                deadline = time.monotonic() + timeout  # the store is open: the clock starts
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and (left <= 0 or not select.select([child.fd], [], [], left)[0]):
                raise QueryError(
                    f"the query ran for more than {timeout:g} s and was stopped; "
                    "pass a larger --timeout to give it longer"
                )
            chunk = os.read(child.fd, 1 << 20)
            if not chunk:
                break
            buffer += chunk
        done = True
    finally:
        if child.process is None:
            os.close(child.fd)
        elif child.process.stdout is not None:
            child.process.stdout.close()
        if not done:
            child.kill()
        child.reap()
    lines = buffer.splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, ValueError) as exc:
        raise QueryError("the query's process ended without an answer") from exc
    if "ok" in answer:
        return str(answer["ok"])
    if "error" in answer:
        kind = getattr(errors, answer["error"], None)
        if isinstance(kind, type) and issubclass(kind, errors.StorygraphError):
            raise kind(answer["message"])
        raise QueryError(answer["message"])
    raise RuntimeError(f"the query failed in its child process:\n{answer.get('bug', '')}")


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

        from storygraph.store import _bind_prefixes

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
