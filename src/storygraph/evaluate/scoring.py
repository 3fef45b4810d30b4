"""Precision, recall and F1 over character spans, with one-to-one matching.

A gold item is matched at most once and so is a system item: matching is a maximum
bipartite matching over the pairs a task calls compatible (the same span for strict
scoring, overlapping spans for lenient scoring, plus whatever else the task requires, such
as the same entity type). Scores are micro-averaged: documents are matched one at a time
and their counts summed.

Per-type breakdowns attribute a true positive and a false negative to the gold item's type
and a false positive to the system item's type, so that the per-type counts add up to the
overall counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = [
    "LabeledSpan",
    "Score",
    "Span",
    "TaskScore",
    "lenient_match",
    "one_to_one",
    "pairwise_score",
    "score_items",
    "score_spans",
    "strict_match",
]

G = TypeVar("G")
S = TypeVar("S")


@dataclass(frozen=True, order=True)
class Span:
    """Character offsets ``[start, end)`` into a document, possibly in several fragments.

    ``fragments`` is empty for a contiguous span; a discontinuous span (a brat span with
    ``;``, a MEANTIME mention whose tokens are not adjacent) lists its pieces in order, and
    ``start``/``end`` are then the first fragment's start and the last fragment's end.
    """

    start: int
    end: int
    fragments: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")

    @classmethod
    def from_fragments(cls, fragments: Iterable[tuple[int, int]]) -> Span:
        """Build a span from ``(start, end)`` pieces, merging adjacent or overlapping ones."""
        merged: list[tuple[int, int]] = []
        for start, end in sorted(fragments):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        if not merged:
            raise ValueError("a span needs at least one fragment")
        if len(merged) == 1:
            return cls(merged[0][0], merged[0][1])
        return cls(merged[0][0], merged[-1][1], tuple(merged))

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The fragments, or the one ``(start, end)`` piece of a contiguous span."""
        return self.fragments or ((self.start, self.end),)

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        if self.start >= other.end or other.start >= self.end:
            return False
        return any(a < d and c < b for a, b in self.pieces for c, d in other.pieces)

    def text_in(self, text: str) -> str:
        """The span's text in ``text``, fragments joined by single spaces."""
        return " ".join(text[a:b] for a, b in self.pieces)


def strict_match(gold: Span, system: Span) -> bool:
    """Strict span match: exactly the same offsets (and the same fragments)."""
    return gold.pieces == system.pieces


def lenient_match(gold: Span, system: Span) -> bool:
    """Lenient span match: the spans overlap by at least one character."""
    return gold.overlaps(system)


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives, with P/R/F1.

    Precision, recall and F1 are 0.0 when undefined (no system items, no gold items, or
    both zero).
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """``tp / (tp + fp)``, or 0.0 when the system found nothing."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """``tp / (tp + fn)``, or 0.0 when there is no gold."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, or 0.0 when both are 0."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator and self.tp else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, float | int]:
        """``{precision, recall, f1, tp, fp, fn}``."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class TaskScore:
    """One task's score: overall, per type, and task-specific extra figures."""

    overall: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=dict)
    extra: dict[str, float | int] = field(default_factory=dict)

    def __add__(self, other: TaskScore) -> TaskScore:
        by_type = dict(self.by_type)
        for label, score in other.by_type.items():
            by_type[label] = by_type.get(label, Score()) + score
        extra = dict(self.extra)
        for key, value in other.extra.items():
            extra[key] = extra.get(key, 0) + value
        return TaskScore(self.overall + other.overall, dict(sorted(by_type.items())), extra)


