"""Security: read-only queries, IRIs and literals that article text cannot break out of, a
viewer that shows hostile text as text, and query timeouts that end a runaway query.

Stores are filled from ``tests/data/rdf`` with ``storygraph load``, or by ingesting hostile
articles with the session pipeline.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from helpers.browser import assert_offline_and_clean, open_viewer
from storygraph.cli import cli
from storygraph.ingest import ingest
from storygraph.rdf.vocab import SG_ONTOLOGY
from storygraph.readers import Overrides, read_articles, slugify
from storygraph.store import EmbeddedStore

DATA = Path(__file__).parent / "data" / "rdf"
ID = "https://w3id.org/storygraph/id/"
ALPHA = f"{ID}article/alpha"
META = f"{ID}organization/meta"
ONTOLOGY = str(SG_ONTOLOGY)
READ_ONLY = (
    "this is a SPARQL update ({}); `storygraph query` is read-only: use `storygraph update` "
    "to change the store"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
STOPPED = (
    "Error: the query ran for more than {} s and was stopped; pass a larger --timeout to give "
    "it longer\n"
)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def fails(*args: str, code: int = 1) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = str(tmp_path / "store")
    assert run("load", str(DATA / "story.trig"), "--store", path).exit_code == 0
    return path


def dump(store: str) -> bytes:
    return run("export", "--store", store, "--format", "nquads").stdout_bytes


# -- queries are read-only -----------------------------------------------------------------------

UPDATES = [
    ("INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/s> <https://e.org/p> 1 } }", "INSERT"),
    (f"DELETE WHERE {{ GRAPH ?g {{ <{META}> ?p ?o }} }}", "DELETE"),
    ("delete { ?s ?p ?o } where { ?s ?p ?o }", "DELETE"),
    ("LOAD <file:///etc/passwd> INTO GRAPH <https://e.org/g>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    (f"DROP GRAPH <{ALPHA}>", "DROP"),
    ("CREATE GRAPH <https://e.org/g>", "CREATE"),
    (f"ADD <{ALPHA}> TO <https://e.org/g>", "ADD"),
    (f"MOVE <{ALPHA}> TO DEFAULT", "MOVE"),
    (f"COPY DEFAULT TO <{ALPHA}>", "COPY"),
    (f"WITH <{ALPHA}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", "WITH"),
    # codepoint escapes, which SPARQL parsers undo before parsing (SPARQL 1.1, 19.2)
    ("\\u0049NSERT DATA { <https://e.org/s> <https://e.org/p> 1 }", "INSERT"),
    ("\\U00000044ELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("CL\\u0045AR ALL", "CLEAR"),
]


@pytest.mark.parametrize(("text", "word"), UPDATES)
def test_query_refuses_every_update(store: str, text: str, word: str) -> None:
    result = fails("query", "--store", store, text)
    assert result.output == f"Error: {READ_ONLY.format(word)}\n"


def test_the_store_is_unchanged_after_refusals(store: str) -> None:
    before = dump(store)
    for text, _ in UPDATES:
        fails("query", "--store", store, text)
        fails("query", "--store", store, "--timeout", "10", text)
    assert dump(store) == before
    # storygraph update is the way to change it
    assert run("update", "--store", store, f"DROP GRAPH <{ALPHA}>").output == "updated\n"
    assert run("query", "--store", store, f"ASK {{ GRAPH <{ALPHA}> {{ ?s ?p ?o }} }}").output == (
        "false\n"
    )


def test_an_update_passed_as_a_query_cannot_run_on_the_embedded_store(tmp_path: Path) -> None:
    """Below the keyword check: pyoxigraph parses a query as a query, never as an update."""
    from storygraph.errors import QuerySyntaxError

    with EmbeddedStore(tmp_path / "s") as s:
        before = s.count_triples()
        for text, _ in UPDATES:
            with pytest.raises(QuerySyntaxError):
                s.execute(text.replace("\\u0049", "I").replace("\\U00000044", "D"))
        assert s.count_triples() == before


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_query_refuses_service_unless_allowed(store: str, text: str) -> None:
    result = fails("query", "--store", store, text)
    assert result.output == (
        "Error: the query calls another endpoint (SERVICE); pass --allow-service to permit it\n"
    )


def test_service_allowed_is_tried(store: str) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    result = fails("query", "--store", store, "--allow-service", text)
    assert result.output.startswith("Error: the query failed: ")
    assert "--allow-service" not in result.output


def test_update_words_inside_strings_iris_and_comments_are_fine(store: str) -> None:
    text = (
        'SELECT ?x WHERE { BIND ("DROP ALL; INSERT DATA {}" AS ?x) '
        "FILTER (?x != <https://e.org/DELETE>) } # LOAD <file:///etc/passwd>"
    )
    out = run("query", "--store", store, "--format", "csv", text).output
    assert out.replace("\r\n", "\n").splitlines() == ["x", "DROP ALL; INSERT DATA {}"]


def test_named_query_arguments_are_text(store: str) -> None:
    before = dump(store)
    for hostile in ['Meta" } } ; DROP ALL ; #', "Meta\\", "\\u0022) } DROP ALL #", "}"]:
        result = run("query", "--store", store, "--named", "mentions", hostile)
        assert result.exit_code == 0, result.output
        assert result.stdout.endswith("(0 rows)\n")  # stderr says which rows a page shows
    assert dump(store) == before


def test_hostile_references_are_text(store: str) -> None:
    before = dump(store)
    for ref in ['alpha") } ; DROP ALL ; #', "https://e.org/a> <b", "a\nb", "*"]:
        result = fails("remove", "--store", store, ref)
        assert result.output.startswith(f"Error: no article {ref!r} in {store}; ")
    assert dump(store) == before
    result = fails(
        "load", str(DATA / "note.nt"), "--graph", "https://e.org/a> <b", "--store", store
    )
    assert result.output.startswith("Error: 'https://e.org/a> <b' is not a graph name: ")
    result = fails("export", "--store", store, "--graph", 'x" } }', "--format", "nquads")
    assert result.output.startswith("Error: 'x\" } }' is not a graph name: ")


# -- article text and metadata cannot add triples or graphs --------------------------------------

HOSTILE = {
    "id": 'evil> <https://e.org/p> "x" . <https://e.org/g> {',
    "title": 'T> . <http://evil.example/s> <http://evil.example/p> "x" .\n"""}',
    "publisher": "Pub > <http://evil.example/s> # }\n INSERT DATA { <a:b> <a:c> <a:d> }",
    "author": '"Quote" \\ back\\slash\r\n<script>alert(1)</script>',
    "url": 'https://e.org/a b>c"d#frag\n}',
}


