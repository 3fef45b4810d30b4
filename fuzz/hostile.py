"""Fuzz targets for what an attacker controls (issue 16): front matter, JSON Lines, the
read-only classification of SPARQL, and the RDF loader. ``run.py`` drives them.

* ``frontmatter``: YAML near-misses (anchors, aliases, merge keys, tags, huge numbers, deep
  nesting) through ``read_text``: an article or an ``ArticleError``, in bounded time.
* ``jsonl``: lines of JSON with huge numbers, deep nesting, odd types and cut lines through
  ``read_jsonl``: one result per non-blank line, never an exception.
* ``sparql``: texts made of SPARQL pieces (comments ended by CR or LF, long strings with
  escaped quotes, codepoint escapes, updates, SERVICE to a local port). A text that
  ``check_read_only`` lets through must be no update to Oxigraph (run as one on an empty
  in-memory store, it must fail to parse) and, run as a query, must make no request to the
  port. Either is a bypass, reported as a crash.
* ``rdf``: RDF/XML with entity declarations, Turtle and JSON-LD near-misses through
  ``parse_rdf``: graph writes or an ``RDFSyntaxError``, never anything else.
"""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

__all__ = ["TARGETS"]


class Listener:
    """A local TCP port that counts connections (a SERVICE call reaching out)."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.hits = 0
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/sparql"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            conn, _ = self.server.accept()
            self.hits += 1
            conn.close()


# -- front matter ------------------------------------------------------------------------------

_YAML_PIECES = st.sampled_from(
    [
        "a: &a [x, x, x]",
        "b: &b [*a, *a, *a]",
        "c: [*b, *b, *b]",
        "<<: *a",
        "m: &m {title: T}",
        "n: {<<: *m}",
        "title: " + "1" * 5000,
        "published: " + "9" * 4400,
        "x: " + "[" * 200 + "]" * 200,
        "y: " + "{a: " * 100 + "1" + "}" * 100,
        "title: !!python/object:os.system x",
        "title: !!binary aGk=",
        "published: 0000-01-01",
        "published: 2026-13-45",
        "id: &i x",
        "url: *i",
        "? [a]\n: b",
        "- a",
        "'",
        "\t",
    ]
)


def frontmatter(target: Any) -> Callable[[], None]:
    from storygraph.errors import ArticleError
    from storygraph.readers.metadata import Overrides
    from storygraph.readers.text import read_text

    @given(lines=st.lists(_YAML_PIECES, max_size=8), body=st.text(max_size=100))
    def check(lines: list[str], body: str) -> None:
        data = ("---\n" + "\n".join(lines) + "\n---\n" + body + " Meta said so.").encode(
            "utf-8", "surrogatepass"
        )

        def run() -> None:
            try:
                article = read_text(data, "fuzz.md", "fuzz", Overrides())
            except ArticleError as exc:
                assert str(exc)
                return
            assert article.text.strip()

        target.guard(run)

    return check  # type: ignore[no-any-return]


# -- JSON Lines --------------------------------------------------------------------------------

_JSON_VALUES = st.one_of(
    st.integers(),
    st.sampled_from(["1" * 5000, "-" + "2" * 4301, "1e999999", "-1e-999999", "NaN", "Infinity"]),
    st.sampled_from(["[" * 3000 + "]" * 3000, '{"a":' * 2000 + "1" + "}" * 2000]),
    st.text(max_size=40).map(json.dumps),
    st.sampled_from(["null", "true", "[]", "{}", '"2026-11-26"', '"\\ud800"']),
)
_JSON_KEYS = st.sampled_from(["id", "url", "text", "html", "title", "published", "author", "x"])


def jsonl(target: Any) -> Callable[[], None]:
    from storygraph.readers.jsonl import read_jsonl
    from storygraph.readers.metadata import Overrides

    @given(
        lines=st.lists(
            st.lists(st.tuples(_JSON_KEYS, _JSON_VALUES), max_size=5), min_size=1, max_size=4
        ),
        cut=st.integers(0, 50),
    )
    def check(lines: list[list[tuple[str, str]]], cut: int) -> None:
        texts = []
        for pairs in lines:
            fields = ['"text": "Meta said so."'] + [f"{json.dumps(k)}: {v}" for k, v in pairs]
            texts.append("{" + ", ".join(fields) + "}")
        if cut:
            texts[-1] = texts[-1][: max(1, len(texts[-1]) - cut)]  # cut, never blank
        data = "\n".join(texts).encode("utf-8", "surrogatepass")

        def run() -> None:
            results = list(read_jsonl(io.BytesIO(data), "fuzz.jsonl", "fuzz", Overrides(), None))
            assert len(results) == len(texts)
            for r in results:
                assert (r.article is None) != (r.error is None), r

        target.guard(run)

    return check  # type: ignore[no-any-return]


# -- SPARQL read-only classification -----------------------------------------------------------


def _sparql_pieces(url: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            "SELECT * WHERE {",
            "ASK {",
            "CONSTRUCT WHERE {",
            "}",
            "{",
            "#x\r",
            "#y\n",
            "#",
            "\r",
            "\n",
            " ",
            "?s ?p ?o",
            " . ",
            '"""',
            "'''",
            '"',
            "'",
            "\\",
            '\\"',
            "\\'",
            "\\u0053",
            "\\u0049",
            "\\u0022",
            "\\u0023",
            "\\U0000000D",
            "ERVICE",
            "SERVICE",
            "service",
            "SILENT",
            f"<{url}>",
            f"LOAD <{url}>",
            "INSERT DATA { <https://e.org/s> <https://e.org/p> 1 }",
            "NSERT DATA { <https://e.org/s> <https://e.org/p> 1 }",
            "DELETE WHERE { ?s ?p ?o }",
            "DROP ALL",
            "CLEAR ALL",
            ";",
            "OPTIONAL",
            "FILTER EXISTS",
            "<https://e.org/x>",
            "1",
        ]
    )


