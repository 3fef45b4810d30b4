"""Cross-document identity as the real pipeline makes it: a store and the story layer.

MEANTIME's ``crossdoc_pairs`` asks which entity mentions of different documents name one
thing. :func:`story_identity` answers it the way an ingest does: the documents' extractions
are written into a fresh embedded store, the story layer links them
(:func:`storygraph.story.link_story`), and two system entities are one when their nodes are
the same or joined by ``owl:sameAs`` (taken as a closure).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from storygraph.rdf.mint import article_iri, entity_iri, extraction_to_graph
from storygraph.rdf.sparql import with_prefixes
from storygraph.readers.aliases import Aliases
from storygraph.records import Entity, Extraction
from storygraph.store import EmbeddedStore, Store
from storygraph.story import link_story
from storygraph.story.groups import Groups

__all__ = ["StoryIdentity", "same_as_roots", "story_identity"]

#: The identity of an entity of one extraction: its node, or its ``owl:sameAs`` group's.
StoryIdentity = Callable[[Extraction, Entity], str]


def same_as_roots(store: Store) -> dict[str, str]:
    """Node → one representative of its ``owl:sameAs`` group (nodes in no group absent)."""
    rows = store.select(with_prefixes("SELECT ?a ?b WHERE { ?a owl:sameAs ?b }"))
    same = Groups((str(row["a"]), str(row["b"])) for row in rows)
    return {node: same.find(node) for node in same.parent}


def story_identity(
    extractions: Sequence[Extraction],
    *,
    link: Callable[[Store, Aliases], object] = link_story,
) -> StoryIdentity:
    """Store ``extractions`` in a temporary store, run the story layer, and return the
    identity it gives each entity.

    Args:
        extractions: the documents of one cross-document set (distinct article ids).
        link: the story layer (the tests pass others).
    """
    with tempfile.TemporaryDirectory(prefix="storygraph-crossdoc-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        try:
            store.write([extraction_to_graph(ext) for ext in extractions])
            link(store, Aliases())
            roots = same_as_roots(store)
        finally:
            store.close()

    def identity(extraction: Extraction, entity: Entity) -> str:
        node = entity_iri(entity, article_iri(extraction.article.id))
        return roots.get(node, node)

    return identity