def test_hostile_metadata_cannot_add_triples_or_graphs(tmp_path: Path, nlp: Any) -> None:
    from storygraph.extract import extract_article
    from storygraph.rdf.mint import extraction_to_graph

    text = (
        'Acme <Corp> "Inc" # said > . <http://evil.example/s> <p> "x" . on Wednesday.\n'
        'Smith}} """ told Business Insider that INSERT DATA { <a:b> <a:c> <a:d> } ran.\n'
    )
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps({**HOSTILE, "text": text}) + "\n", encoding="utf-8")
    overrides = Overrides(published=date(2026, 11, 26))
    [result] = read_articles([str(path)], overrides)
    article = result.article
    assert article is not None
    expected = extraction_to_graph(extract_article(article, nlp)).triples
    with EmbeddedStore(tmp_path / "store") as store:
        summary = ingest([str(path)], store, nlp, overrides=overrides)
        assert summary.articles == 1, summary.failures
        name = f"{ID}article/{slugify(HOSTILE['id'])}"
        assert store.graph_names() == [name, ONTOLOGY]
        counted = store.select(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        assert int(counted[0]["n"]) == len(expected)  # type: ignore[call-overload]
        # every IRI is storygraph's, the ontology's or a standard vocabulary's
        rows = store.select(
            f"SELECT DISTINCT ?i {{ GRAPH <{name}> {{ {{ ?i ?p ?o }} UNION {{ ?s ?i ?o }} "
            "UNION { ?s ?p ?i FILTER isIRI(?i) } } }"
        )
        allowed = (
            ID,
            "https://w3id.org/storygraph/ns#",
            "https://schema.org/",
            "http://www.w3.org/",
        )
        assert all(str(r["i"]).startswith(allowed) for r in rows), rows
        assert not store.ask(
            "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } "
            "FILTER (STRSTARTS(STR(?s), 'http://evil') || STRSTARTS(STR(?s), 'a:')) }"
        )
        # the metadata is there as text, exactly as read
        for field, predicate in (
            ("title", "https://schema.org/headline"),
            ("author", "https://schema.org/author"),
            ("url", "https://schema.org/url"),
        ):
            got = store.select(f"SELECT ?v {{ GRAPH <{name}> {{ <{name}> <{predicate}> ?v }} }}")
            assert [str(r["v"]) for r in got] == [getattr(article, field)]
        publisher = store.select(
            f"SELECT ?o ?v {{ GRAPH <{name}> {{ <{name}> <https://schema.org/publisher> ?o . "
            "?o <https://schema.org/name> ?v } }"
        )
        assert [str(r["v"]) for r in publisher] == [article.publisher]
        assert str(publisher[0]["o"]) == f"{ID}organization/{slugify(HOSTILE['publisher'])}"
    assert article.title == HOSTILE["title"] and article.author == HOSTILE["author"].replace(
        "\r\n", "\n"
    )


# -- the viewer ----------------------------------------------------------------------------------

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"
XSS_END = "</script><!-- <iframe src=javascript:window.__xss=3>"


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> tuple[Path, Any]:
    """A hostile article ingested for real and exported with ``storygraph export``."""
    from storygraph.export import to_networkx

    base = tmp_path_factory.mktemp("viewer")
    text = (
        f"Meta said {XSS_IMG} on Wednesday that 7,000 engineers could leave. "
        f"Business Insider {XSS_SCRIPT} confirmed the memo. "
        f'Acme{XSS_IMG}Corp and John {XSS_END} Smith told "Reuters" that Meta would pay.'
    )
    path = base / "evil.jsonl"
    record = {"id": "evil", "title": XSS_SCRIPT, "publisher": XSS_IMG, "text": text}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = EmbeddedStore(base / "store")
    try:
        ingest([str(path)], store, nlp, overrides=Overrides(published=date(2026, 11, 26)))
        graph = to_networkx(store)
    finally:
        store.close()
    page = base / "evil.html"
    result = run("export", "--store", str(base / "store"), "--format", "html", "-o", str(page))
    assert result.exit_code == 0, result.output
    return page, graph


def test_the_exported_page_holds_no_markup_from_the_article(hostile_page: tuple[Path, Any]) -> None:
    page, graph = hostile_page
    html = page.read_text(encoding="utf-8")
    labels = [d.get("label", "") for _, d in graph.nodes(data=True)]
    assert any("onerror" in label for label in labels)  # the payload did reach the graph
    for payload in (XSS_IMG, XSS_SCRIPT, "<img", "<iframe", "</script><!--", 'onerror="'):
        assert payload not in html
    assert html.count("<script>") == 3  # the data, vis-network and the viewer, nothing more


@pytest.mark.browser
def test_an_ingested_hostile_article_renders_as_text(
    hostile_page: tuple[Path, Any], browser: Any
) -> None:
    page, graph = hostile_page
    viewer = open_viewer(browser, page)
    try:
        drawn = dict(viewer.js("() => storygraph.nodes.get().map(n => [n.id, n.label])"))
        for node, data in graph.nodes(data=True):
            label = str(data.get("label", ""))
            if node in drawn:
                assert drawn[node] == (label if len(label) <= 40 else label[:39] + "…")
        for node in drawn:  # show every node's details: mentions, sentences, facts
            viewer.js("id => storygraph.network.selectNodes([id])", node)
            viewer.page.mouse.click(*viewer.node_point(node))
        meta = f"{ID}organization/meta"
        viewer.page.mouse.click(*viewer.node_point(meta))
        mentions = viewer.js(
            "() => [...document.querySelectorAll('#sg-details-mentions li')]"
            ".map(li => li.textContent)"
        )
        assert any(XSS_IMG in m for m in mentions)  # shown, as text
        assert viewer.js("() => typeof window.__xss") == "undefined"
        assert viewer.js("() => document.querySelectorAll('img, a, iframe').length") == 0
        assert viewer.js("() => document.querySelectorAll('script').length") == 3
        assert_offline_and_clean(viewer)
    finally:
        viewer.page.close()


# -- runaway queries end -------------------------------------------------------------------------


def test_a_runaway_query_is_stopped_from_the_command_line(store: str) -> None:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "storygraph", "query", "--store", store, "--timeout", "1", RUNAWAY],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - start < 10
    assert (done.returncode, done.stdout, done.stderr) == (1, "", STOPPED.format(1))
    # the killed query held the store; it is free again at once
    assert run("query", "--store", store, "ASK { ?s ?p ?o }").output == "true\n"


