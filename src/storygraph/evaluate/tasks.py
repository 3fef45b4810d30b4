"""Score an extractor against MEANTIME gold data (TimeML and brat: :mod:`.timex_attribution`).

The extractor is any ``Callable[[Article], Extraction]``; each gold document becomes an
:class:`~storygraph.records.Article` with ``id``, ``text``, ``published`` and ``source``,
and the extraction's character offsets are compared with the gold spans.

Which system mentions are *entity mentions* (named-entity and cross-document tasks): every
mention of every :class:`~storygraph.records.Entity` that is name-like by
:func:`is_name_like`.

Entity type map (MEANTIME ``ent_type`` → storygraph kind): PER → Person; ORG →
Organization or OrganizationalUnit (units and publishers count as organisations; the
extractor gives publishers the Organization kind); LOC → Place; PRO → Product; FIN →
FinancialEntity **or** Organization (a stock index or a listed company is often extracted
as its organisation, so either kind is accepted). Other kinds (Group, AnonymousSource,
Document, Thing) match no gold type; their name-like mentions count as false positives,
listed under their kind — except unnamed sources and groups without a proper name
("Analysts said", "Two hundred traders"), which are descriptions by construction: a
capital that only starts the sentence does not make them names.

MEANTIME mention tasks score sentences 0–5 only: gold markables there, and system
mentions that start before the end of sentence 5. Regions the gold deliberately leaves out
are neither right nor wrong: for entities, names used as premodifiers (``PRE.NAM``, e.g.
"Apple" in "Apple CEO Steve Jobs") and NAM mentions without an entity type; for time
expressions, the publication date in the dateline. A system item in such a region that
matches no scored gold item is not counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from storygraph.errors import EvaluationError
from storygraph.evaluate.meantime import MeantimeCorpus, MeantimeDocument, read_meantime
from storygraph.evaluate.report import Report
from storygraph.evaluate.scoring import (
    Span,
    TaskScore,
    lenient_match,
    one_to_one,
    pairwise_score,
    score_items,
    strict_match,
)
from storygraph.evaluate.timex_attribution import (
    TASKS,
    Extractor,
    accumulate,
    evaluate_brat,
    evaluate_timeml,
    gold_count,
    mention_span,
    ordered,
    overlap,
    timex_scores,
)
from storygraph.records import Article, Entity, EntityKind, Extraction, Quantity

__all__ = [
    "ENTITY_TYPE_MAP",
    "TASKS",
    "CrossdocIdentity",
    "Extractor",
    "Identity",
    "default_identity",
    "evaluate_brat",
    "evaluate_meantime",
    "evaluate_timeml",
    "is_name_like",
    "meantime_document_scores",
    "meantime_subcorpora",
]

ENTITY_TYPE_MAP: dict[str, frozenset[EntityKind]] = {
    "PER": frozenset({EntityKind.PERSON}),
    "ORG": frozenset({EntityKind.ORGANIZATION, EntityKind.UNIT}),
    "LOC": frozenset({EntityKind.PLACE}),
    "PRO": frozenset({EntityKind.PRODUCT}),
    "FIN": frozenset({EntityKind.FINANCIAL, EntityKind.ORGANIZATION}),
}
"""MEANTIME ``ent_type`` → the storygraph kinds that count as that type."""

Identity = Callable[[Entity], str]
"""The cross-article identity of an entity (the real one is its IRI)."""

CrossdocIdentity = Callable[[list[Extraction]], Callable[[Extraction, Entity], str]]
"""Given every extraction of a cross-document set, the identity of an entity of one of them
(the real one: :func:`storygraph.evaluate.crossdoc.story_identity`)."""

_KIND_LABEL = {
    EntityKind.PERSON: "PER",
    EntityKind.ORGANIZATION: "ORG",
    EntityKind.UNIT: "ORG",
    EntityKind.PLACE: "LOC",
    EntityKind.PRODUCT: "PRO",
    EntityKind.FINANCIAL: "FIN",
}

_PRONOUNS = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself yourselves he him
    his himself she her hers herself it its itself they them their theirs themselves this that
    these those who whom whose which what one someone somebody everyone everybody anyone
    anybody nobody none""".split()  # noqa: SIM905 - a word list reads better as text
)
_DETERMINERS = frozenset(
    """the a an this that these those its his her their our my your some any each every
    another such""".split()  # noqa: SIM905
)


