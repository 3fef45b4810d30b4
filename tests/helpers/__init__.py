"""Plain helpers the test modules share (fixtures live in ``conftest.py``).

Test modules import from here, never from each other: ``from helpers import EXAMPLE``,
``from helpers.servers import start_oxigraph``. ``tests/`` is on ``sys.path`` through the
``pythonpath`` setting in ``pyproject.toml``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
EXAMPLE = ROOT / "examples" / "meta-applied-ai-reversal.txt"
EXAMPLE_DATE = date(2026, 11, 26)


def in_ci() -> bool:
    """Whether the tests run under CI (``CI=true``), which has every resource."""
    return os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip when a resource is absent on a user's machine; fail under CI, which has it all.

    The one rule for every optional resource: server binaries, Chromium, Playwright and the
    shared gold data beside the clone.
    """
    if condition:
        return
    if in_ci():
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def require_shared(path: Path) -> Path:
    """``path`` under ``../shared/data``, or a skip (a failure under CI) when it is absent."""
    require(
        path.exists(),
        f"shared gold data not found: {path.resolve()} (../shared/data lives beside the clone)",
    )
    return path


def as_named(text: str) -> str:
    """A mention's text as a list of names writes it: a mention's span holds the "the" of
    "the United States" or "The State Department" (as the tagger and MEANTIME's gold mark
    them), a name does not."""
    return text[4:] if text.lower().startswith("the ") else text
