"""Cutting the input into partitions, and reading one partition where a worker runs.

A partition is a list of *pieces*: whole files (text, Markdown, HTML: one article each) and
line ranges of JSON Lines files (a byte range that starts and ends on a line boundary,
with the number of its first line, so that sources and default ids read ``file:LINE``
exactly as when the whole file is read). Planning reads nothing but the JSON Lines files'
line ends; the articles are read by whoever extracts the partition.

Paths are local, or URLs that fsspec opens (``s3://bucket/corpus/``, ``gs://…``) when the
filesystem package is installed (``pip install s3fs``); the workers must reach them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO, cast

from storygraph.__version__ import __version__
from storygraph.errors import ArticleError, InputError
from storygraph.readers import (
    DEFAULT_MAX_BYTES,
    FILE_READERS,
    LINE_READERS,
    SUPPORTED,
    Overrides,
    ReadResult,
    read_articles,
    walk_files,
)
from storygraph.readers.jsonl import read_jsonl
from storygraph.readers.text import read_text

__all__ = ["Partition", "Piece", "is_url", "plan_partitions", "read_partition"]


def is_url(path: str) -> bool:
    """Whether ``path`` is a URL for fsspec (``s3://…``) rather than a local path."""
    return "://" in path


@dataclass(frozen=True)
class Piece:
    """A whole file (``end`` < 0), or the lines of a JSON Lines file from byte ``start`` to
    ``end``, the first of which is line ``first_line``. ``size`` and ``mtime`` are the
    file's when the plan was made (a changed file changes the partition's fingerprint)."""

    path: str
    start: int = 0
    end: int = -1
    first_line: int = 1
    size: int = -1
    mtime: float = 0.0


@dataclass(frozen=True)
class Partition:
    """One unit of work: its pieces, read in order, make one shard; ``max_bytes`` is the
    largest file or JSON line read as one article (None: no limit)."""

    index: int
    pieces: tuple[Piece, ...]
    max_bytes: int | None = DEFAULT_MAX_BYTES

    @property
    def name(self) -> str:
        """``part-00000``: the stem of its shard and of its record."""
        return f"part-{self.index:05d}"

    def fingerprint(self, overrides: Overrides | None, model: str | None) -> str:
        """What the shard depends on: the pieces (and their files' sizes and times), the
        size limit, the command-line metadata, the model and storygraph's version."""
        o = overrides or Overrides()
        key = {
            "pieces": [asdict(p) for p in self.pieces],
            "max_bytes": self.max_bytes,
            "overrides": [str(o.published), o.publisher, o.title, o.published_from],
            "model": model,
            "storygraph": __version__,
        }
        return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:24]


# -- planning --------------------------------------------------------------------------------


def _stat(path: str) -> tuple[int, float]:
    if is_url(path):
        fs, inner = _filesystem(path)
        info = fs.info(inner)
        return int(info.get("size") or -1), float(info.get("mtime", 0) or 0)
    try:
        st = os.stat(path)
    except OSError:
        return -1, 0.0
    return st.st_size, st.st_mtime


def _filesystem(url: str) -> tuple[Any, str]:
    try:
        import fsspec  # type: ignore[import-untyped]  # optional: only URLs need it (it comes with the 'dask' extra)
    except ImportError as exc:
        raise InputError(
            f"{url} is a URL: install fsspec and the filesystem package (s3fs, gcsfs …)"
        ) from exc
    try:
        fs, inner = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise InputError(f"cannot open {url}: {exc}") from exc
    return fs, inner


def _walk(directory: Path) -> Iterator[str]:
    """Files under a local directory in the order :func:`read_articles` reads them; one that
    cannot be read or listed is yielded itself, so that reading it reports why."""
    for item in walk_files(directory):
        yield str(item[0] if isinstance(item, tuple) else item)


def _inputs(paths: Iterable[str]) -> Iterator[str]:
    """Every file to read, in reading order (directories expanded)."""
    for raw in paths:
        if raw == "-":
            raise InputError(
                "standard input cannot be split into partitions: write it to a file first"
            )
        if is_url(raw):
            fs, inner = _filesystem(raw)
            if fs.isdir(inner):
                found = sorted(fs.find(inner))
                for f in found:
                    parts = PurePosixPath(f).relative_to(inner).parts
                    if any(part.startswith(".") for part in parts):
                        continue
                    if PurePosixPath(f).suffix.lower() in SUPPORTED:
                        yield fs.unstrip_protocol(f)
            else:
                yield raw
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        yield from (_walk(path) if is_dir else [raw])


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower()


