"""Benchmark 5, the story layer's cost: ingest alone against ingest + the story layer.

For each size of ``--articles``, a corpus of that many articles (bench/corpus.py) is ingested
into a fresh embedded store with the story layer off (``ingest(..., link=False)``, as
``storygraph ingest --no-link``), then the story layer runs on the whole store
(:func:`storygraph.story.link_story`, what ``ingest`` runs at its end). Printed per size:
ingest seconds, story-layer seconds split into reading the snapshot, finding the links and
writing them, the story layer as a share of ingest, the links made, and the story layer run
once more on the same store (what every later ingest runs: the links are already stored). Near-linear means
the story-layer seconds per article stay about the same from the small size to the large.

    .venv/bin/python bench/bench_story.py --articles 1k,4k --workers 2
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import machine, parse_sizes, table


def measure(corpus: Path, store_path: Path, workers: int, brief: int | None) -> list[object]:
    """Ingest ``corpus`` without the story layer, then run it; one row of the table."""
    from storygraph.ingest import ingest
    from storygraph.store import EmbeddedStore
    from storygraph.story.link import find_story_links, story_triples
    from storygraph.story.snapshot import read_snapshot

    with EmbeddedStore(store_path) as store:
        began = time.perf_counter()
        summary = ingest([str(corpus)], store, workers=workers, link=False)
        ingest_s = time.perf_counter() - began
        began = time.perf_counter()
        snapshot = read_snapshot(store)
        read_s = time.perf_counter() - began
        began = time.perf_counter()
        links = find_story_links(snapshot)
        story, candidates = story_triples(links)
        find_s = time.perf_counter() - began
        # the whole call as ingest makes it (reads, finds and writes again)
        from storygraph.story import link_story

        began = time.perf_counter()
        result = link_story(store)
        link_s = time.perf_counter() - began
        # again, as every later ingest does: the links are there and mostly unchanged
        began = time.perf_counter()
        link_story(store)
        relink_s = time.perf_counter() - began
    n = summary.articles
    return [
        f"{n:,}",
        f"{summary.triples:,}",
        f"{ingest_s:.1f}",
        f"{read_s:.2f}",
        f"{find_s:.2f}",
        f"{link_s:.2f}",
        f"{1000 * link_s / max(n, 1):.1f}",
        f"{100 * link_s / ingest_s:.1f} %",
        f"{result.same_as} / {result.candidates} / {result.event_links} / {result.claim_links}",
        f"{len(story) + len(candidates):,}",
        f"{relink_s:.2f}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="1k,4k", help="corpus sizes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--brief", type=int, default=None, help="lines kept of each article")
    args = parser.parse_args(argv)

    from corpus import write_jsonl

    print(machine())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in parse_sizes(args.articles):
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            write_jsonl(corpus, n, brief=args.brief)
            rows.append(measure(corpus, Path(tmp) / f"store-{n}", args.workers, args.brief))
            print(f"{n} articles: {rows[-1]}", flush=True)
    print(f"\n## ingest --workers {args.workers} --no-link, then the story layer")
    print(
        table(
            [
                "articles",
                "triples",
                "ingest s",
                "snapshot s",
                "find s",
                "link_story s",
                "ms / article",
                "of ingest",
                "merges / candidates / events / claims",
                "story triples",
                "again s",
            ],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