def default_identity(entity: Entity) -> str:
    """``"<kind>:<lower-cased name>"``: entities of one kind and name are the same."""
    return f"{entity.kind}:{entity.name.lower()}"


def is_name_like(text: str) -> bool:
    """Whether a mention's text looks like a name rather than a pronoun or a description.

    The rule: a lone pronoun ("it", "They", "his") is not name-like. If the first word is a
    determiner ("the", "a", "its" …), the mention is a description unless the next word is
    capitalised ("the Airbus A380" is name-like, "The company" is not). Otherwise the first
    word must be capitalised. *Capitalised* means starting with a digit or containing an
    upper-case letter, so camel-case names ("iPhone", "eBay") count.

    Args:
        text: The mention text.

    Returns:
        True for a name-like mention.
    """
    words = text.split()
    if not words:
        return False
    first = words[0].lower()
    if len(words) == 1 and first in _PRONOUNS:
        return False
    if first in _DETERMINERS:
        return len(words) > 1 and _capitalised(words[1])
    return _capitalised(words[0])


def _unnamed(entity: Entity) -> bool:
    """An unnamed source ("Analysts said", "Two jurors") or a group described by its size
    ("Two hundred traders") has no name, whatever the case of its first word."""
    if entity.kind is EntityKind.ANONYMOUS_SOURCE:
        return True
    return entity.kind is EntityKind.GROUP and not entity.identity


def _capitalised(word: str) -> bool:
    return word[:1].isdigit() or any(c.isupper() for c in word)


def meantime_subcorpora(path: str | Path) -> list[str]:
    """The sub-corpora of a MEANTIME directory: the folders that hold its documents."""
    return sorted({d.path.parent.name for d in read_meantime(path).documents})


def evaluate_meantime(
    path: str | Path,
    extractor: Extractor,
    *,
    baseline: bool = False,
    identity: Identity = default_identity,
    subcorpus: str | None = None,
    crossdoc: CrossdocIdentity | None = None,
) -> Report:
    """Evaluate an extractor on MEANTIME CAT XML gold data.

    Tasks: ``entities_strict``, ``entities_lenient``, ``timex_detection``, ``timex_value``,
    ``quantities``, ``participants_role``, ``participants_any`` and, when the gold has
    corpus-wide instance ids, ``crossdoc_pairs``. A task without gold items is left out.

    Args:
        path: The corpus root, a directory of CAT XML files, or one file (see
            :func:`~storygraph.evaluate.meantime.read_meantime`).
        extractor: The extractor, called once per document.
        baseline: The extractor is the spaCy baseline, which extracts no events: the
            participant tasks are left out instead of being reported as zero, and the
            report is labelled as a baseline.
        identity: The cross-article identity of a system entity, for ``crossdoc_pairs``.
        subcorpus: Score only the documents of this sub-corpus (the name of the folder that
            holds them, e.g. ``corpus_apple``; see :func:`meantime_subcorpora`).
        crossdoc: When given, the identity for ``crossdoc_pairs`` is made from all the
            cross-document extractions together (the store and the story layer), and
            ``identity`` is not used for it.

    Returns:
        The report.

    Raises:
        EvaluationError: The gold data cannot be read.
    """
    corpus = read_meantime(path)
    if subcorpus is not None:
        corpus = MeantimeCorpus(
            [d for d in corpus.documents if d.path.parent.name == subcorpus],
            [d for d in corpus.crossdoc if d.path.parent.name == subcorpus]
            if corpus.crossdoc is not None
            else None,
        )
        if not corpus.documents:
            raise EvaluationError(f"no documents of sub-corpus {subcorpus!r} under {path}")
    cache: dict[tuple[str, str], Extraction] = {}

    def extraction_for(doc: MeantimeDocument) -> Extraction:
        key = (doc.id, doc.text)
        if key not in cache:
            article = Article(
                id=doc.id, text=doc.text, published=doc.published, source=str(doc.path)
            )
            cache[key] = extractor(article)
        return cache[key]

    totals: dict[str, TaskScore] = {}
    for doc in corpus.documents:
        scores = meantime_document_scores(doc, extraction_for(doc))
        if baseline:
            scores.pop("participants_role")
            scores.pop("participants_any")
        accumulate(totals, scores)
    _finish_quantities(totals)
    tasks = {name: score for name, score in totals.items() if gold_count(score) > 0}
    if corpus.crossdoc is not None and len(corpus.crossdoc) > 1:
        triples: list[tuple[str, str, str]] = []
        joint = crossdoc([extraction_for(d) for d in corpus.crossdoc]) if crossdoc else None
        for doc in corpus.crossdoc:
            ext = extraction_for(doc)
            ident = partial(joint, ext) if joint is not None else identity
            triples.extend(crossdoc_triples(doc, ext, ident))
        tasks["crossdoc_pairs"] = TaskScore(pairwise_score(triples))
    return Report(
        tasks=ordered(tasks),
        documents=len(corpus.documents),
        corpus=f"MEANTIME {subcorpus or Path(path).name}",
        baseline=baseline,
    )


