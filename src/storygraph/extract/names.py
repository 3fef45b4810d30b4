"""Names: the canonical form of a name, model codes, initials, surnames and short forms.

Pure functions over strings (and the user's :class:`~storygraph.readers.aliases.Aliases`):
what makes "Meta Platforms Inc." and "Meta's" one name, "Jobs" the Steve Jobs of the same
article, "SIA" Singapore Airlines, and "Apple Computer" the "Apple" a story talks about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storygraph.extract.lexicon import (
    CORPORATE_SUFFIXES,
    DIVISION_WORDS,
    EVENT_OR_PRODUCT_LAST_WORDS,
    GENERIC_FIRST_WORDS,
    HONORIFICS,
    INDEX_HEADS,
    NAME_SUFFIXES,
    ORGANIZATION_NOUNS,
    PERSON_TITLES,
    PLACE_ALIASES,
)
from storygraph.readers.aliases import Aliases
from storygraph.records import Entity, EntityKind

__all__ = [
    "BRAND_STYLE",
    "DOTTED_ACRONYM",
    "INDEX_NAME",
    "MODEL_CODE",
    "article_aliases",
    "canonical_name",
    "identity_key",
    "initials",
    "prefer_short_form",
]

#: A product's model code: "A380", "B787-9", "777-200LRs", "737s", "3G", "3GS".
MODEL_CODE = re.compile(
    r"^(?:[A-Z]{1,2}\d{2,4}[A-Za-z0-9-]*|\d{3}(?:-\d{1,3}[A-Z]{0,3})?s?|\d[a-z]\d|\d[A-Z]{1,3})$"
)
#: A brand written the "iPhone" way.
BRAND_STYLE = re.compile(r"^i[A-Z][A-Za-z]+s?$")
#: An acronym written with dots, three letters or more: "F.B.I.", "C.I.A." (not "U.S.").
DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){3,}$")
#: A stock index named with its head noun: "Dow Jones Industrial Average", "S&P 500 index",
#: "Nasdaq composite" (capitalised words, an optional size, the head).
INDEX_NAME = re.compile(
    r"(?<![\w&])(?:[A-Z][\w&.'’-]*\s+){0,3}[A-Z][\w&.'’-]*(?:\s+\d{2,4})?\s+(?:"
    + "|".join(h.replace(" ", r"\s+") for h in INDEX_HEADS)
    + r")(?:\s+index)?\b"
)
_INITIAL = re.compile(r"^[A-Z]\.?$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]\.?$")
# "Department of State" is the "State Department"; likewise ministries, bureaus, offices
_OF_FORM = re.compile(
    r"^(Department|Ministry|Bureau|Office|Agency|Administration)\s+of\s+(?:the\s+)?(.+)$",
    re.IGNORECASE,
)


def canonical_name(name: str, kind: EntityKind | None = None) -> str:
    """The name used to identify an entity across articles.

    Possessives, leading articles and corporate designators go ("Meta Platforms Inc." and
    "Meta's" both give "Meta"); case is kept for display.
    """
    text = " ".join(name.replace("\n", " ").split())
    text = re.sub(r"['’]s?$", "", text)
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    if kind is EntityKind.PRODUCT:
        # "Airbus A380", "the A380 superjumbo", "A380s": the model code names the product
        for word in text.split():
            code = re.sub(r"(?<=\d)s$", "", word)
            if MODEL_CODE.match(code) and any(ch.isdigit() for ch in code):
                return code
    if kind in (EntityKind.PLACE, EntityKind.ORGANIZATION, None) and text in PLACE_ALIASES:
        return PLACE_ALIASES[text]
    if kind in (EntityKind.ORGANIZATION, None):
        words = text.split()
        while len(words) > 1 and words[-1].lower().strip(".,") in CORPORATE_SUFFIXES:
            words.pop()
            if len(words) > 1 and words[-1].lower() in ("&", "and"):
                words.pop()  # "Garner & Co." is Garner, not "Garner &"
        text = " ".join(words).rstrip(",")
    text = text.strip(" ,;:-–—\"'“”")
    # "U.N." keeps the dot that ends the acronym; a sentence's full stop goes
    return text if _DOTTED.match(text) else text.strip(" ,.;:-–—\"'“”")


def identity_key(name: str, kind: EntityKind | None = None) -> str:
    """What must be equal for two names of one kind to be the same thing.

    Case, dots in acronyms ("U.N." = "UN"), a person's honorifics and titles ("Sen. Charles
    Grassley"), middle initials and generational suffixes ("John Q. Public Jr." = "John
    Public"), "Department of X" = "X Department", "&" = "and", and punctuation do not count.
    The result is lower-case words separated by single spaces ("" for a name of no words).
    """
    words = name.replace("’", "'").split()
    if kind in (EntityKind.PERSON, None):
        while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS | PERSON_TITLES:
            words = words[1:]
        while len(words) > 1 and words[-1].lower().strip(".,") in NAME_SUFFIXES:
            words = words[:-1]
        if kind is EntityKind.PERSON and len(words) > 2:
            words = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
    text = " ".join(w.replace(".", "") if _DOTTED.match(w) else w for w in words)
    if kind in (EntityKind.ORGANIZATION, EntityKind.UNIT, None):
        m = _OF_FORM.match(text)
        if m:
            text = f"{m.group(2)} {m.group(1)}"
    text = re.sub(r"[^\w\s]", " ", text.replace("&", " and ").lower())
    return " ".join(text.split())


def initials(name: str) -> str:
    """The capitals that start the words of a name: "Singapore Airlines" → "SA"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def article_aliases(
    names: Iterable[tuple[str, EntityKind]], text: str, aliases: Aliases
) -> tuple[dict[str, str], dict[str, EntityKind]]:
    """Within-article aliases: a person's surname, an organisation's longer name, acronyms.

    Args:
        names: the names found in the article with their kinds, in text order (the first
            kind of a name counts).
        text: the article's text, for acronyms introduced in parentheses.
        aliases: the user's alias file, which may keep two names apart.

    Returns:
        Lowercased name → the full name it stands for, and lowercased name → the kind it
        takes (a surname tagged as an organisation is the person).
    """
    first: dict[str, tuple[str, EntityKind]] = {}
    for name, kind in names:
        first.setdefault(name.lower(), (name, kind))
    order = {low: i for i, low in enumerate(first)}
    alias: dict[str, str] = {}
    alias_kind: dict[str, EntityKind] = {}
    persons = [n for n, k in first.values() if k is EntityKind.PERSON and len(n.split()) > 1]
    orgs = [(low, n) for low, (n, k) in first.items() if k is EntityKind.ORGANIZATION]
    # words of the longer names of organisations, places and products ("Ford Motor Co."):
    # the word alone is as readily that thing as a person's surname ("Bill Ford")
    other_words = {
        w.lower()
        for n, k in first.values()
        if k in (EntityKind.ORGANIZATION, EntityKind.PLACE, EntityKind.PRODUCT)
        and len(n.split()) > 1
        for w in n.split()
    }
    for low, (name, kind) in first.items():
        # a surname alone is the person, whatever kind the tagger gave it ("Jobs"), unless
        # the article also names an organisation, place or product with that word
        if len(name.split()) == 1 and (
            kind is EntityKind.PERSON
            or (kind is EntityKind.ORGANIZATION and low not in other_words)
            or (kind is EntityKind.PLACE and low not in other_words and name not in PLACE_ALIASES)
        ):
            full = _one_per_identity(p for p in persons if p.split()[-1].lower() == low)
            if kind is EntityKind.PLACE:
                # "Daniel Okoye … Okoye, 22," tagged a place: the person named in full first
                full = [p for p in full if order[p.lower()] < order[low]]
            if not full and kind is EntityKind.PERSON:
                # a first name alone for the one person of that first name ("Hillary")
                full = _one_per_identity(p for p in persons if p.split()[0].lower() == low)
            if len(full) == 1 and aliases.allows(name, full[0]):
                alias[low] = full[0]
                alias_kind[low] = EntityKind.PERSON
        # a word of an organisation's name tagged a person names no person of the article
        # ("Corvane Telecom … Corvane had found"): it is the organisation's short form
        word_of_org = kind is EntityKind.PERSON and " " not in low and low in other_words
        if (
            (kind is EntityKind.ORGANIZATION or word_of_org)
            and low not in alias
            and low not in GENERIC_FIRST_WORDS
        ):
            # "Veltra Energy … Veltra said": the leading words of one longer organisation's
            # name named before, as news shortens a company's name after its first mention
            longer = [
                o for other, o in orgs if other.startswith(low + " ") and order[other] < order[low]
            ]
            if (
                len(longer) == 1
                and _shortened(name, longer[0], text)
                and aliases.allows(name, longer[0])
            ):
                alias[low] = longer[0]
                alias_kind[low] = EntityKind.ORGANIZATION
            elif not longer and " " not in low and low not in _NO_SHORT_FORM:
                # "Northbridge Rovers … joining Rovers": a club's or firm's last word
                longer = [
                    o
                    for other, o in orgs
                    if other.endswith(" " + low) and order[other] < order[low]
                ]
                if (
                    len(longer) == 1
                    and all(w[:1].isupper() for w in longer[0].split())
                    and _named_first(name, longer[0], text)
                    and aliases.allows(name, longer[0])
                ):
                    alias[low] = longer[0]
                    alias_kind[low] = EntityKind.ORGANIZATION
        if kind is EntityKind.ORGANIZATION and name.isupper() and 2 <= len(name) <= 6:
            longer = [o for _, o in orgs if initials(o) == name.replace(".", "")]
            # "Singapore Airlines (SIA)": an acronym introduced in parentheses
            longer += [
                o
                for other, o in orgs
                if other != low
                and any(
                    re.search(
                        rf"{re.escape(o)}\W{{0,4}}\Z",
                        text[max(0, m.start() - len(o) - 4) : m.start()],
                    )
                    for m in re.finditer(rf"\(\s*{re.escape(name)}\s*\)", text)
                )
            ]
            if len(set(longer)) == 1 and aliases.allows(name, longer[0]):
                alias[low] = longer[0]
    return alias, alias_kind


