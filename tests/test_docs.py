"""The generated docs are current and every command documents an example."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT


def test_cli_reference_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    from storygraph.clidoc import cli_reference

    monkeypatch.setenv("COLUMNS", "100")
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_every_make_target_the_docs_name_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, flags=re.MULTILINE))
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {t for p in docs for t in re.findall(r"`make ([a-z][\w-]*)", p.read_text("utf-8"))}
    assert {"demo", "test"} <= named, "the README's quick start names `make demo` and `make test`"
    assert sorted(named - targets) == []
