"""Our own multi-outlet stories (``tests/data/stories/NAME``), ingested without the story
layer into a fresh store and read back as the layer sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storygraph.story.link import StoryLinks, find_story_links
from storygraph.story.snapshot import Snapshot, read_snapshot

STORIES = Path(__file__).resolve().parents[1] / "data" / "stories"


def story_snapshot(name: str, store_dir: Path, nlp: Any, articles: int) -> Snapshot:
    """The snapshot of story ``name`` ingested into a store in ``store_dir``; the story must
    have ``articles`` articles."""
    from storygraph.ingest import ingest
    from storygraph.store import EmbeddedStore

    with EmbeddedStore(store_dir / "store") as store:
        assert ingest([str(STORIES / name)], store, nlp, link=False).articles == articles
        return read_snapshot(store)


def story_links(name: str, store_dir: Path, nlp: Any, articles: int) -> StoryLinks:
    """Every link the story layer finds in story ``name`` (nothing written)."""
    return find_story_links(story_snapshot(name, store_dir, nlp, articles))
