"""The engine through the command line: ``extract -o DIR`` (shards, here or on a 2-worker
Dask ``LocalCluster``), ``load DIR``, ``validate --article`` and the streamed RDF exports.

The corpus is the short articles of other kinds in ``tests/data/news`` and a JSON Lines file
written here; the shards of one run are compared with another's after the one line that
differs between runs (the run's timestamp) is set to a fixed value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from storygraph import extract
from storygraph.cli import cli

NEWS = Path(__file__).parent / "data" / "news"
RDF = Path(__file__).parent / "data" / "rdf"
ALPHA = "https://w3id.org/storygraph/id/article/alpha"
STAMP = re.compile(r'(startedAtTime> )"[^"]*"')
PUBLISHED = ["--published", "2026-11-26"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def fails(*args: str, code: int = 1) -> Result:
    """A command that must fail cleanly: a message and an exit status, no traceback."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def same_stamp(text: str) -> str:
    return STAMP.sub(r'\1"T"', text)


def shards(directory: Path) -> dict[str, str]:
    return {p.name: same_stamp(p.read_text("utf-8")) for p in sorted(directory.glob("*.nq"))}


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    """The news folder (5 articles) and 3 JSON lines, one of them not JSON."""
    lines = [
        {"id": "vexo", "text": "Vexo Corp said on Monday that it will cut 200 jobs in Ohio."},
        "{not json",
        {"id": "quorra", "text": "Quorra Ltd. reported higher sales, its chief Ann Lee said."},
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", "utf-8"
    )
    return [str(NEWS), str(path)]


@pytest.fixture
def in_process(monkeypatch: pytest.MonkeyPatch, nlp: Any) -> None:
    """--workers 1 extracts in this process with the session pipeline."""
    monkeypatch.setattr(extract, "load_pipeline", lambda model=None: nlp)


def test_extract_to_a_directory_writes_the_single_file_as_shards(
    tmp_path: Path, corpus: list[str], in_process: None
) -> None:
    out = tmp_path / "shards"
    result = fails(
        "extract", *corpus, "-o", str(out), "--partition-size", "3", "--workers", "1", *PUBLISHED
    )
    error, last = result.stderr.splitlines()[-2:]
    assert error == (
        f"Error: {corpus[1]}:2: malformed JSON at column 2: Expecting property name enclosed "
        "in double quotes"
    )
    assert last.startswith("3 shard(s): 7 article(s) extracted, 1 failed; ")
    assert last.endswith(f" triples; manifest: {out}/manifest.json")
    assert result.stdout == ""
    single = tmp_path / "one.nq"
    assert fails("extract", *corpus, "-o", str(single), "--workers", "1", *PUBLISHED)
    got = shards(out)
    assert list(got) == ["part-00000.nq", "part-00001.nq", "part-00002.nq"]
    assert "".join(got.values()) == same_stamp(single.read_text("utf-8"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["articles"], manifest["failed"], len(manifest["shards"])) == (7, 1, 3)
    # the same command again: every shard is already there
    again = fails(
        "extract", *corpus, "-o", str(out), "--partition-size", "3", "--workers", "1", *PUBLISHED
    )
    assert "3 shard(s) (3 done before and skipped): 7 article(s) extracted" in again.stderr


def test_extract_dask_on_a_two_worker_local_cluster_writes_the_local_shards(
    tmp_path: Path, corpus: list[str], in_process: None
) -> None:
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    common = ["--partition-size", "2", *PUBLISHED]
    fails("extract", *corpus, "-o", str(local), "--workers", "1", *common)
    # no --scheduler: the command starts a LocalCluster of --workers processes
    result = fails(
        "extract", *corpus, "-o", str(dask), "--engine", "dask", "--workers", "2", *common
    )
    assert "4 shard(s): 7 article(s) extracted, 1 failed" in result.stderr
    assert shards(dask) == shards(local) and len(shards(dask)) == 4
    manifests = [json.loads((d / "manifest.json").read_text()) for d in (local, dask)]
    assert manifests[0] == manifests[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.nq", "--engine", "dask"], "--engine: for shards; give -o a directory"),
        (["-o", "-", "--partition-size", "5"], "--partition-size: for shards; give -o a"),
        (["-o", "out", "--scheduler", "tcp://h:8786"], "--scheduler is for --engine dask"),
        (["-o", "out", "--engine", "spark"], "'spark' is not one of 'local', 'dask'"),
    ],
)
def test_extract_shard_options_need_a_directory(
    tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = fails("extract", str(NEWS), *args, code=2)
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_extract_shards_read_up_to_max_bytes(
    tmp_path: Path, corpus: list[str], in_process: None
) -> None:
    out = tmp_path / "shards"
    result = fails("extract", corpus[1], "-o", str(out), "--workers", "1", "--max-bytes", "85")
    assert f"Error: {corpus[1]}:3: the line is 86 bytes, over the limit of 85 bytes" in (
        result.stderr
    )
    assert "1 article(s) extracted, 2 failed" in result.stderr


def test_load_a_directory_of_shards(tmp_path: Path) -> None:
    out = tmp_path / "shards"
    out.mkdir()
    data = list(ox.parse(path=RDF / "story.trig", format=ox.RdfFormat.TRIG))
    for i, name in enumerate(sorted({str(q.graph_name.value) for q in data})):
        mine = [q for q in data if str(q.graph_name.value) == name]
        ox.serialize(mine, out / f"part-{i:05d}.nq", ox.RdfFormat.N_QUADS)
    (out / "manifest.json").write_text("{}")
    store = str(tmp_path / "store")
    result = run("load", str(out), "--store", store)
    assert result.exit_code == 0
    counts = [int(line.split()[1]) for line in result.stderr.splitlines()]
    assert result.stderr.splitlines()[0].endswith(f"statements from {out / 'part-00000.nq'}")
    assert len(counts) == 2 and sum(counts) == len(data)
    stats = json.loads(run("stats", "--json", "--store", store).stdout)
    assert stats["articles"] == 2


def test_load_a_directory_without_rdf_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "manifest.json").write_text("{}")
    result = fails("load", str(tmp_path / "empty"), "--store", str(tmp_path / "s"))
    assert result.output.startswith(f"Error: {tmp_path / 'empty'} holds no RDF file")


@pytest.fixture
def story_store(tmp_path: Path) -> str:
    store = str(tmp_path / "store")
    assert run("load", str(RDF / "story.trig"), "--store", store).exit_code == 0
    return store


def test_validate_one_article(story_store: str) -> None:
    result = run("validate", "--article", "alpha", "--store", story_store)
    assert result.exit_code == 0
    whole = run("validate", "--store", story_store)
    one, every = (int(r.stdout.split()[1]) for r in (result, whole))
    assert 0 < one < every
    assert fails("validate", "--article", "nowhere", "--store", story_store).output.startswith(
        "Error: no article"
    )
    both = fails("validate", "--article", "alpha", "--graph", ALPHA, "--store", story_store, code=2)
    assert "give --graph or --article, not both" in both.output


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG), ("nt", ox.RdfFormat.N_TRIPLES)],
)
def test_export_streams_the_store_as_pyoxigraph_reads_it(
    tmp_path: Path, story_store: str, fmt: str, rdf_format: Any
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert run("export", "--format", fmt, "-o", str(out), "--store", story_store).exit_code == 0
    got = set(ox.parse(path=out, format=rdf_format))
    store = ox.Store.read_only(story_store)
    if rdf_format.supports_datasets:
        expected = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    else:
        expected = {
            ox.Quad(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        }
    assert got == expected and len(got) > 60
