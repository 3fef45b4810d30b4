"""Time expressions: finding them and normalising them to TimeML values.

The normaliser owns its rules instead of asking a general date parser: news text anchors
relative expressions ("last month", "Wednesday", "a few weeks later") on the publication
date or on the previous date in the story, which general parsers get wrong.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ParamSpec

from storygraph.extract.lexicon import (
    MONTHS,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    SEASONS,
    SET_TRIGGERS,
    SETS,
    TIME_COUNT_WORDS,
    TIME_UNITS,
    WEEKDAYS,
)
from storygraph.extract.parsed import Parsed, SpanSet
from storygraph.records import TimeExpression

__all__ = ["Normalized", "find_time_spans", "find_times", "interval", "normalize"]

P = ParamSpec("P")

#: What a counting word of a time expression counts; the vague ones ("several") are unknown.
_COUNTS: dict[str, float | None] = {**NUMBER_WORDS, "a": 1, "an": 1, "a couple of": 2}

APPROX = re.compile(
    r"^(roughly|about|around|approximately|nearly|almost|some|more than|over|"
    r"less than|under|at least|up to|just over|just under|barely|just|only)\s+",
    re.IGNORECASE,
)

_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(TIME_COUNT_WORDS) + ")"
_UNIT = r"(?:second|minute|hour|day|night|week|month|year|decade|quarter)s?"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

# Spans spaCy's small model tends to miss or cut short; searched in the text directly.
_EXTRA = re.compile(
    rf"\b(?:within|in|for|over|after)\s+(?:(?:the\s+)?(?:past|next|last)\s+)?(?:{_NUM}\s+)?{_UNIT}\b"
    rf"|\b(?:roughly|about|around|nearly|almost|some|more than|over)\s+{_NUM}\s+{_UNIT}\b"
    rf"|\b{_NUM}\s+{_UNIT}\s+(?:later|earlier|ago|before|after)\b"
    r"|\b(?:quarterly|annually|weekly|monthly|daily)\b"
    r"|\b(?:earlier|later)\s+this\s+(?:week|month|year)\b"
    rf"|\b(?:last|this|next|past)\s+(?:week|month|year|quarter|{_WEEKDAY}|weekend|spring|summer|fall|autumn|winter)\b"
    r"|\b(?:yesterday|today|tomorrow|tonight)\b"
    rf"|\b{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:currently|recently)\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"
    r"|\b\d{1,2}:\d{2}\s*(?:UTC|GMT)\b"
    rf"|\b(?:\d+|{_NUM})-(?:year|month|week|day|hour|minute)(?:-old|-long)?\b"
    r"|\b(?:early|late|mid)[\s-]+(?:1[5-9]\d\d|20\d\d)\b"
    r"|(?:(?<=\bin )|(?<=\bby )|(?<=since )|(?<=until )|(?<=during )|(?<=after )|(?<=before ))"
    r"(?:1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Normalized:
    """A TimeML type and value (None when it cannot be resolved)."""

    type: str
    value: str | None
    approximate: bool = False


def find_time_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of time expressions found by the rules (besides spaCy's)."""
    return [(m.start(), m.end()) for m in _EXTRA.finditer(text)]


def _num(word: str) -> float | None:
    word = word.lower().strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    return _COUNTS.get(word)


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _weekday_date(dct: date, weekday: int, future: bool) -> date:
    if future:
        delta = (weekday - dct.weekday()) % 7 or 7
        return dct + timedelta(days=delta)
    delta = (dct.weekday() - weekday) % 7
    return dct - timedelta(days=delta)


def _value_start(value: str) -> date | None:
    """First day of a DATE value, for anchoring relative expressions."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if m:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if m:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    return None


def interval(value: str) -> tuple[date, date] | None:
    """The calendar interval a DATE value covers, if it is one (2026-10 → Oct 1–31)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    try:
        if m:
            y = int(m.group(1))
            if y < 1:
                return None
            if m.group(3):
                d = date(y, int(m.group(2)), int(m.group(3)))
                return d, d
            if m.group(2):
                mo = int(m.group(2))
                return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
            return date(y, 1, 1), date(y, 12, 31)
        m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
        if m:
            start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return start, start + timedelta(days=6)
        m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
        if m:
            y, q = int(m.group(1)), int(m.group(2))
            end_month = q * 3
            return date(y, end_month - 2, 1), date(
                y, end_month, calendar.monthrange(y, end_month)[1]
            )
    except ValueError:
        return None
    return None


def _year_for(dct: date | None, month: int, day: int, future: bool) -> int | None:
    """The year of a month and day written without one: the nearest in the clause's tense."""
    if dct is None:
        return None
    try:
        candidate = date(dct.year, month, day)
    except ValueError:
        return dct.year
    if not future and candidate > dct + timedelta(days=60):
        return dct.year - 1
    if future and candidate < dct - timedelta(days=60):
        return dct.year + 1
    return dct.year


