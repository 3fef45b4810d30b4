"""Entity typing on news of kinds the development set does not hold (markets, autos,
politics, courts, sport): each case is one error class found by reading real output, with
the names a reader expects and the kind each must (or must not) get."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from helpers import as_named
from storygraph.extract import extract_article
from storygraph.records import Article, EntityKind

P, ORG, F = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.FINANCIAL


def _kinds(nlp: Any, text: str) -> dict[str, set[EntityKind]]:
    article = Article(id="t", text=text, published=date(2016, 10, 31))
    found: dict[str, set[EntityKind]] = {}
    for e in extract_article(article, nlp).entities:
        for m in e.mentions:
            found.setdefault(as_named(m.text), set()).add(e.kind)
    return found


CASES: list[tuple[str, str, dict[str, EntityKind]]] = [
    (
        "a title word that begins a company's name is no title",
        "Shares of General Motors fell 5 percent after the automaker cut its forecast.",
        {"General Motors": ORG},
    ),
    (
        "General Electric and General Mills stay organisations",
        "General Electric and General Mills were not involved in the talks, analysts said.",
        {"General Electric": ORG, "General Mills": ORG},
    ),
    (
        "an honorific still makes a person",
        "Ford Motor Co. lost money. Mr. Mulally said the company would cut jobs.",
        {"Mulally": P, "Ford Motor Co.": ORG},
    ),
    (
        "a company's name word is not the surname of a person of the same name",
        "Bill Ford told employees that Ford Motor Co. would not need government money. "
        "Ford shares fell 4 percent.",
        {"Bill Ford": P, "Ford Motor Co.": ORG},
    ),
    (
        "a dotted acronym of an agency is not a place",
        "The Senate widened its inquiry into how the F.B.I. handled the review.",
        {"F.B.I.": ORG},
    ),
    (
        "a stock index is a financial entity, not a product",
        "The Dow Jones Industrial Average fell 412 points. The broader S&P 500 index lost "
        "2.1 percent.",
        {"Dow Jones Industrial Average": F, "S&P 500 index": F},
    ),
    (
        "a name particle stays inside the name",
        "United manager Erik ten Hag said the team had shown real character.",
        {"Erik ten Hag": P},
    ),
    (
        "a government department is one organisation",
        "The State Department declined to comment on Tuesday.",
        {"State Department": ORG},
    ),
    (
        "a judge's title is not the name",
        "Judge Mary L. Hoffman set sentencing for March 3.",
        {"Mary L. Hoffman": P},
    ),
    (
        "a score after a club's name is no part of it, and a club is no person",
        "Harbor City won the cup on Sunday, beating Riverside United 2-1 with a late goal.",
        {"Riverside United": ORG},
    ),
    (
        "a club tagged a place after a dateline is an organisation",
        "LONDON \u2014 Manchester United beat Chelsea 3-2 after extra time in the FA Cup final "
        "at Wembley Stadium on Saturday.",
        {"Manchester United": ORG},
    ),
    (
        "a dateline in capitals is a place, whatever the tagger says",
        "DETROIT \u2014 General Motors reported a loss of $2 billion on Friday.",
        {"DETROIT": EntityKind.PLACE, "General Motors": ORG},
    ),
    (
        "a name taken up by 'who' is a person",
        "Villanueva, who declared an emergency in four regions, said soldiers began "
        "delivering food.",
        {"Villanueva": P},
    ),
    (
        "a one-word name its own verb calls 'its' is an organisation",
        "Lumina introduced its Aria 7 handset on Tuesday.",
        {"Lumina": ORG},
    ),
    (
        "a surname the article gives in full stays the person",
        "Apple CEO Tim Cook spoke first. Cook introduced its new phone on Tuesday.",
        {"Tim Cook": P, "Cook": P},
    ),
    (
        "a score written with an en dash",
        "They beat Leeds United 3\u20130 on Saturday.",
        {"Leeds United": ORG},
    ),
    (
        "a surname tagged as a place is the person named in full before it",
        "The winner came from Daniel Okoye in the 88th minute. Okoye, 22, joined the club "
        "from Lakeside FC last summer.",
        {"Daniel Okoye": P, "Okoye": P, "Lakeside FC": ORG},
    ),
]


@pytest.mark.parametrize(("why", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_kinds_on_unseen_news(
    nlp: Any, why: str, text: str, expected: dict[str, EntityKind]
) -> None:
    found = _kinds(nlp, text)
    for name, kind in expected.items():
        assert found.get(name) == {kind}, f"{why}: {name!r} → {found.get(name)} in {found}"


@pytest.mark.parametrize(
    ("text", "not_person"),
    [
        ("Shares of General Motors Corp. fell sharply on Friday.", "Motors Corp."),
        ("General Electric and General Mills were not involved.", "Electric"),
        ("The Justice Department said it would cooperate.", "Department"),
    ],
)
def test_no_person_made_of_a_company_name(nlp: Any, text: str, not_person: str) -> None:
    found = _kinds(nlp, text)
    assert P not in found.get(not_person, set()), found


def test_variants_of_one_name_are_one_entity(nlp: Any) -> None:
    text = (
        "Sen. Charles E. Grassley, the Iowa Republican, said the bureau had failed. "
        "Senator Charles Grassley added that he would keep asking. Mr. Grassley said so."
    )
    article = Article(id="t", text=text, published=date(2016, 10, 31))
    people = [e for e in extract_article(article, nlp).entities if e.kind is P]
    assert [e.name for e in people] == ["Charles E. Grassley"]
    assert people[0].identity == "charles grassley"
    assert {m.text for m in people[0].mentions} >= {"Charles E. Grassley", "Charles Grassley"}


def test_a_surname_after_mr_and_mrs_is_two_people(nlp: Any) -> None:
    text = (
        "Mrs. Clinton spoke first at the fundraiser. Mr. Clinton spoke after her, and "
        "Mrs. Clinton thanked the donors."
    )
    article = Article(id="t", text=text, published=date(2016, 10, 31))
    people = {e.name: e for e in extract_article(article, nlp).entities if e.kind is P}
    assert set(people) == {"Mrs. Clinton", "Mr. Clinton"}
    assert len(people["Mrs. Clinton"].mentions) >= 2
    assert people["Mrs. Clinton"].identity != people["Mr. Clinton"].identity


def test_one_honorific_still_joins_the_full_name(nlp: Any) -> None:
    text = "James B. Comey, the director of the F.B.I., testified. Mr. Comey said he stood by it."
    article = Article(id="t", text=text, published=date(2016, 10, 31))
    people = [e for e in extract_article(article, nlp).entities if e.kind is P]
    assert [e.name for e in people] == ["James B. Comey"]
    assert "Comey" in {m.text for m in people[0].mentions}


def test_a_first_name_alone_is_the_one_person_of_that_first_name(nlp: Any) -> None:
    text = "Hillary Clinton spoke in Ohio on Monday. Later Hillary told reporters she would win."
    article = Article(id="t", text=text, published=date(2016, 10, 31))
    people = [e for e in extract_article(article, nlp).entities if e.kind is P]
    assert [e.name for e in people] == ["Hillary Clinton"]
    assert "Hillary" in {m.text for m in people[0].mentions}


def test_plural_members_tagged_as_a_person_are_a_group(nlp: Any) -> None:
    text = "Paul McCartney said the Beatles would not reunite. The Beatles split in 1970."
    article = Article(id="t", text=text, published=date(2016, 10, 31))
    kinds = {e.name: e.kind for e in extract_article(article, nlp).entities}
    assert kinds.get("Beatles") in (EntityKind.GROUP, ORG), kinds
    assert kinds.get("Paul McCartney") is P
