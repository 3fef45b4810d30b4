"""A synthetic news corpus for the benchmarks: real articles, varied so that none repeats.

The base articles are the 60 MEANTIME development articles (``../shared/data/meantime-dev``,
read with :func:`storygraph.evaluate.meantime.read_meantime`) and the example story. Variant
``k`` of an article keeps its sentences but changes what differs between news stories:

* every proper-name token (a capitalised word seen inside a sentence, not a month, weekday
  or function word) becomes a made-up word of the same shape, the same one wherever it
  occurs in the article, so "Barack Obama … Obama" stays coreferent;
* years move ``k mod 5`` years later, and the publication date with them;
* other numbers above 31 are scaled by a factor between 1.1 and 1.9.

Variant 0 is the original. Articles come base by base, variant by variant, so the first 61
are the originals. Everything is deterministic.

    .venv/bin/python bench/corpus.py 1000 -o out/corpus-1k.jsonl
    .venv/bin/python bench/corpus.py 1000 --brief 6 -o out/briefs-1k.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEANTIME = ROOT.parent / "shared" / "data" / "meantime-dev"
EXAMPLE = ROOT / "examples" / "meta-applied-ai-reversal.txt"
EXAMPLE_DATE = date(2026, 11, 26)

_WORD = re.compile(r"\b[A-Z][A-Za-z]+\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”]\s+|\n\s*)$")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_KEEP_WORDS = """January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday The A An And Or But Of In On At For To From By With As It Its He She His
    Her They Their We Our You Your This That These Those There Here When Where What Who Why
    How If While After Before Since Mr Mrs Ms Dr St Inc Ltd Corp Co Jr Sr"""
_KEEP = set(_KEEP_WORDS.split())
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"


@dataclass(frozen=True)
class BaseArticle:
    """One real article the variants are made from."""

    id: str
    title: str
    text: str
    published: date


def base_articles(meantime: Path = MEANTIME) -> list[BaseArticle]:
    """The MEANTIME development articles and the example story."""
    from storygraph.evaluate.meantime import read_meantime

    found = []
    for doc in read_meantime(meantime).documents:
        title = doc.text.strip().split("\n", 1)[0]
        found.append(BaseArticle(doc.id, title, doc.text, doc.published or EXAMPLE_DATE))
    text = EXAMPLE.read_text(encoding="utf-8")
    found.append(BaseArticle("example", text.strip().split("\n", 1)[0], text, EXAMPLE_DATE))
    return found


def _digest(*parts: object) -> int:
    key = "\x00".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def made_up_word(word: str, k: int) -> str:
    """A pronounceable word of about the length of ``word``, in its case (deterministic)."""
    seed = _digest(word, k)
    letters = []
    for i in range(max(2, len(word))):
        pool = _CONSONANTS if i % 2 == 0 else _VOWELS
        letters.append(pool[seed % len(pool)])
        seed //= len(pool)
        if seed == 0:
            seed = _digest(word, k, i)
    made = "".join(letters)
    if word.isupper():
        return made.upper()
    return made.capitalize()


def name_tokens(text: str) -> set[str]:
    """Capitalised words that occur inside a sentence: proper names, mostly."""
    names = set()
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word in _KEEP:
            continue
        if _SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]):
            continue
        names.add(word)
    return names


def _vary_numbers(text: str, k: int) -> str:
    shift = k % 5
    factor = 1 + ((k * 7) % 9 + 1) / 10

    def replace(m: re.Match[str]) -> str:
        whole, decimals = m.group(1), m.group(2) or ""
        value = int(whole.replace(",", ""))
        if 1900 <= value <= 2099 and not decimals and "," not in whole:
            return str(value + shift)
        if value <= 31:
            return m.group(0)
        scaled = round(value * factor)
        out = f"{scaled:,}" if "," in whole else str(scaled)
        return out + decimals

    return _NUMBER.sub(replace, text)


def variant(base: BaseArticle, k: int, *, brief: int | None = None) -> dict[str, str]:
    """Variant ``k`` of an article as a JSON Lines record (``brief``: first lines only)."""
    text = base.text
    if brief is not None:
        lines = [line for line in text.split("\n") if line.strip()]
        text = "\n".join(lines[:brief]) + "\n"
    published = base.published
    if k:
        names = sorted(name_tokens(base.text), key=len, reverse=True)
        if names:
            mapping = {n: made_up_word(n, k) for n in names}
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
            text = pattern.sub(lambda m: mapping[m.group(0)], text)
        text = _vary_numbers(text, k)
        year = published.year + k % 5
        published = published.replace(year=year, day=min(published.day, 28))
    title = text.strip().split("\n", 1)[0]
    return {
        "id": f"{base.id[:60]}-v{k}",
        "title": title,
        "published": published.isoformat(),
        "text": text,
    }


def generate(
    n: int, *, bases: list[BaseArticle] | None = None, brief: int | None = None
) -> Iterator[dict[str, str]]:
    """The first ``n`` articles of the corpus: every base article, then every variant 1 …"""
    bases = bases if bases is not None else base_articles()
    k = 0
    made = 0
    while made < n:
        for base in bases:
            if made >= n:
                return
            yield variant(base, k, brief=brief)
            made += 1
        k += 1


def write_jsonl(path: Path, n: int, *, brief: int | None = None) -> int:
    """Write ``n`` articles as JSON Lines; returns the number of words."""
    words = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in generate(n, brief=brief):
            words += len(record["text"].split())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def write_dir(path: Path, n: int, *, brief: int | None = None) -> int:
    """Write ``n`` articles as Markdown files with front matter; returns the number of words."""
    words = 0
    path.mkdir(parents=True, exist_ok=True)
    for i, record in enumerate(generate(n, brief=brief)):
        words += len(record["text"].split())
        front = f"---\nid: {json.dumps(record['id'])}\npublished: {record['published']}\n---\n"
        (path / f"{i:06d}.md").write_text(front + record["text"], encoding="utf-8")
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True, help=".jsonl or a directory")
    parser.add_argument("--brief", type=int, default=None, help="keep the first N lines")
    args = parser.parse_args(argv)
    if args.output.suffix == ".jsonl":
        words = write_jsonl(args.output, args.articles, brief=args.brief)
    else:
        words = write_dir(args.output, args.articles, brief=args.brief)
    print(f"wrote {args.articles} articles, {words} words, to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
