"""The HTML viewer in a real browser: headless Debian Chromium driven by Playwright.

Network access is cut: every request but the page's own file is aborted, and recorded, and
the tests assert that nothing else was asked for. Timings (time to ``storygraphReady``) are
printed for 300 and 2,000 nodes (``pytest -s`` shows them); the only timing assertion is a
generous sanity cap. A screenshot of the example story is saved to
``tests/artifacts/viewer.png``.

Without ``/usr/bin/chromium`` or the ``playwright`` package the tests skip, except on CI
(``CI=true``), where they fail.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from helpers.browser import READY_CAP_MS, Viewer, assert_offline_and_clean, open_viewer
from helpers.story import XSS_HREF, XSS_IMG, XSS_SCRIPT, iri, story_store, synthetic_graph
from storygraph.export import to_networkx, write_html

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
META = iri("Organization", "meta")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.MultiDiGraph, Any]:
    graph = to_networkx(story_store())
    path = tmp_path_factory.mktemp("viewer") / "story.html"
    summary = write_html(
        graph,
        path,
        title="Meta reverses its AI reassignments",
        subtitle="Meta moved 7,000 engineers to an Applied AI task force, then let them leave",
    )
    return path, graph, summary


@pytest.fixture()
def viewer(browser: Any, story: tuple[Path, nx.MultiDiGraph, Any]) -> Iterator[Viewer]:
    v = open_viewer(browser, story[0])
    yield v
    v.page.close()


def test_draws_every_node_and_edge(viewer: Viewer, story: tuple[Path, Any, Any]) -> None:
    _, graph, summary = story
    counts = viewer.js(
        """() => [storygraph.nodes.length, storygraph.edges.length,
                  storygraph.network.body.nodeIndices.length,
                  storygraph.network.body.edgeIndices.length]"""
    )
    assert counts == [summary.nodes, summary.edges, summary.nodes, summary.edges]
    assert counts[:2] == [graph.number_of_nodes(), graph.number_of_edges()]
    assert viewer.js("document.title") == "Meta reverses its AI reassignments"
    assert_offline_and_clean(viewer)


def test_legend_lists_the_classes_present(viewer: Viewer, story: tuple[Path, Any, Any]) -> None:
    _, graph, _ = story
    legend = viewer.js(
        "() => [...document.querySelectorAll('#sg-legend li')].map(li => li.dataset.kind)"
    )
    assert sorted(legend) == sorted({k for _, k in graph.nodes(data="kind")})
    names = viewer.js("() => document.querySelector('#sg-legend').innerText")
    assert "Organizational unit" in names and "Open question" in names


def test_hostile_labels_stay_text(viewer: Viewer) -> None:
    for key, kind, label in (
        ("xss-img", "Person", XSS_IMG),
        ("xss-script", "Product", XSS_SCRIPT),
        ("xss-href", "Organization", XSS_HREF),
    ):
        node = iri(kind, key)
        drawn = label if len(label) <= 40 else label[:39] + "…"
        assert viewer.js("id => storygraph.nodes.get(id).label", node) == drawn
        # the tooltip, as vis-network shows it on hover
        viewer.page.mouse.move(*viewer.node_point(node))
        viewer.page.wait_for_function(
            "() => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.style.visibility !== 'hidden' && t.textContent.length > 0; }"
        )
        tooltip = viewer.js(
            "() => { const t = document.querySelector('div.vis-tooltip');"
            " return [t.innerText, t.children.length - t.querySelectorAll('br').length]; }"
        )
        assert tooltip[0].startswith(label)
        assert tooltip[1] == 0  # text and line breaks only, no elements
        viewer.page.mouse.move(5, 5)
        # the side panel
        viewer.page.mouse.click(*viewer.node_point(node))
        assert viewer.js("() => document.getElementById('sg-details-title').textContent") == label
        assert viewer.js(
            "() => document.querySelector('#sg-details-mentions li').textContent"
        ).startswith(label)
    assert viewer.js("() => typeof window.__xss") == "undefined"
    assert viewer.js("() => document.querySelectorAll('img, a, iframe').length") == 0
    assert viewer.js("() => document.querySelectorAll('script').length") == 3
    assert_offline_and_clean(viewer)


def test_search_selects_and_focuses(viewer: Viewer) -> None:
    viewer.page.fill("#sg-search-input", "Meta")
    viewer.page.press("#sg-search-input", "Enter")
    assert viewer.js("() => storygraph.network.getSelectedNodes()") == [META]
    assert viewer.js("() => document.getElementById('sg-details-title').textContent") == "Meta"
    # focused: Meta is at the centre of the canvas
    x, y = viewer.node_point(META)
    box = viewer.js(
        "() => { const b = document.querySelector('#sg-graph canvas').getBoundingClientRect();"
        " return [b.left + b.width / 2, b.top + b.height / 2]; }"
    )
    assert abs(x - box[0]) < 2 and abs(y - box[1]) < 2
    # a partial, lower-case query finds the task force; an unknown one says so
    viewer.page.fill("#sg-search-input", "applied ai")
    viewer.page.press("#sg-search-input", "Enter")
    assert viewer.js("() => storygraph.network.getSelectedNodes()") == [
        iri("OrganizationalUnit", "applied-ai")
    ]
    viewer.page.fill("#sg-search-input", "Microsoft")
    viewer.page.press("#sg-search-input", "Enter")
    assert viewer.js("() => document.getElementById('sg-search-status').textContent") == "no match"
    assert_offline_and_clean(viewer)


def test_click_shows_mentions(viewer: Viewer) -> None:
    node = iri("Organization", "business-insider")
    viewer.page.mouse.click(*viewer.node_point(node))
    assert viewer.js("() => storygraph.network.getSelectedNodes()") == [node]
    mentions = viewer.js(
        "() => [...document.querySelectorAll('#sg-details-mentions li')].map(li => li.textContent)"
    )
    assert mentions == [
        "Business Insider — The internal memo — obtained by Business Insider — says the company"
        " will now defer.",
        "Business Insider — Four sources confirmed the policy shift to Business Insider.",
    ]
    facts = viewer.js("() => document.getElementById('sg-details-facts').innerText")
    assert "Organization" in facts and "2 in 1 article" in facts
    # clicking the background clears the panel
    corner = viewer.js(
        "() => { const b = document.querySelector('#sg-graph canvas').getBoundingClientRect();"
        " return [b.left + 4, b.bottom - 4]; }"
    )
    viewer.page.mouse.click(*corner)
    assert viewer.js("() => document.getElementById('sg-details-title').textContent") == "Details"
    assert_offline_and_clean(viewer)


def test_screenshot(browser: Any, tmp_path: Path) -> None:
    """The example story without the hostile test nodes: the picture for the README."""
    path = tmp_path / "story.html"
    write_html(
        to_networkx(story_store(hostile=False)),
        path,
        title="Meta reverses its AI reassignments",
        subtitle="Meta moved 7,000 engineers to an Applied AI task force, then let them leave",
    )
    viewer = open_viewer(browser, path, width=1440, height=900)
    try:
        viewer.page.fill("#sg-search-input", "Meta")
        viewer.page.press("#sg-search-input", "Enter")
        viewer.js("() => storygraph.network.fit({ animation: false })")
        viewer.js(
            "() => storygraph.network.moveTo({ scale: storygraph.network.getScale() * 0.92 })"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        viewer.page.screenshot(path=str(ARTIFACTS / "viewer.png"))
        assert (ARTIFACTS / "viewer.png").stat().st_size > 10_000
        assert_offline_and_clean(viewer)
    finally:
        viewer.page.close()


@pytest.mark.parametrize("size", [300, 2000])
def test_time_to_ready(browser: Any, tmp_path: Path, size: int) -> None:
    graph = synthetic_graph(size)
    start = time.perf_counter()
    summary = write_html(graph, tmp_path / f"g{size}.html", title=f"{size} nodes", cap=size)
    export_ms = (time.perf_counter() - start) * 1000
    viewer = open_viewer(browser, tmp_path / f"g{size}.html")
    try:
        print(
            f"\n[viewer] {size} nodes, {summary.edges} edges: ready {viewer.ready_ms} ms after "
            f"navigation ({viewer.wall_ms:.0f} ms wall); export {export_ms:.0f} ms"
        )
        assert viewer.ready_ms < READY_CAP_MS
        counts = viewer.js("() => [storygraph.nodes.length, storygraph.edges.length]")
        assert counts == [size, summary.edges]
        assert_offline_and_clean(viewer)
    finally:
        viewer.page.close()


def test_the_network_block_has_teeth(browser: Any, tmp_path: Path) -> None:
    """A page that does ask for something else gets it refused, and the tests see it."""
    path = tmp_path / "leaky.html"
    path.write_text(
        '<!DOCTYPE html><img src="https://example.org/pixel.png">'
        "<script>window.storygraphReadyMs = 1; window.storygraphReady = true;</script>",
        encoding="utf-8",
    )
    viewer = open_viewer(browser, path)
    try:
        viewer.page.wait_for_function(
            "() => document.querySelector('img').complete", timeout=READY_CAP_MS
        )
        assert viewer.blocked == ["https://example.org/pixel.png"]
        with pytest.raises(AssertionError):
            assert_offline_and_clean(viewer)
    finally:
        viewer.page.close()


@pytest.mark.parametrize("projection", [True, False])
def test_the_demo_page_of_the_real_example(
    browser: Any, tmp_path: Path, example_store: Any, projection: bool
) -> None:
    """What `make demo` writes from the real pipeline: the story's actors and their links."""
    from storygraph.export import GraphOptions, export_story

    path = tmp_path / "example.html"
    message = export_story(example_store, "html", path, GraphOptions(projection=projection))
    viewer = open_viewer(browser, path, width=1400, height=900)
    try:
        labels = set(viewer.js("() => storygraph.nodes.get().map(n => n.label)"))
        for name in (
            "Meta",
            "Business Insider",
            "Applied AI task force",
            "the internal memo",
            "7,000 engineers",
        ):
            assert name in labels
        drawn = viewer.js(
            "() => [storygraph.network.body.nodeIndices.length,"
            " storygraph.network.body.edgeIndices.length]"
        )
        assert message.startswith(f"wrote {path}: {drawn[0]} nodes")
        assert f", {drawn[1]} edges" in message
        assert drawn[1] > 10  # the actors are linked, not scattered
        assert_offline_and_clean(viewer)
        if projection:
            ARTIFACTS.mkdir(exist_ok=True)
            viewer.page.screenshot(path=str(ARTIFACTS / "example-graph.png"))
    finally:
        viewer.page.close()
