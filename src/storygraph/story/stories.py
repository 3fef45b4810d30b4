"""Stories: the articles of a store grouped by what they report together.

Two articles are of one story when they are published within :data:`WINDOW_DAYS` of each
other (or either has no date) and what they share weighs at least two:

* each person, organisation or product both name (after identity merges) weighs its
  :func:`rarity` in the store, 1 when only these two name it, less the more articles do
  ("Boeing" in a store of aviation news tells little; in a store of fewer than
  :data:`RARITY_FROM` articles everything weighs 1), a place half that, since places are
  shared by unrelated stories;
* the event and claim links the story layer made between them weigh 1, 1.5 at most.

Stories are the connected groups of two or more articles (a follow-up a year later joins
the story through the article between). Pairs come from one block per entity, and an entity
named by more than :data:`MAX_BLOCK` articles is too common to tell stories apart, so the
work grows with the store, not with its pairs of articles. A story is named after the
things most of its articles name, and identified by its first article (by date, then IRI):
``…/id/story/<first article's id>``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from storygraph.rdf.vocab import ID
from storygraph.story.groups import Groups
from storygraph.story.snapshot import Snapshot

__all__ = [
    "MAX_BLOCK",
    "RARITY_FROM",
    "WINDOW_DAYS",
    "StoryGroup",
    "find_stories",
    "rarity",
    "story_iri",
]

#: Articles published further apart than this are not joined directly.
WINDOW_DAYS = 730
#: An entity named by more articles than this joins none of them.
MAX_BLOCK = 40
#: How much a shared entity of each class counts; two make a story.
_WEIGHT = {"Person": 1.0, "Organization": 1.0, "OrganizationalUnit": 1.0, "Product": 1.0}
_PLACE_WEIGHT = 0.5
_NEEDED = 2.0
#: What an event or claim link between two articles counts, and all their links at most.
_LINK_WEIGHT = 1.0
_LINKS_AT_MOST = 1.5


#: Fewer articles than this cannot tell what is common: every shared thing weighs fully.
RARITY_FROM = 20


def rarity(named_by: int, articles: int) -> float:
    """How much naming a thing tells about a story, from 1 (two articles of the store name
    it) down towards 0 (every article does): ``log((N+1)/n) / log((N+1)/2)`` in a store of
    N articles, 1 in a store of fewer than :data:`RARITY_FROM`."""
    if named_by <= 2 or articles < RARITY_FROM:
        return 1.0
    return max(0.0, math.log((articles + 1) / named_by) / math.log((articles + 1) / 2))


@dataclass(frozen=True)
class StoryGroup:
    """One story: its node, its label and its articles (first article first)."""

    iri: str
    label: str
    articles: tuple[str, ...]


def story_iri(first_article: str) -> str:
    """The story node named by its first article's IRI (``…/id/story/<article id>``)."""
    return f"{ID}story/{first_article.rsplit('/article/', 1)[-1]}"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def find_stories(
    snapshot: Snapshot, same: dict[str, str], linked: Iterable[tuple[str, str]]
) -> list[StoryGroup]:
    """The stories among the snapshot's articles.

    Args:
        snapshot: the store's articles and entity nodes.
        same: node → its representative after identity merges (absent: itself).
        linked: pairs of articles with an event or claim link between them.
    """
    days = {a: _day(info.published) for a, info in snapshot.articles.items()}

    def near(a: str, b: str) -> bool:
        da, db = days.get(a), days.get(b)
        return da is None or db is None or abs((da - db).days) <= WINDOW_DAYS

    shared: dict[tuple[str, str], float] = defaultdict(float)
    for a, b in sorted(set(linked)):
        if a != b:
            pair = (min(a, b), max(a, b))
            shared[pair] = min(_LINKS_AT_MOST, shared[pair] + _LINK_WEIGHT)

    by_root: dict[str, set[str]] = defaultdict(set)
    weight: dict[str, float] = {}
    for node in snapshot.entities.values():
        root = same.get(node.iri, node.iri)
        by_root[root] |= node.articles
        w = _PLACE_WEIGHT if node.kind == "Place" else _WEIGHT.get(node.kind, 0.0)
        weight[root] = max(weight.get(root, 0.0), w)
    total = max(len(snapshot.articles), len({a for arts in by_root.values() for a in arts}))
    for root, articles in by_root.items():
        if len(articles) > MAX_BLOCK or not weight.get(root):
            continue
        w = weight[root] * rarity(len(articles), total)
        for a, b in combinations(sorted(articles), 2):
            shared[(a, b)] += w
    joined = Groups()
    for (a, b), score in shared.items():
        if score >= _NEEDED - 1e-9 and near(a, b):
            joined.join(a, b)

    groups: dict[str, list[str]] = defaultdict(list)
    for article in sorted(set(joined.parent) | set(joined.parent.values())):
        groups[joined.find(article)].append(article)
    stories = []
    names = _Names(snapshot, same)
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda a: (str(days.get(a) or "9999"), a))
        stories.append(
            StoryGroup(story_iri(ordered[0]), _label(names, set(members)), tuple(ordered))
        )
    return sorted(stories, key=lambda s: s.iri)


class _Names:
    """The entity nodes named by each article, in the snapshot's order, and each merged
    group's kind: what a story's label is chosen from."""

    def __init__(self, snapshot: Snapshot, same: dict[str, str]):
        self.snapshot = snapshot
        self.same = same
        self.order = {iri: i for i, iri in enumerate(snapshot.entities)}
        self.by_article: dict[str, list[str]] = defaultdict(list)
        for node in snapshot.entities.values():
            for article in node.articles:
                self.by_article[article].append(node.iri)
        self.kinds = {same.get(n.iri, n.iri): n.kind for n in snapshot.entities.values()}


def _label(names: _Names, members: set[str]) -> str:
    """The three names most of a story's articles name (people, organisations, products
    before places), joined by commas."""
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    named = {node for article in members for node in names.by_article.get(article, ())}
    for iri in sorted(named, key=names.order.__getitem__):
        node = names.snapshot.entities[iri]
        root = names.same.get(iri, iri)
        n = len(node.articles & members)
        if n < 2:
            continue
        counts[root] = max(counts[root], n)
        current = labels.get(root)
        if current is None or len(node.label) > len(current):
            labels[root] = node.label
    kinds = names.kinds
    best = sorted(counts, key=lambda r: (-counts[r], kinds.get(r) == "Place", labels[r].lower(), r))
    chosen = list(dict.fromkeys(labels[r] for r in best))[:3]
    return ", ".join(chosen) or "untitled story"
