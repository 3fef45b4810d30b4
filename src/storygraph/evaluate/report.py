"""The evaluation report: per-task scores, as JSON and as a plain text table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storygraph.evaluate.scoring import Score, TaskScore

__all__ = ["Report"]


@dataclass
class Report:
    """Scores of one evaluation run.

    Attributes:
        tasks: Task name → score, in a fixed order (entities, times, quantities,
            participants, cross-document, attribution); tasks the gold cannot score are
            absent.
        documents: How many gold documents were evaluated.
        corpus: What was evaluated (a label, usually the gold path).
        baseline: Whether the scores are those of the spaCy baseline.
    """

    tasks: dict[str, TaskScore] = field(default_factory=dict)
    documents: int = 0
    corpus: str = ""
    baseline: bool = False

    def to_json(self) -> dict[str, dict[str, Any]]:
        """``{task: {precision, recall, f1, tp, fp, fn, [by_type], [extra figures]}}``.

        ``by_type`` maps each type to ``{precision, recall, f1, tp, fp, fn}`` and is present
        only for tasks with a type breakdown. Extra figures (e.g. ``value_accuracy``,
        ``value_correct``, ``value_total`` for quantities) are further keys of the task.
        """
        out: dict[str, dict[str, Any]] = {}
        for name, task in self.tasks.items():
            entry: dict[str, Any] = dict(task.overall.to_dict())
            if task.by_type:
                entry["by_type"] = {label: s.to_dict() for label, s in task.by_type.items()}
            entry.update(task.extra)
            out[name] = entry
        return out

    def format_table(self) -> str:
        """A plain, aligned text table: one row per task, indented rows per type."""
        header = ["task", "type", "P", "R", "F1", "TP", "FP", "FN"]
        rows: list[list[str]] = []
        notes: list[str] = []
        for name, task in self.tasks.items():
            rows.append(_row(name, "all", task.overall))
            for label, score in task.by_type.items():
                rows.append(_row("", label, score))
            if task.extra:
                figures = ", ".join(
                    f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}"
                    for key, value in task.extra.items()
                )
                notes.append(f"{name}: {figures}")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: list[str]) -> str:
            left = [cells[i].ljust(widths[i]) for i in range(2)]
            right = [cells[i].rjust(widths[i]) for i in range(2, len(cells))]
            return "  ".join(left + right).rstrip()

        title = f"{self.corpus or 'evaluation'}: {self.documents} documents"
        if self.baseline:
            title += " (spaCy baseline)"
        out = [title, line(header), line(["-" * w for w in widths])]
        out.extend(line(r) for r in rows)
        if not rows:
            out.append("(no task could be scored)")
        out.extend(notes)
        return "\n".join(out)


def _row(task: str, label: str, score: Score) -> list[str]:
    return [
        task,
        label,
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
        str(score.tp),
        str(score.fp),
        str(score.fn),
    ]