def _open(path: str) -> IO[bytes]:
    if is_url(path):
        fs, inner = _filesystem(path)
        return cast(IO[bytes], fs.open(inner, "rb"))
    return open(path, "rb")


def _line_cuts(path: str, first_room: int, size: int) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, first_line, lines) ranges of a line file: ``first_room`` lines, then
    ``size`` lines each."""
    try:
        stream = _open(path)
    except OSError:
        yield 0, -1, 1, 1  # read whole, so that reading says why it cannot
        return
    with stream:
        start = offset = 0
        first = line = 1
        room = first_room
        for raw in stream:
            offset += len(raw)
            line += 1
            if line - first >= room:
                yield start, offset, first, line - first
                start, first, room = offset, line, size
        if offset > start:
            yield start, offset, first, line - first


def plan_partitions(
    paths: Iterable[str], size: int, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> list[Partition]:
    """Cut the input into partitions of about ``size`` articles (lines of JSON Lines files
    count as articles), in reading order; each reads up to ``max_bytes`` an article.

    Raises:
        InputError: ``-`` (standard input) among the paths, or a URL without fsspec.
    """
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    partitions: list[Partition] = []
    current: list[Piece] = []
    count = 0

    def close() -> None:
        nonlocal current, count
        if current:
            partitions.append(Partition(len(partitions), tuple(current), max_bytes))
        current, count = [], 0

    for path in _inputs(paths):
        file_size, mtime = _stat(path)
        if _suffix(path) in LINE_READERS:
            for start, end, first, lines in _line_cuts(path, size - count, size):
                current.append(Piece(path, start, end, first, file_size, mtime))
                count += lines
                if count >= size:
                    close()
            continue
        current.append(Piece(path, size=file_size, mtime=mtime))
        count += 1
        if count >= size:
            close()
    close()
    return partitions


# -- reading (on a worker) -------------------------------------------------------------------


class _Range:
    """The bytes ``[0, length)`` of an open binary stream, line by line."""

    def __init__(self, stream: IO[bytes], length: int) -> None:
        self._stream = stream
        self._left = length

    def readline(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        n = self._left if size is None or size < 0 else min(size, self._left)
        line = self._stream.readline(n)
        self._left -= len(line)
        return line


def _read_url_file(url: str, overrides: Overrides, max_bytes: int | None) -> Iterator[ReadResult]:
    stem = PurePosixPath(url).stem
    try:
        with _open(url) as stream:
            data = stream.read(-1 if max_bytes is None else max_bytes + 1)
        if max_bytes is not None and len(data) > max_bytes:
            raise ArticleError(f"the file is over {max_bytes:,} bytes")
        article = FILE_READERS.get(_suffix(url), read_text)(data, url, stem, overrides)
        yield ReadResult(url, article, warnings=article.warnings)
    except ArticleError as exc:
        yield ReadResult(url, error=str(exc))
    except OSError as exc:
        yield ReadResult(url, error=f"cannot read: {exc.strerror or exc}")


def _read_lines(piece: Piece, overrides: Overrides, max_bytes: int | None) -> Iterator[ReadResult]:
    stem = PurePosixPath(piece.path).stem
    try:
        stream = _open(piece.path)
    except OSError as exc:
        yield ReadResult(piece.path, error=f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        stream.seek(piece.start)
        lines = cast(BinaryIO, _Range(stream, piece.end - piece.start))
        yield from read_jsonl(
            lines, piece.path, stem, overrides, max_bytes, first_line=piece.first_line
        )


def read_partition(partition: Partition, overrides: Overrides | None) -> Iterator[ReadResult]:
    """The articles of a partition, read lazily, exactly as :func:`read_articles` reads the
    same files (the same sources, ids and messages)."""
    o = overrides or Overrides()
    for piece in partition.pieces:
        if piece.end >= 0:
            yield from _read_lines(piece, o, partition.max_bytes)
        elif is_url(piece.path):
            yield from _read_url_file(piece.path, o, partition.max_bytes)
        else:
            yield from read_articles([piece.path], o, max_bytes=partition.max_bytes)
