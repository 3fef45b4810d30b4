"""HTML pages: the article text and metadata found by trafilatura, the boilerplate dropped."""

from __future__ import annotations

from storygraph.errors import ArticleError
from storygraph.readers.decode import decode_html
from storygraph.readers.metadata import Overrides, build_file_article, parse_date
from storygraph.records import Article

__all__ = ["read_html"]


def read_html(data: bytes, source: str, stem: str, overrides: Overrides) -> Article:
    """One article from an HTML page; a page date that cannot be read is dropped with a warning.

    Raises:
        ArticleError: binary or empty input, or a page with no article text.
    """
    import trafilatura  # lazy: slow to import (lxml and its models), and only HTML needs it

    text, warnings = decode_html(data, source)
    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise ArticleError("no article text found in the HTML page")
    meta = {
        "title": getattr(doc, "title", None),
        "published": getattr(doc, "date", None),
        "author": getattr(doc, "author", None),
        "publisher": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None),
    }
    if meta["published"]:
        try:
            parse_date(meta["published"])
        except ArticleError:
            warnings.append(f"{source}: ignored the page's unreadable date {meta['published']!r}")
            meta["published"] = None
    return build_file_article(body, meta, source, stem, overrides, warnings)
