"""An article parsed by spaCy block by block, with offsets into the article text."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from storygraph.records import Article, Block, BlockKind, Mention, Sentence

__all__ = ["Parsed", "ParsedBlock", "SpanSet"]


@dataclass
class ParsedBlock:
    """One heading, bullet or paragraph and its spaCy Doc."""

    block: Block
    doc: Any  # spacy.tokens.Doc
    first_sentence: int

    @cached_property
    def tokens(self) -> list[Any]:
        """The Doc's tokens, made once: iterating a Doc makes new Token objects every time,
        and extraction walks each block's tokens many times."""
        return list(self.doc)


@dataclass
class Parsed:
    """An article with its blocks parsed; every offset is into ``article.text``.

    A long article is parsed a segment (a run of its blocks) at a time: ``sentence_base``
    numbers the segment's sentences on from the segments before it, and ``segment`` is the
    part of the text its blocks cover (None: the whole article).
    """

    article: Article
    blocks: list[ParsedBlock]
    sentences: list[Sentence] = field(default_factory=list)
    _sent_index: dict[tuple[int, int], int] = field(default_factory=dict)

    _token_sentence: dict[int, list[int]] = field(default_factory=dict)
    sentence_base: int = 0
    segment: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        for pb in self.blocks:
            by_token = [0] * len(pb.doc)
            for k, sent in enumerate(pb.doc.sents):
                index = self.sentence_base + len(self.sentences)
                start = pb.block.start + sent.start_char
                end = pb.block.start + sent.end_char
                self.sentences.append(Sentence(index, start, end))
                self._sent_index[(id(pb.doc), sent.start)] = index
                by_token[sent.start : sent.end] = [index] * (sent.end - sent.start)
                if k == 0:
                    pb.first_sentence = index
            self._token_sentence[id(pb.doc)] = by_token

    @property
    def segment_text(self) -> str:
        """The text this parse covers: the article's, or its segment's (its offsets from 0)."""
        if self.segment is None:
            return self.article.text
        start, end = self.segment
        return self.article.text[start:end]

    def body_blocks(self) -> Iterator[ParsedBlock]:
        return (pb for pb in self.blocks if pb.block.kind is not BlockKind.HEADING)

    def sentence_of(self, pb: ParsedBlock, token: Any) -> int:
        """Index of the sentence holding ``token`` of block ``pb``."""
        index: int = self._token_sentence[id(pb.doc)][token.i]
        return index

    def mention(self, pb: ParsedBlock, start_char: int, end_char: int, token: Any) -> Mention:
        """A mention for doc-relative character offsets of block ``pb``."""
        text = self.article.text[pb.block.start + start_char : pb.block.start + end_char]
        # trim whitespace so that the span text is exactly what the offsets point at
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        s = pb.block.start + start_char + lead
        e = pb.block.start + end_char - trail
        return Mention(s, e, self.article.text[s:e], self.sentence_of(pb, token))

    def span_mention(self, pb: ParsedBlock, span: Any) -> Mention:
        return self.mention(pb, span.start_char, span.end_char, span[0])

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index - self.sentence_base]
        return self.article.text[s.start : s.end]


class SpanSet:
    """Non-overlapping character spans, answering "does this overlap any?" in log time."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans or []:
            if not self.overlaps(start, end):
                self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1  # the last span starting before ``end``
        return i >= 0 and self._ends[i] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
