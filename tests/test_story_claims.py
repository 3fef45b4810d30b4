"""Claims across articles: numbers, similarity and the relation of two claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.stories import story_links
from storygraph.story.claims import (
    content_words,
    find_claim_links,
    negations,
    numbers_in,
    similarity,
)
from storygraph.story.snapshot import ArticleInfo, ClaimNode, Snapshot


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Meta reassigned 7,000 engineers last month", {"engineer": {7000.0}}),
        ("the iPhone 4 sold 1.7 million units", {"million": {1.7}}),
        ("the 787 Dreamliner flew in 2009", {}),
        ("Boeing 787 orders rose", {}),
        ("it cut 10,000 jobs and 3 plants", {"job": {10000.0}, "plant": {3.0}}),
        # a share counts what it is a share of, named before it
        (
            "the drug slowed memory decline by 27% over 18 months",
            {"decline %": {27.0}, "month": {18.0}},
        ),
        ("it reduced cognitive decline by about 25 percent", {"decline %": {25.0}}),
        # a number followed by a function word counts nothing
        ("shares rose 5 on Monday", {}),
        # a generic modifier between the number and what it counts is passed over
        ("the update adds over 250 new features", {"feature": {250.0}}),
        ("it hired 7,000 more engineers", {"engineer": {7000.0}}),
        # number words count too, "two of the nine members" both numbers of members; not
        # inside a compound ("twenty-two", "two-thirds") nor "one"
        ("Two of the nine members voted for a cut", {"member": {2.0, 9.0}}),
        ("three members voted to cut rates", {"member": {3.0}}),
        ("twenty-two people and two-thirds of voters; one day", {}),
        # plural endings: "features" is "feature", "taxes" "tax", "companies" "company"
        (
            "3 features, 2 taxes, 4 companies and 5 classes",
            {"feature": {3.0}, "tax": {2.0}, "company": {4.0}, "class": {5.0}},
        ),
    ],
)
def test_numbers_in(text: str, numbers: dict[str, set[float]]) -> None:
    assert numbers_in(text) == numbers


def test_similarity_over_the_smaller_set() -> None:
    a = content_words("Apple will offer a free case to anyone who bought an iPhone")
    b = content_words("all iPhone buyers would receive a free case")
    assert {"free", "case", "iphone"} <= a & b
    assert similarity(a, b) == pytest.approx(len(a & b) / min(len(a), len(b)))
    assert similarity(a, set()) == 0.0


def claim(iri: str, article: str, content: str, **kw: object) -> ClaimNode:
    return ClaimNode(iri, article, content, **kw)  # type: ignore[arg-type]


def links(*claims: ClaimNode) -> set[tuple[str, str, str]]:
    snap = Snapshot(
        articles={a: ArticleInfo(a, "2026-01-0" + a[-1], "") for a in ("a1", "a2", "a3")},
        claims={c.iri: c for c in claims},
    )
    return {(x.a, x.b, x.relation) for x in find_claim_links(snap, {})}


SOURCE = {"source": "urn:person:jobs", "source_kind": "Person"}


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        # the same source, similar content: corroborates
        (
            [
                claim(
                    "c1",
                    "a1",
                    "Apple will offer a free case to anyone who bought an iPhone",
                    **SOURCE,
                ),
                claim("c2", "a2", "all iPhone buyers would receive a free case", **SOURCE),
            ],
            {("c1", "c2", "corroborates")},
        ),
        # the same words: repeats
        (
            [
                claim("c1", "a1", '"We are very disappointed by the decision"', **SOURCE),
                claim("c2", "a2", '"We are very disappointed by the decision."', **SOURCE),
            ],
            {("c1", "c2", "repeats")},
        ),
        # a different number of the same thing: contradicts
        (
            [
                claim("c1", "a1", "Meta reassigned 7,000 engineers to AI training units", **SOURCE),
                claim("c2", "a2", "Meta reassigned 5,000 engineers to AI training units", **SOURCE),
            ],
            {("c1", "c2", "contradicts")},
        ),
        # a denial of what the other asserts: contradicts
        (
            [
                claim("c1", "a1", "the company cut engineering jobs at its Dublin plant", **SOURCE),
                claim(
                    "c2",
                    "a2",
                    "the company cut engineering jobs at the Dublin plant",
                    stance="denies",
                    **SOURCE,
                ),
            ],
            {("c1", "c2", "contradicts")},
        ),
        # the same article: never linked
        (
            [
                claim(
                    "c1",
                    "a1",
                    "Apple will offer a free case to anyone who bought an iPhone",
                    **SOURCE,
                ),
                claim(
                    "c2",
                    "a1",
                    "Apple will offer a free case to anyone who bought an iPhone",
                    **SOURCE,
                ),
            ],
            set(),
        ),
        # different sources and no shared subject: compared through their neighbouring
        # content words ("free case"); the same words are a repeat whoever says them
        (
            [
                claim(
                    "c1",
                    "a1",
                    "Apple will offer a free case to anyone",
                    source="urn:a",
                    source_kind="Person",
                ),
                claim(
                    "c2",
                    "a2",
                    "Apple will offer a free case to anyone",
                    source="urn:b",
                    source_kind="Person",
                ),
            ],
            {("c1", "c2", "repeats")},
        ),
        # … but one shared pair of words in otherwise different statements is not enough
        (
            [
                claim(
                    "c1",
                    "a1",
                    "the free case will reach stores in August with a new colour",
                    source="urn:a",
                    source_kind="Person",
                ),
                claim(
                    "c2",
                    "a2",
                    "a free case was never the answer to the antenna problem",
                    source="urn:b",
                    source_kind="Person",
                ),
            ],
            set(),
        ),
        # the same source sharing a specific phrase ("fuel efficiency") though few words
        (
            [
                claim(
                    "c1",
                    "a1",
                    "the lighter composite body will offer enhanced fuel efficiency to airlines",
                    **SOURCE,
                ),
                claim(
                    "c2",
                    "a2",
                    "the new twin-engine jet is more fuel efficient than earlier models",
                    **SOURCE,
                ),
            ],
            {("c1", "c2", "corroborates")},
        ),
        # … but not a phrase of a generic modifier ("new features"), a title or a time, nor
        # from two sources
        (
            [
                claim("c1", "a1", "the update adds over 250 new features to the system", **SOURCE),
                claim("c2", "a2", "Tiger includes over 200 new features and a browser", **SOURCE),
            ],
            set(),
        ),
        (
            [
                claim("c1", "a1", "the chief executive would leave after the merger", **SOURCE),
                claim("c2", "a2", "its chief executive expects margins to recover", **SOURCE),
            ],
            set(),
        ),
        (
            [
                claim("c1", "a1", "sales of phones rose sharply last year", **SOURCE),
                claim("c2", "a2", "the plant closed last year after a strike", **SOURCE),
            ],
            set(),
        ),
        (
            [
                claim(
                    "c1",
                    "a1",
                    "the lighter composite body will offer enhanced fuel efficiency to airlines",
                    source="urn:a",
                    source_kind="Organization",
                ),
                claim(
                    "c2",
                    "a2",
                    "the new twin-engine jet is more fuel efficient than earlier models",
                    source="urn:b",
                    source_kind="Organization",
                ),
            ],
            set(),
        ),
        # unnamed people of an organisation and the organisation: the same source
        (
            [
                claim(
                    "c1",
                    "a1",
                    "the tanker contract was awarded on price and track record",
                    source="urn:officials",
                    source_kind="AnonymousSource",
                    source_allies={"urn:air-force"},
                ),
                claim(
                    "c2",
                    "a2",
                    "the award rested on track record and the price offered",
                    source="urn:air-force",
                    source_kind="Organization",
                ),
            ],
            {("c1", "c2", "corroborates")},
        ),
        # one best partner per article: the closer of two claims wins
        (
            [
                claim(
                    "c1",
                    "a1",
                    "Apple will offer a free case to anyone who bought an iPhone",
                    **SOURCE,
                ),
                claim(
                    "c2",
                    "a2",
                    "Apple will offer a free case to anyone who bought an iPhone 4",
                    **SOURCE,
                ),
                claim(
                    "c3", "a2", "anyone who bought a case will get a refund from Apple", **SOURCE
                ),
            ],
            {("c1", "c2", "corroborates")},
        ),
    ],
)
def test_claim_links(claims: list[ClaimNode], expected: set[tuple[str, str, str]]) -> None:
    assert links(*claims) == expected


def test_claim_counts_outlets_sources_and_first_report() -> None:
    from storygraph.story.claims import ClaimLink, claim_counts

    snap = Snapshot(
        articles={
            "a1": ArticleInfo("a1", "2026-01-02", "Wire"),
            "a2": ArticleInfo("a2", "2026-01-01", "Daily"),
            "a3": ArticleInfo("a3", "2026-01-03", "Weekly"),
        },
        claims={
            "c1": claim("c1", "a1", "x", **SOURCE),
            "c2": claim("c2", "a2", "x", **SOURCE),
            "c3": claim("c3", "a3", "x", source="urn:anon", source_kind="AnonymousSource"),
        },
    )
    links = [
        ClaimLink("c1", "c2", "repeats", "", 1.0),
        ClaimLink("c2", "c3", "corroborates", "", 0.8),
    ]
    counts = claim_counts(snap, links)
    # three outlets; the named source once, the unnamed one as the third outlet's reporting
    assert counts == {c: (3, 2, "a2") for c in ("c1", "c2", "c3")}


def test_outlets_running_one_wire_story_are_one_source() -> None:
    """Two papers run the agency's story ("BRUSSELS (Reuters) -"), a third reports itself:
    three outlets, two sources behind the unnamed diplomats' claim (one without credits)."""
    from storygraph.story.claims import ClaimLink, claim_counts

    def unnamed(iri: str, article: str) -> ClaimNode:
        return claim(iri, article, "x", source=f"urn:anon:{iri}", source_kind="AnonymousSource")

    def counts(wire: str) -> set[tuple[int, int, str]]:
        snap = Snapshot(
            articles={
                "a1": ArticleInfo("a1", "2026-01-01", "Daily", wire),
                "a2": ArticleInfo("a2", "2026-01-01", "Weekly", wire),
                "a3": ArticleInfo("a3", "2026-01-02", "Herald"),
            },
            claims={
                c.iri: c for c in (unnamed("c1", "a1"), unnamed("c2", "a2"), unnamed("c3", "a3"))
            },
        )
        links = [
            ClaimLink("c1", "c2", "repeats", "", 1.0),
            ClaimLink("c2", "c3", "corroborates", "", 0.8),
        ]
        return set(claim_counts(snap, links).values())

    assert counts("Reuters") == {(3, 2, "a1")}
    assert counts("") == {(3, 3, "a1")}


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("auditors had found invoices for work that was never done", ("never",)),
        ("auditors had not found any invoices for work that was never done", ("not", "never")),
        ("the company didn\u2019t cut jobs", ("not",)),
        ("No evidence was found", ("no",)),
        # a number's abbreviation, an abbreviation in capitals: no negation
        ("iTunes became the No. 1 music seller", ()),
        ("a ban by the NO committee", ()),
        ("the plan would not only cut costs but also jobs", ()),
    ],
)
def test_negations(text: str, negated: tuple[str, ...]) -> None:
    assert negations(text) == negated


