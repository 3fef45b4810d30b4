"""Running partitions on this machine: in this process, or a pool of worker processes that
each load the pipeline once (the ``--engine local`` of ``storygraph extract``)."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from storygraph import extract  # called as extract.load_pipeline: tests substitute it
from storygraph.engine.partitions import Partition
from storygraph.engine.shards import PartitionRecord, run_partition
from storygraph.errors import StorygraphError
from storygraph.readers import Overrides

__all__ = ["run_local"]

Todo = list[tuple[Partition, str]]

_nlp: Any = None
_error: StorygraphError | None = None


def _init(model: str | None) -> None:
    """Pool initializer: load the pipeline once per worker process."""
    global _nlp, _error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    try:
        _nlp = extract.load_pipeline(model)
    except StorygraphError as exc:  # reported by the first task, not by a broken pool
        _error = exc


def _task(
    partition: Partition,
    fingerprint: str,
    outdir: str,
    overrides: Overrides | None,
    batch_size: int,
    now: datetime,
) -> PartitionRecord:
    if _error is not None:
        raise _error
    return run_partition(
        partition,
        outdir,
        _nlp,
        fingerprint=fingerprint,
        overrides=overrides,
        batch_size=batch_size,
        now=now,
    )


def run_local(
    todo: Todo,
    outdir: str,
    *,
    workers: int,
    model: str | None,
    overrides: Overrides | None,
    batch_size: int,
    now: datetime,
    done: Callable[[PartitionRecord], None],
) -> None:
    """Extract each partition of ``todo`` (with its fingerprint) into ``outdir``; call
    ``done`` with each record as it lands (in the order they finish)."""
    if workers == 1 or len(todo) == 1:
        nlp = extract.load_pipeline(model)
        for partition, fingerprint in todo:
            done(
                run_partition(
                    partition,
                    outdir,
                    nlp,
                    fingerprint=fingerprint,
                    overrides=overrides,
                    batch_size=batch_size,
                    now=now,
                )
            )
        return
    # never fork: the parent may hold a pipeline; forkserver, else spawn
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        min(workers, len(todo)),
        mp_context=multiprocessing.get_context(method),
        initializer=_init,
        initargs=(model,),
    )
    try:
        jobs = [pool.submit(_task, p, fp, outdir, overrides, batch_size, now) for p, fp in todo]
        for job in as_completed(jobs):
            done(job.result())
    except BrokenProcessPool as exc:
        raise StorygraphError(
            "a worker process died while extracting (killed, or out of memory?); the "
            "finished shards are kept: run the same command again to go on"
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
