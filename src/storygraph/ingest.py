"""Ingest articles: read → extract → RDF → store, streaming, in one process or a pool.

The parent process reads the input lazily, in batches of ``batch_size`` articles, and drops
the articles whose content hash the store already holds. What is left of each batch is
extracted either in the parent (``workers=1``) or by a pool of worker processes (forkserver,
else spawn), each of which loads the spaCy pipeline once. A worker turns a job (up to
:data:`JOB_SIZE` articles of a batch) into :class:`~storygraph.rdf.quads.GraphWrite` objects
and sends them back; the parent writes each batch in input order (whole articles, in
transactions of at most :data:`~storygraph.rdf.quads.WRITE_STEP` triples). At most
``2 × workers`` batches are in flight, so memory stays flat however long the input is.

The parent takes one run timestamp (``prov:startedAtTime``) and hands it to every worker, so
1 and N workers write byte-identical graphs. In one process, a batch's write runs in a
writer thread while the next batch is parsed (pyoxigraph and the network release the GIL);
store reads (the content-hash check) never run while a write is in flight.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.context import BaseContext
from typing import IO, Any

from storygraph import extract  # called as extract.load_pipeline: tests substitute it
from storygraph.errors import StorygraphError
from storygraph.query.articles import resolve_article
from storygraph.rdf.mint import article_iri, extraction_to_graph
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import iri
from storygraph.rdf.vocab import SG
from storygraph.readers import DEFAULT_MAX_BYTES, Overrides, ReadResult, read_articles
from storygraph.records import Article
from storygraph.store import Store, iter_batches
from storygraph.story import StorySummary, link_story
from storygraph.story.link import links_pending, mark_links_pending

__all__ = [
    "MAX_REPORTED",
    "IngestSummary",
    "default_workers",
    "extract_read",
    "extract_to_nquads",
    "ingest",
    "remove_article",
    "worker_context",
]

#: Warnings and failures kept for the report; the rest are only counted (flat memory).
MAX_REPORTED = 1000
#: The most articles a worker extracts in one job (a batch is cut into jobs this small).
JOB_SIZE = 8


@dataclass
class IngestSummary:
    """What an ingest run did.

    ``warnings`` and ``failures`` keep the first :data:`MAX_REPORTED` of each; the numbers
    left out are ``warnings_omitted`` and ``failures_omitted`` (``failed`` counts them all).
    """

    articles: int = 0
    skipped: int = 0
    failed: int = 0
    entities: int = 0
    mentions: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings_omitted: int = 0
    failures_omitted: int = 0
    #: what the story layer linked after the articles were written (None: not run)
    links: StorySummary | None = None

    def format(self) -> str:
        """The one-line summary the command line prints."""
        links = f"; story layer: {self.links.format()}" if self.links is not None else ""
        return (
            f"{self.articles} article(s) ingested, {self.skipped} unchanged and skipped, "
            f"{self.failed} failed; {self.entities} entities, {self.mentions} mentions, "
            f"{self.triples} triples written{links}"
        )

    def warn(self, message: str) -> None:
        """Keep a warning for the report (or count it past the limit)."""
        if len(self.warnings) < MAX_REPORTED:
            self.warnings.append(message)
        else:
            self.warnings_omitted += 1

    def fail(self, source: str, reason: str) -> None:
        """Count an input that could not be read, keeping its reason for the report."""
        self.failed += 1
        if len(self.failures) < MAX_REPORTED:
            self.failures.append((source, reason))
        else:
            self.failures_omitted += 1


Progress = Callable[[IngestSummary, str], None]


@dataclass
class _Extracted:
    """One article's graph and the counts the summary needs (what a worker sends back)."""

    write: GraphWrite
    entities: int
    mentions: int


@dataclass
class _Batch:
    """One batch of input: the articles to extract and the last source read."""

    todo: list[Article]
    last_source: str


Sink = Callable[[_Batch, list[_Extracted]], None]


def _unique_ids(results: Iterable[ReadResult]) -> Iterator[ReadResult]:
    # Ids are compared as the IRIs they become ("X" and "x" are one), and a renamed id is
    # taken too, so a later "x-2" cannot land on the "x-2" made for a second "x".
    # Two entries per distinct id: the only state that grows with the input.
    taken: set[str] = set()
    tried: dict[str, int] = {}
    for r in results:
        if r.article is not None:
            base = r.article.id
            n = tried.get(base, 1)
            while article_iri(r.article.id) in taken:
                n += 1
                r.article.id = f"{base}-{n}"
            tried[base] = n
            taken.add(article_iri(r.article.id))
        yield r


