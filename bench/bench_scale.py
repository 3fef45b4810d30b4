"""Benchmark 5, the whole path at size: ``extract --engine dask`` on a 2-worker
``LocalCluster``, then ``load`` of the shards into the embedded store, then every listing
named query; the cost per 1,000 articles and its projection to a million.

    .venv/bin/python bench/bench_scale.py --articles 10000

Measured: wall time, CPU seconds of this process and every process below it (the Dask
scheduler, nannies and workers), peak resident memory of the whole tree, triples, the
shards' and the store's size on disk.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import CpuSampler, disk_usage, fmt_seconds, machine, mib, table

NAMED = ["articles", "claims", "entities", "open-questions", "sources", "timeline"]


class TreeRss:
    """Peak resident memory of this process and all its descendants, sampled."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil  # type: ignore[import-untyped]

        self._me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, args=(interval,))

    def _loop(self, interval: float) -> None:
        import psutil

        while not self._stop.wait(interval):
            total = self._me.memory_info().rss
            for child in self._me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--brief", type=int, default=0, help="cut articles to N lines (0: whole)")
    args = parser.parse_args(argv)

    from corpus import write_jsonl
    from storygraph.engine import extract_shards
    from storygraph.query import named_query
    from storygraph.rdf.sparql import with_prefixes
    from storygraph.store import EmbeddedStore
    from storygraph.store.files import load_files

    print(machine())
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = write_jsonl(corpus, args.articles, brief=args.brief or None)
        print(f"corpus: {args.articles:,} articles, {words:,} words")
        shards = Path(tmp) / "shards"
        with CpuSampler() as cpu, TreeRss() as rss:
            start = time.perf_counter()
            summary = extract_shards(
                [str(corpus)],
                str(shards),
                engine="dask",
                workers=args.workers,
                partition_size=args.partition_size,
                now=datetime(2026, 1, 1, tzinfo=UTC),
            )
            extract_s = time.perf_counter() - start
        extract_cpu, extract_peak = cpu.own + cpu.children, rss.peak
        rows.append(
            [
                f"`extract --engine dask` ({args.workers} workers)",
                f"{extract_s:.1f}",
                f"{extract_cpu:.1f}",
                mib(rss.peak),
                f"{summary.triples:,}",
                mib(disk_usage(shards)),
            ]
        )
        print(summary.format())

        store_path = Path(tmp) / "store"
        with CpuSampler() as cpu, TreeRss() as rss:
            start = time.perf_counter()
            store = EmbeddedStore(store_path)
            loaded = sum(n for _, n in load_files(store, [shards]))
            store.close()
            load_s = time.perf_counter() - start
        load_cpu = cpu.own
        rows.append(
            [
                "`load shards/` (bulk, with the union copy)",
                f"{load_s:.1f}",
                f"{cpu.own:.1f}",
                mib(rss.peak),
                f"{loaded:,}",
                mib(disk_usage(store_path)),
            ]
        )

        store = EmbeddedStore(store_path, create=False)
        queries: list[list[object]] = []
        for name in NAMED:
            text = with_prefixes(named_query(name))
            started = time.perf_counter()
            n = len(store.select(text))
            queries.append([f"`{name}`", f"{n:,}", fmt_seconds(time.perf_counter() - started)])
        store.close()

    print(table(["step", "seconds", "CPU s", "peak memory", "triples", "on disk"], rows))
    print(table(["named query", "rows", "time"], queries))
    k = args.articles / 1000
    per = [
        ["extract, per 1,000 articles", f"{extract_cpu / k:.0f} CPU-s", mib(extract_peak)],
        ["load, per 1,000 articles", f"{load_cpu / k:.1f} CPU-s", ""],
        ["triples per 1,000 articles", f"{summary.triples / k:,.0f}", ""],
    ]
    print(table(["cost", "", ""], per))
    million = 1_000_000 / args.articles
    print(
        f"projection to 1M articles: extract {extract_cpu * million / 3600:,.0f} CPU-hours, "
        f"load {load_s * million / 3600:,.1f} hours on this machine's loader, "
        f"{summary.triples * million / 1e9:,.2f} billion triples"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
