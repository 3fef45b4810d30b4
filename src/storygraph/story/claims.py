"""Claims across articles."""

from __future__ import annotations

from dataclasses import dataclass

from storygraph.story.snapshot import Snapshot

__all__ = ["CLAIM_RELATIONS", "ClaimLink", "claim_counts", "find_claim_links"]

CLAIM_RELATIONS = ("repeats", "contradicts", "corroborates")


@dataclass(frozen=True)
class ClaimLink:
    a: str
    b: str
    relation: str
    reason: str
    score: float = 1.0


def find_claim_links(snapshot: Snapshot, same: dict[str, str]) -> list[ClaimLink]:
    return []


def claim_counts(snapshot: Snapshot, links: list[ClaimLink]) -> dict[str, tuple[int, int, str]]:
    return {}
