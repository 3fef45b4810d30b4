"""Benchmark 3, peak memory: `storygraph ingest` at growing corpus sizes, and HTML export.

Ingest: ``storygraph ingest corpus.jsonl --workers N`` runs as a subprocess on corpora of
``--articles`` sizes (bench/corpus.py; ``--brief`` keeps each article's first lines so that
the large size finishes in minutes), while psutil samples the resident memory of the
command and of its whole process tree (the forkserver and the workers) every 50 ms. Flat
memory means the 10k peak is about the 1k peak.

Export: ``storygraph export --format html`` on a store of ``--export-triples`` triples (the
replicated graphs of bench_store.py), sampled the same way.

One article (``--article-sizes``): a child process loads the pipeline, extracts a small
article, resets its peak (``/proc/self/clear_refs``), then extracts one article of each
``--shapes`` and size, mints its RDF and writes it into a new embedded store; the table
gives the pipeline's footprint and the peak above it after extraction, after minting and
after the write (``VmHWM``; the write in steps of ``WRITE_STEP`` triples). The shapes are those that once
took the most memory: one-word lines (a spaCy Doc each), short sentence lines, paragraphs of
the MEANTIME articles and their variants (bench/corpus.py), the same as one line, as
bullets, and as the body of one JSON line read by the JSON Lines reader.

    .venv/bin/python bench/bench_memory.py --articles 1k,10k --export-triples 1m
    .venv/bin/python bench/bench_memory.py --articles 0 --export-triples 0 \
        --article-sizes 100k,300k,1m
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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
    parser.add_argument("--article-sizes", default="0", help="characters of one article, 0 to skip")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes of that article")
    parser.add_argument("--child", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child[0], int(args.child[1]))

    from corpus import write_jsonl

    print(machine())
    sizes = [n for n in parse_sizes(args.article_sizes) if n]
    if sizes:
        _per_article(sizes, args.shapes.split(","))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in [n for n in parse_sizes(args.articles) if n]:
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
    if rows:
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


SHAPES = ("one-word lines", "short lines", "paragraphs", "one line", "bullets", "JSON line")


def _paragraphs() -> Iterator[str]:
    """Paragraphs of the synthetic corpus (headings and datelines left out), endlessly."""
    from corpus import generate

    for record in generate(10**9):
        for line in record["text"].split("\n"):
            line = line.strip()
            if len(line.split()) > 12 or line.endswith((".", '"', "”")):
                yield line


def article_text(shape: str, size: int) -> str:
    """About ``size`` characters of text of one of :data:`SHAPES`."""
    from corpus import made_up_word

    parts: list[str] = []
    total = 0
    source = _paragraphs()
    while total < size:
        k = len(parts)
        if shape == "one-word lines":
            part = made_up_word("wordsx", k).lower()
        elif shape == "short lines":
            part = f"{made_up_word('Names', k)} rose."
        elif shape == "bullets":
            part = "- " + " ".join(next(source).split()[:8])
        else:
            part = next(source)
        parts.append(part)
        total += len(part) + 1
    return (" " if shape == "one line" else "\n").join(parts)


def _status(field: str) -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) << 10 for line in fh if line.startswith(field))


def _child(shape: str, size: int) -> int:
    """Extract one article in this process; print the figures as JSON."""
    from datetime import date

    from storygraph.extract import extract_article, load_pipeline
    from storygraph.rdf.mint import extraction_to_graph
    from storygraph.readers import find_blocks, read_articles
    from storygraph.records import Article
    from storygraph.store import EmbeddedStore

    nlp = load_pipeline()
    warm = "Meta told 7,000 engineers on Wednesday that they could leave.\nThey left."
    extract_article(Article(id="warm", text=warm, published=date(2026, 11, 26)), nlp)
    text = article_text("paragraphs" if shape == "JSON line" else shape, size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("a.jsonl" if shape == "JSON line" else "a.txt")
        if shape == "JSON line":
            record = {"id": "big", "published": "2026-11-26", "text": text}
            path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        else:
            path.write_text(f"---\npublished: 2026-11-26\n---\n{text}\n", encoding="utf-8")
        del text
        [result] = read_articles([str(path)], max_bytes=None)
    article = result.article
    assert article is not None, result.error
    base = _status("VmRSS")
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # VmHWM := VmRSS
    start = time.perf_counter()
    ext = extract_article(article, nlp)
    seconds = time.perf_counter() - start
    extracted = _status("VmHWM")
    graph = extraction_to_graph(ext)
    sentences = len(ext.sentences)
    del ext
    rdf = _status("VmHWM") - base
    with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(Path(tmp) / "store") as store:
        store.write([graph])
    triples = len(graph.triples)
    figures = {
        "chars": len(article.text),
        "blocks": len(find_blocks(article.text)),
        "sentences": sentences,
        "seconds": seconds,
        "footprint": base,
        "extract": extracted - base,
        "rdf": rdf,
        "written": _status("VmHWM") - base,
        "triples": triples,
    }
    print(json.dumps(figures))
    return 0


def _per_article(sizes: list[int], shapes: list[str]) -> None:
    rows = []
    for size in sizes:
        for shape in shapes:
            run = subprocess.run(
                [sys.executable, __file__, "--child", shape, str(size)],
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode != 0:
                print(run.stderr)
                raise SystemExit(f"{shape} of {size:,} characters failed ({run.returncode})")
            f = json.loads(run.stdout)
            print(f"{shape}, {size:,} characters: {f}", flush=True)
            rows.append(
                [
                    shape,
                    f"{f['chars']:,}",
                    f"{f['blocks']:,}",
                    f"{f['sentences']:,}",
                    f"{f['seconds']:.1f}",
                    mib(f["footprint"]),
                    mib(f["extract"]),
                    mib(f["rdf"]),
                    mib(f["written"]),
                    f"{f['triples']:,}",
                ]
            )
    print("\n## One article: peak memory above the pipeline's footprint (VmHWM)")
    headers = [
        "shape",
        "characters",
        "blocks",
        "sentences",
        "seconds",
        "footprint",
        "extraction",
        "with its RDF",
        "written",
        "triples",
    ]
    print(table(headers, rows))


if __name__ == "__main__":
    sys.exit(main())
