"""The embedded store: Oxigraph (RocksDB) in a directory, one writing process at a time."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib.term import Node

from storygraph.errors import (
    QueryError,
    QuerySyntaxError,
    RDFSyntaxError,
    StoreError,
    StoreLockedError,
)
from storygraph.rdf.parse import graph_name
from storygraph.rdf.quads import WRITE_STEP, GraphWrite, write_steps
from storygraph.rdf.terms import from_oxigraph, iri
from storygraph.rdf.vocab import PREFIXES, SG_ONTOLOGY
from storygraph.store.base import QueryResult, Store, results_format

__all__ = ["EmbeddedStore"]


_QUERY_FAILURES = (SyntaxError, OSError, RuntimeError)  # syntax, I/O, a SERVICE call


def _query_error(exc: BaseException) -> QueryError:
    """A pyoxigraph error as storygraph's, whether a query raised it or its answers did.

    The caller raises it outside its ``except`` block, and the original error is kept
    without its traceback: the frames of either would hold the query's answer, and the
    answer holds the store open (and locked) for as long as anyone keeps the error, even
    after :meth:`EmbeddedStore.close`.
    """
    exc.with_traceback(None)
    error = (
        QuerySyntaxError(f"SPARQL syntax error: {exc}")
        if isinstance(exc, SyntaxError)
        else QueryError(f"the query failed: {exc}")
    )
    error.__cause__ = exc
    return error


#: pyoxigraph's serializer for each name :meth:`Store.dump` takes.
DUMP_SERIALIZERS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}
#: The formats :meth:`EmbeddedStore.bulk_load_files` loads with Oxigraph's bulk loader.
BULK_FORMATS: dict[str, ox.RdfFormat] = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def _with_union_copy(quads: Iterator[ox.Quad], graphs: set[str]) -> Iterator[ox.Quad]:
    """Each quad of a named graph, then its triple in the default graph (the union copy);
    the names of the graphs seen are added to ``graphs``."""
    default = ox.DefaultGraph()
    for q in quads:
        g = q.graph_name
        if isinstance(g, ox.DefaultGraph):
            raise RDFSyntaxError(
                "the data holds triples outside any named graph; "
                "give --graph IRI to say which graph they belong to"
            )
        graphs.add(str(g.value) if isinstance(g, ox.NamedNode) else str(g))
        yield q
        yield ox.Quad(q.subject, q.predicate, q.object, default)


def _remove_step(g: str, where: str, limit: int | None = None) -> str:
    """SPARQL that deletes from graph ``g`` the triples ``where`` finds (at most ``limit``),
    and from the union copy those no other graph holds (``?u`` is left unbound for the
    others, and a template triple with an unbound variable deletes nothing)."""
    cut = f" LIMIT {limit}" if limit is not None else ""
    return (
        f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} ?s ?p ?u }} WHERE {{ "
        f"{{ SELECT ?s ?p ?o WHERE {{ {where} }}{cut} }} "
        f"BIND (IF(EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {g}) }}, ?none, ?o) "
        "AS ?u) }"
    )


class _Terms(dict[Any, Node | None]):
    """pyoxigraph terms → rdflib terms, each converted once (None, an unbound value, stays)."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, term: Any) -> Node:
        node = self[term] = from_oxigraph(term)
        return node


def _open_guarded(path: Path) -> Any:
    """``ox.Store(path)``, refusing a store whose data files RocksDB would throw away.

    RocksDB keeps the list of its data files (``.sst``) in the MANIFEST. When that file is
    cut short or corrupt, RocksDB opens the store *empty* and deletes every data file it
    no longer lists: a mere ``storygraph query`` would destroy the store. So the files are
    hard-linked aside first; if data files vanished and the store opened empty, they are
    put back as they were (the damaged MANIFEST too) and the store is refused.

    Raises:
        StoreError: the store opened empty while data files vanished.
    """
    current = path / "CURRENT"
    if not current.is_file() or not any(path.glob("*.sst")):
        return ox.Store(str(path))
    aside = path / f".storygraph-open-{os.getpid()}"
    try:
        aside.mkdir()
        before = [p.name for p in path.iterdir() if p.is_file() and p.name != "LOCK"]
        for name in before:
            os.link(path / name, aside / name)
    except OSError:  # no hard links here (or no room): open without the guard
        shutil.rmtree(aside, ignore_errors=True)
        return ox.Store(str(path))
    try:
        store = ox.Store(str(path))
        vanished = [n for n in before if n.endswith(".sst") and not (path / n).exists()]
        if vanished and next(iter(store.quads_for_pattern(None, None, None)), None) is None:
            del store  # releases RocksDB's lock and files
            for p in path.iterdir():
                if p.is_file() and p.name != "LOCK":
                    p.unlink()
            for name in before:
                os.replace(aside / name, path / name)
            raise StoreError(
                f"cannot open the store at {path}: it is damaged (its MANIFEST, RocksDB's "
                f"list of data files, names none of its {len(vanished)} data files, so it "
                "would open empty and delete them); nothing was changed: restore it from a "
                "copy, repair it with RocksDB's `ldb repair`, or ingest again into a new store"
            )
        return store
    finally:
        shutil.rmtree(aside, ignore_errors=True)


