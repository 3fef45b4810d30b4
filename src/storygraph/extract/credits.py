"""Wire credits: whose reporting an article carries, and the lines that credit its reporters.

An outlet that runs a wire story says so in its dateline ("BRUSSELS (Reuters) -",
"WASHINGTON, May 6 (AP) —") or in a line of its own ("The Associated Press contributed to
this report."); wire copy ends with who reported and edited it ("(Reporting by Anna
Kowalski; Editing by Tom Green)"). The credited agency is recorded on the article
(``sg:wireCredit``), so that ten outlets running one wire story count as one source behind
what it says (:func:`storygraph.story.claims.claim_counts`). Credit lines are no part of
the story: they are not parsed, so their reporters and cities make no entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storygraph.records import Block, BlockKind, Credit, Mention

__all__ = ["WIRE_NAMES", "credit_blocks", "dateline_length", "find_credit"]

#: The wire agencies' usual short names, written out (a credit names an agency either way).
WIRE_NAMES = {
    "AP": "Associated Press",
    "The Associated Press": "Associated Press",
    "AFP": "Agence France-Presse",
    "Thomson Reuters": "Reuters",
    "UPI": "United Press International",
    "dpa": "Deutsche Presse-Agentur",
}

# "BRUSSELS (Reuters) -", "WASHINGTON, May 6 (AP) —", "(AFP) -": a place in capitals (and a
# date) before the agency in parentheses, then a dash
_DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Z.'’\- ]{1,40}?(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*)?"
    r"\((?P<wire>[A-Z][A-Za-z&.'’ -]{0,38}[A-Za-z.])\)\s*(?:-{1,2}|—|–)\s"
)
# "The Associated Press contributed to this report.", "Reuters contributed reporting."
_CONTRIBUTED = re.compile(
    r"\A\W*(?P<wire>(?:The\s+)?[A-Z][A-Za-z&.'’ -]{0,60}?)\s+contributed"
    r"(?:\s+(?:reporting|to\s+this\s+(?:report|story|article)))?[\s.]*\W*\Z"
)
# any dateline: "DETROIT —", "BRUSSELS (Reuters) -", "WASHINGTON, May 6 (AP) —"
_ANY_DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]+){0,3}"
    r"(?:,\s*(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}|[A-Z][a-z]{1,5}\.))?\s*)?"
    r"(?:\([A-Z][^()\n]{0,38}\)\s*)?(?:-{1,2}|—|–)\s"
)
# "(Reporting by …; Editing by …)", "Additional reporting by …", "Compiled by …"
_BYLINE = re.compile(
    r"\A\W*(?:Reporting|Additional reporting|Writing|Editing|Compiled|Research|Graphics)"
    r"\s+by\b",
    re.IGNORECASE,
)
# a parenthesised note that is no agency ("(Updated)", "(Photo)", "(Video)")
_NOT_AGENCIES = {"updated", "update", "photo", "photos", "video", "file", "corrected"}


def _is_credit_line(text: str) -> bool:
    return bool(_BYLINE.match(text) or _CONTRIBUTED.match(text))


def credit_blocks(text: str, blocks: Sequence[Block]) -> list[Block]:
    """The article's blocks that only credit its reporters or an agency (not parsed)."""
    return [
        b
        for b in blocks
        if b.kind is not BlockKind.HEADING and _is_credit_line(text[b.start : b.end].strip())
    ]


def _named(wire: str) -> str:
    wire = " ".join(wire.split())
    return WIRE_NAMES.get(wire, wire.removeprefix("The ").removeprefix("the "))


def dateline_length(text: str) -> int:
    """How many characters of ``text`` (a paragraph) its dateline takes ("DETROIT — ",
    "BRUSSELS (Reuters) - "); 0 when it opens with none."""
    m = _ANY_DATELINE.match(text)
    return m.end() if m and text[: m.end()].strip()[:1] not in ("-", "—", "–") else 0


def find_credit(text: str, blocks: Sequence[Block]) -> Credit | None:
    """The agency the article credits: in its dateline, else in a credit line."""
    body = [b for b in blocks if b.kind is not BlockKind.HEADING]
    if body:
        first = body[0]
        m = _DATELINE.match(text, first.start, first.end)
        if m and m.group("wire").lower() not in _NOT_AGENCIES:
            start, end = m.start("wire"), m.end("wire")
            return Credit(_named(m.group("wire")), Mention(start, end, text[start:end], -1))
    for b in reversed(body):
        line = text[b.start : b.end]
        m = _CONTRIBUTED.match(line)
        if m:
            start, end = b.start + m.start("wire"), b.start + m.end("wire")
            return Credit(_named(m.group("wire")), Mention(start, end, text[start:end], -1))
    return None
