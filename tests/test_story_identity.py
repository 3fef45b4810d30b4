"""Identity across articles: which entity nodes of different articles are one thing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers.stories import story_links, story_snapshot
from storygraph.readers.aliases import Aliases
from storygraph.story.identity import (
    Link,
    acronym_of,
    find_identity,
    given_names_agree,
    name_key,
)
from storygraph.story.snapshot import EntityNode


def node(
    label: str, kind: str = "Organization", *articles: str, aliases: tuple[str, ...] = ()
) -> EntityNode:
    return EntityNode(
        f"urn:{kind}:{label}", kind, {label}, set(aliases), {label}, set(articles or ("a1",))
    )


def first(n: EntityNode, **sentences: int) -> EntityNode:
    """``n`` first named in sentence ``sentences[article]`` of each article."""
    n.first_sentence = dict(sentences)
    return n


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("U.S. Air Force", "united states air force"),
        ("US Air Force", "united states air force"),
        ("AT&T", "at and t"),
        ("U.N.", "un"),
        ("Apple's", "apples"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Federal Bureau of Investigation", "FBI"),
        ("European Aeronautic Defense & Space", "EADS"),
        ("All Nippon Airways", "ANA"),
        ("United States Air Force", "USAF"),
    ],
)
def test_acronym_of(name: str, letters: str) -> None:
    assert acronym_of(name) == letters


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Martin Mann", "Anthony Mann", False),
        ("Michael Sears", "Michael M. Sears", True),
        ("M. Sears", "Michael Sears", True),
        ("Sears", "Michael Sears", True),
        # a short form agrees with the name it shortens, not with another
        ("Tom Hale", "Thomas R. Hale", True),
        ("Chris Lee", "Christine Lee", True),
        ("Tom Hale", "Timothy Hale", False),
    ],
)
def test_given_names(a: str, b: str, agree: bool) -> None:
    assert given_names_agree(a, b) is agree


def pairs(
    nodes: list[EntityNode], aliases: Aliases | None = None
) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    merges, candidates = find_identity({n.iri: n for n in nodes}, aliases)

    def label(iri: str) -> str:
        return next(iter(next(n for n in nodes if n.iri == iri).labels))

    def as_set(links: list[Link]) -> set[tuple[str, str, str]]:
        out = set()
        for link in links:
            first, second = sorted((label(link.a), label(link.b)))
            out.add((link.rule, first, second))
        return out

    return as_set(merges), as_set(candidates)


@pytest.mark.parametrize(
    ("nodes", "merged", "suggested"),
    [
        # an acronym and the one long name with those initials, in another article
        (
            [
                node("FBI", "Organization", "a1"),
                node("Federal Bureau of Investigation", "Organization", "a2"),
            ],
            {("acronym", "FBI", "Federal Bureau of Investigation")},
            set(),
        ),
        # initials that fit two long names: only suggested
        (
            [
                node("ANA", "Organization", "a1"),
                node("All Nippon Airways", "Organization", "a2"),
                node("American Nurses Association", "Organization", "a3"),
            ],
            set(),
            {
                ("acronym", "ANA", "All Nippon Airways"),
                ("acronym", "ANA", "American Nurses Association"),
            },
        ),
        # an acronym defined inside a long name wins over the initials
        (
            [
                node("EADS", "Organization", "a1"),
                node(
                    "European Aeronautic Defence",
                    "Organization",
                    "a2",
                    aliases=("European Aeronautic Defence and Space Company EADS N.V.",),
                ),
            ],
            {("acronym", "EADS", "European Aeronautic Defence")},
            set(),
        ),
        # dotted and undotted country names
        (
            [
                node("U.S. Air Force", "Organization", "a1"),
                node("United States Air Force", "Organization", "a2"),
            ],
            {("same-name", "U.S. Air Force", "United States Air Force")},
            set(),
        ),
        # never across a type conflict
        (
            [node("Pentagon", "Organization", "a1"), node("Pentagon ", "Place", "a2")],
            set(),
            set(),
        ),
        # a surname and the one full name that ends with it
        (
            [node("Papermaster", "Person", "a1"), node("Mark Papermaster", "Person", "a2")],
            {("surname", "Mark Papermaster", "Papermaster")},
            set(),
        ),
        # a surname shared by two full names: suggested, not merged
        (
            [
                node("Mann", "Person", "a1"),
                node("Anthony Mann", "Person", "a2"),
                node("Martin Mann", "Person", "a3"),
            ],
            set(),
            {("surname", "Anthony Mann", "Mann"), ("surname", "Mann", "Martin Mann")},
        ),
        # a first word named before the longer name is a suggestion (a division shares it)
        (
            [
                first(node("Boeing", "Organization", "a1"), a1=0),
                first(node("Boeing Commercial Airplanes", "Organization", "a1"), a1=3),
            ],
            set(),
            {("first-word", "Boeing", "Boeing Commercial Airplanes")},
        ),
        # … and merged when the article gives the full name first ("Northrop Grumman …
        # Northrop") and no other organisation starts with that word
        (
            [
                first(node("Northrop", "Organization", "a1"), a1=4),
                first(node("Northrop Grumman", "Organization", "a1", "a2"), a1=0, a2=1),
            ],
            {("first-word", "Northrop", "Northrop Grumman")},
            set(),
        ),
        # … nor when the longer name is a part of it, whichever comes first
        (
            [
                first(node("Boeing", "Organization", "a1"), a1=4),
                first(node("Boeing Commercial Airplanes", "Organization", "a1"), a1=0),
            ],
            set(),
            {("first-word", "Boeing", "Boeing Commercial Airplanes")},
        ),
        # … but not when two organisations start with it ("Apple Computer", "Apple Corps")
        (
            [
                first(node("Apple", "Organization", "a1"), a1=5),
                first(node("Apple Computer", "Organization", "a1"), a1=0),
                first(node("Apple Corps", "Organization", "a1"), a1=1),
            ],
            set(),
            {("first-word", "Apple", "Apple Computer"), ("first-word", "Apple", "Apple Corps")},
        ),
        # an acronym written for a longer name is one of its names
        (
            [
                EntityNode(
                    "urn:Organization:EADS-long",
                    "Organization",
                    {"European Aeronautic Defense & Space"},
                    set(),
                    {"European Aeronautic Defense & Space", "EADS"},
                    {"a1"},
                ),
                node("EADS", "Organization", "a2"),
            ],
            {("same-name", "EADS", "European Aeronautic Defense & Space")},
            set(),
        ),
        # a name and the same name with its country, named together
        (
            [
                node("Air Force", "Organization", "a1"),
                node("United States Air Force", "Organization", "a1", "a2"),
            ],
            {("place-qualified", "Air Force", "United States Air Force")},
            set(),
        ),
    ],
)
def test_identity_rules(
    nodes: list[EntityNode], merged: set[tuple[str, str, str]], suggested: set[tuple[str, str, str]]
) -> None:
    assert pairs(nodes) == (merged, suggested)


def test_alias_file_undoes_a_merge() -> None:
    nodes = [
        node("FBI", "Organization", "a1"),
        node("Federal Bureau of Investigation", "Organization", "a2"),
    ]
    aliases = Aliases(different=frozenset({frozenset({"fbi", "federal bureau of investigation"})}))
    assert pairs(nodes, aliases) == (set(), set())


def test_people_with_different_given_names_never_join() -> None:
    # a shared name form would join them; their given names keep them apart
    nodes = [
        node("Martin Mann", "Person", "a1", aliases=("Justice Mann",)),
        node("Anthony Mann", "Person", "a2", aliases=("Justice Mann",)),
    ]
    assert pairs(nodes) == (set(), set())


@pytest.mark.parametrize(
    ("names", "merged"),
    [
        # a short form of the given name, a middle initial left out: one person
        (
            ("Thomas R. Hale", "Tom Hale"),
            {("given-name", "Thomas R. Hale", "Tom Hale")},
        ),
        (("Tim Cook", "Timothy D. Cook"), {("given-name", "Tim Cook", "Timothy D. Cook")}),
        # middle initials that differ: not by this rule
        (("Thomas R. Hale", "Tom J. Hale"), set()),
        # another given name altogether, or another surname
        (("Tom Hale", "Timothy Hale"), set()),
        (("Tom Hale", "Thomas Hall"), set()),
    ],
)
def test_a_short_given_name_is_the_same_person(
    names: tuple[str, str], merged: set[tuple[str, str, str]]
) -> None:
    nodes = [node(name, "Person", f"a{i}") for i, name in enumerate(names, start=1)]
    assert pairs(nodes) == (merged, set())


def test_an_alias_file_keeps_a_short_given_name_apart() -> None:
    nodes = [node("Thomas Hale", "Person", "a1"), node("Tom Hale", "Person", "a2")]
    aliases = Aliases(different=frozenset({frozenset({"thomas hale", "tom hale"})}))
    assert pairs(nodes, aliases) == (set(), set())


def test_a_verdict_told_by_a_paper_and_a_wire(tmp_path: Path, nlp: Any) -> None:
    """A paper names "Thomas R. Hale", a wire "Tom Hale" (tests/data/stories/verdict-2026,
    our own texts): one person, so that what each outlet says he did is one event."""
    links = story_links("verdict-2026", tmp_path, nlp, 2)
    snap = links.snapshot
    merged = {(m.rule, snap.entities[m.a].label, snap.entities[m.b].label) for m in links.merges}
    assert merged == {("given-name", "Thomas R. Hale", "Tom Hale")}
    steered = [
        x for x in links.events if {snap.events[x.a].action, snap.events[x.b].action} == {"steer"}
    ]
    assert len(steered) == 1 and steered[0].rule == "same-participants"
    # "the jury found Hale guilty" (the paper) is the wire's "was convicted"
    verdicts = {
        (snap.events[x.a].trigger, snap.events[x.b].trigger)
        for x in links.events
        if snap.events[x.a].action == "convict"
    }
    assert verdicts == {("found", "convicted")}


def test_an_analysts_firm_keeps_its_name(tmp_path: Path, nlp: Any) -> None:
    """ "Analysts at Garner & Co." and "Garner & Co analysts" (tests/data/stories/markets-2026,
    our own texts): one organisation called Garner (not "Garner &"), merged with nothing."""
    snap = story_snapshot("markets-2026", tmp_path, nlp, 2)
    garner = [e for e in snap.entities.values() if "Garner" in e.label]
    assert [(e.label, e.kind, len(e.articles)) for e in garner] == [("Garner", "Organization", 2)]
