"""The graph page's reads (serve/graph.py): the most mentioned entities and what joins them, a
node's neighbourhood, and the same answers as the whole-store export where both apply."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE_DATE, ROOT
from storygraph.errors import InputError
from storygraph.export import to_networkx
from storygraph.export.nodes import ENTITY_KINDS
from storygraph.ingest import ingest
from storygraph.readers import Overrides
from storygraph.serve import graph as graph_page
from storygraph.store import EmbeddedStore

ID = "https://w3id.org/storygraph/id/"
META = f"{ID}organization/meta"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[EmbeddedStore]:
    path = tmp_path_factory.mktemp("graph") / "store"
    with EmbeddedStore(path) as writer:
        ingest([str(ROOT / "examples")], writer, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    reader = EmbeddedStore(path, read_only=True)
    yield reader
    reader.close()


def test_the_ranking_is_entities_by_mentions(store: EmbeddedStore) -> None:
    ranked = graph_page.ranking(store)
    assert ranked[0]["node"] == META and ranked[0]["label"] == "Meta"
    counts = [int(r["mentions"]) for r in ranked]
    assert counts == sorted(counts, reverse=True)
    assert {r["kind"] for r in ranked} <= set(ENTITY_KINDS)
    whole = to_networkx(store)
    for r in ranked[:10]:  # the same counts as the export's
        assert int(r["mentions"]) == whole.nodes[r["node"]]["mentions"], r


@pytest.mark.parametrize("limit", [1, 5, 20])
def test_the_overview_draws_the_top_entities_only(store: EmbeddedStore, limit: int) -> None:
    ranked = graph_page.ranking(store)
    graph = graph_page.top_graph(store, ranked, limit, projection=True)
    assert set(graph.nodes) == {r["node"] for r in ranked[:limit]}
    assert all(d["kind"] in ENTITY_KINDS for _, d in graph.nodes(data=True))


def test_the_overview_folds_what_the_export_folds(store: EmbeddedStore) -> None:
    ranked = graph_page.ranking(store)
    drawn = graph_page.top_graph(store, ranked, 300, projection=True)
    whole = to_networkx(store, projection=True)
    ours = {(u, v, k) for u, v, k in drawn.edges(keys=True)}
    theirs = {(u, v, k) for u, v, k in whole.edges(keys=True) if u in drawn and v in drawn}
    # every edge drawn is one the export draws; at most EVENTS_PER_PAIR events per pair are
    # read, so a pair with many events may show fewer of its labels (or, when those it read
    # join the pair the other way, or each to a third entity, not the pair itself)
    assert ours and ours <= theirs
    pairs = {frozenset((u, v)) for u, v, _ in ours}
    expected = {frozenset((u, v)) for u, v, _ in theirs}
    assert len(pairs) >= 0.9 * len(expected), expected - pairs
    reassign = [k for u, v, k in ours if u == META and "reassign" in k]
    assert reassign


def test_the_overview_without_projection_draws_events_and_claims(store: EmbeddedStore) -> None:
    ranked = graph_page.ranking(store)
    graph = graph_page.top_graph(store, ranked, 20, projection=False)
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert "Event" in kinds and "Claim" in kinds
    events = [n for n, d in graph.nodes(data=True) if d["kind"] in ("Event", "Claim")]
    # each joins at least two of the entities drawn
    for e in events:
        entities = {o for _, o in graph.out_edges(e)} | {s for s, _ in graph.in_edges(e)}
        assert len(entities) >= 2, e


@pytest.mark.parametrize("focus", ["Meta", "meta", "organization/meta", META])
def test_a_focus_is_a_label_a_key_or_an_iri(store: EmbeddedStore, focus: str) -> None:
    assert graph_page.resolve(store, focus) == META


def test_an_unknown_focus_says_what_to_do(store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="no node is named 'Nobody Inc'; search for it"):
        graph_page.resolve(store, "Nobody Inc")


def test_depth_two_reaches_further_than_depth_one(store: EmbeddedStore) -> None:
    one = graph_page.focus_graph(store, "Meta", 1, 150, projection=True)
    two = graph_page.focus_graph(store, "Meta", 2, 150, projection=True)
    assert META in one and set(one.nodes) <= set(two.nodes)
    assert len(two) > len(one)
    assert all(d["kind"] in ENTITY_KINDS for _, d in two.nodes(data=True))
    # the same nodes as the export's focus, which reads the whole store first
    for depth, drawn in ((1, one), (2, two)):
        whole = to_networkx(store, projection=True, focus=META, depth=depth)
        assert set(drawn.nodes) == set(whole.nodes), depth


def test_the_raw_neighbourhood_has_events_and_a_node_limit(store: EmbeddedStore) -> None:
    graph = graph_page.focus_graph(store, "Meta", 2, 10, projection=False)
    assert META in graph and len(graph) <= 10
    assert "Event" in {d["kind"] for _, d in graph.nodes(data=True)}
    assert all(d["kind"] != "Mention" for _, d in graph.nodes(data=True))


def test_bad_depths_are_refused(store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="depth must be 1 or 2"):
        graph_page.focus_graph(store, "Meta", 3, 10, projection=True)


def test_the_overview_reads_far_less_than_the_store(store: EmbeddedStore, tmp_path: Path) -> None:
    seen: list[str] = []
    real = store.select_values

    def counting(query: str) -> list[dict[str, str]]:
        rows = real(query)
        seen.append(query)
        return rows

    store.select_values = counting  # type: ignore[method-assign]
    try:
        graph_page.top_graph(store, graph_page.ranking(store), 150, projection=True)
    finally:
        del store.select_values
    # a fixed handful of reads, none of them the whole-store scans the export makes
    assert len(seen) <= 8
    assert not any("?s ?p ?o }" in q and "VALUES" not in q for q in seen)


@pytest.mark.parametrize("limit", [3, 10, 40])
def test_one_overview_read_draws_every_smaller_limit(store: EmbeddedStore, limit: int) -> None:
    ranked = graph_page.ranking(store)
    overview = graph_page.read_overview(store, ranked)
    drawn = graph_page.draw_overview(overview, limit, projection=True)
    alone = graph_page.top_graph(store, ranked, limit, projection=True)
    assert set(drawn.nodes) == set(alone.nodes) == {r["node"] for r in ranked[:limit]}
    # the read for more entities chose at least the events the smaller read chose
    assert {(u, v) for u, v in alone.edges()} <= {(u, v) for u, v in drawn.edges()}
    whole = to_networkx(store, projection=True)
    assert set(drawn.edges(keys=True)) <= set(whole.edges(keys=True))