_PLAIN = st.lists(st.sampled_from(["auditors", "found", "the", "invoices", "work", "done"]))


@given(_PLAIN, _PLAIN)
def test_a_not_between_plain_words_is_the_one_negation(before: list[str], after: list[str]) -> None:
    assert negations(" ".join(before + after)) == ()
    assert negations(" ".join([*before, "not", *after])) == ("not",)


def test_a_finding_said_not_found_contradicts_it() -> None:
    """The same finding, one side negated ("had not found"): contradicts, whoever says it."""
    found = claim("c1", "a1", "auditors had found invoices for work that was never done")
    unfound = claim(
        "c2", "a2", "auditors had not found any invoices for work that was never done", **SOURCE
    )
    assert links(found, unfound) == {("c1", "c2", "contradicts")}
    # the same negations on both sides: no contradiction
    again = claim("c3", "a3", "auditors found invoices for work that was never carried out")
    assert links(found, again) == {("c1", "c3", "corroborates")}


def test_two_negative_statements_in_other_words_do_not_contradict() -> None:
    """tests/data/stories/breach-2026: "no bank details were exposed" and "bank details had
    not been compromised" both deny: what counts is whether a side is negated, not by which
    word."""
    exposed = claim("c1", "a1", "no customer bank details were exposed in the attack", **SOURCE)
    compromised = claim(
        "c2", "a2", "customer bank details had not been compromised in the attack", **SOURCE
    )
    assert links(exposed, compromised) == {("c1", "c2", "corroborates")}


