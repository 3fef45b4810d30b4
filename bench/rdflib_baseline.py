"""The rdflib baseline of bench_store.py, run in its own process so that it can be capped.

Loads an N-Quads file into an in-memory ``rdflib.Dataset`` (the article graphs, the ontology
and the default-graph union copy: what the embedded store holds) and runs each query once,
each stopped after ``--timeout`` seconds (SIGALRM; rdflib evaluates in Python, so the alarm
interrupts it). Prints one JSON object per line as it goes, so a parent that has to kill it
still has what was measured; a query rdflib fails on (its bugs: rdflib 7.6 raises
``NotBoundError`` on ``GROUP_CONCAT(DISTINCT ?x)`` where ``?x`` is unbound) is reported as
such and the next one runs.

    .venv/bin/python bench/rdflib_baseline.py data.nq queries.json --timeout 60
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import time
from pathlib import Path
from types import FrameType


class Timeout(Exception):
    """The query ran past its cap."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Timeout


def _say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("queries", type=Path, help="JSON: [[name, text], …]")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)

    import rdflib

    queries: list[list[str]] = json.loads(args.queries.read_text(encoding="utf-8"))
    start = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(str(args.data), format="nquads")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    _say(load=time.perf_counter() - start, quads=len(ds), rss=rss)
    signal.signal(signal.SIGALRM, _alarm)
    for name, text in queries:
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.timeout)
        try:
            rows = len(list(ds.query(text)))
        except Timeout:
            _say(query=name, timeout=args.timeout)
            continue
        except Exception as exc:  # rdflib's own failure (a bug of its): say it, go on
            _say(query=name, error=f"{type(exc).__name__}: {exc}")
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        _say(query=name, seconds=time.perf_counter() - start, rows=rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
