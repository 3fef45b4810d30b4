"""Calendar arithmetic for the time rules: weeks, seasons, holidays, quarters, ranges.

Each function answers one question about the calendar relative to the publication date
(``dct``, the document creation time of TimeML) and the tense of the clause, so that the
normaliser in :mod:`.times` reads as a list of expressions and the values they take.
Tense is one of ``"past"``, ``"future"`` or ``None`` (present or unknown).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from storygraph.extract.lexicon import ELECTION_DAY, HOLIDAYS, SEASONS

__all__ = [
    "holiday_date",
    "interval",
    "season_value",
    "shift_month",
    "value_start",
    "week",
    "weekday_date",
    "year_for",
]

#: The months each season covers; winter runs from December into the next year and takes
#: the year of its December.
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def week(d: date) -> str:
    """The ISO week of a day as TimeML writes it (2026-W48)."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) ``delta`` months away."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def weekday_date(dct: date, weekday: int, future: bool) -> date:
    """The nearest day with this weekday: on or before ``dct``, or on or after it when
    ``future`` ("will deliver food on Wednesday" in Wednesday's paper is that day)."""
    if future:
        delta = (weekday - dct.weekday()) % 7
        return dct + timedelta(days=delta)
    delta = (dct.weekday() - weekday) % 7
    return dct - timedelta(days=delta)


def value_start(value: str) -> date | None:
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
    try:
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
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
            return _months(y, q * 3 - 2, q * 3)
        m = re.fullmatch(r"(\d{4})-H([12])", value)
        if m:
            y, h = int(m.group(1)), int(m.group(2))
            return _months(y, h * 6 - 5, h * 6)
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if m:
            return _season_bounds(int(m.group(1)), m.group(2))
    except ValueError:
        return None
    return None


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def year_for(dct: date | None, month: int, day: int, tense: str | None) -> int | None:
    """The year of a month and day written without one: the nearest in the clause's tense.

    A past-tense clause means the last such day on or before publication. Otherwise it is
    the publication year, unless the day lies more than 60 days on the far side of
    publication: after it for a clause not about the future ("November 25" in a January
    article was last year's), before it for one about the future.
    """
    if dct is None:
        return None
    try:
        candidate = date(dct.year, month, day)
    except ValueError:
        return dct.year
    if tense == "past":
        return dct.year - 1 if candidate > dct else dct.year
    if tense != "future" and candidate > dct + timedelta(days=60):
        return dct.year - 1
    if tense == "future" and candidate < dct - timedelta(days=60):
        return dct.year + 1
    return dct.year


def _season_bounds(year: int, code: str) -> tuple[date, date]:
    first, last = _SEASON_MONTHS[code]
    if code == "WI":
        end_year = year + 1
        return date(year, 12, 1), date(end_year, 2, calendar.monthrange(end_year, 2)[1])
    return _months(year, first, last)


def season_value(dct: date, name: str, which: str | None, tense: str | None) -> str:
    """A season's TimeML value ("2016-SU") as the phrase and the clause's tense place it.

    Args:
        dct: the publication date.
        name: the season word ("summer", "fall").
        which: ``"last"`` ("last summer", "this past summer": the latest season of that name
            over before publication), ``"next"`` (the first to begin after it), ``"this"``
            (the one of the publication year; in January and February, the winter then
            running), or None for a bare season, placed by ``tense``.
        tense: ``"past"`` (the latest one begun by publication), ``"future"`` (the one
            running or the next), or None (as ``"this"``).
    """
    code = SEASONS[name]
    years = range(dct.year - 2, dct.year + 2)
    bounds = [(y, *_season_bounds(y, code)) for y in years]
    if which is None:
        which = {"past": "begun", "future": "running"}.get(tense or "", "this")
    if which == "last":
        year = max(y for y, _, end in bounds if end < dct)
    elif which == "next":
        year = min(y for y, start, _ in bounds if start > dct)
    elif which == "begun":
        year = max(y for y, start, _ in bounds if start <= dct)
    elif which == "running":
        year = min(y for y, _, end in bounds if end >= dct)
    else:
        year = dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
    return f"{year:04d}-{code}"


def _holiday_in(name: str, year: int) -> date | None:
    if name in ELECTION_DAY:
        # the Tuesday after the first Monday of November
        first_monday = weekday_date(date(year, 11, 7), 0, False)
        return first_monday + timedelta(days=1)
    rule = HOLIDAYS.get(name)
    if rule is None:
        return None
    if len(rule) == 2:
        return date(year, rule[0], rule[1])
    month, weekday, n = rule
    if n > 0:
        first = weekday_date(date(year, month, 7), weekday, False)
        return first + timedelta(weeks=n - 1)
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    return weekday_date(last_day, weekday, False)


def holiday_date(
    name: str, dct: date | None, which: str | None, tense: str | None, year: int | None = None
) -> str | None:
    """The TimeML value of a named holiday ("Thanksgiving" → 2016-11-24), or None.

    Args:
        name: the holiday, lower case ("election day", "christmas").
        dct: the publication date; without it and without ``year`` the year stays ``XXXX``.
        which: ``"last"``, ``"next"``, ``"this"`` or None, as written before the name.
        tense: the clause's tense, for a bare name (see :func:`year_for`).
        year: a year written with the name ("Election Day 2016").
    """
    if _holiday_in(name, 2001) is None:
        return None
    if year is None:
        if dct is None:
            return None
        this_year = _holiday_in(name, dct.year) or dct
        if which == "last" or (which is None and tense == "past"):
            year = dct.year if this_year < dct or (tense and this_year == dct) else dct.year - 1
        elif which == "next" or (which is None and tense == "future"):
            year = dct.year if this_year > dct or (tense and this_year == dct) else dct.year + 1
        elif which == "this":
            year = dct.year
        else:
            # no tense to go by: the occurrence nearest to publication
            year = min(
                (dct.year - 1, dct.year, dct.year + 1),
                key=lambda y: abs(((_holiday_in(name, y) or dct) - dct).days),
            )
    on = _holiday_in(name, year)
    return on.isoformat() if on else None
