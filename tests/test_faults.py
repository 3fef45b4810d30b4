"""Faults: processes killed mid-write, two processes on one store, full and read-only disks,
and SPARQL endpoints that are down, slow or answer errors.

The kill tests run the real command (``python -m storygraph …``) in a subprocess, kill it
with SIGKILL at random moments (or once its progress line shows a given count), reopen the
store here and check that every graph in it is whole: equal to a reference made without
faults, and the default graph still the union of the named graphs. The same command run
again then finishes the work. The random moments are drawn from a seeded generator, printed
on failure so that a run can be repeated (``STORYGRAPH_FAULT_SEED``).

Disk-full and read-only tests mount a tiny tmpfs, or bind-mount a directory read-only, in a
new user and mount namespace (``unshare -rm``), which needs no privileges where unprivileged
user namespaces are allowed (tests run as root, so ``chmod`` would not stop anything). Where
``unshare`` cannot do that they skip, and the same error paths are still covered by the
monkeypatched tests below them.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import pty
import random
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from helpers import EXAMPLE, ROOT
from helpers.servers import start_oxigraph
from storygraph.cli import cli
from storygraph.errors import EndpointError, StoreError, StorygraphError
from storygraph.rdf.vocab import SG_ONTOLOGY
from storygraph.store import EmbeddedStore, RemoteStore, Store
from storygraph.story import CANDIDATES_GRAPH, STORY_GRAPH
from storygraph.story.link import PENDING_GRAPH

DATA = Path(__file__).parent / "data" / "rdf"
ONTOLOGY = str(SG_ONTOLOGY)
#: The graphs that are not an article's: the ontology and the story layer's (with the mark
#: that its links wait to be rebuilt, which a stopped ingest leaves).
NOT_ARTICLES = {ONTOLOGY, STORY_GRAPH, CANDIDATES_GRAPH, PENDING_GRAPH}
PUBLISHED = date(2026, 11, 26)
STARTED = "http://www.w3.org/ns/prov#startedAtTime"
SEED = int(os.environ.get("STORYGRAPH_FAULT_SEED", "0")) or random.SystemRandom().randrange(1 << 30)

Triples = set[tuple[str, str, str]]


# -- helpers -------------------------------------------------------------------------------------


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def fails(*args: str, code: int = 1, input: str | None = None) -> Result:
    """Run a command that must fail cleanly (a message, not a traceback)."""
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def storygraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "storygraph", *args]


def graphs(store: Store) -> dict[str, Triples]:
    """Every named graph, as sets of N-Triples terms (run timestamps left out)."""
    out: dict[str, Triples] = {}
    for row in store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        if str(row["p"]) != STARTED:
            out.setdefault(str(row["g"]), set()).add(
                (row["s"].n3(), row["p"].n3(), row["o"].n3())  # type: ignore[union-attr]
            )
    return out


def graphs_at(path: Path) -> dict[str, Triples]:
    """:func:`graphs` of an embedded store, read with pyoxigraph alone (fast, and without
    anything storygraph does on opening a store)."""
    import pyoxigraph as ox

    store = ox.Store(str(path))
    out: dict[str, Triples] = {}
    started = f"<{STARTED}>"
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and str(q.predicate) != started:
            out.setdefault(q.graph_name.value, set()).add(
                (str(q.subject), str(q.predicate), str(q.object))
            )
    del store
    return out


def assert_union_invariant(store: Store) -> None:
    """The default graph holds each statement of the named graphs, and nothing else."""
    default = store.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]
    union = store.select(
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
    )[0]["n"]
    assert int(default) == int(union)  # type: ignore[call-overload]
    assert not store.ask("ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")


def assert_whole(path: Path, reference: dict[str, Triples]) -> dict[str, Triples]:
    """Reopen the store: each graph in it is exactly its reference; return what is there."""
    found = graphs_at(path)
    for name, triples in found.items():
        if name == PENDING_GRAPH and name not in reference:
            # a run stopped before it relinked: the mark that the links wait to be rebuilt
            assert {p.rsplit("#", 1)[-1] for _, p, _ in triples} == {"linksPending>"}
            continue
        assert name in reference, f"unexpected graph {name}"
        assert triples == reference[name], f"{name} is not whole ({len(triples)} triples)"
    with EmbeddedStore(path, create=False) as store:
        assert_union_invariant(store)
    return found


@dataclass
class Killed:
    """What one killed run did before it died."""

    delay: float
    progress: int
    output: str


def kill_during(
    command: list[str],
    rng: random.Random,
    *,
    delay: tuple[float, float],
    after_progress: int = 0,
) -> Killed:
    """Run ``command`` with stderr on a terminal (so it prints progress); SIGKILL it after
    its progress line reaches ``after_progress`` articles, plus a random delay."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        start_new_session=True,
    )
    os.close(slave)
    seen = ""
    progress = 0
    try:
        deadline = time.monotonic() + 60
        while progress < after_progress and proc.poll() is None:
            assert time.monotonic() < deadline, f"no progress: {seen!r}"
            if select.select([master], [], [], 0.05)[0]:
                try:
                    seen += os.read(master, 4096).decode(errors="replace")
                except OSError:
                    break
                counts = re.findall(r"ingest: (?:\[[#.]+\] )?(\d+)(?:/\d+)? articles?", seen)
                progress = int(counts[-1]) if counts else 0
        wait = rng.uniform(*delay)
        time.sleep(wait)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)  # the fault: the command itself dies at once
        proc.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # its worker processes, if any
        os.close(master)
        assert proc.stdout is not None
        out = proc.stdout.read().decode(errors="replace")
        proc.stdout.close()
    return Killed(wait, progress, out)