def _month_day(
    month_name: str, day_text: str, year_text: str | None, dct: date | None, future: bool
) -> Normalized:
    """A month and day ("November 25", "25 Nov. 2025"); an unwritten year is the nearest."""
    month = MONTHS[month_name.rstrip(".")]
    day = int(day_text)
    year = int(year_text) if year_text else _year_for(dct, month, day, future)
    if year is None:
        return Normalized("DATE", f"XXXX-{month:02d}-{day:02d}")
    return Normalized("DATE", f"{year:04d}-{month:02d}-{day:02d}")


def _never_raises(
    normalizer: Callable[P, Normalized | None],
) -> Callable[P, Normalized | None]:
    """The normaliser, returning an unresolved DATE where calendar arithmetic overflows."""

    @functools.wraps(normalizer)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Normalized | None:
        try:
            return normalizer(*args, **kwargs)
        except (OverflowError, ValueError):
            return Normalized("DATE", None)

    return wrapper


@_never_raises
def normalize(
    text: str,
    dct: date | None,
    *,
    future: bool = False,
    anchor: str | None = None,
    rate: bool = False,
) -> Normalized | None:
    """Normalise one time expression; never raises.

    Arithmetic at the ends of the calendar (year 1, year 9999) leaves the value unresolved.

    Args:
        text: the expression as written ("last month", "roughly 30 days").
        dct: the publication date; relative expressions stay unresolved without one.
        future: the clause is about the future (a bare weekday then means the next one).
        anchor: the previous DATE value in the story, for "a few weeks later".
        rate: the expression follows an amount ("15 a year"), so "a year" is a set.

    Returns:
        The TimeML type and value, or None if ``text`` is not a time expression.
    """
    raw = " ".join(text.split()).replace(" ,", ",").replace(" .", ".")
    t = raw.lower().strip(" ,.;:")
    t = re.sub(r"^(on|in|at|by|from|since|until|during|through|after|before|of|to|as of)\s+", "", t)
    if not re.match(r"the (?:beginning|start|end|past|next|last|coming|year)\b", t):
        t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"['’]s$", "", t)
    approx = False
    m = APPROX.match(t)
    if m:
        approx = True
        t = t[m.end() :]
    if not t:
        return None

    if t in SETS and (t not in SET_TRIGGERS or rate):
        return Normalized("SET", SETS[t])

    # "fifty-year history", "a 12-hour flight": a duration used as a modifier
    m = re.fullmatch(rf"({_NUM}|\d+)-(year|month|week|day|hour|minute)(?:-old|-long)?", t)
    if m:
        n = _num(m.group(1))
        code, is_time = TIME_UNITS[m.group(2)]
        qty = "X" if n is None else _fmt_num(n)
        return Normalized("DURATION", f"PT{qty}{code}" if is_time else f"P{qty}{code}", approx)
    if t in ("decades-long", "decades"):
        return Normalized("DURATION", "PXDE", approx)

    # clock times: "08:30 UTC", "18:00 GMT"
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})\s*(utc|gmt|z)?", t)
    if m:
        hh, mm = int(m.group(1)), int(m.group(2))
        if hh < 24 and mm < 60:
            zone = "Z" if m.group(3) else ""
            on = dct.isoformat() if dct else "XXXX-XX-XX"
            return Normalized("TIME", f"{on}T{hh:02d}:{mm:02d}{zone}")

    # numeric dates, US order: 7/8/07, 11/26/2026
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", t)
    if m:
        mo, dd, yy = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if yy < 100:
            yy += 2000 if yy < 50 else 1900
        if 1 <= mo <= 12 and 1 <= dd <= 31:
            return Normalized("DATE", f"{yy:04d}-{mo:02d}-{dd:02d}")

    # "early 2009", "late 2010", "the beginning of 2008"
    m = re.fullmatch(
        r"(?:early|late|mid|the (?:beginning|start|end) of)[\s-]*(1[5-9]\d\d|20\d\d)", t
    )
    if m:
        return Normalized("DATE", m.group(1))
    if dct is not None and t in (
        "the beginning of the year",
        "the start of the year",
        "the end of the year",
        "the year",
    ):
        return Normalized("DATE", f"{dct.year:04d}")

    # Durations.
    m = re.fullmatch(
        rf"(?:within|for|over|in|after)?\s*(?:the\s+)?(?:(past|last|next)\s+)?({_NUM}\s+)?({_UNIT})",
        t,
    )
    preps = ("within", "for", "over", "in", "after")
    if m and (m.group(2) or t.split()[0] in preps or (not m.group(1) and t.endswith("s"))):
        unit_word = m.group(3).rstrip("s") if m.group(3) != "hours" else "hour"
        unit_word = unit_word[:-1] if unit_word.endswith("s") else unit_word
        code, is_time = TIME_UNITS.get(unit_word, ("D", False))
        n = _num(m.group(2).strip()) if m.group(2) else (None if m.group(3).endswith("s") else 1.0)
        qty = "X" if n is None else _fmt_num(n)
        if code == "Q":
            code, qty = "M", "X" if n is None else _fmt_num(3 * n)
        value = f"PT{qty}{code}" if is_time else f"P{qty}{code}"
        return Normalized("DURATION", value, approx)

    # Explicit dates.
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return Normalized("DATE", t)
    m = re.fullmatch(
        rf"(?:{_WEEKDAY},?\s+)?({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", t
    )
    if m:
        return _month_day(m.group(1), m.group(2), m.group(3), dct, future)
    m = re.fullmatch(rf"(?:{_WEEKDAY},?\s+)?(\d{{1,2}})\s+({_MONTH})(?:,?\s+(\d{{4}}))?", t)
    if m:
        return _month_day(m.group(2), m.group(1), m.group(3), dct, future)
    m = re.fullmatch(rf"({_MONTH})(?:,?\s+(\d{{4}}))?", t)
    if m and (m.group(2) or len(m.group(1)) > 3 or m.group(1) == "may"):
        month = MONTHS[m.group(1).rstrip(".")]
        if m.group(2):
            return Normalized("DATE", f"{int(m.group(2)):04d}-{month:02d}")
        if dct is None:
            return Normalized("DATE", f"XXXX-{month:02d}")
        year = dct.year if month <= dct.month or future else dct.year - 1
        return Normalized("DATE", f"{year:04d}-{month:02d}")
    m = re.fullmatch(r"(?:the\s+)?(?:year\s+)?(1[5-9]\d\d|20\d\d)", t)
    if m:
        return Normalized("DATE", m.group(1))
    m = re.fullmatch(r"(?:the\s+)?(1[5-9]\d0|20\d0)s", t)
    if m:
        return Normalized("DATE", m.group(1)[:3])

    # Sets and parts of the day without an anchor need no date.
    if dct is None:
        if re.fullmatch(
            rf"{_WEEKDAY}|yesterday|today|tomorrow|tonight|now|"
            r"(last|this|next|past|earlier this|later this)\s+\w+|"
            rf"{_NUM}\s+{_UNIT}\s+(ago|later|earlier|before|after)",
            t,
        ):
            return Normalized("DATE", None, approx)
        return None

    # Relative to the publication date.
    if t in ("now", "currently", "at present", "at the moment"):
        return Normalized("DATE", "PRESENT_REF")
    if t in ("today", "this day"):
        return Normalized("DATE", dct.isoformat())
    if t == "yesterday":
        return Normalized("DATE", (dct - timedelta(days=1)).isoformat())
    if t == "tomorrow":
        return Normalized("DATE", (dct + timedelta(days=1)).isoformat())
    if t == "tonight":
        return Normalized("TIME", f"{dct.isoformat()}TNI")
    if t in WEEKDAYS:
        return Normalized("DATE", _weekday_date(dct, WEEKDAYS[t], future).isoformat())
    m = re.fullmatch(rf"({_WEEKDAY})\s+(morning|afternoon|evening|night)", t)
    if m:
        that_day = _weekday_date(dct, WEEKDAYS[m.group(1)], future)
        return Normalized("TIME", f"{that_day.isoformat()}T{PARTS_OF_DAY[m.group(2)]}")
    m = re.fullmatch(rf"(last|this|next|past|coming)\s+({_WEEKDAY})", t)
    if m:
        wd = WEEKDAYS[m.group(2)]
        if m.group(1) in ("next", "coming"):
            return Normalized("DATE", _weekday_date(dct, wd, True).isoformat())
        d = _weekday_date(dct, wd, False)
        if m.group(1) == "last" and d == dct:
            d -= timedelta(days=7)
        return Normalized("DATE", d.isoformat())
    m = re.fullmatch(r"(this|yesterday|tomorrow)\s+(morning|afternoon|evening|night)", t)
    if m:
        when = dct + timedelta(days={"this": 0, "yesterday": -1, "tomorrow": 1}[m.group(1)])
        return Normalized("TIME", f"{when.isoformat()}T{PARTS_OF_DAY[m.group(2)]}")
    m = re.fullmatch(
        r"(earlier|later)?\s*(last|this|next|past|the past|the coming|coming|current)\s+(week|weekend|month|year|quarter|decade|spring|summer|fall|autumn|winter)",
        t,
    )
    if m:
        which, unit = m.group(2).replace("the ", ""), m.group(3)
        delta = {"last": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[which]
        if which == "past" and not m.group(1):
            # "the past year" is a duration ending now
            unit_code = {"week": "W", "month": "M", "year": "Y", "quarter": "M", "decade": "Y"}.get(
                unit
            )
            if unit_code:
                count = {"quarter": 3, "decade": 10}.get(unit, 1)
                return Normalized("DURATION", f"P{count}{unit_code}", approx)
        if unit in ("week", "weekend"):
            d = dct + timedelta(weeks=delta)
            value = _week(d) + ("-WE" if unit == "weekend" else "")
            return Normalized("DATE", value)
        if unit == "month":
            y, mo = _shift_month(dct.year, dct.month, delta)
            return Normalized("DATE", f"{y:04d}-{mo:02d}")
        if unit == "year":
            return Normalized("DATE", f"{dct.year + delta:04d}")
        if unit == "quarter":
            q = (dct.month - 1) // 3 + delta
            y = dct.year + q // 4
            return Normalized("DATE", f"{y:04d}-Q{q % 4 + 1}")
        if unit == "decade":
            return Normalized("DATE", f"{dct.year // 10 + delta:03d}")
        season = SEASONS[unit]
        return Normalized("DATE", f"{dct.year + delta:04d}-{season}")
    # "three years after the crash": TimeML marks the amount of time, with after/before as
    # a signal; "two years ago" and "three days later" are dates
    m = re.fullmatch(rf"({_NUM})\s+({_UNIT})\s+(?:after|before)", t)
    if m:
        return normalize(f"{m.group(1)} {m.group(2)}", dct, future=future, anchor=anchor)
    m = re.fullmatch(rf"({_NUM})\s+({_UNIT})\s+(ago|earlier|before|later|after)", t)
    if m:
        n = _num(m.group(1))
        unit = m.group(2).rstrip("s")
        ago = m.group(3) in ("ago", "earlier", "before")
        base = dct
        if m.group(3) in ("later", "after", "earlier", "before") and anchor:
            start = _value_start(anchor)
            if start is not None:
                iv = interval(anchor)
                base = start + (iv[1] - iv[0]) / 2 if iv else start
        sign = -1 if ago else 1
        days_per = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}.get(unit)
        if days_per is None:
            return Normalized("DATE", None, approx)
        if n is None:
            n = 3
            approx = True
        d = base + timedelta(days=sign * n * days_per)
        if unit == "day":
            return Normalized("DATE", d.isoformat(), approx)
        if unit == "week":
            if n <= 1:
                return Normalized("DATE", _week(d), approx)
            return Normalized("DATE", f"{d.year:04d}-{d.month:02d}", approx)
        if unit == "month":
            return Normalized("DATE", f"{d.year:04d}-{d.month:02d}", approx)
        return Normalized("DATE", f"{d.year:04d}", approx)
    if t in ("recently", "more recently", "lately", "previously", "formerly", "the past"):
        return Normalized("DATE", "PAST_REF")
    if t in ("future", "the future", "soon"):
        return Normalized("DATE", "FUTURE_REF")
    return None


