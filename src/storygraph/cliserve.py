"""``storygraph serve``: the story workbench, a local web app over the store (see
``docs/serve.md``). Registered on the group in :mod:`storygraph.cli`."""

from __future__ import annotations

import click

from storygraph.clioptions import problem, status, store_settings
from storygraph.serve import ServeConfig
from storygraph.serve import serve as run_workbench

__all__ = ["serve"]


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than 127.0.0.1 lets other machines in (a warning).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the home page in a browser.")
@click.option(
    "--allow-edits",
    is_flag=True,
    help="Accept merge decisions on entity pages and SPARQL updates on /sparql.",
)
@click.option(
    "--aliases",
    default="aliases.yaml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Alias file that merge decisions are written to (with --allow-edits).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    metavar="SECONDS",
    help="Seconds a query on /sparql may run before it is stopped [default: 10].",
)
@click.option(
    "--store",
    "store_location",
    metavar="PATH|URL",
    default=None,
    help="Embedded store directory (opened read-only) or SPARQL endpoint URL "
    "[default: $STORYGRAPH_STORE or ./storygraph-data].",
)
def serve(
    store_location: str | None,
    timeout: float | None,
    host: str,
    port: int,
    open_browser: bool,
    allow_edits: bool,
    aliases: str,
) -> None:
    """Serve the story workbench: search, entity, article, timeline, claims and graph pages,
    and a SPARQL endpoint with a query editor, on this machine.

    The store is opened read-only, so ingest can keep writing into it; nothing is changed
    unless --allow-edits is given. Every script the pages use is served from here: no page
    loads anything from another host. See docs/serve.md.

    \b
    Examples:
      storygraph serve --open
      storygraph serve --store /data/news --port 9000
      storygraph serve --allow-edits --aliases aliases.yaml
    """
    location, _, timeout = store_settings(store_location, None, timeout)
    config = ServeConfig(
        location=location,
        allow_edits=allow_edits,
        alias_file=aliases,
        timeout=10.0 if timeout is None else timeout,
        host=host,
    )
    run_workbench(
        config,
        port=port,
        open_browser=open_browser,
        say=status,
        warn=lambda message: problem("Warning", message),
    )
