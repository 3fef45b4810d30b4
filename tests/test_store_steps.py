"""Large writes and removals in steps (issue 16, memory per article).

A write of more than WRITE_STEP triples is cut into steps of at most that many, so memory no
longer grows with an article's size (BENCHMARKS.md section 3); a graph larger than a step
gets its first triples (an article's own description, with the content hash that marks it
stored) last, and a removal takes them first. The step is made small here so that every
case shows on a few triples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storygraph.errors import StoreError
from storygraph.rdf.quads import GraphWrite, write_steps
from storygraph.store import EmbeddedStore
from test_faults import assert_union_invariant, graphs_at

EX = "https://example.org/"
STEP = 4


def _triples(graph: str, n: int, shared: int = 0) -> list[str]:
    """``n`` triples: the graph's statement about itself first, then ``shared`` that every
    graph made here holds, then the graph's own."""
    own = [f'<{graph}> <{EX}hash> "h-{graph[-1]}"']
    own += [f'<{EX}shared{i}> <{EX}p> "s{i}"' for i in range(shared)]
    own += [f'<{graph}/x{i}> <{EX}p> "{i}"' for i in range(n - len(own))]
    return own


@pytest.fixture
def stepped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storygraph.store.base.WRITE_STEP", STEP)
    monkeypatch.setattr("storygraph.store.embedded.WRITE_STEP", STEP)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, EmbeddedStore]]:
    """A store written in small steps and one written whole, to compare."""
    with EmbeddedStore(tmp_path / "a") as a, EmbeddedStore(tmp_path / "b") as b:
        yield a, b


@given(
    st.lists(st.integers(min_value=0, max_value=13), max_size=8),
    st.integers(min_value=1, max_value=6),
)
def test_steps_hold_every_triple_once_in_order_and_a_large_graph_head_last(
    sizes: list[int], limit: int
) -> None:
    writes = [GraphWrite(f"{EX}g{k}", [f"t{k}-{i}" for i in range(n)]) for k, n in enumerate(sizes)]
    steps = list(write_steps(writes, limit))
    assert all(step and sum(len(w.triples) for w in step) <= limit for step in steps)
    joined: dict[str, list[list[str]]] = {}
    for step in steps:
        for w in step:
            joined.setdefault(w.name, []).append(w.triples)
    for w in writes:
        pieces = joined.get(w.name, [])
        if len(w.triples) <= limit:  # a graph that fits is never cut
            assert pieces == [w.triples]
        else:  # cut into pieces of whole steps, its head written last
            assert pieces[-1] == w.triples[:limit]
            assert [t for piece in pieces[:-1] for t in piece] == w.triples[limit:]
    # graphs come in input order (a graph's pieces together)
    order = [w.name for step in steps for w in step]
    assert [n for i, n in enumerate(order) if i == 0 or order[i - 1] != n] == [
        w.name for w in writes
    ]


