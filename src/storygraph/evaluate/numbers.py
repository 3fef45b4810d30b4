"""The number a quantity expression states, if it states exactly one."""

from __future__ import annotations

import re

from storygraph.extract.lexicon import NUMBER_WORDS, SCALE_ABBREVIATIONS, SCALE_WORDS

__all__ = ["stated_number"]

_UNITS: dict[str, int] = {"zero": 0, **NUMBER_WORDS}
_SCALES: dict[str, int] = {**SCALE_WORDS, **SCALE_ABBREVIATIONS}
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
