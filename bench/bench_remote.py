"""Benchmark 4, the remote store: the same data through the SPARQL protocol into a real
Oxigraph server on 127.0.0.1, against the embedded store, and the bulk-load path.

The data are bench_store.py's replicated graphs (``--triples``). Three ways in:

1. embedded: ``EmbeddedStore.write``, batches of 32 articles, one transaction each;
2. remote: ``RemoteStore.write`` to ``oxigraph serve``, one ``INSERT DATA`` per batch, which
   is what ``storygraph ingest --store http://…`` sends;
3. bulk (docs/scaling.md): the same graphs as an extract shard (named graphs only, what
   ``storygraph extract -o`` writes), ``oxigraph load --location``, then one SPARQL update that
   derives the union copy, then ``oxigraph serve`` on the result; or the shard and a copy of
   its triples without the graph column, in one ``oxigraph load``.

Then every named query through storygraph's ``Store.select`` on the embedded store and on
the server (median of three runs; the server's time includes HTTP and JSON).

    .venv/bin/python bench/bench_remote.py --triples 1m
"""

from __future__ import annotations

import argparse
import math
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    OXIGRAPH,
    base_graphs,
    build_store,
    disk_usage,
    fmt_seconds,
    machine,
    mib,
    parse_sizes,
    read_graphs,
    replicas,
    table,
    write_dataset,
)

UNION_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``oxigraph serve`` on a free local port, stopped on exit."""

    def __init__(self, location: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.log = location.parent / f"{location.name}-server.log"
        self._log = self.log.open("wb")
        self.proc = subprocess.Popen(
            [
                str(OXIGRAPH),
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"oxigraph serve exited: {self.log.read_text(errors='replace')}")
            try:
                request = urllib.request.Request(
                    self.url,
                    data=b"query=ASK%7B%7D",
                    method="POST",
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
                with urllib.request.urlopen(request, timeout=5):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise SystemExit("oxigraph serve did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def time_queries(store: object, queries: list[tuple[str, str]], runs: int = 3) -> list[float]:
    from storygraph.query import PREFIXES

    header = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "
    out = []
    for _, text in queries:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            store.select(header + text)  # type: ignore[attr-defined]
            times.append(time.perf_counter() - start)
        out.append(statistics.median(times))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="1m")
    parser.add_argument("--base", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    if not OXIGRAPH.is_file():
        raise SystemExit(f"{OXIGRAPH} is absent: install the oxigraph package (dev extra)")

    from bench_store import workload
    from storygraph.store import EmbeddedStore, GraphWrite, RemoteStore

    print(machine())
    base = base_graphs(args.base)
    graphs = read_graphs(base)
    per_article = sum(len(t) for _, t in graphs) / len(graphs)
    target = parse_sizes(args.triples)[0]
    articles = max(1, math.ceil(target / per_article))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        embedded = build_store(base, articles, root / "embedded", args.batch_size)
        rows.append(
            [
                "embedded `EmbeddedStore.write`",
                f"{embedded.seconds:.1f}",
                f"{embedded.quads / embedded.seconds:,.0f}",
                mib(disk_usage(root / "embedded")),
            ]
        )
        quads = embedded.quads
        print(f"data: {articles:,} articles, {embedded.triples:,} triples, {quads:,} quads stored")

        with Server(root / "remote") as server:
            remote = RemoteStore(server.url, timeout=600)
            start = time.perf_counter()
            batch: list[GraphWrite] = []
            for name, lines in replicas(graphs, articles):
                batch.append(GraphWrite(name, lines))
                if len(batch) >= args.batch_size:
                    remote.write(batch)
                    batch = []
            if batch:
                remote.write(batch)
            seconds = time.perf_counter() - start
            remote_quads = (
                int(
                    remote.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]  # type: ignore[call-overload]
                )
                + remote.count_triples()
            )
        rows.append(
            [
                "remote `RemoteStore.write` (INSERT DATA per batch)",
                f"{seconds:.1f}",
                f"{remote_quads / seconds:,.0f}",
                mib(disk_usage(root / "remote")),
            ]
        )

        shard = root / "shard.nq"
        write_dataset(base, articles, shard, union=False)
        bulk = root / "bulk"
        start = time.perf_counter()
        subprocess.run(
            [str(OXIGRAPH), "load", "--location", str(bulk), "--file", str(shard)],
            check=True,
            capture_output=True,
        )
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run(
            [str(OXIGRAPH), "update", "--location", str(bulk), "--update", UNION_UPDATE],
            check=True,
            capture_output=True,
        )
        union = time.perf_counter() - start
        # opened as a writer, which adds the ontology graph (storygraph's first write to a
        # store does; a reader, create=False, writes nothing)
        check = EmbeddedStore(bulk)
        bulk_quads = len(check._store)
        check.close()
        rows.append(
            [
                f"bulk: `oxigraph load` {loaded:.1f} s + union update {union:.1f} s",
                f"{loaded + union:.1f}",
                f"{bulk_quads / (loaded + union):,.0f}",
                mib(disk_usage(bulk)),
            ]
        )
        # the union copy as a second file of triples (what `sed` makes of a shard), loaded
        # with the shard in one parallel `oxigraph load` instead of the update
        copy = root / "shard.nt"
        with shard.open(encoding="utf-8") as src, copy.open("w", encoding="utf-8") as out:
            for line in src:
                out.write(line[: line.rindex(" <")] + " .\n")
        both = root / "bulk-nt"
        start = time.perf_counter()
        subprocess.run(
            [str(OXIGRAPH), "load", "--location", str(both), "--file", str(shard), str(copy)],
            check=True,
            capture_output=True,
        )
        loaded_both = time.perf_counter() - start
        check = EmbeddedStore(both)
        both_quads = len(check._store)
        check.close()
        rows.append(
            [
                "bulk: `oxigraph load` of the shard and its triples (.nt) together",
                f"{loaded_both:.1f}",
                f"{both_quads / loaded_both:,.0f}",
                mib(disk_usage(both)),
            ]
        )
        same = quads == remote_quads == bulk_quads == both_quads
        print(
            f"quads: embedded {quads:,}, remote {remote_quads:,}, bulk {bulk_quads:,} and "
            f"{both_quads:,} ({'the same' if same else 'DIFFERENT'})"
        )
        print("\n## load")
        print(table(["path", "seconds", "quads/s", "disk"], rows))

        queries = workload(root / "embedded")
        store = EmbeddedStore(root / "embedded", create=False)
        local = time_queries(store, queries)
        store.close()
        shutil.rmtree(root / "embedded")
        with Server(bulk) as server:
            remote = RemoteStore(server.url, timeout=600)
            served = time_queries(remote, queries)
        qrows = [
            [f"`{name}`", fmt_seconds(a), fmt_seconds(b), f"{b / a:.1f}×"]
            for (name, _), a, b in zip(queries, local, served, strict=True)
        ]
        print("\n## named queries via storygraph (median of 3)")
        print(table(["named query", "embedded", "remote (HTTP)", "remote / embedded"], qrows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
