"""Cutting article text into blocks: headings, bullet lines and paragraphs.

:func:`split_long` is the one cutter of long text into pieces; the extractor uses it too,
with its own limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storygraph.records import Block, BlockKind

__all__ = ["MAX_BLOCK_CHARS", "find_blocks", "split_long"]

#: Lines longer than this are cut into paragraph blocks (at a sentence end where one is near):
#: spaCy refuses a text over 1,000,000 characters, and parsing time grows faster than the
#: length of one text.
MAX_BLOCK_CHARS = 10_000

_FINAL_PUNCT = tuple(".!?:;,\"'”’)…]")
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,3}[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def find_blocks(text: str) -> list[Block]:
    """Split text into headings, bullet lines and paragraphs (one per non-empty line).

    A heading is a Markdown ``#`` line, or a short line (at most 12 words) that does not end
    in sentence punctuation and is followed by more text. A line longer than
    :data:`MAX_BLOCK_CHARS` becomes several paragraph blocks.
    """
    blocks: list[Block] = []
    lines = text.split("\n")
    # more_after[i]: a non-empty line follows line i (computed once: no quadratic rescans)
    more_after = [False] * len(lines)
    seen_text = False
    for i in range(len(lines) - 1, -1, -1):
        more_after[i] = seen_text
        seen_text = seen_text or bool(lines[i].strip())
    pos = 0
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        s, e = start + lead, end - trail
        if _MD_HEADING.match(line) or (
            len(stripped.split()) <= 12
            and not stripped.endswith(_FINAL_PUNCT)
            and not _BULLET.match(line)
            and more_after[i]
        ):
            kind = BlockKind.HEADING
        elif _BULLET.match(line):
            kind = BlockKind.BULLET
        else:
            kind = BlockKind.PARAGRAPH
        if e - s <= MAX_BLOCK_CHARS:
            blocks.append(Block(kind, s, e))
            continue
        for k, (ps, pe) in enumerate(split_long(text, s, e)):
            blocks.append(Block(kind if k == 0 else BlockKind.PARAGRAPH, ps, pe))
    return blocks


def split_long(
    text: str, start: int, end: int, limit: int = MAX_BLOCK_CHARS
) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` as ``(start, end)`` pieces of at most ``limit`` characters.

    Each piece ends at the last sentence end in its second half, else at the last space,
    else (one enormous word) exactly at the limit; each is stripped and non-empty. A span
    within the limit is one piece (stripped).

    Args:
        text: the whole text; offsets are into it.
        start: where the span starts.
        end: where the span ends (exclusive).
        limit: the longest piece, in characters (at least 1).
    """
    half = limit // 2
    s = start
    while s < end:
        if end - s <= limit:
            cut = end
        else:
            window = text[s + half : s + limit]
            ends = [m.end() for m in _SENTENCE_END.finditer(window)]
            if ends:
                cut = s + half + ends[-1]
            else:
                space = max(window.rfind(" "), window.rfind("\t"))
                cut = s + half + space + 1 if space >= 0 else s + limit
        piece = text[s:cut]
        ps = s + len(piece) - len(piece.lstrip())
        pe = cut - (len(piece) - len(piece.rstrip()))
        if pe > ps:
            yield ps, pe
        s = cut
