"""Tests of ``storygraph.store``: the embedded store's layout, transactions and locking.

The data are the hand-written fixtures in ``tests/data/rdf`` (see its README): two articles,
``alpha`` and ``beta``, that share three triples.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from storygraph.errors import RDFSyntaxError, StoreError, StoreLockedError
from storygraph.query import run_query, run_update
from storygraph.rdf.vocab import SG, SG_ONTOLOGY
from storygraph.store import (
    DEFAULT_LOCATION,
    EmbeddedStore,
    GraphWrite,
    Store,
    iter_batches,
    open_store,
    parse_rdf,
    query_form,
    resolve_location,
)

DATA = Path(__file__).parent / "data" / "rdf"
ID = "https://w3id.org/storygraph/id/"
ALPHA = f"{ID}article/alpha"
BETA = f"{ID}article/beta"
META = f"{ID}organization/meta"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SHARED = {
    (URIRef(META), rdflib.RDF.type, SG.Organization),
    (URIRef(META), rdflib.RDFS.label, Literal("Meta")),
    (SG.Organization, rdflib.RDFS.label, Literal("Organization", lang="en")),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path / "store")
    yield s
    s.close()


@pytest.fixture
def story(store: EmbeddedStore) -> EmbeddedStore:
    store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    return store


def graph_triples(store: Store, graph: str) -> set[tuple[object, object, object]]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {(r["s"], r["p"], r["o"]) for r in rows}


def default_triples(store: Store) -> list[tuple[object, object, object]]:
    """The default graph, as a list: a repeated triple would show up twice."""
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return [(r["s"], r["p"], r["o"]) for r in rows]


def union_of_named_graphs(store: Store) -> set[tuple[object, object, object]]:
    rows = store.select("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {(r["s"], r["p"], r["o"]) for r in rows}


def assert_union_invariant(store: Store) -> None:
    """The default graph holds each statement of the named graphs exactly once."""
    default = default_triples(store)
    assert len(default) == len(set(default))
    assert set(default) == union_of_named_graphs(store)


def trig_dataset(path: Path) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(path, format="trig")
    return ds


# -- layout ----------------------------------------------------------------------------------


def test_a_new_store_holds_the_ontology_in_its_graph_and_in_the_default_graph(
    store: EmbeddedStore,
) -> None:
    assert store.graph_names() == [str(SG_ONTOLOGY)]
    ontology = rdflib.Graph().parse(DATA.parents[2] / "ontology" / "storygraph.ttl")
    stored = graph_triples(store, str(SG_ONTOLOGY))
    # the ontology plus the version stamp that says which file it came from
    assert set(ontology) < stored
    assert len(stored) == len(ontology) + 1
    assert set(default_triples(store)) == stored


def test_reopening_keeps_one_copy_of_the_ontology(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "s").close()
    with EmbeddedStore(tmp_path / "s") as again:
        n = again.count_triples()
        assert again.graph_names() == [str(SG_ONTOLOGY)]
    with EmbeddedStore(tmp_path / "s") as third:
        assert third.count_triples() == n


def test_a_stale_ontology_is_replaced(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as s:
        n = s.count_triples()
        s.update(
            f"DELETE WHERE {{ GRAPH <{SG_ONTOLOGY}> {{ <{SG_ONTOLOGY}> "
            "<http://purl.org/dc/terms/hasVersion> ?v } }"
        )
        s.update(f'INSERT DATA {{ GRAPH <{SG_ONTOLOGY}> {{ <{SG.Event}> <{RDFS_LABEL}> "old" }} }}')
    with EmbeddedStore(tmp_path / "s") as s:
        assert s.count_triples() == n
        assert not s.ask('ASK { ?x ?p "old" }')
        assert not s.ask('ASK { GRAPH ?g { ?x ?p "old" } }')


def test_load_keeps_graphs_and_copies_each_statement_once_into_the_default_graph(
    story: EmbeddedStore,
) -> None:
    assert story.graph_names() == [ALPHA, BETA, str(SG_ONTOLOGY)]
    expected = trig_dataset(DATA / "story.trig")
    for name in (ALPHA, BETA):
        assert isomorphic(expected.graph(URIRef(name)), _as_graph(graph_triples(story, name)))
    assert_union_invariant(story)
    assert graph_triples(story, ALPHA) & graph_triples(story, BETA) == SHARED


def _as_graph(triples: set[tuple[object, object, object]]) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("story.trig", "trig"), ("story.nq", "nquads"), ("story.jsonld", "jsonld")],
)
def test_every_quad_format_loads_the_same_dataset(tmp_path: Path, name: str, fmt: str) -> None:
    with EmbeddedStore(tmp_path / "s") as s:
        n = s.load_rdf((DATA / name).read_bytes(), fmt)
        assert n == 72
        assert s.graph_names() == [ALPHA, BETA, str(SG_ONTOLOGY)]
        assert len(graph_triples(s, ALPHA)) == 48
        assert len(graph_triples(s, BETA)) == 24
        assert_union_invariant(s)


@pytest.mark.parametrize(("name", "fmt"), [("note.ttl", "turtle"), ("note.nt", "nt")])
def test_triple_formats_go_to_the_graph_given(store: EmbeddedStore, name: str, fmt: str) -> None:
    assert store.load_rdf((DATA / name).read_bytes(), fmt, graph="https://example.org/notes") == 4
    rows = store.select(
        f"SELECT ?d WHERE {{ GRAPH <https://example.org/notes> {{ ?m <{SG.description}> ?d }} }}"
    )
    assert [str(r["d"]) for r in rows] == [
        'A company with "quotes", a back\\slash\nand a second line'
    ]


def test_triples_without_a_graph_are_refused(store: EmbeddedStore) -> None:
    with pytest.raises(RDFSyntaxError, match=r"outside any named graph; give --graph IRI"):
        store.load_rdf((DATA / "note.ttl").read_bytes(), "turtle")
    assert store.graph_names() == [str(SG_ONTOLOGY)]


def test_unparsable_rdf_loads_nothing(store: EmbeddedStore) -> None:
    before = store.count_triples()
    with pytest.raises(RDFSyntaxError) as info:
        store.load_rdf((DATA / "broken.ttl").read_bytes(), "turtle", graph="https://example.org/g")
    message = str(info.value)
    assert message.startswith("cannot parse turtle: ")
    assert "line 4 column 61" in message
    assert store.count_triples() == before
    assert not store.has_graph("https://example.org/g")


def test_unknown_rdf_format() -> None:
    with pytest.raises(RDFSyntaxError, match=r"unknown RDF format 'n3'; use one of turtle, nt, "):
        parse_rdf(b"", "n3", None)


# -- transactions ----------------------------------------------------------------------------

BAD = "<https://example.org/s> <https://example.org/p>"  # no object: invalid


def test_a_failed_write_of_new_graphs_leaves_nothing(store: EmbeddedStore) -> None:
    before = default_triples(store)
    good = GraphWrite(
        "https://example.org/good", ['<https://example.org/s> <https://example.org/p> "ok"']
    )
    bad = GraphWrite("https://example.org/bad", [BAD])
    with pytest.raises(StoreError, match="storygraph wrote invalid N-Quads"):
        store.write([good, bad])
    assert store.graph_names() == [str(SG_ONTOLOGY)]
    assert default_triples(store) == before


def test_a_failed_write_that_replaces_a_graph_keeps_the_old_content(story: EmbeddedStore) -> None:
    alpha, beta = graph_triples(story, ALPHA), graph_triples(story, BETA)
    before = sorted(map(str, default_triples(story)))
    new_alpha = GraphWrite(ALPHA, ['<https://example.org/s> <https://example.org/p> "new"'])
    with pytest.raises(StoreError, match="the store refused storygraph's write: "):
        story.write([new_alpha, GraphWrite("https://example.org/bad", [BAD])])
    assert graph_triples(story, ALPHA) == alpha
    assert graph_triples(story, BETA) == beta
    assert not story.has_graph("https://example.org/bad")
    assert sorted(map(str, default_triples(story))) == before


def test_a_failed_load_of_a_second_file_keeps_the_first(store: EmbeddedStore) -> None:
    store.load_rdf((DATA / "note.nt").read_bytes(), "nt", graph="https://example.org/notes")
    with pytest.raises(RDFSyntaxError):
        store.load_rdf(
            b"<https://example.org/a> <https://example.org/b> .",
            "nt",
            graph="https://example.org/x",
        )
    assert store.graph_names() == ["https://example.org/notes", str(SG_ONTOLOGY)]


# -- replacing and removing ------------------------------------------------------------------


def test_replacing_a_graph_replaces_it_everywhere(story: EmbeddedStore) -> None:
    beta_before = graph_triples(story, BETA)
    trig = f'<{ALPHA}> {{ <{META}> <{RDFS_LABEL}> "Meta" . <{META}> <{SG.alias}> "Facebook" }}'
    story.load_rdf(trig.encode(), "trig")
    assert graph_triples(story, ALPHA) == {
        (URIRef(META), rdflib.RDFS.label, Literal("Meta")),
        (URIRef(META), SG.alias, Literal("Facebook")),
    }
    assert graph_triples(story, BETA) == beta_before
    # alpha's old statements are gone from the default graph too ...
    assert not story.ask(f'ASK {{ ?m <{SG.anchorOf}> "confirmed" }}')
    assert not story.ask(f"ASK {{ ?c a <{SG.Claim}> }}")
    # ... but those beta (or the ontology) also holds stay, once
    for s, p, o in SHARED:
        rows = story.select(f"SELECT ?x WHERE {{ <{s}> <{p}> ?x }}")
        assert o in [r["x"] for r in rows]
    assert story.ask(f'ASK {{ <{META}> <{SG.alias}> "Facebook" }}')
    assert_union_invariant(story)


def test_loading_the_same_file_twice_changes_nothing(story: EmbeddedStore) -> None:
    before = sorted(map(str, default_triples(story)))
    story.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    assert sorted(map(str, default_triples(story))) == before
    assert_union_invariant(story)


def test_remove_keeps_the_statements_other_graphs_hold(story: EmbeddedStore) -> None:
    beta = graph_triples(story, BETA)
    assert story.remove(ALPHA) is True
    assert story.graph_names() == [BETA, str(SG_ONTOLOGY)]
    assert not story.ask(f"ASK {{ GRAPH <{ALPHA}> {{ ?s ?p ?o }} }}")
    assert not story.ask(f"ASK {{ ?e a <{SG.Event}> }}")
    assert graph_triples(story, BETA) == beta
    assert story.ask(f'ASK {{ <{META}> <{RDFS_LABEL}> "Meta" }}')
    assert_union_invariant(story)
    assert story.remove(ALPHA) is False


def test_removing_every_article_leaves_only_the_ontology(story: EmbeddedStore) -> None:
    ontology = graph_triples(story, str(SG_ONTOLOGY))
    story.remove(ALPHA)
    story.remove(BETA)
    assert set(default_triples(story)) == ontology
    # the ontology's own label for sg:Organization survived both removals
    assert (SG.Organization, rdflib.RDFS.label, Literal("Organization", lang="en")) in ontology


def test_a_user_update_keeps_the_default_graph_the_union(story: EmbeddedStore) -> None:
    # the CLI's own example: delete an alias inside the article graphs
    run_update(story, f'INSERT DATA {{ GRAPH <{BETA}> {{ <{META}> sg:alias "Facebook" }} }}')
    assert story.ask(f'ASK {{ <{META}> <{SG.alias}> "Facebook" }}')
    run_update(story, 'DELETE WHERE { GRAPH ?g { ?s sg:alias "Facebook" } }')
    assert not story.ask(f'ASK {{ <{META}> <{SG.alias}> "Facebook" }}')
    run_update(story, f"DROP GRAPH <{ALPHA}>")
    assert not story.ask(f"ASK {{ ?c a <{SG.Claim}> }}")
    assert story.ask(f"ASK {{ <{META}> a <{SG.Organization}> }}")
    assert_union_invariant(story)


# -- dump --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld"])
def test_dump_round_trips_every_graph(story: EmbeddedStore, tmp_path: Path, fmt: str) -> None:
    data = story.dump(fmt)
    with EmbeddedStore(tmp_path / "copy") as copy:
        copy.load_rdf(data, fmt)
        assert copy.graph_names() == story.graph_names()
        for name in story.graph_names():
            assert isomorphic(
                _as_graph(graph_triples(copy, name)), _as_graph(graph_triples(story, name))
            ), name
        assert_union_invariant(copy)


def test_dump_of_one_graph(story: EmbeddedStore) -> None:
    turtle = story.dump("turtle", BETA)
    assert isomorphic(
        rdflib.Graph().parse(data=turtle, format="turtle"), _as_graph(graph_triples(story, BETA))
    )
    lines = [line for line in story.dump("nquads", BETA).decode().splitlines() if line]
    assert len(lines) == 24
    assert all(line.endswith(f"<{BETA}> .") for line in lines)


def test_dump_as_turtle_is_the_union(story: EmbeddedStore) -> None:
    g = rdflib.Graph().parse(data=story.dump("turtle"), format="turtle")
    assert set(g) == set(default_triples(story))


# -- locking -----------------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from storygraph.store import EmbeddedStore
    store = EmbeddedStore(sys.argv[1])
    print("open", flush=True)
    sys.stdin.readline()
    store.close()
    print("closed", flush=True)
    """
)


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """Another process that holds a store open until told (a line on stdin) to let go."""
    path = tmp_path / "locked"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "open"
    yield path, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    proc.stdin.close()
    proc.stdout.close()


