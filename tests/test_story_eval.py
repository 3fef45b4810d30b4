"""`storygraph eval story`: the scorer on a tiny hand-made gold and system view."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storygraph.errors import InputError
from storygraph.evaluate.story import (
    STORY_TASKS,
    GoldStory,
    StoryArticle,
    SystemClaim,
    SystemView,
    date_agrees,
    read_story_gold,
    score_story,
)

A = "a.txt"
B = "b.txt"
TEXT_A = "Acme hired Jo Smith on 3 May.\nSmith said the deal was done.\nNobody knows why.\n"
TEXT_B = "Jo Smith joined Acme Corp.\nAcme said the deal was done.\n"


def span(text: str, part: str) -> dict[str, Any]:
    return {"text": part, "offset": text.index(part)}


def line(text: str, n: int) -> dict[str, Any]:
    sentence = text.split("\n")[n]
    return {"text": sentence, "offset": text.index(sentence)}


CLUSTER: dict[str, Any] = {
    "id": "c",
    "articles": [
        {"file": A, "publisher": "P", "published": "2020-05-04"},
        {"file": B, "publisher": "Q", "published": "2020-05-05"},
    ],
    "entities": [
        {
            "id": "acme",
            "type": "Organization",
            "canonical": "Acme",
            "mentions": {A: [span(TEXT_A, "Acme")], B: [span(TEXT_B, "Acme Corp")]},
        },
        {
            "id": "smith",
            "type": "Person",
            "canonical": "Jo Smith",
            "mentions": {A: [span(TEXT_A, "Jo Smith")], B: [span(TEXT_B, "Jo Smith")]},
        },
    ],
    "different": [["acme", "smith"]],
    "events": [
        {"id": "hire", "date": "2020-05-03", "reports": {A: line(TEXT_A, 0), B: line(TEXT_B, 0)}},
    ],
    "claim_links": [
        {
            "relation": "corroborates",
            "a": {
                "file": A,
                "source": span(TEXT_A, "Smith said"),
                "cue": span(TEXT_A, "said"),
                "content": span(TEXT_A, "the deal was done"),
            },
            "b": {
                "file": B,
                "source": span(TEXT_B, "Acme said"),
                "cue": span(TEXT_B, "said"),
                "content": span(TEXT_B, "the deal was done"),
            },
        },
    ],
    "anonymous_sources": {A: [span(TEXT_A, "Nobody")], B: []},
    "open_questions": {A: [line(TEXT_A, 2)], B: []},
}
GOLD = GoldStory([], [CLUSTER])


def at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def view(**changes: Any) -> SystemView:
    """A system view that gets everything right; ``changes`` replace its fields."""
    v = SystemView(
        entities={
            A: [(*at(TEXT_A, "Acme"), "acme"), (*at(TEXT_A, "Jo Smith"), "jo-smith")],
            B: [(*at(TEXT_B, "Acme Corp"), "acme-corp"), (*at(TEXT_B, "Jo Smith"), "jo-smith")],
        },
        same_as={("acme", "acme-corp")},
        events={A: [(*at(TEXT_A, "hired"), "ea")], B: [(*at(TEXT_B, "joined"), "eb")]},
        event_times={"ea": ["2020-05-03"], "eb": ["2020-05"]},
        event_links={("ea", "eb")},
        claims={
            A: [SystemClaim("ca", at(TEXT_A, "the deal was done"), at(TEXT_A, "said"))],
            B: [SystemClaim("cb", at(TEXT_B, "the deal was done"), at(TEXT_B, "said"))],
        },
        claim_links={("ca", "cb"): {"corroborates"}},
        anonymous={A: [(*at(TEXT_A, "Nobody"), "nobody")]},
        questions={A: [(*at(TEXT_A, "Nobody knows why."), "q")]},
    )
    for key, value in changes.items():
        setattr(v, key, value)
    return v


def figures(v: SystemView) -> dict[str, tuple[int, int, int]]:
    report = score_story(GOLD, v).to_json()
    assert list(report) == list(STORY_TASKS)
    return {task: (s["tp"], s["fp"], s["fn"]) for task, s in report.items()}


def test_everything_right() -> None:
    got = figures(view())
    assert got["entity_pairs"] == (2, 0, 0)
    assert got["event_pairs"] == (1, 0, 0)
    # the report in b has a month only: coarser than the gold day, so not correct
    assert got["event_dates"] == (1, 1, 1)
    assert got["claim_links"] == got["claim_links_typed"] == (1, 0, 0)
    assert got["anonymous_sources"] == (1, 0, 0)
    assert got["open_questions"] == (1, 0, 0)
    assert score_story(GOLD, view()).tasks["entity_pairs"].extra["different_violations"] == 0


def test_entity_pairs_without_same_as_and_with_a_wrong_merge() -> None:
    assert figures(view(same_as=set()))["entity_pairs"] == (1, 0, 1)
    wrong = view(same_as={("acme", "acme-corp"), ("acme-corp", "jo-smith")})
    report = score_story(GOLD, wrong)
    assert report.tasks["entity_pairs"].extra["different_violations"] == 1
    # acme(a)~smith(b) and smith(a)~acme(b) are negative pairs called same
    assert figures(wrong)["entity_pairs"] == (2, 2, 0)


def test_unmatched_mentions_are_false_negatives() -> None:
    assert figures(view(entities={A: [], B: []}))["entity_pairs"] == (0, 0, 2)


def test_events_links_and_wrong_links() -> None:
    assert figures(view(event_links=set()))["event_pairs"] == (0, 0, 1)
    # a link between events matched to different gold events only is a false positive
    cluster = json.loads(json.dumps(CLUSTER))
    cluster["events"].append(
        {"id": "deal", "date": "unknown", "reports": {A: line(TEXT_A, 1), B: line(TEXT_B, 1)}}
    )
    v = view(
        events={
            A: [(*at(TEXT_A, "hired"), "ea"), (*at(TEXT_A, "done"), "da")],
            B: [(*at(TEXT_B, "joined"), "eb"), (*at(TEXT_B, "done"), "db")],
        },
        event_links={("ea", "eb"), ("ea", "db")},
    )
    got = score_story(GoldStory([], [cluster]), v).to_json()["event_pairs"]
    assert (got["tp"], got["fp"], got["fn"]) == (1, 1, 1)


def test_claims_typed_and_untyped() -> None:
    got = figures(view(claim_links={("cb", "ca"): {"contradicts"}}))
    assert got["claim_links"] == (1, 0, 0)
    assert got["claim_links_typed"] == (0, 1, 1)
    assert figures(view(claim_links={}))["claim_links"] == (0, 0, 1)


def test_spans_one_to_one() -> None:
    two = [(*at(TEXT_A, "Nobody"), "nobody"), (*at(TEXT_A, "Smith"), "smith")]
    assert figures(view(anonymous={A: two}))["anonymous_sources"] == (1, 1, 0)


def test_a_node_counts_once_however_many_mentions_it_has() -> None:
    # "Nobody" and a later pronoun for the same unnamed source: one node, one true positive
    one = [(*at(TEXT_A, "Nobody"), "nobody"), (*at(TEXT_A, "Smith"), "nobody")]
    assert figures(view(anonymous={A: one}))["anonymous_sources"] == (1, 0, 0)
    # a node none of whose mentions overlaps the gold span is a false positive
    other = [(*at(TEXT_A, "Smith"), "smith"), (*at(TEXT_A, "Acme"), "smith")]
    assert figures(view(anonymous={A: other}))["anonymous_sources"] == (0, 1, 1)


@pytest.mark.parametrize(
    ("gold", "value", "agrees"),
    [
        ("2010-06-07", "2010-06-07", True),
        ("2010-06", "2010-06-07", True),
        ("2010", "2010-06", True),
        ("2010-06-07", "2010-06", False),
        ("2010-06-07", "2010-06-08", False),
        ("2010-W23", "2010-06-07", True),
        ("2010-W23", "2010-W23", True),
        ("2010-W24", "2010-06-07", False),
        ("2010", "PRESENT_REF", False),
    ],
)
def test_date_agrees(gold: str, value: str, agrees: bool) -> None:
    assert date_agrees(gold, value) is agrees


def test_read_story_gold(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "gold.json").write_text(json.dumps({"version": 1, "clusters": [CLUSTER]}))
    gold = read_story_gold(tmp_path)
    assert [a.file for a in gold.articles] == [A, B]
    assert gold.articles[1] == StoryArticle(B, "Q", date(2020, 5, 5))
    (tmp_path / "gold.json").write_text('{"clusters": [{"articles": [{"file": "x"}]}]}')
    with pytest.raises(InputError, match="is not a story gold"):
        read_story_gold(tmp_path)
    with pytest.raises(InputError, match="cannot read"):
        read_story_gold(tmp_path / "missing")


def test_eval_story_on_story_dev(shared_data: Path) -> None:
    """The whole protocol on story-dev, through the command line (figures in EVALUATION.md)."""
    from click.testing import CliRunner

    from storygraph.cli import cli

    result = CliRunner().invoke(cli, ["eval", "story", str(shared_data / "story-dev"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == list(STORY_TASKS)
    assert report["entity_pairs"]["different_violations"] == 0
    assert report["entity_pairs"]["f1"] >= 0.80
    assert report["event_pairs"]["precision"] >= 0.8 and report["event_pairs"]["tp"] >= 4
