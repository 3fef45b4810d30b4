"""An article parsed by spaCy block by block, with offsets into the article text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Block, BlockKind, Mention, Sentence

__all__ = ["Parsed", "ParsedBlock"]


@dataclass
class ParsedBlock:
    """One heading, bullet or paragraph and its spaCy Doc."""

    block: Block
    doc: Any  # spacy.tokens.Doc
    first_sentence: int


@dataclass
class Parsed:
    """An article with its blocks parsed; every offset is into ``article.text``."""

    article: Article
    blocks: list[ParsedBlock]
    sentences: list[Sentence] = field(default_factory=list)
    _sent_index: dict[tuple[int, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for pb in self.blocks:
            for k, sent in enumerate(pb.doc.sents):
                index = len(self.sentences)
                start = pb.block.start + sent.start_char
                end = pb.block.start + sent.end_char
                self.sentences.append(Sentence(index, start, end))
                self._sent_index[(id(pb.doc), sent.start)] = index
                if k == 0:
                    pb.first_sentence = index

    def body_blocks(self) -> Iterator[ParsedBlock]:
        return (pb for pb in self.blocks if pb.block.kind is not BlockKind.HEADING)

    def sentence_of(self, pb: ParsedBlock, token: Any) -> int:
        """Index of the sentence holding ``token`` of block ``pb``."""
        return self._sent_index[(id(pb.doc), token.sent.start)]

    def mention(self, pb: ParsedBlock, start_char: int, end_char: int, token: Any) -> Mention:
        """A mention for doc-relative character offsets of block ``pb``."""
        text = pb.doc.text[start_char:end_char]
        # trim whitespace so that the span text is exactly what the offsets point at
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        s = pb.block.start + start_char + lead
        e = pb.block.start + end_char - trail
        return Mention(s, e, self.article.text[s:e], self.sentence_of(pb, token))

    def span_mention(self, pb: ParsedBlock, span: Any) -> Mention:
        return self.mention(pb, span.start_char, span.end_char, span[0])

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.article.text[s.start : s.end]