def test_a_takeover_told_by_a_paper_and_a_wire(tmp_path: Path, nlp: Any) -> None:
    """tests/data/stories/takeover-2026 (our own texts): the paper's "$4.2 billion" and the
    wire's "$4.5 billion" contradict, the wire's denial of 1,200 job cuts contradicts the
    paper's report of them, the analysts' words repeat; the buyer speaks as "the Norwegian
    company"."""
    links = story_links("takeover-2026", tmp_path, nlp, 2)
    snap = links.snapshot
    reasons = {(x.relation, x.reason.split(" (")[0]) for x in links.claims}
    assert ("contradicts", "different numbers of billion") in reasons
    assert ("contradicts", "one side denies what the other asserts") in reasons
    assert ("repeats", "the same words") in reasons
    halvorsen = "https://w3id.org/storygraph/id/organization/halvorsen"
    statement = next(c for c in snap.claims.values() if c.content.startswith("Halvorsen Group"))
    assert statement.source == halvorsen


def test_different_shares_of_the_same_thing_contradict() -> None:
    a = claim("c1", "a1", "the drug slowed memory decline by 27% in the trial", **SOURCE)
    b = claim("c2", "a2", "the drug slowed cognitive decline by 25% in the large trial", **SOURCE)
    snap = Snapshot(
        articles={x: ArticleInfo(x, "2026-09-0" + x[-1], "") for x in ("a1", "a2")},
        claims={c.iri: c for c in (a, b)},
    )
    [link] = find_claim_links(snap, {})
    assert (link.relation, link.reason) == (
        "contradicts",
        "different shares of decline (27% / 25%)",
    )


def test_a_vote_counted_differently_by_two_outlets_contradicts(tmp_path: Path, nlp: Any) -> None:
    """tests/data/stories/rates-2026 (our own texts): the paper's "Two of the nine members
    … voted for a cut" and the wire's "Three members … voted to cut rates", both from the
    bank, give different numbers of members."""
    links = story_links("rates-2026", tmp_path, nlp, 2)
    snap = links.snapshot
    votes = [
        x
        for x in links.claims
        if {snap.claims[x.a].content[:5], snap.claims[x.b].content[:5]} == {"Two o", "Three"}
    ]
    assert [(x.relation, x.reason) for x in votes] == [
        ("contradicts", "different numbers of member (2, 9 / 3)")
    ]
