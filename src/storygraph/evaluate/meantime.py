"""Read MEANTIME CAT XML files (NewsReader, Minard et al. 2016) into gold documents.

The text is rebuilt from the ``<token>`` elements: tokens joined by single spaces, sentences
separated by ``"\\n"``. Every markable is anchored to tokens, so every gold span is a
:class:`~storygraph.evaluate.scoring.Span` of character offsets into that text (several
fragments when its tokens are not adjacent).

Only sentences 0–5 (title, dateline and the first four body sentences) are annotated in the
intra-document layer; :attr:`MeantimeDocument.window_end` is where that part of the text
ends.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from storygraph.errors import EvaluationError
from storygraph.evaluate.gold import gold_files
from storygraph.evaluate.numbers import stated_number
from storygraph.evaluate.scoring import Span

__all__ = [
    "SCORED_SENTENCES",
    "GoldEntityMention",
    "GoldParticipant",
    "GoldTimex",
    "GoldValue",
    "MeantimeCorpus",
    "MeantimeDocument",
    "Token",
    "read_meantime",
    "read_meantime_file",
]

SCORED_SENTENCES = 6
"""Sentences 0 to 5 are annotated for mention-level tasks."""

INTRA_DOC = "intra-doc_annotation"
CROSS_DOC = "intra_cross-doc_annotation"


@dataclass(frozen=True)
class Token:
    """A ``<token>``: ``text`` sits at ``document.text[start:end]``."""

    t_id: str
    sentence: int
    number: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class GoldEntityMention:
    """An ``ENTITY_MENTION`` with the type and ids of the instance it refers to.

    ``instance`` is the ``m_id`` of the ``ENTITY`` element (document-local);
    ``instance_id`` its corpus-wide id (``instance_id`` attribute), when annotated.
    """

    m_id: str
    span: Span
    text: str
    sentence: int
    syntactic_type: str | None
    ent_type: str | None
    instance: str | None
    instance_id: str | None


@dataclass(frozen=True)
class GoldTimex:
    """A ``TIMEX3`` (also used for TimeML files, where ``sentence`` is None)."""

    m_id: str
    span: Span
    text: str
    sentence: int | None
    type: str
    value: str
    function_in_document: str = "NONE"


@dataclass(frozen=True)
class GoldValue:
    """A ``VALUE`` (QUANTITY, MONEY, PERCENT) and the number its text states, if one."""

    m_id: str
    span: Span
    text: str
    sentence: int
    type: str
    number: float | None


@dataclass(frozen=True)
class GoldParticipant:
    """A ``HAS_PARTICIPANT`` link from an event mention to a participant mention."""

    r_id: str
    event_m_id: str
    event_span: Span
    event_text: str
    participant_m_id: str
    participant_span: Span
    participant_text: str
    sem_role: str


@dataclass
class MeantimeDocument:
    """One CAT XML file: rebuilt text, publication date and the gold annotation."""

    id: str
    path: Path
    text: str
    tokens: list[Token]
    sentences: dict[int, tuple[int, int]]
    published: date | None
    publication_timex: GoldTimex | None
    entity_mentions: list[GoldEntityMention] = field(default_factory=list)
    timexes: list[GoldTimex] = field(default_factory=list)
    values: list[GoldValue] = field(default_factory=list)
    participants: list[GoldParticipant] = field(default_factory=list)
    url: str | None = None

    @property
    def window_end(self) -> int:
        """End offset of the last scored sentence (sentences 0–5)."""
        ends = [end for number, (_, end) in self.sentences.items() if number < SCORED_SENTENCES]
        return max(ends, default=0)

    @property
    def has_instance_ids(self) -> bool:
        """Whether any entity mention carries a corpus-wide ``instance_id``."""
        return any(m.instance_id for m in self.entity_mentions)


@dataclass
class MeantimeCorpus:
    """Documents for mention-level tasks and, when available, for cross-document linking.

    ``crossdoc`` is None when no file carries corpus-wide instance ids.
    """

    documents: list[MeantimeDocument]
    crossdoc: list[MeantimeDocument] | None


def read_meantime(path: str | Path) -> MeantimeCorpus:
    """Read MEANTIME gold data.

    Args:
        path: The corpus root (a directory holding ``intra-doc_annotation/`` and possibly
            ``intra_cross-doc_annotation/``), any directory of CAT XML files (searched
            recursively), or one CAT XML file.

    Returns:
        The corpus. For a corpus root, mention-level documents come from
        ``intra-doc_annotation`` and cross-document ones from
        ``intra_cross-doc_annotation``; otherwise the same files serve both, and
        ``crossdoc`` is set only if they carry ``instance_id`` attributes.

    Raises:
        EvaluationError: The path does not exist, holds no CAT XML file, or a file cannot
            be read.
    """
    root = Path(path)
    if not root.exists():
        raise EvaluationError(f"MEANTIME gold data not found: {root}")
    if root.is_file():
        documents = [read_meantime_file(root)]
        return MeantimeCorpus(documents, _with_instance_ids(documents))
    if (root / INTRA_DOC).is_dir():
        documents = _read_dir(root / INTRA_DOC)
        crossdoc: list[MeantimeDocument] | None = None
        if (root / CROSS_DOC).is_dir():
            crossdoc = _with_instance_ids(_read_dir(root / CROSS_DOC))
        if crossdoc is None:
            crossdoc = _with_instance_ids(documents)
        return MeantimeCorpus(documents, crossdoc)
    documents = _read_dir(root)
    return MeantimeCorpus(documents, _with_instance_ids(documents))


def _with_instance_ids(documents: list[MeantimeDocument]) -> list[MeantimeDocument] | None:
    return documents if any(d.has_instance_ids for d in documents) else None


def _read_dir(directory: Path) -> list[MeantimeDocument]:
    return [read_meantime_file(p) for p in gold_files(directory, ".xml", "MEANTIME CAT XML")]


def read_meantime_file(path: str | Path) -> MeantimeDocument:
    """Read one MEANTIME CAT XML file.

    Args:
        path: The ``.xml`` file.

    Returns:
        The gold document. Markables without token anchors (instances, empty TIMEX3s) have
        no span and are skipped; relations naming unknown markables are skipped.

    Raises:
        EvaluationError: The file is not well-formed XML, is not a CAT ``<Document>``, or
            has malformed tokens or anchors.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvaluationError(f"cannot read MEANTIME file {path}: {exc}") from exc
    if root.tag != "Document":
        raise EvaluationError(f"{path}: not a CAT XML file (root <{root.tag}>, not <Document>)")

    text, tokens = _rebuild_text(root, path)
    by_id = {t.t_id: t for t in tokens}
    sentences: dict[int, tuple[int, int]] = {}
    for tok in tokens:
        start, _ = sentences.get(tok.sentence, (tok.start, tok.end))
        sentences[tok.sentence] = (start, tok.end)

    markables = root.find("Markables")
    relations = root.find("Relations")
    elements = list(markables) if markables is not None else []
    anchored: dict[str, tuple[Span, str, int]] = {}
    instances: dict[str, ET.Element] = {}
    for el in elements:
        m_id = el.get("m_id")
        if m_id is None:
            continue
        if el.tag in ("ENTITY", "EVENT"):
            instances[m_id] = el
            continue
        anchors = [a.get("t_id") for a in el.iter("token_anchor")]
        if not anchors:
            continue
        try:
            toks = sorted({by_id[str(t)] for t in anchors}, key=lambda t: t.start)
        except KeyError as exc:
            raise EvaluationError(
                f"{path}: markable m_id={m_id} anchored to unknown token {exc.args[0]}"
            ) from exc
        anchored[m_id] = _span_of(toks)

    refers_to: dict[str, str] = {}
    participants_raw: list[tuple[str, str, str, str]] = []
    for rel in list(relations) if relations is not None else []:
        targets = [t.get("m_id") for t in rel.findall("target")]
        sources = [s.get("m_id") for s in rel.findall("source")]
        if rel.tag == "REFERS_TO" and targets and targets[0] is not None:
            for source in sources:
                if source is not None:
                    refers_to.setdefault(source, targets[0])
        elif rel.tag == "HAS_PARTICIPANT" and sources and targets:
            src, tgt = sources[0], targets[0]
            if src is not None and tgt is not None:
                role = rel.get("sem_role") or ""
                participants_raw.append((rel.get("r_id") or "", src, tgt, role))

    doc = MeantimeDocument(
        id=root.get("doc_name") or path.stem,
        path=path,
        text=text,
        tokens=tokens,
        sentences=sentences,
        published=None,
        publication_timex=None,
        url=root.get("url"),
    )
    for el in elements:
        m_id = el.get("m_id")
        if m_id is None or m_id not in anchored:
            continue
        span, span_text, sentence = anchored[m_id]
        if el.tag == "ENTITY_MENTION":
            instance = refers_to.get(m_id)
            inst_el = instances.get(instance) if instance is not None else None
            doc.entity_mentions.append(
                GoldEntityMention(
                    m_id=m_id,
                    span=span,
                    text=span_text,
                    sentence=sentence,
                    syntactic_type=el.get("syntactic_type") or None,
                    ent_type=inst_el.get("ent_type") or None if inst_el is not None else None,
                    instance=instance if inst_el is not None else None,
                    instance_id=inst_el.get("instance_id") or None if inst_el is not None else None,
                )
            )
        elif el.tag == "TIMEX3":
            doc.timexes.append(
                GoldTimex(
                    m_id=m_id,
                    span=span,
                    text=span_text,
                    sentence=sentence,
                    type=el.get("type") or "",
                    value=(el.get("value") or "").strip(),
                    function_in_document=el.get("functionInDocument") or "NONE",
                )
            )
        elif el.tag == "VALUE":
            doc.values.append(
                GoldValue(
                    m_id=m_id,
                    span=span,
                    text=span_text,
                    sentence=sentence,
                    type=el.get("type") or "",
                    number=stated_number(span_text),
                )
            )
    for r_id, src, tgt, role in participants_raw:
        if src not in anchored or tgt not in anchored:
            continue
        doc.participants.append(
            GoldParticipant(
                r_id=r_id,
                event_m_id=src,
                event_span=anchored[src][0],
                event_text=anchored[src][1],
                participant_m_id=tgt,
                participant_span=anchored[tgt][0],
                participant_text=anchored[tgt][1],
                sem_role=role,
            )
        )
    for items in (doc.entity_mentions, doc.timexes, doc.values):
        items.sort(key=lambda m: (m.span, m.m_id))
    doc.participants.sort(key=lambda p: (p.event_span, p.participant_span, p.sem_role))
    doc.publication_timex = _publication_timex(doc.timexes)
    if doc.publication_timex is not None:
        doc.published = _parse_date(doc.publication_timex.value)
    return doc


