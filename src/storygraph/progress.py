"""Progress on stderr for long commands: a bar with counts and rate on a terminal, a line
every few seconds otherwise, nothing when quiet. Data goes to stdout, status to stderr.

::

    with Progress("ingest", "article", total=84) as bar:
        for ...:
            bar.update(done, note=source)
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

__all__ = ["Progress", "printable"]

_BAR = 24
#: What a terminal would act on rather than show: C0 and C1 controls (ESC starts the
#: sequences that move the cursor, recolour, retitle the window or clear the screen), DEL,
#: the bidirectional overrides and isolates that reorder what is shown, line and paragraph
#: separators, and lone surrogates (bytes of a name that were not UTF-8).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNPRINTABLE_LINE = re.compile(_UNPRINTABLE.pattern[:-1] + "\n\t]")


def printable(text: str, *, lines: bool = True) -> str:
    """``text`` safe to print on a terminal: every character a terminal would act on instead
    of showing, written as its Python escape (``\x1b``, ``\u202e``, ``\udcff``).

    A file name or an id is user data: printed raw, ``\x1b]2;…`` would retitle the window
    and ``\x1b[2J`` clear the screen. ``lines=False`` escapes newlines and tabs too (a name
    printed within one line of a message).
    """
    pattern = _UNPRINTABLE if lines else _UNPRINTABLE_LINE
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Progress:
    """Shows how far a command has got.

    Args:
        what: the command or step (``ingest``).
        unit: what is counted, singular (``article``).
        total: how many there are, when known (draws a bar).
        stream: where to write (default: stderr).
        quiet: show nothing.
        interval: seconds between lines when the stream is not a terminal.
        tty: whether the stream is a terminal (default: ask it).
        clock: seconds, monotonic (a test passes its own).
    """

    def __init__(
        self,
        what: str,
        unit: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        quiet: bool = False,
        interval: float = 10.0,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.unit = unit
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.interval = interval
        self.tty = self.stream.isatty() if tty is None else tty
        self.clock = clock
        self.start = clock()
        self.done = 0
        self._last_line = self.start
        self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _plural(self, n: int) -> str:
        return f"{n} {self.unit}{'' if n == 1 else 's'}"

    def line(self, note: str = "") -> str:
        """What the progress looks like now: counts, a bar when the total is known, rate."""
        elapsed = max(self.clock() - self.start, 1e-9)
        count = f"{self.done}/{self._plural(self.total)}" if self.total else self._plural(self.done)
        parts = [f"{self.what}:"]
        if self.total and self.tty:
            filled = min(_BAR, round(_BAR * self.done / self.total))
            parts.append("[" + "#" * filled + "." * (_BAR - filled) + "]")
        parts.append(count)
        parts.append(f"{self.done / elapsed:.1f}/s, {elapsed:.0f} s")
        text = " ".join(parts)
        return f"{text}  {printable(note, lines=False)}" if note else text

    def update(self, done: int, note: str = "") -> None:
        """``done`` items so far; redraw the bar, or write a line if ``interval`` has passed."""
        self.done = done
        if self.quiet:
            return
        if self.tty:
            self.stream.write("\r\x1b[K" + self.line(note[-50:]))
            self.stream.flush()
            self._drawn = True
            return
        now = self.clock()
        if now - self._last_line >= self.interval:
            self._last_line = now
            self.stream.write(self.line(note) + "\n")
            self.stream.flush()

    def count(self, done: int, total: int | None = None) -> None:
        """``done`` of ``total`` items (a total learnt on the way): a callback for exports."""
        if total is not None:
            self.total = total
        self.update(done)

    def advance(self, n: int = 1, note: str = "") -> None:
        """``n`` more items done."""
        self.update(self.done + n, note)

    def message(self, text: str) -> None:
        """What is going on before the first count (``loading the spaCy pipeline``), on a
        terminal only (a log gets the counts)."""
        if self.quiet or not self.tty:
            return
        self.stream.write("\r\x1b[K" + f"{self.what}: {text}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line (on a terminal)."""
        if self._drawn and not self.quiet:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
