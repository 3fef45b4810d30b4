"""Progress on stderr: a bar with counts and rate on a terminal, a line every few seconds
otherwise, nothing when quiet (a fake clock and stream make it exact); the commands that
take long (ingest, extract, load, export, eval) show it, and ``-q`` silences it."""

from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storygraph import clioptions
from storygraph.cli import cli
from storygraph.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_terminal_gets_a_bar_with_counts_and_rate() -> None:
    out, clock = io.StringIO(), Clock()
    with Progress("ingest", "article", total=8, stream=out, tty=True, clock=clock) as bar:
        bar.message("loading the spaCy pipeline")
        clock.now += 2
        bar.update(2, note="news/a.txt")
        clock.now += 2
        bar.advance(2, note="news/b.txt")
    assert out.getvalue() == (
        "\r\x1b[Kingest: loading the spaCy pipeline"
        "\r\x1b[Kingest: [######..................] 2/8 articles 1.0/s, 2 s  news/a.txt"
        "\r\x1b[Kingest: [############............] 4/8 articles 1.0/s, 4 s  news/b.txt"
        "\r\x1b[K"
    )


def test_a_log_gets_a_line_every_interval() -> None:
    out, clock = io.StringIO(), Clock()
    bar = Progress("load", "file", stream=out, tty=False, interval=10, clock=clock)
    bar.message("not in a log")
    for n in range(1, 26):
        clock.now += 1
        bar.update(n)
    bar.close()
    assert out.getvalue() == (
        "load: 10 files 1.0/s, 10 s\n"  # no bar without a terminal, no total
        "load: 20 files 1.0/s, 20 s\n"
    )


def test_quiet_shows_nothing() -> None:
    out = io.StringIO()
    with Progress("ingest", "article", 3, stream=out, tty=True, quiet=True) as bar:
        bar.message("loading")
        bar.update(1)
    assert out.getvalue() == ""


def test_one_of_a_unit_is_singular() -> None:
    clock = Clock()
    bar = Progress("load", "file", 1, stream=io.StringIO(), tty=False, clock=clock)
    clock.now += 1
    bar.done = 1
    assert bar.line() == "load: 1/1 file 1.0/s, 1 s"


def test_count_learns_the_total_on_the_way() -> None:
    out, clock = io.StringIO(), Clock()
    with Progress("export", "annotation", stream=out, tty=True, clock=clock) as bar:
        clock.now += 1
        bar.count(500, 1000)
    assert out.getvalue() == (
        "\r\x1b[Kexport: [############............] 500/1000 annotations 500.0/s, 1 s\r\x1b[K"
    )


# -- the commands: extract, export and eval show progress on stderr; -q silences it ----------

DATA = Path(__file__).parent / "data"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' progress drawn as on a terminal (CliRunner's stderr is none)."""
    monkeypatch.setattr(clioptions, "Progress", functools.partial(Progress, tty=True))


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def bar_lines(stderr: str) -> list[str]:
    return [s for s in stderr.split("\r\x1b[K") if s]


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = str(tmp_path / "store")
    run("-q", "--store", path, "load", str(DATA / "rdf" / "story.trig"))
    return path


def test_export_counts_annotations(terminal: None, store: str) -> None:
    result = run("--store", store, "export", "--format", "annotations")
    lines = bar_lines(result.stderr)
    assert lines[0] == "export: writing annotations"
    assert re.fullmatch(r"export: \[#{24}\] (\d+)/\1 annotations .*", lines[-1]), lines
    assert json.loads(result.stdout)["total"] == int(lines[-1].split("/")[0].split()[-1])


def test_export_of_a_drawing_says_what_it_does(terminal: None, store: str, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    result = run("--store", store, "export", "--format", "graphml", "-o", str(out))
    assert bar_lines(result.stderr)[0] == "export: drawing the graph as graphml"
    assert re.search(
        rf"\r\x1b\[Kwrote {re.escape(str(out))}: \d+ nodes, \d+ edges\n$", result.stderr
    )


@pytest.mark.parametrize("command", ["export", "extract", "eval"])
def test_q_silences_progress(terminal: None, store: str, tmp_path: Path, command: str) -> None:
    args = {
        "export": ["--store", store, "export", "--format", "annotations"],
        "extract": [
            "extract",
            str(DATA / "news" / "sport-final.txt"),
            "--published",
            "2016-10-31",
            "-o",
            str(tmp_path / "x.nq"),
        ],
        "eval": ["eval", "timeml", str(DATA / "timeml")],
    }[command]
    assert run("-q", *args).stderr == ""


def test_extract_counts_articles(terminal: None, tmp_path: Path) -> None:
    out = tmp_path / "news.nq"
    result = run("extract", str(DATA / "news"), "--published", "2016-10-31", "-o", str(out))
    lines = bar_lines(result.stderr)
    assert lines[0] == "extract: reading articles and loading the spaCy pipeline"
    counts = [int(m.group(1)) for line in lines if (m := re.match(r"extract: (\d+) article", line))]
    assert counts and counts[-1] == 5 and counts == sorted(counts)
    # the bar is cleared before the summary line
    assert result.stderr.rsplit("\r\x1b[K", 1)[1].startswith("5 article(s)")


def test_eval_counts_articles(terminal: None) -> None:
    result = run("eval", "timeml", str(DATA / "timeml"))
    lines = bar_lines(result.stderr)
    assert lines[0] == "eval: loading the pipeline and extracting"
    assert [line.split(",")[0].rsplit(" ", 1)[0] for line in lines[1:]] == [
        "eval: 1 article",
        "eval: 2 articles",
        "eval: 3 articles",
    ]
