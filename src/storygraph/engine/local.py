"""Running partitions on this machine: in this process, or a pool of worker processes that
each load the pipeline once (the ``--engine local`` of ``storygraph extract``)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from storygraph import extract  # called as extract.load_pipeline: tests substitute it
from storygraph.engine.shards import PartitionJob, PartitionRecord, run_partition
from storygraph.errors import StorygraphError
from storygraph.ingest import worker_context

__all__ = ["run_local"]

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


def _task(job: PartitionJob) -> PartitionRecord:
    if _error is not None:
        raise _error
    return run_partition(job, _nlp)


def run_local(
    todo: list[PartitionJob],
    *,
    workers: int,
    model: str | None,
    done: Callable[[PartitionRecord], None],
) -> None:
    """Extract each partition of ``todo`` into its output directory; call
    ``done`` with each record as it lands (in the order they finish)."""
    if workers == 1 or len(todo) == 1:
        nlp = extract.load_pipeline(model)
        for job in todo:
            done(run_partition(job, nlp))
        return
    pool = ProcessPoolExecutor(
        min(workers, len(todo)),
        mp_context=worker_context(),  # never forked from here: the parent may hold a pipeline
        initializer=_init,
        initargs=(model,),
    )
    try:
        futures = [pool.submit(_task, job) for job in todo]
        for future in as_completed(futures):
            done(future.result())
    except BrokenProcessPool as exc:
        raise StorygraphError(
            "a worker process died while extracting (killed, or out of memory?); the "
            "finished shards are kept: run the same command again to go on"
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
