"""A long article extracted a segment at a time: its blocks cut into runs, the runs' extractions
joined into one.

The parse of an article is held whole while it is extracted, and a spaCy Doc costs about
5 kB before its first token, so an article of 100,000 one-word lines would need gigabytes.
An article with more text or blocks than a segment holds (:data:`SEGMENT_CHARS`,
:data:`SEGMENT_BLOCKS`) is therefore extracted run by run, each run's Docs dropped before
the next is parsed. Within a segment nothing changes; across segments, an entity with the
same key (the same name and kind) is one entity, and numbered keys (``event:3``,
``doc:7``, ``time:2`` …) are numbered on so that they stay unique. A pronoun or "the
company" at the start of a segment does not reach back into the one before, and events and
claims are not merged across segments. Articles within both limits, that is nearly every
news article, are extracted whole as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storygraph.records import Article, Block, Entity, Extraction, Relation

__all__ = ["SEGMENT_BLOCKS", "SEGMENT_CHARS", "Joiner", "runs", "too_long"]

#: The most characters of text parsed and held at once (a longer article is segmented).
SEGMENT_CHARS = 100_000
#: The most blocks (headings, bullets, paragraphs: one spaCy Doc each) held at once.
SEGMENT_BLOCKS = 1_000

_NUMBERED = re.compile(r"(?P<prefix>[a-z]+(?::said)?):(?P<number>\d+)")


def too_long(chars: int, blocks: int) -> bool:
    """Whether text of ``chars`` characters in ``blocks`` blocks is more than a segment."""
    return chars > SEGMENT_CHARS or blocks > SEGMENT_BLOCKS


def runs(
    blocks: list[Block], chars: int | None = None, count: int | None = None
) -> Iterator[list[Block]]:
    """Runs of consecutive blocks of at most ``chars`` characters (default
    :data:`SEGMENT_CHARS`) and ``count`` blocks (:data:`SEGMENT_BLOCKS`) each; a block
    longer than ``chars`` is a run alone."""
    chars = SEGMENT_CHARS if chars is None else chars
    count = SEGMENT_BLOCKS if count is None else count
    run: list[Block] = []
    size = 0
    for block in blocks:
        length = block.end - block.start
        if run and (size + length > chars or len(run) >= count):
            yield run
            run, size = [], 0
        run.append(block)
        size += length
    if run:
        yield run


class Joiner:
    """Joins the extractions of an article's segments, in text order, into one."""

    def __init__(self, article: Article, model: str, version: str) -> None:
        self.extraction = Extraction(article=article, model=model, model_version=version)
        self._entities: dict[str, Entity] = {}
        self._next: dict[str, int] = {}  # numbered-key prefix -> first number still free

    @property
    def sentences(self) -> int:
        """Sentences so far: the next segment numbers its sentences from here."""
        return len(self.extraction.sentences)

    def add(self, part: Extraction) -> None:
        """Add the extraction of the next segment (its records are taken over, renamed)."""
        renames = self._renames(part)

        def key(k: str) -> str:
            return renames.get(k, k)

        def opt(k: str | None) -> str | None:
            return None if k is None else renames.get(k, k)

        out = self.extraction
        out.credit = out.credit or part.credit
        out.sentences.extend(part.sentences)
        for e in part.entities:
            e.key = key(e.key)
            same = self._entities.get(e.key)
            if same is None:
                self._entities[e.key] = e
                out.entities.append(e)
                continue
            same.mentions.extend(e.mentions)
            same.aliases |= (e.aliases | {e.name}) - {same.name, ""}
            same.size = same.size if same.size is not None else e.size
            same.description = same.description or e.description
        for t in part.times:
            t.key, t.anchor = key(t.key), opt(t.anchor)
            out.times.append(t)
        for q in part.quantities:
            q.key, q.measures = key(q.key), opt(q.measures)
            out.quantities.append(q)
        for ev in part.events:
            ev.key = key(ev.key)
            ev.agent, ev.patient, ev.recipient = opt(ev.agent), opt(ev.patient), opt(ev.recipient)
            ev.instrument, ev.place = opt(ev.instrument), opt(ev.place)
            ev.time, ev.quantity = opt(ev.time), opt(ev.quantity)
            out.events.append(ev)
        for c in part.claims:
            c.key, c.source, c.parent = key(c.key), opt(c.source), opt(c.parent)
            c.reported_to = opt(c.reported_to)
            c.about = [key(k) for k in c.about]
            out.claims.append(c)
        for oq in part.questions:
            oq.key, oq.withheld_by = key(oq.key), opt(oq.withheld_by)
            oq.about = [key(k) for k in oq.about]
            out.questions.append(oq)
        out.relations.extend(
            Relation(key(r.subject), r.predicate, key(r.object), r.evidence) for r in part.relations
        )

    def _renames(self, part: Extraction) -> dict[str, str]:
        """New names for the numbered keys of ``part``: numbered on from earlier segments."""
        keys = [
            *(e.key for e in part.entities),
            *(t.key for t in part.times),
            *(q.key for q in part.quantities),
            *(ev.key for ev in part.events),
            *(c.key for c in part.claims),
            *(oq.key for oq in part.questions),
        ]
        base = dict(self._next)
        renames: dict[str, str] = {}
        for k in keys:
            m = _NUMBERED.fullmatch(k)
            if m is None:
                continue  # a named entity: the same key in two segments is one entity
            prefix, number = m["prefix"], int(m["number"]) + base.get(m["prefix"], 0)
            renames[k] = f"{prefix}:{number}"
            self._next[prefix] = max(self._next.get(prefix, 0), number + 1)
        return renames
