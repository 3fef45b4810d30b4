"""Time expressions in a parsed article: spaCy's DATE and TIME entities and the rules' own.

Each expression is normalised by :mod:`.timenorm` in the tense of the clause that governs
it, and anchored on the publication date or on the previous date in the story.
"""

from __future__ import annotations

import re
from typing import Any

from storygraph.extract.lexicon import (
    ELECTION_DAY,
    FUTURE_FRAMES,
    HOLIDAYS,
    REPORTING,
    TEMPORAL_PREPOSITIONS,
)
from storygraph.extract.parsed import Parsed, SpanSet
from storygraph.extract.timecalc import interval
from storygraph.extract.timenorm import (
    MONTH_PATTERN,
    NUM_PATTERN,
    UNIT_PATTERN,
    WEEKDAY_PATTERN,
    Normalized,
    normalize,
)
from storygraph.records import TimeExpression

__all__ = ["Normalized", "find_time_spans", "find_times", "interval", "normalize"]

# Holiday names as the text writes them (Election Day, Thanksgiving, New Year's Day).
_HOLIDAY_WORDS = "|".join(
    re.escape(name).replace("'", "['’]")
    for name in sorted({*HOLIDAYS, *ELECTION_DAY}, key=len, reverse=True)
    if not name.startswith("the ")
)