def test_a_store_held_by_another_process_is_refused(
    holder: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, _ = holder
    with pytest.raises(StoreLockedError) as info:
        EmbeddedStore(path)
    assert str(info.value) == (
        f"the store at {path} is in use by another storygraph process; "
        "wait for it to finish (or pass --wait SECONDS)"
    )


def test_wait_gets_the_store_once_the_other_process_lets_go(
    holder: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, proc = holder
    assert proc.stdin is not None and proc.stdout is not None
    start = time.monotonic()
    with pytest.raises(StoreLockedError):
        EmbeddedStore(path, wait=0.5)
    assert time.monotonic() - start >= 0.5
    proc.stdin.write("\n")
    proc.stdin.flush()
    with EmbeddedStore(path, wait=20) as s:
        assert s.graph_names() == [str(SG_ONTOLOGY)]
    assert proc.stdout.readline().strip() == "closed"


# -- opening -------------------------------------------------------------------------------------


def test_open_store_without_create_needs_an_existing_store(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(StoreError) as info:
        open_store(str(missing), create=False)
    assert str(info.value) == (
        f"no store at {missing}; ingest or load something first, "
        "or point --store / STORYGRAPH_STORE at an existing store"
    )
    assert not missing.exists()


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="is not a directory, so it cannot hold a store"):
        EmbeddedStore(path)


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    s = EmbeddedStore(tmp_path / "s")
    s.close()
    with pytest.raises(StoreError, match="the store is closed"):
        s.select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="the store is closed"):
        s.update("CLEAR DEFAULT")
    s.close()


def test_resolve_location(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STORYGRAPH_STORE", raising=False)
    assert resolve_location(None) == DEFAULT_LOCATION
    monkeypatch.setenv("STORYGRAPH_STORE", "/srv/graph")
    assert resolve_location(None) == "/srv/graph"
    assert resolve_location("here") == "here"


# -- small pieces ------------------------------------------------------------------------------


def test_graph_write_as_nquads() -> None:
    w = GraphWrite("https://example.org/g", ['<https://e.org/s> <https://e.org/p> "o"'])
    assert w.nquads() == (
        '<https://e.org/s> <https://e.org/p> "o" <https://example.org/g> .\n'
        '<https://e.org/s> <https://e.org/p> "o" .\n'
    )
    with pytest.raises(ValueError, match="not a valid IRI"):
        GraphWrite("https://example.org/g> <x", []).nquads()


def test_iter_batches() -> None:
    assert list(iter_batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(iter_batches([], 3)) == []


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX ask: <http://ask/> ask { ?s ask:select ?o }", "ASK"),
        ('# DESCRIBE\nCONSTRUCT { ?s ?p "SELECT" } WHERE { ?s ?p ?o }', "CONSTRUCT"),
        ("BASE <http://construct/> DESCRIBE <x>", "DESCRIBE"),
        ("ASK { { SELECT ?s WHERE { ?s ?p ?o } } }", "ASK"),
    ],
)
def test_query_form(query: str, form: str) -> None:
    assert query_form(query) == form


def test_run_query_sees_the_union_once(story: EmbeddedStore) -> None:
    out = run_query(story, "SELECT ?l WHERE { sg:Organization rdfs:label ?l }", "csv")
    assert out == "l\r\nOrganization\r"


def test_select_answers_every_kind_of_term_in_the_order_of_the_variables(
    store: EmbeddedStore,
) -> None:
    # a repeated value is converted once per answer: every row must still get its own value
    query = """
        SELECT ?x ?none ?v WHERE {
          VALUES (?x ?v) {
            (<https://example.org/a> "plain") (<https://example.org/a> "chat"@fr)
            (<https://example.org/b> 7) (<https://example.org/b> "2026-11-26"^^xsd:date)
            (<https://example.org/a> "plain")
          }
          OPTIONAL { ?x <https://example.org/never> ?none }
        }"""
    xsd = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    rows = store.select(xsd + query)
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    assert rows == [
        {"x": a, "v": Literal("plain")},
        {"x": a, "v": Literal("chat", lang="fr")},
        {"x": b, "v": Literal(7)},
        {"x": b, "v": Literal("2026-11-26", datatype=rdflib.XSD.date)},
        {"x": a, "v": Literal("plain")},
    ]
    assert store.select_values(xsd + query) == [
        {"x": str(a), "v": "plain"},
        {"x": str(a), "v": "chat"},
        {"x": str(b), "v": "7"},
        {"x": str(b), "v": "2026-11-26"},
        {"x": str(a), "v": "plain"},
    ]
    blank = store.select("SELECT ?b ?c WHERE { BIND (BNODE() AS ?b) BIND (?b AS ?c) }")
    assert isinstance(blank[0]["b"], rdflib.BNode) and blank[0]["b"] == blank[0]["c"]
