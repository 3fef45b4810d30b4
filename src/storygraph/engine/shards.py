"""One partition → one N-Quads shard and its record; the manifest of a whole run.

An output directory holds ``part-00000.nq`` … (one named graph per article, as
``storygraph extract -o FILE.nq`` writes them), beside each shard its record
``part-00000.json`` (the partition's fingerprint and counts), and ``manifest.json`` (the
totals, every shard and the first failures). A shard and then its record are each written
to a temporary name and renamed, so a shard with a record is complete: a rerun skips the
partitions whose record holds the same fingerprint, and redoes the others (a worker killed
mid-partition leaves at most a temporary file, which the rerun replaces).
"""

from __future__ import annotations

import io
import json
import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from storygraph.engine.partitions import Partition, is_url, read_partition
from storygraph.errors import InputError
from storygraph.ingest import MAX_REPORTED, IngestSummary, extract_read
from storygraph.readers import Overrides

__all__ = [
    "MANIFEST",
    "PartitionJob",
    "PartitionRecord",
    "ShardSummary",
    "finished_record",
    "prepare_outdir",
    "remove_stale",
    "run_partition",
    "shard_paths",
    "write_manifest",
]

MANIFEST = "manifest.json"


@dataclass
class PartitionRecord:
    """What extracting one partition gave (``part-NNNNN.json``)."""

    partition: int
    shard: str
    fingerprint: str
    articles: int = 0
    triples: int = 0
    entities: int = 0
    mentions: int = 0
    failed: int = 0
    warnings: int = 0
    failures: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class ShardSummary:
    """A whole run: totals over every partition, and how many were done before."""

    partitions: int = 0
    skipped: int = 0
    articles: int = 0
    triples: int = 0
    entities: int = 0
    mentions: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, record: PartitionRecord) -> None:
        self.partitions += 1
        self.articles += record.articles
        self.triples += record.triples
        self.entities += record.entities
        self.mentions += record.mentions
        self.failed += record.failed
        room = MAX_REPORTED - len(self.failures)
        self.failures.extend((s, r) for s, r in record.failures[: max(0, room)])

    def format(self) -> str:
        """The one-line summary the command line prints."""
        done = f" ({self.skipped} done before and skipped)" if self.skipped else ""
        return (
            f"{self.partitions} shard(s){done}: {self.articles} article(s) extracted, "
            f"{self.failed} failed; {self.entities} entities, {self.mentions} mentions, "
            f"{self.triples} triples"
        )


# -- the output directory (a local path or an fsspec URL) -------------------------------------


def _fs(outdir: str) -> tuple[Any, str]:
    """fsspec's filesystem and path for a URL output (imported only then)."""
    import fsspec  # type: ignore[import-untyped]  # optional: only URLs need it (it comes with the 'dask' extra)

    fs, inner = fsspec.core.url_to_fs(outdir)
    return fs, inner


def _join(outdir: str, name: str) -> str:
    return f"{outdir.rstrip('/')}/{name}" if is_url(outdir) else str(Path(outdir) / name)


def _write_atomic(outdir: str, name: str, data: bytes) -> None:
    """Write ``name`` under ``outdir`` through a temporary name and a rename."""
    tmp = f".{name}.{uuid.uuid4().hex}.tmp"
    if is_url(outdir):
        fs, inner = _fs(outdir)
        with fs.open(f"{inner}/{tmp}", "wb") as out:
            out.write(data)
        fs.mv(f"{inner}/{tmp}", f"{inner}/{name}")
        return
    path = Path(outdir) / tmp
    with path.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(path, Path(outdir) / name)


def _read(outdir: str, name: str) -> bytes | None:
    try:
        if is_url(outdir):
            fs, inner = _fs(outdir)
            with fs.open(f"{inner}/{name}", "rb") as f:
                data: bytes = f.read()
                return data
        return (Path(outdir) / name).read_bytes()
    except (OSError, FileNotFoundError):
        return None


