"""YAML as storygraph reads it from users: safe types only, and no aliases.

``yaml.safe_load`` builds only plain values, but it follows aliases (``*name``), so a few
hundred bytes can name one list a billion times; walking such a value (to print it, check
it or copy it into an article) takes gigabytes. A reference is never needed in front matter
or an alias file, so any alias is an error.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import Node

__all__ = ["YAML_ERRORS", "load_yaml"]

#: What :func:`load_yaml` raises for text that is not acceptable YAML: a syntax error or an
#: alias (YAMLError), a value Python cannot hold such as year 0 or a 5,000-digit number
#: (ValueError, OverflowError), nesting deeper than Python's stack (RecursionError).
YAML_ERRORS = (yaml.YAMLError, ValueError, OverflowError, RecursionError)


class _NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases (and so merge keys made of them)."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        node: Node | None = super().compose_node(parent, index)
        return node


def load_yaml(text: str) -> Any:
    """One YAML document, with safe types and no aliases.

    Raises:
        yaml.YAMLError, ValueError, OverflowError, RecursionError: see :data:`YAML_ERRORS`.
    """
    return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader: plain values only
