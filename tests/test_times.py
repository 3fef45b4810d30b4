"""The time normaliser and the calendar intervals of TimeML values, case by case.

The cases come from the rules' own comments and docstrings in ``extract/timenorm.py``; the
expected values pin today's behaviour (publication date Thursday 2026-11-26 unless stated).
The calendar rules (seasons, holidays, quarters, fiscal years, ranges, clock times) are
tabled as expression + publication date + tense → value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storygraph.extract import extract_article
from storygraph.extract.times import Normalized, find_time_spans, interval, normalize
from storygraph.records import Article

NORMALIZE: list[tuple[str, date | None, dict[str, Any], tuple[str, str | None, bool] | None]] = [
    ("last month", date(2026, 11, 26), {}, ("DATE", "2026-10", False)),
    ("this month", date(2026, 11, 26), {}, ("DATE", "2026-11", False)),
    ("next month", date(2026, 11, 26), {}, ("DATE", "2026-12", False)),
    ("last week", date(2026, 11, 26), {}, ("DATE", "2026-W47", False)),
    ("this week", date(2026, 11, 26), {}, ("DATE", "2026-W48", False)),
    ("next week", date(2026, 11, 26), {}, ("DATE", "2026-W49", False)),
    ("last weekend", date(2026, 11, 26), {}, ("DATE", "2026-W47-WE", False)),
    ("last year", date(2026, 11, 26), {}, ("DATE", "2025", False)),
    ("this year", date(2026, 11, 26), {}, ("DATE", "2026", False)),
    ("next year", date(2026, 11, 26), {}, ("DATE", "2027", False)),
    ("last quarter", date(2026, 11, 26), {}, ("DATE", "2026-Q3", False)),
    ("next quarter", date(2026, 11, 26), {}, ("DATE", "2027-Q1", False)),
    ("this decade", date(2026, 11, 26), {}, ("DATE", "202", False)),
    ("last summer", date(2026, 11, 26), {}, ("DATE", "2026-SU", False)),
    ("next spring", date(2026, 11, 26), {}, ("DATE", "2027-SP", False)),
    ("the past year", date(2026, 11, 26), {}, ("DURATION", "P1Y", False)),
    ("the past week", date(2026, 11, 26), {}, ("DURATION", "P1W", False)),
    ("the past quarter", date(2026, 11, 26), {}, ("DURATION", "P3M", False)),
    ("the past decade", date(2026, 11, 26), {}, ("DURATION", "P10Y", False)),
    ("earlier this year", date(2026, 11, 26), {}, ("DATE", "2026", False)),
    ("later this month", date(2026, 11, 26), {}, ("DATE", "2026-11", False)),
    ("Wednesday", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("Wednesday", date(2026, 11, 26), {"future": True}, ("DATE", "2026-12-02", False)),
    ("Thursday", date(2026, 11, 26), {}, ("DATE", "2026-11-26", False)),
    # the publication's own weekday, in the future tense: that day ("will meet on Thursday"
    # in Thursday's wire), as in the past tense
    ("Thursday", date(2026, 11, 26), {"future": True}, ("DATE", "2026-11-26", False)),
    ("on Monday", date(2026, 11, 26), {}, ("DATE", "2026-11-23", False)),
    ("Friday morning", date(2026, 11, 26), {}, ("TIME", "2026-11-20TMO", False)),
    ("last Thursday", date(2026, 11, 26), {}, ("DATE", "2026-11-19", False)),
    ("this Thursday", date(2026, 11, 26), {}, ("DATE", "2026-11-26", False)),
    ("next Monday", date(2026, 11, 26), {}, ("DATE", "2026-11-30", False)),
    ("next Thursday", date(2026, 11, 26), {}, ("DATE", "2026-12-03", False)),
    ("coming Thursday", date(2026, 11, 26), {}, ("DATE", "2026-12-03", False)),
    ("coming Friday", date(2026, 11, 26), {}, ("DATE", "2026-11-27", False)),
    ("this morning", date(2026, 11, 26), {}, ("TIME", "2026-11-26TMO", False)),
    ("yesterday evening", date(2026, 11, 26), {}, ("TIME", "2026-11-25TEV", False)),
    ("tomorrow night", date(2026, 11, 26), {}, ("TIME", "2026-11-27TNI", False)),
    ("today", date(2026, 11, 26), {}, ("DATE", "2026-11-26", False)),
    ("yesterday", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("tomorrow", date(2026, 11, 26), {}, ("DATE", "2026-11-27", False)),
    ("tonight", date(2026, 11, 26), {}, ("TIME", "2026-11-26TNI", False)),
    ("now", date(2026, 11, 26), {}, ("DATE", "PRESENT_REF", False)),
    ("currently", date(2026, 11, 26), {}, ("DATE", "PRESENT_REF", False)),
    ("recently", date(2026, 11, 26), {}, ("DATE", "PAST_REF", False)),
    ("previously", date(2026, 11, 26), {}, ("DATE", "PAST_REF", False)),
    ("the past", date(2026, 11, 26), {}, ("DATE", "PAST_REF", False)),
    ("the future", date(2026, 11, 26), {}, ("DATE", "FUTURE_REF", False)),
    ("soon", date(2026, 11, 26), {}, ("DATE", "FUTURE_REF", False)),
    ("November 25", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("November 25, 2026", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("Nov. 25", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("Sept. 3", date(2026, 11, 26), {}, ("DATE", "2026-09-03", False)),
    ("December 30", date(2026, 11, 26), {}, ("DATE", "2026-12-30", False)),
    ("January 5", date(2026, 11, 26), {}, ("DATE", "2026-01-05", False)),
    ("January 5", date(2026, 11, 26), {"future": True}, ("DATE", "2027-01-05", False)),
    ("25 November", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("25 November 2025", date(2026, 11, 26), {}, ("DATE", "2025-11-25", False)),
    ("Wednesday, November 25", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("March 3rd, 2009", date(2026, 11, 26), {}, ("DATE", "2009-03-03", False)),
    ("October", date(2026, 11, 26), {}, ("DATE", "2026-10", False)),
    ("December", date(2026, 11, 26), {}, ("DATE", "2025-12", False)),
    ("December", date(2026, 11, 26), {"future": True}, ("DATE", "2026-12", False)),
    ("May", date(2026, 11, 26), {}, ("DATE", "2026-05", False)),
    ("Mar", date(2026, 11, 26), {}, None),
    ("October 2025", date(2026, 11, 26), {}, ("DATE", "2025-10", False)),
    ("in March 2009", date(2026, 11, 26), {}, ("DATE", "2009-03", False)),
    ("2026-11-25", date(2026, 11, 26), {}, ("DATE", "2026-11-25", False)),
    ("7/8/07", date(2026, 11, 26), {}, ("DATE", "2007-07-08", False)),
    ("11/26/2026", date(2026, 11, 26), {}, ("DATE", "2026-11-26", False)),
    ("13/1/2020", date(2026, 11, 26), {}, None),
    ("1/2/75", date(2026, 11, 26), {}, ("DATE", "1975-01-02", False)),
    ("2009", date(2026, 11, 26), {}, ("DATE", "2009", False)),
    ("in 2009", date(2026, 11, 26), {}, ("DATE", "2009", False)),
    ("the year 2010", date(2026, 11, 26), {}, ("DATE", "2010", False)),
    ("the 1990s", date(2026, 11, 26), {}, ("DATE", "199", False)),
    ("1980s", date(2026, 11, 26), {}, ("DATE", "198", False)),
    ("early 2009", date(2026, 11, 26), {}, ("DATE", "2009", False)),
    ("late 2010", date(2026, 11, 26), {}, ("DATE", "2010", False)),
    ("mid-2008", date(2026, 11, 26), {}, ("DATE", "2008", False)),
    ("the beginning of 2008", date(2026, 11, 26), {}, ("DATE", "2008", False)),
    ("the end of the year", date(2026, 11, 26), {}, ("DATE", "2026", False)),
    ("the year", date(2026, 11, 26), {}, ("DATE", "2026", False)),
    ("08:30 UTC", date(2026, 11, 26), {}, ("TIME", "2026-11-26T08:30Z", False)),
    ("18:00 GMT", date(2026, 11, 26), {}, ("TIME", "2026-11-26T18:00Z", False)),
    ("25:00", date(2026, 11, 26), {}, None),
    ("30 days", date(2026, 11, 26), {}, ("DURATION", "P30D", False)),
    ("roughly 30 days", date(2026, 11, 26), {}, ("DURATION", "P30D", True)),
    ("about three weeks", date(2026, 11, 26), {}, ("DURATION", "P3W", True)),
    ("within weeks", date(2026, 11, 26), {}, ("DURATION", "PXW", False)),
    ("for two years", date(2026, 11, 26), {}, ("DURATION", "P2Y", False)),
    ("over the past six months", date(2026, 11, 26), {}, ("DURATION", "P6M", True)),
    ("in the next five years", date(2026, 11, 26), {}, ("DURATION", "P5Y", False)),
    ("a few weeks", date(2026, 11, 26), {}, ("DURATION", "PXW", False)),
    ("several months", date(2026, 11, 26), {}, ("DURATION", "PXM", False)),
    ("three hours", date(2026, 11, 26), {}, ("DURATION", "PT3H", False)),
    ("90 minutes", date(2026, 11, 26), {}, ("DURATION", "PT90M", False)),
    ("two quarters", date(2026, 11, 26), {}, ("DURATION", "P6M", False)),
    ("a couple of days", date(2026, 11, 26), {}, ("DURATION", "P2D", False)),
    ("decades", date(2026, 11, 26), {}, ("DURATION", "PXDE", False)),
    ("decades-long", date(2026, 11, 26), {}, ("DURATION", "PXDE", False)),
    ("fifty-year", date(2026, 11, 26), {}, ("DURATION", "P50Y", False)),
    ("12-hour", date(2026, 11, 26), {}, ("DURATION", "PT12H", False)),
    ("41-year-old", date(2026, 11, 26), {}, ("DURATION", "P41Y", False)),
    ("a 30-minute", date(2026, 11, 26), {}, None),
    ("two years ago", date(2026, 11, 26), {}, ("DATE", "2024", False)),
    ("three days later", date(2026, 11, 26), {}, ("DATE", "2026-11-29", False)),
    ("a week ago", date(2026, 11, 26), {}, ("DATE", "2026-W47", False)),
    ("two weeks ago", date(2026, 11, 26), {}, ("DATE", "2026-11", False)),
    ("six months earlier", date(2026, 11, 26), {}, ("DATE", "2026-05", False)),
    ("a decade ago", date(2026, 11, 26), {}, ("DATE", "2016", False)),
    ("a few weeks later", date(2026, 11, 26), {"anchor": "2026-10"}, ("DATE", "2026-11", True)),
    (
        "three days later",
        date(2026, 11, 26),
        {"anchor": "2026-10-01"},
        ("DATE", "2026-10-04", False),
    ),
    ("two hours ago", date(2026, 11, 26), {}, ("DATE", None, False)),
    ("three years after", date(2026, 11, 26), {}, ("DURATION", "P3Y", False)),
    ("daily", date(2026, 11, 26), {}, ("SET", "P1D", False)),
    ("weekly", date(2026, 11, 26), {}, ("SET", "P1W", False)),
    ("quarterly", date(2026, 11, 26), {}, ("SET", "XXXX-QX", False)),
    ("annually", date(2026, 11, 26), {}, ("SET", "P1Y", False)),
    ("every year", date(2026, 11, 26), {}, ("SET", "P1Y", False)),
    ("a year", date(2026, 11, 26), {}, ("DURATION", "P1Y", False)),
    ("a year", date(2026, 11, 26), {"rate": True}, ("SET", "P1Y", False)),
    ("per year", date(2026, 11, 26), {"rate": True}, ("SET", "P1Y", False)),
    ("yesterday", None, {}, ("DATE", None, False)),
    ("last month", None, {}, ("DATE", None, False)),
    ("November 25", None, {}, ("DATE", "XXXX-11-25", False)),
    ("October", None, {}, ("DATE", "XXXX-10", False)),
    ("two years ago", None, {}, ("DATE", None, False)),
    ("08:30 UTC", None, {}, ("TIME", "XXXX-XX-XXT08:30Z", False)),
    ("the company", date(2026, 11, 26), {}, None),
    ("", date(2026, 11, 26), {}, None),
    ("about", date(2026, 11, 26), {}, None),
    ("Thursday's", date(2026, 11, 26), {}, ("DATE", "2026-11-26", False)),
]


@pytest.mark.parametrize(("text", "dct", "options", "expected"), NORMALIZE)
def test_normalize(
    text: str,
    dct: date | None,
    options: dict[str, Any],
    expected: tuple[str, str | None, bool] | None,
) -> None:
    result = normalize(text, dct, **options)
    assert result == (None if expected is None else Normalized(*expected))


@pytest.mark.parametrize("text", ["in the year 10000", "roughly 9999999999 years ago"])
def test_normalize_never_raises(text: str) -> None:
    result = normalize(text, date(9999, 12, 31))
    assert result is None or isinstance(result, Normalized)


def test_normalize_at_the_end_of_the_calendar_leaves_the_value_open() -> None:
    assert normalize("tomorrow", date(9999, 12, 31)) == Normalized("DATE", None)
    assert normalize("yesterday", date(1, 1, 1)) == Normalized("DATE", None)


INTERVAL: list[tuple[str, tuple[date, date] | None]] = [
    ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
    ("2026-10", (date(2026, 10, 1), date(2026, 10, 31))),
    ("2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2026-11-25", (date(2026, 11, 25), date(2026, 11, 25))),
    ("2026-W48", (date(2026, 11, 23), date(2026, 11, 29))),
    ("2026-W01", (date(2025, 12, 29), date(2026, 1, 4))),
    ("2020-W53", (date(2020, 12, 28), date(2021, 1, 3))),
    ("2026-Q1", (date(2026, 1, 1), date(2026, 3, 31))),
    ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
    ("2026-Q5", None),
    ("0000", None),
    ("0000-01-01", None),
    ("2026-13", None),
    ("2026-02-30", None),
    ("2021-W53", None),
    ("P30D", None),
    ("PRESENT_REF", None),
    ("2026-11-25TNI", None),
    ("202", None),
    ("2026-SU", (date(2026, 6, 1), date(2026, 8, 31))),
    ("2026-WI", (date(2026, 12, 1), date(2027, 2, 28))),
    ("2027-WI", (date(2027, 12, 1), date(2028, 2, 29))),
    ("2026-H2", (date(2026, 7, 1), date(2026, 12, 31))),
    ("2026-H3", None),
    ("9999-WI", None),
    ("FY2026", None),
    ("9999-12-31", (date(9999, 12, 31), date(9999, 12, 31))),
    ("XXXX-10", None),
]


@pytest.mark.parametrize(("value", "expected"), INTERVAL)
def test_interval(value: str, expected: tuple[date, date] | None) -> None:
    assert interval(value) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Meta reversed course within weeks.", ["within weeks"]),
        ("It happened three days later and last month.", ["three days later", "last month"]),
        ("The memo of Wednesday morning", ["Wednesday morning"]),
        ("Sales rose 15% in 2009.", ["2009"]),
        ("No time here.", []),
    ],
)
def test_find_time_spans(text: str, found: list[str]) -> None:
    assert [text[s:e] for s, e in find_time_spans(text)] == found


#: Publication Monday 2016-10-31 (a week before Election Day), a spring date and a winter one.
OCT31, APR15, JAN20 = date(2016, 10, 31), date(2016, 4, 15), date(2016, 1, 20)
PAST: dict[str, Any] = {"past": True}
FUTURE: dict[str, Any] = {"future": True}
UNTENSED: dict[str, Any] = {}

CALENDAR: list[tuple[str, date | None, dict[str, Any], tuple[str, str | None]]] = [
    # seasons: "last" / "this past" is the latest one over before publication
    ("this past summer", OCT31, PAST, ("DATE", "2016-SU")),
    ("this past summer", OCT31, UNTENSED, ("DATE", "2016-SU")),
    ("last spring", OCT31, PAST, ("DATE", "2016-SP")),
    ("last spring", APR15, PAST, ("DATE", "2015-SP")),
    ("last summer", APR15, UNTENSED, ("DATE", "2015-SU")),
    ("last winter", APR15, PAST, ("DATE", "2015-WI")),
    ("last winter", JAN20, PAST, ("DATE", "2014-WI")),
    ("this winter", JAN20, UNTENSED, ("DATE", "2015-WI")),
    ("next summer", OCT31, FUTURE, ("DATE", "2017-SU")),
    ("next summer", APR15, FUTURE, ("DATE", "2016-SU")),
    ("the coming winter", OCT31, FUTURE, ("DATE", "2016-WI")),
    ("the summer", OCT31, PAST, ("DATE", "2016-SU")),
    ("the summer", OCT31, FUTURE, ("DATE", "2017-SU")),
    ("the spring", APR15, FUTURE, ("DATE", "2016-SP")),
    ("in the fall", APR15, PAST, ("DATE", "2015-FA")),
    ("summer 2015", OCT31, UNTENSED, ("DATE", "2015-SU")),
    ("the summer of 2015", None, UNTENSED, ("DATE", "2015-SU")),
    ("last summer", None, UNTENSED, ("DATE", None)),
    # US holidays against the publication year; past / future by tense
    ("Election Day", OCT31, FUTURE, ("DATE", "2016-11-08")),
    ("Election Day", OCT31, UNTENSED, ("DATE", "2016-11-08")),
    ("Election Day", OCT31, PAST, ("DATE", "2015-11-03")),
    ("Election Day 2012", OCT31, PAST, ("DATE", "2012-11-06")),
    ("election night", date(2016, 11, 9), PAST, ("DATE", "2016-11-08")),
    ("Thanksgiving", OCT31, FUTURE, ("DATE", "2016-11-24")),
    ("Thanksgiving", OCT31, PAST, ("DATE", "2015-11-26")),
    ("last Thanksgiving", OCT31, UNTENSED, ("DATE", "2015-11-26")),
    ("Christmas", OCT31, UNTENSED, ("DATE", "2016-12-25")),
    ("Christmas", JAN20, PAST, ("DATE", "2015-12-25")),
    ("Christmas Day", JAN20, UNTENSED, ("DATE", "2015-12-25")),
    ("Christmas Eve", OCT31, FUTURE, ("DATE", "2016-12-24")),
    ("New Year's Day", OCT31, UNTENSED, ("DATE", "2017-01-01")),
    ("New Year’s Day", JAN20, PAST, ("DATE", "2016-01-01")),
    ("New Year's Eve", OCT31, FUTURE, ("DATE", "2016-12-31")),
    ("Independence Day", OCT31, PAST, ("DATE", "2016-07-04")),
    ("the Fourth of July", APR15, FUTURE, ("DATE", "2016-07-04")),
    ("Labor Day", OCT31, PAST, ("DATE", "2016-09-05")),
    ("Labor Day", OCT31, FUTURE, ("DATE", "2017-09-04")),
    ("Memorial Day", APR15, FUTURE, ("DATE", "2016-05-30")),
    ("Memorial Day", OCT31, PAST, ("DATE", "2016-05-30")),
    ("Martin Luther King Day", JAN20, PAST, ("DATE", "2016-01-18")),
    ("Veterans Day", OCT31, FUTURE, ("DATE", "2016-11-11")),
    ("Thanksgiving", None, UNTENSED, ("DATE", None)),
    # ranges of years: the span of time between them (MEANTIME's duration)
    ("between 2014 and 2016", OCT31, UNTENSED, ("DURATION", "P2Y")),
    ("from 2009 to 2011", OCT31, UNTENSED, ("DURATION", "P2Y")),
    ("2009-2011", None, UNTENSED, ("DURATION", "P2Y")),
    # fiscal years, quarters and halves
    ("fiscal 2008", OCT31, UNTENSED, ("DATE", "FY2008")),
    ("fiscal year 2015", None, UNTENSED, ("DATE", "FY2015")),
    ("FY2015", None, UNTENSED, ("DATE", "FY2015")),
    ("the 2008 fiscal year", OCT31, UNTENSED, ("DATE", "FY2008")),
    ("last fiscal year", OCT31, PAST, ("DATE", "FY2015")),
    ("the financial year", date(2007, 1, 18), UNTENSED, ("DATE", "FY2007")),
    ("the first quarter", OCT31, PAST, ("DATE", "2016-Q1")),
    ("the fourth quarter", OCT31, PAST, ("DATE", "2016-Q4")),
    ("the fourth quarter", APR15, PAST, ("DATE", "2015-Q4")),
    ("the fourth quarter", APR15, FUTURE, ("DATE", "2016-Q4")),
    ("fourth-quarter", date(2017, 1, 26), UNTENSED, ("DATE", "2016-Q4")),
    ("the third quarter of 2008", OCT31, UNTENSED, ("DATE", "2008-Q3")),
    ("the fiscal third quarter", OCT31, PAST, ("DATE", "FY2016-Q3")),
    ("Q2", OCT31, PAST, ("DATE", "2016-Q2")),
    ("the first half of 2016", OCT31, UNTENSED, ("DATE", "2016-H1")),
    ("the second half of the year", OCT31, FUTURE, ("DATE", "2016-H2")),
    # clock times on the day they name
    ("3 p.m.", OCT31, PAST, ("TIME", "2016-10-31T15:00")),
    ("10:30 a.m.", OCT31, UNTENSED, ("TIME", "2016-10-31T10:30")),
    ("12 a.m.", OCT31, UNTENSED, ("TIME", "2016-10-31T00:00")),
    ("10:30 a.m. Tuesday", OCT31, FUTURE, ("TIME", "2016-11-01T10:30")),
    ("Friday at 9 p.m.", OCT31, PAST, ("TIME", "2016-10-28T21:00")),
    ("noon", OCT31, UNTENSED, ("TIME", "2016-10-31T12:00")),
    ("3 p.m.", None, UNTENSED, ("TIME", "XXXX-XX-XXT15:00")),
    # month and day without a year: in a past-tense clause, never after publication
    ("December 2", OCT31, PAST, ("DATE", "2015-12-02")),
    ("December 2", OCT31, UNTENSED, ("DATE", "2016-12-02")),
    ("October 20", OCT31, FUTURE, ("DATE", "2016-10-20")),
    ("August 20", JAN20, FUTURE, ("DATE", "2016-08-20")),
]


@pytest.mark.parametrize(("text", "dct", "tense", "expected"), CALENDAR)
def test_calendar_rules(
    text: str, dct: date | None, tense: dict[str, Any], expected: tuple[str, str | None]
) -> None:
    result = normalize(text, dct, **tense)
    assert result is not None
    assert (result.type, result.value) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Polls close on Election Day, Nov. 8.", "Election Day"),
        ("She spent this past summer in Ohio.", "this past summer"),
        ("Sales fell between 2014 and 2016.", "between 2014 and 2016"),
        ("Output grew from 2009 to 2011.", "from 2009 to 2011"),
        ("Profit rose in fiscal 2015.", "fiscal 2015"),
        ("The vote is at 3 p.m. on Friday.", "3 p.m."),
        ("Third-quarter sales and fourth quarter costs", "fourth quarter"),
    ],
)
def test_find_time_spans_calendar(text: str, found: str) -> None:
    assert found in [text[s:e] for s, e in find_time_spans(text)]


def test_set_counts() -> None:
    assert normalize("twice a week", OCT31) == Normalized("SET", "P1W")
    assert normalize("three times a year", OCT31) == Normalized("SET", "P1Y")


# the clause's tense as the parse gives it: text, publication date, expression → value
TENSED: list[tuple[str, date, str, str]] = [
    ("Sentencing is set for March 15.", date(2016, 11, 30), "March 15", "2017-03-15"),
    ("The trial is set to begin on Wednesday.", OCT31, "Wednesday", "2016-11-02"),
    ("With Election Day eight days away, she campaigned.", OCT31, "Election Day", "2016-11-08"),
    ("The store sold out on Thanksgiving.", OCT31, "Thanksgiving", "2015-11-26"),
    ("The store will open on Thanksgiving.", OCT31, "Thanksgiving", "2016-11-24"),
    ("The talks ended at 4 p.m. Tuesday.", OCT31, "4 p.m. Tuesday", "2016-10-25T16:00"),
    ("Turnout fell this past summer.", OCT31, "this past summer", "2016-SU"),
    ("He was arrested on December 2.", OCT31, "December 2", "2015-12-02"),
    # "would" in what was said: the future of the saying; "would have": the past
    (
        "A spokeswoman said the president would sign the bill on Wednesday.",
        OCT31,
        "Wednesday",
        "2016-11-02",
    ),
    (
        "Hours before a shutdown would have begun on Wednesday, it passed.",
        OCT31,
        "Wednesday",
        "2016-10-26",
    ),
    # a time before the reported clause's subject is the saying's
    (
        "Halvorsen said on Monday it would acquire Brightline Foods for $4.5 billion.",
        date(2016, 11, 1),
        "Monday",
        "2016-10-31",
    ),
]


@pytest.mark.parametrize(("text", "dct", "expression", "value"), TENSED)
def test_times_in_their_clause(nlp: Any, text: str, dct: date, expression: str, value: str) -> None:
    extraction = extract_article(Article(id="t", text=text, published=dct), nlp)
    assert (expression, value) in {(t.mention.text, t.value) for t in extraction.times}
