"""Which article a user means: a reference (IRI, id or source path) resolved to its IRI.

Every reference is matched exactly, never by a part of it: ``remove txt`` must not find
``news/story.txt``. What does not match gets a message with the closest ids and paths.
"""

from __future__ import annotations

from difflib import get_close_matches

from storygraph.errors import InputError
from storygraph.rdf.mint import article_iri
from storygraph.rdf.terms import iri, literal, safe_iri
from storygraph.rdf.vocab import ID, SG
from storygraph.readers import slugify
from storygraph.store import SelectStore

__all__ = ["resolve_article"]

_ARTICLE_IRI = f"{ID}article/"
_CLOSE_MATCHES = 5


def _articles(store: SelectStore, pattern: str) -> list[str]:
    rows = store.select(f"SELECT DISTINCT ?a WHERE {{ ?a a {iri(SG.Article)} . {pattern} }}")
    return sorted(str(r["a"]) for r in rows)


def _close_matches(store: SelectStore, ref: str) -> list[str]:
    """The ids and source paths of the store's articles that look most like ``ref``."""
    rows = store.select(
        f"SELECT ?a ?p WHERE {{ ?a a {iri(SG.Article)} OPTIONAL {{ ?a {iri(SG.sourcePath)} ?p }} }}"
    )
    names = {str(r["a"]).removeprefix(_ARTICLE_IRI) for r in rows}
    names.update(str(r["p"]) for r in rows if "p" in r)
    return get_close_matches(ref, sorted(names), n=_CLOSE_MATCHES)


def resolve_article(store: SelectStore, ref: str) -> str:
    """The IRI of the article ``ref`` names, matched exactly: its IRI, its id or its source path.

    Args:
        store: the store to look in.
        ref: an article's IRI, its id (``meta-applied-ai-reversal``) or the source path it
            was read from (``examples/meta-applied-ai-reversal.md``).

    Raises:
        InputError: no article matches, or the source path is that of several articles
            (name one by id); the message lists close matches.
    """
    where = getattr(store, "location", "the store")
    if not ref.strip():
        raise InputError(
            f"no article {ref!r} in {where}; a blank reference names none: give an id, IRI or "
            "source path (`storygraph query --named articles` lists them)"
        )
    if safe_iri(ref):
        found = _articles(store, f"VALUES ?a {{ {iri(ref)} }}")
        if found:
            return found[0]
    if ref and slugify(ref) == ref:
        found = _articles(store, f"VALUES ?a {{ {iri(article_iri(ref))} }}")
        if found:
            return found[0]
    found = _articles(store, f"?a {iri(SG.sourcePath)} {literal(ref)}")
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(a.removeprefix(_ARTICLE_IRI) for a in found)
        raise InputError(
            f"{ref!r} is the source of {len(found)} articles in {where}; name one by id: {ids}"
        )
    close = _close_matches(store, ref)
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise InputError(
        f"no article {ref!r} in {where}; list them with `storygraph query --named articles` "
        f"(id is e.g. {slugify(ref)}){hint}"
    )