# --- per-document scoring -------------------------------------------------------------


@dataclass(frozen=True)
class _SystemMention:
    span: Span
    kind: EntityKind
    entity: Entity


@dataclass(frozen=True)
class _GoldName:
    span: Span
    type: str


@dataclass(frozen=True)
class _Link:
    event: Span
    participant: Span
    role: str


_SpanMatch = Callable[[Span, Span], bool]


def _entity_matcher(span_ok: _SpanMatch) -> Callable[[_GoldName, _SystemMention], bool]:
    def compatible(gold: _GoldName, system: _SystemMention) -> bool:
        kinds = ENTITY_TYPE_MAP.get(gold.type, frozenset())
        return span_ok(gold.span, system.span) and system.kind in kinds

    return compatible


def _region_matcher(
    span_ok: _SpanMatch, regions: Sequence[Span]
) -> Callable[[_SystemMention], bool]:
    def ignored(system: _SystemMention) -> bool:
        return any(span_ok(region, system.span) for region in regions)

    return ignored


def _link_matcher(with_role: bool) -> Callable[[_Link, _Link], bool]:
    def compatible(gold: _Link, system: _Link) -> bool:
        return (
            gold.event.overlaps(system.event)
            and gold.participant.overlaps(system.participant)
            and (not with_role or gold.role == system.role)
        )

    return compatible


def _name_mentions(extraction: Extraction, window_end: int | None) -> list[_SystemMention]:
    seen: set[tuple[int, int, EntityKind]] = set()
    out: list[_SystemMention] = []
    for entity in extraction.entities:
        if _unnamed(entity):
            continue
        for mention in entity.mentions:
            if window_end is not None and mention.start >= window_end:
                continue
            if not is_name_like(mention.text):
                continue
            key = (mention.start, mention.end, entity.kind)
            if key in seen:
                continue
            seen.add(key)
            out.append(_SystemMention(Span(mention.start, mention.end), entity.kind, entity))
    out.sort(key=lambda m: (m.span, m.kind.value))
    return out


