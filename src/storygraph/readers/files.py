"""Finding and reading inputs: files, directories, stdin; each file's reader by its suffix.

Readers are lazy: :func:`read_articles` yields one :class:`ReadResult` at a time, so a
directory of a million files or a JSON Lines dump of many gigabytes is never held in
memory. A bad file or line becomes a failed result with a clear message; it never stops
the others.
"""

from __future__ import annotations

import hashlib
import os
import select
import stat
import sys
import tempfile
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
    "open_input",
    "read_articles",
    "walk_files",
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
#: Seconds to wait for a program to open a named pipe (FIFO) given as input for writing;
#: without a writer, opening it would wait for ever, with the store locked.
FIFO_WAIT = 10.0
_CHUNK = 1 << 20


def walk_files(path: Path) -> Iterator[Path | tuple[Path, str]]:
    """The files to read under a directory, recursively: each directory's entries sorted by
    name, hidden ones skipped, loops not followed; what cannot be read as ``(path, why)``."""
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

    yield from walk(path)


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


def open_input(path: str | Path) -> BinaryIO:
    """``path`` opened for reading; a named pipe only once a program opens it to write.

    Every input a user names goes through here (articles, queries, alias files), so that
    none can keep a command waiting for ever, the store locked, on a pipe nobody writes to.

    Raises:
        ArticleError: a named pipe nothing opened for writing within :data:`FIFO_WAIT`.
    """
    path = Path(path)
    if not stat.S_ISFIFO(path.stat().st_mode):
        return path.open("rb")
    # Opening a FIFO blocks until a writer comes; opened non-blocking it does not, and poll
    # tells when a writer has come (Linux reports no hang-up before the first writer).
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if not poller.poll(FIFO_WAIT * 1000):
            raise ArticleError(
                f"a named pipe that nothing wrote to within {FIFO_WAIT:g} s; start the program "
                "that writes to it first"
            )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_one(path: Path, overrides: Overrides, max_bytes: int | None) -> Iterator[ReadResult]:
    source = str(path)
    stem = path.stem
    suffix = path.suffix.lower()
    try:
        line_reader = LINE_READERS.get(suffix)
        if line_reader is not None:
            with open_input(path) as stream:
                yield from line_reader(stream, source, stem, overrides, max_bytes)
            return
        with open_input(path) as stream:
            st = os.fstat(stream.fileno())
            size = st.st_size if stat.S_ISREG(st.st_mode) else None
            data = _read_bounded(stream, "file", size, max_bytes)
        article = FILE_READERS.get(suffix, read_text)(data, source, stem, overrides)
        yield ReadResult(source, article, warnings=article.warnings)
    except ArticleError as exc:
        yield ReadResult(source, error=str(exc))
    except OSError as exc:
        yield ReadResult(source, error=f"cannot read: {exc.strerror or exc}")


def _head(stream: BinaryIO, max_bytes: int | None) -> bytes:
    """The start of ``stream``: enough to see how its text begins (its first 200 bytes that
    are not white space), or all of it, or more than ``max_bytes``, whichever comes first."""
    head = bytearray()
    while len(head.lstrip()) < 200 and (max_bytes is None or len(head) <= max_bytes):
        chunk = stream.read(_CHUNK if max_bytes is None else min(_CHUNK, max_bytes + 1))
        if not chunk:
            break
        head += chunk
    return bytes(head)


def _read_stdin(
    overrides: Overrides, max_bytes: int | None, stream: BinaryIO | None = None
) -> Iterator[ReadResult]:
    """Standard input, as JSON Lines, an HTML page or text, told apart by how it starts.

    Never held whole past the limit: a text or page is read up to ``max_bytes`` + 1 bytes;
    JSON Lines go through a temporary file (for the hash that names their lines) and are
    then read a line at a time, as a file's are.
    """
    stream = stream if stream is not None else sys.stdin.buffer
    source = "<stdin>"
    data = _head(stream, max_bytes)
    start = data.lstrip()[:200].lower()
    try:
        if start.startswith(b"{"):
            digest = hashlib.sha256(data)
            with tempfile.TemporaryFile() as spool:
                spool.write(data)
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    spool.write(chunk)
                spool.seek(0)
                stem = "stdin-" + digest.hexdigest()[:12]
                yield from read_jsonl(spool, source, stem, overrides, max_bytes)
            return
        if max_bytes is None:
            data += stream.read()
        elif len(data) <= max_bytes:
            data += stream.read(max_bytes + 1 - len(data))
        if max_bytes is not None and len(data) > max_bytes:
            raise ArticleError(too_big("input", None, max_bytes))
        stem = "stdin-" + hashlib.sha256(data).hexdigest()[:12]
        head = data.lstrip()[:200].lower()
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
            for item in walk_files(path):
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
