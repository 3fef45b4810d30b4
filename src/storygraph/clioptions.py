"""The options several `storygraph` commands share, as decorators (the store, article
metadata, workers, what part of the graph to draw), and the small parsing and printing
helpers the commands share (a query's text, ``--param`` pairs, the table width, status
lines on stderr)."""

from __future__ import annotations

import functools
import os
import shutil
import stat
import sys
from collections.abc import Callable
from typing import IO, Any, TypeVar

import click

from storygraph.errors import ArticleError, InputError
from storygraph.export import GraphOptions
from storygraph.progress import Progress, printable
from storygraph.query.paging import DEFAULT_TABLE_LIMIT
from storygraph.readers import DEFAULT_MAX_BYTES, parse_date
from storygraph.readers.files import open_input
from storygraph.readers.metadata import MISSING_DATE
from storygraph.store import Store, open_store

__all__ = [
    "QUERY_TIMEOUT_HELP",
    "REMOTE_TIMEOUT_HELP",
    "article_progress",
    "graph_options",
    "graph_options_from",
    "group_options",
    "max_bytes_option",
    "metadata_options",
    "parse_params",
    "printable",
    "problem",
    "progress_bar",
    "query_file_option",
    "quiet",
    "read_query",
    "replaceable",
    "report_problems",
    "root_option",
    "status",
    "store_option",
    "store_settings",
    "table_width",
    "with_store",
    "workers_option",
    "write_output",
]

F = TypeVar("F", bound=Callable[..., Any])


#: ``--timeout`` for commands that open a store (the group's own help says both meanings).
REMOTE_TIMEOUT_HELP = "Seconds before a request to a remote endpoint is abandoned [default: 30]."
QUERY_TIMEOUT_HELP = (
    "Seconds before a request to a remote endpoint is abandoned [default: 30]; "
    "on the embedded store, seconds before the query is stopped [default: no limit]."
)


def _store_options(f: F, timeout_help: str) -> F:
    f = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=None,
        metavar="SECONDS",
        help=timeout_help,
    )(f)
    f = click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=None,
        metavar="SECONDS",
        help="Seconds to wait for another process to release the embedded store [default: 0].",
    )(f)
    return click.option(
        "--store",
        "store_location",
        metavar="PATH|URL",
        default=None,
        help="Embedded store directory or SPARQL endpoint URL "
        "[default: $STORYGRAPH_STORE or ./storygraph-data].",
    )(f)


def store_option(f: F) -> F:
    """``--store PATH|URL``, ``--wait``, ``--timeout`` (as for `query`); each falls back to
    the same option given before the command (``storygraph --store X query …``)."""
    return _store_options(f, QUERY_TIMEOUT_HELP)


def group_options(f: F) -> F:
    """The options of the ``storygraph`` group itself: the store options and ``-q``."""
    f = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress and no status lines on stderr (warnings and errors stay).",
    )(f)
    return _store_options(f, QUERY_TIMEOUT_HELP)


