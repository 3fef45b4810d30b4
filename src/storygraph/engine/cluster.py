"""Running partitions on a Dask cluster (the ``--engine dask`` of ``storygraph extract``).

Without a scheduler address, a :class:`distributed.LocalCluster` of ``workers`` processes
(one thread each) runs on this machine; with one, any running cluster does (Kubernetes,
YARN, an HPC queue through dask-jobqueue: whatever Dask deploys). A worker plugin loads
the spaCy pipeline once per worker, also on a worker that joins or is restarted later.
Each partition is one task that reads its pieces, extracts them and writes its shard and
record into the output directory, which the workers must reach (a shared filesystem or an
fsspec URL). A worker that dies mid-task loses nothing: the scheduler runs the task again
elsewhere, and a shard is only ever renamed into place whole.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from storygraph import extract  # called as extract.load_pipeline in the workers
from storygraph.engine.shards import PartitionJob, PartitionRecord, run_partition
from storygraph.errors import InputError, StorygraphError

__all__ = ["PLUGIN_NAME", "PipelinePlugin", "run_dask"]

PLUGIN_NAME = "storygraph-pipeline"


class PipelinePlugin:
    """What the Dask worker plugin does: load the pipeline when the worker starts.

    :func:`run_dask` registers it mixed with :class:`distributed.WorkerPlugin` (which Dask
    requires), so that importing this module does not import Dask.
    """

    name = PLUGIN_NAME

    def __init__(self, model: str | None) -> None:
        self.model = model
        self.nlp: Any = None
        self.error: StorygraphError | None = None

    def setup(self, worker: Any) -> None:
        try:
            self.nlp = extract.load_pipeline(self.model)
        except StorygraphError as exc:  # reported by the tasks, with storygraph's message
            self.error = exc

    def teardown(self, worker: Any) -> None:
        self.nlp = None


def _task(job: PartitionJob) -> PartitionRecord:
    """One partition on a Dask worker, with the pipeline its plugin loaded."""
    import distributed  # a Dask worker is running this: Dask is there

    plugin: Any = distributed.get_worker().plugins[PLUGIN_NAME]
    if plugin.error is not None:
        raise plugin.error
    return run_partition(job, plugin.nlp)


def run_dask(
    todo: list[PartitionJob],
    *,
    scheduler: str | None,
    workers: int,
    model: str | None,
    done: Callable[[PartitionRecord], None],
) -> None:
    """Extract each partition of ``todo`` on a Dask cluster; call ``done`` with each
    record as it lands.

    Raises:
        InputError: Dask is not installed, or the scheduler cannot be reached.
    """
    try:  # optional: the 'dask' extra
        import distributed
    except ImportError as exc:
        raise InputError(
            "--engine dask needs Dask: pip install 'storygraph[dask]' (dask and distributed)"
        ) from exc
    dask: Any = distributed  # untyped
    cluster = None
    try:
        if scheduler is None:
            cluster = dask.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # no fixed port: 8787 may be taken by another cluster
                silence_logs=logging.ERROR,
            )
            client = dask.Client(cluster)
        else:
            client = dask.Client(scheduler, timeout=30)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise InputError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        plugin = type("StorygraphPipelinePlugin", (PipelinePlugin, dask.WorkerPlugin), {})
        client.register_plugin(plugin(model), name=PLUGIN_NAME)
        futures = [client.submit(_task, job, pure=False) for job in todo]
        for future in dask.as_completed(futures):
            done(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
