"""Score time expressions (TimeML) and attribution (brat) against gold data.

The shared ground of every evaluation task also lives here: the task names in report order,
the extractor type, and the span helpers :mod:`.tasks` (MEANTIME) builds on.

Time expressions are scored as TempEval-3 scores them (:func:`timex_scores`). The graph may
state one stretch of text at two granularities: a range and each year in it ("between 2014
and 2016"), or a date and the amount of time before publication ("two years ago", "two
years"). MEANTIME marks the range and the amount, TimeML the years and the date, so a
system expression nested in another or holding another that matches no gold expression is
neither right nor wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from storygraph.evaluate.brat import BratDocument, GoldAttribution, read_brat
from storygraph.evaluate.meantime import GoldTimex
from storygraph.evaluate.report import Report
from storygraph.evaluate.scoring import Score, Span, TaskScore, lenient_match, score_items
from storygraph.evaluate.timeml import read_timeml
from storygraph.records import Article, Claim, Extraction, Mention, TimeExpression

__all__ = [
    "TASKS",
    "Extractor",
    "accumulate",
    "attribution_scores",
    "distinct",
    "evaluate_brat",
    "evaluate_timeml",
    "gold_count",
    "mention_span",
    "ordered",
    "overlap",
    "timex_scores",
]

Extractor = Callable[[Article], Extraction]
"""What is evaluated: an article in, its extraction out."""

TASKS = (
    "entities_strict",
    "entities_lenient",
    "timex_detection",
    "timex_value",
    "quantities",
    "participants_role",
    "participants_any",
    "crossdoc_pairs",
    "attribution_source",
    "attribution_cue",
    "attribution_content",
    "attribution_relation",
)
"""Every task name, in report order."""


def evaluate_timeml(path: str | Path, extractor: Extractor) -> Report:
    """Evaluate time expressions against TimeML (TempEval-3 ``.tml``) files.

    Tasks: ``timex_detection`` (lenient overlap) and ``timex_value`` (detected and the
    normalised value equal), over every TIMEX3 inside ``<TEXT>``, per TIMEX3 type.

    Args:
        path: A ``.tml`` file or a directory of them.
        extractor: The extractor, called once per document.

    Returns:
        The report.

    Raises:
        EvaluationError: The gold data cannot be read.
    """
    documents = read_timeml(path)
    totals: dict[str, TaskScore] = {}
    for doc in documents:
        article = Article(id=doc.id, text=doc.text, published=doc.published, source=str(doc.path))
        extraction = extractor(article)
        accumulate(totals, timex_scores(doc.timexes, extraction))
    tasks = {name: score for name, score in totals.items() if gold_count(score) > 0}
    return Report(
        tasks=ordered(tasks), documents=len(documents), corpus=f"TimeML {Path(path).name}"
    )


def evaluate_brat(path: str | Path, extractor: Extractor) -> Report:
    """Evaluate attribution (claims) against brat standoff files.

    Tasks: ``attribution_source``, ``attribution_cue``, ``attribution_content`` (each a
    lenient overlap F1 over the distinct spans of that role in the gold attributions and in
    the system's claims) and ``attribution_relation`` (a claim matches a gold attribution
    when its cue and content overlap the gold ones and, if the gold has a source, its source
    mention overlaps the gold source). Several annotators' files of one article are scored
    separately against one extraction.

    Args:
        path: An ``.ann`` file or a directory of them.
        extractor: The extractor, called once per article text.

    Returns:
        The report.

    Raises:
        EvaluationError: The gold data cannot be read.
    """
    documents = read_brat(path)
    cache: dict[tuple[str, str], Extraction] = {}
    totals: dict[str, TaskScore] = {}
    for doc in documents:
        key = (doc.id, doc.text)
        if key not in cache:
            article = Article(
                id=doc.id, text=doc.text, published=doc.published, source=str(doc.text_path)
            )
            cache[key] = extractor(article)
        accumulate(totals, attribution_scores(doc, cache[key]))
    tasks = {name: score for name, score in totals.items() if gold_count(score) > 0}
    return Report(tasks=ordered(tasks), documents=len(documents), corpus=f"brat {Path(path).name}")


# --- per-document scoring -------------------------------------------------------------


def timex_scores(
    gold: Sequence[GoldTimex],
    extraction: Extraction,
    *,
    window_end: int | None = None,
    excluded: Sequence[Span] = (),
) -> dict[str, TaskScore]:
    """``timex_detection`` and ``timex_value`` for one document.

    Detection is a lenient (overlap) one-to-one match; value scoring follows TempEval-3: a
    matched pair is a true positive only if the system value equals the gold value, every
    other considered system expression is a false positive and every other gold expression a
    false negative. A system expression nested in another one, or holding one, that matches
    no gold expression is not counted (the two gold conventions mark different ones of them,
    see the module docstring).

    Args:
        gold: The gold TIMEX3s to score.
        extraction: The extraction (``extraction.times``).
        window_end: Only system expressions starting before this offset count.
        excluded: Regions not scored (the publication date): unmatched system expressions
            overlapping them are not counted.

    Returns:
        ``{"timex_detection": ..., "timex_value": ...}``.
    """
    system = [t for t in extraction.times if window_end is None or t.mention.start < window_end]
    spans = [(t.mention.start, t.mention.end) for t in system]
    nested = {
        j
        for j, (start, end) in enumerate(spans)
        for k, (other_start, other_end) in enumerate(spans)
        if j != k
        and (
            (other_start <= start and end <= other_end)
            or (start <= other_start and other_end <= end)
        )
    }
    unscored = {id(system[j]) for j in nested}

    def outside(time: TimeExpression) -> bool:
        return id(time) in unscored or any(
            region.overlaps(mention_span(time.mention)) for region in excluded
        )

    def ignored(index: int) -> bool:
        return outside(system[index])

    detection, pairs = score_items(
        list(gold),
        system,
        lambda g, s: g.span.overlaps(mention_span(s.mention)),
        gold_type=lambda g: g.type,
        system_type=lambda s: s.type.upper(),
        ignore=outside,
        preference=lambda g, s: overlap(g.span, mention_span(s.mention)),
    )
    matched_system = {j for _, j in pairs}
    considered = [j for j in range(len(system)) if j in matched_system or not ignored(j)]
    correct = [(i, j) for i, j in pairs if system[j].value == gold[i].value]
    correct_gold = {i for i, _ in correct}
    correct_system = {j for _, j in correct}
    by_type: dict[str, Score] = {}
    for label in sorted({g.type for g in gold} | {system[j].type.upper() for j in considered}):
        tp = sum(1 for i in correct_gold if gold[i].type == label)
        fn = sum(1 for i, g in enumerate(gold) if g.type == label and i not in correct_gold)
        fp = sum(
            1 for j in considered if system[j].type.upper() == label and j not in correct_system
        )
        by_type[label] = Score(tp, fp, fn)
    value = TaskScore(
        Score(len(correct), len(considered) - len(correct), len(gold) - len(correct)), by_type
    )
    return {"timex_detection": detection, "timex_value": value}


def attribution_scores(doc: BratDocument, extraction: Extraction) -> dict[str, TaskScore]:
    """The four attribution tasks for one brat document.

    Args:
        doc: The gold document.
        extraction: The system's extraction (``extraction.claims``).

    Returns:
        Task name → score.
    """
    scores: dict[str, TaskScore] = {}
    claims = extraction.claims
    roles: tuple[tuple[str, list[Span | None], list[Mention | None]], ...] = (
        (
            "attribution_source",
            [a.source for a in doc.attributions],
            [c.source_mention for c in claims],
        ),
        ("attribution_cue", [a.cue for a in doc.attributions], [c.cue for c in claims]),
        ("attribution_content", [a.content for a in doc.attributions], [c.content for c in claims]),
    )
    for task, gold_spans, system_mentions in roles:
        gold = distinct(s for s in gold_spans if s is not None)
        system = distinct(mention_span(m) for m in system_mentions if m is not None)
        scores[task], _ = score_items(
            gold, system, lenient_match, preference=lambda g, s: overlap(g, s)
        )

    gold_relations = [a for a in doc.attributions if a.cue is not None and a.content is not None]

    def relation_ok(gold: GoldAttribution, claim: Claim) -> bool:
        if gold.cue is None or gold.content is None:
            return False
        if not (
            gold.cue.overlaps(mention_span(claim.cue))
            and gold.content.overlaps(mention_span(claim.content))
        ):
            return False
        if gold.source is None:
            return True
        return claim.source_mention is not None and gold.source.overlaps(
            mention_span(claim.source_mention)
        )

    scores["attribution_relation"], _ = score_items(gold_relations, claims, relation_ok)
    return scores


# --- helpers ---------------------------------------------------------------------------


def mention_span(mention: Mention) -> Span:
    return Span(mention.start, mention.end)


def overlap(a: Span, b: Span) -> float:
    if a.pieces == b.pieces:
        return float("inf")
    return float(min(a.end, b.end) - max(a.start, b.start))


def distinct(spans: Iterable[Span]) -> list[Span]:
    return sorted(set(spans))


def gold_count(score: TaskScore) -> int:
    return score.overall.tp + score.overall.fn


def accumulate(totals: dict[str, TaskScore], scores: dict[str, TaskScore]) -> None:
    for name, score in scores.items():
        totals[name] = totals[name] + score if name in totals else score


def ordered(tasks: dict[str, TaskScore]) -> dict[str, TaskScore]:
    return {name: tasks[name] for name in TASKS if name in tasks}
