"""Reading inputs (text, Markdown, HTML, JSON Lines, directories, stdin) into Articles.

One room per job: :mod:`~storygraph.readers.files` finds the inputs and picks each one's
reader by suffix (:data:`~storygraph.readers.files.FILE_READERS`,
:data:`~storygraph.readers.files.LINE_READERS`); :mod:`~storygraph.readers.text`,
:mod:`~storygraph.readers.html` and :mod:`~storygraph.readers.jsonl` are the readers;
:mod:`~storygraph.readers.decode` turns bytes into clean text;
:mod:`~storygraph.readers.metadata` builds the Article (dates, ids, the command-line
overrides); :mod:`~storygraph.readers.blocks` cuts its text into blocks;
:mod:`~storygraph.readers.aliases` reads alias files.
"""

from storygraph.readers.blocks import MAX_BLOCK_CHARS, find_blocks, split_long
from storygraph.readers.decode import decode_bytes
from storygraph.readers.files import (
    FILE_READERS,
    LINE_READERS,
    SUPPORTED,
    read_articles,
    walk_files,
)
from storygraph.readers.metadata import Overrides, parse_date, slugify
from storygraph.readers.result import DEFAULT_MAX_BYTES, ReadResult

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FILE_READERS",
    "LINE_READERS",
    "MAX_BLOCK_CHARS",
    "SUPPORTED",
    "Overrides",
    "ReadResult",
    "decode_bytes",
    "find_blocks",
    "parse_date",
    "read_articles",
    "slugify",
    "split_long",
    "walk_files",
]
