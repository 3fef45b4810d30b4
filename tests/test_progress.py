"""Progress on stderr: a bar with counts and rate on a terminal, a line every few seconds
otherwise, nothing when quiet (a fake clock and stream make it exact)."""

from __future__ import annotations

import io

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
