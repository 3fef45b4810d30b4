"""storygraph: turn news stories into a knowledge graph you can query and look at.

The public API, the verbs a library user needs; the `storygraph` command is a thin layer over
them::

    import storygraph

    store = storygraph.open_store("storygraph-data")
    summary = storygraph.ingest(["examples/"], store, storygraph.load_pipeline())
    rows = storygraph.query(store, "SELECT ?e ?name WHERE { ?e a sg:Organization ; rdfs:label ?name }")
    print(storygraph.run_query(store, "SELECT ?e WHERE { ?e a sg:Organization }"))  # a table
    report = storygraph.validate_store(store)
    storygraph.export_story(store, "html", "story.html", storygraph.GraphOptions(projection=True))
    store.close()
    storygraph.serve(storygraph.ServeConfig(location="storygraph-data"))  # the workbench

Evaluation against gold data: :func:`run_evaluation` (or the per-format functions in
:mod:`storygraph.evaluate`). Every error derives from :class:`StorygraphError`
(:mod:`storygraph.errors` draws the tree).
"""

from __future__ import annotations

from storygraph.__version__ import __version__
from storygraph.errors import (
    ArticleError,
    EndpointError,
    EvaluationError,
    InputError,
    ModelError,
    QueryError,
    QuerySyntaxError,
    RDFSyntaxError,
    ReadOnlyQueryError,
    StoreError,
    StoreLockedError,
    StorygraphError,
    ValidationError,
)
from storygraph.evaluate import Report, evaluate_brat, evaluate_meantime, evaluate_timeml
from storygraph.evaluate.run import run_evaluation
from storygraph.export import GraphOptions, export_story, to_networkx, write_graph, write_html
from storygraph.extract import extract_article, load_pipeline
from storygraph.ingest import IngestSummary, ingest, remove_article
from storygraph.query import named_queries, named_query, query_store, run_query, run_update
from storygraph.query.rows import query
from storygraph.query.stats import StoreStats, store_stats
from storygraph.query.validate import ValidationReport, validate_graph, validate_store
from storygraph.readers import Overrides, ReadResult, parse_date, read_articles
from storygraph.records import Article, Extraction
from storygraph.serve import ServeConfig, serve
from storygraph.store import EmbeddedStore, RemoteStore, Store, open_store
from storygraph.store.files import load_files
from storygraph.story.candidates import CandidateSummary, refresh_candidates

__all__ = [
    "Article",
    "ArticleError",
    "CandidateSummary",
    "EmbeddedStore",
    "EndpointError",
    "EvaluationError",
    "Extraction",
    "GraphOptions",
    "IngestSummary",
    "InputError",
    "ModelError",
    "Overrides",
    "QueryError",
    "QuerySyntaxError",
    "RDFSyntaxError",
    "ReadOnlyQueryError",
    "ReadResult",
    "RemoteStore",
    "Report",
    "ServeConfig",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreStats",
    "StorygraphError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "evaluate_brat",
    "evaluate_meantime",
    "evaluate_timeml",
    "export_story",
    "extract_article",
    "ingest",
    "load_files",
    "load_pipeline",
    "named_queries",
    "named_query",
    "open_store",
    "parse_date",
    "query",
    "query_store",
    "read_articles",
    "refresh_candidates",
    "remove_article",
    "run_evaluation",
    "run_query",
    "run_update",
    "serve",
    "store_stats",
    "to_networkx",
    "validate_graph",
    "validate_store",
    "write_graph",
    "write_html",
]
