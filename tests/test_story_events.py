"""Same-event links across articles (story/events.py), on hand-made snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers.stories import story_links, story_snapshot
from storygraph.story.events import action_class, find_event_links
from storygraph.story.snapshot import EventNode, Snapshot

ANA = "https://w3id.org/storygraph/id/organization/ana"
ALL_NIPPON = "https://w3id.org/storygraph/id/organization/all-nippon-airways"
BOEING = "https://w3id.org/storygraph/id/organization/boeing"
AIRBUS = "https://w3id.org/storygraph/id/organization/airbus"
JAPAN = "https://w3id.org/storygraph/id/place/japan"


def event(article: str, action: str, sentences: set[int], **kw: str | None) -> EventNode:
    return EventNode(f"urn:{article}/{action}", f"urn:{article}", action, sentences=sentences, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("unveil", "introduce"),
        ("receive", "deliver"),
        ("deliver", "deliver"),
        ("recommend", "advise"),
        ("discover", "find"),
        ("crash", "crash"),
    ],
)
def test_action_classes(action: str, expected: str) -> None:
    assert action_class(action) == expected


@pytest.mark.parametrize(
    ("a", "b", "entities", "rule"),
    [
        # a delivery seen from both sides, the same month, one airline named in each
        (
            event("x", "receive", {10}, value="2008-05", agent=BOEING),
            event("y", "deliver", {2}, value="2008-05"),
            {("urn:x", 10): {ALL_NIPPON}, ("urn:y", 2): {ANA}},
            "same-time",
        ),
        # the nominal mention is in another sentence than the trigger: both count
        (
            event("x", "receive", {10}, value="2008-05"),
            event("y", "deliver", {1, 2}, value="2008-05"),
            {("urn:x", 10): {ANA}, ("urn:y", 1): {BOEING}, ("urn:y", 2): {ANA}},
            "same-time",
        ),
        # only a year in common is not enough
        (
            event("x", "receive", {10}, value="2008"),
            event("y", "deliver", {2}, value="2008"),
            {("urn:x", 10): {ANA}, ("urn:y", 2): {ANA}},
            None,
        ),
        # two different agents are two deliveries
        (
            event("x", "deliver", {1}, value="2008-05", agent=BOEING),
            event("y", "deliver", {2}, value="2008-05", agent=AIRBUS),
            {("urn:x", 1): {ANA}, ("urn:y", 2): {ANA}},
            None,
        ),
        # two shared entities and one action class: same context, times compatible
        (
            event("x", "receive", {1}),
            event("y", "deliver", {2}),
            {("urn:x", 1): {ANA, JAPAN}, ("urn:y", 2): {ANA, JAPAN}},
            "same-context",
        ),
        # a choice seen from either side: X was selected / X defeated Y
        (
            event("x", "select", {1}, agent=JAPAN, patient=AIRBUS),
            event("y", "defeat", {2}, agent=AIRBUS, patient=BOEING),
            {("urn:x", 1): {AIRBUS, BOEING}, ("urn:y", 2): {AIRBUS, BOEING}},
            "same-context",
        ),
        # … but choosing X and choosing Y are two choices, however alike their sentences
        (
            event("x", "select", {1}, patient=AIRBUS),
            event("y", "choose", {2}, patient=BOEING),
            {("urn:x", 1): {AIRBUS, BOEING}, ("urn:y", 2): {AIRBUS, BOEING}},
            None,
        ),
        (
            event("x", "win", {1}, agent=AIRBUS),
            event("y", "select", {2}, patient=BOEING),
            {("urn:x", 1): {AIRBUS, BOEING}, ("urn:y", 2): {AIRBUS, BOEING}},
            None,
        ),
        # the same action with a participant in common and one shared entity
        (
            event("x", "lease", {1}, agent=BOEING),
            event("y", "lease", {2}, agent=BOEING, patient=AIRBUS),
            {("urn:x", 1): {JAPAN}, ("urn:y", 2): {JAPAN}},
            "same-action",
        ),
        # … not without a participant in common
        (
            event("x", "lease", {1}),
            event("y", "lease", {2}, agent=BOEING),
            {("urn:x", 1): {JAPAN}, ("urn:y", 2): {JAPAN}},
            None,
        ),
        # a state is no event
        (
            event("x", "base", {1}),
            event("y", "base", {2}),
            {("urn:x", 1): {ANA, JAPAN}, ("urn:y", 2): {ANA, JAPAN}},
            None,
        ),
    ],
)
def test_same_event_rules(
    a: EventNode, b: EventNode, entities: dict[tuple[str, int], set[str]], rule: str | None
) -> None:
    snap = Snapshot(events={a.iri: a, b.iri: b}, sentence_entities=entities)
    links = find_event_links(snap, {ANA: ALL_NIPPON})
    assert [link.rule for link in links] == ([rule] if rule else [])


@pytest.mark.parametrize(
    ("year", "published", "trigger", "linked"),
    [
        # "settled in 1991" / "the 1991 agreement", told in 2006 and 2007: one happening
        ("1991", ("2006-03-29", "2007-02-05"), "agreement", True),
        # the year of the news itself, or the one before, holds many agreements
        ("2006", ("2006-03-29", "2007-02-05"), "agreement", False),
        ("2005", ("2006-03-29", "2007-02-05"), "agreement", False),
        # "agreed that …" is a saying, whatever its year
        ("1991", ("2006-03-29", "2007-02-05"), "agreed", False),
        # an article without a date cannot tell a year of the past
        ("1991", ("2006-03-29", ""), "agreement", False),
    ],
)
def test_a_year_long_past_dates_an_event_and_an_agreement_is_a_settlement(
    year: str, published: tuple[str, str], trigger: str, linked: bool
) -> None:
    from storygraph.story.snapshot import ArticleInfo

    a = event("x", "settle", {3}, value=year, trigger="settled")
    b = event("y", "agree", {1}, value=year, trigger=trigger)
    snap = Snapshot(
        events={a.iri: a, b.iri: b},
        sentence_entities={("urn:x", 3): {BOEING}, ("urn:y", 1): {BOEING}},
        articles={
            "urn:x": ArticleInfo("urn:x", published[0]),
            "urn:y": ArticleInfo("urn:y", published[1]),
        },
    )
    links = find_event_links(snap, {})
    assert [link.rule for link in links] == (["same-time"] if linked else [])


def test_an_agreement_years_back_told_by_two_outlets_is_one_event(tmp_path: Path, nlp: Any) -> None:
    """Two outlets of 2026 recall "the 2015 agreement" with Iran; one also tells that Greece
    agreed a bailout in 2015 (tests/data/stories/agreement-2015, our own texts): the two
    mentions of the Iran agreement are linked, Greece's agreement is not."""
    snap = story_snapshot("agreement-2015", tmp_path, nlp, 2)
    greece = "https://w3id.org/storygraph/id/place/greece"
    links = find_event_links(snap, {})
    assert [(snap.events[x.a].trigger, snap.events[x.b].trigger) for x in links] == [
        ("agreement", "agreement")
    ]
    assert links[0].rule == "same-time"
    assert any(e.agent == greece and e.action == "agree" for e in snap.events.values())


