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

from .errors import ArticleError
from .model import Article, Block, BlockKind

__all__ = [
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
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise ArticleError("the file looks binary (it contains NUL bytes), not an article")
    if controls > max(8, len(sample) // 100):
        raise ArticleError("the file looks binary (many control characters), not an article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), warnings
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError as exc:
        first_bad = exc.start
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
_FINAL_PUNCT = tuple(".!?:;,\"'”’)…]")
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,3}[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def find_blocks(text: str) -> list[Block]:
    """Split text into headings, bullet lines and paragraphs (one per non-empty line).

    A heading is a Markdown ``#`` line, or a short line (at most 12 words) that does not end
    in sentence punctuation and is followed by more text.
    """
    blocks: list[Block] = []
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        s, e = start + lead, end - trail
        if _MD_HEADING.match(line) or (
            len(stripped.split()) <= 12
            and not stripped.endswith(_FINAL_PUNCT)
            and not _BULLET.match(line)
            and any(rest.strip() for rest in lines[i + 1 :])
        ):
            kind = BlockKind.HEADING
        elif _BULLET.match(line):
            kind = BlockKind.BULLET
        else:
            kind = BlockKind.PARAGRAPH
        blocks.append(Block(kind, s, e))
    return blocks


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
    if published is not None and published.year < 1:
        raise ArticleError("the published date is before year 1")
    ident = str(meta.get("id") or "").strip() or default_id
    title = overrides.title or _opt_str(meta.get("title"))
    article = Article(
        id=slugify(ident),
        text=text,
        title=title,
        published=published,
        publisher=overrides.publisher or _opt_str(meta.get("publisher")),
        author=_opt_str(meta.get("author")),
        url=_opt_str(meta.get("url")),
        source=source,
        warnings=list(warnings),
    )
    article.blocks = find_blocks(text)
    if article.published is None:
        article.warnings.append(
            f"{source}: no publication date; relative times (last month, Wednesday) are "
            "kept unresolved. Give --published YYYY-MM-DD to resolve them."
        )
    return article


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
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
        except yaml.YAMLError as exc:
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


def _read_jsonl(
    stream: BinaryIO, source: str, stem: str, overrides: Overrides
) -> Iterator[ReadResult]:
    for lineno, raw in enumerate(stream, start=1):
        where = f"{source}:{lineno}"
        if not raw.strip():
            continue
        try:
            if len(raw) > MAX_LINE:
                raise ArticleError("the line is longer than 64 MiB")
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ArticleError(f"the line is not UTF-8 (byte {exc.start})") from exc
            except json.JSONDecodeError as exc:
                raise ArticleError(f"malformed JSON at column {exc.colno}: {exc.msg}") from exc
            if not isinstance(record, dict):
                raise ArticleError("the line is JSON but not an object")
            default_id = str(record.get("url") or f"{stem}-{lineno}")
            if record.get("text"):
                article = _metadata_article(
                    text=str(record["text"]),
                    meta=record,
                    source=where,
                    default_id=default_id,
                    overrides=overrides,
                    warnings=[],
                )
            elif record.get("html"):
                article = _read_html(
                    str(record["html"]).encode("utf-8", "surrogatepass"),
                    where,
                    default_id,
                    overrides,
                )
                for key in ("id", "title", "publisher", "author", "url"):
                    if record.get(key) and not (key == "title" and overrides.title):
                        setattr(
                            article, key, slugify(record[key]) if key == "id" else str(record[key])
                        )
                if record.get("published") and overrides.published is None:
                    article.published = parse_date(record["published"], what="published date")
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


def _read_one(path: Path, overrides: Overrides) -> Iterator[ReadResult]:
    source = str(path)
    stem = path.stem
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, source, stem, overrides)
            return
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            article = _read_html(data, source, stem, overrides)
        else:
            article = _read_text(data, source, stem, overrides)
        yield ReadResult(source, article, warnings=article.warnings)
    except ArticleError as exc:
        yield ReadResult(source, error=str(exc))
    except OSError as exc:
        yield ReadResult(source, error=f"cannot read: {exc.strerror or exc}")


def _read_stdin(overrides: Overrides) -> Iterator[ReadResult]:
    data = sys.stdin.buffer.read()
    head = data.lstrip()[:200].lower()
    source = "<stdin>"
    stem = "stdin-" + hashlib.sha256(data).hexdigest()[:12]
    try:
        if head.startswith(b"{"):
            import io

            yield from _read_jsonl(io.BytesIO(data), source, stem, overrides)
            return
        if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
            article = _read_html(data, source, stem, overrides)
        else:
            article = _read_text(data, source, stem, overrides)
        yield ReadResult(source, article, warnings=article.warnings)
    except ArticleError as exc:
        yield ReadResult(source, error=str(exc))


def read_articles(paths: Iterable[str], overrides: Overrides | None = None) -> Iterator[ReadResult]:
    """Read every article under ``paths`` lazily (files, directories, or ``-`` for stdin)."""
    overrides = overrides or Overrides()
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(overrides)
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
                    yield from _read_one(item, overrides)
        elif exists:
            yield from _read_one(path, overrides)
        elif path.is_symlink():
            yield ReadResult(raw, error="a broken or looping symbolic link")
        else:
            yield ReadResult(raw, error="no such file or directory")
