"""Cross-article links that storygraph suggests but never fuses.

* Entities: two organisations (or people) whose names suggest they are one ("Apple" and
  "Apple Computer", "Singapore Airlines" and "SIA") become a ``sg:MergeCandidate`` with a
  score. Merging is left to the user (an alias file, or a SPARQL update).
* Events: two events in different articles with the same action, the same agent, no
  conflicting patient and compatible times are linked with ``sg:candidateSameEvent``.

Candidates live in their own named graph, rebuilt as a whole by :func:`refresh_candidates`
in one transaction, so they never go stale after an article is removed or replaced and are
removed with one ``DROP GRAPH``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from storygraph.extract.names import initials
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import iri, literal
from storygraph.rdf.vocab import ID, NS
from storygraph.readers.aliases import Aliases
from storygraph.store import Store

__all__ = ["CANDIDATES_GRAPH", "CandidateSummary", "refresh_candidates"]

CANDIDATES_GRAPH = f"{ID}graph/candidates"
# A (agent, action) shared by more events than this is too common to suggest identity
# ("Apple says …" in every article); it would also make the pairing quadratic.
MAX_GROUP = 50
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
REPORTING = {"say", "tell", "report", "state", "add", "note", "confirm", "announce", "write"}


@dataclass
class CandidateSummary:
    """How many candidates the store now holds."""

    entity_pairs: int
    event_pairs: int


def _sg(term: str) -> str:
    return f"<{NS}{term}>"


def _entity_pairs(store: Store, aliases: Aliases) -> list[tuple[str, str, float, str]]:
    rows = store.select(
        f"SELECT DISTINCT ?e ?label ?class WHERE {{ ?e a ?class ; <{NS}hasMention> ?m ; "
        f"<http://www.w3.org/2000/01/rdf-schema#label> ?label "
        f"VALUES ?class {{ <{NS}Organization> <{NS}Person> }} "
        f'FILTER (STRSTARTS(STR(?e), "{ID}")) }}'
    )
    by_class: dict[str, dict[str, str]] = defaultdict(dict)
    labels_of: dict[str, str] = {}
    for r in rows:
        by_class[str(r["class"])][str(r["e"])] = str(r["label"])
        labels_of[str(r["e"])] = str(r["label"])
    pairs: list[tuple[str, str, float, str]] = []
    for cls, labels in by_class.items():
        person = cls.endswith("Person")
        by_first: dict[str, list[str]] = defaultdict(list)
        by_last: dict[str, list[str]] = defaultdict(list)
        by_initials: dict[str, list[str]] = defaultdict(list)
        for node, label in labels.items():
            words = label.split()
            if len(words) > 1:
                by_first[words[0]].append(node)
                by_last[words[-1]].append(node)
                by_initials[initials(label)].append(node)
        for node, label in labels.items():
            words = label.split()
            if len(words) != 1:
                continue
            if person:
                # "Cook" and "Tim Cook"
                for other in by_last.get(label, []):
                    pairs.append((node, other, 0.6, f"{label} is the surname of {labels[other]}"))
            else:
                # "Apple" and "Apple Computer"
                for other in by_first.get(label, []):
                    pairs.append((node, other, 0.7, f"{labels[other]} begins with {label}"))
                if label.isupper() and len(label) >= 2:
                    for other in by_initials.get(label, []):
                        pairs.append(
                            (node, other, 0.5, f"{label} are the initials of {labels[other]}")
                        )
    return [p for p in pairs if aliases.allows(labels_of[p[0]], labels_of[p[1]])]


def _event_pairs(store: Store) -> list[tuple[str, str]]:
    rows = store.select(
        f"SELECT ?g ?e ?action ?agent ?patient ?start ?end WHERE {{ GRAPH ?g {{ "
        f'?e a <{NS}Event> ; <{NS}action> ?action ; <{NS}agent> ?agent ; <{NS}polarity> "positive" . '
        f"OPTIONAL {{ ?e <{NS}patient> ?patient }} "
        f"OPTIONAL {{ ?e <{NS}time> ?t . ?t <{NS}intervalStart> ?start ; <{NS}intervalEnd> ?end }} }} "
        f'FILTER (STRSTARTS(STR(?agent), "{ID}") && !CONTAINS(STR(?agent), "/article/")) }}'
    )
    groups: dict[tuple[str, str], dict[str, dict[str, str | None]]] = defaultdict(dict)
    for r in rows:
        action = str(r["action"])
        if action in REPORTING:
            continue
        event = groups[(action, str(r["agent"]))].setdefault(
            str(r["e"]), {"g": str(r["g"]), "patient": None, "start": None, "end": None}
        )
        for key in ("patient", "start", "end"):
            if key in r:
                event[key] = str(r[key])
    pairs: list[tuple[str, str]] = []
    for events in groups.values():
        if len(events) > MAX_GROUP:
            continue
        for (a, ea), (b, eb) in combinations(sorted(events.items()), 2):
            if ea["g"] == eb["g"]:
                continue
            if ea["patient"] and eb["patient"] and ea["patient"] != eb["patient"]:
                continue
            if (
                ea["start"]
                and eb["start"]
                and ea["end"]
                and eb["end"]
                and (ea["end"] < eb["start"] or eb["end"] < ea["start"])
            ):
                continue
            pairs.append((a, b))
    return pairs


def refresh_candidates(store: Store, aliases: Aliases | None = None) -> CandidateSummary:
    """Recompute every candidate link in the store, in one transaction.

    Pairs the user's alias file calls ``different`` are never suggested.
    """
    triples: list[str] = []
    entity_pairs = _entity_pairs(store, aliases or Aliases())
    for a, b, score, why in entity_pairs:
        digest = hashlib.sha256(f"{a}\n{b}".encode()).hexdigest()[:16]
        node = iri(f"{ID}candidate/{digest}")
        triples += [
            f"{node} {RDF_TYPE} {_sg('MergeCandidate')}",
            f"{node} {RDFS_LABEL} {literal(why)}",
            f"{node} {_sg('mergeCandidate')} {iri(a)}",
            f"{node} {_sg('mergeCandidate')} {iri(b)}",
            f"{node} {_sg('score')} {literal(f'{score:.2f}', XSD_DECIMAL)}",
        ]
    event_pairs = _event_pairs(store)
    for a, b in event_pairs:
        triples.append(f"{iri(a)} {_sg('candidateSameEvent')} {iri(b)}")
        triples.append(f"{iri(b)} {_sg('candidateSameEvent')} {iri(a)}")
    if triples:
        store.write([GraphWrite(CANDIDATES_GRAPH, triples)])
    else:
        store.remove(CANDIDATES_GRAPH)
    return CandidateSummary(len(entity_pairs), len(event_pairs))