def test_a_runaway_query_is_stopped_in_a_threaded_process(store: str) -> None:
    start = time.monotonic()
    result = fails("query", "--store", store, "--timeout", "0.5", RUNAWAY)
    assert time.monotonic() - start < 10
    assert result.output == STOPPED.format(0.5)
    assert run("query", "--store", store, "ASK { ?s ?p ?o }").output == "true\n"


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_timeout_changes_no_answer(store: str, fmt: str) -> None:
    text = "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s ?l"
    plain = run("query", "--store", store, "--format", fmt, text).output
    assert run("query", "--store", store, "--format", fmt, "--timeout", "30", text).output == plain
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"
    assert (
        run("query", "--store", store, "--timeout", "30", construct).output
        == run("query", "--store", store, construct).output
    )


def test_errors_come_back_from_the_child(store: str, tmp_path: Path) -> None:
    for args in (
        ["SELECT * WHERE { ?s ?p }"],
        ["--format", "turtle", "SELECT * WHERE { ?s ?p ?o }"],
        ["--allow-service", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"],
    ):
        plain = fails("query", "--store", store, *args).output
        assert fails("query", "--store", store, "--timeout", "30", *args).output == plain
    missing = tmp_path / "missing"
    result = fails("query", "--store", str(missing), "--timeout", "5", "ASK {}")
    assert result.output == (
        f"Error: no store at {missing}; ingest or load something first, "
        "or point --store / STORYGRAPH_STORE at an existing store\n"
    )
    with EmbeddedStore(store):
        result = fails("query", "--store", store, "--timeout", "5", "ASK {}")
    assert result.output == (
        f"Error: the store at {store} is in use by another storygraph process; "
        "wait for it to finish (or pass --wait SECONDS)\n"
    )


def test_the_library_call(store: str) -> None:
    from storygraph.errors import QueryError
    from storygraph.query import query_store

    assert query_store(store, "ASK { ?s ?p ?o }", timeout=10) == "true"
    with pytest.raises(QueryError, match=r"ran for more than 0.3 s"):
        query_store(store, RUNAWAY, timeout=0.3)


# -- round two: read-only-ness decided by a parser, not a word list ------------------------------

HIDDEN_UPDATES = [
    # SPARQL ends a comment at CR as well as LF
    ("#x\rINSERT DATA { <https://e.org/s> <https://e.org/p> 1 }", "INSERT"),
    ("# a comment\rDROP ALL", "DROP"),
    ('#"\r\rDELETE WHERE { ?s ?p ?o }', "DELETE"),
    ("PREFIX e: <https://e.org/> #\rCLEAR ALL", "CLEAR"),
    # a comment with a CR in a file of CR LF lines hides nothing either
    ("#x\r\nLOAD <http://127.0.0.1:9/x.ttl>", "LOAD"),
]


@pytest.mark.parametrize(("text", "word"), HIDDEN_UPDATES)
def test_an_update_after_a_comment_ended_by_cr_is_refused(store: str, text: str, word: str) -> None:
    before = dump(store)
    result = fails("query", "--store", store, text)
    assert result.output == f"Error: {READ_ONLY.format(word)}\n"
    assert dump(store) == before


HIDDEN_SERVICES = [
    "SELECT * WHERE { #x\rSERVICE <{url}> { ?s ?p ?o } }",
    "#x\rASK { SERVICE <{url}> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p """a\\"""" . SERVICE <{url}> { ?s ?p ?o } }',
    "SELECT * WHERE { ?s ?p '''it\\'s''' SERVICE <{url}> { ?a ?b ?c } }",
    'SELECT * WHERE { ?s ?p "a\\\\" SERVICE <{url}> { ?a ?b ?c } }',
    "SELECT * WHERE { OPTIONAL { FILTER EXISTS { SERVICE SILENT <{url}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { { SELECT * WHERE { sErViCe <{url}> { ?s ?p ?o } } } }",
    "ASK { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
]


@pytest.fixture
def listener() -> Any:
    """A TCP port that records whether anyone connected to it."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[bytes] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(100))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", hits
    done.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("template", HIDDEN_SERVICES)
def test_a_hidden_service_call_is_refused_and_makes_no_request(
    store: str, listener: Any, template: str
) -> None:
    url, hits = listener
    text = template.replace("{url}", url)
    result = fails("query", "--store", store, text)
    assert result.output == (
        "Error: the query calls another endpoint (SERVICE); pass --allow-service to permit it\n"
    )
    time.sleep(0.3)
    assert hits == []


@pytest.mark.parametrize(
    "text",
    [
        # the word in a long string whose quotes are escaped, a comment, an IRI, a name
        'SELECT ?x WHERE { BIND ("""a\\""" SERVICE <http://127.0.0.1:9/> {} """ AS ?x) }',
        "SELECT ?x WHERE { BIND ('''it\\''s SERVICE''' AS ?x) }",
        "SELECT ?service WHERE { ?service a <https://e.org/SERVICE> } # SERVICE <x> {}\n",
        "ASK { ?s ?p '\\u0053ERVICE' }",
    ],
)
def test_service_as_text_is_not_a_call(store: str, text: str) -> None:
    assert run("query", "--store", store, text).exit_code == 0


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p ?o } ;\nDROP ALL",  # a query then an update: neither
        "SELECT * WHERE { ?s ?p }",
        "INSERT DATA { <a:b> <a:c> }",  # an update that does not parse is no query either
    ],
)
def test_a_text_that_is_neither_is_a_syntax_error_and_is_not_sent(store: str, text: str) -> None:
    before = dump(store)
    result = fails("query", "--store", store, text)
    assert result.output.startswith("Error: SPARQL syntax error: line ")
    assert dump(store) == before


