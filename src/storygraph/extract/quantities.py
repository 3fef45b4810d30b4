"""Quantities found in a parsed article: amounts, money, percentages, and what they count."""

from __future__ import annotations

import re

from storygraph.extract.lexicon import (
    APPROXIMATIONS,
    CURRENCIES,
    MEASURE_UNITS,
    NUMBER_WORDS,
    SCALE_ABBREVIATIONS,
    SCALE_LETTERS,
    SCALE_WORDS,
)
from storygraph.extract.parsed import Parsed, SpanSet
from storygraph.records import Quantity, TimeExpression

__all__ = ["find_quantities", "parse_number"]

_SCALES: dict[str, float] = {**SCALE_WORDS, **SCALE_ABBREVIATIONS, **SCALE_LETTERS}
# a unit of measure right after the number ("3.5 km", "40 feet", "12-mile")
_MEASURE = re.compile(
    r"^[\s-]*(?:(?:thousand|million|billion|trillion|bn|mn)\s+)?(?:square\s+|cubic\s+)?"
    r"(?P<unit>[a-z/]+)\b"
)
_NUMBER = re.compile(
    r"(?P<cur>US\$|\$|€|£|¥)?\s*(?P<num>\d+(?:[.,]\d+)*)\s*(?P<scale>thousand|million|billion|trillion|bn|mn|tn|[kmb]\b)?\s*(?P<pct>%|percent|per cent)?",
    re.IGNORECASE,
)


_MONEY = re.compile(
    r"(?:US\$|\$|€|£|¥)\s?\d[\d,.]*(?:\s?(?:bn|billion|million|mn|m|trillion|tn|k)\b)?"
    r"(?:\s?(?:USD|EUR|GBP))?",
    re.IGNORECASE,
)


def parse_number(text: str) -> tuple[float | None, str | None]:
    """The number a quantity states and its unit (currency code or ``percent``)."""
    t = text.strip().lower()
    unit = None
    for sym, code in CURRENCIES.items():
        if (
            t.startswith(sym)
            or re.search(rf"\b{re.escape(sym)}\b", t)
            or (not sym.isalpha() and sym in t)
        ):
            unit = code
            break
    m = _NUMBER.search(t)
    number: float | None = None
    if m and m.group("num"):
        raw = m.group("num")
        # "1,000" is one thousand; "1.5" a decimal; "1.000" (European) treated as thousands
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
            raw = raw.replace(",", "")
        elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", raw):
            raw = raw.replace(".", "")
        else:
            raw = (
                raw.replace(",", ".")
                if raw.count(",") == 1 and "." not in raw
                else raw.replace(",", "")
            )
        try:
            number = float(raw)
        except ValueError:
            number = None
        scale = (m.group("scale") or "").lower()
        if number is not None and scale in _SCALES:
            number *= _SCALES[scale]
        if m.group("pct"):
            unit = "percent"
        rest = t[m.end() :]
    else:
        number, rest = _number_words(t)
    if unit is None and ("percent" in t or "%" in t):
        unit = "percent"
    if unit is None:
        unit = _measure_unit(rest)
    return number, unit


def _number_words(text: str) -> tuple[float | None, str]:
    """A number written in words ("two hundred", "one thousand two hundred") and the rest.

    Scales multiply what is counted so far: "hundred" multiplies the group below a thousand,
    the larger scales the whole group before them ("two hundred thousand" = 200,000); "a"
    counts one only before a scale ("a hundred", "a dozen").
    """
    words = text.replace("-", " ").split()
    total = group = 0.0
    found = article = False
    used = 0
    for k, w in enumerate(words):
        if w in ("a", "an") and not found and not article:
            article = True
            continue
        if w == "dozen" and (found or article):
            group = (group or 1) * 12
        elif w in NUMBER_WORDS:
            group += NUMBER_WORDS[w]
        elif w == "hundred" and (found or article):
            group = (group or 1) * 100
        elif w in _SCALES and w != "hundred" and (found or article):
            total += (group or 1) * _SCALES[w]
            group = 0.0
        elif w == "and" and found:
            continue
        elif found:
            break
        else:
            article = False
            continue
        found = True
        used = k + 1
    if not found:
        return None, ""
    return total + group, " ".join(words[used:])


def _measure_unit(rest: str) -> str | None:
    """The unit of measure written right after a number, if any ("km", "ft")."""
    m = _MEASURE.match(rest)
    if m is None:
        return None
    word = m.group("unit")
    unit = MEASURE_UNITS.get(word)
    if unit is None:
        return None
    prefix = "sq " if "square" in m.group(0) else "cu " if "cubic" in m.group(0) else ""
    return prefix + unit


def find_quantities(
    parsed: Parsed, times: list[TimeExpression], names: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """Numbers with their unit, counted thing and approximation.

    ``names`` are spans of product names and the like ("Boeing 787"), whose digits are no
    quantity.
    """
    out: list[Quantity] = []
    time_spans = SpanSet(
        sorted([(t.mention.start, t.mention.end) for t in times] + list(names or []))
    )
    for pb in parsed.blocks:
        doc = pb.doc
        spans = [e for e in doc.ents if e.label_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")]
        # amounts of money spaCy misses ("$ 15bn", "US$ 7.2 bn", "€40m")
        for m in _MONEY.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not any(
                e.start_char < m.end() and m.start() < e.end_char for e in spans
            ):
                spans.append(span)
        spans.sort(key=lambda sp: sp.start_char)
        for span in spans:
            start = pb.block.start + span.start_char
            end = pb.block.start + span.end_char
            if time_spans.overlaps(start, end):
                continue
            # skip list markers and ordinal-like tokens such as "1." at a line start
            if (
                span.start == 0
                and len(span) == 1
                and span.text.rstrip(".").isdigit()
                and len(span.text) <= 2
            ):
                continue
            # extend over a following "-person" compound or an approximation before it
            s_tok, e_tok = span.start, span.end
            approx = None
            prev = [doc[i].lower_ for i in range(max(0, s_tok - 2), s_tok)]
            for w in reversed(prev):
                if APPROXIMATIONS.get(w):
                    approx = APPROXIMATIONS[w]
                    break
            for t in span:
                if APPROXIMATIONS.get(t.lower_):
                    approx = APPROXIMATIONS[t.lower_]
            number, unit = parse_number(span.text)
            root = span.root
            counted = None
            head = root.head if root.dep_ in ("nummod", "quantmod", "compound", "amod") else None
            if head is not None and head.pos_ in ("NOUN", "PROPN") and head.i >= span.end - 1:
                counted = head.lemma_.lower() if head.tag_ in ("NNS",) else head.text.lower()
            elif e_tok + 1 < len(doc) and doc[e_tok].text == "-" and doc[e_tok + 1].pos_ == "NOUN":
                counted = doc[e_tok + 1].lower_
            if getattr(span, "label_", "") == "MONEY" and unit is None:
                unit = "currency"
            mention = parsed.span_mention(pb, span)
            out.append(
                Quantity(
                    key=f"qty:{len(out)}",
                    mention=mention,
                    number=number,
                    unit=unit,
                    counted=counted,
                    approximation=approx,
                )
            )
    return out