def _quads(store: EmbeddedStore) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Every quad of the named graphs, and the default graph as a list (sorted)."""
    named = store.select_values("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    default = store.select_values("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return (
        sorted((r["g"], r["s"], r["p"], r["o"]) for r in named),
        sorted((r["s"], r["p"], r["o"]) for r in default),
    )


def test_a_write_in_steps_stores_what_a_write_in_one_does(
    pair: tuple[EmbeddedStore, EmbeddedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    stepped_store, whole = pair
    writes = [
        GraphWrite(f"{EX}g1", _triples(f"{EX}g1", 11, shared=2)),
        GraphWrite(f"{EX}g2", _triples(f"{EX}g2", 2)),
        GraphWrite(f"{EX}g3", _triples(f"{EX}g3", 3, shared=2)),
    ]
    whole.write(writes)
    calls: list[int] = []
    insert = EmbeddedStore._insert

    def counted(self: EmbeddedStore, step: Any) -> None:
        calls.append(sum(len(w.triples) for w in step))
        insert(self, step)

    monkeypatch.setattr(EmbeddedStore, "_insert", counted)
    monkeypatch.setattr("storygraph.store.base.WRITE_STEP", STEP)
    stepped_store.write(writes)
    assert calls == [4, 3, 4, 2, 3]  # g1 cut in three (its head last), then g2, then g3
    assert _quads(stepped_store) == _quads(whole)
    assert_union_invariant(stepped_store)


@pytest.mark.usefixtures("stepped")
def test_replacing_and_removing_a_large_graph_in_steps_keeps_what_others_hold(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    store, _ = pair
    big, small = f"{EX}g1", f"{EX}g2"
    store.write([GraphWrite(big, _triples(big, 14, shared=3))])
    store.write([GraphWrite(small, _triples(small, 5, shared=3))])
    # replaced by a smaller version, through the removal in steps
    store.write([GraphWrite(big, _triples(big, 9, shared=3))])
    assert_union_invariant(store)
    rows = store.select_values(f"SELECT ?o WHERE {{ GRAPH <{big}> {{ <{big}/x3> ?p ?o }} }}")
    assert rows == [{"o": "3"}]
    assert not store.ask(f"ASK {{ GRAPH <{big}> {{ <{big}/x9> ?p ?o }} }}")
    assert store.remove(big) is True
    assert big not in store.graph_names()
    assert_union_invariant(store)
    # the statements the small graph shares survived in the union copy
    assert store.ask(f'ASK {{ <{EX}shared2> <{EX}p> "s2" }}')
    assert not store.ask(f"ASK {{ <{big}/x1> ?p ?o }}")
    assert store.remove(big) is False


def _dies_on(nth: int) -> Callable[[EmbeddedStore, Any], None]:
    """``EmbeddedStore._insert`` that fails on its ``nth`` call, as a killed process would."""
    insert = EmbeddedStore._insert
    calls: list[int] = []

    def insert_or_die(self: EmbeddedStore, writes: Any) -> None:
        calls.append(1)
        if len(calls) == nth:
            raise StoreError("killed")
        insert(self, writes)

    return insert_or_die


@pytest.mark.usefixtures("stepped")
def test_a_write_stopped_between_steps_leaves_a_graph_that_does_not_look_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = f"{EX}g1"
    with EmbeddedStore(tmp_path / "s") as store:
        monkeypatch.setattr(EmbeddedStore, "_insert", _dies_on(3))
        with pytest.raises(StoreError, match="killed"):
            store.write([GraphWrite(big, _triples(big, 14))])
        # two of four steps landed, but not the graph's statement about itself
        assert store.ask(f"ASK {{ GRAPH <{big}> {{ ?s ?p ?o }} }}")
        assert not store.ask(f"ASK {{ GRAPH <{big}> {{ <{big}> ?p ?o }} }}")
        assert_union_invariant(store)


@pytest.mark.usefixtures("stepped")
def test_ingest_stopped_between_steps_extracts_the_article_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp: Any
) -> None:
    """A crash in the middle of a large article's write: the rerun sees it as not stored,
    extracts it again and ends with the same graphs as a run that was never stopped."""
    from storygraph.ingest import ingest
    from storygraph.readers import Overrides

    article = Path(__file__).parents[1] / "examples" / "meta-applied-ai-reversal.txt"
    overrides = Overrides(published=date(2026, 11, 26))
    monkeypatch.setattr("storygraph.store.base.WRITE_STEP", 200)
    monkeypatch.setattr("storygraph.store.embedded.WRITE_STEP", 200)
    with EmbeddedStore(tmp_path / "reference") as store:
        ingest([str(article)], store, nlp, overrides=overrides, link=False)
    insert = EmbeddedStore._insert
    with EmbeddedStore(tmp_path / "store") as store:
        monkeypatch.setattr(EmbeddedStore, "_insert", _dies_on(2))
        with pytest.raises(StoreError, match="killed"):
            ingest([str(article)], store, nlp, overrides=overrides, link=False)
        monkeypatch.setattr(EmbeddedStore, "_insert", insert)
        again = ingest([str(article)], store, nlp, overrides=overrides, link=False)
        assert (again.articles, again.skipped) == (1, 0)
        assert_union_invariant(store)
    reference = graphs_at(tmp_path / "reference")
    assert sum(len(t) for t in reference.values()) > 3 * 200  # it took several steps
    assert graphs_at(tmp_path / "store") == reference


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (range(0, 10), range(0, 10)),  # unchanged
        (range(0, 10), range(3, 14)),  # some gone, some new
        (range(0, 10), range(0, 2)),  # mostly gone
        (range(0, 2), range(0, 12)),  # mostly new
    ],
)
def test_rewrite_leaves_what_a_write_leaves(
    pair: tuple[EmbeddedStore, EmbeddedStore], before: range, after: range
) -> None:
    """The embedded store's rewrite changes only what differs; the result is a write's.
    Another graph shares two of the statements: the union copy keeps them."""
    rewritten, written = pair
    graph, other = f"{EX}story", f"{EX}other"

    def triples(numbers: range) -> list[str]:
        return [f'<{EX}s{i}> <{EX}p> "{i / 2}"' for i in numbers] + [f"<{EX}s> <{EX}p> <{EX}o>"]

    for store in pair:
        store.write([GraphWrite(other, [f'<{EX}s1> <{EX}p> "0.5"', f"<{EX}s> <{EX}p> <{EX}o>"])])
        store.write([GraphWrite(graph, triples(before))])
    rewritten.rewrite(GraphWrite(graph, triples(after)))
    written.write([GraphWrite(graph, triples(after))])
    assert _quads(rewritten) == _quads(written)
    assert_union_invariant(rewritten)


def test_rewrite_of_a_graph_with_blank_nodes_or_none_yet_writes_it(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    rewritten, written = pair
    for triples in (
        [f'<{EX}a> <{EX}p> "1"'],
        [f'_:b1 <{EX}p> "1"', f"<{EX}a> <{EX}q> _:b1"],
    ):
        rewritten.rewrite(GraphWrite(f"{EX}g", triples))
        written.write([GraphWrite(f"{EX}g", triples)])
        assert len(_quads(rewritten)[0]) == len(_quads(written)[0])
        assert_union_invariant(rewritten)
