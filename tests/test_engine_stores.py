"""Shards into stores: ``storygraph load DIR`` through Oxigraph's bulk loader, and the
Virtuoso recipe of docs/scaling.md (``ld_dir`` + ``rdf_loader_run`` with the union copy in
a named graph) run as written against a real ``virtuoso-t``.

The shards are the two articles of ``tests/data/rdf/story.trig`` (see its README), one
N-Quads file each, as ``storygraph extract -o DIR`` writes them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers import require
from helpers.servers import Server, free_port, wait_until_up
from storygraph.query import named_query
from storygraph.rdf.sparql import with_prefixes
from storygraph.rdf.vocab import SG_ONTOLOGY
from storygraph.store import EmbeddedStore, RemoteStore, Store
from storygraph.store.files import load_files

DATA = Path(__file__).parent / "data" / "rdf"
UNION = "https://w3id.org/storygraph/union"
ID = "https://w3id.org/storygraph/id/"
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql-v")
#: docs/scaling.md: the union copy of a shard, its triples without the graph column
TO_TRIPLES = r"s/ <[^<>]*> \.$/ ./"


def write_shards(directory: Path) -> list[Path]:
    """One N-Quads shard per article graph of story.trig."""
    directory.mkdir(parents=True, exist_ok=True)
    quads = list(ox.parse(path=DATA / "story.trig", format=ox.RdfFormat.TRIG))
    names = sorted({str(q.graph_name.value) for q in quads})
    shards = []
    for i, name in enumerate(names):
        path = directory / f"part-{i:05d}.nq"
        mine = [q for q in quads if str(q.graph_name.value) == name]
        ox.serialize(mine, path, ox.RdfFormat.N_QUADS)
        shards.append(path)
    return shards


def union_rows(store: Store) -> list[tuple[object, ...]]:
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return [(r["s"], r["p"], r["o"]) for r in rows]


def named_rows(store: Store) -> set[tuple[object, ...]]:
    rows = store.select("SELECT DISTINCT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {(r["g"], r["s"], r["p"], r["o"]) for r in rows if str(r["g"]) != str(SG_ONTOLOGY)}


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """story.trig loaded by storygraph's transactional path: what every store must hold."""
    store = EmbeddedStore(tmp_path / "reference")
    store.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    yield store
    store.close()


def test_load_dir_bulk_loads_shards_with_the_union_copy(
    tmp_path: Path, reference: EmbeddedStore
) -> None:
    shards = write_shards(tmp_path / "shards")
    (tmp_path / "shards" / "manifest.json").write_text("{}")  # not RDF: skipped
    with EmbeddedStore(tmp_path / "bulk") as store:
        loaded = list(load_files(store, [tmp_path / "shards"]))
        assert [p for p, _ in loaded] == shards
        assert sum(n for _, n in loaded) == 72
        assert named_rows(store) == named_rows(reference)
        default = union_rows(store)
        assert len(default) == len(set(default)) and set(default) == set(union_rows(reference))
        # loading again replaces the graphs: nothing doubles
        list(load_files(store, [tmp_path / "shards"]))
        assert named_rows(store) == named_rows(reference)
        assert sorted(union_rows(store), key=str) == sorted(default, key=str)


def test_a_shard_with_a_statement_outside_any_graph_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text('<https://example.org/a> <https://example.org/p> "x" .\n')
    with EmbeddedStore(tmp_path / "s") as store:
        with pytest.raises(Exception, match="outside any named graph"):
            list(load_files(store, [bad]))
        assert store.graph_names() == [str(SG_ONTOLOGY)]


# -- Virtuoso ------------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8
"""


def isql(port: int, commands: str) -> str:
    assert ISQL is not None
    done = subprocess.run(
        [ISQL, f"127.0.0.1:{port}", "dba", "dba", f"exec={commands}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_virtuoso_recipe_loads_shards_and_the_union_graph(
    tmp_path: Path, reference: EmbeddedStore
) -> None:
    require(VIRTUOSO is not None, "virtuoso-t is absent (Debian package virtuoso-opensource)")
    require(ISQL is not None, "isql-vt is absent (Debian package virtuoso-opensource)")
    assert VIRTUOSO is not None
    home = tmp_path / "virtuoso"
    home.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=home, sql_port=sql_port, http_port=http_port))
    log = home / "server.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=home,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    server = Server("virtuoso", url, UNION, proc, log, home, http_port)
    try:
        wait_until_up(url, proc, log, 60)
        shards = write_shards(home / "shards")
        # the recipe of docs/scaling.md, as written there
        for shard in shards:
            with shard.with_suffix(".nt").open("wb") as nt:
                subprocess.run(["sed", "-E", TO_TRIPLES, str(shard)], stdout=nt, check=True)
        isql(
            sql_port,
            f"ld_dir('{home / 'shards'}', '*.nq', '{UNION}'); "
            f"ld_dir('{home / 'shards'}', '*.nt', '{UNION}'); "
            "rdf_loader_run(); checkpoint;",
        )
        store = RemoteStore(url, union_graph=UNION, read_only=True, retries=0, timeout=20)
        articles = {row for row in named_rows(store) if str(row[0]).startswith(ID)}
        assert articles == named_rows(reference)
        default = union_rows(store)  # the union graph, as storygraph reads it
        assert len(default) == len(set(default))
        assert set(default) == {
            (r["s"], r["p"], r["o"])
            for r in reference.select(
                "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                f"FILTER (?g != <{SG_ONTOLOGY}>) }}"
            )
        }
        assert len(store.select(with_prefixes(named_query("articles")))) == 2
    finally:
        server.stop()