#: Last words that shorten no organisation's name: legal forms and kinds of organisation
#: ("Group", "Airlines", "Bank" alone are not the one named before).
_NO_SHORT_FORM = CORPORATE_SUFFIXES | DIVISION_WORDS | ORGANIZATION_NOUNS


def _named_first(short: str, full: str, text: str) -> bool:
    """Whether the article names ``full`` before it uses ``short`` on its own (outside an
    occurrence of ``full``; a title included)."""
    first_full = text.find(full)
    if first_full < 0:
        return False
    fulls = [(m.start(), m.end()) for m in re.finditer(re.escape(full), text)]
    for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
        if not any(s <= m.start() < e for s, e in fulls):
            return first_full < m.start()
    return True


def _shortened(short: str, full: str, text: str) -> bool:
    """Whether ``short`` can be how the article shortens ``full`` after naming it: the rest
    of the full name is capitalised words of no event or product, and the article names
    ``full`` before it first uses ``short`` alone."""
    rest = full.split()[len(short.split()) :]
    if not rest or any(not w[:1].isupper() for w in rest):
        return False
    if rest[-1].lower().strip(".") in EVENT_OR_PRODUCT_LAST_WORDS:
        return False
    return _named_first(short, full, text)


def _one_per_identity(names: Iterable[str]) -> list[str]:
    """The longest of each group of names of one person ("Charles E. Grassley" for "Charles
    Grassley" too)."""
    best: dict[str, str] = {}
    for name in names:
        key = identity_key(name, EntityKind.PERSON)
        if len(name) > len(best.get(key, "")):
            best[key] = name
    return list(best.values())


def prefer_short_form(e: Entity, aliases: Aliases) -> None:
    """Name an organisation as the story calls it: "Apple" when "Apple Computer" also says "Apple".

    The short form must be the long name's first word and used on its own in the article;
    the long name stays as an alias.
    """
    words = e.name.split()
    if e.kind is not EntityKind.ORGANIZATION or len(words) < 2:
        return
    first = words[0]
    if not aliases.allows(first, e.name) or aliases.same.get(e.name.lower()):
        return
    if any(canonical_name(m.text, e.kind) == first for m in e.mentions):
        e.aliases.add(e.name)
        e.name = first
