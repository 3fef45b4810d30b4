"""Reading inputs (text, Markdown, HTML, JSON Lines, directories, stdin) into Articles.

Readers are lazy: :func:`read_articles` yields one :class:`ReadResult` at a time, so a
directory of a million files or a JSON Lines dump of many gigabytes is never held in
memory. A bad file or line becomes a failed result with a clear message; it never stops
the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from storygraph.errors import ArticleError
from storygraph.readers.blocks import MAX_BLOCK_CHARS, find_blocks
from storygraph.records import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BLOCK_CHARS",
    "Overrides",
    "ReadResult",
    "decode_bytes",
    "find_blocks",
    "parse_date",
    "read_articles",
    "slugify",
]

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_LINE = 64 * 1024 * 1024
#: The largest input (file, JSON line or stdin) read as one article, in bytes. An HTML page
#: is mostly markup, so this is generous for text: spaCy extracts ~20 kB of text a second, so
#: 10 MiB of plain text is about ten minutes of work, and 50 MiB would be most of an hour.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Overrides:
    """Metadata given on the command line: fills or overrides what the files say."""

    published: date | None = None
    publisher: str | None = None
    title: str | None = None


@dataclass
class ReadResult:
    """One article read, or the reason it could not be."""

    source: str
    article: Article | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def slugify(value: str, max_length: int = 80) -> str:
    """A lowercase ASCII slug (letters, digits, dashes) safe inside an IRI."""
    norm = unicodedata.normalize("NFKD", value)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_length].strip("-")
    if not slug:
        slug = "x" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return slug


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


def decode_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode article bytes: UTF-8, else cp1252 or latin-1 with a warning.

    Raises:
        ArticleError: the bytes look binary (NUL bytes or control characters).
    """
    warnings: list[str] = []
    if not data.strip():
        raise ArticleError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 byte-order mark; UTF-16 text is half NUL bytes, so test it first. Bytes
        # that only start like it (odd length, lone surrogates) are read as the others are.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            head = text[:8192]
            controls = sum(1 for c in head if c < " " and c not in "\t\n\f\r")
            if controls <= max(8, len(head) // 100):
                return text, warnings
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample:
        raise ArticleError("the file looks binary (it contains NUL bytes), not an article")
    if controls > max(8, len(sample) // 100):
        raise ArticleError("the file looks binary (many control characters), not an article")
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # UTF-8 with a few broken bytes (a truncated copy, a bad join) stays UTF-8: read as
    # cp1252, each of its good accented letters would turn into two wrong ones ("Ã¼").
    lenient = data.decode("utf-8", "replace")
    broken = lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if sum(1 for c in lenient if "\x7f" < c != "\ufffd") > broken:
        warnings.append(
            f"{source}: not valid UTF-8 (byte {first_bad}); decoded as UTF-8 with "
            f"{broken} unreadable byte sequence(s) replaced by U+FFFD"
        )
        return lenient, warnings
    try:
        text = data.decode("cp1252")
        warnings.append(
            f"{source}: not valid UTF-8 (byte {first_bad}); decoded as Windows-1252 (cp1252)"
        )
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        warnings.append(f"{source}: not valid UTF-8 (byte {first_bad}); decoded as Latin-1")
    return text, warnings


def _clean_text(text: str) -> str:
    """Normalise line ends and drop characters that cannot be part of an article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NUL and other C0 controls (but tab/newline/form feed) and lone surrogates.
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]", "", text)
    return text


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


def _metadata_article(
    *,
    text: str,
    meta: dict[str, Any],
    source: str,
    default_id: str,
    overrides: Overrides,
    warnings: list[str],
) -> Article:
    text = _clean_text(text)
    if not text.strip():
        raise ArticleError("no article text")
    published: date | None = None
    if overrides.published is not None:
        published = overrides.published
    elif meta.get("published") or meta.get("date"):
        published = parse_date(meta.get("published") or meta.get("date"), what="published date")
    if published is not None:
        _check_plausible(published)
    warnings = list(warnings)
    fields = {
        key: _meta_text(meta, key, source, warnings)
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


#: Publication dates storygraph accepts. Times are resolved against the date ("tomorrow",
#: "three weeks ago"), and Python's dates end at years 1 and 9999: a date near either end is
#: a typo, and resolving against it would fail.
PLAUSIBLE_YEARS = range(1000, 3000)


def _check_plausible(published: date) -> date:
    if published.year not in PLAUSIBLE_YEARS:
        raise ArticleError(
            f"the published date {published.isoformat()} is not plausible; give a date in the "
            f"years {PLAUSIBLE_YEARS.start}-{PLAUSIBLE_YEARS.stop - 1}"
        )
    return published


_SCALARS = (str, int, float, date)


def _meta_text(meta: dict[str, Any], key: str, source: str, warnings: list[str]) -> str | None:
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
    text = _clean_text(str(value)).strip()
    return text or None


def _read_text(data: bytes, source: str, stem: str, overrides: Overrides) -> Article:
    text, warnings = decode_bytes(data, source)
    meta: dict[str, Any] = {}
    text = text.replace("\r\n", "\n")
    m = _FRONT_MATTER.match(text)
    if m:
        import yaml

        try:
            loaded = yaml.safe_load(m.group(1) or "")
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            # ValueError: a date YAML reads but Python cannot hold (year 0, hour 25)
            raise ArticleError(f"malformed YAML front matter: {exc}".splitlines()[0]) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ArticleError("the front matter is not a mapping of keys to values")
        meta = loaded or {}
        text = text[m.end() :]
    return _metadata_article(
        text=text, meta=meta, source=source, default_id=stem, overrides=overrides, warnings=warnings
    )


def _read_html(data: bytes, source: str, stem: str, overrides: Overrides) -> Article:
    import trafilatura

    text, warnings = decode_bytes(data, source)
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
    return _metadata_article(
        text=body, meta=meta, source=source, default_id=stem, overrides=overrides, warnings=warnings
    )


def _too_big(what: str, size: int | None, limit: int) -> str:
    amount = f"{size:,} bytes, " if size is not None else ""
    return (
        f"the {what} is {amount}over the limit of {limit:,} bytes for one article; "
        "split it, or raise the limit with --max-bytes"
    )


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes, int]]:
    """The lines of ``stream`` with their length; a line over ``limit`` bytes is not kept
    (its bytes are ``b""``) and never held in memory whole."""
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw, len(raw.rstrip(b"\r\n"))
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = stream.readline(1 << 20)
            if not raw:
                break
            size += len(raw)
        yield b"", size - (len(raw) - len(raw.rstrip(b"\r\n")))


def _record_text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ArticleError(f"the object's {key!r} is not a string")
    return value


def _read_jsonl(
    stream: BinaryIO, source: str, stem: str, overrides: Overrides, max_bytes: int | None
) -> Iterator[ReadResult]:
    limit = MAX_LINE if max_bytes is None else min(max_bytes, MAX_LINE)
    for lineno, (raw, size) in enumerate(_lines(stream, limit), start=1):
        where = f"{source}:{lineno}"
        if size > limit:
            yield ReadResult(where, error=_too_big("line", size, limit))
            continue
        if not raw.strip():
            continue
        try:
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ArticleError(f"the line is not UTF-8 (byte {exc.start})") from exc
            except json.JSONDecodeError as exc:
                raise ArticleError(f"malformed JSON at column {exc.colno}: {exc.msg}") from exc
            except RecursionError as exc:
                raise ArticleError("the line's JSON is nested too deeply") from exc
            if not isinstance(record, dict):
                raise ArticleError("the line is JSON but not an object")
            default_id = f"{stem}-{lineno}"
            if isinstance(record.get("url"), str) and record["url"].strip():
                default_id = record["url"]
            text, page = _record_text(record, "text"), _record_text(record, "html")
            if text is not None:
                article = _metadata_article(
                    text=text,
                    meta=record,
                    source=where,
                    default_id=default_id,
                    overrides=overrides,
                    warnings=[],
                )
            elif page is not None:
                article = _read_html(
                    page.encode("utf-8", "surrogatepass"), where, default_id, overrides
                )
                for key in ("id", "title", "publisher", "author", "url"):
                    value = _meta_text(record, key, where, article.warnings)
                    if value and not (key in ("title", "publisher") and getattr(overrides, key)):
                        setattr(article, key, slugify(value) if key == "id" else value)
                if record.get("published") and overrides.published is None:
                    article.published = _check_plausible(
                        parse_date(record["published"], what="published date")
                    )
            else:
                raise ArticleError("the object has neither 'text' nor 'html'")
            yield ReadResult(where, article, warnings=article.warnings)
        except ArticleError as exc:
            yield ReadResult(where, error=str(exc))


def _iter_files(path: Path) -> Iterator[Path]:
    """Files under a directory, recursively, in a stable order, without following loops."""
    seen: set[tuple[int, int]] = set()

    def walk(directory: Path) -> Iterator[Path | tuple[Path, str]]:
        try:
            st = directory.stat()
        except OSError as exc:
            yield (directory, f"cannot read: {exc.strerror}")
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield (directory, f"cannot list the directory: {exc.strerror}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            p = Path(entry.path)
            try:
                if entry.is_dir():
                    yield from walk(p)
                elif p.suffix.lower() in SUPPORTED and entry.is_file():
                    yield p
            except OSError as exc:
                yield (p, f"cannot read: {exc.strerror}")

    yield from walk(path)  # type: ignore[misc]


def _read_bounded(stream: BinaryIO, what: str, size: int | None, max_bytes: int | None) -> bytes:
    """All of ``stream``, or an error once it is over ``max_bytes`` (never read further)."""
    if max_bytes is None:
        return stream.read()
    if size is not None and size > max_bytes:
        raise ArticleError(_too_big(what, size, max_bytes))
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # a device or a pipe, whose size stat does not know
        raise ArticleError(_too_big(what, None, max_bytes))
    return data


def _read_one(path: Path, overrides: Overrides, max_bytes: int | None) -> Iterator[ReadResult]:
    source = str(path)
    stem = path.stem
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, source, stem, overrides, max_bytes)
            return
        with path.open("rb") as stream:
            data = _read_bounded(stream, "file", os.fstat(stream.fileno()).st_size, max_bytes)
        if suffix in HTML_SUFFIXES:
            article = _read_html(data, source, stem, overrides)
        else:
            article = _read_text(data, source, stem, overrides)
        yield ReadResult(source, article, warnings=article.warnings)
    except ArticleError as exc:
        yield ReadResult(source, error=str(exc))
    except OSError as exc:
        yield ReadResult(source, error=f"cannot read: {exc.strerror or exc}")


def _read_stdin(overrides: Overrides, max_bytes: int | None) -> Iterator[ReadResult]:
    data = sys.stdin.buffer.read()
    head = data.lstrip()[:200].lower()
    source = "<stdin>"
    stem = "stdin-" + hashlib.sha256(data).hexdigest()[:12]
    try:
        if head.startswith(b"{"):
            import io

            yield from _read_jsonl(io.BytesIO(data), source, stem, overrides, max_bytes)
            return
        if max_bytes is not None and len(data) > max_bytes:
            raise ArticleError(_too_big("input", len(data), max_bytes))
        if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
            article = _read_html(data, source, stem, overrides)
        else:
            article = _read_text(data, source, stem, overrides)
        yield ReadResult(source, article, warnings=article.warnings)
    except ArticleError as exc:
        yield ReadResult(source, error=str(exc))


def read_articles(
    paths: Iterable[str],
    overrides: Overrides | None = None,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[ReadResult]:
    """Read every article under ``paths`` lazily (files, directories, or ``-`` for stdin).

    Args:
        paths: files, directories (recursive) or ``-`` for stdin.
        overrides: metadata from the command line.
        max_bytes: the largest file, JSON line or stdin read as one article; a larger one
            fails with a message (and is never read whole). None: no limit.
    """
    overrides = overrides or Overrides()
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(overrides, max_bytes)
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = path.exists()
        except OSError as exc:  # e.g. a symlink loop
            yield ReadResult(raw, error=f"cannot read: {exc.strerror or exc}")
            continue
        if is_dir:
            for item in _iter_files(path):
                if isinstance(item, tuple):
                    yield ReadResult(str(item[0]), error=item[1])
                else:
                    yield from _read_one(item, overrides, max_bytes)
        elif exists:
            yield from _read_one(path, overrides, max_bytes)
        elif path.is_symlink():
            yield ReadResult(raw, error="a broken or looping symbolic link")
        else:
            yield ReadResult(raw, error="no such file or directory")