def root_option(name: str) -> Any:
    """An option given to the group (``storygraph --store X CMD``), or None."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj.get(name) if isinstance(obj, dict) else None


def quiet() -> bool:
    """Whether ``-q`` was given."""
    return bool(root_option("quiet"))


def status(message: str) -> None:
    """A status line on stderr (``loaded 12 statements …``), unless ``-q``; names in it are
    printed with their control characters escaped (:func:`storygraph.progress.printable`)."""
    if not quiet():
        click.echo(printable(message, lines=False), err=True)


def problem(kind: str, message: str) -> None:
    """``Warning: …`` or ``Error: …`` on stderr, on one line whatever the names in it hold."""
    click.echo(f"{kind}: {printable(message, lines=False)}", err=True)


#: What a run over articles says before its first count.
READING = "reading articles and loading the spaCy pipeline"


def progress_bar(what: str, unit: str = "article", first: str = READING) -> Progress:
    """Progress on stderr (silenced by ``-q``), saying ``first`` until the first count."""
    bar = Progress(what, unit, quiet=quiet())
    bar.message(first)
    return bar


def article_progress(bar: Progress) -> Callable[[Any, str], None]:
    """What ingest and extract call after each batch: articles done so far, the last source."""

    def progress(summary: Any, source: str) -> None:
        bar.update(summary.articles + summary.skipped + summary.failed, note=source)

    return progress


def store_settings(
    store_location: str | None, wait: float | None, timeout: float | None
) -> tuple[str | None, float, float | None]:
    """The command's store options, each falling back to the group's, then the default."""
    if store_location is None:
        store_location = root_option("store_location")
    if wait is None:
        wait = root_option("wait")
    if timeout is None:
        timeout = root_option("timeout")
    return store_location, wait or 0.0, timeout


def open_from_options(
    store_location: str | None, wait: float | None, timeout: float | None, *, create: bool
) -> Store:
    """The store the shared options name."""
    location, wait, timeout = store_settings(store_location, wait, timeout)
    return open_store(location, create=create, wait=wait, timeout=timeout)


def with_store(*, create: bool) -> Callable[[F], F]:
    """Open the store from the shared options and pass it as ``store``; close it after."""

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def wrapper(
            store_location: str | None, wait: float | None, timeout: float | None, **kw: Any
        ) -> Any:
            with open_from_options(store_location, wait, timeout, create=create) as store:
                return f(store=store, **kw)

        return _store_options(wrapper, REMOTE_TIMEOUT_HELP)  # type: ignore[return-value]

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
    f = click.option(
        "--published-from",
        type=click.Choice(["metadata", "filename"]),
        default="metadata",
        show_default=True,
        help="Where an article's date comes from first: its metadata (front matter, a "
        "sidecar article.json/.yaml, the page) then a date in its file name "
        "(2016-10-31-x.txt), or the file name first; --published then dates the rest.",
    )(f)
    return click.option(
        "--published",
        callback=_date,
        metavar="DATE",
        help="Publication date (YYYY-MM-DD) that anchors 'last month', 'Wednesday' …; "
        "overrides the files' own unless --published-from filename.",
    )(f)


_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """``--max-bytes``: a number of bytes, with K, M or G (binary, as in 10M); 0: no limit."""
    if value is None:
        return DEFAULT_MAX_BYTES
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    unit = text[-1:] if text[-1:] in _UNITS else ""
    number = text[: len(text) - len(unit)].strip()
    if not number.isascii() or not number.isdigit() or len(number) > 15:
        raise click.BadParameter(f"{value!r} is not a size such as 20000000, 512K, 20M or 1G")
    size = int(number) * _UNITS[unit]
    return size or None


def max_bytes_option(f: F) -> F:
    """``--max-bytes SIZE``, shared by ingest and extract: the largest input read as one
    article (a file, a JSON line or stdin)."""
    return click.option(
        "--max-bytes",
        callback=_size,
        metavar="SIZE",
        help=f"Largest file, JSON line or stdin read as one article, in bytes (K, M, G: "
        f"binary multiples, as in 20M); 0: no limit [default: {DEFAULT_MAX_BYTES // 1024**2}M]. "
        "Extraction reads about 20 kB of text a second.",
    )(f)


def page_options(f: F) -> F:
    """``--limit``/``--offset``: a page of a named query (``storygraph query --named``)."""
    f = click.option(
        "--offset",
        type=click.IntRange(min=0),
        default=0,
        help="Skip this many rows of a named query first (the next page: --offset 50).",
    )(f)
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        help=f"At most this many rows of a named query; 0: all [default: {DEFAULT_TABLE_LIMIT} "
        "for the table, with a 'showing N of M' line on stderr; all for other formats].",
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


#: The longest query or update read from a file or stdin.
MAX_QUERY_BYTES = 64 * 1024 * 1024


def query_file_option(what: str) -> Callable[[F], F]:
    """``-f/--file``: read the query (``what``: query or update) from a file, - for stdin;
    :func:`read_query` takes it with the query argument."""
    return click.option(
        "-f",
        "--file",
        "file",
        type=click.Path(exists=True, dir_okay=False, allow_dash=True),
        help=f"Read the {what} here.",
    )


def _query_text(data: bytes, where: str) -> str:
    if len(data) > MAX_QUERY_BYTES:
        raise InputError(f"{where} is over {MAX_QUERY_BYTES:,} bytes; that is no query")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where} is not UTF-8 (byte {exc.start}); save it as UTF-8") from exc


def read_query(text: str | None, file: str | None) -> str:
    """A query's text: from ``-f FILE``, the argument, or stdin (``-`` or none given).

    Raises:
        InputError: the file or stdin is not UTF-8 (the message says where it stops being
            UTF-8), is a named pipe nothing writes to, or is over 64 MiB.
    """
    if file is not None and file != "-":
        try:
            with open_input(file) as fh:
                return _query_text(fh.read(MAX_QUERY_BYTES + 1), file)
        except ArticleError as exc:
            raise InputError(f"{file}: {exc}") from exc
        except OSError as exc:
            raise InputError(f"cannot read {file}: {exc.strerror or exc}") from exc
    if text is not None and text != "-" and file is None:
        return text
    if sys.stdin.isatty() and text is None and file is None:
        raise click.UsageError("give a query as an argument, with -f FILE or --named NAME")
    return _query_text(sys.stdin.buffer.read(MAX_QUERY_BYTES + 1), "standard input")


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--param NAME=VALUE`` pairs as a dict (a later NAME wins)."""
    bindings: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        bindings[name.strip()] = value
    return bindings


