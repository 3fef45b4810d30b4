"""Identity across articles: which entity nodes of different articles are one thing.

Entity IRIs are minted from kind and canonical name, so two articles that name a thing the
same way already meet at one node. This module joins the nodes that name one thing in
different ways, with ``owl:sameAs``, when the evidence is strong:

* ``given-name``: two people's names are one once a short form of the given name is
  written out and middle initials are left out ("Tom Hale" / "Thomas R. Hale"; initials that
  differ keep them apart);
* ``same-name``: the nodes share a name form (a label, an alias or a name as written of two
  or more words) once case, dots, ``&`` and a leading country abbreviation are normalised
  ("U.S. Air Force" / "United States Air Force");
* ``acronym``: an all-capitals name is the initials of exactly one other name of the same
  class in the store, or is defined inside it ("… Space Company EADS N.V.");
* ``place-qualified``: "Air Force" and the one "<country> Air Force" of the store, when an
  article names both;
* ``surname``: a surname alone and the one full name in the store that ends with it;
* ``first-word``: an organisation's one-word name and the one organisation of the store
  whose name starts with it, when every article naming both gives the full name first
  ("Northrop Grumman … Northrop") and no word of the longer name makes it a part or kind of
  the organisation ("Boeing Commercial Airplanes", "EADS North America": a candidate);

It never joins nodes of different classes, names the user's alias file calls ``different``,
or two people whose given names differ. Weaker evidence (a surname or a first word shared by
several full names, an acronym that fits several, an organisation's one-word name and a
longer name that starts with it, named in the other order or in no article together)
becomes a scored candidate
(``sg:MergeCandidate``) instead. Every decision is a pure function of the snapshot, so an
alias file given to ``storygraph link`` undoes a merge by rebuilding the links.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from storygraph.extract.lexicon import (
    DIVISION_WORDS,
    GENERIC_FIRST_WORDS,
    GIVEN_NAME_FORMS,
    NAME_SUFFIXES,
    PLACE_ALIASES,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR_ORG,
)
from storygraph.readers.aliases import Aliases
from storygraph.story.snapshot import EntityNode

__all__ = ["Link", "acronym_of", "find_identity", "given_names_agree", "name_forms", "name_key"]

_FUNCTION_WORDS = {"and", "of", "the", "for", "de", "du", "des", "la", "le", "&", "on", "in"}
_PRONOUNS = PRONOUNS_PERSON | PRONOUNS_PLURAL | PRONOUNS_SINGULAR_ORG
_ACRONYM_CLASSES = {"Organization", "OrganizationalUnit"}
# A leading country abbreviation, written out ("U.S. Air Force" → "United States Air Force").
_PLACE_PREFIX = re.compile(
    r"^(" + "|".join(re.escape(a) for a in sorted(PLACE_ALIASES, key=len, reverse=True)) + r")\s"
)


@dataclass(frozen=True)
class Link:
    """Two nodes found to be one (``score`` 1.0) or suggested as one (a candidate)."""

    a: str
    b: str
    rule: str
    reason: str
    score: float = 1.0


def name_key(name: str) -> str:
    """The form two names must share to be one: lowercase, no dots or punctuation, ``&`` as
    "and", a leading country abbreviation written out."""
    text = " ".join(name.split())
    found = _PLACE_PREFIX.match(text)
    if found:
        text = PLACE_ALIASES[found.group(1)] + text[found.end() - 1 :]
    text = text.replace("&", " and ").lower()
    text = re.sub(r"[.'’]", "", text)
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def acronym_of(name: str) -> str:
    """The initials of a name's capitalised words, function words skipped ("EADS")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isupper())


def _as_acronym(name: str) -> str | None:
    letters = name.replace(".", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else None


def _defined_acronyms(name: str) -> set[str]:
    """Acronyms a name defines inside itself: "European … Space Company EADS N.V." → EADS."""
    words = name.split()
    found = set()
    for i, word in enumerate(words[2:], start=2):
        letters = _as_acronym(word.strip("()"))
        if letters and acronym_of(" ".join(words[:i])).startswith(letters):
            found.add(letters)
    return found


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        bool(words)
        and (words[0][0].isupper() or words[0][0].isdigit())
        and text.lower() not in _PRONOUNS
        and words[0].lower() not in {"the", "a", "an", "this", "that", "its", "their"}
    )


def name_forms(node: EntityNode) -> set[str]:
    """The names a node goes by: its labels and aliases, and its written names of 2+ words."""
    forms = {n for n in node.labels | node.aliases if _is_name(n)}
    forms |= {a for a in node.anchors if len(a.split()) > 1 and _is_name(a)}
    if node.kind in _ACRONYM_CLASSES:  # "EADS" written for "European … Space Company"
        forms |= {a for a in node.anchors if _as_acronym(a)}
    return forms


def _given_name(name: str) -> str | None:
    words = [w for w in name.replace(",", " ").split() if w.lower().strip(".") not in NAME_SUFFIXES]
    return words[0].strip(".").lower() if len(words) > 1 else None


