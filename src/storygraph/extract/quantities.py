"""Time expressions and quantities found in a parsed article."""

from __future__ import annotations

import re
from typing import Any

from storygraph.extract.parsed import Parsed, SpanSet
from storygraph.extract.timex import Normalized, find_time_spans, normalize
from storygraph.records import Quantity, TimeExpression

__all__ = ["find_quantities", "find_times", "parse_number"]

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_WORDS = {
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
    "hundred": 100,
    "a dozen": 12,
    "dozen": 12,
}
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "yuan": "CNY",
    "rupees": "INR",
}
_APPROX = {
    "roughly": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "nearly": "almost",
    "almost": "almost",
    "some": "about",
    "over": "more than",
    "more": "more than",
    "than": None,
    "less": "less than",
    "fewer": "less than",
    "under": "less than",
    "least": "at least",
    "up": "up to",
    "to": None,
    "just": None,
}
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
    for sym, code in _CURRENCIES.items():
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
    else:
        words = t.replace("-", " ").split()
        total = 0.0
        found = False
        for w in words:
            if w in _WORDS:
                total += _WORDS[w]
                found = True
            elif w in _SCALES and found:
                total *= _SCALES[w]
        number = total if found else None
    if unit is None and ("percent" in t or "%" in t):
        unit = "percent"
    return number, unit


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
            found.append(
                TimeExpression(
                    key,
                    mention,
                    norm.type,
                    norm.value,
                    norm.approximate,
                    anchor if "later" in span.text.lower() else None,
                )
            )
            if norm.type == "DATE" and norm.value and norm.value[:1].isdigit():
                anchor = norm.value
    found.sort(key=lambda t: t.mention.start)
    return found


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
                if _APPROX.get(w):
                    approx = _APPROX[w]
                    break
            for t in span:
                if _APPROX.get(t.lower_):
                    approx = _APPROX[t.lower_]
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
