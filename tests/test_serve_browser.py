"""The workbench in a real browser: headless Debian Chromium driven by Playwright.

Every page of the example story (ingested with --published 2026-11-26) is opened with every
request recorded: a request to anything but the server on 127.0.0.1 fails the test (and is
aborted), and so does any console error. Screenshots of the entity page and the timeline are
saved to ``docs/img/`` for the README.

Without ``/usr/bin/chromium`` or the ``playwright`` package the tests skip, except on CI
(``CI=true``), where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from helpers import EXAMPLE_DATE, ROOT
from helpers.browser import READY_CAP_MS
from helpers.workbench import Workbench, add_hostile, running
from storygraph.ingest import ingest
from storygraph.readers import Overrides
from storygraph.serve import ServeConfig
from storygraph.store import EmbeddedStore

pytestmark = pytest.mark.browser

EXAMPLES = ROOT / "examples"  # the example story: three articles
IMAGES = ROOT / "docs" / "img"


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[Workbench]:
    path = tmp_path_factory.mktemp("serve-browser") / "store"
    with EmbeddedStore(path) as store:
        ingest([str(EXAMPLES)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    add_hostile(path)
    with running(ServeConfig(location=str(path))) as wb:
        yield wb


@dataclass
class Visit:
    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


def _loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


@pytest.fixture()
def visit(browser: Any, bench: Workbench) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: str, *, ready: bool = False, width: int = 1300, height: int = 900) -> Visit:
        page = browser.new_page(viewport={"width": width, "height": height})
        v = Visit(page)

        def route(r: Any) -> None:
            if _loopback(r.request.url):
                r.continue_()
            else:
                v.outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda request: v.requests.append(request.url))
        page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: v.errors.append(str(error)))
        page.goto(bench.url + path)
        if ready:
            page.wait_for_function("window.storygraphReady === true", timeout=READY_CAP_MS)
        else:
            page.wait_for_load_state("load")
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.page.close()


def assert_clean(v: Visit) -> None:
    assert v.outside == [], f"requests left the machine: {v.outside}"
    assert [u for u in v.requests if not _loopback(u)] == []
    assert v.errors == [], v.errors
    assert v.js("window.__xss === undefined")


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/", False),
        ("/search?q=meta", False),
        ("/entity/organization/meta", False),
        ("/article/meta-applied-ai-reversal", False),
        ("/timeline", True),
        ("/claims", False),
        ("/graph", True),
        ("/sparql", True),
    ],
)
def test_every_page_renders_offline_without_errors(visit: Any, path: str, ready: bool) -> None:
    v = visit(path, ready=ready)
    assert v.js("document.querySelector('h1') !== null || !!document.getElementById('sg-graph')")
    # the frames a page holds (the entity page's graph) are held to the same rule
    v.page.wait_for_load_state("networkidle")
    assert_clean(v)


def test_entity_page_lists_metas_mentions_with_evidence(visit: Any) -> None:
    v = visit("/entity/organization/meta")
    assert v.js("document.getElementById('sg-name').textContent") == "Meta"
    mentions = v.js(
        """() => [...document.querySelectorAll('#sg-mentions .sg-mention')].map(li => [
            li.querySelector('mark').textContent, li.querySelector('.sg-sentence').textContent])"""
    )
    assert len(mentions) >= 10
    assert ["Meta", "Meta reassigned 7,000 engineers to AI training units last month."] in mentions
    assert all(anchor in sentence for anchor, sentence in mentions)
    frame = v.page.frame_locator("iframe.sg-mini-graph")
    frame.locator("#sg-graph canvas").wait_for(timeout=READY_CAP_MS)
    v.page.wait_for_load_state("networkidle")
    inner = next(f for f in v.page.frames if "/graph?" in f.url)
    inner.wait_for_function("window.storygraphReady === true", timeout=READY_CAP_MS)
    v.page.screenshot(path=str(IMAGES / "serve-entity.png"), full_page=False)
    assert_clean(v)


def test_timeline_shows_the_reassignment_before_the_reversal(visit: Any) -> None:
    v = visit("/timeline", ready=True, height=800)
    drawn = v.js(
        """() => storygraphTimeline.items.get().map(item => ({
            label: item.content.textContent, start: item.start}))
            .sort((a, b) => a.start < b.start ? -1 : a.start > b.start ? 1 : 0)"""
    )
    labels = [d["label"] for d in drawn]
    first_reassign = next(i for i, x in enumerate(labels) if "reassign" in x)
    first_reverse = next(i for i, x in enumerate(labels) if "reverse" in x)
    assert first_reassign < first_reverse
    # on the axis too: the reassignment's box lies left of the reversal's
    boxes = v.js(
        """() => [...document.querySelectorAll('#sg-timeline .vis-item')].map(el => [
            el.textContent, el.getBoundingClientRect().left])"""
    )
    left = {text: x for text, x in boxes}
    reassign = min(x for t, x in left.items() if "reassign" in t)
    reverse = min(x for t, x in left.items() if "reverse" in t)
    assert reassign < reverse
    listed = v.js(
        "() => [...document.querySelectorAll('#sg-event-list .sg-event a')].map(a => a.textContent)"
    )
    assert next(i for i, x in enumerate(listed) if "reassign" in x) < next(
        i for i, x in enumerate(listed) if "reverse" in x
    )
    assert_clean(v)
    # the README's picture: the example story alone (what Meta does in its three articles)
    shot = visit("/timeline?entity=organization/meta", ready=True, height=820)
    shot.page.screenshot(path=str(IMAGES / "serve-timeline.png"), full_page=False)
    assert_clean(shot)


def test_sparql_editor_runs_a_named_query_against_this_server(visit: Any) -> None:
    v = visit("/sparql", ready=True)
    with v.page.expect_response(
        lambda r: r.url.endswith("/sparql") and r.request.method == "POST"
    ) as answer:
        v.page.click("button.sg-named-query[data-name='entities']")
    assert answer.value.status == 200
    v.page.wait_for_selector(".yasr table", timeout=READY_CAP_MS)
    assert "Meta" in v.js("document.querySelector('.yasr').innerText")
    assert_clean(v)


def test_graph_hides_unconnected_nodes_until_asked_and_opens_entity_pages(visit: Any) -> None:
    v = visit("/graph?projection=0&cap=300", ready=True)
    hidden = v.js("() => storygraph.nodes.get().filter(n => n.hidden).length")
    isolated = v.js("() => storygraph.isolated.length")
    assert hidden == isolated > 0
    assert v.js("() => storygraph.edges.get().every(e => e.label === ' ')")  # labels on hover
    v.page.check("#sg-isolated")
    assert v.js("() => storygraph.nodes.get().filter(n => n.hidden).length") == 0
    assert v.js(
        "id => storygraph.pageOf(id)", "https://w3id.org/storygraph/id/organization/meta"
    ) == ("/entity/organization/meta")
    assert_clean(v)


def test_hostile_labels_stay_inert(visit: Any) -> None:
    for path in (
        "/entity/organization/hostile-labels-inc",
        "/article/hostile-labels",
        "/claims",
        "/search?q=window",
    ):
        v = visit(path)
        v.page.wait_for_load_state("networkidle")
        assert v.js("document.querySelectorAll('main img, main script').length") == 0
        assert "<script>window.__xss=2</script>" in v.js("document.body.innerText")
        assert_clean(v)
    v = visit("/timeline", ready=True)
    assert v.js("document.querySelectorAll('#sg-timeline img').length") == 0
    assert_clean(v)
