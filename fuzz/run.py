"""Fuzz storygraph's readers and extractor with hypothesis for a bounded time (`make fuzz`).

Usage::

    python fuzz/run.py [--seconds 300] [--target NAME|all] [--seed N]

Each target is a hypothesis property run again and again, a batch of examples at a time,
until its share of the time is spent (with ``all``, each target an equal share). Besides the
two below, ``fuzz/hostile.py`` holds the targets for what an attacker controls:
``frontmatter``, ``jsonl``, ``sparql`` (the read-only check, against Oxigraph as the oracle)
and ``rdf`` (the RDF loader).

* ``readers``: bytes (arbitrary, or near-misses of each format: text in several encodings,
  YAML front matter, HTML, JSON Lines) written to a temporary file of every suffix storygraph
  reads, then ``read_articles``. Every input must give an article or a message, never an
  exception, and an article's text, blocks and id must be sound.
* ``extract``: text (arbitrary Unicode, or news-like phrases with time expressions, numbers
  and quotes) with a publication date anywhere in years 1-9999, through ``extract_article``
  and ``extraction_to_graph``: no exception, every mention's offsets point at its text, and
  the graph parses as N-Triples.

A crash is shrunk by hypothesis to a minimal input and printed once; the run then goes on
looking for crashes of other kinds (a kind is the exception type and the innermost
storygraph line it came from). The last lines say how many inputs were tried, for how long,
and how many kinds of crash were found; the exit status is 1 if there were any. Crashes
found are kept as regression tests in ``tests/test_hostile.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "fuzz"))

from hostile import TARGETS  # noqa: E402 (after the path is set)

SUFFIXES = (".txt", ".md", ".html", ".jsonl", "")
BATCH = 200


@dataclass
class Target:
    """One fuzzed function and what it found."""

    name: str
    tried: int = 0
    seconds: float = 0.0
    crashes: dict[str, str] = field(default_factory=dict)

    def signature(self, exc: BaseException) -> str:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "/storygraph/" in f.filename] or frames
        where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        return f"{type(exc).__name__} at {where}"

    def guard(self, check: Callable[[], None]) -> None:
        """Run one example; a crash of a kind already reported counts as a pass."""
        self.tried += 1
        try:
            check()
        except Exception as exc:
            if self.signature(exc) in self.crashes:
                return
            raise


# -- readers -------------------------------------------------------------------------------------

_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-11-26", "0000-01-01", "9999-12-31T25:00:00Z", "November 26, 2026"]),
)
_JSON = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_KEYS = st.sampled_from(
    ["id", "title", "text", "html", "published", "date", "publisher", "author", "url"]
)
_TEXT = st.text(max_size=300)
_ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252", "latin-1", "utf-32"])


@st.composite
def _encoded(draw: st.DrawFn) -> bytes:
    text = draw(_TEXT)
    return text.encode(draw(_ENCODINGS), "replace")


@st.composite
def _front_matter(draw: st.DrawFn) -> bytes:
    lines = draw(
        st.lists(
            st.one_of(
                st.builds(
                    lambda k, v: f"{k}: {v}", _KEYS, _TEXT.map(lambda t: t.replace("\n", " "))
                ),
                st.builds(lambda k, v: f"{k}: {json.dumps(v)}", _KEYS, _JSON),
                st.sampled_from(
                    [
                        "- a",
                        "&a [x]",
                        "b: *a",
                        "!!binary aGk=",
                        "x: !!set {a}",
                        "published: 2026-02-30",
                        "{",
                        "]",
                        "\t",
                    ]
                ),
            ),
            max_size=6,
        )
    )
    body = draw(_TEXT)
    return ("---\n" + "\n".join(lines) + "\n---\n" + body).encode("utf-8", "surrogatepass")


_TAGS = st.sampled_from(
    [
        "p",
        "div",
        "article",
        "script",
        "style",
        "iframe",
        "h1",
        "title",
        "meta",
        "span",
        "body",
        "html",
        "!--",
        "br",
        "a",
        "table",
        "td",
    ]
)


@st.composite
def _html(draw: st.DrawFn) -> bytes:
    parts: list[str] = []
    depth = draw(st.integers(0, 300))
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(_TAGS)
        attrs = draw(
            st.sampled_from(
                [
                    "",
                    ' class="x"',
                    ' content="2026-11-26"',
                    ' property="article:published_time"',
                    " onerror=x",
                ]
            )
        )
        text = draw(_TEXT)
        parts.append(f"<{tag}{attrs}>{text}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    page = "<html><body>" + "<div>" * depth + "".join(parts) + "</div>" * depth + "</body></html>"
    return page.encode("utf-8", "surrogatepass")


@st.composite
def _jsonl(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        record = draw(st.dictionaries(_KEYS, _JSON | _TEXT, max_size=6))
        line = json.dumps(record)
        if draw(st.integers(0, 9)) == 0:
            line = line[: draw(st.integers(0, len(line)))]
        lines.append(line)
    return "\n".join(lines).encode()


READER_INPUTS = st.one_of(
    st.binary(max_size=2000),
    _encoded(),
    _front_matter(),
    _html(),
    _jsonl(),
)


def readers(target: Target, workdir: Path) -> Callable[[], None]:
    from storygraph.readers import read_articles

    @given(data=READER_INPUTS, suffix=st.sampled_from(SUFFIXES))
    def check(data: bytes, suffix: str) -> None:
        def run() -> None:
            path = workdir / f"input{suffix}"
            path.write_bytes(data)
            for result in read_articles([str(path)]):
                assert (result.article is None) != (result.error is None), result
                if result.article is None:
                    assert isinstance(result.error, str) and result.error
                    continue
                a = result.article
                assert a.text.strip(), a
                assert not any("\ud800" <= c <= "\udfff" for c in a.text)
                assert a.id and all(c.isascii() and (c.isalnum() or c == "-") for c in a.id)
                for b in a.blocks:
                    assert 0 <= b.start < b.end <= len(a.text)

        target.guard(run)

    return check  # type: ignore[no-any-return]


# -- extractor -----------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Meta",
        "Business Insider",
        "told",
        "them",
        "said",
        "last month",
        "next year",
        "next decade",
        "tomorrow",
        "yesterday",
        "on Wednesday",
        "in 2026",
        "7,000",
        "$5 billion",
        "30 days",
        "roughly",
        "about",
        "engineers",
        "the memo",
        "the company",
        "it",
        "\n",
        "- ",
        "Key Takeaways\n",
        ".",
        ",",
        "—",
        '"',
        "“",
        "”",
        "'s",
        "Apple",
        "iPhone 4",
        "according to",
        "sources",
        "did not say",
        "may",
        "could",
        "not",
        "who",
        "?",
        "(",
        ")",
        "Q3",
        "1990s",
        "the 80s",
        "mid-2025",
        "three weeks ago",
        "by Friday",
        "at 9 a.m.",
        "20%",
        "half",
        "a dozen",
        "Dr.",
        "U.S.",
        "Jan. 5",
        "5-6",
        "#",
        "<b>",
        "&amp;",
    ]
)
TEXTS = st.one_of(
    st.text(min_size=1, max_size=400),
    st.lists(_WORDS, min_size=1, max_size=60).map(" ".join),
)


def extract(target: Target, nlp: Any) -> Callable[[], None]:
    import pyoxigraph as ox

    from storygraph.extract import extract_article
    from storygraph.rdf.mint import extraction_to_graph
    from storygraph.records import Article

    @given(
        text=TEXTS,
        published=st.none()
        | st.sampled_from([date(1, 1, 1), date(9999, 12, 31)])  # the calendar's edges
        | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    )
    def check(text: str, published: date | None) -> None:
        def run() -> None:
            ext = extract_article(Article(id="fuzz", text=text, published=published), nlp)
            spans = [m for e in ext.entities for m in e.mentions]
            spans += [t.mention for t in ext.times] + [q.mention for q in ext.quantities]
            for m in spans:
                assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
            write = extraction_to_graph(ext)
            ox.parse("".join(f"{t} .\n" for t in write.triples), format=ox.RdfFormat.N_TRIPLES)

        target.guard(run)

    return check  # type: ignore[no-any-return]


# -- the driver ----------------------------------------------------------------------------------


def fuzz(target: Target, check: Callable[[], None], seconds: float, seed: int | None) -> None:
    database = DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "fuzz" / target.name))
    configured = settings(
        max_examples=BATCH,
        deadline=None,
        database=database,
        phases=[Phase.reuse, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )(check)
    start = time.monotonic()
    round_ = 0
    while time.monotonic() - start < seconds:
        round_ += 1
        if seed is not None:  # what @hypothesis.seed sets, new for each round
            configured._hypothesis_internal_use_seed = seed + round_  # type: ignore[attr-defined]
        try:
            configured()
        except BaseException as exc:  # a crash, or several
            if isinstance(exc, KeyboardInterrupt):
                raise
            found = exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,)
            for crash in found:
                _report(target, crash)
    target.seconds = time.monotonic() - start


def _report(target: Target, crash: BaseException) -> None:
    signature = target.signature(crash)
    if signature in target.crashes:
        return
    # the message, then hypothesis's notes: the minimal input and how to reproduce it
    target.crashes[signature] = "".join(traceback.format_exception_only(crash)).strip()
    print(f"\n[{target.name}] CRASH {signature}\n{target.crashes[signature]}\n", flush=True)
    tb = "".join(traceback.format_tb(crash.__traceback__)[-4:])
    print(tb, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="total time budget")
    parser.add_argument("--target", choices=["readers", "extract", *TARGETS, "all"], default="all")
    parser.add_argument("--seed", type=int, default=None, help="make a run repeatable")
    args = parser.parse_args(argv)
    names = ["readers", "extract", *TARGETS] if args.target == "all" else [args.target]
    share = args.seconds / len(names)
    targets: list[Target] = []
    with tempfile.TemporaryDirectory(prefix="storygraph-fuzz-") as tmp:
        for name in names:
            target = Target(name)
            targets.append(target)
            if name == "readers":
                check = readers(target, Path(tmp))
            elif name in TARGETS:
                check = TARGETS[name](target)
            else:
                from storygraph.extract import load_pipeline

                check = extract(target, load_pipeline())
            print(f"[{name}] fuzzing for {share:.0f} s …", flush=True)
            fuzz(target, check, share, args.seed)
    print()
    total = 0
    for t in targets:
        rate = t.tried / t.seconds if t.seconds else 0.0
        print(
            f"{t.name}: {t.tried} inputs in {t.seconds:.0f} s ({rate:.0f}/s), "
            f"{len(t.crashes)} kind(s) of crash"
        )
        for signature in t.crashes:
            print(f"  - {signature}")
        total += len(t.crashes)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
