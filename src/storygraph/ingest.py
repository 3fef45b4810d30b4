"""Ingest articles: read → extract → RDF → store, in batches, skipping unchanged articles."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .articles import Overrides, ReadResult, read_articles, slugify
from .errors import InputError
from .model import Article, Extraction
from .rdf import article_iri, extraction_to_graph
from .store import GraphWrite, Store, iter_batches
from .terms import escape_string, iri

__all__ = ["IngestSummary", "extract_to_nquads", "ingest", "remove_article"]


@dataclass
class IngestSummary:
    """What an ingest run did."""

    articles: int = 0
    skipped: int = 0
    failed: int = 0
    entities: int = 0
    mentions: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def format(self) -> str:
        return (
            f"{self.articles} article(s) ingested, {self.skipped} unchanged and skipped, "
            f"{self.failed} failed; {self.entities} entities, {self.mentions} mentions, "
            f"{self.triples} triples written"
        )


Progress = Callable[[IngestSummary, str], None]


def _unique_ids(results: Iterable[ReadResult]) -> Iterator[ReadResult]:
    seen: dict[str, int] = {}
    for r in results:
        if r.article is not None:
            base = r.article.id
            n = seen.get(base, 0)
            seen[base] = n + 1
            if n:
                r.article.id = f"{base}-{n + 1}"
        yield r


def _stored_hashes(store: Store, articles: list[Article]) -> dict[str, str]:
    values = " ".join(iri(article_iri(a.id)) for a in articles)
    rows = store.select(
        "SELECT ?a ?h WHERE { VALUES ?a { " + values + " } "
        "GRAPH ?a { ?a <https://w3id.org/storygraph/ns#contentHash> ?h } }"
    )
    return {str(r["a"]): str(r["h"]) for r in rows}


def _count(ext: Extraction, write: GraphWrite, summary: IngestSummary) -> None:
    summary.articles += 1
    summary.entities += len(ext.entities)
    summary.mentions += sum(len(e.mentions) for e in ext.entities)
    summary.triples += len(write.triples)


def ingest(
    paths: Iterable[str],
    store: Store,
    nlp: Any,
    *,
    overrides: Overrides | None = None,
    batch_size: int = 32,
    force: bool = False,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest every article under ``paths`` into ``store``.

    Articles are read lazily and written in batches, each batch in one transaction; an
    article whose content hash is already stored is skipped unless ``force``. Files that
    cannot be read are counted as failed with their reason; the rest go on.

    Args:
        paths: files, directories (recursive) or ``-`` for stdin.
        store: where to write.
        nlp: a loaded spaCy pipeline (see :func:`storygraph.extract.load_pipeline`).
        overrides: metadata from the command line.
        batch_size: articles per transaction.
        force: re-extract articles even when unchanged.
        progress: called after each batch with the running summary and a message.
    """
    from .extract import extract_articles

    summary = IngestSummary()
    results = _unique_ids(read_articles(paths, overrides))
    for batch in iter_batches(results, batch_size):
        articles: list[Article] = []
        for r in batch:
            summary.warnings.extend(r.warnings)
            if r.article is None:
                summary.failed += 1
                summary.failures.append((r.source, r.error or "unreadable"))
            else:
                articles.append(r.article)
        if not articles:
            continue
        stored = {} if force else _stored_hashes(store, articles)
        todo = [a for a in articles if stored.get(article_iri(a.id)) != a.content_hash]
        summary.skipped += len(articles) - len(todo)
        writes: list[GraphWrite] = []
        extractions: list[Extraction] = []
        for ext in extract_articles(todo, nlp, batch_size=batch_size):
            write = extraction_to_graph(ext)
            writes.append(write)
            extractions.append(ext)
        store.write(writes)
        for ext, write in zip(extractions, writes, strict=True):
            _count(ext, write, summary)
        if progress is not None:
            progress(summary, batch[-1].source)
    return summary


def extract_to_nquads(
    paths: Iterable[str],
    nlp: Any,
    out: Any,
    *,
    overrides: Overrides | None = None,
    batch_size: int = 32,
) -> IngestSummary:
    """Run extraction alone and write N-Quads (one graph per article) to a text stream."""
    from .extract import extract_articles

    summary = IngestSummary()
    results = _unique_ids(read_articles(paths, overrides))
    for batch in iter_batches(results, batch_size):
        articles = []
        for r in batch:
            summary.warnings.extend(r.warnings)
            if r.article is None:
                summary.failed += 1
                summary.failures.append((r.source, r.error or "unreadable"))
            else:
                articles.append(r.article)
        for ext in extract_articles(articles, nlp, batch_size=batch_size):
            write = extraction_to_graph(ext)
            g = iri(write.name)
            out.write("".join(f"{t} {g} .\n" for t in write.triples))
            _count(ext, write, summary)
    return summary


def remove_article(store: Store, ref: str) -> str:
    """Remove an article by IRI or id; returns its IRI.

    Raises:
        InputError: no such article.
    """
    candidates = [ref] if ref.startswith(("http://", "https://")) else [article_iri(ref)]
    if not ref.startswith(("http://", "https://")):
        rows = store.select(
            "SELECT DISTINCT ?a WHERE { GRAPH ?a { ?a a <https://w3id.org/storygraph/ns#Article> ; "
            f'<https://w3id.org/storygraph/ns#sourcePath> ?p }} FILTER (CONTAINS(?p, "{escape_string(ref)}")) }}'
        )
        candidates += [str(r["a"]) for r in rows]
    for name in candidates:
        if store.remove(name):
            return name
    raise InputError(
        f"no article {ref!r} in {store.location}; "
        f"list them with `storygraph query --named articles` (id is e.g. {slugify(ref)})"
    )
