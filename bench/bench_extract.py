"""Benchmark 1, extraction throughput: `storygraph ingest` against raw ``nlp.pipe``.

Both run in this command on the same texts: ``--articles`` articles of the benchmark corpus
(bench/corpus.py: the MEANTIME development articles and the example story, then varied
copies), one Doc per block as storygraph parses them. Baselines: raw ``nlp.pipe`` in one
process, and spaCy's own ``nlp.pipe(n_process=N)``. Measured: ``storygraph ingest`` into a
fresh embedded store (read, parse, resolve, RDF, Oxigraph write, then the story layer, timed
apart) with 1 and N workers, and how much CPU the parent process and the workers used.

    .venv/bin/python bench/bench_extract.py --articles 300 --workers 1,2 --repeat 3

On a shared machine, ``--repeat`` runs every measurement in rounds and keeps the fastest.
``--phases`` times each phase of an ingest alone instead (BENCHMARKS.md section 1).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import CpuSampler, machine, table


@dataclass
class Run:
    """One ``storygraph ingest`` run: the ingest, then the story layer it runs at the end."""

    seconds: float
    own_cpu: float
    worker_cpu: float
    triples: int
    link_seconds: float
    link_cpu: float

    @property
    def total(self) -> float:
        """Seconds with the story layer, as ``storygraph ingest`` runs."""
        return self.seconds + self.link_seconds

    @property
    def cpu(self) -> float:
        """CPU seconds of every process, with the story layer."""
        return self.own_cpu + self.worker_cpu + self.link_cpu


def _stop_fork_server() -> None:
    """Stop the fork server an earlier pool left running in this process (with the private
    method CPython's own tests use), so that the next pool pays for starting it."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()


def phases(corpus: Path, nlp: Any, blocks: list[str], tmp: Path, batch_size: int) -> None:
    """Each phase of an ingest alone, in this process: CPU ms per article (process time,
    which counts the bulk loader's own threads too)."""
    import pickle
    from datetime import UTC, datetime

    import pyoxigraph as ox

    from storygraph.extract import extract_articles
    from storygraph.rdf.mint import extraction_to_graph
    from storygraph.readers import read_articles
    from storygraph.store import EmbeddedStore
    from storygraph.story import link_story

    cpu = time.process_time
    spent: dict[str, float] = {}
    start = cpu()
    articles = [r.article for r in read_articles([str(corpus)]) if r.article is not None]
    spent["read (files, content hashes)"] = cpu() - start
    start = cpu()
    for _ in nlp.pipe(blocks, batch_size=256):
        pass
    spent["parse (raw `nlp.pipe`)"] = cpu() - start
    start = cpu()
    extractions = []
    for i in range(0, len(articles), batch_size):
        extractions += extract_articles(articles[i : i + batch_size], nlp, batch_size=batch_size)
    spent["extraction (`extract_articles` less the raw parse)"] = (
        cpu() - start - spent["parse (raw `nlp.pipe`)"]
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    start = cpu()
    writes = [extraction_to_graph(e, now=now) for e in extractions]
    spent["RDF writer (`extraction_to_graph`)"] = cpu() - start
    for label, value in (("graphs (N-Triples lines)", writes), ("records", extractions)):
        start = cpu()
        pickle.loads(pickle.dumps(value))
        spent[f"a worker sends its {label}: pickle, unpickle"] = cpu() - start
    batches = [writes[i : i + batch_size] for i in range(0, len(writes), batch_size)]
    start = cpu()
    for batch in batches:
        "".join(w.nquads() for w in batch)
    spent["N-Quads text of graph + union copy"] = cpu() - start
    store = EmbeddedStore(tmp / "phases")
    start = cpu()
    for batch in batches:
        store.write(batch)
    spent["`EmbeddedStore.write`: bulk load of graph + copy, text included"] = cpu() - start
    start = cpu()
    link_story(store)
    spent["story layer (`link_story`)"] = cpu() - start
    store.close()
    for label, size, union in (
        ("the graphs alone", batch_size, False),
        ("graph + copy in batches of 128", 128, True),
    ):
        loader = ox.Store(str(tmp / f"phases-{size}-{union}"))
        start = cpu()
        for i in range(0, len(writes), size):
            text = "".join(w.nquads(union=union) for w in writes[i : i + size])
            loader.bulk_load(text, format=ox.RdfFormat.N_QUADS, lenient=True)
        spent[f"(bulk load of {label}, text included)"] = cpu() - start
        del loader
    n = len(articles)
    rows = [
        [label, f"{seconds:.2f}", f"{1000 * seconds / n:.1f}"] for label, seconds in spent.items()
    ]
    print(f"phases of ingest, each alone on {n} articles:")
    print(table(["phase", "CPU s", "ms per article"], rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of every measurement; the fastest is kept"
    )
    parser.add_argument(
        "--phases", action="store_true", help="time each phase of an ingest alone instead"
    )
    args = parser.parse_args(argv)
    counts = sorted({int(w) for w in args.workers.split(",")})

    from corpus import write_jsonl
    from storygraph.extract import load_pipeline
    from storygraph.ingest import ingest
    from storygraph.readers import find_blocks
    from storygraph.store import EmbeddedStore
    from storygraph.story import link_story

    print(machine())
    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = write_jsonl(corpus, args.articles)
        with corpus.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines]
        blocks = [t[b.start : b.end] for t in texts for b in find_blocks(t)]
        print(
            f"corpus: {args.articles} articles, {words:,} words, {len(blocks):,} blocks; "
            f"batch size {args.batch_size}; fastest of {args.repeat} round(s)"
        )

        if args.phases:
            list(nlp.pipe(blocks[:50]))  # warm up
            phases(corpus, nlp, blocks, Path(tmp), args.batch_size)
            return 0

        def raw_run(n: int) -> tuple[float, float]:
            with CpuSampler() as cpu:
                start = time.perf_counter()
                for _ in nlp.pipe(blocks, batch_size=256, n_process=n):
                    pass
                seconds = time.perf_counter() - start
            return seconds, cpu.own + cpu.children

        def ingest_run(n: int, name: str) -> Run:
            _stop_fork_server()  # every run starts its workers as a new command would
            store = EmbeddedStore(Path(tmp) / name)
            with CpuSampler() as cpu:
                start = time.perf_counter()
                summary = ingest(
                    [str(corpus)],
                    store,
                    nlp if n == 1 else None,
                    workers=n,
                    batch_size=args.batch_size,
                    link=False,
                )
                seconds = time.perf_counter() - start
            # the story layer, as ingest runs it after the last write (timed apart: it is
            # the same work whatever the number of workers)
            with CpuSampler() as link_cpu:
                start = time.perf_counter()
                link_story(store)
                link_seconds = time.perf_counter() - start
            store.close()
            return Run(seconds, cpu.own, cpu.children, summary.triples, link_seconds, link_cpu.own)

        list(nlp.pipe(blocks[:50]))  # warm up
        # Each round runs every measurement once, so that a burst of other work on the
        # machine spreads over all of them; each keeps its fastest round (other work only
        # ever adds time).
        raw: dict[int, float] = {}
        raw_cpu: dict[int, float] = {}
        runs: dict[int, Run] = {}
        for round_ in range(args.repeat):
            for n in counts:
                seconds, cpu_seconds = raw_run(n)
                if n not in raw or seconds < raw[n]:
                    raw[n], raw_cpu[n] = seconds, cpu_seconds
            for n in counts:
                run = ingest_run(n, f"store-{n}-{round_}")
                if n not in runs or run.total < runs[n].total:
                    runs[n] = run
        if 1 not in raw:
            raw[1], raw_cpu[1] = raw_run(1)

        # what starting a pool costs: the same call on a two-batch input of one article each
        if len(counts) > 1:
            tiny = Path(tmp) / "tiny.jsonl"
            write_jsonl(tiny, 2, brief=2)
            startup = {}
            for n in counts:
                if n > 1:
                    _stop_fork_server()
                    store = EmbeddedStore(Path(tmp) / f"startup-{n}")
                    start = time.perf_counter()
                    ingest([str(tiny)], store, workers=n, batch_size=1)
                    startup[n] = time.perf_counter() - start
                    store.close()

    rows: list[list[object]] = [
        [
            "raw `nlp.pipe`, 1 process",
            f"{raw[1]:.2f}",
            f"{words / raw[1]:,.0f}",
            f"{raw_cpu[1]:.1f}",
            "",
            "",
        ]
    ]
    for n in counts:
        if n > 1:
            rows.append(
                [
                    f"raw `nlp.pipe(n_process={n})`",
                    f"{raw[n]:.2f}",
                    f"{words / raw[n]:,.0f}",
                    "",
                    f"{raw_cpu[n]:.1f}",
                    "",
                ]
            )
    for n in counts:
        r = runs[n]
        rows.append(
            [
                f"`storygraph ingest --workers {n}`",
                f"{r.total:.2f}",
                f"{words / r.total:,.0f}",
                f"{r.own_cpu + r.link_cpu:.1f}",
                f"{r.worker_cpu:.1f}",
                f"{r.link_seconds:.2f} ({r.link_cpu:.1f})",
            ]
        )
    header = ["run", "seconds", "words/s", "process CPU s", "workers' CPU s"]
    print(table([*header, "of which story layer s (CPU s)"], rows))
    print(f"triples written: {runs[counts[0]].triples:,}")
    one = runs.get(1)
    if one is not None:
        print(
            f"ratio ingest --workers 1 / raw 1 process: {raw[1] / one.total:.2f} (goal >= 0.8); "
            f"without the story layer: {raw[1] / one.seconds:.2f}"
        )
        print(
            f"  in CPU seconds (what a shared machine cannot disturb): raw {raw_cpu[1]:.1f} / "
            f"ingest {one.cpu:.1f} = {raw_cpu[1] / one.cpu:.2f}; without the story layer "
            f"{raw_cpu[1] / (one.cpu - one.link_cpu):.2f}"
        )
    for n in counts:
        if n == 1:
            continue
        r = runs[n]
        print(
            f"ratio ingest --workers {n} / raw 1 process: {raw[1] / r.total:.2f} "
            f"= {raw[1] / r.total / n:.2f} per worker (goal >= 0.8 per worker)"
        )
        print(f"ratio ingest --workers {n} / raw n_process={n}: {raw[n] / r.total:.2f}")
        if one is not None:
            gain_raw = raw[1] / raw[n] - 1
            for label, a, b in (
                ("", one.total, r.total),
                (" without the story layer", one.seconds, r.seconds),
            ):
                gain = a / b - 1
                print(
                    f"speed-up --workers {n} / --workers 1{label}: {a / b:.2f}; raw spaCy's "
                    f"n_process={n} / 1: {raw[1] / raw[n]:.2f}; storygraph gains "
                    f"{gain / gain_raw:.0%} of what raw spaCy gains (goal >= 90%)"
                    if gain_raw > 0
                    else f"speed-up --workers {n} / --workers 1{label}: {a / b:.2f}; raw "
                    f"spaCy gained nothing from n_process={n} on this machine now"
                )
        print(f"pool start-up included above ({n} workers loading the model): {startup[n]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
