"""SHACL validation of stored graphs against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from storygraph.query.articles import resolve_article
from storygraph.rdf.terms import iri
from storygraph.rdf.vocab import NS, ONTOLOGY_FILE, SG, SG_ONTOLOGY, SHAPES_FILE
from storygraph.store import Store, graph_name

__all__ = ["SHAPES_FILE", "ValidationReport", "check_union", "validate_graph", "validate_store"]


@dataclass
class ValidationReport:
    """The outcome of a SHACL run."""

    conforms: bool
    violations: int
    text: str
    triples: int
    #: the SHACL ``sh:ValidationReport`` itself
    graph: Graph = field(default_factory=Graph, repr=False)

    def serialize(self, fmt: str) -> str:
        """The ``sh:ValidationReport`` as ``turtle`` or ``json`` (JSON-LD, compacted with
        the ``sh:`` prefix)."""
        self.graph.bind("sh", "http://www.w3.org/ns/shacl#")
        if fmt == "json":
            context = {"sh": "http://www.w3.org/ns/shacl#", "sg": NS}
            out: str = self.graph.serialize(format="json-ld", context=context, indent=2)
            return out
        return str(self.graph.serialize(format="turtle")).rstrip("\n")


def _load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@dataclass
class _Rules:
    """The shapes and the ontology, parsed once for a whole run."""

    shapes: Graph = field(default_factory=lambda: _load(SHAPES_FILE))
    ontology: Graph = field(default_factory=lambda: _load(ONTOLOGY_FILE))


def validate_graph(data: Graph, rules: _Rules | None = None) -> ValidationReport:
    """Validate one rdflib graph against the shapes, with the ontology for subclass targets."""
    import pyshacl  # heavy (it loads owlrl and more): imported only when validating

    rules = rules or _Rules()
    conforms, report_graph, text = pyshacl.validate(
        data,
        shacl_graph=rules.shapes,
        ont_graph=rules.ontology,
        inference="none",
        advanced=False,
        allow_warnings=False,
    )
    sh_result = URIRef("http://www.w3.org/ns/shacl#ValidationResult")
    violations = len(set(report_graph.subjects(RDF.type, sh_result)))
    return ValidationReport(bool(conforms), violations, str(text), len(data), report_graph)


def _graph(store: Store, name: str) -> Graph:
    data = Graph()
    for row in store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {iri(name)} {{ ?s ?p ?o }} }}"):
        data.add((row["s"], row["p"], row["o"]))
    return data


def _graphs_pointed_into(store: Store, names: list[str]) -> list[str]:
    """The other graphs that describe a node the graphs ``names`` point at: what their
    class constraints need to see (a node's type comes with its whole description, so
    that the shapes on that node hold as they do in its own graph)."""
    values = " ".join(iri(n) for n in names)
    rows = store.select(
        f"SELECT DISTINCT ?h WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"GRAPH ?h {{ ?o ?q ?x }} FILTER (?h != {iri(str(SG_ONTOLOGY))}) "
        f"FILTER (?h NOT IN ({', '.join(iri(n) for n in names)})) }}"
    )
    return sorted(str(r["h"]) for r in rows)


def _distinct_triples(store: Store) -> int:
    rows = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (?g != {iri(str(SG_ONTOLOGY))}) }} }}"
    )
    return int(rows[0]["n"]) if rows else 0  # type: ignore[call-overload]


SH = Namespace("http://www.w3.org/ns/shacl#")
#: What makes two results of SHACL runs the same violation.
_RESULT_KEY = (
    SH.focusNode,
    SH.resultPath,
    SH.value,
    SH.sourceConstraintComponent,
    SH.resultMessage,
)


@dataclass
class _Findings:
    """The results of several SHACL runs, each violation once: under the first graph that
    shows it. (The graphs of the story layer are checked with the article graphs they
    point into, which were checked alone before: their violations are not new.) The
    report is one ``sh:ValidationReport`` with every result kept, as one SHACL run's is."""

    violations: int = 0
    sections: list[str] = field(default_factory=list)
    results: Graph = field(default_factory=Graph)
    result_nodes: list[Node] = field(default_factory=list)
    seen_results: set[tuple[object, ...]] = field(default_factory=set)
    seen_blocks: set[str] = field(default_factory=set)

    def add(self, title: str, report: ValidationReport) -> None:
        if report.conforms:
            return
        graph = report.graph
        for node in set(graph.subjects(RDF.type, SH.ValidationReport)):
            graph.remove((node, None, None))  # one report node for the whole run, below
        for result in set(graph.subjects(RDF.type, SH.ValidationResult)):
            key = tuple(graph.value(result, p) for p in _RESULT_KEY)
            if key in self.seen_results:
                graph.remove((result, None, None))
            else:
                self.seen_results.add(key)
                self.violations += 1
                self.result_nodes.append(result)
        blocks = [b for b in _blocks(report.text) if b not in self.seen_blocks]
        self.seen_blocks.update(blocks)
        if blocks:
            self.sections.append(f"{title}:\n" + "".join(blocks))
        self.results += graph

    def report(self, triples: int) -> ValidationReport:
        node = BNode()
        self.results.add((node, RDF.type, SH.ValidationReport))
        self.results.add((node, SH.conforms, Literal(not self.violations)))
        for result in self.result_nodes:
            self.results.add((node, SH.result, result))
        if not self.violations:
            text = "Validation Report\nConforms: True\n"
            return ValidationReport(True, 0, text, triples, self.results)
        head = f"Validation Report\nConforms: False\nResults ({self.violations}):\n"
        return ValidationReport(
            False, self.violations, head + "".join(self.sections), triples, self.results
        )


