"""The options several `storygraph` commands share, as decorators: the store, article
metadata, workers and what part of the graph to draw."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from storygraph.errors import ArticleError
from storygraph.export import GraphOptions
from storygraph.readers import parse_date
from storygraph.store import Store, open_store

__all__ = [
    "graph_options",
    "graph_options_from",
    "metadata_options",
    "store_option",
    "with_store",
    "workers_option",
]

F = TypeVar("F", bound=Callable[..., Any])


def store_option(f: F) -> F:
    """``--store PATH|URL`` (default ./storygraph-data or $STORYGRAPH_STORE)."""
    f = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=None,
        metavar="SECONDS",
        help="Seconds before a request to a remote endpoint is abandoned [default: 30]; "
        "for `query` on the embedded store, seconds before the query is stopped "
        "[default: no limit].",
    )(f)
    f = click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=0,
        show_default=True,
        help="Seconds to wait for another process to release the embedded store.",
    )(f)
    return click.option(
        "--store",
        "store_location",
        metavar="PATH|URL",
        default=None,
        help="Embedded store directory or SPARQL endpoint URL "
        "[default: $STORYGRAPH_STORE or ./storygraph-data].",
    )(f)


def open_from_options(
    store_location: str | None, wait: float, timeout: float | None, *, create: bool
) -> Store:
    """The store the shared options name."""
    return open_store(store_location, create=create, wait=wait, timeout=timeout)


def with_store(*, create: bool) -> Callable[[F], F]:
    """Open the store from the shared options and pass it as ``store``; close it after."""

    def decorate(f: F) -> F:
        @store_option
        @functools.wraps(f)
        def wrapper(
            store_location: str | None, wait: float, timeout: float | None, **kw: Any
        ) -> Any:
            with open_from_options(store_location, wait, timeout, create=create) as store:
                return f(store=store, **kw)

        return wrapper  # type: ignore[return-value]

    return decorate


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return parse_date(value, what="--published date")
    except ArticleError as exc:
        raise click.BadParameter(str(exc)) from exc


def metadata_options(f: F) -> F:
    """--published, --publisher, --title and --model, shared by ingest and extract."""
    f = click.option(
        "--model",
        default=None,
        help="spaCy pipeline [default: $STORYGRAPH_MODEL or the pinned English one].",
    )(f)
    f = click.option("--title", default=None, help="Title for the articles read.")(f)
    f = click.option("--publisher", default=None, help="Publisher of the articles read.")(f)
    return click.option(
        "--published",
        callback=_date,
        metavar="DATE",
        help="Publication date (YYYY-MM-DD) that anchors 'last month', 'Wednesday' …",
    )(f)


def workers_option(f: F) -> F:
    """``--workers N``, shared by ingest and extract."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="Extraction processes, each loading the pipeline once; 1 keeps everything in "
        "this process [default: the number of CPU cores].",
    )(f)


def graph_options(f: F) -> F:
    """What part of the store to draw: shared by `export` (graph formats) and `view`."""
    for decorator in reversed(
        [
            click.option(
                "--projection",
                is_flag=True,
                help="Entities only; events and claims become edge labels.",
            ),
            click.option(
                "--focus",
                metavar="ENTITY",
                help="Only this entity (IRI or name) and its neighbours.",
            ),
            click.option(
                "--depth",
                type=click.IntRange(min=0),
                default=1,
                show_default=True,
                help="Hops around --focus.",
            ),
            click.option("--article", metavar="ID|IRI", help="One article only."),
            click.option(
                "--classes", metavar="A,B", help="Classes to keep, e.g. Organization,Event."
            ),
            click.option("--since", metavar="DATE", help="Only nodes first seen on or after DATE."),
            click.option(
                "--until", metavar="DATE", help="Only nodes first seen on or before DATE."
            ),
            click.option(
                "--cap",
                type=click.IntRange(min=1),
                default=300,
                show_default=True,
                help="Most-mentioned nodes drawn (html).",
            ),
        ]
    ):
        f = decorator(f)
    return f


def graph_options_from(kw: dict[str, Any]) -> GraphOptions:
    """The :class:`GraphOptions` of the `graph_options` a command was given (popped from kw)."""
    classes = [c.strip() for c in (kw.pop("classes") or "").split(",") if c.strip()]
    return GraphOptions(
        classes=classes,
        **{
            k: kw.pop(k)
            for k in ("projection", "focus", "depth", "article", "since", "until", "cap")
        },
    )
