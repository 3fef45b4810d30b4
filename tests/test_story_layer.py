"""The story layer on the example story: three articles, one corroboration, one contradiction."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, EXAMPLE_DATE
from helpers.sparql import ask
from storygraph.ingest import ingest
from storygraph.query import named_query, run_query
from storygraph.query.validate import validate_store
from storygraph.readers import Overrides
from storygraph.readers.aliases import Aliases
from storygraph.store import EmbeddedStore
from storygraph.story import STORY_GRAPH, link_story


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("story") / "store")
    summary = ingest([str(EXAMPLE.parent)], store, nlp, overrides=Overrides(EXAMPLE_DATE))
    # ingest runs the story layer once the articles are written
    assert summary.links is not None and summary.links.claim_links >= 2
    yield store
    store.close()


def rows(store: EmbeddedStore, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run_query(store, named_query(name), "csv"))))


def test_examples_are_three_articles_of_one_story() -> None:
    assert sorted(p.name for p in Path(EXAMPLE.parent).glob("*.txt")) == [
        "meta-applied-ai-reversal.txt",
        "meta-engineer-count.txt",
        "meta-memo-confirmed.txt",
    ]


def test_a_different_number_contradicts(story: EmbeddedStore) -> None:
    found = rows(story, "contradictions")
    pairs = {(r["article"], r["otherArticle"]) for r in found}
    assert ("meta-engineer-count", "meta-memo-confirmed") in pairs
    [row] = [r for r in found if r["article"] == "meta-engineer-count"]
    assert "5,000 engineers" in row["content"] and "7,000 engineers" in row["otherContent"]
    assert row["why"] == "different numbers of engineer (5000 / 7000)"


def test_the_spokesperson_corroborates_the_memo(story: EmbeddedStore) -> None:
    found = rows(story, "corroboration")
    [row] = [
        r
        for r in found
        if r["article"] == "meta-memo-confirmed"
        and r["otherArticle"] == "meta-applied-ai-reversal"
        and "defer to each individual's choice" in r["content"]
    ]
    assert row["source"] == "Dana Whitfield"
    assert row["relation"] == "corroborates"
    # two outlets' own reporting (no publisher given: one outlet per article)
    assert int(row["outlets"]) >= 2 and int(row["sources"]) >= 2
    assert row["first"] in ("meta-applied-ai-reversal", "meta-memo-confirmed")


def test_the_timeline_shows_each_event_with_its_other_reports(story: EmbeddedStore) -> None:
    found = rows(story, "story-timeline")
    reassign = [r for r in found if r["action"] == "reassign" and r["agent"] == "Meta"]
    assert {r["article"] for r in reassign} == {
        "meta-applied-ai-reversal",
        "meta-engineer-count",
        "meta-memo-confirmed",
    }
    for r in reassign:
        assert len(r["alsoIn"].split(", ")) == 2
        assert r["value"] == "2026-10"
    starts = [r["start"] for r in found if r["start"]]
    assert starts == sorted(starts)


def test_story_sources_count_outlets(story: EmbeddedStore) -> None:
    found = {r["source"]: r for r in rows(story, "story-sources")}
    assert int(found["Meta"]["outlets"]) == 3


def test_links_say_why_and_the_store_validates(story: EmbeddedStore) -> None:
    assert story.has_graph(STORY_GRAPH)
    assert ask(
        story, '?l a sg:StoryLink ; sg:rule "claim/contradicts" ; rdfs:label ?why ; sg:score ?s'
    )
    assert ask(story, '?l a sg:StoryLink ; sg:rule "event" ; sg:linkFrom ?a ; sg:linkTo ?b')
    assert validate_store(story).conforms


def test_ingest_no_link_leaves_the_story_layer_out(tmp_path: Path, nlp: Any) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        summary = ingest([str(EXAMPLE.parent)], store, nlp, link=False)
        assert summary.links is None and "story layer" not in summary.format()
        assert not store.has_graph(STORY_GRAPH)
        # nothing new written: the story layer is not rebuilt either
        again = ingest([str(EXAMPLE.parent)], store, nlp)
        assert (again.articles, again.skipped, again.links) == (0, 3, None)
        assert not store.has_graph(STORY_GRAPH)


def test_a_run_stopped_before_it_relinked_is_relinked_by_the_next(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest killed after its last article, before the links were written, leaves
    nothing to ingest again: the next ingest must still build the links."""
    import importlib

    from storygraph.story.link import PENDING_GRAPH

    # the module (the package exports its function under the same name)
    ingesting = importlib.import_module("storygraph.ingest")

    def stopped(store: EmbeddedStore) -> None:
        raise KeyboardInterrupt("killed before the links")

    with EmbeddedStore(tmp_path / "store") as store:
        with monkeypatch.context() as patched:
            patched.setattr(ingesting, "link_story", stopped)
            with pytest.raises(KeyboardInterrupt):
                ingest([str(EXAMPLE.parent)], store, nlp, overrides=Overrides(EXAMPLE_DATE))
        assert store.has_graph(PENDING_GRAPH) and not store.has_graph(STORY_GRAPH)
        again = ingest([str(EXAMPLE.parent)], store, nlp, overrides=Overrides(EXAMPLE_DATE))
        assert (again.articles, again.skipped) == (0, 3)
        assert again.links is not None and again.links.claim_links >= 2
        assert store.has_graph(STORY_GRAPH) and not store.has_graph(PENDING_GRAPH)
        # and a run with nothing to write and nothing pending leaves the links alone
        quiet = ingest([str(EXAMPLE.parent)], store, nlp, overrides=Overrides(EXAMPLE_DATE))
        assert (quiet.articles, quiet.links) == (0, None)


