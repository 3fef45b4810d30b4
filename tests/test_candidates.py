"""Cross-article candidates: suggested, scored, never fused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from storygraph.articles import Overrides
from storygraph.candidates import CANDIDATES_GRAPH, refresh_candidates
from storygraph.ingest import ingest
from storygraph.store import EmbeddedStore
from storygraph.validate import validate_store
from test_extract_example import ask

ARTICLES = {
    "a.txt": "Apple unveiled the iPod nano on Wednesday. Analysts praised the design.",
    "b.txt": "Apple Computer reported record profits on Tuesday, its chief said.",
    "c.txt": "Apple unveiled the iPod nano on Wednesday in San Francisco, surprising rivals.",
}


def test_candidates(tmp_path: Path, nlp: Any) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    try:
        ingest(
            [str(tmp_path / n) for n in ARTICLES],
            store,
            nlp,
            overrides=Overrides(published=date(2026, 11, 26)),
        )
        summary = refresh_candidates(store)
        assert summary.entity_pairs >= 1 and summary.event_pairs >= 1
        # suggested, not fused: both organisations stay
        assert ask(store, '?a rdfs:label "Apple" . ?b rdfs:label "Apple Computer"')
        assert ask(
            store,
            "?c a sg:MergeCandidate ; sg:score ?s ; sg:mergeCandidate ?a, ?b . "
            '?a rdfs:label "Apple" . ?b rdfs:label "Apple Computer" FILTER (?s > 0.5)',
        )
        assert ask(
            store,
            '?e1 sg:candidateSameEvent ?e2 . ?e1 sg:action "unveil" . ?e2 sg:action "unveil" . '
            "GRAPH ?g1 { ?e1 a sg:Event } GRAPH ?g2 { ?e2 a sg:Event } FILTER (?g1 != ?g2)",
        )
        # the "say" events of different articles are not suggested as one
        assert not ask(store, '?e1 sg:candidateSameEvent ?e2 . ?e1 sg:action "say"')
        assert validate_store(store).conforms
        # rebuilt as a whole: removing an article removes its candidates
        store.remove(next(g for g in store.graph_names() if g.endswith("/article/c")))
        refresh_candidates(store)
        assert not ask(store, "?e1 sg:candidateSameEvent ?e2")
        assert store.has_graph(CANDIDATES_GRAPH)
    finally:
        store.close()
