"""Names: canonical forms, initials, within-article aliases and short forms, case by case.

The cases come from the rules' own comments and docstrings in ``extract/names.py``; the
expected values pin today's behaviour.
"""

from __future__ import annotations

import pytest

from storygraph.extract.names import (
    BRAND_STYLE,
    MODEL_CODE,
    article_aliases,
    canonical_name,
    identity_key,
    initials,
    prefer_short_form,
)
from storygraph.readers.aliases import Aliases
from storygraph.records import Entity, EntityKind, Mention

CANONICAL: list[tuple[str, EntityKind | None, str]] = [
    ("U.N.", EntityKind.ORGANIZATION, "U.N."),
    ("the F.B.I.", EntityKind.ORGANIZATION, "F.B.I."),
    ("F.B.I.'s", EntityKind.ORGANIZATION, "F.B.I."),
    ("Microsoft.", EntityKind.ORGANIZATION, "Microsoft"),
    ("Meta Platforms Inc.", EntityKind.ORGANIZATION, "Meta"),
    ("Meta's", None, "Meta"),
    ("Meta’s", None, "Meta"),
    ("the Boeing Company", EntityKind.ORGANIZATION, "Boeing"),
    ("The New York Times", EntityKind.ORGANIZATION, "New York Times"),
    ("Apple Inc", None, "Apple"),
    ("Airbus Group SE", EntityKind.ORGANIZATION, "Airbus Group SE"),
    ("Siemens AG", EntityKind.ORGANIZATION, "Siemens"),
    ("Acme Holdings Ltd.", EntityKind.ORGANIZATION, "Acme"),
    # "& Co." is a designator: no name ends in its "&"
    ("Garner & Co.", EntityKind.ORGANIZATION, "Garner"),
    ("Goldman Sachs & Co. LLC", EntityKind.ORGANIZATION, "Goldman Sachs"),
    ("Johnson & Johnson Inc.", EntityKind.ORGANIZATION, "Johnson & Johnson"),
    ("Group", EntityKind.ORGANIZATION, "Group"),
    ("U.S.", EntityKind.PLACE, "United States"),
    ("US", None, "United States"),
    ("the United States", EntityKind.PLACE, "United States"),
    ("Britain", EntityKind.PLACE, "United Kingdom"),
    ("UK", EntityKind.ORGANIZATION, "United Kingdom"),
    ("EU", EntityKind.PLACE, "European Union"),
    ("PRC", EntityKind.PLACE, "China"),
    ("UK", EntityKind.PERSON, "UK"),
    ("Airbus A380", EntityKind.PRODUCT, "A380"),
    ("the A380 superjumbo", EntityKind.PRODUCT, "A380"),
    ("A380s", EntityKind.PRODUCT, "A380"),
    ("Boeing 787 Dreamliner", EntityKind.PRODUCT, "787"),
    ("777-200LRs", EntityKind.PRODUCT, "777-200LRs"),
    ("iPhone 3GS", EntityKind.PRODUCT, "3GS"),
    ("737s", EntityKind.PRODUCT, "737"),
    ("iPhone 3G", EntityKind.PRODUCT, "3G"),
    ("iPhone", EntityKind.PRODUCT, "iPhone"),
    ("Steve Jobs", EntityKind.PERSON, "Steve Jobs"),
    ("Jobs'", EntityKind.PERSON, "Jobs"),
    ("  Tim\nCook ", EntityKind.PERSON, "Tim Cook"),
    ('"Meta"', None, "Meta"),
    ("Meta Inc", EntityKind.PERSON, "Meta Inc"),
    ("the AI task force", EntityKind.UNIT, "AI task force"),
    ("", None, ""),
    ("Inc.", EntityKind.ORGANIZATION, "Inc"),
]


@pytest.mark.parametrize(("name", "kind", "expected"), CANONICAL)
def test_canonical_name(name: str, kind: EntityKind | None, expected: str) -> None:
    assert canonical_name(name, kind) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Singapore Airlines", "SA"),
        ("International Business Machines", "IBM"),
        ("the European Union", "EU"),
        ("Meta", "M"),
        ("", ""),
        ("AT&T Inc", "AI"),
        ("van der Berg", "B"),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("word", "model", "brand"),
    [
        ("A380", True, False),
        ("B787-9", True, False),
        ("777-200LR", True, False),
        ("737s", True, False),
        ("3g4", True, False),
        ("3GS", True, False),
        ("4S", True, False),
        ("3M", True, False),
        ("2026", False, False),
        ("12", False, False),
        ("iPhone", False, True),
        ("iPods", False, True),
        ("iphone", False, False),
        ("Boeing", False, False),
    ],
)
def test_model_codes_and_brand_style(word: str, model: bool, brand: bool) -> None:
    assert bool(MODEL_CODE.match(word)) is model
    assert bool(BRAND_STYLE.match(word)) is brand


