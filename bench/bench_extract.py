"""Extraction throughput: storygraph's whole ingest vs raw ``nlp.pipe`` on the same texts.

Runs both in one process on the MEANTIME development articles (../shared/data) plus the
example story, repeated ``--repeat`` times, and prints words/s and the ratio.

    .venv/bin/python bench/bench_extract.py --repeat 3
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[tuple[str, str]]:
    from storygraph.evaluate.meantime import read_meantime

    docs = read_meantime(ROOT.parent / "shared" / "data" / "meantime-dev").documents
    texts = [(d.id, d.text) for d in docs]
    example = ROOT / "examples" / "meta-applied-ai-reversal.txt"
    texts.append(("example", example.read_text(encoding="utf-8")))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import spacy

    from storygraph import __version__
    from storygraph.articles import find_blocks
    from storygraph.extract import load_pipeline
    from storygraph.ingest import ingest
    from storygraph.store import EmbeddedStore

    nlp = load_pipeline()
    texts = corpus() * args.repeat
    words = sum(len(t.split()) for _, t in texts)
    # the same unit of work as storygraph: one Doc per block
    blocks = [t[b.start : b.end] for _, t in texts for b in find_blocks(t)]

    list(nlp.pipe(blocks[:50]))  # warm up
    start = time.perf_counter()
    for _ in nlp.pipe(blocks, batch_size=256):
        pass
    raw = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles"
        src.mkdir()
        for n, (ident, text) in enumerate(texts):
            (src / f"{n:05d}-{ident[:40]}.txt").write_text(text, encoding="utf-8")
        store = EmbeddedStore(Path(tmp) / "store")
        start = time.perf_counter()
        summary = ingest([str(src)], store, nlp)
        full = time.perf_counter() - start
        store.close()

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}")
    print(f"storygraph {__version__}, spaCy {spacy.__version__}, model {nlp.meta['name']} {nlp.meta['version']}")
    print(f"texts: {len(texts)} articles, {words} words, {len(blocks)} blocks")
    print(f"raw nlp.pipe:        {raw:6.2f} s  {words / raw:8.0f} words/s")
    print(f"storygraph ingest:   {full:6.2f} s  {words / full:8.0f} words/s  ({summary.triples} triples)")
    print(f"ratio (storygraph / raw spaCy throughput): {raw / full:.2f}")
    print(f"overhead on top of nlp.pipe: {(full - raw) / raw * 100:.0f}%")


if __name__ == "__main__":
    sys.exit(main())
