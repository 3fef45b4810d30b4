"""The `storygraph` command line: parsing and printing only; the work is in the library."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import webbrowser
from pathlib import Path
from typing import Any

import click

from storygraph.__version__ import __version__
from storygraph.cliextract import extract
from storygraph.clioptions import (
    article_progress,
    graph_options,
    graph_options_from,
    group_options,
    max_bytes_option,
    metadata_options,
    page_options,
    parse_params,
    printable,
    problem,
    progress_bar,
    query_file_option,
    quiet,
    read_query,
    report_problems,
    status,
    store_option,
    store_settings,
    table_width,
    with_store,
    workers_option,
    write_output,
)
from storygraph.cliserve import serve
from storygraph.errors import InputError, StorygraphError, ValidationError
from storygraph.evaluate.run import compare_meantime, run_evaluation
from storygraph.export import DOCUMENT_FORMATS, EXPORT_FORMATS, export_document, export_story
from storygraph.ingest import default_workers, remove_article
from storygraph.ingest import ingest as run_ingest
from storygraph.progress import Progress
from storygraph.query import (
    QUERY_FORMATS,
    bind_params,
    named_queries,
    named_query,
    query_store,
    run_update,
)
from storygraph.query.paging import DEFAULT_TABLE_LIMIT, page_note
from storygraph.query.stats import store_stats
from storygraph.query.validate import validate_store
from storygraph.readers import Overrides
from storygraph.readers.aliases import load_aliases
from storygraph.store.files import load_files, rdf_files
from storygraph.story import link_story


class StorygraphGroup(click.Group):
    """Turns every StorygraphError into ``Error: …`` and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorygraphError as exc:
            raise click.ClickException(printable(str(exc), lines=False)) from exc
        except click.ClickException as exc:
            exc.message = printable(exc.message, lines=False)  # type: ignore[misc]
            raise
        except UnicodeEncodeError as exc:
            if exc.reason != "surrogates not allowed":
                raise
            # Python reads bytes of an argument that are not UTF-8 as lone surrogates
            bad = printable(exc.object[exc.start : exc.end])
            raise click.ClickException(
                f"an argument holds bytes that are not UTF-8 ({bad}); give text as UTF-8"
            ) from exc
        except KeyboardInterrupt:
            click.echo("Interrupted; everything committed so far is kept.", err=True)
            sys.exit(130)


