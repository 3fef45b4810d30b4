"""What spans articles: identity across articles, event and claim links, sources, timeline.

:func:`link_story` rebuilds every cross-article link of a store as a whole; ingest
runs it after writing, ``storygraph link`` runs it with the user's alias file.
"""

from storygraph.story.link import (
    CANDIDATES_GRAPH,
    CLAIM_RELATIONS,
    STORY_GRAPH,
    LinkRow,
    StoryLinks,
    StorySummary,
    find_story_links,
    link_rows,
    link_story,
)

__all__ = [
    "CANDIDATES_GRAPH",
    "CLAIM_RELATIONS",
    "STORY_GRAPH",
    "LinkRow",
    "StoryLinks",
    "StorySummary",
    "find_story_links",
    "link_rows",
    "link_story",
]