def _given_forms(given: str) -> set[str]:
    """A given name and the names it is a short form of ("tom" → {"tom", "thomas"})."""
    return {given, *GIVEN_NAME_FORMS.get(given, ())}


def given_names_agree(a: str, b: str) -> bool:
    """False when two full names have different given names ("Martin Mann" / "Anthony
    Mann"); an initial agrees with any name that starts with it, a short form with the name
    it shortens ("Tom" / "Thomas")."""
    ga, gb = _given_name(a), _given_name(b)
    if ga is None or gb is None or ga == gb:
        return True
    if (len(ga) == 1 and gb.startswith(ga)) or (len(gb) == 1 and ga.startswith(gb)):
        return True
    return bool(_given_forms(ga) & _given_forms(gb))


def _full_forms(name: str) -> set[str]:
    """A person's name with its given name written out and no middle initials, one per name
    its given name may shorten: "Tom Hale" → {"thomas hale"}."""
    words = [w for w in name_key(name).split() if w not in NAME_SUFFIXES]
    if len(words) < 2:
        return set()
    rest = " ".join(w for w in words[1:-1] if len(w) > 1)
    rest = f"{rest} {words[-1]}".strip()
    return {f"{given} {rest}" for given in _given_forms(words[0])}


def _middles(name: str) -> set[str]:
    """The middle initials of a person's name ("Thomas R. Hale" → {"r"})."""
    words = name_key(name).split()
    return {w for w in words[1:-1] if len(w) == 1}


def _surname(name: str) -> str:
    words = [w for w in name.split() if w.lower().strip(".") not in NAME_SUFFIXES]
    return words[-1].lower() if words else ""