def test_an_inquiry_told_by_two_outlets_and_a_follow_up(tmp_path: Path, nlp: Any) -> None:
    """A governor resigns, told by a paper and a wire the same day; the paper's follow-up has
    the auditor say the opposite of what two unnamed officials had said
    (tests/data/stories/inquiry-2026, our own texts): the resignation is one event, the
    governor's statement and the finding corroborate across outlets, and the follow-up's
    "had not found" contradicts both earlier reports of the finding."""
    links = story_links("inquiry-2026", tmp_path, nlp, 3)
    snap = links.snapshot

    def short(iri: str) -> str:
        return iri.rsplit("/article/", 1)[-1].split("/", 1)[0]

    events = {
        (short(snap.events[x.a].article), snap.events[x.a].trigger, snap.events[x.b].trigger)
        for x in links.events
    }
    assert ("2026-03-04-ledger-delgado", "resigned", "stepped") in events
    claims = {
        (snap.claims[x.a].content[:24], snap.claims[x.b].content[:24], x.relation)
        for x in links.claims
    }
    assert ("I will not let this inve", "she would not let the in", "corroborates") in claims
    assert ("auditors had found invoi", "Auditors found invoices ", "corroborates") in claims
    contradictions = {(a, b) for a, b, relation in claims if relation == "contradicts"}
    assert contradictions == {
        ("auditors had found invoi", "auditors had not found a"),
        ("Auditors found invoices ", "auditors had not found a"),
    }
    assert all("negates" in x.reason for x in links.claims if x.relation == "contradicts")


def test_a_signing_announced_by_two_outlets_is_one_event(tmp_path: Path, nlp: Any) -> None:
    """A paper: a spokeswoman "said President Ellen Carter would sign the bill on Wednesday";
    a wire: "President Carter plans to sign the bill on Wednesday" (tests/data/stories/
    budget-2026, our own texts, published on a Tuesday): both the coming Wednesday, so one
    signing; and "called several Republican senators" is no claim."""
    links = story_links("budget-2026", tmp_path, nlp, 2)
    snap = links.snapshot
    signing = [e for e in snap.events.values() if e.action == "sign"]
    assert sorted(e.value or "" for e in signing) == ["2026-06-03", "2026-06-03"]
    assert [(snap.events[x.a].action, snap.events[x.b].action) for x in links.events] == [
        ("sign", "sign")
    ]
    assert not any(c.content.startswith("several") for c in snap.claims.values())


def test_an_earthquake_told_the_night_of_and_the_day_after(tmp_path: Path, nlp: Any) -> None:
    """tests/data/stories/quake-2026 (our own texts): Wednesday's paper says the army "would
    deliver food and water on Wednesday" (that day, not a week on), Thursday's wire that
    soldiers "began delivering food and water on Wednesday"; the wire names the president
    by his surname only, "Villanueva, who declared an emergency" (a person, though tagged an
    organisation): one president, one delivery."""
    links = story_links("quake-2026", tmp_path, nlp, 2)
    snap = links.snapshot
    assert [(m.rule, snap.entities[m.b].label) for m in links.merges] == [
        ("surname", "Andres Villanueva")
    ]
    deliveries = [e for e in snap.events.values() if e.action == "deliver"]
    assert sorted(e.value or "" for e in deliveries) == ["2026-02-11", "2026-02-11"]
    assert [(snap.events[x.a].action, snap.events[x.b].action) for x in links.events] == [
        ("deliver", "deliver")
    ]
