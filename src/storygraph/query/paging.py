"""Pages of a named query: the "showing N of M" line of ``storygraph query --named NAME``.

The page itself is :func:`~storygraph.query.catalog.named_query` with ``limit``/``offset``.
How many rows it holds, and whether more follow, is asked with one more query, a count of
the rows of the page one row longer (as costly as the page); the total, when more follow,
from the query's ``# count:`` line when it has one (a count cheaper than the query), else
the line says that more exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storygraph.query.catalog import count_query, named_query
from storygraph.query.child import query_store

__all__ = ["DEFAULT_TABLE_LIMIT", "page_note"]

#: The rows ``storygraph query --named NAME`` shows as a table without ``--limit``.
DEFAULT_TABLE_LIMIT = 50


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def _count(location: str | None, text: str, wait: float, timeout: float | None) -> int:
    answer = query_store(location, text, "csv", wait=wait, timeout=timeout)
    return int(answer.splitlines()[-1].strip())


def page_note(
    location: str | None,
    name: str,
    arguments: Sequence[str] = (),
    *,
    limit: int,
    offset: int = 0,
    params: Mapping[str, str] | None = None,
    articles: Sequence[str] = (),
    story: str | None = None,
    wait: float = 0,
    timeout: float | None = None,
) -> str:
    """The line that says which rows a page of named query ``name`` shows: ``showing 50 of
    3,544 rows (--limit 0 shows all, --offset 50 the next)``, ``showing 50 rows, more exist
    …``, ``showing all 12 rows``.

    Args:
        location: the store, as for :func:`~storygraph.query.child.query_store`.
        name, arguments, params, articles, story: the query, as for
            :func:`~storygraph.query.catalog.named_query`.
        limit: the page's length (1 or more); offset: the rows skipped before it.
        wait, timeout: as for :func:`~storygraph.query.child.query_store`.

    Raises:
        InputError: as :func:`~storygraph.query.catalog.named_query`.
    """
    page = named_query(
        name,
        arguments,
        params=params,
        articles=articles,
        story=story,
        limit=limit + 1,
        offset=offset,
    )
    found = _count(location, f"SELECT (COUNT(*) AS ?rows) WHERE {{\n{page}}}", wait, timeout)
    shown = min(found, limit)
    first = f" from row {offset + 1:,}" if offset else ""
    if found <= limit:
        if offset == 0:
            return "showing the only row" if shown == 1 else f"showing all {_rows(shown)}"
        if shown == 0:
            return f"no rows from row {offset + 1:,} (--offset is past the last row)"
        return f"showing {_rows(shown)}{first}, the last"
    more = f"--limit 0 shows all, --offset {offset + limit} the next"
    counter = None if articles or story else count_query(name, arguments, params=params)
    if counter is not None:
        total = _count(location, counter, wait, timeout)
        return f"showing {shown:,} of {_rows(total)}{first} ({more})"
    return f"showing {_rows(shown)}{first}, more exist ({more})"
