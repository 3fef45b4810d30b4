"""What a reader hands back: one article, or the reason it could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from storygraph.records import Article

__all__ = ["DEFAULT_MAX_BYTES", "ReadResult", "too_big"]

#: The largest input (file, JSON line or stdin) read as one article, in bytes. An HTML page
#: is mostly markup, so this is generous for text: spaCy extracts ~20 kB of text a second, so
#: 10 MiB of plain text is about ten minutes of work, and 50 MiB would be most of an hour.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ReadResult:
    """One article read, or the reason it could not be."""

    source: str
    article: Article | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def too_big(what: str, size: int | None, limit: int) -> str:
    """The message for an input (``what``: file, line, input) over the size limit."""
    amount = f"{size:,} bytes, " if size is not None else ""
    return (
        f"the {what} is {amount}over the limit of {limit:,} bytes for one article; "
        "split it, or raise the limit with --max-bytes"
    )