PERSON, ORG, PLACE = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE


@pytest.mark.parametrize(
    ("names", "text", "alias", "kinds"),
    [
        # a surname alone is the person, whatever kind the tagger gave it ("Jobs")
        ([("Steve Jobs", PERSON), ("Jobs", PERSON)], "", {"jobs": "Steve Jobs"}, {"jobs": PERSON}),
        ([("Steve Jobs", PERSON), ("Jobs", ORG)], "", {"jobs": "Steve Jobs"}, {"jobs": PERSON}),
        ([("Jobs", PERSON), ("Steve Jobs", PERSON)], "", {"jobs": "Steve Jobs"}, {"jobs": PERSON}),
        # two people with that surname: no alias
        ([("Steve Jobs", PERSON), ("Laurene Jobs", PERSON), ("Jobs", PERSON)], "", {}, {}),
        # a word tagged a place is the surname of the person named in full before it
        # ("Daniel Okoye … Okoye, 22, joined"), never of one named after it
        ([("Steve Jobs", PERSON), ("Jobs", PLACE)], "", {"jobs": "Steve Jobs"}, {"jobs": PERSON}),
        ([("Jobs", PLACE), ("Steve Jobs", PERSON)], "", {}, {}),
        # nor when a longer name of a place, organisation or product has that word
        ([("Steve Jobs", PERSON), ("Jobs County", PLACE), ("Jobs", PLACE)], "", {}, {}),
        # an acronym made of the initials of one organisation
        ([("Singapore Airlines", ORG), ("SA", ORG)], "", {"sa": "Singapore Airlines"}, {}),
        (
            [("International Business Machines", ORG), ("IBM", ORG)],
            "",
            {"ibm": "International Business Machines"},
            {},
        ),
        # "Singapore Airlines (SIA)": an acronym introduced in parentheses
        (
            [("Singapore Airlines", ORG), ("SIA", ORG)],
            "Singapore Airlines (SIA) said",
            {"sia": "Singapore Airlines"},
            {},
        ),
        ([("Singapore Airlines", ORG), ("SIA", ORG)], "Singapore Airlines said", {}, {}),
        # two organisations fit: no alias
        ([("South African", ORG), ("Singapore Airlines", ORG), ("SA", ORG)], "", {}, {}),
        # too short or too long to be an acronym
        ([("Alpha", ORG), ("A", ORG)], "", {}, {}),
        # the first kind a name is seen with counts
        ([("SA", PLACE), ("SA", ORG), ("Singapore Airlines", ORG)], "", {}, {}),
    ],
)
def test_article_aliases(
    names: list[tuple[str, EntityKind]],
    text: str,
    alias: dict[str, str],
    kinds: dict[str, EntityKind],
) -> None:
    assert article_aliases(names, text, Aliases()) == (alias, kinds)


def test_article_aliases_honour_names_kept_apart() -> None:
    apart = Aliases(different=frozenset({frozenset({"jobs", "steve jobs"})}))
    names = [("Steve Jobs", PERSON), ("Jobs", PERSON)]
    assert article_aliases(names, "", apart) == ({}, {})


def _org(name: str, *mentions: str) -> Entity:
    return Entity(
        key=f"org:{name.lower()}",
        kind=ORG,
        name=name,
        mentions=[Mention(0, len(m), m, 0) for m in mentions],
    )


@pytest.mark.parametrize(
    ("entity", "name", "aliases"),
    [
        # "Apple" when "Apple Computer" also says "Apple"
        (_org("Apple Computer", "Apple Computer", "Apple"), "Apple", {"Apple Computer"}),
        (_org("Apple Computer", "Apple Computer", "Apple's"), "Apple", {"Apple Computer"}),
        # the short form must be used on its own
        (_org("Apple Computer", "Apple Computer"), "Apple Computer", set()),
        # one word: nothing shorter
        (_org("Apple", "Apple"), "Apple", set()),
        # only the first word
        (_org("Singapore Airlines", "Airlines"), "Singapore Airlines", set()),
    ],
)
def test_prefer_short_form(entity: Entity, name: str, aliases: set[str]) -> None:
    prefer_short_form(entity, Aliases())
    assert (entity.name, entity.aliases) == (name, aliases)


