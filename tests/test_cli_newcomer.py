"""The command line as a new user meets it (issue 15): group options, -q and stderr,
machine-readable output, named-query parameters and --article, tables that fit, stdin.

Exact output through ``CliRunner``; stores come from ``tests/data/rdf``; no spaCy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result

from storygraph.cli import cli

DATA = Path(__file__).parent / "data" / "rdf"
ID = "https://w3id.org/storygraph/id/"
ALPHA = f"{ID}article/alpha"
META = f"{ID}organization/meta"
SH = "http://www.w3.org/ns/shacl#"


def run(*args: str, input: str | bytes | None = None, code: int = 0, **env: str) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input, env=env or None)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = str(tmp_path / "store")
    run("--store", path, "load", str(DATA / "story.trig"))
    return path


# -- group options, -q, status on stderr -------------------------------------------------------


def test_store_options_before_the_command(store: str) -> None:
    before = run("--store", store, "stats")
    after = run("stats", "--store", store)
    assert before.stdout == after.stdout
    assert before.stdout.startswith(f"store     {store}\narticles  2\n")


def test_the_commands_store_option_wins_over_the_groups(store: str, tmp_path: Path) -> None:
    result = run("--store", str(tmp_path / "none"), "stats", "--store", store)
    assert "articles  2" in result.stdout


def test_status_lines_go_to_stderr_and_q_silences_them(tmp_path: Path) -> None:
    path = str(tmp_path / "s")
    result = run("load", str(DATA / "story.trig"), "--store", path)
    assert result.stdout == ""
    assert result.stderr == f"loaded 72 statements from {DATA / 'story.trig'}\n"
    quiet = run("-q", "--store", str(tmp_path / "t"), "load", str(DATA / "story.trig"))
    assert quiet.stdout == "" and quiet.stderr == ""
    update = run("--store", path, "update", "DELETE WHERE { GRAPH ?g { ?s sg:alias ?a } }")
    assert (update.stdout, update.stderr) == ("", "updated\n")


def test_load_reads_stdin_with_a_format(tmp_path: Path) -> None:
    path = str(tmp_path / "s")
    data = (DATA / "story.trig").read_bytes()
    result = run("load", "-", "--format", "trig", "--store", path, input=data)
    assert result.stderr == "loaded 72 statements from <stdin>\n"
    result = run("load", "-", "--store", path, input=data, code=1)
    assert result.output == (
        "Error: give --format to load standard input (turtle, nt, nquads, …)\n"
    )


# -- machine-readable stats and validate ---------------------------------------------------------


def test_stats_json(store: str) -> None:
    counts = json.loads(run("--store", store, "stats", "--json").stdout)
    assert counts["store"] == store
    assert (counts["articles"], counts["graphs"]) == (2, 3)  # and the ontology
    assert counts["by_class"]["Organization"] == 1


@pytest.mark.parametrize("fmt", ["turtle", "json"])
def test_validate_writes_a_shacl_report(store: str, fmt: str) -> None:
    out = run("--store", store, "validate", "--format", fmt).stdout
    graph = rdflib.Graph().parse(data=out, format="turtle" if fmt == "turtle" else "json-ld")
    report = rdflib.URIRef(f"{SH}ValidationReport")
    (node,) = graph.subjects(rdflib.RDF.type, report)
    assert graph.value(node, rdflib.URIRef(f"{SH}conforms")) == rdflib.Literal(True)


def test_validate_report_of_violations_exits_1(store: str) -> None:
    claim = '<https://example.org/c> a sg:Claim ; sg:content "x" ; sg:stance "alleges"'
    run(
        "--store", store, "update", f"INSERT DATA {{ GRAPH <https://example.org/g> {{ {claim} }} }}"
    )
    result = run("--store", store, "validate", "--format", "turtle", code=1)
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (node,) = graph.subjects(rdflib.RDF.type, rdflib.URIRef(f"{SH}ValidationReport"))
    assert graph.value(node, rdflib.URIRef(f"{SH}conforms")) == rdflib.Literal(False)
    results = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(f"{SH}ValidationResult")))
    assert set(graph.objects(node, rdflib.URIRef(f"{SH}result"))) == results
    paths = {str(graph.value(r, rdflib.URIRef(f"{SH}resultPath"))) for r in results}
    assert paths == {"https://w3id.org/storygraph/ns#stance", "https://w3id.org/storygraph/ns#cue"}


# -- query: formats, parameters, --article, the table --------------------------------------------


def test_query_ndjson(store: str) -> None:
    q = "SELECT ?h ?d WHERE { ?a schema:headline ?h ; schema:datePublished ?d } ORDER BY ?d"
    assert run("--store", store, "query", "--format", "ndjson", q).stdout == (
        '{"h": "Meta reverses course", "d": "2026-11-26"}\n{"h": "Meta hires", "d": "2026-11-27"}\n'
    )


def test_query_named_by_param_and_article(store: str) -> None:
    result = run(
        "--store",
        store,
        "query",
        "--named",
        "mentions",
        "--param",
        "ENTITY=meta",
        "--article",
        "beta",
        "--format",
        "csv",
    )
    assert result.stdout.replace("\r\n", "\n") == (
        f"anchor,article,begin,end,sentence,entity\nMeta,beta,0,4,,{META}\n"
    )


def test_query_param_binds_a_variable_of_your_query(store: str) -> None:
    q = "SELECT ?a WHERE { ?a schema:headline ?h }"
    out = run("--store", store, "query", q, "--param", "h=Meta hires", "--format", "csv")
    assert out.stdout.replace("\r\n", "\n") == f"a\n{ID}article/beta\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--param", "ENTITY"], 2, "Invalid value for --param: 'ENTITY' is not NAME=VALUE"),
        (["--article", "alpha"], 2, "--article is for --named queries; use GRAPH in your own"),
    ],
)
def test_query_option_errors(store: str, args: list[str], code: int, message: str) -> None:
    result = run("--store", store, "query", "ASK { ?s ?p ?o }", *args, code=code)
    assert message in result.output


def test_query_table_fits_columns_and_cuts_no_id(store: str) -> None:
    q = (
        "SELECT ?label ?sentence ?m WHERE { ?e rdfs:label ?label ; sg:hasMention ?m . "
        "?m sg:sentence ?sentence }"
    )
    wide = run("--store", store, "query", q, COLUMNS="200").stdout.splitlines()
    m = f"<{ALPHA}/mention-0-4>"
    assert wide == [
        "label  sentence                     m",
        "-----  ---------------------------  " + "-" * len(m),
        f"Meta   Meta reversed its decision.  {m}",
        "(1 row)",
    ]
    narrow = run("--store", store, "query", q, COLUMNS="40").stdout.splitlines()
    assert narrow == [
        "-[ row 1 ]" + "-" * 30,
        "label     Meta",
        "sentence  Meta reversed its decision.",
        f"m         {m}",
        "(1 row)",
    ]


# -- view writes no file into the current folder -------------------------------------------------


def test_view_writes_a_temporary_file(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = set(os.listdir(tmp_path))
    result = run("--store", store, "view", "--no-open")
    assert set(os.listdir(tmp_path)) == before
    path = Path(result.stdout.strip())
    assert path.name.startswith("storygraph-") and path.suffix == ".html"
    assert path.is_file() and path.parent != tmp_path
    path.unlink()


# -- help texts are true --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ingest", "view", "export", "validate", "stats", "remove"])
def test_timeout_help_says_what_it_does_for_the_command(name: str) -> None:
    out = run(name, "--help", COLUMNS="200").stdout
    line = next(x for x in out.splitlines() if "--timeout" in x)
    assert "query is stopped" not in line
    assert "remote endpoint" in line


def test_query_timeout_help_mentions_stopping_the_query() -> None:
    out = run("query", "--help", COLUMNS="200").stdout
    assert "seconds before the query is stopped" in out
