"""Read TimeML (TempEval-3 ``.tml``) files: the creation time and the inline TIMEX3s.

The document text is the content of ``<TEXT>`` with every tag removed (``<TIMEX3>``,
``<EVENT>``, ``<SIGNAL>`` …; their text is kept), XML entities decoded, and leading and
trailing whitespace trimmed; TIMEX3 offsets are character offsets into that text.
``<MAKEINSTANCE>``, ``<TLINK>`` and other elements outside ``<TEXT>`` are ignored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from storygraph.errors import EvaluationError
from storygraph.evaluate.gold import gold_files
from storygraph.evaluate.meantime import GoldTimex
from storygraph.evaluate.scoring import Span

__all__ = ["TimemlDocument", "read_timeml", "read_timeml_file"]


@dataclass
class TimemlDocument:
    """One TimeML file: text, creation date and the TIMEX3s inside ``<TEXT>``."""

    id: str
    path: Path
    text: str
    published: date | None
    timexes: list[GoldTimex] = field(default_factory=list)
    creation_time: str | None = None


def read_timeml(path: str | Path) -> list[TimemlDocument]:
    """Read one ``.tml`` file or every ``*.tml`` file under a directory.

    Args:
        path: A file or a directory (searched recursively).

    Returns:
        The documents, sorted by path.

    Raises:
        EvaluationError: The path does not exist, holds no ``.tml`` file, or a file cannot
            be read.
    """
    root = Path(path)
    if not root.exists():
        raise EvaluationError(f"TimeML gold data not found: {root}")
    if root.is_file():
        return [read_timeml_file(root)]
    return [read_timeml_file(p) for p in gold_files(root, ".tml", "TimeML")]


def read_timeml_file(path: str | Path) -> TimemlDocument:
    """Read one TimeML file.

    Args:
        path: The ``.tml`` file.

    Returns:
        The document; ``published`` is the date of the DCT TIMEX3 (None without a DCT).

    Raises:
        EvaluationError: The file is not well-formed XML or has no ``<TEXT>``.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvaluationError(f"cannot read TimeML file {path}: {exc}") from exc
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise EvaluationError(f"{path}: no <TEXT> element")

    parts: list[str] = []
    raw: list[tuple[ET.Element, int, int]] = []

    def walk(el: ET.Element, offset: int) -> int:
        if el.text:
            parts.append(el.text)
            offset += len(el.text)
        for child in el:
            start = offset
            offset = walk(child, offset)
            if child.tag == "TIMEX3":
                raw.append((child, start, offset))
            if child.tail:
                parts.append(child.tail)
                offset += len(child.tail)
        return offset

    walk(text_el, 0)
    full = "".join(parts)
    stripped = full.lstrip()
    shift = len(full) - len(stripped)
    text = stripped.rstrip()

    timexes: list[GoldTimex] = []
    for number, (el, start, end) in enumerate(raw):
        start, end = start - shift, end - shift
        if end <= start:
            continue
        timexes.append(
            GoldTimex(
                m_id=el.get("tid") or f"t{number}",
                span=Span(start, end),
                text=text[start:end],
                sentence=None,
                type=el.get("type") or "",
                value=(el.get("value") or "").strip(),
                function_in_document=el.get("functionInDocument") or "NONE",
            )
        )
    timexes.sort(key=lambda t: (t.span, t.m_id))

    creation_time: str | None = None
    for timex_el in root.iter("TIMEX3"):
        if timex_el.get("functionInDocument") == "CREATION_TIME":
            creation_time = timex_el.get("value")
            break
    if creation_time is None:
        dct = root.find(".//DCT/TIMEX3")
        creation_time = dct.get("value") if dct is not None else None
    published = None
    if creation_time:
        try:
            published = date.fromisoformat(creation_time[:10])
        except ValueError:
            published = None
    docid = root.find(".//DOCID")
    doc_id = (docid.text or "").strip() if docid is not None else ""
    return TimemlDocument(
        id=doc_id or path.stem,
        path=path,
        text=text,
        published=published,
        timexes=timexes,
        creation_time=creation_time,
    )