def meantime_document_scores(doc: MeantimeDocument, extraction: Extraction) -> dict[str, TaskScore]:
    """Every mention-level MEANTIME task for one document (sentences 0–5).

    Args:
        doc: The gold document.
        extraction: The system's extraction of ``doc.text``.

    Returns:
        Task name → score (tasks without gold items in this document included, with zero
        gold counts).
    """
    window = doc.window_end
    scores: dict[str, TaskScore] = {}

    # Named entities.
    in_window = [m for m in doc.entity_mentions if m.span.start < window]
    gold_names = [m for m in in_window if m.syntactic_type == "NAM" and m.ent_type]
    unscored = [
        m.span
        for m in in_window
        if m.syntactic_type == "PRE.NAM" or (m.syntactic_type == "NAM" and not m.ent_type)
    ]
    system_names = _name_mentions(extraction, window)
    gold_items = [_GoldName(m.span, m.ent_type or "") for m in gold_names]
    for task, span_ok in (("entities_strict", strict_match), ("entities_lenient", lenient_match)):
        scores[task], _ = score_items(
            gold_items,
            system_names,
            _entity_matcher(span_ok),
            gold_type=lambda g: g.type,
            system_type=lambda s: _KIND_LABEL.get(s.kind, s.kind.value),
            ignore=_region_matcher(span_ok, unscored),
            preference=_overlap_preference,
        )

    # Time expressions (the publication date is not scored).
    gold_timexes = [
        t for t in doc.timexes if t.span.start < window and t is not doc.publication_timex
    ]
    excluded = [doc.publication_timex.span] if doc.publication_timex is not None else []
    scores.update(timex_scores(gold_timexes, extraction, window_end=window, excluded=excluded))

    # Quantities.
    gold_values = [v for v in doc.values if v.span.start < window]
    system_quantities = [q for q in extraction.quantities if q.mention.start < window]
    quantity_score, pairs = score_items(
        gold_values,
        system_quantities,
        lambda g, s: g.span.overlaps(mention_span(s.mention)),
        gold_type=lambda g: g.type,
        system_type=quantity_type,
        preference=lambda g, s: overlap(g.span, mention_span(s.mention)),
    )
    stated = [(gold_values[i], system_quantities[j]) for i, j in pairs]
    stated = [(g, s) for g, s in stated if g.number is not None]
    quantity_score.extra = {
        "value_correct": sum(
            1
            for g, s in stated
            if s.number is not None and math.isclose(g.number or 0.0, s.number, rel_tol=1e-6)
        ),
        "value_total": len(stated),
    }
    scores["quantities"] = quantity_score

    # Event participants (agent ↔ Arg0, patient ↔ Arg1).
    gold_links = [
        _Link(p.event_span, p.participant_span, p.sem_role)
        for p in doc.participants
        if p.sem_role in ("Arg0", "Arg1") and p.event_span.start < window
    ]
    # each mention of an event with the arguments found at it (an extractor that merges
    # mentions of one event keeps them in ``links``)
    mentions = [
        link
        for event in extraction.events
        for link in (event.links or [(event.trigger, event.agent_mention, event.patient_mention)])
    ]
    system_links = sorted(
        {
            _Link(mention_span(trigger), mention_span(mention), role)
            for trigger, agent, patient in mentions
            if trigger.start < window
            for mention, role in ((agent, "Arg0"), (patient, "Arg1"))
            if mention is not None
        },
        key=lambda link: (link.event, link.participant, link.role),
    )
    for task, with_role in (("participants_role", True), ("participants_any", False)):
        scores[task], _ = score_items(
            gold_links,
            system_links,
            _link_matcher(with_role),
            gold_type=lambda link: link.role,
            system_type=lambda link: link.role,
        )
    return scores


def crossdoc_triples(
    doc: MeantimeDocument, extraction: Extraction, identity: Identity
) -> list[tuple[str, str, str]]:
    """``(document, gold instance_id, system identity)`` for each gold NAM mention found.

    A gold NAM mention (sentences 0–5, with a corpus-wide ``instance_id``) is found when a
    name-like system entity mention overlaps it (one-to-one, any type).

    Args:
        doc: A cross-document gold document.
        extraction: The system's extraction of ``doc.text``.
        identity: The cross-article identity of a system entity.

    Returns:
        One triple per found mention.
    """
    window = doc.window_end
    gold = [
        m
        for m in doc.entity_mentions
        if m.syntactic_type == "NAM" and m.instance_id and m.span.start < window
    ]
    system = _name_mentions(extraction, window)
    pairs = one_to_one(
        gold,
        system,
        lambda g, s: g.span.overlaps(s.span),
        preference=lambda g, s: overlap(g.span, s.span),
    )
    return [(doc.id, gold[i].instance_id or "", identity(system[j].entity)) for i, j in pairs]


def quantity_type(quantity: Quantity) -> str:
    """MONEY, PERCENT or QUANTITY, guessed from a system quantity's unit and text."""
    unit = (quantity.unit or "").lower()
    text = quantity.mention.text.lower()
    if "%" in text or "percent" in text or unit in ("%", "percent", "per cent"):
        return "PERCENT"
    currency = ("$", "€", "£", "¥", "#", "dollar", "euro", "pound", "yuan", "yen", "usd", "eur")
    if unit in ("money", "usd", "eur", "gbp") or any(c in text for c in currency):
        return "MONEY"
    return "QUANTITY"


# --- helpers ---------------------------------------------------------------------------


def _overlap_preference(g: _GoldName, s: _SystemMention) -> float:
    return overlap(g.span, s.span)


def _finish_quantities(totals: dict[str, TaskScore]) -> None:
    score = totals.get("quantities")
    if score is None:
        return
    correct = int(score.extra.get("value_correct", 0))
    total = int(score.extra.get("value_total", 0))
    score.extra = {
        "value_accuracy": correct / total if total else 0.0,
        "value_correct": correct,
        "value_total": total,
    }
