"""bench/bench_serve.py runs (at the example story's size, so that it does not rot)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLE, EXAMPLE_DATE, ROOT
from storygraph.ingest import ingest
from storygraph.readers import Overrides
from storygraph.store import EmbeddedStore


def test_bench_serve_on_the_example(
    tmp_path: Path, nlp: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    with EmbeddedStore(store) as opened:
        ingest([str(EXAMPLE)], opened, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    sys.modules.pop("bench_serve", None)
    import bench_serve

    assert bench_serve.main(["--store", str(store), "--entities", "2", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "| entity | 2 | " in out and "| search | 4 | " in out and "| timeline | 3 | " in out
    assert "| graph | 2 | " in out and "| graph (first) | 1 | " in out
    assert "| graph, depth 1 | 2 | " in out and "| graph, depth 2 | 2 | " in out
    assert "| `timeline` | " in out
    assert "all named queries: engine " in out
