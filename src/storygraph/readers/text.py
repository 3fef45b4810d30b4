"""Plain text and Markdown articles, with optional YAML front matter for their metadata.

::

    ---
    title: Meta memo leaked
    published: 2026-11-26
    ---
    The article text...
"""

from __future__ import annotations

import re
from typing import Any

from storygraph.errors import ArticleError
from storygraph.readers.decode import decode_bytes
from storygraph.readers.metadata import Overrides, build_article
from storygraph.records import Article

__all__ = ["read_text"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


def read_text(data: bytes, source: str, stem: str, overrides: Overrides) -> Article:
    """One article from text (front matter optional, in any text file).

    Raises:
        ArticleError: binary or empty input, or front matter that is not a YAML mapping.
    """
    text, warnings = decode_bytes(data, source)
    meta: dict[str, Any] = {}
    text = text.replace("\r\n", "\n")
    m = _FRONT_MATTER.match(text)
    if m:
        import yaml  # lazy: only files with front matter need the YAML parser

        try:
            loaded = yaml.safe_load(m.group(1) or "")
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            # ValueError: a date YAML reads but Python cannot hold (year 0, hour 25)
            raise ArticleError(f"malformed YAML front matter: {exc}".splitlines()[0]) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ArticleError("the front matter is not a mapping of keys to values")
        meta = loaded or {}
        text = text[m.end() :]
    return build_article(
        text=text, meta=meta, source=source, default_id=stem, overrides=overrides, warnings=warnings
    )
