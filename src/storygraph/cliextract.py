"""``storygraph extract``: articles to N-Quads without a store, one file or shards (the
engine, here or on a Dask cluster). Registered on the group in :mod:`storygraph.cli`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from storygraph.clioptions import (
    article_progress,
    max_bytes_option,
    metadata_options,
    problem,
    progress_bar,
    quiet,
    report_problems,
    status,
    workers_option,
)
from storygraph.engine import DEFAULT_PARTITION_SIZE, ENGINES, extract_shards
from storygraph.ingest import default_workers, extract_to_nquads
from storygraph.progress import Progress
from storygraph.readers import Overrides

__all__ = ["extract"]


def _one_file(output: str) -> bool:
    """Whether ``extract -o`` names one N-Quads file (``-``, ``*.nq``) rather than shards."""
    return output == "-" or (output.lower().endswith(".nq") and not Path(output).is_dir())


def _extract_shards(paths: tuple[str, ...], output: str, **options: Any) -> None:
    """``extract -o DIR``: the shards, a progress line per shard, the summary."""
    bar = Progress("extract", "shard", quiet=quiet())
    bar.message("planning partitions and starting the workers")
    summary = extract_shards(
        paths,
        output,
        progress=lambda s, record: bar.update(s.partitions, note=record.shard),
        **options,
    )
    bar.close()
    for source, error in summary.failures:
        problem("Error", f"{source}: {error}")
    if summary.failed > len(summary.failures):
        more = summary.failed - len(summary.failures)
        click.echo(f"Error: … and {more} more unreadable input(s)", err=True)
    status(f"{summary.format()}; manifest: {output.rstrip('/')}/manifest.json")
    if summary.failed:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@metadata_options
@click.option(
    "-o",
    "--output",
    type=click.Path(writable=True),
    required=True,
    help="A directory for N-Quads shards (part-NNNNN.nq, a record each, manifest.json), or "
    "one N-Quads file: a name ending in .nq, or - for stdout.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Who extracts the shards: processes on this machine, or a Dask cluster "
    "(pip install 'storygraph[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="A running Dask scheduler (tcp://host:8786) [default: a LocalCluster of --workers "
    "processes].",
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=DEFAULT_PARTITION_SIZE,
    show_default=True,
    help="Articles (JSON lines) per shard: one task each.",
)
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@max_bytes_option
@workers_option
@click.pass_context
def extract(
    ctx: click.Context,
    paths: tuple[str, ...],
    published: Any,
    published_from: str,
    publisher: str | None,
    title: str | None,
    model: str | None,
    output: str,
    engine: str,
    scheduler: str | None,
    partition_size: int,
    batch_size: int,
    max_bytes: int | None,
    workers: int | None,
) -> None:
    """Run extraction alone and write N-Quads shards, for bulk loading into any store.

    With -o DIR, the input is cut into partitions of --partition-size articles, each
    extracted into one shard, here or on a Dask cluster; a rerun skips the shards already
    made. With -o FILE.nq (or -), one file. Each article is one named graph;
    docs/scaling.md shows how to load shards into Oxigraph, Fuseki, GraphDB or Virtuoso.

    \b
    Example:
      storygraph extract corpus/ -o shards/ --workers 4
      storygraph extract corpus/ -o shards/ --engine dask --scheduler tcp://host:8786
      storygraph load shards/
      storygraph extract corpus/part-001/ -o part-001.nq
    """
    overrides = Overrides(published, publisher, title, published_from)  # type: ignore[arg-type]
    shard_options = ("engine", "scheduler", "partition_size")
    given = [o for o in shard_options if ctx.get_parameter_source(o) != ParameterSource.DEFAULT]
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler is for --engine dask")
    if not _one_file(output):
        _extract_shards(
            paths,
            output,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
            model=model,
            overrides=overrides,
            partition_size=partition_size,
            batch_size=batch_size,
            max_bytes=max_bytes,
        )
        return
    if given:
        names = ", ".join("--" + o.replace("_", "-") for o in given)
        raise click.UsageError(f"{names}: for shards; give -o a directory, not one file")
    out_file = click.open_file(output, "w", encoding="utf-8", atomic=output != "-")
    with progress_bar("extract") as bar, out_file as out:
        summary = extract_to_nquads(
            paths,
            None,
            out,
            model=model,
            workers=workers or default_workers(),
            overrides=overrides,
            batch_size=batch_size,
            max_bytes=max_bytes,
            progress=article_progress(bar),
        )
    report_problems(summary)
    status(summary.format().replace("written", "extracted"))
    if summary.failed:
        sys.exit(1)
