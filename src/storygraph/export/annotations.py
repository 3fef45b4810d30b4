"""Mentions as W3C Web Annotations (`storygraph export --format annotations`).

One ``Annotation`` per mention, in an ``AnnotationCollection`` (JSON-LD with the standard
context ``http://www.w3.org/ns/anno.jsonld``), for annotation tools (Hypothesis, Recogito,
INCEpTION …). Each targets its article (the article's ``schema:url`` when it has one, else
its IRI) through two selectors:

- a ``TextPositionSelector``: ``start`` and ``end`` in Unicode code points of the text
  storygraph read (the file itself for plain text; the extracted text of an HTML page);
- a ``TextQuoteSelector``: the ``exact`` text with up to 32 characters of ``prefix`` and
  ``suffix`` from its sentence, which re-anchors it where positions differ (an HTML page).

Its bodies say what the span refers to: the node (``purpose: identifying``, with its label)
and the node's class (``purpose: classifying``). A span that refers to several nodes (the
trigger of an event and a claim's cue) is one annotation with a body for each.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib.term import Node as Term

from storygraph.export.nodes import NODE_KINDS, article_iri
from storygraph.rdf.sparql import prefix_lines
from storygraph.rdf.vocab import NS
from storygraph.store import SelectStore

__all__ = ["ANNOTATION_CONTEXT", "QUOTE_CONTEXT", "annotations_json", "mention_annotations"]

#: The Web Annotation JSON-LD context every annotation document names.
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Characters of prefix and suffix a TextQuoteSelector carries (as Hypothesis does).
QUOTE_CONTEXT = 32
#: Called with (mentions done, mentions in all) as the annotations are made.
Progress = Callable[[int, int], None]

_CLASS_RANK = {f"{NS}{name}": rank for rank, name in enumerate(NODE_KINDS)}


@dataclass
class _Span:
    iri: str
    article: str
    begin: int
    end: int
    anchor: str
    sentence_index: int | None
    sentence: str
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # iri -> (label, class)


def _text(term: Term | None) -> str:
    return "" if term is None else str(term)


def _int(term: Term | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


def _read(store: SelectStore, article: str | None) -> tuple[list[_Span], dict[str, str]]:
    scope = f"VALUES ?a {{ <{article}> }}" if article else ""
    rows = store.select(
        f"""{prefix_lines("sg", "rdfs")}
