"""Open questions and the "it" that stands for a clause (tests/data/stories/strike-2026: "It
was not clear whether the union would announce further strikes")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storygraph.extract import extract_article
from storygraph.records import Article

LEAD = "Acme Corp said on Monday that its offer was final. "


def _extract(nlp: Any, sentence: str) -> Any:
    return extract_article(Article("t", LEAD + sentence, None, date(2026, 10, 5), "Test"), nlp)


@pytest.mark.parametrize(
    "sentence",
    [
        "It was not clear whether the union would announce further strikes.",
        "It was not immediately clear what caused the delays.",
        "It is not yet known how many trains were cancelled.",
        "It remains unclear whether the talks will resume.",
    ],
)
def test_what_is_not_known_is_an_open_question_and_its_it_is_nobody(
    nlp: Any, sentence: str
) -> None:
    ext = _extract(nlp, sentence)
    assert [q.mention.text for q in ext.questions] == [sentence.rstrip(".")]
    start = len(LEAD)
    named = [m for e in ext.entities for m in e.mentions if m.start == start]
    assert not named, [(m.text, m.start) for m in named]


@pytest.mark.parametrize(
    "sentence",
    [
        "It said that fares would not rise this year.",  # the company speaks
        "It was clear that the strike would go ahead.",  # known: no question
    ],
)
def test_what_is_known_is_no_question(nlp: Any, sentence: str) -> None:
    assert _extract(nlp, sentence).questions == []


def test_an_it_that_speaks_is_the_company(nlp: Any) -> None:
    ext = _extract(nlp, "It said that fares would not rise this year.")
    start = len(LEAD)
    assert [e.name for e in ext.entities for m in e.mentions if m.start == start] == ["Acme"]


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("A spokeswoman declined to say whether the agency would appeal.", "whether"),
        ("The company refused to disclose how much it paid.", "how much"),
    ],
)
def test_what_somebody_declined_to_say_is_an_open_question_not_a_claim(
    nlp: Any, sentence: str, question: str
) -> None:
    ext = _extract(nlp, sentence)
    asked = [q.mention.text for q in ext.questions]
    assert [q for q in asked if q.startswith(question)], asked
    start = len(LEAD)
    assert not [c for c in ext.claims if c.cue.start >= start], [c.content.text for c in ext.claims]
