"""Cross-article suggestions, the way ``storygraph link`` first offered them.

Kept for callers of :func:`refresh_candidates`: the story layer
(:func:`storygraph.story.link_story`) now rebuilds merges, scored ``sg:MergeCandidate``
suggestions, ``sg:candidateSameEvent`` links and claim links together.
"""

from __future__ import annotations

from dataclasses import dataclass

from storygraph.readers.aliases import Aliases
from storygraph.store import Store
from storygraph.story.link import CANDIDATES_GRAPH, link_story

__all__ = ["CANDIDATES_GRAPH", "CandidateSummary", "refresh_candidates"]


@dataclass
class CandidateSummary:
    """How many candidates the store now holds."""

    entity_pairs: int
    event_pairs: int


def refresh_candidates(store: Store, aliases: Aliases | None = None) -> CandidateSummary:
    """Rebuild the story layer's links; count the merge candidates and same-event links.

    Pairs the user's alias file calls ``different`` are never merged or suggested.
    """
    summary = link_story(store, aliases)
    return CandidateSummary(summary.candidates, summary.event_links)
