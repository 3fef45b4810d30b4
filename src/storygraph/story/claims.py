"""Claims across articles: repeated, corroborated and contradicted statements.

Two claims of different articles are compared when they share a named source (after
identity merges; the people of an organisation, "USAF officials", count as it), a named
entity of their content, or two neighbouring content words ("music store"); of the claims
one article pairs with another, only mutual best matches are linked, a partner of the same
source preferred when about as similar. Then, in order:

* ``repeats``: the same quote (or the same content), once case and punctuation go;
* ``contradicts``: similar content where one side denies and the other asserts, where one
  side negates what the other states ("auditors had found invoices" / "auditors had not
  found any invoices": their negating words differ), or where the two give different
  numbers for the same thing ("7,000 engineers" / "5,000 engineers");
* ``corroborates``: similar content from the same source or about the same entities.

Similarity is the share of content words the two have in common (over the smaller set),
numbers and a dozen function words left out. Per group of claims joined by ``repeats`` or
``corroborates`` (:func:`claim_counts`): how many outlets report it, how many independent
sources stand behind it (a named source counts once however many outlets cite it; an
unnamed source or an outlet's own reporting counts once per outlet, and once per agency for
the outlets that run one wire agency's story: ``sg:wireCredit``), and the article that
reported it first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

from storygraph.extract.lexicon import (
    MONTHS,
    NUMBER_WORDS,
    PERSON_TITLES,
    SOURCE_NOUNS,
    TIME_UNITS,
    WEEKDAYS,
)
from storygraph.story.snapshot import ClaimNode, Snapshot

__all__ = [
    "CLAIM_RELATIONS",
    "MAX_BLOCK",
    "ClaimLink",
    "claim_counts",
    "content_words",
    "find_claim_links",
    "negations",
    "numbers_in",
    "similarity",
]

#: The cross-article claim relations.
CLAIM_RELATIONS = ("repeats", "contradicts", "corroborates")
#: Claims sharing a block key beyond this many are not paired (too common to be evidence).
MAX_BLOCK = 60
#: The least similarity for two claims of the same source, and of the same subject only.
SAME_SOURCE_SIMILARITY = 0.3
SAME_SUBJECT_SIMILARITY = 0.5
#: How much more similar a partner from another source must be to be preferred.
SAME_SOURCE_PREFERENCE = 0.15
#: The least number of content words two linked claims share.
MIN_SHARED = 3
#: Claims of the same source sharing a phrase (two neighbouring content words, "fuel
#: efficiency") need only this similarity and two shared words.
SAME_SOURCE_PHRASE_SIMILARITY = 0.15
_STOP = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "i",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "so",
        "than",
        "then",
        "there",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "some",
        "said",
        "says",
        "say",
        "also",
        "about",
        "into",
        "over",
        "after",
    ]
)
#: Modifiers too common to make a phrase specific ("new features", "more engineers").
_GENERIC = frozenset(
    [
        "new",
        "more",
        "most",
        "less",
        "other",
        "first",
        "last",
        "next",
        "many",
        "several",
        "few",
        "former",
        "own",
        "same",
        "such",
        "further",
        "additional",
        "previous",
        "recent",
        "current",
        "major",
        "big",
        "large",
        "small",
        "high",
        "low",
        "good",
        "great",
        "only",
        "total",
    ]
)
_NAMED_SOURCES = {"Person", "Organization", "OrganizationalUnit", "Place", "Product"}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
    + "".join(f"|{w}" for w in sorted(NUMBER_WORDS, key=len, reverse=True) if w != "one")
    + r")(?![\w])",
    re.IGNORECASE,
)
_POSSESSIVE = frozenset(("the", "its", "their", "his", "her", "our"))
_PERCENT = re.compile(r"\s*(?:%|percent\b|per cent\b)")
#: Words between a share and what it is a share of ("by about 27%").
_APPROXIMATE = frozenset(
    [
        "about",
        "nearly",
        "almost",
        "around",
        "roughly",
        "approximately",
        "some",
        "just",
        "more",
        "less",
        "fewer",
        "than",
        "least",
        "most",
        "up",
        "down",
        "over",
        "under",
    ]
)


@dataclass(frozen=True)
class ClaimLink:
    """Two claims of different articles and how they relate."""

    a: str
    b: str
    relation: str
    reason: str
    score: float


#: Endings a word loses before comparison, longest first ("efficiency" and "efficient" →
#: "effici", "violates" and "violated" → "violat").
_SUFFIXES = (
    *("ations", "encies", "ancies", "ation", "ments", "ences", "ances", "ities", "ement"),
    *("ency", "ancy", "ence", "ance", "ment", "ness", "ings", "ity", "ies", "ied", "ing"),
    *("ent", "ant", "ion", "ed", "es", "ly", "s"),
)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    word = word.strip("'-")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _plural(word: str) -> str:
    """The counted word without its plural ending ("engineers" → "engineer", "features" →
    "feature", "taxes" → "tax", "companies" → "company")."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(?:ss|x|z|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@cache
