"""Disjoint groups of names (union-find), for what joins articles or nodes transitively."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Groups"]


class Groups:
    """Names joined into groups; each group's root is its smallest name.

    ``parent`` holds only the names that were joined to another (a root of a group of one
    is in no entry), so ``set(parent) | set(parent.values())`` is every name joined.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self.parent: dict[str, str] = {}
        for a, b in pairs:
            self.join(a, b)

    def find(self, x: str) -> str:
        """The root of ``x``'s group (``x`` itself when it was never joined)."""
        while self.parent.get(x, x) != x:
            self.parent[x] = self.parent.get(self.parent[x], self.parent[x])
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        """Put ``a`` and ``b`` in one group."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
