"""Pages of the named queries: ``named_query(limit=, offset=)``, the ``# @page`` sub-selects,
the counts, and ``storygraph query --named NAME --limit N --offset K`` with its "showing" line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from helpers import EXAMPLE, EXAMPLE_DATE
from storygraph.cli import cli
from storygraph.errors import InputError
from storygraph.ingest import ingest
from storygraph.query import named_queries, named_query, run_query
from storygraph.query.catalog import _page, count_query
from storygraph.query.paging import DEFAULT_TABLE_LIMIT, page_note
from storygraph.rdf.mint import article_iri
from storygraph.rdf.terms import nt
from storygraph.rdf.vocab import SG, SG_ONTOLOGY
from storygraph.readers import Overrides
from storygraph.store import EmbeddedStore, GraphWrite

NAMES = [q.name for q in named_queries()]
PAGES = [(1, 0), (2, 1), (3, 2), (5, 0), (4, 7), (50, 0)]


def _args(name: str) -> tuple[str, ...]:
    q = {q.name: q for q in named_queries()}[name]
    return tuple("Meta" for _ in q.parameters)


def _rows(store: EmbeddedStore, text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(run_query(store, text, "csv"))))[1:]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> str:
    """The example story in a store of its own, closed, for the command line to open."""
    path = tmp_path_factory.mktemp("paging") / "store"
    with EmbeddedStore(path) as store:
        ingest([str(EXAMPLE)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    return str(path)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("limit", "offset"), PAGES)
def test_a_page_is_the_same_rows_as_the_full_answer_there(
    example_store: EmbeddedStore, name: str, limit: int, offset: int
) -> None:
    full = _rows(example_store, named_query(name, _args(name)))
    page = _rows(example_store, named_query(name, _args(name), limit=limit, offset=offset))
    assert page == full[offset : offset + limit]


@pytest.mark.parametrize("name", NAMES)
def test_an_offset_alone_skips_rows(example_store: EmbeddedStore, name: str) -> None:
    full = _rows(example_store, named_query(name, _args(name)))
    assert _rows(example_store, named_query(name, _args(name), offset=2)) == full[2:]


@pytest.fixture(scope="module")
def three_articles(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[EmbeddedStore]:
    """The three example articles with the story layer's links (same events, claims)."""
    with EmbeddedStore(tmp_path_factory.mktemp("paging3") / "store") as store:
        ingest([str(EXAMPLE.parent)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
        yield store


#: columns that GROUP_CONCAT fills: SPARQL leaves the order of their items to the engine,
#: and Oxigraph's follows its plan, which a page's differs from the full answer's
LISTS = {"alsoIn", "articles", "about"}


def _listed(store: EmbeddedStore, text: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of ``text``, the items of its list columns sorted."""
    header, *rows = csv.reader(io.StringIO(run_query(store, text, "csv")))
    lists = [i for i, column in enumerate(header) if column in LISTS]
    for row in rows:
        for i in lists:
            row[i] = ", ".join(sorted(row[i].split(", ")))
    return header, rows


@pytest.mark.parametrize("name", NAMES)
def test_pages_across_articles(three_articles: EmbeddedStore, name: str) -> None:
    # pages that end among the dated events, across into the undated, and past the end;
    # kept to one article, the rows whose article column is that article
    header, full = _listed(three_articles, named_query(name, _args(name)))
    assert full
    for limit, offset in [*PAGES, (3, len(full) - 4), (10, len(full) - 2), (5, len(full) + 1)]:
        offset = max(offset, 0)
        page = named_query(name, _args(name), limit=limit, offset=offset)
        assert _listed(three_articles, page)[1] == full[offset : offset + limit]
    if {q.name: q for q in named_queries()}[name].by_article and "article" in header:
        column = header.index("article")
        for article in sorted({row[column] for row in full}):
            kept = _listed(three_articles, named_query(name, _args(name), articles=[article]))[1]
            assert kept == [row for row in full if row[column] == article]
            page = named_query(name, _args(name), articles=[article], limit=2, offset=1)
            assert _listed(three_articles, page)[1] == kept[1:3]


#: copies of each example article in the bigger store (24 articles)
COPIES = 8


@pytest.fixture(scope="module")
def many_articles(
    three_articles: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EmbeddedStore]:
    """The three example articles and copies of them under other article IRIs (``-r1`` …),
    as the benchmark replicates articles: the same positions, labels and counts in many
    articles, so that pages cut through many articles and through ties."""
    rows = three_articles.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs: dict[str, list[str]] = {}
    for r in rows:
        graphs.setdefault(str(r["g"]), []).append(f"{nt(r['s'])} {nt(r['p'])} {nt(r['o'])}")
    typed = three_articles.select(f"SELECT ?a WHERE {{ ?a a <{SG.Article}> }}")
    articles = {str(r["a"]) for r in typed}
    writes = []
    for name, triples in graphs.items():
        if name == str(SG_ONTOLOGY):
            continue
        writes.append(GraphWrite(name, triples))
        for n in range(1, COPIES if name in articles else 1):
            new = f"{name}-r{n}"
            copied = [
                t.replace(f"<{name}>", f"<{new}>").replace(f"<{name}/", f"<{new}/") for t in triples
            ]
            writes.append(GraphWrite(new, copied))
    with EmbeddedStore(tmp_path_factory.mktemp("paging-many") / "store") as store:
        store.write(writes)
        yield store


@pytest.mark.parametrize("name", NAMES)
def test_pages_of_a_bigger_store(many_articles: EmbeddedStore, name: str) -> None:
    # the rewritten listings pick a page's keys first (the first articles with claims, the
    # entities mentioned at least as often as the page's last ...): every page is the full
    # answer's rows there, also where a page ends among rows that tie on the order's keys
    header, full = _listed(many_articles, named_query(name, _args(name)))
    assert full
    n = len(full)
    for limit, offset in [*PAGES, (50, 45), (10, n // 2), (7, n - 5), (1, n - 1), (3, n)]:
        page = named_query(name, _args(name), limit=limit, offset=max(offset, 0))
        assert _listed(many_articles, page)[1] == full[max(offset, 0) : max(offset, 0) + limit]
    if {q.name: q for q in named_queries()}[name].by_article and "article" in header:
        column = header.index("article")
        article = sorted({row[column] for row in full})[-1]
        kept = _listed(many_articles, named_query(name, _args(name), articles=[article]))[1]
        assert kept == [row for row in full if row[column] == article]


@pytest.mark.parametrize("name", [q.name for q in named_queries() if q.by_article])
def test_a_page_kept_to_articles(example_store: EmbeddedStore, name: str) -> None:
    # the example store holds one article: kept to it, a query (each of its sub-selects,
    # with the join a "# @articles ?a PATTERN" line adds) answers as it does unkept
    [[article]] = _rows(example_store, "SELECT ?a WHERE { ?a a sg:Article }")
    full = _rows(example_store, named_query(name, _args(name)))
    kept = _rows(example_store, named_query(name, _args(name), articles=[article]))
    assert kept == full
    for limit, offset in PAGES:
        page = named_query(name, _args(name), articles=[article], limit=limit, offset=offset)
        assert _rows(example_store, page) == full[offset : offset + limit]
    elsewhere = named_query(name, _args(name), articles=["no-such-article"], limit=5)
    assert _rows(example_store, elsewhere) == []


def test_an_articles_line_joins_its_pattern_only_when_kept() -> None:
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines()]

    every = named_query("timeline", limit=5)
    kept = named_query("timeline", articles=["example"], limit=5)
    values = f"VALUES ?a {{ <{article_iri('example')}> }}"
    joins = ["?e sg:trigger/sg:inArticle ?a .", "?event sg:trigger/sg:inArticle ?a ."]
    assert [line for line in lines(every) if line in joins] == []
    assert lines(every).count("# @articles ?a " + joins[0]) == 2
    found = [line for line in lines(kept) if line in [values, *joins]]
    assert found == [values, joins[0], values, joins[1]] * 2
    assert "# @articles" not in kept


@pytest.mark.parametrize("name", [q.name for q in named_queries() if q.count])
def test_a_declared_count_counts_the_rows(example_store: EmbeddedStore, name: str) -> None:
    counter = count_query(name, _args(name))
    assert counter is not None
    [[rows]] = _rows(example_store, counter)
    assert int(rows) == len(_rows(example_store, named_query(name, _args(name))))


@pytest.mark.parametrize(
    ("text", "limit", "offset", "expected"),
    [
        (
            "SELECT ?a WHERE {\n  { SELECT ?a WHERE { ?a ?p ?o }\n    # @page\n  }\n}\n",
            5,
            10,
            "SELECT ?a WHERE {\n  { SELECT ?a WHERE { ?a ?p ?o }\n    LIMIT 15\n  }\n}\nLIMIT 5 OFFSET 10\n",
        ),
        (
            "SELECT ?a WHERE {\n  { SELECT ?a WHERE { ?a ?p ?o }\n    # @page\n  }\n}\n",
            None,
            0,
            "SELECT ?a WHERE {\n  { SELECT ?a WHERE { ?a ?p ?o }\n  }\n}\n",
        ),
        ("SELECT ?a WHERE { ?a ?p ?o }\n", None, 3, "SELECT ?a WHERE { ?a ?p ?o }\nOFFSET 3\n"),
        ("SELECT ?a WHERE { ?a ?p ?o }", 1, 0, "SELECT ?a WHERE { ?a ?p ?o }\nLIMIT 1\n"),
    ],
)
def test_paging_text(text: str, limit: int | None, offset: int, expected: str) -> None:
    assert _page(text, limit, offset) == expected


@pytest.mark.parametrize(
    ("limit", "offset", "message"),
    [
        (0, 0, "a limit is a number of rows, 1 or more (got 0)"),
        (-3, 0, "a limit is a number of rows, 1 or more (got -3)"),
        (5, -1, "an offset is a number of rows to skip, 0 or more (got -1)"),
    ],
)
def test_paging_errors(limit: int, offset: int, message: str) -> None:
    with pytest.raises(InputError) as info:
        named_query("articles", limit=limit, offset=offset)
    assert str(info.value) == message


# -- the "showing" line ---------------------------------------------------------------------


def test_page_note(example_store: EmbeddedStore, store_path: str) -> None:
    total = len(_rows(example_store, named_query("timeline")))
    assert total > 6
    note = page_note(store_path, "timeline", limit=3)
    assert note == "showing 3 rows, more exist (--limit 0 shows all, --offset 3 the next)"
    note = page_note(store_path, "timeline", limit=3, offset=3)
    assert (
        note == "showing 3 rows from row 4, more exist (--limit 0 shows all, --offset 6 the next)"
    )
    assert page_note(store_path, "timeline", limit=total) == f"showing all {total} rows"
    last = page_note(store_path, "timeline", limit=5, offset=total - 2)
    assert last == f"showing 2 rows from row {total - 1}, the last"
    past = page_note(store_path, "timeline", limit=5, offset=total)
    assert past == f"no rows from row {total + 1} (--offset is past the last row)"


def test_page_note_with_a_count(example_store: EmbeddedStore, store_path: str) -> None:
    assert count_query("articles") is not None
    assert page_note(store_path, "articles", limit=1) == "showing the only row"
    entities = len(_rows(example_store, named_query("entities")))
    assert count_query("entities") is None
    assert page_note(store_path, "entities", limit=entities - 1).startswith(
        f"showing {entities - 1} rows, more exist (--limit 0 shows all, --offset {entities - 1} "
    )


# -- the command line -----------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_table_shows_a_page_and_says_so(example_store: EmbeddedStore, store_path: str) -> None:
    full = _rows(example_store, named_query("timeline"))
    code, out, err = _cli("query", "--store", store_path, "--named", "timeline", "--limit", "4")
    assert code == 0
    assert out.rstrip().endswith("(4 rows)")
    assert err == "showing 4 rows, more exist (--limit 0 shows all, --offset 4 the next)\n"
    code, out, err = _cli(
        "query", "--store", store_path, "--named", "timeline", "--limit", "4", "--offset", "4"
    )
    assert code == 0 and "from row 5" in err
    code, out, err = _cli("query", "--store", store_path, "--named", "timeline", "--limit", "0")
    assert out.rstrip().endswith(f"({len(full)} rows)")
    assert err == ""


def test_cli_default_limit_is_for_the_table_only(
    example_store: EmbeddedStore, store_path: str
) -> None:
    full = _rows(example_store, named_query("mentions", ("Meta",)))
    code, out, err = _cli(
        "query", "--store", store_path, "--named", "mentions", "Meta", "--format", "csv"
    )
    assert code == 0 and err == ""
    assert list(csv.reader(io.StringIO(out)))[1:] == full
    code, out, err = _cli(
        "query",
        "--store",
        store_path,
        "--named",
        "mentions",
        "Meta",
        "--format",
        "csv",
        "--limit",
        "2",
        "--offset",
        "1",
    )
    assert list(csv.reader(io.StringIO(out)))[1:] == full[1:3]
    code, out, err = _cli("query", "--store", store_path, "--named", "articles")
    assert err == "showing the only row\n"
    assert DEFAULT_TABLE_LIMIT == 50


def test_cli_limit_is_for_named_queries(store_path: str) -> None:
    result = CliRunner().invoke(
        cli, ["query", "--store", store_path, "SELECT * WHERE { ?s ?p ?o }", "--limit", "3"]
    )
    assert result.exit_code == 2
    assert "--limit and --offset are for --named queries; use LIMIT" in result.output
    result = CliRunner().invoke(
        cli, ["query", "--store", store_path, "--named", "articles", "--limit", "-1"]
    )
    assert result.exit_code == 2
    assert "-1 is not in the range x>=0" in result.output


def test_cli_quiet_has_no_showing_line(store_path: Path) -> None:
    code, out, err = _cli("-q", "query", "--store", str(store_path), "--named", "articles")
    assert code == 0 and err == "" and "(1 row)" in out
