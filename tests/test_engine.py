"""The extraction engine: partitions read exactly as a whole run reads, shards byte-identical
between the local engine and a 2-worker Dask ``LocalCluster``, a killed Dask worker retried
without loss, and a rerun that skips the partitions already done.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storygraph import extract
from storygraph.engine import extract_shards, plan_partitions, read_partition, shard_paths
from storygraph.errors import InputError
from storygraph.ingest import extract_to_nquads
from storygraph.readers import Overrides, read_articles

NEWS = Path(__file__).parent / "data" / "news"
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
PUBLISHED = Overrides(published=datetime(2026, 11, 26, tzinfo=UTC).date())


def jsonl(path: Path, texts: list[str | None]) -> Path:
    """One JSON line per text; None is a blank line, a text starting with '!' a bad line."""
    lines = []
    for i, text in enumerate(texts):
        if text is None:
            lines.append("")
        elif text.startswith("!"):
            lines.append("{not json")
        else:
            lines.append(json.dumps({"id": f"a{i}", "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def corpus(tmp_path: Path) -> list[str]:
    """A JSON Lines file of 7 short articles (one line bad, one blank) and the news folder."""
    sentences = [
        "Vexo Corp said on Monday that it will cut 200 jobs in Ohio.",
        "Quorra Ltd. reported higher sales, according to its chief executive Ann Lee.",
        None,
        "The court in Boston ruled against Brimsco on Tuesday.",
        "!",
        "Talvane shares fell 3 percent after the announcement, analysts said.",
        "Orlatek will open a factory in Texas next year, the governor said.",
    ]
    return [str(jsonl(tmp_path / "c.jsonl", sentences)), str(NEWS)]


def sources_and_ids(results: Any) -> list[tuple[str, str | None, str | None]]:
    return [(r.source, r.article.id if r.article else None, r.error) for r in results]


# -- partitions ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 5, 100])
def test_partitions_read_what_a_whole_run_reads(tmp_path: Path, size: int) -> None:
    paths = corpus(tmp_path)
    whole = sources_and_ids(read_articles(paths, PUBLISHED))
    plan = plan_partitions(paths, size)
    parts = [sources_and_ids(read_partition(p, PUBLISHED)) for p in plan]
    assert [x for part in parts for x in part] == whole
    assert [p.index for p in plan] == list(range(len(plan)))
    # no partition holds more than `size` lines or files
    for p in plan:
        assert len(p.pieces) <= size


@settings(max_examples=40, deadline=None)
@given(
    lines=st.lists(
        st.one_of(st.none(), st.just("!"), st.text(min_size=1, max_size=30)), max_size=25
    ),
    size=st.integers(min_value=1, max_value=9),
)
def test_line_ranges_cover_a_json_lines_file_exactly(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str | None], size: int
) -> None:
    path = jsonl(tmp_path_factory.mktemp("lines") / "x.jsonl", lines)
    plan = plan_partitions([str(path)], size)
    got = [x for p in plan for x in sources_and_ids(read_partition(p, None))]
    assert got == sources_and_ids(read_articles([str(path)]))


def test_stdin_cannot_be_partitioned() -> None:
    with pytest.raises(InputError, match="standard input cannot be split"):
        plan_partitions(["-"], 10)


def test_the_output_must_be_a_directory_of_shards(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file; -o takes a directory"):
        extract_shards([str(NEWS)], str(tmp_path / "file"))
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="holds other files"):
        extract_shards([str(NEWS)], str(other))


# -- the local engine: shards, manifest, reruns ----------------------------------------------


@pytest.fixture
def local_nlp(monkeypatch: pytest.MonkeyPatch, nlp: Any) -> list[str | None]:
    """Workers=1 loads the session pipeline through extract.load_pipeline; counts loads."""
    loads: list[str | None] = []

    def load(model: str | None = None) -> Any:
        loads.append(model)
        return nlp

    monkeypatch.setattr(extract, "load_pipeline", load)
    return loads


def test_local_shards_are_the_single_file_cut_by_partition(
    tmp_path: Path, nlp: Any, local_nlp: list[str | None]
) -> None:
    paths = corpus(tmp_path)
    out = tmp_path / "shards"
    summary = extract_shards(paths, str(out), workers=1, partition_size=3, now=NOW)
    single = tmp_path / "single.nq"
    with single.open("w", encoding="utf-8") as fh:
        expected = extract_to_nquads(paths, nlp, fh, now=NOW)
    shards = shard_paths(str(out))
    assert [Path(s).name for s in shards] == [f"part-{i:05d}.nq" for i in range(4)]
    assert "".join(Path(s).read_text(encoding="utf-8") for s in shards) == single.read_text(
        encoding="utf-8"
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert (summary.articles, summary.triples, summary.failed) == (
        expected.articles,
        expected.triples,
        1,
    )
    assert manifest["articles"] == 10 and manifest["failed"] == 1
    assert manifest["triples"] == sum(s["triples"] for s in manifest["shards"])
    [(source, reason)] = manifest["failures"]
    assert source == f"{paths[0]}:5" and reason.startswith("malformed JSON")
    assert local_nlp == [None]


def test_a_rerun_skips_finished_partitions_and_redoes_changed_ones(
    tmp_path: Path, local_nlp: list[str | None]
) -> None:
    paths = corpus(tmp_path)
    out = tmp_path / "shards"
    extract_shards(paths, str(out), workers=1, partition_size=3, now=NOW)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.nq")}
    again = extract_shards(paths, str(out), workers=1, partition_size=3, now=NOW)
    assert (again.skipped, again.partitions, again.articles) == (4, 4, 10)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.nq")} == before
    assert len(local_nlp) == 1  # nothing to do: no pipeline loaded
    # a shard lost (its record stays) and a record lost: both partitions are redone
    (out / "part-00001.nq").unlink()
    (out / "part-00002.json").unlink()
    third = extract_shards(paths, str(out), workers=1, partition_size=3, now=NOW)
    assert (third.skipped, third.articles) == (2, 10)
    assert (out / "part-00001.nq").is_file()
    # other metadata is another run: every partition is redone
    fourth = extract_shards(
        paths, str(out), workers=1, partition_size=3, now=NOW, overrides=Overrides(publisher="X")
    )
    assert fourth.skipped == 0
    # a smaller input into the same directory leaves no shard of the larger one behind
    extract_shards(paths[:1], str(out), workers=1, partition_size=3, now=NOW)
    assert sorted(p.name for p in out.glob("part-*.nq")) == [f"part-0000{i}.nq" for i in range(3)]


# -- Dask ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Any:
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as c:
        yield c


def test_dask_shards_equal_the_local_engines(
    tmp_path: Path, cluster: Any, local_nlp: list[str | None]
) -> None:
    paths = corpus(tmp_path)
    local = extract_shards(paths, str(tmp_path / "local"), workers=1, partition_size=2, now=NOW)
    dask = extract_shards(
        paths,
        str(tmp_path / "dask"),
        engine="dask",
        scheduler=cluster.scheduler_address,
        partition_size=2,
        now=NOW,
    )
    assert dask.partitions == local.partitions == 6
    for name in [f"part-{i:05d}.nq" for i in range(6)]:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert json.loads((tmp_path / "dask" / "manifest.json").read_text()) == json.loads(
        (tmp_path / "local" / "manifest.json").read_text()
    )


def test_a_dask_worker_killed_mid_run_is_retried_without_loss(
    tmp_path: Path, cluster: Any, local_nlp: list[str | None]
) -> None:
    distributed = pytest.importorskip("distributed")
    paths = corpus(tmp_path)
    local = extract_shards(paths, str(tmp_path / "local"), workers=1, partition_size=1, now=NOW)
    killed: list[int] = []

    def kill_one_busy_worker() -> None:
        with distributed.Client(cluster.scheduler_address, timeout=30) as client:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not killed:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy and list((tmp_path / "dask").glob("part-*.nq")):
                    pids = client.run(os.getpid, workers=busy[:1])
                    pid = next(iter(pids.values()))
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                time.sleep(0.02)

    killer = threading.Thread(target=kill_one_busy_worker)
    killer.start()
    dask = extract_shards(
        paths,
        str(tmp_path / "dask"),
        engine="dask",
        scheduler=cluster.scheduler_address,
        partition_size=1,
        now=NOW,
    )
    killer.join()
    assert killed, "no worker was busy while shards were being written"
    assert (dask.articles, dask.failed, dask.partitions) == (local.articles, 1, local.partitions)
    for shard in sorted((tmp_path / "local").glob("part-*.nq")):
        assert (tmp_path / "dask" / shard.name).read_bytes() == shard.read_bytes()
    assert not list((tmp_path / "dask").glob(".*.tmp"))