def _timelike(span: Any) -> bool:
    """Not just a number or an age ("41-year", "12-hour" are modifiers, still times)."""
    return any(t.is_alpha or "-" in t.text or ":" in t.text for t in span)


def _is_future(span: Any) -> bool:
    """The clause governing the expression is about the future (will, shall, 'll, going to)."""
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return any(
        (c.tag_ == "MD" and c.lower_ in ("will", "'ll", "shall", "wo"))
        or (c.lower_ == "going" and any(g.lower_ == "to" for g in c.children))
        for c in verb.children
    )


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
            rate = span.start > 0 and (
                doc[span.start - 1].like_num or doc[span.start - 1].ent_type_ == "MONEY"
            )
            norm = normalize(span.text, dct, future=future, anchor=anchor, rate=rate)
            if norm is None and len(span) > 1:
                # "15 a year", "November 11, three days later": the part that is a time
                for sub in [span[k:] for k in range(1, len(span))] + [
                    span[:k] for k in range(len(span) - 1, 0, -1)
                ]:
                    if sub[0].is_punct or sub[-1].is_punct:
                        continue
                    norm = normalize(sub.text, dct, future=future, anchor=anchor, rate=rate)
                    if norm is not None:
                        span = sub
                        break
            if norm is None:
                if getattr(span, "label_", "") not in ("DATE", "TIME") or not _timelike(span):
                    continue
                # spaCy found a time our rules cannot resolve: keep it, with its text only
                norm = Normalized(span.label_, None)
            mention = parsed.span_mention(pb, span)
            taken.add(mention.start, mention.end)
            key = f"time:{len(found)}"
            days = interval(norm.value) if norm.value and norm.type in ("DATE", "TIME") else None
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
    found.sort(key=lambda t: t.mention.start)
    return found