def test_sparql_1_2_syntax_is_refused_as_uncheckable(store: str) -> None:
    result = fails("query", "--store", store, "SELECT * WHERE { << ?s ?p ?o >> ?q ?r }")
    assert result.output.startswith("Error: storygraph cannot check that this query only reads")


def test_every_named_query_passes_the_check() -> None:
    from storygraph.query import check_read_only, named_queries, named_query

    for query in named_queries():
        check_read_only(named_query(query.name, ["x"] * len(query.parameters)))


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("threads", ["fork", "spawn"])
def test_a_query_child_dies_with_its_killed_parent(store: str, threads: str) -> None:
    import os
    import signal

    # "spawn": a parent with a second thread, which starts a new interpreter, not a fork
    script = (
        "import sys, threading; threading.Thread(target=lambda: __import__('time').sleep(999), "
        "daemon=True).start(); from storygraph.cli import cli; sys.exit(cli())"
        if threads == "spawn"
        else "import sys; from storygraph.cli import cli; sys.exit(cli())"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, "query", "--store", store, "--timeout", "120", RUNAWAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not _children(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        children = _children(parent.pid)
        assert children, "no query child started"
        time.sleep(0.5)  # the child has opened the store and is running the query
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() for c in children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(-1, os.WNOHANG)
            time.sleep(0.05)
        assert not any(
            Path(f"/proc/{c}").exists()
            and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]
            for c in children
        ), "the query child outlived its parent"
        # and the store is free at once
        assert run("query", "--store", store, "ASK { ?s ?p ?o }").output == "true\n"
    finally:
        if parent.poll() is None:
            parent.kill()