def _rebuild_text(root: ET.Element, path: Path) -> tuple[str, list[Token]]:
    parts: list[str] = []
    tokens: list[Token] = []
    offset = 0
    previous: int | None = None
    for el in root.iter("token"):
        t_id = el.get("t_id")
        try:
            sentence = int(el.get("sentence", ""))
            number = int(el.get("number", len(tokens)))
        except ValueError as exc:
            raise EvaluationError(f"{path}: token t_id={t_id} has a bad sentence/number") from exc
        if t_id is None:
            raise EvaluationError(f"{path}: a <token> has no t_id")
        if previous is not None:
            parts.append(" " if sentence == previous else "\n")
            offset += 1
        word = el.text or ""
        tokens.append(Token(t_id, sentence, number, word, offset, offset + len(word)))
        parts.append(word)
        offset += len(word)
        previous = sentence
    if not tokens:
        raise EvaluationError(f"{path}: no <token> elements")
    return "".join(parts), tokens


def _span_of(tokens: list[Token]) -> tuple[Span, str, int]:
    """The span of sorted tokens: one fragment per run of consecutive tokens."""
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and runs[-1][-1].number + 1 == tok.number and runs[-1][-1].sentence == tok.sentence:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    span = Span.from_fragments((run[0].start, run[-1].end) for run in runs)
    return span, " ".join(t.text for t in tokens), tokens[0].sentence


def _publication_timex(timexes: list[GoldTimex]) -> GoldTimex | None:
    for timex in timexes:
        if timex.function_in_document == "CREATION_TIME":
            return timex
    for timex in timexes:
        if timex.sentence == 1 and timex.type == "DATE":
            return timex
    return None


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
