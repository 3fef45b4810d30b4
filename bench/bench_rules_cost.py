"""CPU cost of storygraph's extraction rules over plain spaCy, on the MEANTIME dev texts.

Runs ``extract_article`` over the 60 development articles (best of three passes) and
``nlp.pipe`` over the same texts, in one process, and prints both CPU times and their ratio.
CPU seconds (``time.process_time``) rather than wall time, so that other work on the machine
distorts the figure less. Compare two versions of storygraph by running this script under
each (``PYTHONPATH=<checkout>/src``): the ratio's change is the rules' added cost.

    python bench/bench_rules_cost.py [MEANTIME_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from storygraph.evaluate.meantime import read_meantime_file
from storygraph.extract import extract_article, load_pipeline
from storygraph.records import Article

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "meantime-dev"


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else DEFAULT
    files = sorted((root / "intra-doc_annotation").rglob("*.xml"))
    if not files:
        print(f"no MEANTIME files under {root}", file=sys.stderr)
        return 1
    nlp = load_pipeline()
    docs = [read_meantime_file(f) for f in files]
    articles = [Article(id=f"d{i}", text=d.text, published=d.published) for i, d in enumerate(docs)]
    for article in articles[:5]:  # warm the pipeline
        extract_article(article, nlp)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for article in articles:
            extract_article(article, nlp)
        best = min(best, time.process_time() - start)
    start = time.process_time()
    for _ in nlp.pipe(a.text for a in articles):
        pass
    raw = time.process_time() - start
    print(
        f"{len(articles)} articles: extract {best:.2f} CPU-s, raw spaCy {raw:.2f} CPU-s, "
        f"ratio {best / raw:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
