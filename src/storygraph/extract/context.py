"""What the event, claim and question finders share: the lookups and spans of the parse.

Argument heads of spaCy's dependency parse are mapped to the entities :mod:`.entities`
resolved and the times :mod:`.times` found, so "it told them" becomes Meta told the 7,000
engineers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from storygraph.extract.credits import dateline_length
from storygraph.extract.parsed import Parsed, ParsedBlock
from storygraph.records import EntityKind, Extraction, Mention, TimeExpression

__all__ = ["Context", "arg_mention", "in_dateline", "kind_of", "span_of", "subject_of"]


@dataclass
class Context:
    """One article's parse, what was found in it so far, and lookups into both."""

    parsed: Parsed
    finder: Any
    ext: Extraction
    times_by_start: dict[int, TimeExpression]
    durations: list[tuple[int, str]] = field(default_factory=list)
    time_at: dict[int, str] = field(default_factory=dict)
    #: the characters of time expressions, sorted
    time_positions: list[int] = field(default_factory=list)
    times: dict[str, TimeExpression] = field(default_factory=dict)
    spans: list[tuple[int, int, str, bool]] = field(default_factory=list)

    def entity_at(self, pb: ParsedBlock, tok: Any) -> str | None:
        key: str | None = self.finder.by_token.get((id(pb.doc), tok.i))
        return key

    def entity_in(self, pb: ParsedBlock, tok: Any) -> str | None:
        """The entity of an argument: its head, else a possessor or compound inside it."""
        key = self.entity_at(pb, tok)
        if key:
            return key
        # an apposed name is who the phrase is, a premodifier only describes it: "the
        # United States attorney, Zachary Fardon" is Zachary Fardon
        for child in sorted(tok.children, key=lambda c: c.dep_ != "appos"):
            if child.dep_ in ("compound", "nmod", "appos", "nummod"):
                key = self.entity_at(pb, child)
                if key:
                    return key
        return None

    def time_in(self, pb: ParsedBlock, tok: Any) -> str | None:
        return self.time_at.get(pb.block.start + tok.idx)

    def times_within(self, start: int, end: int) -> bool:
        """Whether a time expression has a character in ``[start, end)``."""
        i = bisect.bisect_left(self.time_positions, start)
        return i < len(self.time_positions) and self.time_positions[i] < end

    def inside(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """Entities with a mention, and events with a trigger, within ``[start, end)``."""
        i = bisect.bisect_left(self.spans, (start,))
        entities: list[str] = []
        events: list[str] = []
        while i < len(self.spans) and self.spans[i][0] < end:
            _, e, key, is_event = self.spans[i]
            if e <= end:
                (events if is_event else entities).append(key)
            i += 1
        return list(dict.fromkeys(entities)), list(dict.fromkeys(events))

    def index(self) -> None:
        """Build the lookups: time by character, entity and event mentions by position."""
        self.time_at = {
            pos: t.key for t in self.ext.times for pos in range(t.mention.start, t.mention.end)
        }
        self.time_positions = sorted(self.time_at)
        self.times = {t.key: t for t in self.ext.times}
        spans = [(m.start, m.end, e.key, False) for e in self.ext.entities for m in e.mentions]
        spans += [
            (m.start, m.end, ev.key, True)
            for ev in self.ext.events
            for m in (ev.trigger, *ev.mentions)
        ]
        self.spans = sorted(spans)


def arg_mention(ctx: Context, pb: ParsedBlock, tok: Any) -> Mention:
    doc = pb.doc
    left = tok.i
    for t in reversed(list(tok.lefts)):
        if t.dep_ in ("det", "amod", "compound", "nummod", "poss", "case", "nmod", "quantmod"):
            left = min(left, t.left_edge.i)
    span = doc[left : tok.i + 1]
    return ctx.parsed.span_mention(pb, span)


def in_dateline(tok: Any) -> bool:
    """A dateline's place ("DETROIT —", "BRUSSELS (Reuters) -"), which the parser may take
    for the subject."""
    return bool(tok.i <= 8 and tok.idx < dateline_length(tok.doc.text))


def subject_of(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if in_dateline(child):
                # "DETROIT — Ford … reported": the subject is what the dateline heads
                other = [c for c in verb.children if c.dep_ == "nsubj" and c.i != child.i]
                other += [c for c in child.children if c.dep_ == "appos"]
                if other:
                    return other[0]
                continue
            return child
    # coordination: "Meta reassigned … then reversed course" shares the subject
    if verb.dep_ == "conj":
        return subject_of(verb.head)
    if verb.dep_ in ("xcomp", "dep") and verb.head.i != verb.i:
        return subject_of(verb.head)
    # a non-finite adverbial clause shares the main clause's subject ("…, citing …")
    if (
        verb.dep_ in ("advcl", "pcomp")
        and verb.tag_ in ("VBG", "VB", "VBN")
        and verb.head.i != verb.i
    ):
        head = verb.head if verb.dep_ == "advcl" else verb.head.head
        if head.pos_ in ("VERB", "AUX"):
            return subject_of(head)
    return None


def kind_of(ctx: Context, key: str) -> EntityKind | None:
    for e in ctx.ext.entities:
        if e.key == key:
            return e.kind
    return None


def span_of(ctx: Context, pb: ParsedBlock, toks: list[Any]) -> Mention | None:
    if not toks:
        return None
    doc = pb.doc
    start = min(t.left_edge.i for t in toks)
    end = max(t.right_edge.i for t in toks) + 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ('"', "”", "'"):
        end -= 1
    while start < end and doc[start].is_punct and doc[start].text not in ('"', "“"):
        start += 1
    if start >= end:
        return None
    return ctx.parsed.span_mention(pb, doc[start:end])