# -- killed while ingesting ----------------------------------------------------------------------


def _corpus(directory: Path, n: int) -> list[Path]:
    """``n`` short articles cut from the example story (each a different text)."""
    lines = [ln for ln in EXAMPLE.read_text(encoding="utf-8").splitlines() if len(ln) > 80]
    directory.mkdir()
    paths = []
    for i in range(n):
        body = "\n".join(lines[(i + k) % len(lines)] for k in range(3))
        path = directory / f"story-{i:02d}.txt"
        path.write_text(f"Story number {i}\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def ingest_reference(
    tmp_path_factory: pytest.TempPathFactory, nlp: Any
) -> tuple[Path, dict[str, Triples]]:
    """The corpus, and every graph of it ingested without a fault."""
    from storygraph.ingest import ingest
    from storygraph.readers import Overrides

    base = tmp_path_factory.mktemp("kill-ingest")
    _corpus(base / "corpus", 10)
    with EmbeddedStore(base / "reference") as store:
        summary = ingest([str(base / "corpus")], store, nlp, overrides=Overrides(PUBLISHED))
        assert summary.articles == 10 and summary.failed == 0
    return base / "corpus", graphs_at(base / "reference")


def test_ingest_killed_at_any_moment_keeps_whole_articles_and_a_rerun_finishes(
    tmp_path: Path, ingest_reference: tuple[Path, dict[str, Triples]]
) -> None:
    corpus, reference = ingest_reference
    store = tmp_path / "store"
    command = storygraph("ingest", str(corpus), "--store", str(store), "--batch-size", "2")
    command += ["--published", "2026-11-26"]
    rng = random.Random(SEED)
    # Half the runs extract in worker processes (the default: one per core), half in one
    # process (--workers 1, if this version has the option), which starts faster.
    workers = (
        ["--workers", "1"] if "workers" in {p.name for p in cli.commands["ingest"].params} else []
    )
    trials = [
        ((0.05, 1.5), 0, []),  # while starting: creating the store, writing the ontology
        ((0.0, 0.3), 1, workers),  # a random moment after the first batch is committed
        ((0.0, 0.1), 5, []),
    ]
    present: dict[str, Triples] = {}
    for trial, (delay, after, extra) in enumerate(trials):
        killed = kill_during(command + extra, rng, delay=delay, after_progress=after)
        context = f"seed {SEED}, trial {trial}: {killed}"
        if not store.exists():
            continue
        try:
            present = assert_whole(store, reference)
        except AssertionError as exc:
            raise AssertionError(f"{context}: {exc}") from exc
        # what the progress line said was committed is there
        articles = [g for g in present if g not in NOT_ARTICLES]
        total = len([g for g in reference if g not in NOT_ARTICLES])
        assert len(articles) >= min(killed.progress, total), context
    command += workers
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    before = len([g for g in present if g not in NOT_ARTICLES])
    total = len([g for g in reference if g not in NOT_ARTICLES])
    assert done.stderr.startswith(
        f"{total - before} article(s) ingested, {before} unchanged and skipped, 0 failed; "
    )
    assert assert_whole(store, reference) == reference


# -- killed while loading ------------------------------------------------------------------------


def _nquads(path: Path, first: int, n: int, per: int) -> dict[str, Triples]:
    """A file of ``n`` graphs of ``per`` triples (a tenth shared by every graph)."""
    expected: dict[str, Triples] = {}
    with path.open("w", encoding="utf-8") as out:
        for g in range(first, first + n):
            name = f"https://example.org/g{g}"
            triples = expected.setdefault(name, set())
            for j in range(per):
                s = f"<https://example.org/s{g if j % 10 else 'shared'}/{j}>"
                o = f'"statement {j} of graph {g if j % 10 else "any"}"'
                out.write(f"{s} <https://example.org/p> {o} <{name}> .\n")
                triples.add((s, "<https://example.org/p>", o))
    return expected


@pytest.fixture(scope="module")
def load_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, Triples]]:
    base = tmp_path_factory.mktemp("kill-load")
    files = [base / f"part-{k}.nq" for k in range(3)]
    reference: dict[str, Triples] = {}
    for k, path in enumerate(files):
        reference.update(_nquads(path, 10 * k, 10, 300))
    EmbeddedStore(base / "empty").close()
    reference.update(graphs_at(base / "empty"))  # the ontology
    return files, reference


