"""The ``storygraph`` command line through ``CliRunner``: exact output and exit status.

Stores are filled from the hand-written fixtures in ``tests/data/rdf`` with ``storygraph
load``; nothing here needs spaCy.
"""

from __future__ import annotations

import gc
import json
import warnings
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib.compare import isomorphic

import storygraph
from storygraph.cli import cli

DATA = Path(__file__).parent / "data" / "rdf"
ID = "https://w3id.org/storygraph/id/"
ALPHA = f"{ID}article/alpha"
BETA = f"{ID}article/beta"
META = f"{ID}organization/meta"
ONTOLOGY = "https://w3id.org/storygraph/ns"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def fails(*args: str, code: int = 1, input: str | None = None) -> Result:
    """Run a command that must fail cleanly (a message, not a traceback)."""
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A store holding the two-article story."""
    path = str(tmp_path / "store")
    result = run("load", str(DATA / "story.trig"), "--store", path)
    assert result.output == f"loaded 72 statements from {DATA / 'story.trig'}\n"
    return path


def csv_rows(output: str) -> list[str]:
    return output.replace("\r\n", "\n").splitlines()


# -- every command has help with an example ---------------------------------------------------


def all_commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert f"Usage: cli {name} " in result.output or f"Usage: cli {name}\n" in result.output
    assert "Example" in result.output
    command = cli.commands[name]
    assert command.help and command.help.strip()
    assert command.get_short_help_str(), name


def test_the_group_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    for name in all_commands():
        assert f"  {name} " in result.output


def test_short_help_option() -> None:
    assert run("-h").output == run("--help").output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"storygraph, version {storygraph.__version__}\n"


def test_every_store_command_takes_the_store_options() -> None:
    for name in ("load", "query", "update", "stats", "validate", "remove", "export"):
        params = {p.name for p in cli.commands[name].params}
        assert {"store_location", "wait", "timeout"} <= params, name


# -- load ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "extra", "n"),
    [
        ("story.trig", [], 72),
        ("story.nq", [], 72),
        ("story.jsonld", [], 72),
        ("note.ttl", ["--graph", "https://example.org/notes"], 4),
        ("note.nt", ["--graph", "https://example.org/notes"], 4),
    ],
)
def test_load_each_format(tmp_path: Path, name: str, extra: list[str], n: int) -> None:
    store = str(tmp_path / "s")
    result = run("load", str(DATA / name), "--store", store, *extra)
    assert result.exit_code == 0
    assert result.output == f"loaded {n} statements from {DATA / name}\n"
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        "SELECT (COUNT(*) AS ?n) "
        "WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://w3id.org/storygraph/ns>) }",
    )
    assert csv_rows(out.output) == ["n", str(n)]


def test_load_with_an_explicit_format(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes((DATA / "note.nt").read_bytes())
    store = str(tmp_path / "s")
    result = run(
        "load", str(path), "--format", "nt", "--graph", "https://example.org/n", "--store", store
    )
    assert result.output == f"loaded 4 statements from {path}\n"
    result = fails("load", str(path), "--store", store)
    assert result.output == (
        f"Error: cannot tell the RDF format of {path} from its suffix; give --format "
        "(turtle, nt, nquads, trig, jsonld, xml)\n"
    )


def test_load_triples_need_a_graph(tmp_path: Path) -> None:
    result = fails("load", str(DATA / "note.ttl"), "--store", str(tmp_path / "s"))
    assert result.output == (
        f"Error: {DATA / 'note.ttl'}: the data holds triples outside any named graph; "
        "give --graph IRI to say which graph they belong to\n"
    )


def test_load_a_graph_name_that_is_not_an_iri(tmp_path: Path) -> None:
    result = fails(
        "load", str(DATA / "note.ttl"), "--graph", "notes", "--store", str(tmp_path / "s")
    )
    assert result.output.startswith("Error: 'notes' is not a graph name: ")
    assert "use an absolute IRI such as https://example.org/graph" in result.output


def test_load_unparsable_rdf_says_where_and_loads_nothing(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    result = fails(
        "load",
        str(DATA / "note.nt"),
        str(DATA / "broken.ttl"),
        "--graph",
        "https://example.org/g",
        "--store",
        store,
    )
    broken = DATA / "broken.ttl"
    assert result.output == (
        f"loaded 4 statements from {DATA / 'note.nt'}\n"
        f"Error: {broken}: cannot parse turtle: Parser error between line 4 column 61 and "
        "line 5 column 1: Unexpected end of file (line 4)\n"
    )
    # the first file stays; nothing of the broken one (its line 3 parsed fine) is there
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        f"SELECT ?a WHERE {{ <{META}> sg:alias ?a }} ORDER BY ?a",
    )
    assert csv_rows(out.output) == ["a", "Facebook", "Meta Platforms"]
    out = run("query", "--store", store, "ASK { ?s ?p 'unterminated .' }")
    assert out.output == "false\n"


def test_load_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.ttl"
    result = fails("load", str(missing), "--store", str(tmp_path / "s"))
    assert result.output == f"Error: no such file: {missing}\n"


def test_load_a_directory_without_rdf_files(tmp_path: Path) -> None:
    result = fails("load", str(tmp_path), "--store", str(tmp_path / "s"))
    assert result.output.startswith(f"Error: {tmp_path} holds no RDF file")


def test_load_needs_a_file(tmp_path: Path) -> None:
    result = fails("load", "--store", str(tmp_path / "s"), code=2)
    assert "Missing argument 'FILES...'" in result.output


# -- query --------------------------------------------------------------------------------------


QUERY = "SELECT ?l WHERE { sg:Organization rdfs:label ?l }"
QUERY_OUTPUT = "l\n------------\nOrganization\n(1 row)\n"


def test_query_from_an_argument_and_stdin(store: str) -> None:
    assert run("query", "--store", store, QUERY).output == QUERY_OUTPUT
    assert run("query", "--store", store, input=QUERY).output == QUERY_OUTPUT
    assert run("query", "--store", store, "-", input=QUERY).output == QUERY_OUTPUT
    assert run("query", "--store", store, "-f", "-", input=QUERY).output == QUERY_OUTPUT


def test_query_from_a_file(store: str, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(f"# a comment\n{QUERY}\n", encoding="utf-8")
    assert run("query", "--store", store, "-f", str(path)).output == QUERY_OUTPUT


def test_query_from_a_missing_file(store: str, tmp_path: Path) -> None:
    result = fails("query", "--store", store, "-f", str(tmp_path / "none.rq"), code=2)
    assert "none.rq' does not exist" in result.output


def test_query_from_a_file_closes_it(store: str, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(QUERY, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run("query", "--store", store, "-f", str(path))
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_query_default_graph_is_the_union(store: str) -> None:
    # one triple held by alpha, beta and the ontology: one row, no DISTINCT
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        "SELECT ?l WHERE { sg:Organization rdfs:label ?l }",
    )
    assert out.stdout_bytes == b"l\r\nOrganization\r\n"
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ <{META}> ?p ?o }}",
    )
    assert csv_rows(out.output) == ["n", "4"]


def test_query_graph_reaches_one_article(store: str) -> None:
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        "SELECT ?g ?h WHERE { GRAPH ?g { ?a schema:headline ?h } } ORDER BY ?g",
    )
    assert csv_rows(out.output) == ["g,h", f"{ALPHA},Meta reverses course", f"{BETA},Meta hires"]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", f"s\n{'-' * 50}\n<{META}>\n(1 row)\n"),
        ("csv", f"s\r\n{META}\r\n"),
        ("tsv", f"?s\n<{META}>\n"),
        (
            "json",
            json.dumps(
                {
                    "head": {"vars": ["s"]},
                    "results": {"bindings": [{"s": {"type": "uri", "value": META}}]},
                },
                separators=(",", ":"),
            )
            + "\n",
        ),
    ],
)
def test_query_formats(store: str, fmt: str, expected: str) -> None:
    out = run(
        "query", "--store", store, "--format", fmt, "SELECT ?s WHERE { ?s a sg:Organization }"
    )
    assert out.stdout_bytes.decode() == expected


def test_query_xml(store: str) -> None:
    out = run(
        "query", "--store", store, "--format", "xml", "SELECT ?s WHERE { ?s a sg:Organization }"
    )
    assert out.output.startswith('<?xml version="1.0"?>')
    assert f'<binding name="s"><uri>{META}</uri></binding>' in out.output


def test_query_ask_prints_true_or_false(store: str) -> None:
    assert run("query", "--store", store, "ASK { ?c sg:stance 'confirms' }").output == "true\n"
    assert run("query", "--store", store, "ASK { ?c sg:stance 'denies' }").output == "false\n"
    out = run("query", "--store", store, "--format", "json", "ASK { ?c a sg:Claim }")
    assert json.loads(out.output) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt", ["table", "turtle", "nt"])
def test_query_construct_prints_rdf(store: str, fmt: str) -> None:
    out = run(
        "query",
        "--store",
        store,
        "--format",
        fmt,
        "CONSTRUCT { ?e sg:action ?a } WHERE { ?e sg:action ?a }",
    ).output
    g = rdflib.Graph().parse(data=out, format="nt" if fmt == "nt" else "turtle")
    assert {(str(s), str(o)) for s, _, o in g} == {(f"{ALPHA}/event-1", "reverse")}
    if fmt == "nt":
        assert out == (f'<{ALPHA}/event-1> <https://w3id.org/storygraph/ns#action> "reverse" .\n')


def test_query_named(store: str) -> None:
    out = run("query", "--store", store, "--named", "mentions", "META", "--format", "csv")
    rows = csv_rows(out.output)
    assert rows[0] == "anchor,article,begin,end,sentence,entity"
    assert rows[1:] == [
        f"Meta,alpha,0,4,Meta reversed its decision.,{META}",
        f"Meta,beta,0,4,,{META}",
    ]


def test_query_named_with_the_wrong_arguments(store: str) -> None:
    result = fails("query", "--store", store, "--named", "mentions")
    assert result.output == "Error: query 'mentions' takes ENTITY; got 0 argument(s)\n"
    result = fails("query", "--store", store, "--named", "nope")
    assert result.output.startswith("Error: no named query 'nope'; `storygraph queries` lists")


def test_query_extra_arguments_need_named(store: str) -> None:
    result = fails("query", "--store", store, "ASK {}", "extra", code=2)
    assert "Error: extra arguments are only for --named queries" in result.output


def test_query_refuses_updates(store: str) -> None:
    result = fails("query", "--store", store, f"DELETE WHERE {{ GRAPH ?g {{ <{META}> ?p ?o }} }}")
    assert result.output == (
        "Error: this is a SPARQL update (DELETE); `storygraph query` is read-only: "
        "use `storygraph update` to change the store\n"
    )
    assert run("query", "--store", store, f"ASK {{ <{META}> ?p ?o }}").output == "true\n"


def test_query_refuses_service_unless_allowed(store: str) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    result = fails("query", "--store", store, text)
    assert result.output == (
        "Error: the query calls another endpoint (SERVICE); pass --allow-service to permit it\n"
    )
    # allowed, it is tried (port 9 is closed, so it fails, but not because it was refused)
    result = fails("query", "--store", store, "--allow-service", text)
    assert "--allow-service" not in result.output
    assert result.output.startswith("Error: ")


def test_query_syntax_error_points_into_the_users_text(store: str) -> None:
    # the positions pyoxigraph gives for the text alone, without storygraph's PREFIX header
    result = fails("query", "--store", store, "SELECT ?s\nWHERE { ?s ?p }")
    assert result.output.startswith("Error: SPARQL syntax error: line 2, column 16: ")
    result = fails("query", "--store", store, "SELECT * WHERE { ?s ?p }")
    assert result.output.startswith("Error: SPARQL syntax error: line 1, column 25: ")


def test_query_a_store_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = fails("query", "--store", str(missing), "ASK {}")
    assert result.output == (
        f"Error: no store at {missing}; ingest or load something first, "
        "or point --store / STORYGRAPH_STORE at an existing store\n"
    )
    assert not missing.exists()


def test_query_store_from_the_environment(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYGRAPH_STORE", store)
    assert run("query", "ASK { ?e a sg:Event }").output == "true\n"


def test_query_a_store_another_process_holds(store: str) -> None:
    from storygraph.store import EmbeddedStore

    # the lock is per process; a store held by this one gives the same refusal
    with EmbeddedStore(store):
        result = fails("query", "--store", store, "ASK {}")
    assert result.output == (
        f"Error: the store at {store} is in use by another storygraph process; "
        "wait for it to finish (or pass --wait SECONDS)\n"
    )


# -- update -------------------------------------------------------------------------------------


def test_update_changes_the_graphs_and_the_union(store: str) -> None:
    insert = f'INSERT DATA {{ GRAPH <{BETA}> {{ <{META}> sg:alias "Facebook" }} }}'
    assert run("update", "--store", store, insert).output == "updated\n"
    ask = f'ASK {{ <{META}> sg:alias "Facebook" }}'
    assert run("query", "--store", store, ask).output == "true\n"
    # the help's own example
    delete = 'DELETE WHERE { GRAPH ?g { ?s sg:alias "Facebook" } }'
    assert run("update", "--store", store, input=delete).output == "updated\n"
    assert run("query", "--store", store, ask).output == "false\n"


def test_update_syntax_error(store: str) -> None:
    result = fails("update", "--store", store, "INSERT DATA { <a:b> <a:c> }")
    assert result.output.startswith("Error: SPARQL update syntax error: line 1, column 27: ")


# -- export -------------------------------------------------------------------------------------


def dataset(data: bytes, fmt: str) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=fmt)
    return ds


def named_graphs(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads():
        assert g is not None
        graphs.setdefault(str(g), rdflib.Graph()).add((s, p, o))
    return graphs


@pytest.mark.parametrize(
    ("fmt", "rdflib_fmt"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_export_round_trips_through_load(
    store: str, tmp_path: Path, fmt: str, rdflib_fmt: str
) -> None:
    out = tmp_path / f"export.{ {'trig': 'trig', 'nquads': 'nq', 'jsonld': 'jsonld'}[fmt] }"
    result = run("export", "--store", store, "--format", fmt, "-o", str(out))
    assert result.output == ""
    exported = named_graphs(dataset(out.read_bytes(), rdflib_fmt))
    assert sorted(exported) == [ALPHA, BETA, ONTOLOGY]
    story = named_graphs(dataset((DATA / "story.trig").read_bytes(), "trig"))
    assert isomorphic(exported[ALPHA], story[ALPHA])
    assert isomorphic(exported[BETA], story[BETA])

    copy = str(tmp_path / "copy")
    assert run("load", str(out), "--store", copy).exit_code == 0
    again = run("export", "--store", copy, "--format", "nquads").stdout_bytes
    reexported = named_graphs(dataset(again, "nquads"))
    assert sorted(reexported) == sorted(exported)
    for name, graph in exported.items():
        assert isomorphic(reexported[name], graph), name


def test_export_turtle_is_the_union(store: str, tmp_path: Path) -> None:
    data = run("export", "--store", store, "--format", "turtle").stdout_bytes
    union = rdflib.Graph().parse(data=data, format="turtle")
    csv = run(
        "query", "--store", store, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ).output
    assert len(union) == int(csv_rows(csv)[1])
    copy = str(tmp_path / "copy")
    path = tmp_path / "union.ttl"
    path.write_bytes(data)
    assert (
        run("load", str(path), "--graph", "https://example.org/all", "--store", copy).exit_code == 0
    )
    back = run(
        "export", "--store", copy, "--graph", "https://example.org/all", "--format", "turtle"
    ).stdout_bytes
    assert isomorphic(rdflib.Graph().parse(data=back, format="turtle"), union)


@pytest.mark.parametrize(
    ("fmt", "rdflib_fmt"),
    [
        ("turtle", "turtle"),
        ("trig", "trig"),
        ("nquads", "nquads"),
        ("jsonld", "json-ld"),
        ("nt", "nt"),
    ],
)
def test_export_one_graph(store: str, fmt: str, rdflib_fmt: str) -> None:
    data = run("export", "--store", store, "--format", fmt, "--graph", BETA).stdout_bytes
    if rdflib_fmt in ("trig", "nquads"):
        graphs = named_graphs(dataset(data, rdflib_fmt))
        assert list(graphs) == [BETA]
        got = graphs[BETA]
    else:
        got = rdflib.Graph().parse(data=data, format=rdflib_fmt)
    story = named_graphs(dataset((DATA / "story.trig").read_bytes(), "trig"))
    assert isomorphic(got, story[BETA])


def test_export_of_a_store_that_does_not_exist(tmp_path: Path) -> None:
    result = fails("export", "--store", str(tmp_path / "none"))
    assert result.output.startswith(f"Error: no store at {tmp_path / 'none'}; ")


def test_export_an_unknown_format_is_a_usage_error(store: str) -> None:
    result = fails("export", "--store", store, "--format", "rdfa", code=2)
    assert "Invalid value for '--format'" in result.output


# -- stats, validate, remove, queries ----------------------------------------------------------


def test_stats(store: str) -> None:
    total = csv_rows(
        run(
            "query",
            "--store",
            store,
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        ).output
    )[1]
    assert run("stats", "--store", store).output == (
        f"store     {store}\n"
        "articles  2\n"
        "graphs    3\n"
        f"triples   {total}\n"
        "nodes by class:\n"
        "  Mention          6\n"
        "  AnonymousSource  1\n"
        "  Claim            1\n"
        "  Event            1\n"
        "  Organization     1\n"
        "  TimeExpression   1\n"
    )


def test_stats_of_an_empty_store(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    run("update", "--store", store, "CLEAR SILENT GRAPH <https://example.org/none>")
    out = run("stats", "--store", store).output.splitlines()
    assert out[:3] == [f"store     {store}", "articles  0", "graphs    1"]
    assert len(out) == 4


def test_validate_conforming(store: str) -> None:
    result = run("validate", "--store", store)
    assert result.exit_code == 0
    assert result.output == "conforms: 69 triples checked against ontology/shapes.ttl\n"
    result = run("validate", "--store", store, "--graph", BETA)
    assert result.output == "conforms: 24 triples checked against ontology/shapes.ttl\n"


def test_validate_lists_violations_and_exits_1(store: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix sg: <https://w3id.org/storygraph/ns#> .\n"
        '<https://example.org/c> a sg:Claim ; sg:content "x" ; sg:stance "alleges" .\n',
        encoding="utf-8",
    )
    run("load", str(bad), "--graph", "https://example.org/bad", "--store", store)
    result = fails("validate", "--store", store)
    lines = result.output.splitlines()
    assert lines[:3] == ["Validation Report", "Conforms: False", "Results (2):"]
    assert "Constraint Violation in InConstraintComponent" in result.output
    assert "Constraint Violation in MinCountConstraintComponent" in result.output
    assert "\tResult Path: sg:stance" in lines
    assert "\tResult Path: sg:cue" in lines
    assert lines[-1] == "Error: 2 SHACL violation(s) in 72 triples"
    assert run("validate", "--store", store, "--graph", ALPHA).exit_code == 0


def test_remove_by_id_and_iri(store: str) -> None:
    assert run("remove", "--store", store, "alpha").output == f"removed {ALPHA}\n"
    assert run("remove", "--store", store, BETA).output == f"removed {BETA}\n"
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    ).output
    assert csv_rows(out) == ["g", ONTOLOGY]
    assert run("query", "--store", store, f"ASK {{ <{META}> ?p ?o }}").output == "false\n"


def test_remove_keeps_what_another_article_holds(store: str) -> None:
    run("remove", "--store", store, "alpha")
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        f"SELECT ?l WHERE {{ <{META}> rdfs:label ?l }}",
    ).output
    assert csv_rows(out) == ["l", "Meta"]
    assert run("query", "--store", store, "ASK { ?c a sg:Claim }").output == "false\n"


def test_remove_an_unknown_article(store: str) -> None:
    result = fails("remove", "--store", store, "gamma")
    assert result.output == (
        f"Error: no article 'gamma' in {store}; list them with "
        "`storygraph query --named articles` (id is e.g. gamma)\n"
    )
    result = fails("remove", "--store", store, "https://example.org/not an iri")
    assert result.output.startswith("Error: no article 'https://example.org/not an iri' in ")


def test_queries_lists_every_named_query() -> None:
    from storygraph.query import named_queries

    lines = run("queries").output.splitlines()
    assert [line.split()[0] for line in lines] == [q.name for q in named_queries()]
    mentions = next(line for line in lines if line.startswith("mentions "))
    assert mentions.split()[1] == "ENTITY"


def test_unknown_command_is_a_usage_error() -> None:
    result = fails("frobnicate", code=2)
    assert "No such command 'frobnicate'" in result.output
