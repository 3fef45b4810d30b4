"""Shared fixtures: the spaCy pipeline (loaded once), the example story's store, shared data."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "meta-applied-ai-reversal.txt"
EXAMPLE_DATE = date(2026, 11, 26)
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip when a resource is absent on a user's machine; fail under CI, which has it all."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def nlp() -> Any:
    from storygraph.extract import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    require(path.is_dir(), f"{path} is absent (the shared gold data lives beside the clone)")
    return path


@pytest.fixture(scope="session")
def example_extraction(nlp: Any) -> Any:
    from storygraph.extract import extract_article
    from storygraph.readers import Overrides, read_articles

    result = next(read_articles([str(EXAMPLE)], Overrides(published=EXAMPLE_DATE)))
    assert result.article is not None
    return extract_article(result.article, nlp)


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Any:
    """A store holding the example story, ingested once for the session (read-only use)."""
    from storygraph.ingest import ingest
    from storygraph.readers import Overrides
    from storygraph.store import EmbeddedStore

    store = EmbeddedStore(tmp_path_factory.mktemp("example") / "store")
    summary = ingest([str(EXAMPLE)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    assert summary.articles == 1 and summary.failed == 0
    yield store
    store.close()
