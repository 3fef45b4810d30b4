"""The named queries shipped with storygraph: ``named/NAME.rq``, described by their comments.

A query's first comment lines describe it; ``# param: NAME`` lines name its parameters,
written ``%NAME%`` in its text. A line ``# @articles ?var`` in its body is where
:func:`named_query` puts the ``VALUES`` block that keeps it to some articles
(``storygraph query --named NAME --article ID``), or to the articles of one story
(``--story ID``); every such line gets it (a paged query restricts each of its sub-selects).
A pattern after the variable, ``# @articles ?a ?event sg:trigger/sg:inArticle ?a .``, is
joined there only when the query is kept to some articles: the join that finds a row's
article costs a lookup a row, which a listing of every article need not pay before it picks
its page.

Parameter values are bound safely: each becomes one SPARQL string literal written by
:func:`storygraph.rdf.terms.literal` (every quote, backslash and control character
escaped), and article references become IRIs checked by :func:`storygraph.rdf.terms.iri`,
so no value can change the query's syntax.

Paging (``limit``/``offset``, ``storygraph query --named NAME --limit N --offset K``): the
query gets ``LIMIT``/``OFFSET``, and each ``# @page`` line in its body (inside a sub-select
that picks the rows' keys cheaply, before the costly joins) becomes ``LIMIT limit+offset``,
so that only the rows of the page are joined. A ``# count:`` comment line holds a group whose
solutions are the query's rows, cheaper to count than the query itself
(:func:`count_query`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from storygraph.errors import InputError
from storygraph.rdf.mint import article_iri
from storygraph.rdf.terms import iri, literal
from storygraph.rdf.vocab import ID, SG

__all__ = [
    "QUERIES_DIR",
    "NamedQuery",
    "article_term",
    "count_query",
    "named_queries",
    "named_query",
    "story_term",
]

QUERIES_DIR = Path(__file__).parent / "named"

_ARTICLES_LINE = re.compile(
    r"^([ \t]*)# @articles (\?\w+)(?:[ \t]+(\S[^\n]*?))?[ \t]*$", re.MULTILINE
)
_PAGE_LINE = re.compile(r"^([ \t]*)# @page[ \t]*(?:\n|$)", re.MULTILINE)


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``named/NAME.rq``; its first comment lines describe it."""

    name: str
    description: str
    parameters: tuple[str, ...]
    text: str
    count: str | None = None

    @property
    def by_article(self) -> bool:
        """Whether ``--article`` can keep this query to some articles."""
        return _ARTICLES_LINE.search(self.text) is not None


def named_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    found = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        description = ""
        params: list[str] = []
        count: str | None = None
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            body = line.lstrip("# ").strip()
            if body.lower().startswith("param:"):
                params.append(body.split(":", 1)[1].strip())
            elif body.lower().startswith("count:"):
                count = body.split(":", 1)[1].strip()
            elif body and not description:
                description = body
        found.append(NamedQuery(path.stem, description, tuple(params), text, count))
    return found


def article_term(ref: str) -> str:
    """An article reference (its IRI, or its id as ``storygraph query --named articles``
    shows it) as a SPARQL IRI term.

    Raises:
        InputError: the reference is neither an IRI nor an article id.
    """
    ref = ref.strip()
    try:
        if ref.startswith(("http://", "https://", "urn:")):
            return iri(ref)
        if ref and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ref):
            return iri(article_iri(ref))
    except ValueError:
        pass
    raise InputError(
        f"--article {ref!r} is neither an article IRI nor an article id; "
        "`storygraph query --named articles` lists them"
    )


def _bind(q: NamedQuery, arguments: Sequence[str], params: Mapping[str, str]) -> dict[str, str]:
    """Each parameter of ``q`` with its value, from the positional arguments or by name."""
    unknown = sorted(set(params) - set(q.parameters))
    if unknown:
        takes = ", ".join(q.parameters) or "no parameters"
        raise InputError(f"query {q.name!r} has no parameter {unknown[0]}; it takes {takes}")
    if arguments and params:
        raise InputError("give a named query's parameters as arguments or as --param, not both")
    if params:
        missing = [p for p in q.parameters if p not in params]
        if missing:
            raise InputError(
                f"query {q.name!r} needs --param {missing[0]}=VALUE "
                f"(it takes {' '.join(q.parameters)})"
            )
        return {p: params[p] for p in q.parameters}
    if len(arguments) != len(q.parameters):
        wanted = " ".join(q.parameters) or "no arguments"
        raise InputError(f"query {q.name!r} takes {wanted}; got {len(arguments)} argument(s)")
    return dict(zip(q.parameters, arguments, strict=True))


