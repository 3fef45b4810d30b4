"""The HTML viewer in a real browser: headless Debian Chromium driven by Playwright, with
every request but the page's own file aborted and recorded."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers import require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY_CAP_MS = 30_000


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright; a skip (a failure under CI) without them."""
    require(
        Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is not None,
        f"{CHROMIUM} is not installed (apt-get install chromium)",
    )
    try:
        from playwright.sync_api import sync_playwright  # optional: a dev tool, browser tests only
    except ImportError:
        require(False, "the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Viewer:
    """A loaded viewer page and what it did."""

    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    ready_ms: int = 0
    wall_ms: float = 0.0

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def node_point(self, node: str) -> tuple[float, float]:
        """The node's centre in page coordinates."""
        x, y = self.js(
            """id => {
                const net = window.storygraph.network;
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.querySelector('#sg-graph canvas').getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node,
        )
        return float(x), float(y)


def open_viewer(browser: Any, path: Path, width: int = 1400, height: int = 900) -> Viewer:
    page = browser.new_page(viewport={"width": width, "height": height})
    viewer = Viewer(page=page, url=path.resolve().as_uri())

    def route(route: Any) -> None:
        if route.request.url == viewer.url:
            route.continue_()
        else:
            viewer.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: viewer.requests.append(request.url))
    page.on(
        "console",
        lambda message: viewer.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: viewer.errors.append(str(error)))
    start = time.perf_counter()
    page.goto(viewer.url)
    page.wait_for_function("window.storygraphReady === true", timeout=READY_CAP_MS)
    viewer.wall_ms = (time.perf_counter() - start) * 1000
    viewer.ready_ms = int(viewer.js("window.storygraphReadyMs"))
    return viewer


def assert_offline_and_clean(viewer: Viewer) -> None:
    assert viewer.blocked == []
    assert [u for u in viewer.requests if u != viewer.url and not u.startswith("data:")] == []
    assert viewer.errors == []
