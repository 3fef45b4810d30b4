"""Read brat standoff attribution annotation (PolNeAR style) with its text.

``T`` lines are text-bound spans (``T12<TAB>Label start end[;start end]<TAB>text``), ``E``
lines tie one attribution together (``E3<TAB>Attribution:T12 Source:T9 Cue:T10
Content:T11``). Only events whose type starts with ``Attribution`` (``Attribution``,
``Attribution-no-source``) are gold attributions; ``Discuss`` and ``Discard`` are ignored,
as are ``A``, ``R``, ``N`` and ``#`` lines.

Text files are found as ``<stem>.txt`` beside ``<stem>.ann``, or, for a corpus that names
its files ``<article>_<annotator>.ann``, as ``text/<article>.txt`` beside the ``.ann`` file
(or beside its folder). Publication dates come from a ``metadata.tsv`` (columns
``filename`` and ``publication_date``) in the ``.ann`` file's folder or the one above.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from storygraph.errors import EvaluationError
from storygraph.evaluate.gold import gold_files
from storygraph.evaluate.scoring import Span

__all__ = [
    "BratDocument",
    "GoldAttribution",
    "TextBound",
    "read_brat",
    "read_brat_file",
]


@dataclass(frozen=True)
class TextBound:
    """A ``T`` line: an id, a label and a (possibly discontinuous) span."""

    id: str
    label: str
    span: Span
    text: str


@dataclass(frozen=True)
class GoldAttribution:
    """One attribution event: its source (if any), cue and content spans."""

    id: str
    type: str
    source: Span | None
    cue: Span | None
    content: Span | None


@dataclass
class BratDocument:
    """One ``.ann`` file with its text.

    ``id`` names the article (without the annotator suffix), so that several annotators'
    files of one article share it.
    """

    id: str
    ann_path: Path
    text_path: Path
    text: str
    published: date | None
    annotator: str | None = None
    spans: dict[str, TextBound] = field(default_factory=dict)
    attributions: list[GoldAttribution] = field(default_factory=list)


def read_brat(path: str | Path) -> list[BratDocument]:
    """Read one ``.ann`` file or every ``*.ann`` file under a directory.

    Args:
        path: An ``.ann`` file or a directory (searched recursively).

    Returns:
        The documents, sorted by ``.ann`` path.

    Raises:
        EvaluationError: The path does not exist, holds no ``.ann`` file, a text file is
            missing, or a file cannot be read.
    """
    root = Path(path)
    if not root.exists():
        raise EvaluationError(f"brat gold data not found: {root}")
    if root.is_file():
        return [read_brat_file(root)]
    metadata: dict[Path, dict[str, date | None]] = {}
    return [read_brat_file(p, metadata_cache=metadata) for p in gold_files(root, ".ann", "brat")]


def read_brat_file(
    ann_path: str | Path,
    *,
    text_path: str | Path | None = None,
    published: date | None = None,
    metadata_cache: dict[Path, dict[str, date | None]] | None = None,
) -> BratDocument:
    """Read one ``.ann`` file and its text.

    Args:
        ann_path: The ``.ann`` file.
        text_path: The ``.txt`` file; found as described in the module docstring if None.
        published: The publication date; looked up in ``metadata.tsv`` if None.
        metadata_cache: Parsed ``metadata.tsv`` files, shared between calls.

    Returns:
        The document.

    Raises:
        EvaluationError: The text file is missing, a line is malformed, offsets fall
            outside the text or do not cover the quoted span text, or an event names an
            unknown span.
    """
    ann = Path(ann_path)
    article, annotator = _article_name(ann)
    txt = Path(text_path) if text_path is not None else _find_text(ann, article)
    if txt is None:
        raise EvaluationError(
            f"{ann}: no text file (looked for {ann.with_suffix('.txt').name} beside it "
            f"and text/{article}.txt)"
        )
    if txt.stem != ann.stem:
        article_id = txt.stem
    else:
        article_id, annotator = ann.stem, None
    try:
        with txt.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        with ann.open(encoding="utf-8", newline="") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read brat files {ann} / {txt}: {exc}") from exc
    if published is None:
        published = _metadata_date(ann, article_id, metadata_cache)

    doc = BratDocument(
        id=article_id,
        ann_path=ann,
        text_path=txt,
        text=text,
        published=published,
        annotator=annotator,
    )
    events: list[tuple[str, str, list[tuple[str, str]]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{ann}, line {number}"
        if line.startswith("T"):
            bound = _text_bound(line, text, where)
            doc.spans[bound.id] = bound
        elif line.startswith("E"):
            events.append(_event(line, where))
    event_triggers = {eid: args for eid, _, args in events}
    for eid, etype, args in events:
        if not etype.startswith("Attribution"):
            continue
        roles: dict[str, list[Span]] = {}
        for role, ref in args:
            roles.setdefault(role, []).append(
                _resolve(ref, doc.spans, event_triggers, f"{ann}, event {eid}")
            )
        doc.attributions.append(
            GoldAttribution(
                id=eid,
                type=etype,
                source=_union(roles.get("Source")),
                cue=_union(roles.get("Cue")),
                content=_union(roles.get("Content")),
            )
        )
    return doc


_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


def _text_bound(line: str, text: str, where: str) -> TextBound:
    fields = line.split("\t")
    if len(fields) < 2 or " " not in fields[1]:
        raise EvaluationError(f"{where}: malformed T line {line!r}")
    label, offsets = fields[1].split(" ", 1)
    if not _OFFSETS.match(offsets):
        raise EvaluationError(f"{where}: malformed offsets {offsets!r}")
    pieces = [tuple(int(n) for n in piece.split()) for piece in offsets.split(";")]
    for start, end in pieces:
        if not 0 <= start <= end <= len(text):
            raise EvaluationError(
                f"{where}: offsets {start}-{end} outside the text ({len(text)} characters)"
            )
    span = Span.from_fragments((p[0], p[1]) for p in pieces)
    quoted = fields[2] if len(fields) > 2 else None
    found = " ".join(text[p[0] : p[1]] for p in pieces)
    if quoted is not None and quoted.split() != found.split():
        raise EvaluationError(
            f"{where}: span text {quoted!r} does not match the text at {offsets} ({found!r})"
        )
    return TextBound(fields[0], label, span, found)


def _event(line: str, where: str) -> tuple[str, str, list[tuple[str, str]]]:
    fields = line.split("\t")
    if len(fields) < 2 or not fields[1].strip():
        raise EvaluationError(f"{where}: malformed E line {line!r}")
    parts = fields[1].split()
    if ":" not in parts[0]:
        raise EvaluationError(f"{where}: malformed event trigger {parts[0]!r}")
    etype, trigger = parts[0].split(":", 1)
    args: list[tuple[str, str]] = []
    for part in parts[1:]:
        if ":" not in part:
            raise EvaluationError(f"{where}: malformed event argument {part!r}")
        role, ref = part.split(":", 1)
        args.append((role.rstrip("0123456789"), ref))
    return fields[0], etype, [("Trigger", trigger), *args]


def _resolve(
    ref: str,
    spans: dict[str, TextBound],
    events: dict[str, list[tuple[str, str]]],
    where: str,
) -> Span:
    seen: set[str] = set()
    while ref in events and ref not in seen:  # an event as argument: use its trigger
        seen.add(ref)
        ref = events[ref][0][1]
    if ref not in spans:
        raise EvaluationError(f"{where}: unknown span {ref!r}")
    return spans[ref].span


def _union(spans: list[Span] | None) -> Span | None:
    if not spans:
        return None
    return Span.from_fragments(piece for span in spans for piece in span.pieces)


def _article_name(ann: Path) -> tuple[str, str | None]:
    if "_" in ann.stem:
        article, annotator = ann.stem.rsplit("_", 1)
        return article, annotator
    return ann.stem, None


def _find_text(ann: Path, article: str) -> Path | None:
    candidates = [
        ann.with_suffix(".txt"),
        ann.parent / "text" / f"{article}.txt",
        ann.parent.parent / "text" / f"{article}.txt",
        ann.parent / f"{article}.txt",
    ]
    return next((c for c in candidates if c.is_file()), None)


def _metadata_date(
    ann: Path, article: str, cache: dict[Path, dict[str, date | None]] | None
) -> date | None:
    for folder in (ann.parent, ann.parent.parent):
        tsv = folder / "metadata.tsv"
        if not tsv.is_file():
            continue
        if cache is not None and tsv in cache:
            dates = cache[tsv]
        else:
            dates = _read_metadata(tsv)
            if cache is not None:
                cache[tsv] = dates
        if article in dates:
            return dates[article]
    return None


def _read_metadata(tsv: Path) -> dict[str, date | None]:
    try:
        with tsv.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"cannot read {tsv}: {exc}") from exc
    dates: dict[str, date | None] = {}
    for row in rows:
        name = (row.get("filename") or "").strip()
        if not name:
            continue
        stem = Path(name).name
        for suffix in (".txt", ".ann"):
            stem = stem.removesuffix(suffix)
        dates[stem] = _parse_date((row.get("publication_date") or "").strip())
    return dates


def _parse_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in ("%m/%d/%Y", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