def test_rebuilt_as_a_whole(tmp_path: Path, nlp: Any) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        ingest([str(EXAMPLE.parent)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
        summary = link_story(store)
        assert summary.claim_links >= 2 and summary.event_links >= 2
        store.remove(next(g for g in store.graph_names() if g.endswith("/meta-engineer-count")))
        again = link_story(store, Aliases())
        assert again.claim_links < summary.claim_links
        assert not ask(store, "?a sg:contradicts ?b")
    finally:
        store.close()


def test_the_three_articles_are_one_story(story: EmbeddedStore) -> None:
    [row] = rows(story, "stories")
    assert row["story"] == "meta-applied-ai-reversal" and row["articles"] == "3"
    assert "Meta" in row["label"].split(", ")
    text = named_query("story-timeline", story=row["story"])
    kept = list(csv.DictReader(io.StringIO(run_query(story, text, "csv"))))
    assert kept and len(kept) == len(rows(story, "story-timeline"))
    nothing = named_query("story-timeline", story="no-such-story")
    assert list(csv.DictReader(io.StringIO(run_query(story, nothing, "csv")))) == []


def test_the_snapshot_read_on_two_threads_is_the_one_read_query_by_query(
    story: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The embedded store's snapshot queries run side by side (``concurrent_reads``); a store
    without it runs them one after the other: the same snapshot."""
    from storygraph.story.snapshot import read_snapshot

    assert story.concurrent_reads
    side_by_side = read_snapshot(story)
    monkeypatch.setattr(story, "concurrent_reads", False)
    one_by_one = read_snapshot(story)
    assert side_by_side == one_by_one
    # and it holds what the links are made from: the memo's task force, told events
    units = [e for e in side_by_side.entities.values() if e.kind == "OrganizationalUnit"]
    assert any("task force" in a.lower() for u in units for a in u.anchors | u.labels)
    assert len({e.article for e in side_by_side.events.values()}) == 3
    assert all(e.trigger and e.sentences for e in side_by_side.events.values())
    assert any(c.source for c in side_by_side.claims.values())