def _stored_hashes(store: Store, articles: list[Article]) -> dict[str, str]:
    values = " ".join(iri(article_iri(a.id)) for a in articles)
    rows = store.select(
        "SELECT ?a ?h WHERE { VALUES ?a { " + values + " } "
        f"GRAPH ?a {{ ?a {iri(SG.contentHash)} ?h }} }}"
    )
    return {str(r["a"]): str(r["h"]) for r in rows}


def _batches(
    read: Iterable[ReadResult],
    batch_size: int,
    summary: IngestSummary,
    store: Store | None,
    force: bool,
) -> Iterator[_Batch]:
    """Read the input lazily; count failures and warnings; skip articles already stored."""
    for batch in iter_batches(_unique_ids(read), batch_size):
        articles: list[Article] = []
        for r in batch:
            for warning in r.warnings:
                summary.warn(warning)
            if r.article is None:
                summary.fail(r.source, r.error or "unreadable")
            else:
                articles.append(r.article)
        if store is not None and articles and not force:
            stored = _stored_hashes(store, articles)
            todo = [a for a in articles if stored.get(article_iri(a.id)) != a.content_hash]
            summary.skipped += len(articles) - len(todo)
            articles = todo
        yield _Batch(articles, batch[-1].source)


def _extract(articles: list[Article], nlp: Any, batch_size: int, now: datetime) -> list[_Extracted]:
    out: list[_Extracted] = []
    for ext in extract.extract_articles(articles, nlp, batch_size=batch_size):
        write = extraction_to_graph(ext, now=now)
        mentions = sum(len(e.mentions) for e in ext.entities)
        out.append(_Extracted(write, len(ext.entities), mentions))
    return out


# -- worker processes ------------------------------------------------------------------------

_worker_nlp: Any = None
_worker_error: StorygraphError | None = None


def _init_worker(model: str | None) -> None:
    """Pool initializer: load the pipeline once per worker process."""
    global _worker_nlp, _worker_error
    # Ctrl-C reaches the whole process group: the parent alone decides what to do about it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker_nlp = extract.load_pipeline(model)
    except StorygraphError as exc:
        # An initializer that raises only breaks the pool; the first job reports it instead.
        _worker_error = exc


def _work(articles: list[Article], batch_size: int, now: datetime) -> list[_Extracted]:
    """Pool job: extract one batch in a worker process."""
    if _worker_error is not None:
        raise _worker_error
    return _extract(articles, _worker_nlp, batch_size, now)