class _Groups:
    """Union-find over nodes that refuses a join its constraints forbid."""

    def __init__(self, nodes: dict[str, EntityNode], aliases: Aliases) -> None:
        self.nodes = nodes
        self.aliases = aliases
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}

    def find(self, node: str) -> str:
        while self.parent.get(node, node) != node:
            node = self.parent[node]
        return node

    def group(self, node: str) -> list[str]:
        return self.members.get(self.find(node), [node])

    def allowed(self, a: str, b: str) -> bool:
        left, right = self.group(a), self.group(b)
        for x in left:
            nx = self.nodes[x]
            for y in right:
                ny = self.nodes[y]
                if nx.kind != ny.kind:
                    return False
                for p in name_forms(nx) | nx.labels:
                    for q in name_forms(ny) | ny.labels:
                        if not self.aliases.allows(p, q):
                            return False
                        if nx.kind == "Person" and not given_names_agree(p, q):
                            return False
        return True

    def join(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.allowed(a, b):
            return False
        members = self.members.pop(ra, [ra]) + self.members.pop(rb, [rb])
        self.parent[ra] = rb
        self.members[rb] = members
        return True


def _index(nodes: Iterable[EntityNode], key: object) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n in nodes:
        for k in key(n):  # type: ignore[operator]
            out[(n.kind, k)].append(n.iri)
    return out


def _named_in_full_first(short: EntityNode, full: EntityNode) -> str | None:
    """An article that names ``full`` in an earlier sentence than it first names ``short``
    (its local name), if one does; none may name ``short`` first."""
    if any(w.lower().strip(".,") in DIVISION_WORDS for w in full.label.split()[1:]):
        return None  # "Boeing Commercial Airplanes" is a part of Boeing
    shared = sorted(short.articles & full.articles)
    if not shared or any(
        short.first_sentence.get(a, -1) <= full.first_sentence.get(a, -1) for a in shared
    ):
        return None
    return shared[0].rsplit("/", 1)[-1]


def find_identity(
    nodes: dict[str, EntityNode], aliases: Aliases | None = None
) -> tuple[list[Link], list[Link]]:
    """The merges (strong evidence) and the candidates (weaker) among entity nodes.

    Candidate pairs come from indexes keyed by normalised name, initials, surname and first
    word, so the work grows with the number of nodes, not with pairs of them.
    """
    groups = _Groups(nodes, aliases or Aliases())
    merges: list[Link] = []
    candidates: list[Link] = []

    def merge(a: str, b: str, rule: str, reason: str) -> None:
        if groups.join(a, b):
            merges.append(Link(a, b, rule, reason))

    def suggest(a: str, b: str, rule: str, reason: str, score: float) -> None:
        if groups.find(a) != groups.find(b) and groups.allowed(a, b):
            candidates.append(Link(a, b, rule, reason, score))

    # given-name: "Tom Hale" and "Thomas R. Hale": one person's name with a short form of
    # the given name (middle initials may be left out, never differ)
    persons = [n for n in nodes.values() if n.kind == "Person"]
    by_full: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for n in persons:
        for form in name_forms(n):
            for written_out in _full_forms(form):
                by_full[written_out][n.iri].add(name_key(form).split()[0])
    for written_out, written in sorted(by_full.items()):
        members = sorted(written)
        for a, b in combinations(members, 2):
            if written[a] & written[b]:
                continue  # the same given name: for same-name to judge
            middles = [set().union(*(_middles(f) for f in name_forms(nodes[x]))) for x in (a, b)]
            if middles[0] and middles[1] and middles[0] != middles[1]:
                continue  # "George H. W. Bush" / "George W. Bush"
            reason = f"{nodes[a].label} and {nodes[b].label} are both {written_out.title()}"
            merge(a, b, "given-name", reason)

    # same-name: a shared normalised name form
    by_key = _index(nodes.values(), lambda n: {name_key(f) for f in name_forms(n)} - {""})
    for (_, key), members in sorted(by_key.items()):
        for other in members[1:]:
            merge(members[0], other, "same-name", f'both are called "{key}"')

    # acronym: initials of exactly one longer name of the class, or defined inside it
    by_initials = _index(
        (n for n in nodes.values() if n.kind in _ACRONYM_CLASSES),
        lambda n: {acronym_of(f) for f in name_forms(n) if len(f.split()) > 1},
    )
    by_defined = _index(
        (n for n in nodes.values() if n.kind in _ACRONYM_CLASSES),
        lambda n: {a for f in name_forms(n) for a in _defined_acronyms(f)},
    )
    for node in sorted(nodes.values(), key=lambda n: n.iri):
        letters = _as_acronym(node.label) if node.kind in _ACRONYM_CLASSES else None
        if not letters:
            continue
        longer = [o for o in by_initials.get((node.kind, letters), []) if o != node.iri]
        defined = [o for o in by_defined.get((node.kind, letters), []) if o != node.iri]
        roots = {groups.find(o) for o in longer} - {groups.find(node.iri)}
        if defined or len(roots) == 1:
            for other in defined or longer:
                merge(
                    node.iri,
                    other,
                    "acronym",
                    f"{node.label} are the initials of {nodes[other].label}",
                )
        else:
            for other in longer:
                suggest(
                    node.iri,
                    other,
                    "acronym",
                    f"{node.label} are the initials of {nodes[other].label}",
                    0.5,
                )

    # place-qualified: "Air Force" and the one "<place> Air Force", when an article names both
    places = {name_key(p) for n in nodes.values() if n.kind == "Place" for p in n.labels}
    places |= {name_key(p) for p in (*PLACE_ALIASES, *PLACE_ALIASES.values())}
    by_rest: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n in nodes.values():
        key = name_key(n.label)
        # each place the name begins with, found by the name's own word ends (not by every
        # place of the store: that grew with nodes times places)
        ends = [i for i, ch in enumerate(key) if ch == " "] if n.kind in _ACRONYM_CLASSES else []
        for end in ends:
            if key[:end] in places and len(key) > end + 3:
                by_rest[(n.kind, key[end + 1 :])].append(n.iri)
    for node in sorted(nodes.values(), key=lambda n: n.iri):
        qualified = by_rest.get((node.kind, name_key(node.label)), [])
        roots = {groups.find(o) for o in qualified}
        for other in qualified:
            reason = f"{nodes[other].label} is {node.label} with its country"
            if len(roots) == 1 and node.articles & nodes[other].articles:
                merge(node.iri, other, "place-qualified", reason + ", named together")
            else:
                suggest(node.iri, other, "place-qualified", reason, 0.5)

    # surname: a surname alone and the one full name ending with it
    by_surname: dict[str, list[str]] = defaultdict(list)
    for n in persons:
        if len(n.label.split()) > 1:
            by_surname[_surname(n.label)].append(n.iri)
    for node in sorted(persons, key=lambda n: n.iri):
        if len(node.label.split()) != 1:
            continue
        full = by_surname.get(node.label.lower(), [])
        roots = {groups.find(o) for o in full}
        for other in full:
            reason = f"{node.label} is the surname of {nodes[other].label}"
            if len(roots) == 1:
                merge(node.iri, other, "surname", reason)
            else:
                suggest(node.iri, other, "surname", reason, 0.6)

    # first-word: "Northrop" and the one organisation called "Northrop …"
    orgs = [n for n in nodes.values() if n.kind == "Organization"]
    by_first: dict[str, list[str]] = defaultdict(list)
    for n in orgs:
        words = n.label.split()
        if len(words) > 1:
            by_first[words[0].lower()].append(n.iri)
    for node in sorted(orgs, key=lambda n: n.iri):
        word = node.label.lower()
        if len(node.label.split()) != 1 or word in GENERIC_FIRST_WORDS:
            continue
        longer = by_first.get(word, [])
        if len(longer) == 1 and (article := _named_in_full_first(node, nodes[longer[0]])):
            # "Northrop Grumman … Northrop": the article gives the full name, then its first
            # word, and no other organisation of the store starts with that word
            reason = f"{article} names {nodes[longer[0]].label} first, then {node.label}"
            merge(node.iri, longer[0], "first-word", reason)
            continue
        for other in longer:
            # a suggestion only: "Boeing Commercial Airplanes" is a part of Boeing, and
            # nothing in a name tells a division from a longer name of the same company
            together = bool(node.articles & nodes[other].articles)
            score = (0.7 if together else 0.6) if len(longer) == 1 else 0.5 if together else 0.4
            suggest(
                node.iri,
                other,
                "first-word",
                f"{nodes[other].label} begins with {node.label}",
                score,
            )
    return merges, candidates
