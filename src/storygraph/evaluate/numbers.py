"""The number a quantity expression states, if it states exactly one."""

from __future__ import annotations

import re

__all__ = ["stated_number"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
}
# A numeral: digits with optional thousands separators and decimals, not part of a longer
# numeral, optionally followed directly (or after spaces) by a scale word.
_NUMERAL = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(?:\s*(hundred|thousand|million|mn|billion|bn|trillion|tn)\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+")


def stated_number(text: str) -> float | None:
    """The one number ``text`` states, with scale words applied, else None.

    ``"US$ 40 billion"`` → 4e10, ``"15bn"`` → 1.5e10, ``"10,000"`` → 10000, ``"5th"`` → 5,
    ``"twenty tonnes"`` → 20, ``"a dozen"`` → 12. Ranges and several numbers
    (``"15-20 %"``, ``"320x240"``, ``"between $12 million and $20 million"``) and vague
    amounts (``"many"``, ``"thousands of"``, ``"half"``) state no single number: None.

    Args:
        text: The expression.

    Returns:
        The number, or None.
    """
    numerals = list(_NUMERAL.finditer(text))
    if len(numerals) > 1:
        return None
    if len(numerals) == 1:
        match = numerals[0]
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        if match.group(3):
            value *= _SCALES[match.group(3).lower()]
        return value
    return _word_number(text)


def _word_number(text: str) -> float | None:
    """Numbers spelled out in words: "twenty-two", "two hundred", "a dozen"."""
    words = _WORD.findall(text.lower())
    total = 0
    current = 0
    seen = False
    ended = False
    previous = ""
    for word in words:
        if word in _UNITS or word in _SCALES:
            if ended:
                return None  # a second, separate number
            if word in _UNITS:
                current += _UNITS[word]
            else:
                if not seen and previous not in ("a", "an", "one"):
                    return None  # "thousands of", "hundred" alone
                scale = _SCALES[word]
                if scale == 100:
                    current = max(current, 1) * scale
                else:
                    total += max(current, 1) * scale
                    current = 0
            seen = True
        elif seen:
            ended = True
        previous = word
    if not seen:
        return None
    return float(total + current)