def worker_context() -> BaseContext:
    """How extraction workers start: from a fork server (else spawned), never forked from
    this process, which holds an open store (RocksDB threads) and maybe a pipeline.

    The fork server imports storygraph and spaCy once, before it forks the first worker, so
    that a worker starts with them imported and only loads the pipeline: about 1 CPU-second
    less for each worker (BENCHMARKS.md section 1).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # "__main__" is the fork server's own default; the server reads this list when it starts
    context.set_forkserver_preload(["__main__", "storygraph.ingest", "spacy"])
    return context


def default_workers() -> int:
    """The number of CPU cores this process may use (the default for ``--workers``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# -- the two ways to run ---------------------------------------------------------------------


def _run_in_process(
    batches: Iterator[_Batch],
    first: _Batch | None,
    sink: Sink,
    nlp: Any,
    model: str | None,
    batch_size: int,
    now: datetime,
) -> None:
    """Extract here; write batch k in a writer thread while batch k+1 is parsed."""
    pending: Future[None] | None = None
    with ThreadPoolExecutor(1, thread_name_prefix="storygraph-writer") as writer:
        batch = first
        while batch is not None:
            if batch.todo and nlp is None:
                nlp = extract.load_pipeline(model)
            results = _extract(batch.todo, nlp, batch_size, now) if batch.todo else []
            if pending is not None:
                pending.result()
            # read (and check hashes of) the next batch while no write is in flight
            following = next(batches, None)
            pending = writer.submit(sink, batch, results)
            batch = following
        if pending is not None:
            pending.result()


def _run_pool(
    batches: Iterator[_Batch],
    first: list[_Batch],
    sink: Sink,
    model: str | None,
    workers: int,
    batch_size: int,
    now: datetime,
) -> None:
    """Extract in worker processes; write in input order here, at most 2 × workers batches
    ahead. A batch goes to the workers as jobs of at most :data:`JOB_SIZE` articles, so
    that at the end of the input no worker waits long for another's last batch."""
    pool = ProcessPoolExecutor(
        workers, mp_context=worker_context(), initializer=_init_worker, initargs=(model,)
    )
    limit = 2 * workers
    inflight: deque[tuple[_Batch, list[Future[list[_Extracted]]]]] = deque()
    queued = deque(first)

    def submit(batch: _Batch) -> None:
        todo = batch.todo
        jobs = [
            pool.submit(_work, todo[i : i + JOB_SIZE], batch_size, now)
            for i in range(0, len(todo), JOB_SIZE)
        ]
        inflight.append((batch, jobs))

    def fill() -> None:
        while len(inflight) < limit:
            batch = queued.popleft() if queued else next(batches, None)
            if batch is None:
                return
            submit(batch)

    broken = False
    try:
        fill()
        while inflight:
            batch, jobs = inflight.popleft()
            results = [r for job in jobs for r in _result(job, pool)]
            fill()  # keep the workers busy while this batch is written
            sink(batch, results)
    except BrokenProcessPool as exc:
        broken = True
        raise StorygraphError(
            "a worker process died while extracting (killed, or out of memory?); what was "
            "written so far is kept: run the same command again to go on (unchanged "
            "articles are skipped), with fewer --workers or a smaller --batch-size"
        ) from exc
    finally:
        if broken:
            _abandon(pool)
        else:
            pool.shutdown(wait=True, cancel_futures=True)


def _result(job: Future[list[_Extracted]], pool: ProcessPoolExecutor) -> list[_Extracted]:
    """A batch's results, or BrokenProcessPool as soon as a worker is seen dead.

    The executor notices a dead worker itself, except when the worker died halfway through
    sending an answer: its manager thread then waits forever for the rest of the message.
    So the answer is awaited a second at a time, and the workers are looked at in between.
    """
    while True:
        try:
            return job.result(timeout=1.0)
        except FuturesTimeout:
            processes = _pool_processes(pool)
            if not processes or any(p.exitcode is not None for p in processes):
                raise BrokenProcessPool("a worker process died") from None


def _pool_processes(pool: ProcessPoolExecutor) -> list[Any]:
    found: dict[Any, Any] = getattr(pool, "_processes", None) or {}
    return list(found.values())


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop a broken pool without waiting on it: kill its workers, and feed its manager
    thread bytes until it gives up a half-sent answer (it then sees the pool broken and
    ends, so the interpreter can exit)."""
    for process in _pool_processes(pool):
        if process.exitcode is None:
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    manager = getattr(pool, "_executor_manager_thread", None)
    queue = getattr(pool, "_result_queue", None)
    if manager is None or queue is None:
        return

    def unblock() -> None:
        chunk = b"\0" * 65536
        for _ in range(4096):  # at most 256 MiB, then give up
            if not manager.is_alive():
                return
            try:
                queue._writer.send_bytes(chunk)
            except OSError:
                return
            manager.join(0.05)

    threading.Thread(target=unblock, name="storygraph-pool-unblock", daemon=True).start()
    manager.join(10)


def _run(
    batches: Iterator[_Batch],
    sink: Sink,
    *,
    nlp: Any,
    model: str | None,
    workers: int,
    batch_size: int,
    now: datetime,
) -> None:
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if workers > 1 and nlp is not None:
        raise ValueError(
            "a loaded pipeline cannot be shared with worker processes: pass model=NAME "
            "(each worker loads it once) or workers=1"
        )
    # Batches with nothing to extract (unchanged articles) need neither a pipeline nor a
    # pool: pass them through until the first one with work.
    first = None
    for batch in batches:
        if batch.todo:
            first = batch
            break
        sink(batch, [])
    if first is None:
        return
    if workers == 1:
        _run_in_process(batches, first, sink, nlp, model, batch_size, now)
        return
    # One batch is one job: a pool only pays when a second batch has work too.
    ahead = [first]
    for batch in batches:
        ahead.append(batch)
        if batch.todo:
            _run_pool(batches, ahead, sink, model, workers, batch_size, now)
            return
    _run_in_process(iter(ahead[1:]), first, sink, nlp, model, batch_size, now)


def _count(summary: IngestSummary, results: list[_Extracted]) -> None:
    for r in results:
        summary.articles += 1
        summary.entities += r.entities
        summary.mentions += r.mentions
        summary.triples += len(r.write.triples)


def ingest(
    paths: Iterable[str],
    store: Store,
    nlp: Any = None,
    *,
    model: str | None = None,
    workers: int = 1,
    overrides: Overrides | None = None,
    batch_size: int = 32,
    force: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
    link: bool = True,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> IngestSummary:
    """Ingest every article under ``paths`` into ``store``.

    Articles are read lazily and written in batches, whole (:meth:`Store.write`); an
    article whose content hash is already stored is skipped unless ``force``. Files that
    cannot be read are counted as failed with their reason; the rest go on. The result is
    the same with any number of workers.

    Args:
        paths: files, directories (recursive) or ``-`` for stdin.
        store: where to write.
        nlp: a loaded spaCy pipeline for ``workers=1``; None loads ``model`` when the first
            article needs it (see :func:`storygraph.extract.load_pipeline`).
        model: the pipeline to load (package name or path) when ``nlp`` is None.
        workers: extraction processes; 1 keeps everything in this process.
        overrides: metadata from the command line.
        batch_size: articles written together (and per job sent to a worker).
        force: re-extract articles even when unchanged.
        progress: called after each batch is written with the running summary and the last
            source read.
        now: the run's timestamp (``prov:startedAtTime``); default: the current time.
        link: rebuild the story layer's cross-article links
            (:func:`storygraph.story.link_story`) when any article was written, or when an
            earlier run wrote articles and stopped before it relinked.
        max_bytes: the largest file, JSON line or stdin read as one article (a larger one
            fails alone, unread); None: no limit.

    Raises:
        ModelError: the pipeline cannot be loaded.
        StoreError: a write failed; batches written before it stay (the message says how
            many articles), so running the same call again goes on where it stopped.
        StorygraphError: a worker process died.
        ValueError: ``workers`` < 1, or ``nlp`` given together with ``workers`` > 1.
    """
    summary = IngestSummary()
    stamp = now or datetime.now(UTC)
    marked = False

    def sink(batch: _Batch, results: list[_Extracted]) -> None:
        nonlocal marked
        try:
            if link and results and not marked:
                # before the first article: a run stopped before it relinks leaves the mark
                mark_links_pending(store)
                marked = True
            store.write([r.write for r in results])
        except StorygraphError as exc:
            raise type(exc)(
                f"{exc}; {summary.articles} article(s) were written before this: run the "
                "same command again to go on (unchanged articles are skipped)"
            ) from exc
        _count(summary, results)
        if progress is not None:
            progress(summary, batch.last_source)

    read = read_articles(paths, overrides, max_bytes=max_bytes)
    batches = _batches(read, batch_size, summary, store, force)
    _run(batches, sink, nlp=nlp, model=model, workers=workers, batch_size=batch_size, now=stamp)
    if link and (summary.articles or links_pending(store)):
        summary.links = link_story(store)
    return summary


def extract_to_nquads(
    paths: Iterable[str],
    nlp: Any,
    out: IO[str],
    *,
    model: str | None = None,
    workers: int = 1,
    overrides: Overrides | None = None,
    batch_size: int = 32,
    now: datetime | None = None,
    progress: Progress | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> IngestSummary:
    """Run extraction alone and write N-Quads (one named graph per article) to a text stream.

    The output holds the articles' graphs only, not the union copy in the default graph
    that a store keeps: ``storygraph load`` adds it; bulk loaders need one SPARQL update
    afterwards (see ``docs/scaling.md``). Arguments are those of :func:`ingest`.
    """
    return extract_read(
        read_articles(paths, overrides, max_bytes=max_bytes),
        nlp,
        out,
        model=model,
        workers=workers,
        batch_size=batch_size,
        now=now,
        progress=progress,
    )


def extract_read(
    read: Iterable[ReadResult],
    nlp: Any,
    out: IO[str],
    *,
    model: str | None = None,
    workers: int = 1,
    batch_size: int = 32,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """:func:`extract_to_nquads` for articles already read (one partition of a larger input,
    :mod:`storygraph.engine`): duplicate ids among them get ``-2`` … suffixes, as in a run."""
    summary = IngestSummary()

    def sink(batch: _Batch, results: list[_Extracted]) -> None:
        out.write("".join(r.write.nquads(union=False) for r in results))
        _count(summary, results)
        if progress is not None:
            progress(summary, batch.last_source)

    batches = _batches(read, batch_size, summary, None, False)
    stamp = now or datetime.now(UTC)
    _run(batches, sink, nlp=nlp, model=model, workers=workers, batch_size=batch_size, now=stamp)
    return summary


def remove_article(store: Store, ref: str) -> str:
    """Remove an article, named by IRI, id or source path (each matched exactly); returns its
    IRI. A graph that is not an article's (one ``load`` wrote) is removed by its IRI.

    Raises:
        InputError: no such article or graph (the message lists close matches).
    """
    if store.remove(ref):
        return ref
    name = resolve_article(store, ref)
    store.remove(name)
    return name
