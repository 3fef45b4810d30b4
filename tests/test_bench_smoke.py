"""Every benchmark in bench/ runs end to end at a tiny size, so that none of them rots.

Nothing here checks a timing: the figures live in BENCHMARKS.md, made by ``make bench``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT, SHARED_DATA, require, require_shared

BENCH = ROOT / "bench"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@pytest.fixture(scope="module", autouse=True)
def bench_on_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """bench/ importable, and its cache (shared by the benchmarks here) in a temporary dir."""
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(BENCH))
    mp.setenv("STORYGRAPH_BENCH_CACHE", str(tmp_path_factory.mktemp("bench-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def meantime() -> Path:
    """The corpus the benchmarks vary: bench/corpus.py reads ``../shared/data/meantime-dev``."""
    return require_shared(SHARED_DATA / "meantime-dev")


@pytest.mark.usefixtures("meantime")
def test_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import corpus

    assert corpus.main(["70", "-o", str(tmp_path / "c.jsonl"), "--brief", "3"]) == 0
    assert capsys.readouterr().out.startswith("wrote 70 articles, ")
    lines = (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == 70
    assert corpus.main(["3", "-o", str(tmp_path / "dir")]) == 0
    assert len(list((tmp_path / "dir").glob("*.md"))) == 3


def test_variants_change_names_numbers_and_dates() -> None:
    import corpus

    base = corpus.BaseArticle(
        "x",
        "t",
        "Acme hired 7,000 engineers in 2025.\nThe firm said Acme grew.\n",
        corpus.EXAMPLE_DATE,
    )
    same = corpus.variant(base, 0)
    assert same["text"] == base.text and same["published"] == "2026-11-26"
    other = corpus.variant(base, 3)
    assert "Acme" not in other["text"] and "7,000" not in other["text"]
    assert "2028" in other["text"] and other["published"] == "2029-11-26"
    name = corpus.made_up_word("Acme", 3)
    assert other["text"].count(name) == 2


@pytest.mark.usefixtures("meantime")
def test_bench_extract(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_extract

    assert bench_extract.main(["--articles", "3", "--batch-size", "1", "--workers", "1,2"]) == 0
    out = capsys.readouterr().out
    assert "| `storygraph ingest --workers 2` |" in out
    assert "speed-up --workers 2 / --workers 1: " in out


@pytest.mark.usefixtures("meantime")
def test_bench_store(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_store

    args = ["--triples", "3k", "--base", "2", "--rdflib-timeout", "20"]
    assert bench_store.main(args) == 0
    out = capsys.readouterr().out
    assert "rdflib Dataset: loaded in " in out
    assert "| `mentions " in out and "rows!" not in out  # rdflib and Oxigraph agree


@pytest.mark.usefixtures("meantime")
def test_bench_memory(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_memory

    args = ["--articles", "2,4", "--brief", "3", "--workers", "1"]
    assert bench_memory.main([*args, "--export-triples", "3k", "--base", "2"]) == 0
    out = capsys.readouterr().out
    assert "| 4 | " in out
    assert "## HTML export of " in out


@pytest.mark.usefixtures("meantime")
def test_bench_story(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_story

    assert bench_story.main(["--articles", "3,6", "--brief", "3", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "## ingest --workers 1 --no-link, then the story layer" in out
    assert "| 6 | " in out


@pytest.mark.usefixtures("meantime")
def test_bench_scale(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    import bench_scale

    args = ["--articles", "4", "--workers", "1", "--partition-size", "2", "--brief", "3"]
    assert bench_scale.main(args) == 0
    out = capsys.readouterr().out
    assert "2 shard(s): 4 article(s) extracted, 0 failed" in out
    assert "| `extract --engine dask` (1 workers) |" in out
    assert "| `timeline` |" in out and "projection to 1M articles: " in out


@pytest.mark.usefixtures("meantime")
def test_bench_remote(capsys: pytest.CaptureFixture[str]) -> None:
    require(OXIGRAPH.is_file(), f"{OXIGRAPH} is absent (the oxigraph PyPI package)")
    import bench_remote

    assert bench_remote.main(["--triples", "3k", "--base", "2"]) == 0
    out = capsys.readouterr().out
    assert "(the same)" in out
    assert "| `entities` |" in out