def test_load_killed_at_any_moment_keeps_whole_files_and_a_rerun_finishes(
    tmp_path: Path, load_files: tuple[list[Path], dict[str, Triples]]
) -> None:
    files, reference = load_files
    store = tmp_path / "store"
    command = storygraph("load", *map(str, files), "--store", str(store))
    rng = random.Random(SEED + 1)
    for trial in range(3):
        killed = kill_during(command, rng, delay=(0.15, 0.9))
        if not store.exists():
            continue
        present = assert_whole(store, reference)
        for k in range(3):  # one transaction per file: all of its graphs or none
            names = {f"https://example.org/g{g}" for g in range(10 * k, 10 * k + 10)}
            assert len(names & present.keys()) in (0, 10), f"seed {SEED}, {trial}: {killed}"
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "".join(f"loaded 3000 statements from {f}\n" for f in files)
    assert assert_whole(store, reference) == reference


# -- killed while removing -----------------------------------------------------------------------


def test_remove_killed_at_any_moment_keeps_whole_articles_and_a_rerun_finishes(
    tmp_path: Path, load_files: tuple[list[Path], dict[str, Triples]]
) -> None:
    files, reference = load_files
    store = tmp_path / "store"
    with EmbeddedStore(store) as s:
        s.load_rdf(files[0].read_bytes(), "nquads")
    loaded = graphs_at(store)
    kept = {name: t for name, t in reference.items() if name in loaded}
    names = [f"https://example.org/g{g}" for g in range(10)]
    command = storygraph("remove", *names, "--store", str(store))
    rng = random.Random(SEED + 2)
    for trial in range(3):
        killed = kill_during(command, rng, delay=(0.25, 0.6))
        present = assert_whole(store, kept)  # a graph is all there or all gone
        assert ONTOLOGY in present, f"seed {SEED}, {trial}: {killed}"
    before = graphs_at(store)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    # the graphs that were gone are reported, the others removed
    gone = [n for n in names if n not in before]
    assert done.returncode == (1 if gone else 0)
    assert done.stdout == ""
    assert done.stderr == "".join(
        f"removed {n}\n"
        if n in before
        else f"Error: no article {n!r} in {store}; list them with `storygraph query --named "
        f"articles` (id is e.g. {slug(n)})\n"
        for n in names
    )
    assert assert_whole(store, kept) == {ONTOLOGY: reference[ONTOLOGY]}


def slug(text: str) -> str:
    from storygraph.readers import slugify

    return slugify(text)


