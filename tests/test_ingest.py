"""Ingest: 1 and N workers write the same graph, input streams in flat memory, extract shards
load to the same quads, and a remote server that dies mid-run loses nothing committed.
"""

from __future__ import annotations

import importlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from helpers import EXAMPLE, EXAMPLE_DATE
from helpers.servers import start_oxigraph
from storygraph.cli import cli
from storygraph.errors import ModelError, StorygraphError
from storygraph.ingest import MAX_REPORTED, IngestSummary, extract_to_nquads, ingest
from storygraph.readers import Overrides
from storygraph.store import EmbeddedStore, GraphWrite, QueryResult, RemoteStore, Store
from storygraph.story.link import PENDING_GRAPH

# the module: `storygraph.ingest` as an attribute of the package is the ingest() verb
INGEST = importlib.import_module("storygraph.ingest")

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
STAMP = re.compile(r"^.*<http://www\.w3\.org/ns/prov#startedAtTime>.*\n", re.MULTILINE)
NAMES = ["Meta", "Vexo", "Quorra", "Talvane", "Brimsco", "Orlatek"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def story_dir(tmp_path: Path, n: int, *, paragraphs: int | None = None) -> Path:
    """``n`` copies of the example story, each about another company."""
    text = EXAMPLE.read_text(encoding="utf-8")
    if paragraphs is not None:
        text = "\n".join(line for line in text.splitlines() if line.strip())
        text = "\n".join(text.splitlines()[:paragraphs]) + "\n"
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}")
        (folder / f"story-{i:03d}.txt").write_text(text.replace("Meta", name), encoding="utf-8")
    return folder


def quads(store: Store) -> list[str]:
    return sorted(STAMP.sub("", store.dump("nquads").decode("utf-8")).splitlines())


def triples_per_graph(store: Store) -> dict[str, int]:
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(r["g"]): int(r["n"]) for r in rows}  # type: ignore[call-overload]


# -- the same graph with any number of workers ---------------------------------------------------


def test_two_workers_write_the_same_graph_as_one(tmp_path: Path, nlp: Any) -> None:
    folder = story_dir(tmp_path, 3, paragraphs=8)
    dumps = []
    for workers in (1, 2):
        store = EmbeddedStore(tmp_path / f"store-{workers}")
        summary = ingest(
            [str(folder)],
            store,
            nlp if workers == 1 else None,
            workers=workers,
            batch_size=1,
            overrides=Overrides(published=EXAMPLE_DATE),
            now=NOW,
        )
        assert (summary.articles, summary.failed) == (3, 0)
        dumps.append(store.dump("nquads"))
        store.close()
    assert dumps[0] == dumps[1]
    assert b'"2026-11-27T09:30:00+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in dumps[0]


