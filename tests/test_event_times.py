"""When events happen, and how the extractor knows: stated, inherited or the publication date.

Each row is a short text of its own (courts, politics, sport, markets), its publication date,
an event trigger, and the time the event should get with its basis. The TimeML files in
``tests/data/timeml`` (hand-annotated, written for these tests) are scored end to end.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storygraph.evaluate.timex_attribution import evaluate_timeml
from storygraph.extract import extract_article
from storygraph.rdf.mint import extraction_to_graph
from storygraph.records import Article, Event, Extraction

TIMEML = Path(__file__).parent / "data" / "timeml"
MON = date(2016, 10, 31)

# text, trigger, expected basis, expected time value (None: no sg:time)
EVENT_TIMES: list[tuple[str, str, str | None, str | None]] = [
    # stated: a time expression of the event's own clause
    ("The jury convicted the treasurer on Tuesday.", "convicted", "stated", "2016-10-25"),
    ("The senator will campaign in Ohio next week.", "campaign", "stated", "2016-W45"),
    ("Prices rose sharply this past summer.", "rose", "stated", "2016-SU"),
    ("The board met on Election Day.", "met", "stated", "2015-11-03"),
    ("The plant closed two years ago.", "closed", "stated", "2014"),
    ("Sales fell between 2014 and 2016.", "fell", "stated", "P2Y"),
    # inherited: the time that governs the sentence dates the events without their own
    ("The plant closed two years ago, and the union sued.", "sued", "inherited", "2014"),
    ("On Friday the team lost and the coach resigned.", "resigned", "inherited", "2016-10-28"),
    # ... but what a reporting verb reports is not dated by the saying
    ("Officials said Tuesday that the suspect escaped.", "escaped", None, None),
    # publication: present tense and past-tense reporting verbs, none stated
    ("The mayor says the bridge is safe.", "says", "publication", None),
    ("The company plans to hire engineers.", "plans", "publication", None),
    ("The coach said the squad was tired.", "said", "publication", None),
    ("Shares have fallen sharply.", "fallen", "publication", None),
    # no reference time: a past event with no time, a future or possible one
    ("The striker scored twice.", "scored", None, None),
    ("The court could overturn the verdict.", "overturn", None, None),
]


def _event(extraction: Extraction, trigger: str) -> Event:
    for event in extraction.events:
        if trigger in {m.text for m in (event.trigger, *event.mentions)}:
            return event
    raise AssertionError(f"no event {trigger!r} in {[e.trigger.text for e in extraction.events]}")


@pytest.mark.parametrize(("text", "trigger", "basis", "value"), EVENT_TIMES)
def test_event_time_basis(
    nlp: Any, text: str, trigger: str, basis: str | None, value: str | None
) -> None:
    extraction = extract_article(Article(id="t", text=text, published=MON), nlp)
    event = _event(extraction, trigger)
    times = {t.key: t for t in extraction.times}
    assert event.time_basis == basis
    assert (times[event.time].value if event.time else None) == value


# ages and sizes are not durations of the event they sit in
AGES: list[tuple[str, str]] = [
    ("The 15-year-old was arrested.", "arrested"),
    ("A 3-year-old company hired forty engineers.", "hired"),
    ("She ended a 30-year career in the Senate.", "ended"),
    ("The 58-year-old defendant pleaded guilty.", "pleaded"),
]


@pytest.mark.parametrize(("text", "trigger"), AGES)
def test_ages_and_sizes_are_no_event_time(nlp: Any, text: str, trigger: str) -> None:
    extraction = extract_article(Article(id="t", text=text, published=MON), nlp)
    event = _event(extraction, trigger)
    assert event.time is None
    assert any(t.type == "DURATION" for t in extraction.times)  # still a time expression


def test_time_basis_in_the_graph(nlp: Any) -> None:
    text = "The jury convicted the treasurer on Tuesday. The mayor says the bridge is safe."
    extraction = extract_article(Article(id="t", text=text, published=MON), nlp)
    triples = "\n".join(extraction_to_graph(extraction).triples)
    assert 'timeBasis> "stated"' in triples
    assert 'timeBasis> "publication"' in triples


def test_timeml_articles_of_other_kinds(nlp: Any) -> None:
    report = evaluate_timeml(TIMEML, lambda article: extract_article(article, nlp))
    assert report.documents == 3
    value = report.tasks["timex_value"].overall
    assert value.tp + value.fn == 35  # every hand-made TIMEX3 is read
    assert value.f1 >= 0.9
