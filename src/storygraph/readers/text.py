"""Plain text and Markdown articles, with optional YAML front matter for their metadata.

::

    ---
    title: Meta memo leaked
    published: 2026-11-26
    ---
    The article text...

Without front matter, the metadata may sit beside the file (``article.json`` or
``article.yaml``, :mod:`~storygraph.readers.sidecar`); a date in the file name
(``2016-10-31-meta.txt``) is the publication date when the metadata gives none, and the
first line is the headline when it looks like one.
"""

from __future__ import annotations

import re
from typing import Any

from storygraph.errors import ArticleError
from storygraph.readers.decode import decode_bytes
from storygraph.readers.metadata import Overrides, build_file_article
from storygraph.readers.sidecar import read_sidecar
from storygraph.readers.yamlload import YAML_ERRORS, load_yaml
from storygraph.records import Article

__all__ = ["read_text"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


def read_text(data: bytes, source: str, stem: str, overrides: Overrides) -> Article:
    """One article from text (front matter optional, in any text file).

    Raises:
        ArticleError: binary or empty input, front matter that is not a YAML mapping, or a
            malformed sidecar file.
    """
    text, warnings = decode_bytes(data, source)
    meta: dict[str, Any] = {}
    text = text.replace("\r\n", "\n")
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            loaded = load_yaml(m.group(1) or "")
        except YAML_ERRORS as exc:
            # ValueError: a date YAML reads but Python cannot hold (year 0, hour 25)
            raise ArticleError(f"malformed YAML front matter: {exc}".splitlines()[0]) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ArticleError("the front matter is not a mapping of keys to values")
        meta = loaded or {}
        text = text[m.end() :]
    meta = {**read_sidecar(source), **meta}
    return build_file_article(
        text, meta, source, stem, overrides, warnings, headline_from_text=True
    )
