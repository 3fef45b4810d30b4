"""Time expressions normalised to TimeML values: the rules, one expression at a time.

The normaliser owns its rules instead of asking a general date parser: news text anchors
relative expressions ("last month", "Wednesday", "a few weeks later") on the publication
date or on the previous date in the story, which general parsers get wrong. Calendar
arithmetic (weeks, seasons, holidays) lives in :mod:`.timecalc`; finding the expressions in
a parsed article in :mod:`.times`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ParamSpec

from storygraph.extract.lexicon import (
    ELECTION_DAY,
    HOLIDAYS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    SET_TRIGGERS,
    SETS,
    TIME_COUNT_WORDS,
    TIME_UNITS,
    WEEKDAYS,
)
from storygraph.extract.timecalc import (
    holiday_date,
    interval,
    season_value,
    shift_month,
    value_start,
    week,
    weekday_date,
    year_for,
)

__all__ = [
    "MONTH_PATTERN",
    "NUM_PATTERN",
    "UNIT_PATTERN",
    "WEEKDAY_PATTERN",
    "Normalized",
    "normalize",
]

P = ParamSpec("P")

#: What a counting word of a time expression counts; the vague ones ("several") are unknown.
_COUNTS: dict[str, float | None] = {**NUMBER_WORDS, "a": 1, "an": 1, "a couple of": 2}

APPROX = re.compile(
    r"^(roughly|about|around|approximately|nearly|almost|some|more than|over|"
    r"less than|under|at least|up to|just over|just under|barely|just|only)\s+",
    re.IGNORECASE,
)

NUM_PATTERN = r"(?:\d+(?:\.\d+)?|" + "|".join(TIME_COUNT_WORDS) + ")"
UNIT_PATTERN = r"(?:second|minute|hour|day|night|week|month|year|decade|quarter)s?"
MONTH_PATTERN = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
WEEKDAY_PATTERN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


@dataclass(frozen=True)
class Normalized:
    """A TimeML type and value (None when it cannot be resolved)."""

    type: str
    value: str | None
    approximate: bool = False


def _num(word: str) -> float | None:
    word = word.lower().strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    return _COUNTS.get(word)


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def _month_day(
    month_name: str, day_text: str, year_text: str | None, dct: date | None, tense: str | None
) -> Normalized:
    """A month and day ("November 25", "25 Nov. 2025"); an unwritten year is the nearest."""
    month = MONTHS[month_name.rstrip(".")]
    day = int(day_text)
    year = int(year_text) if year_text else year_for(dct, month, day, tense)
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
    past: bool = False,
    anchor: str | None = None,
    rate: bool = False,
) -> Normalized | None:
    """Normalise one time expression; never raises.

    Arithmetic at the ends of the calendar (year 1, year 9999) leaves the value unresolved.

    Args:
        text: the expression as written ("last month", "roughly 30 days").
        dct: the publication date; relative expressions stay unresolved without one.
        future: the clause is about the future (a bare weekday then means the next one).
        past: the clause is in the past tense (a bare season or holiday is the last one).
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
    tense = "future" if future else "past" if past else None

    if t in SETS and (t not in SET_TRIGGERS or rate):
        return Normalized("SET", SETS[t])
    m = re.fullmatch(r"(?:once|twice|thrice|\w+ times) (?:a|per|every) (day|week|month|year)", t)
    if m:
        return Normalized("SET", f"P1{TIME_UNITS[m.group(1)][0]}")

    # "fifty-year history", "a 12-hour flight": a duration used as a modifier
    m = re.fullmatch(rf"({NUM_PATTERN}|\d+)-(year|month|week|day|hour|minute)(?:-old|-long)?", t)
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
        rf"(?:within|for|over|in|after)?\s*(?:the\s+)?(?:(past|last|next)\s+)?({NUM_PATTERN}\s+)?({UNIT_PATTERN})",
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

    found = _calendar_names(t, dct, tense)
    if found is not None:
        return found

    # Explicit dates.
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return Normalized("DATE", t)
    m = re.fullmatch(
        rf"(?:{WEEKDAY_PATTERN},?\s+)?({MONTH_PATTERN})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?",
        t,
    )
    if m:
        return _month_day(m.group(1), m.group(2), m.group(3), dct, tense)
    m = re.fullmatch(
        rf"(?:{WEEKDAY_PATTERN},?\s+)?(\d{{1,2}})\s+({MONTH_PATTERN})(?:,?\s+(\d{{4}}))?", t
    )
    if m:
        return _month_day(m.group(2), m.group(1), m.group(3), dct, tense)
    m = re.fullmatch(rf"({MONTH_PATTERN})(?:,?\s+(\d{{4}}))?", t)
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

    clock = _clock(t, dct, future)
    if clock is not None:
        return clock

    # Sets and parts of the day without an anchor need no date.
    if dct is None:
        if re.fullmatch(
            rf"{WEEKDAY_PATTERN}|yesterday|today|tomorrow|tonight|now|"
            r"(last|this|next|past|earlier this|later this)\s+\w+|"
            rf"{NUM_PATTERN}\s+{UNIT_PATTERN}\s+(ago|later|earlier|before|after)",
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
        return Normalized("DATE", weekday_date(dct, WEEKDAYS[t], future).isoformat())
    m = re.fullmatch(rf"({WEEKDAY_PATTERN})\s+(morning|afternoon|evening|night)", t)
    if m:
        that_day = weekday_date(dct, WEEKDAYS[m.group(1)], future)
        return Normalized("TIME", f"{that_day.isoformat()}T{PARTS_OF_DAY[m.group(2)]}")
    m = re.fullmatch(rf"(last|this|next|past|coming)\s+({WEEKDAY_PATTERN})", t)
    if m:
        wd = WEEKDAYS[m.group(2)]
        if m.group(1) in ("next", "coming"):
            d = weekday_date(dct, wd, True)
            if d == dct:  # "next Thursday" said on a Thursday: a week on
                d += timedelta(days=7)
            return Normalized("DATE", d.isoformat())
        d = weekday_date(dct, wd, False)
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
            value = week(d) + ("-WE" if unit == "weekend" else "")
            return Normalized("DATE", value)
        if unit == "month":
            y, mo = shift_month(dct.year, dct.month, delta)
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
    m = re.fullmatch(rf"({NUM_PATTERN})\s+({UNIT_PATTERN})\s+(?:after|before)", t)
    if m:
        return normalize(f"{m.group(1)} {m.group(2)}", dct, future=future, anchor=anchor)
    m = re.fullmatch(rf"({NUM_PATTERN})\s+({UNIT_PATTERN})\s+(ago|earlier|before|later|after)", t)
    if m:
        n = _num(m.group(1))
        unit = m.group(2).rstrip("s")
        ago = m.group(3) in ("ago", "earlier", "before")
        base = dct
        if m.group(3) in ("later", "after", "earlier", "before") and anchor:
            start = value_start(anchor)
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
                return Normalized("DATE", week(d), approx)
            return Normalized("DATE", f"{d.year:04d}-{d.month:02d}", approx)
        if unit == "month":
            return Normalized("DATE", f"{d.year:04d}-{d.month:02d}", approx)
        return Normalized("DATE", f"{d.year:04d}", approx)
    if t in ("recently", "more recently", "lately", "previously", "formerly", "the past"):
        return Normalized("DATE", "PAST_REF")
    if t in ("future", "the future", "soon"):
        return Normalized("DATE", "FUTURE_REF")
    return None


_HOLIDAY = "|".join(
    re.escape(name) for name in sorted({*HOLIDAYS, *ELECTION_DAY}, key=len, reverse=True)
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_WHICH = {"last": "last", "past": "last", "this past": "last", "next": "next", "coming": "next"}
_WHICH.update({"this": "this", "the coming": "next", "the past": "last", "the last": "last"})
_WHICH_RE = r"(this past|the past|the last|the coming|last|past|next|coming|this)"
_ORDINAL = "|".join(ORDINALS)
_YEAR = r"(1[5-9]\d\d|20\d\d)"


def _calendar_names(t: str, dct: date | None, tense: str | None) -> Normalized | None:
    """Holidays, seasons, ranges of years, quarters, halves and fiscal years."""
    t = t.replace("’", "'")
    m = re.fullmatch(rf"(?:{_WHICH_RE}\s+)?({_HOLIDAY})(?:,?\s+(?:of\s+)?{_YEAR})?", t)
    if m:
        which = _WHICH.get(m.group(1) or "")
        year = int(m.group(3)) if m.group(3) else None
        return Normalized("DATE", holiday_date(m.group(2), dct, which, tense, year))
    m = re.fullmatch(rf"(?:{_WHICH_RE}\s+)?({_SEASON})(?:,?\s+(?:of\s+)?{_YEAR})?", t)
    if m:
        code = SEASONS[m.group(2)]
        if m.group(3):
            return Normalized("DATE", f"{m.group(3)}-{code}")
        if dct is None:
            return Normalized("DATE", None)
        which = _WHICH.get(m.group(1) or "")
        return Normalized("DATE", season_value(dct, m.group(2), which, tense))
    # "between 2014 and 2016": the span of time (the years themselves are dates of their own)
    m = re.fullmatch(
        rf"(?:between\s+{_YEAR}\s+and|{_YEAR}\s*(?:to|until|through|-|–))\s+{_YEAR}", t
    )
    if m is None:
        m = re.fullmatch(rf"(?:between\s+{_YEAR}\s+and|{_YEAR}\s*(?:-|–))\s*{_YEAR}", t)
    if m:
        first = int(m.group(1) or m.group(2))
        last = int(m.group(3))
        if last > first:
            return Normalized("DURATION", f"P{last - first}Y")
    fiscal = re.fullmatch(
        rf"(?:fiscal(?: year)?|fy)\s*'?{_YEAR}|{_YEAR} (?:fiscal|financial) year", t
    )
    if fiscal:
        return Normalized("DATE", f"FY{fiscal.group(1) or fiscal.group(2)}")
    m = re.fullmatch(r"(?:(last|this|next|current|previous|coming) )?(?:fiscal|financial) year", t)
    if m and dct is not None:
        delta = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(m.group(1) or "", 0)
        return Normalized("DATE", f"FY{dct.year + delta:04d}")
    m = re.fullmatch(
        rf"(fiscal\s+)?(?:{_YEAR}\s+)?(?:fiscal\s+)?({_ORDINAL})[\s-](quarter|half)"
        rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:{_YEAR}|the year|this year|last year))?",
        t,
    )
    if m is None:
        m = re.fullmatch(rf"()()q([1-4])()(?:\s+{_YEAR})?", t)
        if m:
            return _part_of_year(dct, "quarter", int(m.group(3)), m.group(5), "", tense)
        return None
    part = ORDINALS[m.group(3)]
    if m.group(4) == "half" and part > 2:
        return None
    year_text = m.group(2) or m.group(5)
    tail = t.rsplit(" ", 2)
    if year_text is None and tail[-2:] == ["last", "year"] and dct is not None:
        year_text = str(dct.year - 1)
    fiscal_prefix = "FY" if m.group(1) or "fiscal" in t else ""
    return _part_of_year(dct, m.group(4), part, year_text, fiscal_prefix, tense)