SELECT ?m ?a ?b ?e ?anchor ?si ?sentence ?n ?label ?cls WHERE {{
  {scope}
  ?m a sg:Mention ; sg:inArticle ?a ; sg:beginIndex ?b ; sg:endIndex ?e ; sg:anchorOf ?anchor .
  OPTIONAL {{ ?m sg:sentenceIndex ?si }}
  OPTIONAL {{ ?m sg:sentence ?sentence }}
  OPTIONAL {{ ?n sg:hasMention ?m . OPTIONAL {{ ?n rdfs:label ?label }} OPTIONAL {{ ?n a ?cls }} }}
}}"""
    )
    spans: dict[str, _Span] = {}
    for row in rows:
        m = _text(row.get("m"))
        begin, end = _int(row.get("b")), _int(row.get("e"))
        if begin is None or end is None:
            continue
        span = spans.get(m)
        if span is None:
            span = spans[m] = _Span(
                m,
                _text(row.get("a")),
                begin,
                end,
                _text(row.get("anchor")),
                _int(row.get("si")),
                _text(row.get("sentence")),
            )
        node = _text(row.get("n"))
        if not node:
            continue
        cls = _text(row.get("cls"))
        label, known = span.nodes.get(node, (_text(row.get("label")), ""))
        # the most specific storygraph class (an OrganizationalUnit is also an Organization)
        if cls in _CLASS_RANK and (not known or _CLASS_RANK[cls] < _CLASS_RANK[known]):
            known = cls
        span.nodes[node] = (label or _text(row.get("label")), known)
    urls = {
        _text(r.get("a")): _text(r.get("url"))
        for r in store.select(
            f"{prefix_lines('sg', 'schema')} SELECT ?a ?url WHERE {{ {scope} "
            "?a a sg:Article ; schema:url ?url }"
        )
    }
    ordered = sorted(spans.values(), key=lambda s: (s.article, s.begin, s.end, s.iri))
    return ordered, urls


def _sentence_starts(spans: Iterable[_Span]) -> dict[tuple[str, int], int]:
    """Where each sentence begins in its article, from the offsets of the spans in it.

    A span's anchor may occur more than once in its sentence; each occurrence puts the
    sentence's start somewhere, and only one start agrees with every span of the sentence.
    Spans that run past their sentence (a claim's content) say nothing and are skipped.
    """
    candidates: dict[tuple[str, int], set[int] | None] = {}
    for s in spans:
        if s.sentence_index is None or not s.sentence or not s.anchor:
            continue
        starts = {
            s.begin - i
            for i in range(len(s.sentence) - len(s.anchor) + 1)
            if s.sentence.startswith(s.anchor, i)
        }
        if not starts:
            continue
        key = (s.article, s.sentence_index)
        known = candidates.get(key)
        candidates[key] = starts if known is None else known & starts
    return {key: next(iter(c)) for key, c in candidates.items() if c and len(c) == 1}


def _quote(span: _Span, starts: dict[tuple[str, int], int]) -> dict[str, Any]:
    selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": span.anchor}
    start = starts.get((span.article, span.sentence_index or 0))
    if span.sentence_index is None or start is None:
        return selector
    at, until = span.begin - start, span.end - start
    if span.sentence[at:until] != span.anchor:
        return selector
    if prefix := span.sentence[max(0, at - QUOTE_CONTEXT) : at]:
        selector["prefix"] = prefix
    if suffix := span.sentence[until : until + QUOTE_CONTEXT]:
        selector["suffix"] = suffix
    return selector


def _bodies(span: _Span) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    for node, (label, cls) in sorted(span.nodes.items()):
        identifying: dict[str, Any] = {
            "type": "SpecificResource",
            "purpose": "identifying",
            "source": {"id": node, "label": label} if label else node,
        }
        bodies.append(identifying)
        if cls:
            bodies.append(
                {
                    "type": "TextualBody",
                    "purpose": "classifying",
                    "value": cls.removeprefix(NS),
                    "format": "text/plain",
                }
            )
    return bodies


def mention_annotations(
    store: SelectStore, *, article: str | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Every mention of the store (or of one article) as a Web Annotation collection.

    Args:
        store: the store to read.
        article: an article's IRI, id or source path: its mentions only.
        progress: called with (done, total) as the mentions are turned into annotations.

    Returns:
        An ``AnnotationCollection`` (JSON-LD, ready for :func:`json.dumps`) whose first page
        holds every annotation, sorted by article and position.

    Raises:
        InputError: ``article`` names no article.
    """
    scope = article_iri(store, article) if article else None
    spans, urls = _read(store, scope)
    starts = _sentence_starts(spans)
    items: list[dict[str, Any]] = []
    per_article: dict[str, int] = defaultdict(int)
    for n, span in enumerate(spans, 1):
        per_article[span.article] += 1
        items.append(
            {
                "id": f"{span.iri}/annotation",
                "type": "Annotation",
                "motivation": "identifying",
                "body": _bodies(span),
                "target": {
                    "source": urls.get(span.article) or span.article,
                    "selector": [
                        {"type": "TextPositionSelector", "start": span.begin, "end": span.end},
                        _quote(span, starts),
                    ],
                },
            }
        )
        if progress is not None and (n % 500 == 0 or n == len(spans)):
            progress(n, len(spans))
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": f"{scope}/annotations" if scope else "urn:storygraph:annotations",
        "type": "AnnotationCollection",
        "label": f"storygraph mentions of {len(per_article)} article"
        + ("" if len(per_article) == 1 else "s"),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def annotations_json(
    store: SelectStore, *, article: str | None = None, progress: Progress | None = None
) -> bytes:
    """:func:`mention_annotations` as UTF-8 JSON text, one line per key as JSON-LD tools print it."""
    document = mention_annotations(store, article=article, progress=progress)
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
