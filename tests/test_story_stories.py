"""Stories: articles grouped by what they report together (story/stories.py, --story)."""

from __future__ import annotations

import pytest

from storygraph.errors import InputError
from storygraph.query import named_query
from storygraph.story.snapshot import ArticleInfo, EntityNode, Snapshot
from storygraph.story.stories import find_stories, rarity, story_iri

ART = "https://w3id.org/storygraph/id/article/"
ENT = "https://w3id.org/storygraph/id/"


def snapshot(published: dict[str, str], named: dict[str, tuple[str, set[str]]]) -> Snapshot:
    """Articles with their dates, and entity nodes (kind, the articles naming them)."""
    snap = Snapshot()
    for a, day in published.items():
        snap.articles[ART + a] = ArticleInfo(ART + a, day)
    for name, (kind, articles) in named.items():
        node = EntityNode(ENT + name, kind, {name}, articles={ART + a for a in articles})
        snap.entities[node.iri] = node
    return snap


DAYS = {"a": "2010-06-08", "b": "2010-06-16", "c": "2010-07-17", "d": "2015-01-01"}


@pytest.mark.parametrize(
    ("named", "linked", "stories"),
    [
        # two people or organisations named together make a story
        (
            {"Apple": ("Organization", {"a", "b"}), "Jobs": ("Person", {"a", "b"})},
            [],
            [("a", "b")],
        ),
        # one is not enough, nor are two places (a place counts half)
        ({"Apple": ("Organization", {"a", "b"})}, [], []),
        (
            {"Paris": ("Place", {"a", "b"}), "London": ("Place", {"a", "b"})},
            [],
            [],
        ),
        (
            {"Apple": ("Organization", {"a", "b"}), "Paris": ("Place", {"a", "b"})},
            [],
            [],
        ),
        # a linked event or claim and one thing named by both are enough, and groups are
        # connected through the middle
        (
            {
                "Apple": ("Organization", {"a", "b"}),
                "Jobs": ("Person", {"a", "b"}),
                "iPhone 4": ("Product", {"b", "c"}),
            },
            [("b", "c")],
            [("a", "b", "c")],
        ),
        # … a link alone is not (one spurious link would join two stories)
        (
            {"Apple": ("Organization", {"a", "b"}), "Jobs": ("Person", {"a", "b"})},
            [("b", "c")],
            [("a", "b")],
        ),
        # articles years apart are not joined directly
        (
            {"Apple": ("Organization", {"a", "d"}), "Jobs": ("Person", {"a", "d"})},
            [],
            [],
        ),
    ],
)
def test_articles_grouped_into_stories(
    named: dict[str, tuple[str, set[str]]],
    linked: list[tuple[str, str]],
    stories: list[tuple[str, ...]],
) -> None:
    snap = snapshot(DAYS, named)
    found = find_stories(snap, {}, [(ART + a, ART + b) for a, b in linked])
    assert [g.articles for g in found] == [tuple(ART + a for a in s) for s in stories]
    for g in found:
        assert g.iri == story_iri(g.articles[0]) == f"{ENT}story/{stories[0][0]}"


def test_a_story_is_named_after_what_most_of_its_articles_name() -> None:
    snap = snapshot(
        DAYS,
        {
            "Apple": ("Organization", {"a", "b", "c"}),
            "iPhone 4": ("Product", {"a", "b", "c"}),
            "Steve Jobs": ("Person", {"a", "b"}),
            "Cupertino": ("Place", {"a", "b", "c"}),
            "Japan": ("Place", {"c"}),
        },
    )
    [story] = find_stories(snap, {}, [])
    assert story.label == "Apple, iPhone 4, Cupertino"


def test_story_keeps_a_named_query_to_its_articles() -> None:
    text = named_query("claims", story="meta-applied-ai-reversal")
    assert (
        "<https://w3id.org/storygraph/id/story/meta-applied-ai-reversal> "
        "<https://w3id.org/storygraph/ns#hasArticle> ?a ." in text
    )
    both = named_query("claims", articles=["x"], story="s")
    assert "VALUES ?a { <https://w3id.org/storygraph/id/article/x> }" in both
    with pytest.raises(InputError, match="--story 'Not one' is neither a story IRI"):
        named_query("claims", story="Not one")


def test_things_most_articles_name_weigh_less_in_a_big_store() -> None:
    # 40 articles of aviation news: Boeing and Airbus are in most of them and tell two
    # stories apart no more than "the United States" would; a rare name still does
    days = {f"n{i}": "2010-06-01" for i in range(40)}
    named = {
        "Boeing": ("Organization", {f"n{i}" for i in range(30)}),
        "Airbus": ("Organization", {f"n{i}" for i in range(25)}),
        "Ralph Crosby": ("Person", {"n1", "n2"}),
        "EADS": ("Organization", {"n1", "n2"}),
    }
    found = find_stories(snapshot(days, named), {}, [])
    assert [g.articles for g in found] == [(ART + "n1", ART + "n2")]
    assert rarity(2, 40) == 1.0 and rarity(30, 40) < 0.3 and rarity(30, 10) == 1.0
