"""Finding the files of a gold corpus (MEANTIME, TimeML, brat) under a directory."""

from __future__ import annotations

from pathlib import Path

from storygraph.errors import EvaluationError

__all__ = ["gold_files"]


def gold_files(directory: Path, suffix: str, what: str) -> list[Path]:
    """The ``*suffix`` files under ``directory``, searched recursively, sorted.

    Raises:
        EvaluationError: there is none (``what`` names the kind in the message).
    """
    files = sorted(p for p in directory.rglob(f"*{suffix}") if p.is_file())
    if not files:
        raise EvaluationError(f"no {what} (*{suffix}) files under {directory}")
    return files
