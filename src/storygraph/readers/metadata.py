"""An article's metadata: dates, identifiers, text fields, and the command-line overrides.

:func:`build_article` is where every reader's text and metadata become an
:class:`~storygraph.records.Article`, so the overrides and the date checks apply once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from storygraph.errors import ArticleError
from storygraph.readers.blocks import find_blocks
from storygraph.readers.decode import clean_text
from storygraph.records import Article, slugify

__all__ = [
    "MISSING_DATE",
    "PLAUSIBLE_YEARS",
    "Overrides",
    "build_article",
    "build_file_article",
    "check_plausible",
    "date_in_name",
    "first_line_headline",
    "meta_text",
    "overlay",
    "parse_date",
    "slugify",
]

#: The warning of an article without a publication date, after its source and ": " (the
#: command line counts these and says so once).
MISSING_DATE = "no publication date"

PublishedFrom = Literal["metadata", "filename"]


@dataclass
class Overrides:
    """Metadata given on the command line: fills or overrides what the files say.

    ``published`` overrides every article's date, unless ``published_from`` is
    ``"filename"``: then a date in a file's name comes first, the file's metadata next, and
    ``published`` is the date of the files with neither.
    """

    published: date | None = None
    publisher: str | None = None
    title: str | None = None
    published_from: PublishedFrom = "metadata"


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


# A date in a file name: 2016-10-31-title, title_2016-10-31_x, 20161031-title; not inside a
# longer run of digits (an id such as 1201610310).
_NAME_DATE = re.compile(
    r"(?<![0-9])((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9])"
)


def date_in_name(name: str) -> date | None:
    """The date written in a file name (``2016-10-31-…``, ``…_2016-10-31_…``,
    ``20161031-…``), or None when it has none or one that is not a real day."""
    for m in _NAME_DATE.finditer(name):
        try:
            return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
    return None


_HEADLINE_END = re.compile(r"[.,;:]$|[.!?]['\"”’]$")


def first_line_headline(text: str) -> str | None:
    """The text's first line when it looks like a headline: a short line of its own
    (at most 20 words and 150 characters), followed by more text, not ending as a sentence
    does (a full stop, comma, colon, a quotation's close) and not all capitals (a dateline)."""
    head, sep, rest = text.lstrip().partition("\n")
    head = head.strip()
    if not sep or not rest.strip() or not head:
        return None
    if len(head) > 150 or len(head.split()) > 20 or len(head.split()) < 2:
        return None
    if _HEADLINE_END.search(head) or head.isupper() or not head[0].isalnum():
        return None
    return head


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
    name_date: date | None = None,
    headline_from_text: bool = False,
) -> Article:
    """The article of ``text`` and ``meta``, with the overrides applied and its blocks found.

    Args:
        name_date: the date in the file's name (:func:`date_in_name`), used when the
            metadata has none (or first, with ``--published-from filename``).
        headline_from_text: take the first line as the title when it looks like a headline
            and neither the metadata nor the overrides give one (plain text).

    Raises:
        ArticleError: no text, or a publication date that is unreadable or not plausible.
    """
    text = clean_text(text)
    if not text.strip():
        raise ArticleError("no article text")
    meta_date: date | None = None
    if meta.get("published") or meta.get("date"):
        meta_date = parse_date(meta.get("published") or meta.get("date"), what="published date")
    if overrides.published_from == "filename":
        order = (name_date, meta_date, overrides.published)
    else:
        order = (overrides.published, meta_date, name_date)
    published = next((d for d in order if d is not None), None)
    if published is not None:
        check_plausible(published)
    warnings = list(warnings)
    fields = {
        key: meta_text(meta, key, source, warnings)
        for key in ("id", "title", "publisher", "author", "url")
    }
    title = overrides.title or fields["title"]
    if title is None and headline_from_text:
        title = first_line_headline(text)
    article = Article(
        id=slugify(fields["id"] or default_id),
        text=text,
        title=title,
        published=published,
        publisher=overrides.publisher or fields["publisher"],
        author=fields["author"],
        url=fields["url"],
        source=source,
        warnings=warnings,
    )
    article.blocks = find_blocks(text)
    if article.published is None:
        article.warnings.append(f"{source}: {MISSING_DATE}")
    return article


def build_file_article(
    text: str,
    meta: dict[str, Any],
    source: str,
    stem: str,
    overrides: Overrides,
    warnings: list[str],
    *,
    headline_from_text: bool = False,
) -> Article:
    """:func:`build_article` for a file named ``stem``: its default id, and the date in its
    name (:func:`date_in_name`)."""
    return build_article(
        text=text,
        meta=meta,
        source=source,
        default_id=stem,
        overrides=overrides,
        warnings=warnings,
        name_date=date_in_name(stem),
        headline_from_text=headline_from_text,
    )


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
