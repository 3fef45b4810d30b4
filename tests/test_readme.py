"""The README's examples run and print what it says: the Python API snippet (doctest-style:
its ``# [...]`` comment is the expected output) and the Quick start's lines of output."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT
from storygraph.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_block() -> str:
    after = README.split("The library is the API", 1)[1]
    found = re.search(r"```python\n(.*?)```", after, re.DOTALL)
    assert found is not None
    return found.group(1)


def quick_start_output() -> list[str]:
    found = re.search(r"```text\n(.*?)```", README.split("## Quick start", 1)[1], re.DOTALL)
    assert found is not None
    return found.group(1).splitlines()


def shape(line: str) -> str:
    """A table line with its numbers and runs of spaces or dashes made alike."""
    return re.sub(r"-+", "-", re.sub(r"\d+", "N", " ".join(line.split())))


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The README's Python snippet run in a folder holding a copy of examples/."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", folder / "examples")
    code = python_block()
    out = io.StringIO()
    with contextlib.chdir(folder), contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    return folder, out.getvalue()


def test_the_api_snippet_needs_one_import() -> None:
    imports = [line for line in python_block().splitlines() if "import" in line]
    assert imports == ["import storygraph"]


def test_the_api_snippet_prints_what_its_comment_says(readme_run: tuple[Path, str]) -> None:
    _, printed = readme_run
    expected = re.findall(r"print\(.*\)\s+# (.*)", python_block())
    assert printed.splitlines() == expected


def test_the_quick_start_shows_real_output(readme_run: tuple[Path, str]) -> None:
    folder, _ = readme_run
    shown = quick_start_output()
    store = str(folder / "storygraph-data")
    rows = CliRunner().invoke(cli, ["--store", store, "query", "--named", "entities"]).stdout
    # the same rows, up to the counts and column widths (extraction improves)
    assert [shape(line) for line in shown[1:]] == [shape(line) for line in rows.splitlines()[:3]]
    assert re.fullmatch(
        r"3 article\(s\) ingested, 0 unchanged and skipped, 0 failed; \d+ entities, \d+ "
        r"mentions, \d+ triples written",
        shown[0],
    )
