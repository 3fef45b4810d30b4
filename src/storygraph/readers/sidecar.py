"""Metadata beside a plain-text article: ``article.txt`` with ``article.json`` or
``article.yaml`` (``.yml``) in the same folder, holding the fields front matter would.

::

    {"title": "Ford and GM report steep losses", "published": "2016-10-31",
     "publisher": "Detroit Ledger"}

The front matter of the article itself, when it has one, wins field by field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storygraph.errors import ArticleError
from storygraph.readers.yamlload import YAML_ERRORS, load_yaml

__all__ = ["SIDECAR_SUFFIXES", "read_sidecar"]

#: The suffixes of a sidecar file, in the order they are looked for.
SIDECAR_SUFFIXES = (".json", ".yaml", ".yml")
#: The largest sidecar read (metadata is a few hundred bytes).
MAX_SIDECAR_BYTES = 1 << 20


def read_sidecar(source: str) -> dict[str, Any]:
    """The metadata of the sidecar file beside ``source`` (a file path), or ``{}``.

    Raises:
        ArticleError: the sidecar is not a JSON object or YAML mapping, is malformed, or is
            over a mebibyte.
    """
    path = Path(source)
    if not source or source.startswith("<"):
        return {}
    for suffix in SIDECAR_SUFFIXES:
        side = path.with_suffix(suffix)
        try:
            if side == path or not side.is_file():
                continue
            with side.open("rb") as fh:
                data = fh.read(MAX_SIDECAR_BYTES + 1)
        except (OSError, ValueError):  # ValueError: a path the OS cannot name
            continue
        if len(data) > MAX_SIDECAR_BYTES:
            raise ArticleError(f"the metadata file {side.name} is over {MAX_SIDECAR_BYTES} bytes")
        try:
            text = data.decode("utf-8-sig")
            # YAML as front matter is read: safe types, no aliases (storygraph.readers.yamlload)
            loaded = json.loads(text) if suffix == ".json" else load_yaml(text)
        except (UnicodeDecodeError, json.JSONDecodeError, *YAML_ERRORS) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ArticleError(f"malformed metadata file {side.name}: {first}") from exc
        if loaded is None:
            return {}
        if not isinstance(loaded, dict):
            raise ArticleError(f"the metadata file {side.name} is not a mapping of keys to values")
        return loaded
    return {}