def sparql(target: Any) -> Callable[[], None]:
    from storygraph.errors import StorygraphError
    from storygraph.query.readonly import check_read_only

    listener = Listener()

    @given(pieces=st.lists(_sparql_pieces(listener.url), min_size=1, max_size=14))
    def check(pieces: list[str]) -> None:
        text = "".join(pieces)

        def run() -> None:
            try:
                check_read_only(text)
            except StorygraphError:
                return  # refused: always safe
            scratch = ox.Store()
            before = listener.hits
            try:
                scratch.update(text)
            except SyntaxError:
                pass
            except (OSError, RuntimeError):  # it parsed, and failed while running
                raise AssertionError(f"an update passed the read-only check: {text!r}") from None
            else:
                raise AssertionError(f"an update passed the read-only check: {text!r}")
            try:
                answer = scratch.query(text)
                if not isinstance(answer, ox.QueryBoolean):
                    list(answer)
            except (SyntaxError, OSError, RuntimeError):
                pass
            assert listener.hits == before, f"SERVICE passed the read-only check: {text!r}"

        target.guard(run)

    return check  # type: ignore[no-any-return]


# -- the RDF loader ----------------------------------------------------------------------------

_XML_DECLS = st.sampled_from(
    [
        '<!ENTITY a "aaaaaaaaaa">',
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">',
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">',
        '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">',
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">',
        '<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">',
        '<!ENTITY x SYSTEM "file:///etc/passwd">',
        '<!ENTITY % p "x">',
        '<!ENTITY u "https://e.org/">',
        "<!ELEMENT r ANY>",
    ]
)
_XML_TEXT = st.sampled_from(["&a;", "&b;", "&d;", "&f;", "&x;", "&u;", "text", "&zz;", "<", ""])
_TURTLE = st.sampled_from(
    [
        "<https://e.org/s> <https://e.org/p> ",
        '"""x\\""""',
        "'''y'''",
        "[",
        "]",
        "(",
        ")",
        " . ",
        "@prefix e: <https://e.org/> .",
        "e:s e:p e:o",
        "1e999999",
        "_:b",
        "<<",
        ">>",
        "\\u0000",
    ]
)


def rdf(target: Any) -> Callable[[], None]:
    from storygraph.errors import RDFSyntaxError
    from storygraph.rdf.parse import parse_rdf

    @given(
        kind=st.sampled_from(["xml", "turtle", "jsonld"]),
        decls=st.lists(_XML_DECLS, max_size=8),
        texts=st.lists(_XML_TEXT, max_size=6),
        turtle=st.lists(_TURTLE, max_size=12),
        depth=st.integers(0, 3000),
    )
    def check(kind: str, decls: list[str], texts: list[str], turtle: list[str], depth: int) -> None:
        if kind == "xml":
            doctype = f"<!DOCTYPE rdf:RDF [{''.join(decls)}]>" if decls else ""
            data = (
                f'<?xml version="1.0"?>{doctype}<rdf:RDF '
                'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:e="https://e.org/"><rdf:Description rdf:about="https://e.org/s">'
                f"<e:p>{''.join(texts)}</e:p></rdf:Description></rdf:RDF>"
            )
        elif kind == "turtle":
            data = (
                "".join(turtle)
                + "[ <https://e.org/p> " * (depth // 10)
                + "1"
                + " ]" * (depth // 10)
            )
        else:
            data = (
                '{"@id": "https://e.org/s", "https://e.org/p": '
                + "[" * depth
                + "1"
                + "]" * depth
                + "}"
            )

        def run() -> None:
            try:
                parse_rdf(data.encode("utf-8", "surrogatepass"), kind, "https://e.org/g")
            except RDFSyntaxError as exc:
                assert str(exc)

        target.guard(run)

    return check  # type: ignore[no-any-return]


#: name → a function of the Target giving the hypothesis check.
TARGETS: dict[str, Callable[[Any], Callable[[], None]]] = {
    "frontmatter": frontmatter,
    "jsonl": jsonl,
    "sparql": sparql,
    "rdf": rdf,
}
