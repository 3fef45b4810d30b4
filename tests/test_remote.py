"""The remote store against real SPARQL servers: Oxigraph (from the venv) and Virtuoso.

Each server is started on free local ports in a temporary directory for the module. The same
checks run against both, and each answer is compared with the embedded store's answer to the
same query over the same data: a remote store must behave like the embedded one.

Virtuoso (Debian's ``virtuoso-opensource``, 7.2) is reached at ``/sparql`` for queries and
updates after ``GRANT SPARQL_UPDATE TO "SPARQL"`` (run through ``isql-vt`` by the fixture); its
default graph is the union of all its graphs, so the store keeps storygraph's union copy in a
named graph (``RemoteStore(union_graph=…)``, ``STORYGRAPH_UNION_GRAPH`` for the CLI).

A missing server binary skips these tests, except under ``CI=true``, where it fails them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from helpers import require
from helpers.servers import Server, free_port, post, start_oxigraph, wait_until_up
from storygraph.cli import cli
from storygraph.errors import EndpointError, QuerySyntaxError, StoreError
from storygraph.query import named_queries, named_query, run_query, run_update
from storygraph.query.stats import store_stats
from storygraph.query.validate import validate_store
from storygraph.rdf.terms import literal
from storygraph.rdf.vocab import SG, SG_ONTOLOGY
from storygraph.store import EmbeddedStore, GraphWrite, RemoteStore, Store, open_store

pytestmark = pytest.mark.server

DATA = Path(__file__).parent / "data" / "rdf"
ID = "https://w3id.org/storygraph/id/"
ALPHA = f"{ID}article/alpha"
BETA = f"{ID}article/beta"
META = f"{ID}organization/meta"
ONTOLOGY = str(SG_ONTOLOGY)
UNION = "https://w3id.org/storygraph/union"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql-v")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


def start_virtuoso(directory: Path) -> Server:
    require(VIRTUOSO is not None, "virtuoso-t is absent (Debian package virtuoso-opensource)")
    require(ISQL is not None, "isql-vt is absent (Debian package virtuoso-opensource)")
    assert VIRTUOSO is not None and ISQL is not None
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port))
    log = directory / "server.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=directory,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    wait_until_up(url, proc, log, 60)
    grant = subprocess.run(
        [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if grant.returncode != 0:
        proc.kill()
        pytest.fail(f"cannot grant SPARQL_UPDATE: {grant.stdout}{grant.stderr}")
    own = post(url, query="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").decode()
    graphs = frozenset(line.strip('"') for line in own.splitlines()[1:] if line)
    return Server("virtuoso", url, UNION, proc, log, directory, http_port, graphs)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def reset(server: Server) -> None:
    """Drop every graph but the server's own."""
    if server.name == "oxigraph":
        post(server.url.replace("/query", "/update"), update="DROP ALL")
        return
    listed = post(server.url, query="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    for line in listed.decode().splitlines()[1:]:
        name = line.strip('"')
        if name and name not in server.own_graphs:
            post(server.url, update=f"DROP SILENT GRAPH <{name}>")


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Server:
    """An empty server of each kind, with the environment the CLI needs to reach it."""
    found: Server = request.getfixturevalue(f"{request.param}_server")
    reset(found)
    monkeypatch.delenv("STORYGRAPH_UPDATE_URL", raising=False)
    if found.union_graph:
        monkeypatch.setenv("STORYGRAPH_UNION_GRAPH", found.union_graph)
    else:
        monkeypatch.delenv("STORYGRAPH_UNION_GRAPH", raising=False)
    return found


@pytest.fixture
def remote(server: Server) -> Iterator[RemoteStore]:
    store = server.store()
    store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    yield store
    store.close()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The same story in an embedded store: what every remote answer is compared with."""
    store = EmbeddedStore(tmp_path_factory.mktemp("embedded") / "store")
    store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    yield store
    store.close()


def graph_triples(store: Store, graph: str) -> set[tuple[object, object, object]]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {(r["s"], r["p"], r["o"]) for r in rows}


def assert_union_invariant(store: Store) -> None:
    default = [(r["s"], r["p"], r["o"]) for r in store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")]
    named = store.select("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(default) == len(set(default))
    assert set(default) == {(r["s"], r["p"], r["o"]) for r in named}


def as_graph(triples: set[tuple[object, object, object]]) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g


def story_graph(name: str) -> rdflib.Graph:
    ds = rdflib.Dataset()
    ds.parse(DATA / "story.trig", format="trig")
    return ds.graph(URIRef(name))


# -- the layout ---------------------------------------------------------------------------------


def test_load_keeps_graphs_and_the_union(remote: RemoteStore) -> None:
    assert remote.graph_names() == [ALPHA, BETA, ONTOLOGY]
    for name in (ALPHA, BETA):
        assert isomorphic(as_graph(graph_triples(remote, name)), story_graph(name))
    assert_union_invariant(remote)


def test_reopening_does_not_load_the_ontology_again(server: Server, remote: RemoteStore) -> None:
    n = remote.count_triples()
    again = server.store()
    assert again.count_triples() == n
    assert again.graph_names() == [ALPHA, BETA, ONTOLOGY]


QUERIES = [
    ("SELECT ?l WHERE { sg:Organization rdfs:label ?l }", "table"),
    ("SELECT ?l WHERE { sg:Organization rdfs:label ?l }", "csv"),
    ("SELECT ?l WHERE { sg:Organization rdfs:label ?l }", "json"),
    ("SELECT ?l WHERE { sg:Organization rdfs:label ?l }", "xml"),
    ("SELECT ?l WHERE { sg:Organization rdfs:label ?l }", "tsv"),
    ("SELECT ?g WHERE { GRAPH ?g { ?t sg:anchorOf 'last week' } }", "csv"),
    (f"SELECT ?g WHERE {{ GRAPH ?g {{ <{META}> rdfs:label 'Meta' }} }} ORDER BY ?g", "table"),
    (f"SELECT ?p ?o WHERE {{ GRAPH <{BETA}> {{ <{META}> ?p ?o }} }} ORDER BY ?p ?o", "csv"),
    (
        "SELECT ?b ?e ?a WHERE { ?m sg:beginIndex ?b ; sg:endIndex ?e ; sg:anchorOf ?a } "
        "ORDER BY ?b ?a",
        "table",
    ),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "csv"),
    ("SELECT DISTINCT ?x WHERE { ?x a/rdfs:subClassOf* sg:Agent } ORDER BY ?x", "csv"),
    ("ASK { ?c sg:stance 'confirms' }", "table"),
    ("ASK { ?c sg:stance 'denies' }", "table"),
    ("ASK { ?c sg:stance 'confirms' }", "json"),
    ("ASK { ?c sg:stance 'denies' }", "xml"),
    (f"ASK {{ GRAPH <{BETA}> {{ ?c a sg:Claim }} }}", "table"),
    (f"ASK {{ GRAPH <{ALPHA}> {{ ?c a sg:Claim }} }}", "table"),
    ("ASK { GRAPH <https://example.org/nowhere> { ?s ?p ?o } }", "table"),
    (
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g = <https://w3id.org/storygraph/union>) }",
        "csv",
    ),
]


@pytest.mark.parametrize(("query", "fmt"), QUERIES)
def test_queries_answer_as_the_embedded_store_does(
    remote: RemoteStore, embedded: EmbeddedStore, query: str, fmt: str
) -> None:
    assert run_query(remote, query, fmt) == run_query(embedded, query, fmt)


@pytest.mark.parametrize("name", [q.name for q in named_queries()])
def test_named_queries_answer_as_the_embedded_store_does(
    remote: RemoteStore, embedded: EmbeddedStore, name: str
) -> None:
    q = {q.name: q for q in named_queries()}[name]
    text = named_query(name, tuple("Meta" for _ in q.parameters))
    assert run_query(remote, text, "csv") == run_query(embedded, text, "csv")


@pytest.mark.parametrize("fmt", ["turtle", "nt", "table"])
def test_construct(remote: RemoteStore, embedded: EmbeddedStore, fmt: str) -> None:
    query = "CONSTRUCT { ?e sg:action ?a . ?e sg:agent ?x } WHERE { ?e sg:action ?a ; sg:agent ?x }"
    parse = "nt" if fmt == "nt" else "turtle"
    got = rdflib.Graph().parse(data=run_query(remote, query, fmt), format=parse)
    expected = rdflib.Graph().parse(data=run_query(embedded, query, fmt), format=parse)
    assert isomorphic(got, expected)
    assert len(got) == 2


def test_describe(remote: RemoteStore) -> None:
    out = run_query(remote, f"DESCRIBE <{META}>", "nt")
    assert f'<{META}> <{RDFS_LABEL}> "Meta" .' in out.splitlines()


def test_a_syntax_error_is_reported(server: Server, remote: RemoteStore) -> None:
    # the read-only check parses the query first: a syntax error never reaches the endpoint
    with pytest.raises(QuerySyntaxError) as info:
        run_query(remote, "SELECT * WHERE { ?s ?p }")
    assert str(info.value).startswith("SPARQL syntax error: line 1, column 25: ")
    # one the endpoint finds itself is its own message
    with pytest.raises(QuerySyntaxError) as info:
        remote.execute("SELECT * WHERE { ?s ?p }")
    message = str(info.value)
    assert message.startswith(f"the endpoint {server.url} refused the request: ")
    if server.name == "virtuoso":
        assert "SP030: SPARQL compiler, line 1: syntax error" in message


# -- writing ------------------------------------------------------------------------------------


def test_replacing_a_graph_replaces_it_everywhere(remote: RemoteStore) -> None:
    beta = graph_triples(remote, BETA)
    trig = f'<{ALPHA}> {{ <{META}> <{RDFS_LABEL}> "Meta" . <{META}> <{SG.alias}> "Facebook" }}'
    remote.load_rdf(trig.encode(), "trig")
    assert graph_triples(remote, ALPHA) == {
        (URIRef(META), rdflib.RDFS.label, Literal("Meta")),
        (URIRef(META), SG.alias, Literal("Facebook")),
    }
    assert graph_triples(remote, BETA) == beta
    assert not remote.ask(f"ASK {{ ?c a <{SG.Claim}> }}")
    assert remote.ask(f"ASK {{ <{META}> a <{SG.Organization}> }}")
    assert remote.ask(f'ASK {{ <{SG.Organization}> <{RDFS_LABEL}> "Organization"@en }}')
    assert_union_invariant(remote)


def test_remove_keeps_what_other_graphs_hold(remote: RemoteStore) -> None:
    assert remote.remove(ALPHA) is True
    assert remote.remove(ALPHA) is False
    assert remote.graph_names() == [BETA, ONTOLOGY]
    assert not remote.ask(f"ASK {{ ?e a <{SG.Event}> }}")
    assert remote.ask(f'ASK {{ <{META}> <{RDFS_LABEL}> "Meta" }}')
    assert_union_invariant(remote)


def test_a_failed_write_leaves_nothing(remote: RemoteStore) -> None:
    alpha = graph_triples(remote, ALPHA)
    n = remote.count_triples()
    bad = GraphWrite("https://example.org/bad", ["<https://example.org/s> <https://example.org/p>"])
    new_alpha = GraphWrite(ALPHA, ['<https://example.org/s> <https://example.org/p> "new"'])
    with pytest.raises(StoreError, match="the store refused storygraph's write: "):
        remote.write([new_alpha, bad])
    assert graph_triples(remote, ALPHA) == alpha
    assert remote.count_triples() == n
    assert remote.graph_names() == [ALPHA, BETA, ONTOLOGY]


HOSTILE = [
    'say "hi" \\ back\\slash',
    "line\nbreak\r\nand\ttab",
    '" . <https://evil.example/s> <https://evil.example/p> "injected',
    "}} ; DROP ALL ; INSERT DATA {{",
    "emoji 🙂👩‍👩‍👧 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "right-to-left \u200fمرحبا\u202e override \u202c",
    "control \x01\x1f\x7f bell\x07",
    "lone surrogate \ud800 here",
]


def test_hostile_literals_survive_the_round_trip(remote: RemoteStore) -> None:
    graph = "https://example.org/hostile"
    triples = [
        f"<https://example.org/s/{i}> <{RDFS_LABEL}> {literal(text)}"
        for i, text in enumerate(HOSTILE)
    ]
    remote.write([GraphWrite(graph, triples)])
    rows = remote.select(
        f"SELECT ?s ?l WHERE {{ GRAPH <{graph}> {{ ?s <{RDFS_LABEL}> ?l }} }} ORDER BY ?s"
    )
    got = {str(r["s"]).rsplit("/", 1)[1]: str(r["l"]) for r in rows}
    expected = {str(i): text.replace("\ud800", "\ufffd") for i, text in enumerate(HOSTILE)}
    assert got == expected
    assert remote.ask(f'ASK {{ ?s <{RDFS_LABEL}> "{HOSTILE[3]}" }}')


def test_a_user_update_keeps_the_union(remote: RemoteStore) -> None:
    run_update(remote, f'INSERT DATA {{ GRAPH <{BETA}> {{ <{META}> sg:alias "FB" }} }}')
    assert remote.ask(f'ASK {{ <{META}> <{SG.alias}> "FB" }}')
    # the long form: Virtuoso 7.2's DELETE WHERE { GRAPH ?g … } deletes from one graph only
    run_update(
        remote, 'DELETE { GRAPH ?g { ?x sg:alias "FB" } } WHERE { GRAPH ?g { ?x sg:alias "FB" } }'
    )
    assert not remote.ask(f'ASK {{ <{META}> <{SG.alias}> "FB" }}')
    assert_union_invariant(remote)


# -- export, stats, validate --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_round_trips(remote: RemoteStore, tmp_path: Path, fmt: str) -> None:
    data = remote.dump(fmt)
    with EmbeddedStore(tmp_path / "copy") as copy:
        copy.load_rdf(data, fmt)
        assert copy.graph_names() == [ALPHA, BETA, ONTOLOGY]
        for name in (ALPHA, BETA, ONTOLOGY):
            assert isomorphic(
                as_graph(graph_triples(copy, name)), as_graph(graph_triples(remote, name))
            )
    one = rdflib.Graph().parse(data=remote.dump("turtle", BETA), format="turtle")
    assert isomorphic(one, story_graph(BETA))


def test_stats_are_the_embedded_stores(remote: RemoteStore, embedded: EmbeddedStore) -> None:
    got, expected = store_stats(remote), store_stats(embedded)
    assert got.location == remote.location
    got.location = expected.location
    assert got == expected


def test_validate(remote: RemoteStore) -> None:
    report = validate_store(remote)
    assert report.conforms, report.text
    assert report.triples == 69
    remote.load_rdf(
        b"@prefix sg: <https://w3id.org/storygraph/ns#> . <https://example.org/e> a sg:Event .",
        "turtle",
        graph="https://example.org/bad",
    )
    bad = validate_store(remote)
    assert not bad.conforms
    assert bad.violations == 2  # no action, no trigger


# -- the CLI with --store URL -------------------------------------------------------------------


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_cli_against_the_server(server: Server, tmp_path: Path) -> None:
    url = server.url
    out = run("load", str(DATA / "story.trig"), "--store", url)
    assert out.output == f"loaded 72 statements from {DATA / 'story.trig'}\n"
    out = run(
        "query",
        "--store",
        url,
        "--format",
        "csv",
        "SELECT ?l WHERE { sg:Organization rdfs:label ?l }",
    )
    assert out.stdout_bytes == b"l\r\nOrganization\r\n"
    assert run("query", "--store", url, "ASK { ?c a sg:Claim }").output == "true\n"
    out = run(
        "query",
        "--store",
        url,
        "--format",
        "nt",
        "CONSTRUCT { ?e sg:action ?a } WHERE { ?e sg:action ?a }",
    )
    assert out.output == f'<{ALPHA}/event-1> <{SG.action}> "reverse" .\n'
    assert run("validate", "--store", url).output == (
        "conforms: 69 triples checked against ontology/shapes.ttl\n"
    )
    stats = run("stats", "--store", url).output.splitlines()
    assert stats[:3] == [f"store     {url}", "articles  2", "graphs    3"]
    assert (
        run(
            "update",
            "--store",
            url,
            f'INSERT DATA {{ GRAPH <{BETA}> {{ <{META}> sg:alias "FB" }} }}',
        ).output
        == "updated\n"
    )
    assert run("query", "--store", url, f"ASK {{ <{META}> sg:alias 'FB' }}").output == "true\n"
    result = CliRunner().invoke(cli, ["query", "--store", url, "DROP ALL"])
    assert result.exit_code == 1
    assert "use `storygraph update` to change the store" in result.output

    exported = tmp_path / "story.trig"
    assert run("export", "--store", url, "--format", "trig", "-o", str(exported)).exit_code == 0
    ds = rdflib.Dataset()
    ds.parse(exported, format="trig")
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == {ALPHA, BETA, ONTOLOGY}

    assert run("remove", "--store", url, "alpha").output == f"removed {ALPHA}\n"
    out = run(
        "query",
        "--store",
        url,
        "--format",
        "csv",
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
    )
    assert out.stdout_bytes.decode().split() == ["g", BETA, ONTOLOGY]


# -- servers that are down ----------------------------------------------------------------------


def test_a_server_that_was_never_started() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError) as info:
        RemoteStore(url, retries=1, backoff=0)
    message = str(info.value)
    assert message.startswith(f"the SPARQL endpoint {url} is unreachable after 2 tries (")
    assert "Connection refused" in message
    assert message.endswith("); check that the server is running and the URL is right")


def test_the_cli_with_a_server_that_was_never_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storygraph.store.remote.time.sleep", lambda seconds: None)
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(cli, ["query", "--store", url, "ASK {}"])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: the SPARQL endpoint {url} is unreachable after 4 tries ("
    )


def test_open_store_picks_the_remote_store(oxigraph_server: Server) -> None:
    reset(oxigraph_server)
    store = open_store(oxigraph_server.url, timeout=5)
    assert isinstance(store, RemoteStore)
    assert store.update_url == oxigraph_server.url.replace("/query", "/update")
    assert store.graph_names() == [ONTOLOGY]


def test_a_server_killed_mid_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storygraph.store.remote.time.sleep", lambda seconds: None)
    monkeypatch.delenv("STORYGRAPH_UNION_GRAPH", raising=False)
    location = tmp_path / "data"
    server = start_oxigraph(location)
    try:
        alpha, beta = tmp_path / "alpha.trig", tmp_path / "beta.trig"
        ds = rdflib.Dataset()
        ds.parse(DATA / "story.trig", format="trig")
        for path, name in ((alpha, ALPHA), (beta, BETA)):
            one = rdflib.Dataset()
            one.graph(URIRef(name)).__iadd__(ds.graph(URIRef(name)))
            path.write_bytes(one.serialize(format="trig", encoding="utf-8"))
        assert run("load", str(alpha), "--store", server.url).exit_code == 0
        server.kill()
        result = CliRunner().invoke(cli, ["load", str(beta), "--store", server.url])
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: the SPARQL endpoint {server.url} is unreachable")
        assert "check that the server is running and the URL is right" in result.output
    finally:
        server.stop()
    restarted = start_oxigraph(location, port=server.port)
    try:
        store = restarted.store()
        assert store.graph_names() == [ALPHA, ONTOLOGY]
        assert not store.ask(f'ASK {{ ?t <{SG.anchorOf}> "last week" }}')
        assert isomorphic(as_graph(graph_triples(store, ALPHA)), story_graph(ALPHA))
        assert_union_invariant(store)
    finally:
        restarted.stop()


def test_an_endpoint_that_answers_an_error(oxigraph_server: Server) -> None:
    base = oxigraph_server.url.rsplit("/", 1)[0]
    with pytest.raises(EndpointError) as info:
        RemoteStore(f"{base}/nowhere", update_url=f"{base}/nowhere", retries=0)
    assert str(info.value).startswith(f"the endpoint {base}/nowhere answered 404 ")


def test_a_union_graph_that_is_not_an_iri() -> None:
    from storygraph.errors import InputError

    with pytest.raises(InputError, match="'union' is not a graph name"):
        RemoteStore("http://127.0.0.1:9/query", union_graph="union")


def test_virtuoso_without_a_union_graph_says_what_to_do(virtuoso_server: Server) -> None:
    reset(virtuoso_server)
    with pytest.raises(StoreError) as info:
        RemoteStore(virtuoso_server.url, retries=0)
    message = str(info.value)
    assert message.startswith("the store refused storygraph's write: the endpoint ")
    assert "SP031" in message
    assert message.endswith(
        "; this endpoint has no default graph of its own (Virtuoso): "
        "set STORYGRAPH_UNION_GRAPH to a graph IRI to keep the union in"
    )
