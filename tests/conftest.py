"""Shared fixtures: the spaCy pipeline (loaded once), the example story's store, the shared gold
data and a headless browser. Plain helpers are in ``tests/helpers/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, EXAMPLE_DATE, SHARED_DATA, require_shared
from helpers.browser import chromium
from storygraph.extract import extract_article, load_pipeline
from storygraph.ingest import ingest
from storygraph.readers import Overrides, read_articles
from storygraph.store import EmbeddedStore


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_pipeline()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: a skip when it is absent, a failure under ``CI=true``."""
    return require_shared(SHARED_DATA)


@pytest.fixture(scope="session")
def example_extraction(nlp: Any) -> Any:
    result = next(read_articles([str(EXAMPLE)], Overrides(published=EXAMPLE_DATE)))
    assert result.article is not None
    return extract_article(result.article, nlp)


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[EmbeddedStore]:
    """A store holding the example story, ingested once for the session (read-only use)."""
    store = EmbeddedStore(tmp_path_factory.mktemp("example") / "store")
    summary = ingest([str(EXAMPLE)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    assert summary.articles == 1 and summary.failed == 0
    yield store
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for the module; a skip without it, a failure under ``CI=true``."""
    with chromium() as launched:
        yield launched
