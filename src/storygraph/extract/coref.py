"""Definite descriptions and pronouns: "the company", "it", "them", "she" → an entity.

Resolved by salience once the names are known: a pronoun takes the nearest fitting entity
in its own or the previous sentence; "the company" the most mentioned organisation nearby.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable
from typing import Any

from storygraph.extract.kinds import speaks
from storygraph.extract.lexicon import (
    ANOTHER_ONE,
    COPULAS,
    DESCRIPTION_NAME_WORDS,
    NAMED_DESCRIPTIONS,
    NOT_A_BUSINESS,
    ORG_DESCRIPTIONS,
    PRONOUN_GENDER,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR_ORG,
)
from storygraph.extract.parsed import Parsed, ParsedBlock
from storygraph.records import Entity, EntityKind

__all__ = ["AddMention", "corefer"]

#: Called for each mention resolved: entity key, block, span, the token heading it.
AddMention = Callable[[str, ParsedBlock, Any, Any], None]


class _Salience:
    """The entities mentioned before a position, by sentence distance and mention count."""

    def __init__(self, parsed: Parsed, entities: dict[str, Entity]) -> None:
        self.parsed = parsed
        self.entities = entities
        self.sentence_starts = [s.start for s in parsed.sentences]
        self.org_counts = Counter(
            {
                k: len(e.mentions)
                for k, e in entities.items()
                if e.kind in (EntityKind.ORGANIZATION,)
            }
        )
        self.mentions: list[tuple[int, str]] = sorted(
            (m.start, k) for k, e in entities.items() for m in e.mentions
        )
        #: entities named as the subject of a clause somewhere in the article
        self.subjects: set[str] = set()
        #: a person's pronouns so far ("he" or "she"), as they were resolved in reading order
        self.gender: dict[str, str] = {}

    def sentence_of(self, start: int) -> int:
        """Index of the sentence holding character ``start`` (-1 between sentences)."""
        i = bisect.bisect_right(self.sentence_starts, start) - 1
        if i >= 0 and start < self.parsed.sentences[i].end:
            return self.parsed.sentences[i].index
        return -1

    def preceding(self, start: int, sentences: int) -> list[str]:
        """Keys of the mentions before ``start`` within ``sentences`` sentences, nearest last."""
        ms = self.mentions
        here = self.sentence_of(start)
        end = bisect.bisect_left(ms, (start, ""))
        found: list[str] = []
        for j in range(end - 1, -1, -1):  # walked in place: no copy of every earlier mention
            pos, key = ms[j]
            if here - self.sentence_of(pos) > sentences:
                break
            found.append(key)
        found.reverse()
        return found

    def recent(self, start: int, kinds: set[EntityKind], gender: str = "") -> str | None:
        """The nearest preceding entity of ``kinds`` in this or the previous sentence; with a
        ``gender``, none that an earlier pronoun gave the other ("Rachel Obi said her client
        had maintained his innocence": "his" is not Obi's)."""
        for key in reversed(self.preceding(start, 1)):
            if self.entities[key].kind in kinds and self.gender.get(key, gender) == gender:
                if gender:
                    self.gender[key] = gender
                return key
        return None

    def named_like(self, start: int, word: str) -> str | None:
        """The most mentioned organisation of the last three sentences whose name has
        ``word`` ("the ministry" → "Interior Ministry"), or a word that names what it
        describes ("the regulator" → "Medicines Safety Agency"), the nearest on a tie."""
        words = DESCRIPTION_NAME_WORDS.get(word, frozenset((word,)))
        window = [
            key
            for key in self.preceding(start, 3)
            if self.entities[key].kind in (EntityKind.ORGANIZATION, EntityKind.UNIT)
            and not words.isdisjoint(self.entities[key].name.lower().split())
        ]
        last = {key: i for i, key in enumerate(window)}
        return max(last, key=lambda k: (len(self.entities[k].mentions), last[k])) if last else None

    def salient_org(self, start: int, *, subject: bool, business: bool = False) -> str | None:
        """The most mentioned organisation nearby ("the company"); on a tie the one that was
        a subject nearby ("Halvorsen agreed to buy Brightline, the company said": the
        buyer), then the nearest. With ``business``, no agency, authority or ministry."""
        window = [
            key
            for key in self.preceding(start, 1 if subject else 3)
            if self.entities[key].kind is EntityKind.ORGANIZATION
            and not (business and _public_body(self.entities[key].name))
        ]
        if not window:
            return None
        last = {key: i for i, key in enumerate(window)}
        return max(last, key=lambda k: (self.org_counts[k], k in self.subjects, last[k]))


def corefer(
    parsed: Parsed,
    entities: dict[str, Entity],
    by_token: dict[tuple[int, int], str],
    add: AddMention,
) -> None:
    """Resolve the pronouns and definite descriptions of the body to ``entities``.

    Args:
        parsed: the parsed article.
        entities: the entities resolved so far, by key.
        by_token: ``(id(doc), token index)`` → entity key of the tokens already taken.
        add: records one resolved mention.
    """
    salience = _Salience(parsed, entities)
    for pb in parsed.body_blocks():
        for tok in pb.tokens:
            if tok.dep_ in ("nsubj", "nsubjpass") and (id(pb.doc), tok.i) in by_token:
                salience.subjects.add(by_token[(id(pb.doc), tok.i)])
    for pb in parsed.body_blocks():
        doc = pb.doc
        for tok in pb.tokens:
            if (id(doc), tok.i) in by_token:
                continue
            low = tok.lower_
            start = pb.block.start + tok.idx
            if (
                low in PRONOUNS_SINGULAR_ORG
                and tok.dep_ in ("nsubj", "nsubjpass", "poss")
                and not _expletive(tok)
            ):
                key = salience.salient_org(start, subject=True)
            elif low in PRONOUNS_PLURAL:
                key = salience.recent(start, {EntityKind.GROUP, EntityKind.ANONYMOUS_SOURCE})
            elif low in PRONOUNS_PERSON:
                key = salience.recent(start, {EntityKind.PERSON}, PRONOUN_GENDER[low])
            elif (
                tok.lemma_.lower() in NAMED_DESCRIPTIONS
                and tok.tag_ == "NN"
                and (first := _described_from(doc, tok)) is not None
            ):
                # "the ministry" is the ministry named nearby, never another organisation
                key = salience.named_like(start, tok.lemma_.lower())
                if key:
                    add(key, pb, doc[first : tok.i + 1], tok)
                continue
            elif (
                tok.lemma_.lower() in ORG_DESCRIPTIONS
                and tok.tag_ == "NN"
                and (first := _described_from(doc, tok)) is not None
            ):
                key = _reporter(tok, by_token, entities) or salience.salient_org(
                    start, subject=False, business=True
                )
                if key:
                    add(key, pb, doc[first : tok.i + 1], tok)
                continue
            else:
                continue
            if key:
                add(key, pb, doc[tok.i : tok.i + 1], tok)


def _public_body(name: str) -> bool:
    """Whether an organisation's name says it is no business ("Civil Space Authority")."""
    return not NOT_A_BUSINESS.isdisjoint(name.lower().split())


def _expletive(tok: Any) -> bool:
    """Whether "it" stands for a clause that follows, not for something named: "It was not
    clear whether …", "It is expected that …" (but "It said that …" is the company)."""
    if tok.lower_ != "it":
        return False
    verb = tok.head
    clause = any(c.dep_ in ("ccomp", "csubj", "xcomp", "advcl") for c in verb.children) or any(
        c.dep_ in ("ccomp", "xcomp") for a in verb.children for c in a.children
    )
    if not clause:
        return False
    if tok.dep_ == "nsubjpass":
        return True
    return verb.lemma_.lower() in COPULAS and any(
        c.dep_ in ("acomp", "attr") for c in verb.children
    )


def _reporter(
    tok: Any, by_token: dict[tuple[int, int], str], entities: dict[str, Entity]
) -> str | None:
    """The organisation a description that reports is, when its sentence makes it the subject
    of what is reported ("Northbridge Rovers have signed Ferrante from Atalanta, the club
    announced": Rovers, however often Atalanta is named)."""
    if not speaks(tok):
        return None
    verb = tok.head
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.i < verb.i:
        clauses.append(verb.head)
    for clause in clauses:
        for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            key = by_token.get((id(tok.doc), subj.i))
            if key is not None and entities[key].kind is EntityKind.ORGANIZATION:
                return key
    return None


def _described_from(doc: Any, tok: Any) -> int | None:
    """Where "the company" starts when ``tok`` heads a definite description of an
    organisation: "the company", "the Norwegian company", "the Oslo-based group"; None for
    "a company", "the rival company" and "the food maker" (a noun before the head)."""
    i: int = tok.i - 1
    if i >= 0 and doc[i].lower_ == "the":
        return i  # "the company", "the company website"
    # adjectives only: a noun before the head names a kind ("the animation company", "the
    # US manufacturer") that the most mentioned organisation may not be
    while (
        i >= 0
        and doc[i].head.i == tok.i
        and doc[i].dep_ == "amod"
        and doc[i].pos_ in ("ADJ", "VERB")
    ):  # "Norwegian", "Oslo-based", "state-owned"
        i -= 1
    while i >= 0 and doc[i].is_punct and doc[i].text in ("-", "\u2013"):
        i -= 1  # "Oslo-based" split round its hyphen
        while i >= 0 and doc[i].dep_ in ("npadvmod", "amod", "compound"):
            i -= 1
    if i < 0 or doc[i].lower_ != "the" or doc[i].head.i != tok.i:
        return None
    if any(
        doc[j].lower_ in ANOTHER_ONE or doc[j].ent_type_ in ("ORG", "PERSON")
        for j in range(i + 1, tok.i)
    ):
        return None
    return i
