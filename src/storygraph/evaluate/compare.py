"""Generalisation: storygraph and plain spaCy side by side on each MEANTIME sub-corpus.

A rule tuned on one topic must also help the topic it was not tuned on. This runs the real
extractor and the spaCy baseline on every sub-corpus (``corpus_apple``, ``corpus_airbus`` …)
of a MEANTIME directory and lays the F1 figures out per task and entity type, with the
generalisation gap: the spread of storygraph's F1 across sub-corpora.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storygraph.evaluate.report import Report
from storygraph.evaluate.tasks import (
    CrossdocIdentity,
    Extractor,
    Identity,
    evaluate_meantime,
    meantime_subcorpora,
)

__all__ = ["CorpusComparison", "compare_by_corpus"]


@dataclass
class CorpusComparison:
    """Per sub-corpus, storygraph's report and the baseline's, in sub-corpus order."""

    corpus: str
    system: dict[str, Report] = field(default_factory=dict)
    baseline: dict[str, Report] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, list[float | None], float | None]]:
        """``(task, type, [F1 storygraph, F1 spaCy] per sub-corpus, gap)`` per table row."""
        out: list[tuple[str, str, list[float | None], float | None]] = []
        names = list(self.system)
        for task in self._tasks():
            labels = ["all", *self._labels(task)]
            for label in labels:
                cells: list[float | None] = []
                for name in names:
                    cells.append(_f1(self.system[name], task, label))
                    cells.append(_f1(self.baseline.get(name), task, label))
                mine = [c for c in cells[::2] if c is not None]
                gap = max(mine) - min(mine) if len(mine) > 1 else None
                out.append((task, label, cells, gap))
        return out

    def _tasks(self) -> list[str]:
        seen: dict[str, None] = {}
        for report in self.system.values():
            seen.update(dict.fromkeys(report.tasks))
        return list(seen)

    def _labels(self, task: str) -> list[str]:
        seen: dict[str, None] = {}
        for report in (*self.system.values(), *self.baseline.values()):
            if task in report.tasks:
                seen.update(dict.fromkeys(report.tasks[task].by_type))
        return sorted(seen)

    def to_json(self) -> dict[str, Any]:
        """``{sub-corpus: {"storygraph": report, "spacy": report}}`` (reports as in --json)."""
        return {
            name: {
                "storygraph": self.system[name].to_json(),
                "spacy": self.baseline[name].to_json() if name in self.baseline else None,
            }
            for name in self.system
        }

    def format_table(self) -> str:
        """F1 per task and type: storygraph and spaCy for each sub-corpus, then the gap."""
        names = list(self.system)
        header = ["task", "type"]
        for name in names:
            short = name.removeprefix("corpus_")
            header += [f"{short} sg", f"{short} spaCy"]
        header.append("gap")
        body: list[list[str]] = []
        last = ""
        for task, label, cells, gap in self.rows():
            body.append(
                [task if task != last else "", label]
                + ["—" if c is None else f"{c:.3f}" for c in cells]
                + ["" if gap is None else f"{gap:.3f}"]
            )
            last = task
        widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

        def line(cells: list[str]) -> str:
            left = [cells[i].ljust(widths[i]) for i in range(2)]
            right = [cells[i].rjust(widths[i]) for i in range(2, len(cells))]
            return "  ".join(left + right).rstrip()

        docs = ", ".join(f"{n} {self.system[n].documents}" for n in names)
        out = [f"MEANTIME {self.corpus} by sub-corpus ({docs} documents); F1", line(header)]
        out.append(line(["-" * w for w in widths]))
        out.extend(line(r) for r in body)
        out.append("gap: the spread of storygraph's F1 across sub-corpora (0 = holds everywhere)")
        return "\n".join(out)


def _f1(report: Report | None, task: str, label: str) -> float | None:
    if report is None or task not in report.tasks:
        return None
    score = report.tasks[task]
    if label == "all":
        return score.overall.f1
    found = score.by_type.get(label)
    return found.f1 if found is not None else None


def compare_by_corpus(
    path: str | Path,
    extractor: Extractor,
    baseline: Extractor,
    *,
    identity: Identity | None = None,
    progress: Callable[[str], None] | None = None,
    crossdoc: CrossdocIdentity | None = None,
) -> CorpusComparison:
    """Score ``extractor`` and ``baseline`` on each sub-corpus of a MEANTIME directory.

    Args:
        path: A MEANTIME directory whose documents sit in one folder per sub-corpus.
        extractor: storygraph's extractor.
        baseline: the plain spaCy extractor.
        identity: the cross-article identity of a system entity (default: kind and name).
        progress: called with each sub-corpus name before it is scored.
        crossdoc: storygraph's cross-document identity (see :func:`evaluate_meantime`).
    """
    comparison = CorpusComparison(corpus=Path(path).name)
    extra: dict[str, Any] = {"identity": identity} if identity is not None else {}
    if crossdoc is not None:
        extra["crossdoc"] = crossdoc
    for name in meantime_subcorpora(path):
        if progress is not None:
            progress(name)
        comparison.system[name] = evaluate_meantime(path, extractor, subcorpus=name, **extra)
        comparison.baseline[name] = evaluate_meantime(path, baseline, subcorpus=name, baseline=True)
    return comparison