def _blocks(text: str) -> list[str]:
    """pyshacl's text report cut into its results (a line, then lines indented by a tab),
    without the three lines of its header."""
    blocks: list[str] = []
    for line in text.splitlines(keepends=True)[3:]:
        if line.startswith("\t") and blocks:
            blocks[-1] += line
        elif line.strip():
            blocks.append(line)
    return blocks


def check_union(store: Store, report: ValidationReport) -> ValidationReport:
    """``report`` with one more violation when the default graph is not the union of the
    named graphs (:meth:`~storygraph.store.Store.union_drift`): queries without ``GRAPH``
    read that copy, so a stale one answers wrong without any shape failing."""
    extra, missing = store.union_drift()
    if not extra and not missing:
        return report
    message = (
        f"the default graph is not the union of the named graphs: {extra} statement(s) in it "
        f"that no named graph holds, {missing} statement(s) of named graphs missing from it "
        "(a write cut short outside storygraph, or an edit of the default graph alone); "
        "`storygraph update ''` derives it again"
    )
    sh = "http://www.w3.org/ns/shacl#"
    graph = report.graph
    node = graph.value(predicate=RDF.type, object=URIRef(sh + "ValidationReport"))
    if node is None:
        node = BNode()
        graph.add((node, RDF.type, URIRef(sh + "ValidationReport")))
    graph.set((node, URIRef(sh + "conforms"), Literal(False)))
    result = BNode()
    graph.add((node, URIRef(sh + "result"), result))
    graph.add((result, RDF.type, URIRef(sh + "ValidationResult")))
    graph.add((result, URIRef(sh + "resultSeverity"), URIRef(sh + "Violation")))
    graph.add((result, URIRef(sh + "resultMessage"), Literal(message)))
    text = report.text if not report.conforms else "Validation Report\nConforms: False\n"
    counted = f"Results ({report.violations}):\n"
    if counted in text:  # the count in the header includes this one
        text = text.replace(counted, f"Results ({report.violations + 1}):\n", 1)
    else:
        text += f"Results ({report.violations + 1}):\n"
    return ValidationReport(
        False,
        report.violations + 1,
        f"{text.rstrip()}\nUnion copy:\n\t{message}\n",
        report.triples,
        graph,
    )


def validate_store(
    store: Store, graph: str | None = None, *, article: str | None = None
) -> ValidationReport:
    """Validate every graph but the ontology's, one article graph at a time; or one graph.

    Each article graph is checked alone with the ontology, so memory stays flat in the
    number of articles (but for the list of graph names). Graphs that are not an article's
    (the story layer's, or loaded ones) are checked together, with the graphs that describe
    the nodes they point at (so that memory grows with the articles those graphs link).
    Each violation is counted and shown once, under the first graph that shows it
    (``Graph <IRI>:``). ``triples`` counts the distinct statements of every graph but the
    ontology's.

    Args:
        store: the store to check.
        graph: check this graph only (an IRI).
        article: check this article only (its IRI, id or source path).

    Raises:
        InputError: ``graph`` is not a graph name, or no article matches ``article``.
    """
    rules = _Rules()
    if article is not None:
        graph = resolve_article(store, article)
    if graph is not None:
        return validate_graph(_graph(store, graph_name(graph)), rules)
    ontology = str(SG_ONTOLOGY)
    findings = _Findings()
    others: list[str] = []
    for name in store.graph_names():
        if name == ontology:
            continue
        data = _graph(store, name)
        if (URIRef(name), RDF.type, SG.Article) not in data:
            others.append(name)
            continue
        findings.add(f"Graph <{name}>", validate_graph(data, rules))
    if others:
        data = Graph()
        for name in others:
            data += _graph(store, name)
        for name in _graphs_pointed_into(store, others):
            data += _graph(store, name)
        title = f"Graph{'s' if len(others) > 1 else ''} {', '.join(f'<{n}>' for n in others)}"
        findings.add(title, validate_graph(data, rules))
    return check_union(store, findings.report(_distinct_triples(store)))