def _generic_stems() -> frozenset[str]:
    """Stems that make no phrase specific: generic modifiers, times ("last year", "next
    month", "on Monday"), titles and roles ("chief executive", "vice president")."""
    words = (
        _GENERIC
        | set(TIME_UNITS)
        | {f"{unit}s" for unit in TIME_UNITS}
        | set(MONTHS)
        | set(WEEKDAYS)
        | PERSON_TITLES
        | SOURCE_NOUNS
    )
    return frozenset(_stem(w) for w in words)


def _specific(phrases: set[tuple[str, str]]) -> bool:
    """Whether some phrase has no generic word ("fuel efficiency"; not "new features",
    "last year" or "chief executive")."""
    generic = _generic_stems()
    return any(a not in generic and b not in generic for a, b in phrases)


def _sequence(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z'-]+", text.lower())
    return [_stem(w) for w in words if w not in _STOP and len(w) > 2]


def content_words(text: str) -> set[str]:
    """The content words of a text, lowercased and crudely stemmed; no numbers."""
    return set(_sequence(text))


def _pairs_of_words(text: str) -> set[tuple[str, str]]:
    """Neighbouring content words ("music store", "free case"): claims sharing one are
    compared whoever their sources are."""
    seq = _sequence(text)
    return set(pairwise(seq))


def numbers_in(text: str) -> dict[str, set[float]]:
    """The numbers a text states, by the word they count ("7,000 engineers" → engineer:
    {7000}); years and numbers that are part of a name ("iPhone 4", "the 787 Dreamliner")
    are left out."""
    found: dict[str, set[float]] = defaultdict(set)
    for m in _NUMBER.finditer(text):
        before = text[: m.start()].rstrip().split()
        rest = text[m.end() : m.end() + 30]
        after = re.findall(r"[A-Za-z]+", rest)
        named = bool(before) and any(ch.isupper() for ch in before[-1])
        word = m.group(1).lower()
        if word in NUMBER_WORDS and "-" in text[max(0, m.start() - 1) : m.end() + 1]:
            continue  # "twenty-two", "two-thirds": a number word is counted alone only
        value = float(NUMBER_WORDS[word] if word in NUMBER_WORDS else word.replace(",", ""))
        if named or ("," not in m.group(1) and "." not in m.group(1) and 1900 <= value <= 2100):
            continue
        if _PERCENT.match(rest):
            # a share counts what it is a share of, named before it ("slowed memory decline
            # by 27%" / "reduced cognitive decline by 25%")
            of = [w.lower().strip(".,;:\"'") for w in before]
            of = [w for w in of if w.isalpha() and w not in _STOP and w not in _APPROXIMATE]
            if of and len(before) - len(of) <= 3:
                found[f"{_plural(of[-1])} %"].add(value)
            continue
        if len(after) > 2 and after[0].lower() == "of" and after[1].lower() in _POSSESSIVE:
            # "two of the nine members" counts members
            after = after[2:]
            if after[1:] and after[0].lower() in NUMBER_WORDS:
                after = after[1:]
        while after[1:] and after[0].lower() in _GENERIC:
            after = after[1:]  # "250 new features" counts features
        if not after or after[0][:1].isupper() or after[0].lower() in _STOP:
            continue  # "rose 5 on Monday": no word it counts
        found[_plural(after[0].lower())].add(value)
    return dict(found)


def similarity(a: set[str], b: set[str]) -> float:
    """Shared words over the smaller set (0 when either is empty)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


#: Words that negate what a clause states ("had not found", "never", "no evidence").
_NEGATORS = frozenset(
    ["not", "never", "no", "none", "nobody", "nothing", "neither", "nor", "cannot", "without"]
)
_NEGATOR_WORD = re.compile(r"[A-Za-z]+n't|[A-Za-z]+")
#: "No. 1", "no 2": a number's abbreviation; "not only … but": an addition. No negation.
_NUMBERED = re.compile(r"\b[Nn]o\.?\s*\d|\b[Nn]ot only\b")


def negations(text: str) -> tuple[str, ...]:
    """The negating words of a text, in order ("didn't" counts as "not"; "No. 1", "not only"
    and an all-capitals "NO", an abbreviation, do not count)."""
    found = []
    for word in _NEGATOR_WORD.findall(_NUMBERED.sub(" ", text.replace("\u2019", "'"))):
        lower = word.lower()
        if len(word) > 1 and word.isupper():
            continue
        if lower.endswith("n't"):
            found.append("not")
        elif lower in _NEGATORS:
            found.append(lower)
    return tuple(found)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


class _Texts:
    """Each text's normal form, negations and numbers, worked out once per run (a claim is
    in many pairs)."""

    def __init__(self) -> None:
        self.normal = cache(_normal)
        self.negations = cache(negations)
        self.numbers = cache(numbers_in)


def _relation(
    a: ClaimNode, b: ClaimNode, same_source: bool, score: float, texts: _Texts
) -> tuple[str, str]:
    normal = texts.normal
    if (a.quote and b.quote and normal(a.quote) == normal(b.quote)) or normal(a.content) == normal(
        b.content
    ):
        return "repeats", "the same words"
    if {a.stance, b.stance} >= {"denies"} and len({a.stance, b.stance}) == 2:
        return "contradicts", "one side denies what the other asserts"
    negated = texts.negations(a.content), texts.negations(b.content)
    if len(negated[0]) % 2 != len(negated[1]) % 2:
        # "auditors had found invoices" / "auditors had not found any invoices"; not "no
        # bank details were exposed" / "bank details had not been compromised"
        shown = " / ".join(" ".join(n) or "(none)" for n in negated)
        return "contradicts", f"one side negates what the other states ({shown})"
    na, nb = texts.numbers(a.content), texts.numbers(b.content)
    for counted in sorted(na.keys() & nb.keys()):
        if not na[counted] & nb[counted]:
            share = counted.endswith(" %")
            shown = " / ".join(
                ", ".join(f"{n:g}{'%' if share else ''}" for n in sorted(x[counted]))
                for x in (na, nb)
            )
            if share:
                return "contradicts", f"different shares of {counted[:-2]} ({shown})"
            return "contradicts", f"different numbers of {counted} ({shown})"
    who = "the same source" if same_source else "the same subject"
    return "corroborates", f"similar content ({score:.0%} of words shared) from {who}"


def find_claim_links(snapshot: Snapshot, same: dict[str, str]) -> list[ClaimLink]:
    """Claim links among the snapshot's claims.

    Args:
        snapshot: the store's claims and the entities of each sentence.
        same: node → its representative after identity merges (absent: itself).
    """

    def root(node: str) -> str:
        return same.get(node, node)

    claims = list(snapshot.claims.values())
    words = {c.iri: content_words(c.content) for c in claims}
    phrases = {c.iri: _pairs_of_words(c.content) for c in claims}
    by_source: dict[str, list[ClaimNode]] = defaultdict(list)
    by_subject: dict[str, list[ClaimNode]] = defaultdict(list)
    for c in claims:
        speakers = {root(a) for a in c.source_allies}
        if c.source and c.source_kind in _NAMED_SOURCES:
            speakers.add(root(c.source))
        for key in speakers:  # the source, or whom its unnamed people speak for
            by_source[key].append(c)
        for node in c.about:
            if node in snapshot.entities:
                by_subject[root(node)].append(c)
        for pair_of_words in phrases[c.iri]:
            by_subject[" ".join(pair_of_words)].append(c)

    scored: dict[tuple[str, str], tuple[float, bool]] = {}

    def pair(block: Iterable[ClaimNode], same_source: bool) -> None:
        items = list(block)
        if len(items) > MAX_BLOCK:
            return
        least = SAME_SOURCE_SIMILARITY if same_source else SAME_SUBJECT_SIMILARITY
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.article == b.article:
                    continue
                score = similarity(words[a.iri], words[b.iri])
                shared = len(words[a.iri] & words[b.iri])
                if (score < least or shared < MIN_SHARED) and not (
                    same_source
                    and score >= SAME_SOURCE_PHRASE_SIMILARITY
                    and _specific(phrases[a.iri] & phrases[b.iri])
                ):
                    continue
                key = (a.iri, b.iri) if a.iri < b.iri else (b.iri, a.iri)
                old = scored.get(key)
                if old is None or (score, same_source) > old:
                    scored[key] = (score, same_source or bool(old and old[1]))

    for block in by_source.values():
        pair(block, True)
    for block in by_subject.values():
        pair(block, False)

    # mutual best per pair of articles: each claim keeps its best partner in each article,
    # a partner from the same source first when two are about as similar
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for (a, b), (score, same_source) in scored.items():
        rank = score + (SAME_SOURCE_PREFERENCE if same_source else 0.0)
        for x, y in ((a, b), (b, a)):
            slot = (x, snapshot.claims[y].article)
            if slot not in best or (rank, y) > best[slot]:
                best[slot] = (rank, y)
    links: list[ClaimLink] = []
    texts = _Texts()
    for (a, b), (score, same_source) in sorted(scored.items()):
        ca, cb = snapshot.claims[a], snapshot.claims[b]
        if best[(a, cb.article)][1] != b or best[(b, ca.article)][1] != a:
            continue
        relation, reason = _relation(ca, cb, same_source, score, texts)
        links.append(ClaimLink(a, b, relation, reason, round(min(1.0, 0.5 + score / 2), 2)))
    return links


def claim_counts(
    snapshot: Snapshot, links: list[ClaimLink], same: dict[str, str] | None = None
) -> dict[str, tuple[int, int, str]]:
    """For each claim in a group joined by ``repeats`` or ``corroborates``: (outlets,
    independent sources, the article that reported it first).

    ``same`` maps a source node to its representative after identity merges."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    joined: set[str] = set()
    for link in links:
        if link.relation in ("repeats", "corroborates"):
            joined |= {link.a, link.b}
            if find(link.a) != find(link.b):
                parent[find(link.a)] = find(link.b)
    groups: dict[str, list[ClaimNode]] = defaultdict(list)
    for node in sorted(joined):
        groups[find(node)].append(snapshot.claims[node])
    out: dict[str, tuple[int, int, str]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        outlets: set[str] = set()
        sources: set[str] = set()
        for c in members:
            info = snapshot.articles.get(c.article)
            outlet = (info.publisher if info else "") or c.article
            outlets.add(outlet)
            named = c.source and c.source_kind in _NAMED_SOURCES
            source = (same or {}).get(c.source or "", c.source)
            # an outlet running a wire story carries the agency's reporting, not its own
            reporter = (info.wire if info else "") or outlet
            sources.add(f"source {source}" if named else f"reporting of {reporter}")
        first = min(
            members,
            key=lambda c: (
                getattr(snapshot.articles.get(c.article), "published", "") or "9999",
                c.article,
            ),
        )
        for c in members:
            out[c.iri] = (len(outlets), len(sources), first.article)
    return out