def named_query(
    name: str,
    arguments: Sequence[str] = (),
    *,
    params: Mapping[str, str] | None = None,
    articles: Sequence[str] = (),
    story: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> str:
    """The text of a named query with its parameters bound.

    Args:
        name: the query's name (``storygraph queries`` lists them).
        arguments: its parameters' values, in order.
        params: its parameters' values by name (instead of ``arguments``).
        articles: keep the answer to these articles (ids or IRIs); empty: every article.
        story: keep the answer to the articles of this story (its id, as the ``stories``
            query shows it, or its IRI).
        limit: at most this many rows (None: every row).
        offset: skip this many rows first (the rows are in the query's order).

    Raises:
        InputError: no such query, a missing, extra or unknown parameter, an article
            or story reference that is not one, ``articles`` or ``story`` for a query
            that cannot take them, or a ``limit`` under 1 or a negative ``offset``.
    """
    queries = {q.name: q for q in named_queries()}
    if name not in queries:
        raise InputError(
            f"no named query {name!r}; `storygraph queries` lists them: {', '.join(queries)}"
        )
    q = queries[name]
    text = q.text
    for param, value in _bind(q, arguments, params or {}).items():
        text = text.replace(f"%{param}%", literal(value))
    if (articles or story) and not q.by_article:
        option = "--article" if articles else "--story"
        raise InputError(f"query {name!r} cannot be kept to some articles ({option})")
    terms = " ".join(dict.fromkeys(article_term(a) for a in articles))
    in_story = story_term(story) if story else None

    def keep(m: re.Match[str]) -> str:
        indent, var, join = m.group(1), m.group(2), m.group(3)
        lines = [f"{indent}VALUES {var} {{ {terms} }}"] if terms else []
        if in_story:
            lines.append(f"{indent}{in_story} <{SG.hasArticle}> {var} .")
        if join:
            lines.append(f"{indent}{join}")
        return "\n".join(lines)

    if articles or story:
        text = _ARTICLES_LINE.sub(keep, text)
    return _page(text, limit, offset)


def _page(text: str, limit: int | None, offset: int) -> str:
    """``text`` with ``LIMIT``/``OFFSET``, and its ``# @page`` sub-selects limited to the
    rows up to the end of the page (their lines removed when there is no limit)."""
    if limit is not None and limit < 1:
        raise InputError(f"a limit is a number of rows, 1 or more (got {limit})")
    if offset < 0:
        raise InputError(f"an offset is a number of rows to skip, 0 or more (got {offset})")
    inner = "" if limit is None else f"LIMIT {limit + offset}"
    text = _PAGE_LINE.sub(lambda m: f"{m.group(1)}{inner}\n" if inner else "", text)
    tail = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else []
    )
    return text.rstrip("\n") + "\n" + " ".join(tail) + "\n" if tail else text


def count_query(
    name: str, arguments: Sequence[str] = (), *, params: Mapping[str, str] | None = None
) -> str | None:
    """A query counting the rows of named query ``name`` (as ``?rows``) more cheaply than
    running it, from its ``# count:`` line; None when it has none.

    Raises:
        InputError: as :func:`named_query`.
    """
    queries = {q.name: q for q in named_queries()}
    named_query(name, arguments, params=params)  # the same checks
    q = queries[name]
    if q.count is None:
        return None
    body = q.count
    for param, value in _bind(q, arguments, params or {}).items():
        body = body.replace(f"%{param}%", literal(value))
    return f"SELECT (COUNT(*) AS ?rows) WHERE {{ {body} }}"


def story_term(ref: str) -> str:
    """A story reference (its IRI, or its id as ``--named stories`` shows it) as a SPARQL
    IRI term.

    Raises:
        InputError: the reference is neither a story IRI nor a story id.
    """
    ref = ref.strip()
    try:
        if ref.startswith(("http://", "https://", "urn:")):
            return iri(ref)
        if ref and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ref):
            return iri(f"{ID}story/{ref}")
    except ValueError:
        pass
    raise InputError(
        f"--story {ref!r} is neither a story IRI nor a story id; "
        "`storygraph query --named stories` lists them"
    )