def prepare_outdir(outdir: str) -> None:
    """Create the output directory; refuse a file, or a directory of something else.

    Raises:
        InputError: ``outdir`` is a file, or a non-empty directory without a manifest
            or shards (storygraph writes only into its own directories).
    """
    if is_url(outdir):
        fs, inner = _fs(outdir)
        fs.makedirs(inner, exist_ok=True)
        return
    path = Path(outdir)
    if path.exists() and not path.is_dir():
        raise InputError(f"{outdir} is a file; -o takes a directory for the shards")
    if path.is_dir():
        names = [p.name for p in path.iterdir() if not p.name.startswith(".")]
        ours = [n for n in names if n == MANIFEST or n.startswith("part-")]
        if names and not ours:
            raise InputError(
                f"{outdir} holds other files; give a new or empty directory for the shards"
            )
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob(".part-*.tmp"):  # left by a run that was killed
        stale.unlink(missing_ok=True)


# -- one partition ---------------------------------------------------------------------------


def finished_record(outdir: str, partition: Partition, fingerprint: str) -> PartitionRecord | None:
    """The record of a partition a previous run finished with the same fingerprint."""
    data = _read(outdir, f"{partition.name}.json")
    if data is None:
        return None
    try:
        record = PartitionRecord(**json.loads(data))
    except (ValueError, TypeError):
        return None
    if record.fingerprint != fingerprint or _read(outdir, record.shard) is None:
        return None
    return record


@dataclass(frozen=True)
class PartitionJob:
    """One partition to extract, with all a worker needs but the pipeline (it pickles)."""

    partition: Partition
    fingerprint: str
    outdir: str
    overrides: Overrides | None
    batch_size: int
    now: datetime


def run_partition(job: PartitionJob, nlp: Any) -> PartitionRecord:
    """Extract one partition with a loaded pipeline; write its shard, then its record."""
    partition, outdir, fingerprint = job.partition, job.outdir, job.fingerprint
    began = time.perf_counter()
    out = io.StringIO()
    summary: IngestSummary = extract_read(
        read_partition(partition, job.overrides), nlp, out, batch_size=job.batch_size, now=job.now
    )
    shard = f"{partition.name}.nq"
    _write_atomic(outdir, shard, out.getvalue().encode("utf-8"))
    record = PartitionRecord(
        partition=partition.index,
        shard=shard,
        fingerprint=fingerprint,
        articles=summary.articles,
        triples=summary.triples,
        entities=summary.entities,
        mentions=summary.mentions,
        failed=summary.failed,
        warnings=len(summary.warnings) + summary.warnings_omitted,
        failures=[[s, r] for s, r in summary.failures],
        seconds=round(time.perf_counter() - began, 3),
    )
    _write_atomic(outdir, f"{partition.name}.json", json.dumps(asdict(record)).encode())
    return record


def write_manifest(outdir: str, records: Iterable[PartitionRecord], summary: ShardSummary) -> None:
    """``manifest.json``: the totals and every shard with its counts, in partition order."""
    shards = [
        {"shard": r.shard, "articles": r.articles, "triples": r.triples, "failed": r.failed}
        for r in sorted(records, key=lambda r: r.partition)
    ]
    manifest = {
        "partitions": summary.partitions,
        "articles": summary.articles,
        "triples": summary.triples,
        "entities": summary.entities,
        "mentions": summary.mentions,
        "failed": summary.failed,
        "shards": shards,
        "failures": [list(f) for f in summary.failures],
    }
    _write_atomic(outdir, MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())


def shard_paths(outdir: str) -> list[str]:
    """The shards of an output directory, in partition order (from its manifest)."""
    data = _read(outdir, MANIFEST)
    if data is None:
        raise InputError(f"{outdir} has no {MANIFEST}: not a finished `storygraph extract` run")
    return [_join(outdir, s["shard"]) for s in json.loads(data)["shards"]]


def remove_stale(outdir: str, partitions: int) -> None:
    """Remove the shards and records of partitions past ``partitions`` (a previous run of a
    larger input into the same directory), and the temporary files of killed workers, so
    that the directory holds one run."""
    if is_url(outdir):
        return  # the manifest names the shards; a loader reading it ignores the others
    for tmp in Path(outdir).glob(".part-*.tmp"):
        tmp.unlink(missing_ok=True)
    for path in Path(outdir).glob("part-*.*"):
        try:
            index = int(path.stem.removeprefix("part-"))
        except ValueError:
            continue
        if index >= partitions and path.suffix in (".nq", ".json"):
            path.unlink(missing_ok=True)