def _part_of_year(
    dct: date | None, unit: str, part: int, year_text: str | None, prefix: str, tense: str | None
) -> Normalized:
    """ "The third quarter (of 2008)", "first-half": the latest such part begun by publication
    (the next one in a future clause) when the year is not written."""
    code = "Q" if unit == "quarter" else "H"
    if year_text:
        return Normalized("DATE", f"{prefix}{year_text}-{code}{part}")
    if dct is None:
        return Normalized("DATE", None)
    months = 3 if code == "Q" else 6
    start_month = (part - 1) * months + 1
    year = dct.year
    if tense != "future" and start_month > dct.month:
        year -= 1
    return Normalized("DATE", f"{prefix}{year:04d}-{code}{part}")


def _clock(t: str, dct: date | None, future: bool) -> Normalized | None:
    """Clock times ("3 p.m.", "10:30 a.m. Tuesday", "noon") on the day they name."""
    m = re.fullmatch(
        rf"(?:({WEEKDAY_PATTERN}),?\s+(?:at\s+)?)?(?:(\d{{1,2}})(?:[:.](\d{{2}}))?\s*([ap])\.?m\.?|(noon|midday|midnight))"
        rf"(?:,?\s+(?:on\s+)?({WEEKDAY_PATTERN}|today|yesterday|tomorrow))?(?:\s+\(?(?:et|est|edt|pt|pst|pdt|gmt|utc)\)?)?",
        t,
    )
    if m is None:
        return None
    if m.group(5):
        hh, mm = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}[m.group(5)]
    else:
        hh, mm = int(m.group(2)) % 12, int(m.group(3) or 0)
        if m.group(4) == "p":
            hh += 12
        if hh > 23 or mm > 59:
            return None
    day_word = m.group(1) or m.group(6)
    if dct is None:
        on = "XXXX-XX-XX"
    elif day_word in WEEKDAYS:
        on = weekday_date(dct, WEEKDAYS[day_word], future).isoformat()
    else:
        shift = {"yesterday": -1, "tomorrow": 1}.get(day_word or "", 0)
        on = (dct + timedelta(days=shift)).isoformat()
    return Normalized("TIME", f"{on}T{hh:02d}:{mm:02d}")
