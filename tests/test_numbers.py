"""Numbers as the quantity parser and the evaluator read them, case by case.

Both read "hundred" as a scale ("two hundred" = 200); the quantity parser also keeps the
unit of measure written after the number ("3.5 km").
"""

from __future__ import annotations

import pytest

from storygraph.evaluate.numbers import stated_number
from storygraph.extract.quantities import parse_number

NUMBERS: list[tuple[str, tuple[float | None, str | None]]] = [
    ("7,000", (7000.0, None)),
    ("1,000", (1000.0, None)),
    ("1.5", (1.5, None)),
    ("1.000.000", (1000000.0, None)),
    ("3,5", (3.5, None)),
    ("12", (12.0, None)),
    ("$40 million", (40000000.0, "USD")),
    ("US$ 7.2 bn", (7200000000.0, "USD")),
    ("€40m", (40000000.0, "EUR")),
    ("£3bn", (3000000000.0, "GBP")),
    ("¥500", (500.0, "JPY")),
    ("15bn", (15000000000.0, None)),
    ("5k", (5000.0, None)),
    ("2 trillion", (2000000000000.0, None)),
    ("45%", (45.0, "percent")),
    ("45 percent", (45.0, "percent")),
    ("12 per cent", (12.0, "percent")),
    ("four", (4.0, None)),
    ("twenty-two", (22.0, None)),
    ("two hundred", (200.0, None)),
    ("Two hundred engineers", (200.0, None)),
    ("a hundred", (100.0, None)),
    ("hundred", (None, None)),
    ("one thousand two hundred", (1200.0, None)),
    ("two hundred thousand", (200000.0, None)),
    ("three hundred and twelve", (312.0, None)),
    ("two dozen", (24.0, None)),
    ("3.5 km", (3.5, "km")),
    ("12-mile", (12.0, "mi")),
    ("40 feet", (40.0, "ft")),
    ("2,000 tonnes", (2000.0, "t")),
    ("1.2 million barrels", (1200000.0, "bbl")),
    ("300 square miles", (300.0, "sq mi")),
    ("five kilometres", (5.0, "km")),
    ("40 people", (40.0, None)),
    ("a dozen", (12.0, None)),
    ("three million", (3000000.0, None)),
    ("ninety nine", (99.0, None)),
    ("zero", (None, None)),
    ("many", (None, None)),
    ("40 dollars", (40.0, "USD")),
    ("100 euros", (100.0, "EUR")),
    ("50 yen", (50.0, "JPY")),
    ("3 yuan", (3.0, "CNY")),
    ("20 rupees", (20.0, "INR")),
    ("1,234.5", (1234.5, None)),
    ("12.5 million", (12500000.0, None)),
    ("", (None, None)),
    ("the", (None, None)),
    ("USD 30", (30.0, "USD")),
    ("EUR 12 million", (12000000.0, "EUR")),
    ("0.5", (0.5, None)),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_parse_number(text: str, expected: tuple[float | None, str | None]) -> None:
    assert parse_number(text) == expected


# The docstring's own examples, then the edges of the word reader.
STATED: list[tuple[str, float | None]] = [
    ("US$ 40 billion", 4e10),
    ("15bn", 1.5e10),
    ("10,000", 10000.0),
    ("5th", 5.0),
    ("twenty tonnes", 20.0),
    ("a dozen", 12.0),
    ("15-20 %", None),
    ("320x240", None),
    ("between $12 million and $20 million", None),
    ("many", None),
    ("thousands of", None),
    ("half", None),
    ("twenty-two", 22.0),
    ("two hundred", 200.0),
    ("a hundred", 100.0),
    ("hundred", None),
    ("one thousand two hundred", 1200.0),
    ("three million people", 3e6),
    ("zero", 0.0),
    ("seven or eight", None),
    ("1.5 million", 1.5e6),
    ("2.5tn", 2.5e12),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), STATED)
def test_stated_number(text: str, expected: float | None) -> None:
    assert stated_number(text) == expected
