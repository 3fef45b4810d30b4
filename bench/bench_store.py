"""Benchmark 2, the store at scale: load rate, disk size and named queries' latency.

The data: ``--base`` corpus articles are extracted once (cached in out/bench), then their
graphs are replicated with renamed article IRIs (bench/harness.py: ``replicas``) until each
tier's number of triples is reached, rather than running spaCy for every article. Each tier
is written into a fresh embedded store through storygraph's own write path
(``EmbeddedStore.write``, batches of 32 articles, one transaction each), then every named
query (``storygraph.query.named_queries()``; ``mentions`` and ``who-said-what`` with the most
mentioned entity and the most cited source) runs on Oxigraph and, for tiers up to
``--rdflib-max``, on rdflib's in-memory ``Dataset`` holding the same quads, each rdflib query
capped at ``--rdflib-timeout`` seconds in a subprocess.

Oxigraph times are the engine's (pyoxigraph, every row materialised): the first run and the
median of the next five; "via storygraph" is ``Store.select`` (rows converted to rdflib terms).

    .venv/bin/python bench/bench_store.py --triples 1m,10m
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    BENCH,
    base_graphs,
    build_store,
    cache_dir,
    disk_usage,
    fmt_seconds,
    machine,
    mib,
    parse_sizes,
    read_graphs,
    table,
    write_dataset,
)


def _header() -> str:
    from storygraph.query import PREFIXES

    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "


def workload(store_path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """Every named query, parameterised ones with a real entity of the data; with ``limit``,
    its first page of that many rows (``storygraph query --named NAME`` shows a table of
    ``DEFAULT_TABLE_LIMIT`` rows)."""
    import pyoxigraph as ox

    from storygraph.query import named_queries, named_query

    header = _header()
    store = ox.Store.read_only(str(store_path))
    top_entity = _first(store, header + named_query("entities"), "label")
    top_source = _first(store, header + named_query("sources"), "source")
    del store
    out = []
    for q in named_queries():
        if q.parameters:
            arg = top_source if q.name == "who-said-what" else top_entity
            out.append((f"{q.name} {arg!r}", named_query(q.name, (arg,), limit=limit)))
        else:
            out.append((q.name, named_query(q.name, limit=limit)))
    return out


def _first(store: Any, query: str, var: str) -> str:
    for solution in store.query(query):
        return str(solution[var].value)
    return "nothing"


def time_oxigraph(
    store_path: Path, queries: list[tuple[str, str]], runs: int = 5
) -> list[dict[str, Any]]:
    import pyoxigraph as ox

    from storygraph.store import EmbeddedStore

    header = _header()
    store: Any = ox.Store.read_only(str(store_path))
    results = []
    for name, text in queries:
        times = []
        rows = 0
        for _ in range(runs + 1):
            start = time.perf_counter()
            rows = len([tuple(s) for s in store.query(header + text)])
            times.append(time.perf_counter() - start)
        results.append(
            {"name": name, "rows": rows, "first": times[0], "median": statistics.median(times[1:])}
        )
    del store
    sg = EmbeddedStore(store_path, create=False)
    for result, (_, text) in zip(results, queries, strict=True):
        start = time.perf_counter()
        sg.select(header + text)
        result["storygraph"] = time.perf_counter() - start
    sg.close()
    return results


def time_rdflib(
    data: Path, queries: list[tuple[str, str]], timeout: float, load_timeout: float
) -> dict[str, Any]:
    """Run rdflib_baseline.py; whatever it printed before a cap stopped it."""
    header = _header()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump([[name, header + text] for name, text in queries], fh)
        qfile = Path(fh.name)
    cmd = [
        sys.executable,
        str(BENCH / "rdflib_baseline.py"),
        str(data),
        str(qfile),
        "--timeout",
        str(timeout),
    ]
    total = load_timeout + len(queries) * (timeout + 10)
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=total, check=False)
        output = done.stdout
    except subprocess.TimeoutExpired as exc:
        raw = exc.stdout or b""
        output = raw.decode() if isinstance(raw, bytes) else raw
    finally:
        qfile.unlink()
    found: dict[str, Any] = {"queries": {}}
    for line in output.splitlines():
        item = json.loads(line)
        if "load" in item:
            found.update(item)
        else:
            found["queries"][item["query"]] = item
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="1m", help="tiers, e.g. 1m,10m")
    parser.add_argument("--base", type=int, default=200, help="articles extracted with spaCy")
    parser.add_argument("--rdflib-max", default="2m", help="largest tier rdflib is tried on")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    parser.add_argument("--rdflib-load-timeout", type=float, default=1200.0)
    parser.add_argument("--keep", action="store_true", help="keep the stores in out/bench")
    args = parser.parse_args(argv)
    tiers = parse_sizes(args.triples)
    rdflib_max = parse_sizes(args.rdflib_max)[0]

    print(machine())
    start = time.perf_counter()
    base = base_graphs(args.base)
    graphs = read_graphs(base)
    per_article = sum(len(t) for _, t in graphs) / len(graphs)
    print(
        f"base: {len(graphs)} articles extracted in {time.perf_counter() - start:.0f} s "
        f"(or cached), {per_article:,.0f} triples per article on average"
    )
    load_rows = []
    for target in tiers:
        articles = max(1, math.ceil(target / per_article))
        path = cache_dir() / f"store-{articles}"
        built = build_store(base, articles, path)
        size = disk_usage(path)
        load_rows.append(
            [
                f"{target:,}",
                f"{articles:,}",
                f"{built.triples:,}",
                f"{built.quads:,}",
                f"{built.seconds:.1f}",
                f"{built.quads / built.seconds:,.0f}",
                mib(size),
            ]
        )
        print(f"\n## tier {target:,} triples: {articles:,} articles")
        print(
            f"load: {built.triples:,} triples in article graphs, {built.quads:,} quads stored "
            f"(with the union copy and the ontology), {built.seconds:.1f} s "
            f"({built.quads / built.seconds:,.0f} quads/s, {built.batches} transactions, the "
            f"slowest {built.slowest:.1f} s); "
            f"disk {mib(size)}"
        )
        queries = workload(path)
        ox_times = time_oxigraph(path, queries)
        from storygraph.query.paging import DEFAULT_TABLE_LIMIT

        pages = time_oxigraph(path, workload(path, DEFAULT_TABLE_LIMIT))
        rdf: dict[str, Any] = {"queries": {}}
        if built.triples <= rdflib_max:
            with tempfile.TemporaryDirectory() as tmp:
                data = Path(tmp) / "data.nq"
                write_dataset(base, articles, data)
                rdf = time_rdflib(data, queries, args.rdflib_timeout, args.rdflib_load_timeout)
            if "load" in rdf:
                print(f"rdflib Dataset: loaded in {rdf['load']:.1f} s, peak RSS {mib(rdf['rss'])}")
            else:
                print(f"rdflib Dataset: did not load within {args.rdflib_load_timeout:g} s")
        else:
            print(f"rdflib: not run above {rdflib_max:,} triples (--rdflib-max)")
        rows = []
        for r in ox_times:
            theirs = rdf["queries"].get(r["name"])
            if theirs is None:
                rd, speed = "not run", ""
            elif "timeout" in theirs:
                rd = fmt_seconds(None, theirs["timeout"])
                speed = f"> {theirs['timeout'] / r['median']:,.0f}×"
            elif "error" in theirs:
                rd, speed = f"rdflib failed ({theirs['error'].split(':')[0]})", ""
            else:
                rd = fmt_seconds(theirs["seconds"])
                speed = f"{theirs['seconds'] / r['median']:,.0f}×"
                if theirs["rows"] != r["rows"]:
                    rd += f" ({theirs['rows']} rows!)"
            rows.append(
                [
                    f"`{r['name']}`",
                    f"{r['rows']:,}",
                    fmt_seconds(r["first"]),
                    fmt_seconds(r["median"]),
                    fmt_seconds(r["storygraph"]),
                    rd,
                    speed,
                ]
            )
        print(
            table(
                [
                    "named query",
                    "rows",
                    "Oxigraph first",
                    "Oxigraph median",
                    "via storygraph",
                    "rdflib",
                    "rdflib / Oxigraph",
                ],
                rows,
            )
        )
        print(f"\nthe table's default page (--limit {DEFAULT_TABLE_LIMIT}), goal < 200 ms:")
        print(
            table(
                ["named query", "rows", "Oxigraph first", "Oxigraph median", "under 200 ms"],
                [
                    [
                        f"`{r['name']}`",
                        f"{r['rows']:,}",
                        fmt_seconds(r["first"]),
                        fmt_seconds(r["median"]),
                        "yes" if r["median"] < 0.2 else "no",
                    ]
                    for r in pages
                ],
            )
        )
        if not args.keep:
            import shutil

            shutil.rmtree(path)
            (cache_dir() / f"store-{articles}.json").unlink(missing_ok=True)
    print("\n## load")
    print(
        table(
            [
                "tier (triples)",
                "articles",
                "triples",
                "quads stored",
                "load s",
                "quads/s",
                "disk",
            ],
            load_rows,
        )
    )
    print(f"\ntotal {time.perf_counter() - start:.0f} s; pid {os.getpid()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