def one_to_one(
    gold: Sequence[G],
    system: Sequence[S],
    compatible: Callable[[G, S], bool],
    *,
    preference: Callable[[G, S], float] | None = None,
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching between gold and system items.

    Args:
        gold: The gold items.
        system: The system items.
        compatible: Whether a gold item and a system item may be matched.
        preference: Optional key; among compatible partners, higher values are tried first
            (e.g. exact spans before mere overlaps). The matching is maximal regardless.

    Returns:
        ``(gold_index, system_index)`` pairs sorted by gold index; every index occurs at
        most once.
    """

    def partners(g: G) -> list[int]:
        found = [j for j, s in enumerate(system) if compatible(g, s)]
        if preference is not None:
            rank = preference
            found.sort(key=lambda j: -rank(g, system[j]))
        return found

    candidates = [partners(g) for g in gold]

    owner: dict[int, int] = {}  # system index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        if candidates[i]:
            augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def score_items(
    gold: Sequence[G],
    system: Sequence[S],
    compatible: Callable[[G, S], bool],
    *,
    gold_type: Callable[[G], str] | None = None,
    system_type: Callable[[S], str] | None = None,
    ignore: Callable[[S], bool] | None = None,
    preference: Callable[[G, S], float] | None = None,
) -> tuple[TaskScore, list[tuple[int, int]]]:
    """Score one document's system items against its gold items.

    Args:
        gold: The gold items.
        system: The system items.
        compatible: Whether a gold and a system item count as a match.
        gold_type: The type label of a gold item, for the per-type breakdown.
        system_type: The type label of a system item (used for false positives).
        ignore: System items that match no gold item and for which this is true are not
            counted at all (e.g. a found publication date the gold does not score).
        preference: Passed to :func:`one_to_one`.

    Returns:
        The score and the matched ``(gold_index, system_index)`` pairs.
    """
    pairs = one_to_one(gold, system, compatible, preference=preference)
    matched_gold = {i for i, _ in pairs}
    matched_system = {j for _, j in pairs}
    unmatched_system = [
        j
        for j in range(len(system))
        if j not in matched_system and not (ignore is not None and ignore(system[j]))
    ]
    tp = len(pairs)
    fn = len(gold) - tp
    fp = len(unmatched_system)
    by_type: dict[str, Score] = {}
    if gold_type is not None:
        tp_count = Counter(gold_type(gold[i]) for i, _ in pairs)
        fn_count = Counter(gold_type(g) for i, g in enumerate(gold) if i not in matched_gold)
        fp_count: Counter[str] = Counter()
        if system_type is not None:
            fp_count.update(system_type(system[j]) for j in unmatched_system)
        for label in sorted(set(tp_count) | set(fn_count) | set(fp_count)):
            by_type[label] = Score(tp_count[label], fp_count[label], fn_count[label])
    return TaskScore(Score(tp, fp, fn), by_type), pairs


@dataclass(frozen=True)
class LabeledSpan:
    """A span with a type label (the label may be empty for untyped tasks)."""

    span: Span
    label: str = ""


def score_spans(
    gold: Sequence[LabeledSpan],
    system: Sequence[LabeledSpan],
    *,
    lenient: bool,
    typed: bool = True,
    compatible_labels: Callable[[str, str], bool] | None = None,
    ignore: Sequence[Span] = (),
) -> TaskScore:
    """Score labelled spans of one document.

    Args:
        gold: Gold spans with their types.
        system: System spans with their types.
        lenient: Overlap suffices; otherwise the offsets must be equal.
        typed: Whether the labels must agree for a match.
        compatible_labels: ``(gold_label, system_label) -> bool``; defaults to equality.
        ignore: Regions the gold does not score: an unmatched system span that matches one
            of them (by the same span criterion) is neither right nor wrong.

    Returns:
        The score with a per-label breakdown.
    """
    span_ok = lenient_match if lenient else strict_match
    labels_ok = compatible_labels or (lambda g, s: g == s)

    def compatible(g: LabeledSpan, s: LabeledSpan) -> bool:
        return span_ok(g.span, s.span) and (not typed or labels_ok(g.label, s.label))

    def ignored(s: LabeledSpan) -> bool:
        return any(span_ok(region, s.span) for region in ignore)

    score, _ = score_items(
        gold,
        system,
        compatible,
        gold_type=lambda g: g.label,
        system_type=lambda s: s.label,
        ignore=ignored if ignore else None,
        preference=_span_preference,
    )
    if all(not label for label in score.by_type):
        score.by_type = {}
    return score


def _span_preference(g: LabeledSpan, s: LabeledSpan) -> float:
    """Exact spans first, then the largest overlap."""
    if g.span.pieces == s.span.pieces:
        return float("inf")
    return float(min(g.span.end, s.span.end) - max(g.span.start, s.span.start))


def pairwise_score(items: Iterable[tuple[Hashable, Hashable, Hashable]]) -> Score:
    """Pairwise cross-document coreference counts.

    Each item is ``(document, gold_id, system_id)`` for one mention. Over every unordered
    pair of mentions in *different* documents: a true positive is a pair both gold and
    system call the same entity, a false positive one only the system does, a false
    negative one only the gold does. Pairs within one document are not counted.

    Args:
        items: One ``(document, gold_id, system_id)`` triple per mention.

    Returns:
        The pairwise score.
    """
    triples = list(items)

    def cross_pairs(key: Callable[[tuple[Hashable, Hashable, Hashable]], Hashable]) -> int:
        total: Counter[Hashable] = Counter(key(t) for t in triples)
        within: Counter[tuple[Hashable, Hashable]] = Counter((t[0], key(t)) for t in triples)
        all_pairs = sum(n * (n - 1) // 2 for n in total.values())
        same_doc = sum(n * (n - 1) // 2 for n in within.values())
        return all_pairs - same_doc

    gold_same = cross_pairs(lambda t: t[1])
    system_same = cross_pairs(lambda t: t[2])
    both_same = cross_pairs(lambda t: (t[1], t[2]))
    return Score(tp=both_same, fp=system_same - both_same, fn=gold_same - both_same)
