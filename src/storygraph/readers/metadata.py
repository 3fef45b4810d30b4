"""An article's metadata: dates, identifiers, text fields, and the command-line overrides.

:func:`build_article` is where every reader's text and metadata become an
:class:`~storygraph.records.Article`, so the overrides and the date checks apply once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storygraph.errors import ArticleError
from storygraph.readers.blocks import find_blocks
from storygraph.readers.decode import clean_text
from storygraph.records import Article, slugify

__all__ = [
    "PLAUSIBLE_YEARS",
    "Overrides",
    "build_article",
    "check_plausible",
    "meta_text",
    "overlay",
    "parse_date",
    "slugify",
]


@dataclass
class Overrides:
    """Metadata given on the command line: fills or overrides what the files say."""

    published: date | None = None
    publisher: str | None = None
    title: str | None = None


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%B %d %Y",
    "%Y%m%d",
)


def parse_date(value: object, *, what: str = "date") -> date:
    """Parse a publication date: ISO 8601 (date or date-time) or a written-out date.

    Raises:
        ArticleError: the value is not a date storygraph understands.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        raise ArticleError(f"empty {what}")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ArticleError(f"cannot parse the {what} {text!r}; use YYYY-MM-DD (e.g. 2026-11-26)")


#: Publication dates storygraph accepts. Times are resolved against the date ("tomorrow",
#: "three weeks ago"), and Python's dates end at years 1 and 9999: a date near either end is
#: a typo, and resolving against it would fail.
PLAUSIBLE_YEARS = range(1000, 3000)


def check_plausible(published: date) -> date:
    """``published``, if its year is in :data:`PLAUSIBLE_YEARS`.

    Raises:
        ArticleError: the year is outside them.
    """
    if published.year not in PLAUSIBLE_YEARS:
        raise ArticleError(
            f"the published date {published.isoformat()} is not plausible; give a date in the "
            f"years {PLAUSIBLE_YEARS.start}-{PLAUSIBLE_YEARS.stop - 1}"
        )
    return published


_SCALARS = (str, int, float, date)


def meta_text(meta: dict[str, Any], key: str, source: str, warnings: list[str]) -> str | None:
    """A metadata field as clean text: a string, number or date, or a list of them.

    Anything else (a mapping, a nested list, bytes) is ignored with a warning: written out it
    would be noise, and a YAML alias bomb written out would be exponentially long.
    """
    value = meta.get(key)
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
        value = ", ".join(str(v) for v in value)
    if not isinstance(value, _SCALARS):
        kinds = {"list": "a list", "dict": "a mapping", "bytes": "binary data"}
        kind = kinds.get(type(value).__name__, f"a {type(value).__name__}")
        warnings.append(f"{source}: ignored the {key!r} field: it is {kind}, not text")
        return None
    text = clean_text(str(value)).strip()
    return text or None


def build_article(
    *,
    text: str,
    meta: dict[str, Any],
    source: str,
    default_id: str,
    overrides: Overrides,
    warnings: list[str],
) -> Article:
    """The article of ``text`` and ``meta``, with the overrides applied and its blocks found.

    Raises:
        ArticleError: no text, or a publication date that is unreadable or not plausible.
    """
    text = clean_text(text)
    if not text.strip():
        raise ArticleError("no article text")
    published: date | None = None
    if overrides.published is not None:
        published = overrides.published
    elif meta.get("published") or meta.get("date"):
        published = parse_date(meta.get("published") or meta.get("date"), what="published date")
    if published is not None:
        check_plausible(published)
    warnings = list(warnings)
    fields = {
        key: meta_text(meta, key, source, warnings)
        for key in ("id", "title", "publisher", "author", "url")
    }
    article = Article(
        id=slugify(fields["id"] or default_id),
        text=text,
        title=overrides.title or fields["title"],
        published=published,
        publisher=overrides.publisher or fields["publisher"],
        author=fields["author"],
        url=fields["url"],
        source=source,
        warnings=warnings,
    )
    article.blocks = find_blocks(text)
    if article.published is None:
        article.warnings.append(
            f"{source}: no publication date; relative times (last month, Wednesday) are "
            "kept unresolved. Give --published YYYY-MM-DD to resolve them."
        )
    return article


def overlay(article: Article, meta: dict[str, Any], source: str, overrides: Overrides) -> None:
    """Lay the fields of ``meta`` over ``article`` (a JSON line's over its HTML page's).

    A field ``meta`` has replaces the article's, except where the overrides gave it.

    Raises:
        ArticleError: ``meta`` has a publication date that is unreadable or not plausible.
    """
    for key in ("id", "title", "publisher", "author", "url"):
        value = meta_text(meta, key, source, article.warnings)
        if value and not (key in ("title", "publisher") and getattr(overrides, key)):
            setattr(article, key, slugify(value) if key == "id" else value)
    if meta.get("published") and overrides.published is None:
        article.published = check_plausible(parse_date(meta["published"], what="published date"))