class EmbeddedStore(Store):
    """Oxigraph (RocksDB) in a directory; one writing process at a time.

    With ``read_only`` the store is opened as a reader (Oxigraph's ``Store.read_only``): it
    takes no lock, so it can be read while another process writes (``storygraph serve``
    beside a running ``ingest``), sees the store as it was when opened, and refuses every
    write. (RocksDB calls reading files another process writes "undefined": a compaction can
    remove a file the reader has not opened yet, and the read fails with a ``QueryError``
    whose cause is an ``OSError``; open a new instance and read again.)
    """

    #: An Oxigraph store answers queries from several threads at once.
    concurrent_reads = True

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        wait: float = 0,
        read_only: bool = False,
    ):
        self.path = Path(path)
        self.location = str(self.path)
        self.read_only = read_only
        if read_only:
            self._open_read_only()
            return
        if not create and not self.path.exists():
            raise StoreError(
                f"no store at {self.path}; ingest or load something first, "
                "or point --store / STORYGRAPH_STORE at an existing store"
            )
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is not a directory, so it cannot hold a store")
        self._writes_since_flush = 0
        if not create and not (self.path / "CURRENT").is_file():
            # RocksDB would make a new store there: a reader must not write into any
            # directory it is pointed at.
            raise StoreError(
                f"no store at {self.path}: the directory holds no storygraph store; "
                "point --store / STORYGRAPH_STORE at one made by ingest or load"
            )
        if create and not self.path.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError) as exc:
                raise StoreError(
                    f"cannot create the store at {self.path}: {exc.filename} is a file, "
                    "not a directory"
                ) from exc
            except OSError as exc:
                raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from exc
        deadline = time.monotonic() + wait
        while True:
            try:
                self._store: Any = _open_guarded(self.path)
                break
            except OSError as exc:
                message = str(exc)
                if "lock" in message.lower():
                    if time.monotonic() < deadline:
                        time.sleep(0.2)
                        continue
                    raise StoreLockedError(
                        f"the store at {self.path} is in use by another storygraph process; "
                        "wait for it to finish (or pass --wait SECONDS)"
                    ) from exc
                raise StoreError(f"cannot open the store at {self.path}: {message}") from exc
            except RuntimeError as exc:  # RocksDB finds a file cut short or corrupt
                raise StoreError(
                    f"cannot open the store at {self.path}: it is damaged ({exc}); "
                    "restore it from a copy or ingest again into a new store"
                ) from exc
        if create:  # a reader never writes
            self.ensure_ontology()

    def _open_read_only(self) -> None:
        self._writes_since_flush = 0
        if not (self.path / "CURRENT").is_file():
            raise StoreError(
                f"no store at {self.path}; ingest something first, or point --store / "
                "STORYGRAPH_STORE at a store made by ingest or load"
            )
        try:
            self._store = ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the store at {self.path} read-only: {exc}") from exc

    def _refuse_if_read_only(self) -> None:
        if getattr(self, "read_only", False):
            raise StoreError(
                f"the store at {self.path} was opened read-only; open it for writing "
                "(no --read-only, and no other process writing it) to change it"
            )

    def select_values(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT; each row maps the bound variables to their values as strings.

        For callers that only show values (the workbench's pages): no conversion to rdflib
        terms, which :meth:`select` makes and which is most of its time on a large answer.
        """
        answer = self._query(query)
        try:
            try:
                variables = [v.value for v in answer.variables]
                # a solution iterates over its values in the order of the variables
                return [
                    {
                        v: term.value
                        for v, term in zip(variables, solution, strict=True)
                        if term is not None
                    }
                    for solution in answer
                ]
            except _QUERY_FAILURES as exc:
                failure = _query_error(exc)
        finally:
            del answer  # see _query_error
        raise failure

    def close(self) -> None:
        """Flush and release the store (and its lock; a read-only store has neither).

        Raises:
            StoreError: the flush failed (a full disk); what was committed is kept.
        """
        store = getattr(self, "_store", None)
        if store is None:
            return
        self._store = None
        if getattr(self, "read_only", False):
            del store
            return
        try:
            store.flush()
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc
        finally:
            del store

    def _query(self, query: str) -> Any:
        if self._store is None:
            raise StoreError("the store is closed")
        try:
            return self._store.query(query)
        except _QUERY_FAILURES as exc:
            failure = _query_error(exc)
        raise failure

    def execute(self, query: str) -> QueryResult:
        answer = self._query(query)
        try:
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            try:  # answers are computed as they are read
                if isinstance(answer, ox.QueryTriples):
                    triples = [
                        (
                            from_oxigraph(t.subject),
                            from_oxigraph(t.predicate),
                            from_oxigraph(t.object),
                        )
                        for t in answer
                    ]
                    return QueryResult("graph", triples=triples)
                variables = [v.value for v in answer.variables]
                # each value of a solution, in the order of the variables; a term seen before
                # in this answer is converted once (rdflib's literals are slow to make)
                terms = _Terms()
                rows = [tuple(map(terms.__getitem__, solution)) for solution in answer]
                return QueryResult("select", variables=variables, rows=rows)
            except _QUERY_FAILURES as exc:
                failure = _query_error(exc)
        finally:
            del answer  # see _query_error
        raise failure

    def serialize_results(self, query: str, fmt: str) -> bytes:
        answer = self._query(query)
        try:
            if isinstance(answer, ox.QueryTriples):
                raise QueryError("CONSTRUCT and DESCRIBE give RDF: use --format turtle or nt")
            try:
                data: bytes = answer.serialize(format=results_format(fmt))
                return data
            except _QUERY_FAILURES as exc:
                failure = _query_error(exc)
        finally:
            del answer  # see _query_error
        raise failure

    def update(self, sparql: str) -> None:
        if self._store is None:
            raise StoreError("the store is closed")
        self._refuse_if_read_only()
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL update syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def write(self, writes: Sequence[GraphWrite]) -> None:
        self._refuse_if_read_only()
        super().write(writes)

    def _insert(self, writes: Sequence[GraphWrite]) -> None:
        data = "".join(w.nquads() for w in writes)
        try:
            # Oxigraph's bulk loader sorts the quads and writes them as RocksDB table files,
            # ingested in one step for every index (all or nothing, as a transaction): about
            # half the CPU of a transactional load, and nothing is held in memtables, so
            # memory stays flat without flushing (BENCHMARKS.md). ``lenient`` skips checking
            # IRIs again: every term here was written by storygraph's checked writers.
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        except SyntaxError as exc:  # a bug in storygraph's own writer, not the user's input
            raise StoreError(f"storygraph wrote invalid N-Quads: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def rewrite(self, write: GraphWrite) -> None:
        """Make one graph hold exactly ``write``'s triples, deleting only those it no longer
        has and adding only the new ones, each in steps of
        :data:`~storygraph.rdf.quads.WRITE_STEP` (a graph rebuilt whole from what mostly
        stays, as the story layer's after a few more articles: deleting a triple from
        Oxigraph and the union copy costs about 60 µs, writing one about 15)."""
        self._refuse_if_read_only()
        if not self.has_graph(write.name) or any("_:" in t for t in write.triples):
            self.write([write])  # (a blank node cannot be named again to delete it)
            return
        dumped = self._store.dump(
            format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(write.name)
        )
        old = {line.removesuffix(" .") for line in dumped.decode("utf-8").splitlines()}
        new = set(write.triples)
        gone = sorted(old - new)
        g = iri(write.name)
        for i in range(0, len(gone), WRITE_STEP):
            rows = " ".join(f"({t})" for t in gone[i : i + WRITE_STEP])
            self.update(_remove_step(g, f"VALUES (?s ?p ?o) {{ {rows} }}"))
        added = [t for t in dict.fromkeys(write.triples) if t not in old]
        for step in write_steps([GraphWrite(write.name, added)], WRITE_STEP):
            self._insert(step)

    def remove(self, graph: str) -> bool:
        """Remove one named graph and its share of the union copy: in one transaction up to
        :data:`~storygraph.rdf.quads.WRITE_STEP` triples, else in steps of that many (an
        Oxigraph update holds every triple it deletes, ~1.6 kB each), the graph's statements
        about itself first: an article cut short by a crash no longer looks stored, and
        ``ingest`` or ``remove`` by its IRI finishes the job."""
        if not self.has_graph(graph):
            return False
        g = iri(graph)
        [size] = self.select_values(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} "
            f"LIMIT {WRITE_STEP + 1} }}"
        )
        if int(size["n"]) <= WRITE_STEP:
            self._drop(graph)  # (known to be there: no second ASK)
            return True
        self.update(_remove_step(g, f"GRAPH {g} {{ ?s ?p ?o }} FILTER (?s = {g})"))
        # (an emptied graph still exists in Oxigraph until it is dropped)
        while self.ask(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"):
            self.update(_remove_step(g, f"GRAPH {g} {{ ?s ?p ?o }}", WRITE_STEP))
        self.update(f"DROP SILENT GRAPH {g}")
        return True

    def has_graph(self, name: str) -> bool:
        try:
            node = ox.NamedNode(name)
        except ValueError:
            return False
        return bool(self._store.contains_named_graph(node))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    # -- streaming out, bulk in ---------------------------------------------------------
    def dump_to(self, out: IO[bytes], fmt: str, graph: str | None = None) -> None:
        """Write what :meth:`Store.dump` returns to ``out`` as it is serialised (pyoxigraph's
        serializer, memory flat in the size of the store).

        Quad formats hold every named graph (not the default graph, which is their union);
        triple formats hold the union, each statement once; with ``graph``, that graph.

        Raises:
            InputError: ``graph`` is not a graph name.
            OSError: writing to ``out`` failed.
        """
        rdf_format = DUMP_SERIALIZERS[fmt]
        prefixes = dict(PREFIXES)
        if graph is not None:
            node = ox.NamedNode(graph_name(graph))
            if rdf_format.supports_datasets:
                quads = self._store.quads_for_pattern(None, None, None, node)
                ox.serialize(quads, out, rdf_format, prefixes=prefixes)
            else:
                self._store.dump(out, rdf_format, from_graph=node, prefixes=prefixes)
            return
        if not rdf_format.supports_datasets:
            self._store.dump(out, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
            return
        names = sorted(self._store.named_graphs(), key=lambda g: str(g))
        every = chain.from_iterable(
            self._store.quads_for_pattern(None, None, None, g) for g in names
        )
        ox.serialize(every, out, rdf_format, prefixes=prefixes)

    def bulk_load_files(
        self, paths: Sequence[Path], fmt: str | None = None
    ) -> Iterator[tuple[Path, int]]:
        """Load N-Quads or TriG files (``storygraph extract`` shards) with Oxigraph's bulk
        loader, each with its union copy; yield (path, statements) as each one lands.

        A file whose quads, with their copy, fit the loader's batch of a million (a shard of
        the default 250 articles is about 600,000) goes in as one ingestion: all of it or
        none; a larger one may be cut by a crash, and loading it again replaces what went
        in. A file's named graphs replace stored graphs of the same name: such a file goes
        in as one transaction with the removal of the graphs it replaces (as
        :meth:`write` does), never through the bulk loader, so that a load that fails (a
        full disk) leaves the stored graphs as they were.

        Raises:
            RDFSyntaxError: a file does not parse, or holds statements outside any graph.
        """
        self._refuse_if_read_only()
        articles_stored = self._store.query(
            "ASK { GRAPH ?g { ?s ?p ?o } FILTER (?g != <" + str(SG_ONTOLOGY) + ">) }"
        )
        for path in paths:
            kind = fmt or ("trig" if path.suffix.lower() == ".trig" else "nquads")
            rdf_format = BULK_FORMATS[kind]
            if articles_stored and self._holds_a_graph_of(path, kind):
                try:
                    n = self.load_rdf(path.read_bytes(), kind)
                except RDFSyntaxError as exc:
                    raise RDFSyntaxError(f"{path}: {exc}") from exc
                yield path, n
                continue
            graphs: set[str] = set()
            counted = _Counter(ox.parse(path=path, format=rdf_format))
            try:
                self._store.bulk_extend(_with_union_copy(iter(counted), graphs))
            except SyntaxError as exc:
                raise RDFSyntaxError(f"{path}: cannot parse {kind}: {exc}") from exc
            except RDFSyntaxError as exc:
                raise RDFSyntaxError(f"{path}: {exc}") from exc
            except OSError as exc:
                raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc
            articles_stored = articles_stored or bool(graphs)
            yield path, counted.n

    def _holds_a_graph_of(self, path: Path, kind: str) -> bool:
        """Whether a named graph of the file ``path`` is stored already.

        Raises:
            RDFSyntaxError: the file does not parse (as far as it was read).
        """
        seen: set[str] = set()
        try:
            for q in ox.parse(path=path, format=BULK_FORMATS[kind]):
                g = q.graph_name
                if isinstance(g, ox.NamedNode) and g.value not in seen:
                    seen.add(g.value)
                    if self._store.contains_named_graph(g):
                        return True
        except SyntaxError as exc:
            raise RDFSyntaxError(f"{path}: cannot parse {kind}: {exc}") from exc
        return False


class _Counter:
    """An iterable that counts what passes through it."""

    def __init__(self, items: Iterator[ox.Quad]) -> None:
        self._items = items
        self.n = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for item in self._items:
            self.n += 1
            yield item
