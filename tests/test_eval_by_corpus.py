"""`storygraph eval meantime --by-corpus`: each sub-corpus scored alone, storygraph beside
plain spaCy, with the generalisation gap."""

from __future__ import annotations

from pathlib import Path

from storygraph.evaluate.compare import CorpusComparison, compare_by_corpus
from storygraph.evaluate.report import Report
from storygraph.evaluate.scoring import Score, TaskScore
from storygraph.evaluate.tasks import evaluate_meantime, meantime_subcorpora
from storygraph.records import Article, Entity, EntityKind, Extraction, Mention


def _report(
    f1_pairs: dict[str, tuple[int, int, int]], per: dict[str, tuple[int, int, int]]
) -> Report:
    tasks = {
        name: TaskScore(
            Score(*counts), {label: Score(*c) for label, c in per.items()} if per else {}
        )
        for name, counts in f1_pairs.items()
    }
    return Report(tasks=tasks, documents=3, corpus="x")


def test_rows_put_each_sub_corpus_beside_the_baseline_with_the_gap() -> None:
    comparison = CorpusComparison(corpus="gold")
    # tp, fp, fn: F1 = 2tp / (2tp + fp + fn)
    comparison.system["corpus_a"] = _report({"entities_lenient": (8, 2, 2)}, {"PER": (4, 0, 0)})
    comparison.baseline["corpus_a"] = _report({"entities_lenient": (6, 4, 4)}, {"PER": (2, 2, 2)})
    comparison.system["corpus_b"] = _report({"entities_lenient": (6, 4, 4)}, {"PER": (1, 1, 1)})
    comparison.baseline["corpus_b"] = _report({"entities_lenient": (7, 3, 3)}, {})
    rows = comparison.rows()
    assert [(task, label) for task, label, _, _ in rows] == [
        ("entities_lenient", "all"),
        ("entities_lenient", "PER"),
    ]
    _, _, cells, gap = rows[0]
    assert [round(c, 3) for c in cells if c is not None] == [0.8, 0.6, 0.6, 0.7]
    assert gap is not None and round(gap, 3) == 0.2
    _, _, cells, gap = rows[1]
    assert cells[3] is None  # the baseline of corpus_b has no PER row
    table = comparison.format_table().splitlines()
    assert table[0] == "MEANTIME gold by sub-corpus (corpus_a 3, corpus_b 3 documents); F1"
    assert table[1].split() == [
        "task",
        "type",
        "a",
        "sg",
        "a",
        "spaCy",
        "b",
        "sg",
        "b",
        "spaCy",
        "gap",
    ]
    assert table[3].split() == [
        "entities_lenient",
        "all",
        "0.800",
        "0.600",
        "0.600",
        "0.700",
        "0.200",
    ]
    assert table[4].split() == ["PER", "1.000", "0.500", "0.500", "—", "0.500"]
    assert set(comparison.to_json()) == {"corpus_a", "corpus_b"}


def _one_name_extractor(article: Article) -> Extraction:
    """Every document's first word as a person: deterministic, no model."""
    word = article.text.split()[0]
    mention = Mention(start=0, end=len(word), text=word, sentence=0)
    entity = Entity(key="person:x", kind=EntityKind.PERSON, name=word, mentions=[mention])
    return Extraction(article=article, entities=[entity])


def test_each_sub_corpus_is_scored_alone(shared_data: Path) -> None:
    gold = shared_data / "meantime-dev"
    names = meantime_subcorpora(gold)
    assert names == ["corpus_airbus", "corpus_apple"]
    whole = evaluate_meantime(gold, _one_name_extractor)
    parts = [evaluate_meantime(gold, _one_name_extractor, subcorpus=n) for n in names]
    assert [p.documents for p in parts] == [30, 30]
    assert sum(p.documents for p in parts) == whole.documents
    for task in ("entities_lenient", "timex_detection"):
        total = whole.tasks[task].overall
        assert sum(p.tasks[task].overall.fn for p in parts) == total.fn
        assert sum(p.tasks[task].overall.fp for p in parts) == total.fp
    comparison = compare_by_corpus(gold, _one_name_extractor, _one_name_extractor)
    assert list(comparison.system) == names
    assert comparison.system["corpus_apple"].corpus == "MEANTIME corpus_apple"