# -- two processes on one store ------------------------------------------------------------------


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``storygraph update`` in another process, holding the store until its update arrives
    on stdin (the command opens the store, then reads the update)."""
    store = str(tmp_path / "store")
    assert run("load", str(DATA / "story.trig"), "--store", store).exit_code == 0
    proc = subprocess.Popen(
        storygraph("update", "--store", store, "--wait", "30"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while (
        "in use by another storygraph process"
        not in CliRunner().invoke(cli, ["query", "--store", store, "ASK {}"]).output
    ):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the writer never opened the store"
        time.sleep(0.05)
    yield store, proc
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=30)


INSERT = 'INSERT DATA { GRAPH <https://example.org/w> { <https://example.org/a> sg:alias "w" } }'


def test_a_second_writer_is_refused_with_a_clear_message(
    writer: tuple[str, subprocess.Popen[str]],
) -> None:
    store, proc = writer
    result = fails(
        "load", str(DATA / "note.nt"), "--graph", "https://example.org/n", "--store", store
    )
    assert result.output == (
        f"Error: the store at {store} is in use by another storygraph process; "
        "wait for it to finish (or pass --wait SECONDS)\n"
    )
    out, err = proc.communicate(INSERT, timeout=30)
    assert (proc.returncode, out, err) == (0, "", "updated\n")
    # nothing of the refused load, everything of the writer's update
    assert run("query", "--store", store, "ASK { GRAPH ?g { ?s sg:alias 'w' } }").output == "true\n"
    result = run("query", "--store", store, "ASK { GRAPH <https://example.org/n> { ?s ?p ?o } }")
    assert result.output == "false\n"


def test_a_second_writer_waits_with_wait(writer: tuple[str, subprocess.Popen[str]]) -> None:
    store, proc = writer
    command = storygraph("load", str(DATA / "note.nt"), "--graph", "https://example.org/n")
    second = subprocess.Popen(
        [*command, "--store", store, "--wait", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    assert second.poll() is None  # still waiting for the store
    out, err = proc.communicate(INSERT, timeout=30)
    assert (proc.returncode, err) == (0, "updated\n"), out
    out, err = second.communicate(timeout=60)
    assert (second.returncode, out, err) == (
        0,
        "",
        f"loaded 4 statements from {DATA / 'note.nt'}\n",
    )
    both = "ASK { GRAPH ?g { ?s sg:alias 'w' } GRAPH <https://example.org/n> { ?x ?y ?z } }"
    assert run("query", "--store", store, both).output == "true\n"


def test_a_reader_cannot_open_while_a_writer_holds_the_store(
    writer: tuple[str, subprocess.Popen[str]],
) -> None:
    store, proc = writer
    for command in (["query", "ASK {}"], ["stats"], ["export", "--format", "nquads"]):
        result = fails(command[0], "--store", store, *command[1:])
        assert result.output == (
            f"Error: the store at {store} is in use by another storygraph process; "
            "wait for it to finish (or pass --wait SECONDS)\n"
        )
    reader = subprocess.Popen(
        storygraph("query", "--store", store, "--wait", "30", "ASK { ?s sg:alias 'w' }"),
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.3)
    proc.communicate(INSERT, timeout=30)
    out, _ = reader.communicate(timeout=60)
    assert (reader.returncode, out) == (0, "true\n")  # it waited, then saw the write


# -- a store that cannot be written --------------------------------------------------------------


def test_a_store_path_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = tmp_path / "file" / "sub"
    result = fails("load", str(DATA / "story.trig"), "--store", str(store))
    assert result.output == (
        f"Error: cannot create the store at {store}: {tmp_path / 'file'} is a file, "
        "not a directory\n"
    )


def _namespace(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of a new user and mount namespace (skip if impossible)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(
        [unshare, "-rm", "true"], capture_output=True, text=True, timeout=30, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"no unprivileged user namespaces here: {probe.stderr.strip()}")
    env = dict(os.environ, PY=sys.executable, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [unshare, "-rm", "sh", "-ec", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_read_only_directory(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir()
    assert (
        run("load", str(DATA / "story.trig"), "--store", str(tmp_path / "ro" / "old")).exit_code
        == 0
    )
    script = textwrap.dedent(
        f"""
        mount --bind ro ro && mount -o remount,ro,bind ro
        $PY -m storygraph load {DATA / "note.nt"} --graph https://example.org/n --store ro/new \
          || echo "exit $?"
        $PY -m storygraph load {DATA / "note.nt"} --graph https://example.org/n --store ro/old \
          || echo "exit $?"
        """
    )
    done = _namespace(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "Error: cannot open the store at ro/new: IO error: While mkdir if missing: ro/new: "
        "Read-only file system\n"
        "Error: cannot open the store at ro/old: IO error: While open a file for appending: "
        "ro/old/LOG: Read-only file system\n"
    )
    assert done.stdout == "exit 1\nexit 1\n"
    assert not (tmp_path / "ro" / "new").exists()
    with EmbeddedStore(tmp_path / "ro" / "old", create=False) as store:
        assert store.graph_names() == [
            f"https://w3id.org/storygraph/id/article/{n}" for n in ("alpha", "beta")
        ] + [ONTOLOGY]


def test_a_full_disk_while_loading(
    tmp_path: Path, load_files: tuple[list[Path], dict[str, Triples]]
) -> None:
    files, reference = load_files
    small = tmp_path / "small.nq"
    small.write_bytes(b"".join(files[0].read_bytes().splitlines(keepends=True)[:600]))
    script = textwrap.dedent(
        f"""
        mkdir disk && mount -t tmpfs -o size=2m tmpfs disk
        $PY -m storygraph load {small} {files[0]} {files[1]} {files[2]} --store disk/store \
          || echo "exit $?"
        mount -o remount,size=256m disk
        $PY -m storygraph query --store disk/store --format csv \
          'SELECT (COUNT(DISTINCT ?g) AS ?n) {{ GRAPH ?g {{ ?s ?p ?o }} }}'
        $PY -m storygraph load {files[0]} {files[1]} {files[2]} --store disk/store
        $PY -m storygraph query --store disk/store --format csv \
          'SELECT ?g (COUNT(*) AS ?n) {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g ORDER BY ?g'
        $PY -c "
        from storygraph.store import EmbeddedStore
        s = EmbeddedStore('disk/store', create=False)
        d = s.select('SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o }}')[0]['n']
        u = s.select('SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o '
                     '{{ GRAPH ?g {{ ?s ?p ?o }} }} }}')[0]['n']
        print('union', d == u)
        "
        """
    )
    done = _namespace(script, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    # status lines go to stderr, data to stdout
    errors = [line for line in done.stderr.splitlines() if not line.startswith("loaded ")]
    # the write that did not fit says why, with no traceback
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith(
        "Error: cannot write the store at disk/store: IO error: No space left on device: "
    )
    out = done.stdout.splitlines()
    loaded = [line for line in done.stderr.splitlines() if line.startswith("loaded ")]
    assert loaded[0] == f"loaded 600 statements from {small}"
    k = len(loaded) - 4  # files loaded before the disk was full
    assert 0 <= k < 3, done.stderr
    assert loaded[1 : 1 + k] == [f"loaded 3000 statements from {f}" for f in files[:k]]
    assert out[0] == "exit 1"
    # with room again: the store opens and holds whole files only (the small one is the
    # first two graphs of the first file); a rerun completes it
    assert out[1:3] == ["n", str(1 + (10 * k if k else 2))]
    assert loaded[-3:] == [f"loaded 3000 statements from {f}" for f in files]
    counts = dict(line.split(",") for line in out[4:-1])
    assert counts == {name: str(len(triples)) for name, triples in reference.items()}
    assert out[-1] == "union True"
    assert out[-1] == "union True"


# -- disk errors, simulated where no tmpfs can be mounted --------------------------------------


class _Failing:
    """A pyoxigraph store whose ``failing`` methods fail as on a full disk."""

    def __init__(self, store: Any, failing: set[str]) -> None:
        self._inner, self._failing = store, failing

    def __getattr__(self, name: str) -> Any:
        if name in self._failing:

            def fail(*args: Any, **kw: Any) -> None:
                raise OSError("IO error: No space left on device: While appending to 000008.log")

            return fail
        return getattr(self._inner, name)


def test_a_failed_final_flush_is_a_store_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyoxigraph

    real = pyoxigraph.Store
    monkeypatch.setattr(pyoxigraph, "Store", lambda path: _Failing(real(path), {"flush"}))
    store = tmp_path / "store"
    result = fails("load", str(DATA / "story.trig"), "--store", str(store))
    assert result.output == (
        f"loaded 72 statements from {DATA / 'story.trig'}\n"
        f"Error: cannot write the store at {store}: IO error: No space left on device: "
        "While appending to 000008.log\n"
    )


def test_a_failed_write_is_reported_not_hidden_by_the_flush_after_it(tmp_path: Path) -> None:
    s = EmbeddedStore(tmp_path / "store")
    real = s._store
    # every way the store writes: a transaction, the bulk loader (new graphs), the flush
    s._store = _Failing(real, {"load", "bulk_load", "bulk_extend", "update", "flush"})
    with pytest.raises(StoreError) as info, s:
        s.load_rdf((DATA / "story.trig").read_bytes(), "trig")
    assert str(info.value) == (
        f"cannot write the store at {tmp_path / 'store'}: IO error: No space left on device: "
        "While appending to 000008.log"
    )
    assert s._store is None
    del real
    with EmbeddedStore(tmp_path / "store") as again:  # the lock was released
        assert again.graph_names() == [ONTOLOGY]


def test_export_to_a_full_disk(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    run("load", str(DATA / "story.trig"), "--store", store)
    for fmt in ("turtle", "nquads", "graphml", "gexf", "json", "html"):
        result = fails("export", "--store", store, "--format", fmt, "-o", "/dev/full")
        assert result.output == "Error: cannot write /dev/full: No space left on device\n", fmt
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # a device, still, not a file
    # the GraphML writer (lxml's) used to crash the interpreter after the failed write
    done = subprocess.run(
        storygraph("export", "--store", store, "--format", "graphml", "-o", "/dev/full"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "Error: cannot write /dev/full: No space left on device\n",
    )


def test_export_writes_through_a_link_and_into_a_pipe(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    run("load", str(DATA / "story.trig"), "--store", store)
    expected = run("export", "--store", store, "--format", "nquads").stdout_bytes
    target, link = tmp_path / "target.nq", tmp_path / "link.nq"
    target.write_text("old")
    link.symlink_to(target)
    assert run("export", "--store", store, "--format", "nquads", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and target.read_bytes() == expected
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert run("export", "--store", store, "--format", "nquads", "-o", str(fifo)).exit_code == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received == [expected]


# -- remote endpoints that are down, slow or answer errors ---------------------------------------


@dataclass
class Endpoint:
    """A local HTTP server that plays a SPARQL endpoint, or a proxy in front of a real one,
    doing what ``plan`` says with each request: ``forward``, ``slow`` (sleep, then forward),
    an HTTP status (e.g. 503), or ``lost`` (forward, then hang up without answering)."""

    upstream: str | None = None
    plan: Callable[[str, int], str] = lambda kind, n: "forward"
    requests: list[str] = field(default_factory=list)
    #: the Authorization header of each request (None where there was none)
    credentials: list[str | None] = field(default_factory=list)
    #: where a 3xx answer points
    location: str = ""
    url: str = ""
    _server: http.server.ThreadingHTTPServer | None = None
    _stopped: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Endpoint:
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                kind = "update" if self.path.endswith("/update") else "query"
                endpoint.requests.append(kind)
                endpoint.credentials.append(self.headers.get("Authorization"))
                action = endpoint.plan(kind, endpoint.requests.count(kind))
                if action.isdigit():
                    self.send_response(int(action), "Planned Failure")
                    if 300 <= int(action) < 400:
                        self.send_header("Location", endpoint.location)
                    self.send_header("Content-Length", "7")
                    self.end_headers()
                    self.wfile.write(b"planned")
                    return
                if _misbehave(action, self):
                    return
                # "slow": not time.sleep, which tests patch away; stop() cuts the wait short,
                # and a stopped endpoint sends no answer
                if action == "slow" and endpoint._stopped.wait(2):
                    return
                if endpoint.upstream is None:
                    data, status, ctype = _answer_ask(), 200, "application/sparql-results+json"
                else:
                    data, status, ctype = _forward(endpoint.upstream + self.path, body, self)
                if action == "lost":
                    self.close_connection = True
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/query"
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


class _QuietServer(http.server.ThreadingHTTPServer):
    """The endpoint's server, silent about clients that hung up: the tests make storygraph
    give up on purpose, and socketserver's traceback of the late answer's failed write went
    to the stderr of whatever ran next (a later test's ``CliRunner`` output)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def _misbehave(action: str, handler: Any) -> bool:
    """The answers of a hostile endpoint: ``drip`` (a byte every 0.2 s, forever), ``drip-head``
    (the same, in the status line), ``huge`` (a body said to be 10 GB, then sent),
    ``stream`` (a body of no stated length that never ends), ``notype`` (a result binding
    without its ``type``). False for any other action."""
    out = handler.wfile
    try:
        if action == "drip-head":
            for byte in b"HTTP/1.1 200 OK\r\n" * 1000:
                out.write(bytes([byte]))
                out.flush()
                threading.Event().wait(0.2)
            return True
        if action in ("drip", "huge", "stream"):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/sparql-results+json")
            if action == "huge":
                handler.send_header("Content-Length", str(10**10))
            handler.end_headers()
            for _ in range(100_000):
                out.write(b" " if action == "drip" else b" " * 65536)
                out.flush()
                if action == "drip":
                    threading.Event().wait(0.2)
            return True
    except OSError:  # the client hung up, as it should
        return True
    if action == "notype":
        data = json.dumps(
            {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"value": "1"}}]}}
        ).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        out.write(data)
        return True
    return False