def test_prefer_short_form_keeps_people_and_the_users_names() -> None:
    person = Entity("person:tim cook", PERSON, "Tim Cook", [Mention(0, 3, "Tim", 0)])
    prefer_short_form(person, Aliases())
    assert person.name == "Tim Cook"
    forced = _org("Apple Computer", "Apple")
    prefer_short_form(forced, Aliases(same={"apple computer": "Apple Computer"}))
    assert forced.name == "Apple Computer"
    apart = _org("Apple Computer", "Apple")
    prefer_short_form(apart, Aliases(different=frozenset({frozenset({"apple", "apple computer"})})))
    assert apart.name == "Apple Computer"


# -- identity keys: what must be equal for two names to be one thing ------------------------

IDENTITY: list[tuple[str, EntityKind | None, str]] = [
    ("John Q. Public", EntityKind.PERSON, "john public"),
    ("John Public", EntityKind.PERSON, "john public"),
    ("John Q. Public Jr.", EntityKind.PERSON, "john public"),
    ("Martin Luther King Jr.", EntityKind.PERSON, "martin luther king"),
    ("Charles E. Grassley", EntityKind.PERSON, "charles grassley"),
    ("James B. Comey", EntityKind.PERSON, "james comey"),
    ("Sen. Charles Grassley", EntityKind.PERSON, "charles grassley"),
    ("Mr. Comey", EntityKind.PERSON, "comey"),
    ("Dr. Jane Smith", EntityKind.PERSON, "jane smith"),
    ("Mary L. Hoffman", EntityKind.PERSON, "mary hoffman"),
    ("Erik ten Hag", EntityKind.PERSON, "erik ten hag"),
    ("J. K. Rowling", EntityKind.PERSON, "j rowling"),
    ("Henry Paulson", EntityKind.PERSON, "henry paulson"),
    ("U.N.", EntityKind.ORGANIZATION, "un"),
    ("U.N", EntityKind.ORGANIZATION, "un"),
    ("UN", EntityKind.ORGANIZATION, "un"),
    ("F.B.I.", EntityKind.ORGANIZATION, "fbi"),
    ("FBI", EntityKind.ORGANIZATION, "fbi"),
    ("U.S.", EntityKind.PLACE, "us"),
    ("State Department", EntityKind.ORGANIZATION, "state department"),
    ("Department of State", EntityKind.ORGANIZATION, "state department"),
    ("Department of the Treasury", EntityKind.ORGANIZATION, "treasury department"),
    ("Justice Department", EntityKind.ORGANIZATION, "justice department"),
    ("Department of Justice", EntityKind.ORGANIZATION, "justice department"),
    ("Ministry of Defence", EntityKind.ORGANIZATION, "defence ministry"),
    ("Bureau of Labor Statistics", EntityKind.ORGANIZATION, "labor statistics bureau"),
    ("S&P 500", EntityKind.FINANCIAL, "s and p 500"),
    ("AT&T", EntityKind.ORGANIZATION, "at and t"),
    ("AT and T", EntityKind.ORGANIZATION, "at and t"),
    ("Wells Fargo Advisors", EntityKind.ORGANIZATION, "wells fargo advisors"),
    ("Procter & Gamble", EntityKind.ORGANIZATION, "procter and gamble"),
    ("McDonald’s", EntityKind.ORGANIZATION, "mcdonald s"),
    ("  New   York  ", EntityKind.PLACE, "new york"),
    ("General Motors", EntityKind.ORGANIZATION, "general motors"),
    # a title stays in names of things other than people; initials stay in organisations
    ("President's Choice", EntityKind.PRODUCT, "president s choice"),
    ("J. P. Morgan", EntityKind.ORGANIZATION, "j p morgan"),
    ("", EntityKind.PERSON, ""),
]


@pytest.mark.parametrize(("name", "kind", "expected"), IDENTITY)
def test_identity_key(name: str, kind: EntityKind | None, expected: str) -> None:
    assert identity_key(name, kind) == expected


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("John Q. Public", "John Public", EntityKind.PERSON),
        ("U.N.", "UN", EntityKind.ORGANIZATION),
        ("State Department", "Department of State", EntityKind.ORGANIZATION),
        ("Charles E. Grassley", "Sen. Charles Grassley", EntityKind.PERSON),
        ("Mr. Comey", "Comey", None),
    ],
)
def test_variants_share_an_identity(a: str, b: str, kind: EntityKind | None) -> None:
    assert identity_key(a, kind) == identity_key(b, kind)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Bill Clinton", "Hillary Clinton", EntityKind.PERSON),
        ("General Motors", "General Electric", EntityKind.ORGANIZATION),
        ("State Department", "Justice Department", EntityKind.ORGANIZATION),
        ("Apple Inc.", "Apple Corps", EntityKind.ORGANIZATION),
    ],
)
def test_different_things_keep_different_identities(a: str, b: str, kind: EntityKind) -> None:
    assert identity_key(a, kind) != identity_key(b, kind)
