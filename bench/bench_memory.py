"""Benchmark 3, peak memory: `storygraph ingest` at growing corpus sizes, and HTML export.

Ingest: ``storygraph ingest corpus.jsonl --workers N`` runs as a subprocess on corpora of
``--articles`` sizes (bench/corpus.py; ``--brief`` keeps each article's first lines so that
the large size finishes in minutes), while psutil samples the resident memory of the
command and of its whole process tree (the forkserver and the workers) every 50 ms. Flat
memory means the 10k peak is about the 1k peak.

Export: ``storygraph export --format html`` on a store of ``--export-triples`` triples (the
replicated graphs of bench_store.py), sampled the same way.

    .venv/bin/python bench/bench_memory.py --articles 1k,10k --export-triples 1m
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    base_graphs,
    cached_store,
    machine,
    mib,
    parse_sizes,
    read_graphs,
    run_sampled,
    table,
)

STORYGRAPH = Path(sys.executable).parent / "storygraph"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="1k,10k", help="corpus sizes")
    parser.add_argument("--brief", type=int, default=6, help="lines kept of each article")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--export-triples", default="1m", help="0 to skip the export")
    parser.add_argument("--base", type=int, default=200)
    args = parser.parse_args(argv)

    from corpus import write_jsonl

    print(machine())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in parse_sizes(args.articles):
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            words = write_jsonl(corpus, n, brief=args.brief)
            store = Path(tmp) / f"store-{n}"
            run = run_sampled(
                [
                    str(STORYGRAPH),
                    "ingest",
                    str(corpus),
                    "--store",
                    str(store),
                    "--workers",
                    str(args.workers),
                ]
            )
            if run.returncode != 0:
                print(run.output)
                raise SystemExit(f"ingest of {n} articles failed ({run.returncode})")
            summary = run.output.strip().splitlines()[-1]
            rows.append(
                [
                    f"{n:,}",
                    f"{words:,}",
                    f"{run.seconds:.1f}",
                    f"{words / run.seconds:,.0f}",
                    mib(run.parent),
                    mib(run.tree),
                ]
            )
            print(f"{n} articles: {summary}")
            corpus.unlink()
    print(f"\n## ingest --workers {args.workers} (articles of {args.brief} lines), peak RSS")
    print(
        table(
            ["articles", "words", "seconds", "words/s", "storygraph process", "with workers"],
            rows,
        )
    )

    export = parse_sizes(args.export_triples)[0]
    if export:
        base = base_graphs(args.base)
        graphs = read_graphs(base)
        per_article = sum(len(t) for _, t in graphs) / len(graphs)
        articles = max(1, math.ceil(export / per_article))
        path, meta = cached_store(base, articles)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "graph.html"
            run = run_sampled(
                [
                    str(STORYGRAPH),
                    "export",
                    "--store",
                    str(path),
                    "--format",
                    "html",
                    "-o",
                    str(out),
                ]
            )
            size = out.stat().st_size if out.exists() else 0
        if run.returncode != 0:
            print(run.output)
            raise SystemExit(f"export failed ({run.returncode})")
        print(f"\n## HTML export of {meta['triples']:,} triples ({articles:,} articles)")
        print(run.output.strip().splitlines()[-1])
        print(
            table(
                ["triples", "seconds", "peak RSS", "page size"],
                [[f"{meta['triples']:,}", f"{run.seconds:.1f}", mib(run.parent), mib(size)]],
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