def table_width() -> int | None:
    """The width to fit a table to: $COLUMNS, else the terminal's; None when piped."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def report_problems(summary: Any) -> None:
    """An ingest or extract summary's warnings and failures, on stderr; the articles without
    a date are counted in one warning."""
    undated = [w for w in summary.warnings if w.endswith(f": {MISSING_DATE}")]
    for warning in summary.warnings:
        if not warning.endswith(f": {MISSING_DATE}"):
            problem("Warning", warning)
    if undated:
        first = undated[0].removesuffix(f": {MISSING_DATE}")
        more = f" ({first} and {len(undated) - 1} more)" if len(undated) > 1 else f" ({first})"
        problem(
            "Warning",
            f"{len(undated)} article(s) without a publication date{more}: relative "
            "times (last month, Wednesday) stay unresolved. Give the date in front matter, a "
            "sidecar .json/.yaml or the file name (2016-10-31-….txt), or --published "
            "YYYY-MM-DD.",
        )
    if summary.warnings_omitted:
        click.echo(f"Warning: … and {summary.warnings_omitted} more warning(s)", err=True)
    for source, error in summary.failures:
        problem("Error", f"{source}: {error}")
    if summary.failures_omitted:
        click.echo(f"Error: … and {summary.failures_omitted} more unreadable input(s)", err=True)


def write_output(output: str, write: Callable[[IO[bytes]], None]) -> None:
    """Open the file ``output`` (``-``: stdout) and ``write`` to it; a file is replaced only
    once ``write`` has finished (atomically), and left as it was if it fails.

    Raises:
        InputError: the file cannot be written.
    """
    try:
        with click.open_file(output, "wb", atomic=replaceable(output)) as out:
            write(out)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc


def replaceable(output: str) -> bool:
    """Whether to write ``output`` atomically (a temporary file renamed over it): only for a
    regular file or a new one. A rename would put a file in place of ``/dev/stdout`` or a
    named pipe (as root, even of ``/dev/null``) and in place of a symbolic link."""
    if output == "-":
        return False
    try:
        mode = os.lstat(output).st_mode
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(mode)