# Spans spaCy's small model tends to miss or cut short; searched in the text directly.
_EXTRA = re.compile(
    rf"\b(?:within|in|for|over|after)\s+(?:(?:the\s+)?(?:past|next|last)\s+)?(?:{NUM_PATTERN}\s+)?{UNIT_PATTERN}\b"
    rf"|\b(?:roughly|about|around|nearly|almost|some|more than|over)\s+{NUM_PATTERN}\s+{UNIT_PATTERN}\b"
    rf"|\b{NUM_PATTERN}\s+{UNIT_PATTERN}\s+(?:later|earlier|ago|before|after)\b"
    r"|\b(?:quarterly|annually|weekly|monthly|daily)\b"
    r"|\b(?:earlier|later)\s+this\s+(?:week|month|year)\b"
    rf"|\b(?:this\s+past|last|this|next|past)\s+(?:week|month|year|quarter|{WEEKDAY_PATTERN}|weekend|spring|summer|fall|autumn|winter)\b"
    rf"|\b(?:(?:last|this|next)\s+)?(?:{_HOLIDAY_WORDS})(?:,?\s+\d{{4}})?(?![\w-])"
    r"|\bbetween\s+(?:1[5-9]\d\d|20\d\d)\s+and\s+(?:1[5-9]\d\d|20\d\d)\b"
    r"|\bfrom\s+(?:1[5-9]\d\d|20\d\d)\s+(?:to|until|through)\s+(?:1[5-9]\d\d|20\d\d)\b"
    r"|\b(?:fiscal(?:\s+year)?\s+(?:1[5-9]\d\d|20\d\d)|fy\s?(?:1[5-9]\d\d|20\d\d))\b"
    r"|\b(?:first|second|third|fourth)[\s-]quarter(?:\s+of\s+(?:1[5-9]\d\d|20\d\d))?\b"
    rf"|\b\d{{1,2}}(?::\d{{2}})?\s?[ap]\.m\.(?:,?\s+{WEEKDAY_PATTERN}\b)?(?=\W|$)"
    r"|\b(?:once|twice|three times|four times)\s+(?:a|per|every)\s+(?:day|week|month|year)\b"
    r"|\b(?:yesterday|today|tomorrow|tonight)\b"
    rf"|\b{WEEKDAY_PATTERN}(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:currently|recently)\b"
    rf"|\b{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}\s+{MONTH_PATTERN}(?:\s+\d{{4}})?\b"
    rf"|\b{MONTH_PATTERN}\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"
    r"|\b\d{1,2}:\d{2}\s*(?:UTC|GMT)\b"
    rf"|\b(?:\d+|{NUM_PATTERN})-(?:year|month|week|day|hour|minute)(?:-old|-long)?\b"
    r"|\b(?:early|late|mid)[\s-]+(?:1[5-9]\d\d|20\d\d)\b"
    r"|(?:(?<=\bin )|(?<=\bby )|(?<=since )|(?<=until )|(?<=during )|(?<=after )|(?<=before ))"
    r"(?:1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)


def find_time_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of time expressions found by the rules (besides spaCy's)."""
    return [(m.start(), m.end()) for m in _EXTRA.finditer(text)]


def _timelike(span: Any) -> bool:
    """Not just a number or an age ("41-year", "12-hour" are modifiers, still times)."""
    return any(t.is_alpha or "-" in t.text or ":" in t.text for t in span)


def _governing_verb(span: Any) -> Any:
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _is_past(span: Any) -> bool:
    """The expression modifies a verb in the simple past ("sold on Thanksgiving", "did go
    last spring"): directly, or through a temporal preposition ("With Election Day a week
    away, she campaigned" is no past Election Day)."""
    verb = _governing_verb(span)
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    root = span.root
    direct = root.head.i == verb.i and root.dep_ in ("npadvmod", "tmod", "advmod", "obl")
    through = (
        root.dep_ == "pobj"
        and root.head.lower_ in TEMPORAL_PREPOSITIONS
        and root.head.head.i == verb.i
    )
    if not (direct or through):
        return False
    return verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" and c.lower_ not in ("would", "could")
        for c in verb.children
    )


def _is_future(span: Any) -> bool:
    """The clause governing the expression is about the future (will, shall, 'll, going to,
    or an infinitive after "set", "scheduled", "expected", "due", "plans": "is set to begin")."""
    verb = _governing_verb(span)
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in FUTURE_FRAMES:
        return True
    if verb.lemma_.lower() in FUTURE_FRAMES and any(
        c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children
    ):
        return True  # "sentencing is set for March 15", "the vote is scheduled for May"
    if _reported_would(verb, span):
        return True
    return any(
        (c.tag_ == "MD" and c.lower_ in ("will", "'ll", "shall", "wo"))
        or (c.lower_ == "going" and any(g.lower_ == "to" for g in c.children))
        for c in verb.children
    )


def _reported_would(verb: Any, span: Any) -> bool:
    """ "said the president would sign the bill on Wednesday": "would" (not "would have") in
    what a reporting verb reports is the future of the saying, which news reports as it is
    published. A time before the reported clause's subject is the saying's ("said on Monday
    it would acquire", however the parser attaches it)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not any(a.lower_ == "would" for a in auxes) or any(a.lemma_ == "have" for a in auxes):
        return False
    subjects = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and span.start < min(subjects):
        return False
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING


_RANGE_ENDS = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b.*\b(1[5-9]\d\d|20\d\d)\b")
_AGE = re.compile(r"(?:the\s+)?(?:age[sd]?)\b", re.IGNORECASE)


def _parts(
    parsed: Parsed, pb: Any, span: Any, norm: Normalized, count: int
) -> list[TimeExpression]:
    """The expressions inside one that the two gold conventions mark differently.

    A range ("between 2014 and 2016") is a duration, and each year in it a date; "two years
    ago" is a date, and "two years" the amount of time before publication. MEANTIME marks
    the range and the amount, TimeML each year and the date; the graph keeps both, and each
    scorer reads the expressions its gold convention marks.
    """
    found: list[tuple[Any, Normalized]] = []
    if norm.type == "DURATION" and _RANGE_ENDS.search(span.text):
        found = [
            (span.doc[t.i : t.i + 1], Normalized("DATE", t.text))
            for t in span
            if re.fullmatch(r"1[5-9]\d\d|20\d\d", t.text)
        ]
    elif norm.type == "DATE" and len(span) > 2 and span[-1].lower_ == "ago":
        amount = span[:-1]
        inner = normalize(amount.text, None)
        if inner is not None and inner.type == "DURATION":
            found = [(amount, inner)]
    out: list[TimeExpression] = []
    for sub, inner in found:
        days = interval(inner.value or "") if inner.type == "DATE" else None
        key = f"time:{count + len(out)}"
        mention = parsed.span_mention(pb, sub)
        out.append(
            TimeExpression(
                key,
                mention,
                inner.type,
                inner.value,
                inner.approximate,
                begin=days[0] if days else None,
                end=days[1] if days else None,
            )
        )
    return out


def find_times(parsed: Parsed) -> list[TimeExpression]:
    """Time expressions: spaCy DATE/TIME entities and the rules' own spans, normalised."""
    dct = parsed.article.published
    found: list[TimeExpression] = []
    taken = SpanSet()
    anchor: str | None = None
    for pb in parsed.blocks:
        doc = pb.doc
        spans: list[Any] = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
        for s, e in find_time_spans(doc.text):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        spans.sort(key=lambda sp: (sp.start_char, -(sp.end_char - sp.start_char)))
        for span in spans:
            if "\n" in span.text:
                continue
            start, end = pb.block.start + span.start_char, pb.block.start + span.end_char
            if taken.overlaps(start, end):
                continue
            future = _is_future(span)
            past = not future and _is_past(span)
            rate = span.start > 0 and (
                doc[span.start - 1].like_num or doc[span.start - 1].ent_type_ == "MONEY"
            )
            norm = normalize(span.text, dct, future=future, past=past, anchor=anchor, rate=rate)
            if norm is None and len(span) > 1:
                # "15 a year", "November 11, three days later": the part that is a time
                for sub in [span[k:] for k in range(1, len(span))] + [
                    span[:k] for k in range(len(span) - 1, 0, -1)
                ]:
                    if sub[0].is_punct or sub[-1].is_punct:
                        continue
                    norm = normalize(
                        sub.text, dct, future=future, past=past, anchor=anchor, rate=rate
                    )
                    if norm is not None:
                        span = sub
                        break
            if norm is None:
                if getattr(span, "label_", "") not in ("DATE", "TIME") or not _timelike(span):
                    continue
                if _AGE.match(span.text):
                    continue  # "the age of 56" is a person's age, not a time
                # spaCy found a time our rules cannot resolve: keep it, with its text only
                norm = Normalized(span.label_, None)
            mention = parsed.span_mention(pb, span)
            taken.add(mention.start, mention.end)
            key = f"time:{len(found)}"
            days = interval(norm.value) if norm.value and norm.type in ("DATE", "TIME") else None
            years = _RANGE_ENDS.search(span.text) if norm.type == "DURATION" else None
            if years:
                first, last = interval(years.group(1)), interval(years.group(2))
                days = (first[0], last[1]) if first and last else None
            found.append(
                TimeExpression(
                    key,
                    mention,
                    norm.type,
                    norm.value,
                    norm.approximate,
                    anchor if "later" in span.text.lower() else None,
                    begin=days[0] if days else None,
                    end=days[1] if days else None,
                )
            )
            if norm.type == "DATE" and norm.value and norm.value[:1].isdigit():
                anchor = norm.value
            found += _parts(parsed, pb, span, norm, len(found))
    found.sort(key=lambda t: t.mention.start)
    return found