def _answer_ask() -> bytes:
    return json.dumps({"head": {}, "boolean": True}).encode()


def _forward(url: str, body: bytes, handler: Any) -> tuple[bytes, int, str]:
    request = urllib.request.Request(
        url,
        data=body,
        headers={k: handler.headers[k] for k in ("Content-Type", "Accept") if handler.headers[k]},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read(), response.status, response.headers["Content-Type"] or ""
    except urllib.error.HTTPError as exc:
        return exc.read(), exc.code, exc.headers.get("Content-Type", "text/plain")


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    found = Endpoint()
    yield found
    found.stop()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server (from the venv), for the proxy to stand in front of."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data")
    yield server.url.removesuffix("/query")
    server.stop()


def _reset(base: str) -> None:
    body = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{base}/update", data=body), timeout=10).close()


def test_a_slow_endpoint_times_out_after_bounded_retries(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storygraph.store.remote.time.sleep", lambda seconds: None)
    endpoint.plan = lambda kind, n: "slow"
    endpoint.start()
    start = time.monotonic()
    result = fails("query", "--store", endpoint.url, "--timeout", "0.3", "ASK {}")
    elapsed = time.monotonic() - start
    assert result.output == (
        f"Error: the SPARQL endpoint {endpoint.url} is unreachable after 4 tries (timed out); "
        "check that the server is running and the URL is right\n"
    )
    assert endpoint.requests == ["query"] * 4
    assert elapsed < 4 * 0.3 + 1.5


@pytest.mark.parametrize(
    ("status", "tries"), [("503", 4), ("500", 4), ("429", 4), ("403", 1), ("404", 1)]
)
def test_an_endpoint_answering_errors(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch, status: str, tries: int
) -> None:
    monkeypatch.setattr("storygraph.store.remote.time.sleep", lambda seconds: None)
    endpoint.plan = lambda kind, n: status
    endpoint.start()
    result = fails("query", "--store", endpoint.url, "ASK {}")
    assert result.output == (
        f"Error: the endpoint {endpoint.url} answered {status} Planned Failure: planned\n"
    )
    assert endpoint.requests == ["query"] * tries  # 5xx and 429 are retried, other 4xx not


def test_an_endpoint_that_recovers_within_the_retries(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storygraph.store.remote.time.sleep", lambda seconds: None)
    endpoint.plan = lambda kind, n: "503" if n <= 2 else "forward"
    endpoint.start()
    assert run("query", "--store", endpoint.url, "ASK {}").output == "true\n"
    # the query (refused twice, then answered): a reader does not check the ontology
    assert endpoint.requests == ["query"] * 3


def test_an_endpoint_down_mid_ingest_leaves_no_partial_article(
    oxigraph: str, endpoint: Endpoint, nlp: Any, tmp_path: Path
) -> None:
    from storygraph.ingest import ingest
    from storygraph.readers import Overrides

    _reset(oxigraph)
    _corpus(tmp_path / "corpus", 3)
    reference = tmp_path / "reference"
    with EmbeddedStore(reference) as store:
        ingest([str(tmp_path / "corpus")], store, nlp, overrides=Overrides(PUBLISHED))
        expected = graphs(store)
    endpoint.upstream = oxigraph
    endpoint.start()
    remote = RemoteStore(endpoint.url, retries=2, backoff=0, timeout=10)
    updates_so_far = endpoint.requests.count("update")  # the ontology's
    # the mark that the links wait to be rebuilt, then the first article; then the endpoint
    # refuses every write
    endpoint.plan = lambda kind, n: (
        "503" if kind == "update" and n > updates_so_far + 2 else "forward"
    )
    with pytest.raises(StorygraphError) as info:
        ingest(
            [str(tmp_path / "corpus")], remote, nlp, overrides=Overrides(PUBLISHED), batch_size=1
        )
    assert isinstance(info.value, EndpointError | StoreError)
    assert "answered 503 Planned Failure: planned" in str(info.value)
    endpoint.plan = lambda kind, n: "forward"
    found = graphs(remote)
    # the first article is whole, the second (refused three times) is not there at all, and
    # the links are marked as waiting to be rebuilt
    assert sorted(found) == sorted([*sorted(expected)[:1], ONTOLOGY, PENDING_GRAPH])
    del found[PENDING_GRAPH]
    for name, triples in found.items():
        assert triples == expected[name]
    assert_union_invariant(remote)


def test_an_answer_lost_after_the_write_is_retried_without_harm(
    oxigraph: str, endpoint: Endpoint, nlp: Any, tmp_path: Path
) -> None:
    from storygraph.ingest import ingest
    from storygraph.readers import Overrides

    _reset(oxigraph)
    _corpus(tmp_path / "corpus", 2)
    with EmbeddedStore(tmp_path / "reference") as store:
        ingest([str(tmp_path / "corpus")], store, nlp, overrides=Overrides(PUBLISHED))
        expected = graphs(store)
    endpoint.upstream = oxigraph
    endpoint.start()
    remote = RemoteStore(endpoint.url, retries=2, backoff=0, timeout=10)
    # the first update marks the links pending, the second writes the articles: its answer
    # is lost
    first = endpoint.requests.count("update") + 2
    endpoint.plan = lambda kind, n: "lost" if kind == "update" and n == first else "forward"
    summary = ingest([str(tmp_path / "corpus")], remote, nlp, overrides=Overrides(PUBLISHED))
    assert summary.articles == 2
    assert graphs(remote) == expected
    assert_union_invariant(remote)
    # the lost answer was retried: the same INSERT DATA applied twice, to the same effect;
    # then the pending mark was removed
    assert endpoint.requests.count("update") == first + 2


# -- round two: redirects, endpoints that drip, flood or answer oddly ---------------------------

REMOTE_INSERT = "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/s> <https://e.org/p> 1 } }"


@pytest.mark.parametrize("status", ["301", "302", "303", "307", "308"])
@pytest.mark.parametrize("kind", ["update", "query"])
def test_a_redirect_is_an_error_and_takes_no_credentials_along(
    endpoint: Endpoint, status: str, kind: str
) -> None:
    target = Endpoint().start()  # the redirect's target, which must see nothing
    try:
        endpoint.location = target.url
        endpoint.plan = lambda k, n: status if k == kind else "forward"
        endpoint.start()
        store = RemoteStore(
            endpoint.url, retries=2, backoff=0, user="alice", password="secret", read_only=True
        )
        url = endpoint.url if kind == "query" else endpoint.url.replace("/query", "/update")
        with pytest.raises(EndpointError) as info:
            if kind == "update":
                store.update(REMOTE_INSERT)
            else:
                store.ask("ASK {}")
        assert str(info.value) == (
            f"the endpoint {url} redirects ({status} Planned Failure) to {target.url}; "
            "storygraph does not follow redirects: give the final URL"
        )
        assert endpoint.requests == [kind]  # never retried
        assert endpoint.credentials[0] is not None  # the credentials went to the endpoint only
        assert target.requests == [] and target.credentials == []
    finally:
        target.stop()


def test_a_redirected_load_fails_instead_of_reporting_a_write(
    endpoint: Endpoint, tmp_path: Path
) -> None:
    target = Endpoint().start()
    try:
        endpoint.location = target.url.replace("/query", "/update")
        endpoint.plan = lambda kind, n: "302" if kind == "update" else "forward"
        endpoint.start()
        result = fails(
            "load", str(DATA / "note.nt"), "--graph", "https://e.org/g", "--store", endpoint.url
        )
        assert result.output.startswith("Error: the endpoint ")
        assert "redirects (302 Planned Failure)" in result.output
        assert "loaded" not in result.output and target.requests == []
    finally:
        target.stop()


@pytest.mark.parametrize("action", ["drip", "drip-head"])
def test_a_dripping_endpoint_is_cut_off_at_the_timeout_in_all(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    monkeypatch.setattr("storygraph.store.remote.time.sleep", lambda seconds: None)
    endpoint.plan = lambda kind, n: action
    endpoint.start()
    start = time.monotonic()
    result = fails("query", "--store", endpoint.url, "--timeout", "0.5", "ASK {}")
    elapsed = time.monotonic() - start
    assert result.output == (
        f"Error: the SPARQL endpoint {endpoint.url} is unreachable after 4 tries (timed out); "
        "check that the server is running and the URL is right\n"
    )
    assert elapsed < 4 * 0.5 + 1.5  # a byte every 0.2 s never resets the clock


@pytest.mark.parametrize("action", ["huge", "stream"])
def test_an_answer_over_the_size_cap_is_refused_unread(endpoint: Endpoint, action: str) -> None:
    endpoint.plan = lambda kind, n: action
    endpoint.start()
    store = RemoteStore(endpoint.url, read_only=True, max_response=1 << 20, retries=0)
    with pytest.raises(EndpointError) as info:
        store.ask("ASK {}")
    assert str(info.value) == (
        f"the endpoint {endpoint.url} sent more than {1 << 20} bytes; ask for less (LIMIT) "
        "or raise RemoteStore(max_response=…)"
    )


def test_a_result_binding_without_a_type_is_an_error(endpoint: Endpoint) -> None:
    endpoint.plan = lambda kind, n: "notype"
    endpoint.start()
    result = fails("query", "--store", endpoint.url, "SELECT ?x WHERE { ?x ?p ?o }")
    assert result.output == (
        f"Error: the endpoint {endpoint.url} sent unreadable query results "
        "(a value without 'type')\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["query", "ASK { ?s ?p ?o }"],
        ["query", "--format", "json", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
        ["stats"],
        ["export", "--format", "nquads"],
    ],
)
def test_reading_a_read_only_endpoint_writes_nothing(endpoint: Endpoint, args: list[str]) -> None:
    endpoint.plan = lambda kind, n: "403" if kind == "update" else "forward"
    endpoint.start()
    result = CliRunner().invoke(cli, [*args[:1], "--store", endpoint.url, *args[1:]])
    assert "update" not in endpoint.requests, result.output
    assert "Traceback" not in result.output


# -- killed while updating: the update and the union copy are one transaction --------------------


def test_update_killed_at_any_moment_leaves_no_stale_union(tmp_path: Path) -> None:
    store = tmp_path / "store"
    reference = _nquads(tmp_path / "big.nq", 0, 20, 2000)
    with EmbeddedStore(store) as s:
        s.load_rdf((tmp_path / "big.nq").read_bytes(), "nquads")
        total = len(s.select(f"SELECT * {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{ONTOLOGY}>) }}"))
    # moves every statement into one new graph: a kill between the update and a separate
    # union refresh would leave the union naming the old graphs' statements
    update = (
        "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { GRAPH <https://example.org/all> "
        "{ ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "
        '"https://example.org/g")) }'
    )
    command = storygraph("update", update, "--store", str(store))
    rng = random.Random(SEED + 3)
    outcomes = set()
    for trial in range(4):
        killed = kill_during(command, rng, delay=(0.5, 4.5))
        with EmbeddedStore(store, create=False) as s:
            assert s.union_drift() == (0, 0), f"seed {SEED}, {trial}: {killed}"
            assert_union_invariant(s)
            moved = len(s.select("SELECT * { GRAPH <https://example.org/all> { ?s ?p ?o } }"))
        distinct = len({t for triples in reference.values() for t in triples})
        assert moved in (0, distinct), f"seed {SEED}, {trial}: {moved} of {total} moved"
        outcomes.add(moved)
        if moved:
            break
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    with EmbeddedStore(store, create=False) as s:
        assert s.union_drift() == (0, 0)
        assert not s.ask(
            'ASK { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "https://example.org/g")) }'
        )


@pytest.mark.parametrize(
    ("damage", "drift"),
    [
        ('INSERT DATA { <https://e.org/stale> <https://e.org/p> "left over" }', (1, 0)),
        ("DELETE WHERE { <https://example.org/s0/1> ?p ?o }", (0, 1)),
        ("CLEAR DEFAULT", (0, 300)),
    ],
)
def test_validate_finds_a_stale_union(tmp_path: Path, damage: str, drift: tuple[int, int]) -> None:
    import pyoxigraph as ox

    store = tmp_path / "store"
    _nquads(tmp_path / "one.nq", 0, 1, 300)
    with EmbeddedStore(store) as s:
        s.load_rdf((tmp_path / "one.nq").read_bytes(), "nquads")
        ontology = len(s.select(f"SELECT * {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}"))
        assert s.union_drift() == (0, 0)
    raw = ox.Store(str(store))  # an edit outside storygraph, of the default graph alone
    raw.update(damage)
    raw.flush()
    del raw
    expected = drift if damage != "CLEAR DEFAULT" else (0, 300 + ontology)
    with EmbeddedStore(store, create=False) as s:
        assert s.union_drift() == expected
    result = fails("validate", "--store", str(store))
    assert "Union copy:\n\tthe default graph is not the union of the named graphs: " in (
        result.output
    )
    assert f"{expected[0]} statement(s) in it that no named graph holds, " in result.output
    turtle = fails("validate", "--store", str(store), "--format", "turtle").output
    assert "sh:conforms false" in turtle and "is not the union of the named graphs" in turtle
    # storygraph update derives it again
    assert run("update", "", "--store", str(store)).exit_code == 0
    assert run("validate", "--store", str(store)).exit_code == 0


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/a> <https://e.org/b> 1 } }",
        "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/a> <https://e.org/b> 1 } } ;",
        "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/a> <https://e.org/b> 1 } } # x",
        "PREFIX e: <https://e.org/>\nINSERT DATA { GRAPH e:g { e:a e:b 1 } } ;\n# done",
        "",
    ],
)
def test_every_form_of_update_is_one_transaction_with_its_union(
    tmp_path: Path, update: str
) -> None:
    store = str(tmp_path / "store")
    assert run("update", update, "--store", store).exit_code == 0
    with EmbeddedStore(store, create=False) as s:
        assert s.union_drift() == (0, 0)
        assert s.ask("ASK { <https://e.org/a> <https://e.org/b> 1 }") == bool(update)
