"""The generated docs are current and every command documents an example."""

from __future__ import annotations

import pytest

from conftest import ROOT


def test_cli_reference_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    from storygraph.clidoc import cli_reference

    monkeypatch.setenv("COLUMNS", "100")
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_readme_quick_start_has_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