def test_the_cli_with_two_workers(tmp_path: Path) -> None:
    folder = story_dir(tmp_path, 3, paragraphs=4)
    store = str(tmp_path / "store")
    args = ["ingest", str(folder), "--store", store, "--published", "2026-11-26"]
    result = run(*args, "--workers", "2", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("3 article(s) ingested, 0 unchanged and skipped, 0 failed; ")
    again = run(*args, "--workers", "2", "--batch-size", "1")
    assert again.stderr.startswith("0 article(s) ingested, 3 unchanged and skipped, 0 failed; ")


def test_one_worker_or_one_batch_starts_no_pool(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(INGEST, "_run_pool", no_pool)
    folder = story_dir(tmp_path, 2, paragraphs=3)
    store = EmbeddedStore(tmp_path / "store")
    assert ingest([str(folder)], store, nlp, workers=1, batch_size=1).articles == 2
    assert ingest([str(folder)], store, workers=4, batch_size=2, force=True).articles == 2
    store.close()


def test_nothing_to_extract_loads_no_pipeline(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = story_dir(tmp_path, 4, paragraphs=3)
    store = EmbeddedStore(tmp_path / "store")
    ingest([str(folder)], store, nlp, batch_size=2)

    def no_model(name: str | None = None) -> Any:
        raise AssertionError("the pipeline was loaded")

    monkeypatch.setattr("storygraph.extract.load_pipeline", no_model)
    summary = ingest([str(folder)], store, workers=2, batch_size=2)
    assert (summary.articles, summary.skipped) == (0, 4)
    store.close()


def test_a_model_that_workers_cannot_load(tmp_path: Path) -> None:
    folder = story_dir(tmp_path, 2, paragraphs=3)
    store = EmbeddedStore(tmp_path / "store")
    with pytest.raises(ModelError, match="the spaCy pipeline 'no_such_pipeline' is not installed"):
        ingest([str(folder)], store, model="no_such_pipeline", workers=2, batch_size=1)
    assert triples_per_graph(store).keys() == {"https://w3id.org/storygraph/ns"}
    store.close()
    result = run(
        "extract", str(folder), "-o", str(tmp_path / "x.nq"), "--model", "no_such_pipeline"
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: the spaCy pipeline 'no_such_pipeline' is not installed")


def test_a_loaded_pipeline_is_not_shared_with_workers(tmp_path: Path, nlp: Any) -> None:
    store = EmbeddedStore(tmp_path / "store")
    with pytest.raises(ValueError, match="pass model=NAME"):
        ingest([str(EXAMPLE)], store, nlp, workers=2)
    with pytest.raises(ValueError, match="workers must be at least 1"):
        ingest([str(EXAMPLE)], store, nlp, workers=0)
    store.close()


def test_a_worker_that_dies_stops_the_run_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psutil  # type: ignore[import-untyped]

    folder = story_dir(tmp_path, 8, paragraphs=3)
    original = EmbeddedStore.write

    def write_then_kill_workers(self: EmbeddedStore, batch: Sequence[GraphWrite]) -> None:
        original(self, batch)
        if any("/article/" in w.name for w in batch):
            # the pool's workers: children of the forkserver, not of this process
            me = os.getpid()
            for child in psutil.Process(me).children(recursive=True):
                if child.ppid() != me:
                    child.kill()

    monkeypatch.setattr(EmbeddedStore, "write", write_then_kill_workers)
    store = EmbeddedStore(tmp_path / "store")
    with pytest.raises(StorygraphError, match=r"^a worker process died while extracting \(kil"):
        ingest([str(folder)], store, workers=2, batch_size=1)
    # the ontology, the first article and those whose results had come back: never all 8
    assert 2 <= len(triples_per_graph(store)) < 1 + 8
    store.close()


def test_workers_must_be_positive() -> None:
    result = run("ingest", str(EXAMPLE), "--workers", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--workers': 0 is not in the range x>=1." in result.output


# -- streaming in flat memory -----------------------------------------------------------------


class TinyPipeline:
    """A blank English pipeline with a sentencizer and a flat parse (noun chunks, children
    and sentence iteration need one): cheap enough to stream thousands of articles."""

    def __init__(self) -> None:
        import spacy

        self.meta = {"lang": "en", "name": "tiny", "version": "0"}
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")

    def pipe(self, texts: Any, batch_size: int = 256) -> Iterator[Any]:
        from spacy.tokens import Doc

        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            heads, deps = [], []
            for sent in doc.sents:
                for tok in sent:
                    heads.append(sent.start)
                    deps.append("ROOT" if tok.i == sent.start else "dep")
            yield Doc(
                doc.vocab,
                words=[t.text for t in doc],
                spaces=[bool(t.whitespace_) for t in doc],
                heads=heads,
                deps=deps,
            )


class DiscardingStore(Store):
    """Answers "nothing stored" and keeps nothing: only storygraph's own memory is measured."""

    location = "nowhere"

    def __init__(self) -> None:
        self.graphs = 0

    def execute(self, query: str) -> QueryResult:
        return QueryResult("select", variables=["a", "h"])

    def serialize_results(self, query: str, fmt: str) -> bytes:
        return b""

    def update(self, sparql: str) -> None:
        raise AssertionError("no update expected")

    def write(self, writes: Sequence[GraphWrite]) -> None:
        self.graphs += len(writes)


def test_a_large_json_lines_file_streams_in_flat_memory(tmp_path: Path) -> None:
    import psutil  # type: ignore[import-untyped]

    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in range(3000):
            text = (
                f"Vexo hired {i % 50 + 2} engineers in Lisbon last week. "
                "The company said the team would grow. Analysts were not surprised."
            )
            record: dict[str, str] = {"id": f"brief-{i}", "text": text}
            if i % 2:
                record["published"] = "2026-11-26"
            out.write(json.dumps(record) + "\n")
    process = psutil.Process()
    peaks: dict[str, int] = {"1k": 0, "3k": 0}

    def progress(summary: IngestSummary, source: str) -> None:
        rss = process.memory_info().rss
        if summary.articles <= 1000:
            peaks["1k"] = max(peaks["1k"], rss)
        peaks["3k"] = max(peaks["3k"], rss)

    store = DiscardingStore()
    summary = ingest(
        [str(corpus)], store, TinyPipeline(), batch_size=50, progress=progress, link=False
    )
    assert (summary.articles, summary.failed, store.graphs) == (3000, 0, 3000)
    # every other article has no date: warned, but only the first MAX_REPORTED are kept
    assert len(summary.warnings) == MAX_REPORTED
    assert summary.warnings_omitted == 1500 - MAX_REPORTED
    growth = peaks["3k"] - peaks["1k"]
    assert growth < 8 * 2**20, f"RSS grew by {growth / 2**20:.1f} MiB from 1k to 3k articles"


def test_the_report_says_how_many_warnings_were_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(INGEST, "MAX_REPORTED", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes(b"")
    result = run("extract", str(folder), "-o", str(tmp_path / "x.nq"), "--workers", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder / 'a.txt'}: the file is empty\nError: … and 2 more unreadable input(s)\n"
        "0 article(s) ingested, 0 unchanged and skipped, 3 failed; 0 entities, 0 mentions, "
        "0 triples extracted\n"
    )
    assert result.stdout == ""


# -- extract shards, then load --------------------------------------------------------------------


def test_extract_then_load_gives_the_quads_of_ingest(tmp_path: Path) -> None:
    folder = story_dir(tmp_path, 3, paragraphs=5)
    shard = tmp_path / "shard.nq"
    common = ["--published", "2026-11-26", "--batch-size", "1"]
    result = run("extract", str(folder), "-o", str(shard), *common, "--workers", "2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 article(s) ingested, 0 unchanged and skipped, 0 failed; ")
    loaded, ingested = tmp_path / "loaded", tmp_path / "ingested"
    assert run("load", str(shard), "--store", str(loaded)).exit_code == 0
    # extract writes no cross-article links: nor does ingest --no-link
    result = run(
        "ingest", str(folder), "--store", str(ingested), *common, "--workers", "1", "--no-link"
    )
    assert result.exit_code == 0, result.output
    with EmbeddedStore(loaded) as a, EmbeddedStore(ingested) as b:
        assert quads(a) == quads(b)
        assert a.count_triples() == b.count_triples()


def test_extract_to_nquads_writes_named_graphs_only(tmp_path: Path, nlp: Any) -> None:
    import io

    out = io.StringIO()
    summary = extract_to_nquads([str(EXAMPLE)], nlp, out, now=NOW)
    lines = out.getvalue().splitlines()
    assert len(lines) == summary.triples
    graph = "<https://w3id.org/storygraph/id/article/meta-applied-ai-reversal> ."
    assert all(line.endswith(graph) for line in lines)


# -- a remote server that goes away mid-ingest -----------------------------------------------------


@pytest.mark.server
@pytest.mark.parametrize("workers", [1, 2])
def test_a_server_killed_mid_ingest_keeps_whole_articles(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr("storygraph.store.remote.time.sleep", lambda seconds: None)
    monkeypatch.delenv("STORYGRAPH_UNION_GRAPH", raising=False)
    monkeypatch.delenv("STORYGRAPH_UPDATE_URL", raising=False)
    folder = story_dir(tmp_path, 12, paragraphs=4)
    reference = EmbeddedStore(tmp_path / "reference")
    ingest([str(folder)], reference, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    expected = triples_per_graph(reference)
    reference.close()

    location = tmp_path / "server"
    server = start_oxigraph(location)
    writes: list[int] = []
    original = RemoteStore.write

    def write_then_die(self: RemoteStore, batch: list[GraphWrite]) -> None:
        if any("/article/" in w.name for w in batch):
            writes.append(len(batch))
            if len(writes) == 4:
                server.kill()
        original(self, batch)

    monkeypatch.setattr(RemoteStore, "write", write_then_die)
    args = ["ingest", str(folder), "--store", server.url, "--published", "2026-11-26"]
    try:
        result = run(*args, "--batch-size", "2", "--workers", str(workers))
    finally:
        server.stop()
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the SPARQL endpoint {server.url} is unreachable")
    assert result.output.endswith(
        "; 6 article(s) were written before this: run the same command again to go on "
        "(unchanged articles are skipped)\n"
    )
    monkeypatch.setattr(RemoteStore, "write", original)

    restarted = start_oxigraph(location, port=server.port)
    try:
        store = restarted.store()
        present = triples_per_graph(store)
        # the ontology, three batches of two, and the mark that the links wait to be rebuilt
        assert PENDING_GRAPH in present and PENDING_GRAPH not in expected
        del present[PENDING_GRAPH]
        assert len(present) == 1 + 6
        assert {g: expected[g] for g in present} == present
        again = run(*args, "--batch-size", "2", "--workers", str(workers))
        assert again.exit_code == 0, again.output
        assert again.stderr.startswith("6 article(s) ingested, 6 unchanged and skipped, 0 failed; ")
        assert triples_per_graph(store) == expected
    finally:
        restarted.stop()
