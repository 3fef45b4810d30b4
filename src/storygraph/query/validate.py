"""SHACL validation of stored graphs against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from storygraph.rdf.terms import iri
from storygraph.rdf.vocab import NS, ONTOLOGY_FILE, SG_ONTOLOGY, SHAPES_FILE
from storygraph.store import Store, graph_name

__all__ = ["SHAPES_FILE", "ValidationReport", "validate_graph", "validate_store"]


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


def validate_graph(data: Graph) -> ValidationReport:
    """Validate one rdflib graph against the shapes, with the ontology for subclass targets."""
    import pyshacl  # heavy (it loads owlrl and more): imported only when validating

    conforms, report_graph, text = pyshacl.validate(
        data,
        shacl_graph=_load(SHAPES_FILE),
        ont_graph=_load(ONTOLOGY_FILE),
        inference="none",
        advanced=False,
        allow_warnings=False,
    )
    sh_result = URIRef("http://www.w3.org/ns/shacl#ValidationResult")
    violations = len(set(report_graph.subjects(RDF.type, sh_result)))
    return ValidationReport(bool(conforms), violations, str(text), len(data), report_graph)


def validate_store(store: Store, graph: str | None = None) -> ValidationReport:
    """Validate the union of all article graphs, or one graph."""
    if graph is not None:
        where = f"GRAPH {iri(graph_name(graph))} {{ ?s ?p ?o }}"
    else:
        where = f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {iri(str(SG_ONTOLOGY))})"
    data = Graph()
    for row in store.select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }}"):
        data.add((row["s"], row["p"], row["o"]))
    return validate_graph(data)
