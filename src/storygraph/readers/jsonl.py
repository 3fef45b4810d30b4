"""JSON Lines: one article per line, an object with ``text`` or ``html`` and metadata.

::

    {"id": "a1", "text": "The article text...", "published": "2026-11-26"}
    {"url": "https://example.com/news/1", "html": "<html>...</html>"}

Lines are read one at a time, and a line over the size limit is never held whole, so a dump
of many gigabytes streams.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from storygraph.errors import ArticleError
from storygraph.readers.html import read_html
from storygraph.readers.metadata import Overrides, build_article, overlay
from storygraph.readers.result import ReadResult, too_big

__all__ = ["MAX_LINE", "read_jsonl"]

#: The longest line read at all, in bytes, whatever ``max_bytes`` says.
MAX_LINE = 64 * 1024 * 1024


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


def read_jsonl(
    stream: BinaryIO,
    source: str,
    stem: str,
    overrides: Overrides,
    max_bytes: int | None,
    *,
    first_line: int = 1,
) -> Iterator[ReadResult]:
    """One result per non-blank line of ``stream``; a bad line fails alone.

    Args:
        stream: the lines, as bytes.
        source: where they come from, for messages (``source:line``).
        stem: the start of the default article ids (``stem-line``) of lines without a URL.
        overrides: metadata from the command line.
        max_bytes: the longest line read as an article (at most :data:`MAX_LINE`).
        first_line: the number of the stream's first line (a part of a larger file).
    """
    limit = MAX_LINE if max_bytes is None else min(max_bytes, MAX_LINE)
    for lineno, (raw, size) in enumerate(_lines(stream, limit), start=first_line):
        where = f"{source}:{lineno}"
        if size > limit:
            yield ReadResult(where, error=too_big("line", size, limit))
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
            except ValueError as exc:  # a number of more digits than Python converts
                raise ArticleError(
                    "the line's JSON holds a number of more than "
                    f"{sys.get_int_max_str_digits()} digits"
                ) from exc
            if not isinstance(record, dict):
                raise ArticleError("the line is JSON but not an object")
            default_id = f"{stem}-{lineno}"
            if isinstance(record.get("url"), str) and record["url"].strip():
                default_id = record["url"]
            text, page = _record_text(record, "text"), _record_text(record, "html")
            if text is not None:
                article = build_article(
                    text=text,
                    meta=record,
                    source=where,
                    default_id=default_id,
                    overrides=overrides,
                    warnings=[],
                )
            elif page is not None:
                article = read_html(
                    page.encode("utf-8", "surrogatepass"), where, default_id, overrides
                )
                overlay(article, record, where, overrides)
            else:
                raise ArticleError("the object has neither 'text' nor 'html'")
            yield ReadResult(where, article, warnings=article.warnings)
        except ArticleError as exc:
            yield ReadResult(where, error=str(exc))
