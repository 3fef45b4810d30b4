"""Extraction to N-Quads shards, partition by partition, on this machine or a Dask cluster.

``storygraph extract INPUT -o OUTDIR [--engine local|dask]``: the input is cut into
partitions (:mod:`~storygraph.engine.partitions`), each partition is extracted into one
shard with its record (:mod:`~storygraph.engine.shards`), by a local pool
(:mod:`~storygraph.engine.local`) or by Dask (:mod:`~storygraph.engine.cluster`), and the
run ends with ``manifest.json``. Both engines run the same function on each partition with
the run's one timestamp, so their shards are byte-identical; a rerun skips the partitions
already done. Load the shards with ``storygraph load OUTDIR`` or a store's bulk loader
(``docs/scaling.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from storygraph.engine.cluster import run_dask
from storygraph.engine.local import run_local
from storygraph.engine.partitions import Partition, Piece, plan_partitions, read_partition
from storygraph.engine.shards import (
    MANIFEST,
    PartitionJob,
    PartitionRecord,
    ShardSummary,
    finished_record,
    prepare_outdir,
    remove_stale,
    shard_paths,
    write_manifest,
)
from storygraph.ingest import default_workers
from storygraph.readers import DEFAULT_MAX_BYTES, Overrides

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "ENGINES",
    "MANIFEST",
    "Partition",
    "PartitionRecord",
    "Piece",
    "ShardSummary",
    "extract_shards",
    "plan_partitions",
    "read_partition",
    "shard_paths",
]

#: The engines ``storygraph extract --engine`` offers.
ENGINES = ("local", "dask")
#: Articles (or JSON lines) per partition, so per shard and per task.
DEFAULT_PARTITION_SIZE = 250


def extract_shards(
    paths: Iterable[str],
    outdir: str,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    model: str | None = None,
    overrides: Overrides | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    batch_size: int = 32,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    now: datetime | None = None,
    progress: Callable[[ShardSummary, PartitionRecord], None] | None = None,
) -> ShardSummary:
    """Extract every article under ``paths`` into N-Quads shards in ``outdir``.

    Args:
        paths: files, directories (local or fsspec URLs the workers can reach).
        outdir: the directory for ``part-NNNNN.nq`` shards, their records and
            ``manifest.json`` (a local path or an fsspec URL).
        engine: ``local`` (this machine) or ``dask``.
        scheduler: a Dask scheduler address (``tcp://host:8786``); None starts a
            ``LocalCluster`` of ``workers`` processes.
        workers: processes on this machine (default: its cores); ignored with a scheduler.
        model: the spaCy pipeline each worker loads.
        overrides: metadata from the command line.
        partition_size: articles per partition (JSON lines count as articles).
        batch_size: articles per ``nlp.pipe`` batch inside a partition.
        max_bytes: the largest file or JSON line read as one article (a larger one fails
            alone, unread); None: no limit.
        now: the run's timestamp (``prov:startedAtTime``); default: the current time.
        progress: called with the running summary after each partition lands.

    Raises:
        InputError: stdin among the paths, a bad output directory, Dask missing or its
            scheduler unreachable.
        ModelError: the pipeline cannot be loaded.
        StorygraphError: a local worker process died (finished shards are kept).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise ValueError("a scheduler address is for engine='dask'")
    n = workers or default_workers()
    if n < 1:
        raise ValueError(f"workers must be at least 1, not {n}")
    plan = plan_partitions(paths, partition_size, max_bytes)
    prepare_outdir(outdir)
    stamp = now or datetime.now(UTC)
    summary = ShardSummary()
    records: list[PartitionRecord] = []
    todo: list[PartitionJob] = []
    for partition in plan:
        fingerprint = partition.fingerprint(overrides, model)
        record = finished_record(outdir, partition, fingerprint)
        if record is None:
            todo.append(PartitionJob(partition, fingerprint, outdir, overrides, batch_size, stamp))
        else:
            records.append(record)
            summary.add(record)
            summary.skipped += 1

    def done(record: PartitionRecord) -> None:
        records.append(record)
        summary.add(record)
        if progress is not None:
            progress(summary, record)

    if engine == "dask" and todo:
        run_dask(todo, scheduler=scheduler, workers=n, model=model, done=done)
    elif todo:
        run_local(todo, workers=n, model=model, done=done)
    remove_stale(outdir, len(plan))
    write_manifest(outdir, records, summary)
    return summary
