"""What the workbench's readers share: SPARQL rows as strings, node keys and page URLs,
class names.

Every page addresses a node by its key, the IRI without storygraph's ``id/`` namespace
(``organization/meta``); other IRIs travel whole in ``?iri=``. Every IRI is checked with
:func:`~storygraph.rdf.terms.safe_iri` before it is written into a query.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from storygraph.rdf.terms import iri, safe_iri
from storygraph.rdf.vocab import ID, NS
from storygraph.store import SelectStore, select_strings

__all__ = [
    "CLASS_NAMES",
    "ENTITY_CLASSES",
    "ID_NS",
    "article_url",
    "best_class",
    "entity_url",
    "lookup",
    "node_iri",
    "node_key",
    "node_url",
    "select",
    "sparql_iri",
    "values",
]

ID_NS = str(ID)
_LOOKUP_BATCH = 500

#: Readable names of the classes the pages show, most specific first.
CLASS_NAMES: dict[str, str] = {
    "OrganizationalUnit": "Organizational unit",
    "Organization": "Organization",
    "Person": "Person",
    "Place": "Place",
    "Product": "Product",
    "FinancialEntity": "Financial entity",
    "Group": "Group",
    "AnonymousSource": "Anonymous source",
    "Document": "Document",
    "Event": "Event",
    "Claim": "Claim",
    "OpenQuestion": "Open question",
    "Quantity": "Quantity",
    "TimeExpression": "Time expression",
    "Article": "Article",
    "MergeCandidate": "Merge candidate",
    "StoryLink": "Story link",
    "Mention": "Mention",
}
#: The classes of things a story is about (named across articles), for search and the home page.
ENTITY_CLASSES = (
    "Organization",
    "OrganizationalUnit",
    "Person",
    "Place",
    "Product",
    "FinancialEntity",
)


#: Rows of a SELECT (the common prefixes declared) with every value as a string.
select = select_strings


def lookup(store: SelectStore, iris: Iterable[str], **fields: str) -> dict[str, dict[str, str]]:
    """Values of a few properties for many nodes, in one query per 500 nodes.

    Each field is a pattern about ``?x`` (the node) binding ``?v`` (the value), e.g.
    ``label="?x rdfs:label ?v"``; a node without a value has no key for that field. The nodes
    come first in the query (a ``VALUES`` block), so Oxigraph looks each one up, where an
    ``OPTIONAL`` after a larger pattern made it read every value of the property in the store.
    """
    chosen = list(dict.fromkeys(i for i in iris if safe_iri(i)))
    found: dict[str, dict[str, str]] = {i: {} for i in chosen}
    names = " ".join(f"?{name}" for name in fields)
    optionals = " ".join(
        f"OPTIONAL {{ {pattern.replace('?v', '?' + name)} }}" for name, pattern in fields.items()
    )
    for start in range(0, len(chosen), _LOOKUP_BATCH):
        chunk = chosen[start : start + _LOOKUP_BATCH]
        for row in select(store, f"SELECT ?x {names} WHERE {{ {values('x', chunk)} {optionals} }}"):
            into = found[row["x"]]
            for name in fields:
                if name in row:
                    into.setdefault(name, row[name])
    return found


def values(var: str, iris: Iterable[str]) -> str:
    """A ``VALUES`` block binding ``?var`` to the IRIs (unsafe ones left out)."""
    return f"VALUES ?{var} {{ {' '.join(iri(i) for i in iris if safe_iri(i))} }}"


def sparql_iri(value: str) -> str | None:
    """``<value>`` for a query, or None when it is not an IRI one could hold."""
    return iri(value) if safe_iri(value) else None


def node_key(node: str) -> str:
    """The key of a node in URLs: its IRI without storygraph's ``id/`` namespace."""
    return node[len(ID_NS) :] if node.startswith(ID_NS) else node


def node_iri(key: str) -> str:
    """The IRI of a key (a whole IRI is its own key)."""
    return key if key.startswith(("http://", "https://", "urn:")) else ID_NS + key


def entity_url(node: str) -> str:
    """The URL of a node's page."""
    if node.startswith(ID_NS):
        return "/entity/" + quote(node_key(node), safe="/")
    return "/entity?iri=" + quote(node, safe="")


def article_url(article: str) -> str:
    """The URL of an article's page."""
    prefix = ID_NS + "article/"
    if article.startswith(prefix):
        return "/article/" + quote(article[len(prefix) :], safe="")
    return "/article?iri=" + quote(article, safe="")


def node_url(node: str) -> str:
    """The page of any node: an article's page for an article, else the node's page."""
    rest = node[len(ID_NS) + len("article/") :] if node.startswith(ID_NS + "article/") else None
    return article_url(node) if rest and "/" not in rest else entity_url(node)


def best_class(classes: Iterable[str]) -> str:
    """The most specific storygraph class of a node's ``rdf:type`` IRIs (local name), or ""."""
    local = {c[len(NS) :] for c in classes if c.startswith(NS)}
    for name in CLASS_NAMES:
        if name in local:
            return name
    return sorted(local)[0] if local else ""
