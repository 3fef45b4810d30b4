"""RDF terms as N-Triples text, and conversions between rdflib and pyoxigraph terms.

storygraph writes every graph as N-Triples/N-Quads lines: the same text feeds the embedded
store (one transactional load), a remote endpoint (``INSERT DATA``) and ``extract -o``
shards. The escaping here is the only thing that stands between article text and the
syntax of those formats, so it is strict: every control character is escaped and IRIs
are checked.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["escape_string", "from_oxigraph", "iri", "literal", "nt", "safe_iri", "to_oxigraph"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\ud800-\udfff]')


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if 0xD800 <= ord(ch) <= 0xDFFF:  # a lone surrogate cannot be encoded: replace it
        return "\\uFFFD"
    return f"\\u{ord(ch):04X}"


def escape_string(value: str) -> str:
    """Escape a Python string for an N-Triples/SPARQL string literal (without quotes)."""
    return _NEEDS_ESCAPE.sub(_escape_char, value)


def safe_iri(value: str) -> bool:
    """True if ``value`` can be written between ``<`` and ``>`` unchanged."""
    return bool(value) and ":" in value and not _IRI_FORBIDDEN.search(value)


def iri(value: str) -> str:
    """``<value>``, refusing anything that could break out of the IRI.

    Raises:
        ValueError: the IRI contains a character IRIs may not contain.
    """
    if not safe_iri(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def literal(value: object, datatype: str | None = None, lang: str | None = None) -> str:
    """An N-Triples literal; ``datatype`` is a full IRI, plain strings are xsd:string.

    Raises:
        ValueError: ``datatype`` is not an IRI or ``lang`` not a language tag.
    """
    text = f'"{escape_string(str(value))}"'
    if lang:
        if not _LANGUAGE_TAG.fullmatch(lang):
            raise ValueError(f"not a valid language tag: {lang!r}")
        return f"{text}@{lang}"
    if datatype:
        return f"{text}^^{iri(datatype)}"
    return text


def nt(term: Node) -> str:
    """An rdflib term as N-Triples text."""
    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype else None
        return literal(str(term), datatype=dt, lang=term.language)
    if isinstance(term, BNode):
        return f"_:b{re.sub(r'[^A-Za-z0-9]', '', str(term))}"
    raise TypeError(f"cannot write {type(term).__name__} as N-Triples")


def from_oxigraph(term: Any) -> Node:
    """A pyoxigraph term as the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")
