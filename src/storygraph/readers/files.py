"""Finding and reading inputs: files, directories, stdin; each file's reader by its suffix.

Readers are lazy: :func:`read_articles` yields one :class:`ReadResult` at a time, so a
directory of a million files or a JSON Lines dump of many gigabytes is never held in
memory. A bad file or line becomes a failed result with a clear message; it never stops
the others.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from storygraph.errors import ArticleError
from storygraph.readers.html import read_html
from storygraph.readers.jsonl import read_jsonl
from storygraph.readers.metadata import Overrides
from storygraph.readers.result import DEFAULT_MAX_BYTES, ReadResult, too_big
from storygraph.readers.text import read_text
from storygraph.records import Article

__all__ = [
    "FILE_READERS",
    "LINE_READERS",
    "SUPPORTED",
    "ArticleReader",
    "LineReader",
    "read_articles",
]

#: Reads a whole file's bytes as one article: ``(data, source, stem, overrides)``.
ArticleReader = Callable[[bytes, str, str, Overrides], Article]
#: Reads a stream of one article per line: ``(stream, source, stem, overrides, max_bytes)``.
LineReader = Callable[[BinaryIO, str, str, Overrides, int | None], Iterator[ReadResult]]

#: The reader of a whole file, by its suffix (lower case); a named file with another suffix
#: is read as text.
FILE_READERS: dict[str, ArticleReader] = {
    "": read_text,
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
}
#: The reader of a file of one article per line, by its suffix (lower case).
LINE_READERS: dict[str, LineReader] = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
#: The suffixes read in a directory; other files there are skipped.
SUPPORTED = frozenset(FILE_READERS) | frozenset(LINE_READERS)


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
        raise ArticleError(too_big(what, size, max_bytes))
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # a device or a pipe, whose size stat does not know
        raise ArticleError(too_big(what, None, max_bytes))
    return data


def _read_one(path: Path, overrides: Overrides, max_bytes: int | None) -> Iterator[ReadResult]:
    source = str(path)
    stem = path.stem
    suffix = path.suffix.lower()
    try:
        line_reader = LINE_READERS.get(suffix)
        if line_reader is not None:
            with path.open("rb") as stream:
                yield from line_reader(stream, source, stem, overrides, max_bytes)
            return
        with path.open("rb") as stream:
            data = _read_bounded(stream, "file", os.fstat(stream.fileno()).st_size, max_bytes)
        article = FILE_READERS.get(suffix, read_text)(data, source, stem, overrides)
        yield ReadResult(source, article, warnings=article.warnings)
    except ArticleError as exc:
        yield ReadResult(source, error=str(exc))
    except OSError as exc:
        yield ReadResult(source, error=f"cannot read: {exc.strerror or exc}")


def _read_stdin(overrides: Overrides, max_bytes: int | None) -> Iterator[ReadResult]:
    """Standard input, as JSON Lines, an HTML page or text, told apart by how it starts."""
    data = sys.stdin.buffer.read()
    head = data.lstrip()[:200].lower()
    source = "<stdin>"
    stem = "stdin-" + hashlib.sha256(data).hexdigest()[:12]
    try:
        if head.startswith(b"{"):
            yield from read_jsonl(io.BytesIO(data), source, stem, overrides, max_bytes)
            return
        if max_bytes is not None and len(data) > max_bytes:
            raise ArticleError(too_big("input", len(data), max_bytes))
        if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
            article = read_html(data, source, stem, overrides)
        else:
            article = read_text(data, source, stem, overrides)
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