@click.group(cls=StorygraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storygraph")
@group_options
@click.pass_context
def cli(
    ctx: click.Context,
    store_location: str | None,
    wait: float | None,
    timeout: float | None,
    quiet: bool,
) -> None:
    """Turn news stories into a knowledge graph you can query and look at.

    The store options may come before the command (they apply to it) or after it. Data
    goes to stdout; progress and status lines go to stderr (-q silences them).

    \b
    Example:
      storygraph ingest examples/ --published 2026-11-26
      storygraph query --named entities
      storygraph --store /tmp/news stats
    """
    ctx.obj = {"store_location": store_location, "wait": wait, "timeout": timeout, "quiet": quiet}


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "fmt",
    default=None,
    help="RDF format: turtle, nt, nquads, trig, jsonld, xml [default: from the suffix; "
    "needed for - (stdin)].",
)
@click.option("--graph", default=None, metavar="IRI", help="Graph for triples outside any graph.")
@with_store(create=True)
def load(store: Any, files: tuple[str, ...], fmt: str | None, graph: str | None) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).

    Each named graph in the files replaces a stored graph of the same name. A directory
    loads the RDF files in it by name (the shards of `extract -o DIR`, through Oxigraph's
    bulk loader). A FILE of - reads standard input (give --format).

    \b
    Example:
      storygraph load examples/meta-story.trig
      storygraph load shards/
      curl -s https://example.org/data.nq | storygraph load - --format nquads
    """
    paths = rdf_files([Path(f) for f in files])
    with Progress("load", "file", len(paths), quiet=quiet()) as bar:
        for path, n in load_files(store, paths, fmt=fmt, graph=graph):
            bar.advance(note=str(path))
            status(f"loaded {n} statements from {'<stdin>' if str(path) == '-' else path}")


@cli.command()
@click.argument("sparql", required=False)
@click.argument("arguments", nargs=-1)
@query_file_option("query")
@click.option("--named", "named", metavar="NAME", help="Run a named query (see `queries`).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query by name (--param ENTITY=Meta), or a variable of "
    "your query bound to a string (<…> for an IRI); repeatable.",
)
@click.option(
    "--article",
    "articles",
    multiple=True,
    metavar="ID|IRI",
    help="Keep a named query to this article; repeatable.",
)
@click.option(
    "--story",
    metavar="ID|IRI",
    help="Keep a named query to the articles of this story (--named stories lists them).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(QUERY_FORMATS)),
    default="table",
    show_default=True,
    help="table (fits the terminal; one line a row when piped), ndjson or json-rows (flat "
    "JSON rows), the W3C json, xml, csv, tsv, or turtle/nt for CONSTRUCT and DESCRIBE.",
)
@page_options
@click.option("--allow-service", is_flag=True, help="Permit SERVICE calls to other endpoints.")
@store_option
def query(
    store_location: str | None,
    wait: float,
    timeout: float | None,
    sparql: str | None,
    arguments: tuple[str, ...],
    file: str | None,
    named: str | None,
    params: tuple[str, ...],
    articles: tuple[str, ...],
    story: str | None,
    fmt: str,
    limit: int | None,
    offset: int,
    allow_service: bool,
) -> None:
    """Run a read-only SPARQL query over every article (the union of all graphs).

    Prefixes sg:, schema:, rdfs:, xsd:, prov: … are predeclared. Use GRAPH ?g to reach
    one article's graph. Updates are refused: use `storygraph update`. With --timeout, a
    query on the embedded store that runs longer is stopped.

    \b
    Examples:
      storygraph query 'SELECT ?org WHERE { ?org a sg:Organization }'
      storygraph query --named mentions Meta
      storygraph query --named claims --article politics-inquiry --format ndjson
      storygraph query --named timeline --limit 20 --offset 20
      storygraph query --named who-said-what --param ENTITY=Comey
      storygraph query --named story-timeline --story meta-applied-ai-reversal
      storygraph query -f my.rq --format csv
    """
    bindings = parse_params(params)
    if named:
        args = ((sparql,) if sparql else ()) + arguments
        if limit is None:
            limit = DEFAULT_TABLE_LIMIT if fmt == "table" else 0
        chosen: dict[str, Any] = {"params": bindings, "articles": articles, "story": story}
        text = named_query(named, args, **chosen, limit=limit or None, offset=offset)
    else:
        if limit is not None or offset:
            raise click.UsageError("--limit and --offset are for --named queries; use LIMIT")
        if arguments:
            raise click.UsageError("extra arguments are only for --named queries")
        if articles:
            raise click.UsageError("--article is for --named queries; use GRAPH in your own")
        if story:
            raise click.UsageError("--story is for --named queries")
        text = bind_params(read_query(sparql, file), bindings)
    location, wait, timeout = store_settings(store_location, wait, timeout)
    # the store is opened by query_store: in a child process when there is a --timeout
    answer = query_store(
        location,
        text,
        fmt,
        allow_service=allow_service,
        wait=wait,
        timeout=timeout,
        width=table_width(),
    )
    click.echo(answer)
    if named and limit and fmt == "table":  # the "showing N of M" line
        page: dict[str, Any] = {"limit": limit, "offset": offset, "wait": wait, "timeout": timeout}
        note = page_note(location, named, args, **chosen, **page)
        status(note)


@cli.command()
@click.argument("sparql", required=False)
@query_file_option("update")
@with_store(create=True)
def update(store: Any, sparql: str | None, file: str | None) -> None:
    """Run a SPARQL update on the store (the only command that accepts one).

    \b
    Example:
      storygraph update 'DELETE WHERE { GRAPH ?g { ?s sg:alias "Facebook" } }'
    """
    run_update(store, read_query(sparql, file))
    status("updated")


@cli.command()
def queries() -> None:
    """List the named queries for `storygraph query --named NAME`.

    \b
    Example:
      storygraph queries
    """
    for q in named_queries():
        params = " ".join(q.parameters)
        click.echo(f"{q.name:<16} {params:<8} {q.description}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of the table.")
@with_store(create=False)
def stats(store: Any, as_json: bool) -> None:
    """Count articles, triples and nodes by class.

    \b
    Example:
      storygraph stats --store ./storygraph-data
      storygraph stats --json | jq .articles
    """
    counts = store_stats(store)
    click.echo(json.dumps(counts.to_json(), indent=2) if as_json else counts.format())


@cli.command()
@click.option("--graph", default=None, metavar="IRI", help="Validate one graph only.")
@click.option(
    "--article",
    default=None,
    metavar="ID|IRI",
    help="Validate one article's graph (its id, IRI or source path).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="text, or the SHACL sh:ValidationReport as Turtle or JSON-LD.",
)
@with_store(create=False)
def validate(store: Any, graph: str | None, article: str | None, fmt: str) -> None:
    """Check the stored graphs against the SHACL shapes; exit 1 on violations.

    One article graph at a time, with the ontology, so memory stays flat in the number of
    articles; the graphs of the story layer with the article graphs they point into.

    \b
    Example:
      storygraph validate
      storygraph validate --article meta-applied-ai-reversal
      storygraph validate --format turtle > report.ttl
    """
    if graph is not None and article is not None:
        raise click.UsageError("give --graph or --article, not both")
    report = validate_store(store, graph, article=article)
    if fmt != "text":
        click.echo(report.serialize(fmt))
        if not report.conforms:
            sys.exit(1)
        return
    if not report.conforms:
        lines = report.text.splitlines()
        click.echo("\n".join(lines[:80]))
        if len(lines) > 80:
            click.echo(f"… {len(lines) - 80} more lines")
        raise ValidationError(f"{report.violations} SHACL violation(s) in {report.triples} triples")
    click.echo(f"conforms: {report.triples} triples checked against ontology/shapes.ttl")


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@with_store(create=False)
def remove(store: Any, articles: tuple[str, ...]) -> None:
    """Remove articles (by IRI or id) and their graphs.

    Every article found is removed, each in one transaction; exit status 1 if any was not
    there.

    \b
    Example:
      storygraph remove meta-applied-ai-reversal
    """
    # Go on past an article that is not there, so that the same command run again after an
    # interruption removes the rest.
    missing = 0
    for ref in articles:
        try:
            status(f"removed {remove_article(store, ref)}")
        except InputError as exc:
            problem("Error", str(exc))
            missing += 1
    if missing:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@metadata_options
@click.option("--force", is_flag=True, help="Re-extract articles even if unchanged.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Articles written together and per job sent to a worker.",
)
@click.option(
    "--no-link",
    is_flag=True,
    help="Skip the story layer (cross-article links); run storygraph link later.",
)
@max_bytes_option
@workers_option
@with_store(create=True)
def ingest(
    store: Any,
    paths: tuple[str, ...],
    published: Any,
    published_from: str,
    publisher: str | None,
    title: str | None,
    model: str | None,
    force: bool,
    batch_size: int,
    no_link: bool,
    max_bytes: int | None,
    workers: int | None,
) -> None:
    """Read articles (txt, md, html, jsonl, directories, - for stdin) into the store.

    Unchanged articles are skipped; a changed one replaces its graph. Articles are written
    whole, a batch in transactions of at most 25,000 triples: after a failure, run the same
    command again to go on. Exit status 1 if any file failed (the others are still ingested).

    \b
    Example:
      storygraph ingest examples/ --published 2026-11-26
      storygraph ingest corpus.jsonl --workers 4
    """
    with progress_bar("ingest") as bar:
        summary = run_ingest(
            paths,
            store,
            model=model,
            workers=workers or default_workers(),
            overrides=Overrides(published, publisher, title, published_from),  # type: ignore[arg-type]
            batch_size=batch_size,
            force=force,
            progress=article_progress(bar),
            link=not no_link,
            max_bytes=max_bytes,
        )
    report_problems(summary)
    status(summary.format())
    if summary.failed:
        sys.exit(1)


cli.add_command(extract)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="trig",
    show_default=True,
    help="annotations: the mentions as W3C Web Annotations; jsonld: compact (context.jsonld).",
)
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(dir_okay=False),
    help="File to write [default: stdout, RDF and annotations only].",
)
@click.option("--graph", metavar="IRI", help="One graph only (RDF; annotations: one article).")
@graph_options
@with_store(create=False)
def export(store: Any, fmt: str, output: str, graph: str | None, **kw: Any) -> None:
    """Export the store as RDF, a networkx graph file or an offline HTML page.

    \b
    Examples:
      storygraph export --format turtle -o story.ttl
      storygraph export --format annotations -o mentions.jsonld
      storygraph export --format graphml -o story.graphml --projection
      storygraph export --format html -o story.html --focus Meta --depth 2
    """
    if fmt in DOCUMENT_FORMATS:
        with progress_bar("export", "annotation", f"writing {fmt}") as p:
            write_output(output, lambda o: export_document(store, fmt, o, graph, progress=p.count))
        return
    if output == "-":
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    with progress_bar("export", "node", f"drawing the graph as {fmt}"):
        line = export_story(store, fmt, output, graph_options_from(kw))
    status(line)


@cli.command()
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False),
    help="Where to write the page [default: a new file in the temporary folder].",
)
@click.option("--no-open", is_flag=True, help="Only write the page and print its path.")
@graph_options
@with_store(create=False)
def view(store: Any, output: str | None, no_open: bool, **kw: Any) -> None:
    """Write the interactive HTML graph and open it in a browser.

    \b
    Example:
      storygraph view --focus Meta --depth 2
    """
    if output is None:
        fd, output = tempfile.mkstemp(prefix="storygraph-", suffix=".html")
        os.close(fd)
    status(export_story(store, "html", output, graph_options_from(kw)))
    path = Path(output).resolve()
    if no_open:
        click.echo(str(path))
        return
    try:
        opened = webbrowser.open(path.as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        click.echo(f"no browser found; open {path}")


@cli.command()
@click.option(
    "--aliases",
    type=click.Path(exists=True, dir_okay=False),
    help="YAML file of names to keep apart ('different:') or force together ('same:').",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Show only links scoring at least this.",
)
@with_store(create=False)
def link(store: Any, aliases: str | None, min_score: float) -> None:
    """Link the articles of the store: same entities, same events, claim relations.

    Rebuilds the story layer (ingest runs it too) and prints every link and merge
    suggestion, best first: score, the two names with their articles, and why. An alias
    file undoes a merge ('different:').

    \b
    Example:
      storygraph link --min-score 0.6
      storygraph link --aliases aliases.yaml
    """
    summary = link_story(store, load_aliases(aliases) if aliases else None)
    click.echo(summary.table(min_score))


cli.add_command(serve)


@cli.command(name="eval")
@click.argument("kind", type=click.Choice(["meantime", "timeml", "brat", "story"]))
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object keyed by task.")
@click.option(
    "--baseline",
    is_flag=True,
    help="Score plain spaCy NER instead of storygraph (story: without the story layer).",
)
@click.option("--model", default=None, help="spaCy pipeline to use.")
@click.option(
    "--by-corpus",
    is_flag=True,
    help="meantime: storygraph and plain spaCy side by side on each sub-corpus, with the gap.",
)
def evaluate(
    kind: str, directory: str, as_json: bool, baseline: bool, model: str | None, by_corpus: bool
) -> None:
    """Score extraction against gold data (MEANTIME CAT XML, TimeML, brat attribution, or a
    story gold: gold.json and text/ as in story-dev).

    \b
    Examples:
      storygraph eval meantime ../shared/data/meantime-dev
      storygraph eval timeml ../shared/data/samples --json
      storygraph eval story ../shared/data/story-dev
      storygraph eval meantime ../shared/data/meantime-dev --by-corpus
    """
    if by_corpus:
        if kind != "meantime":
            raise click.UsageError("--by-corpus is for meantime gold data")
        with progress_bar("eval", "extraction", "loading the spaCy pipeline") as bar:
            comparison = compare_meantime(directory, model=model, progress=bar.update)
        click.echo(
            json.dumps(comparison.to_json(), indent=2) if as_json else comparison.format_table()
        )
        return
    with progress_bar("eval", first="loading the pipeline and extracting") as p:
        report = run_evaluation(kind, directory, model=model, baseline=baseline, progress=p.update)
    click.echo(json.dumps(report.to_json(), indent=2) if as_json else report.format_table())


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="storygraph")
