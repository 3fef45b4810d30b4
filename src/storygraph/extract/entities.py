"""Entities and their mentions: names, units, documents, groups, unnamed sources, pronouns.

Candidates come from spaCy's named entities and parse (:mod:`.mentions`), cleaned by rules
that hold for news text (headings are not names, a sentence-initial capital is not a name,
an acronym used only as a modifier is not an entity). Mentions of one thing are then resolved to one
:class:`Entity` within the article: by normalised name and alias rules, then definite
descriptions ("the company", "the memo") and pronouns ("it", "them") by salience.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from storygraph.extract.coref import corefer
from storygraph.extract.kinds import speaks
from storygraph.extract.lexicon import (
    DOC_NOUNS,
    FEMALE_HONORIFICS,
    GENERIC_FIRST_WORDS,
    MALE_HONORIFICS,
)
from storygraph.extract.mentions import Candidate, find_candidates, span_tokens
from storygraph.extract.names import (
    MODEL_CODE,
    article_aliases,
    canonical_name,
    identity_key,
    prefer_short_form,
)
from storygraph.extract.parsed import Parsed, ParsedBlock, SpanSet
from storygraph.readers.aliases import Aliases
from storygraph.records import BlockKind, Entity, EntityKind

__all__ = ["NAMED_KINDS", "EntityFinder", "canonical_name", "find_entities"]

#: Kinds of entities that have a proper name.
NAMED_KINDS = frozenset(
    {
        EntityKind.ORGANIZATION,
        EntityKind.PERSON,
        EntityKind.PLACE,
        EntityKind.PRODUCT,
        EntityKind.FINANCIAL,
    }
)


@dataclass
class EntityFinder:
    """Finds and resolves the entities of one parsed article."""

    parsed: Parsed
    aliases: Aliases = field(default_factory=Aliases)
    cands: list[Candidate] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # mention start -> entity key, for the event and claim extractors
    by_start: dict[int, str] = field(default_factory=dict)
    by_token: dict[tuple[int, int], str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    alias_kind: dict[str, EntityKind] = field(default_factory=dict)

    # -- resolution ----------------------------------------------------------------------
    def resolve(self) -> list[Entity]:
        self.cands = find_candidates(self.parsed)
        named_kinds = NAMED_KINDS
        # names first, then common-noun candidates that overlap no kept candidate
        ordered = sorted(
            self._drop_modifier_acronyms(self.cands),
            key=lambda c: (not c.named, c.mention.start, -c.mention.end),
        )
        unique: list[Candidate] = []
        taken = SpanSet()
        for c in ordered:
            if taken.overlaps(c.mention.start, c.mention.end):
                continue
            unique.append(c)
            taken.add(c.mention.start, c.mention.end)
        cands = sorted(unique, key=lambda c: c.mention.start)
        body_names = {
            c.name.lower()
            for c in cands
            if c.block.block.kind is not BlockKind.HEADING
            and c.kind in named_kinds | {EntityKind.UNIT}
        }
        cands = [
            c
            for c in cands
            if c.block.block.kind is not BlockKind.HEADING or (c.name.lower() in body_names)
        ]
        # a word of a product's name alone is the product ("787 Dreamliner" … "the Dreamliner")
        product_words = {
            w
            for c in cands
            if c.kind is EntityKind.PRODUCT
            for w in c.mention.text.split()
            if w[:1].isupper() and not MODEL_CODE.match(w) and len(w) > 2
        } - {c.name for c in cands if c.kind is not EntityKind.PRODUCT and len(c.name.split()) > 1}
        org_names = {c.name for c in cands if c.kind is EntityKind.ORGANIZATION}
        for c in cands:
            if c.kind in named_kinds and c.name in product_words - org_names:
                c.kind = EntityKind.PRODUCT
        # kind by vote over every mention of a name
        votes: dict[str, Counter[EntityKind]] = defaultdict(Counter)
        for c in cands:
            if c.kind in named_kinds:
                weight = c.weight * (1.5 if c.kind is EntityKind.ORGANIZATION else 1)
                votes[c.name.lower()][c.kind] += weight  # type: ignore[assignment]
        for c in cands:
            if c.kind in named_kinds and votes[c.name.lower()]:
                c.kind = votes[c.name.lower()].most_common(1)[0][0]
        entities: dict[str, Entity] = {}
        order: list[str] = []
        alias_of, alias_kind = article_aliases(
            ((c.name, c.kind) for c in cands), self.parsed.segment_text, self.aliases
        )
        self.alias_kind.update(alias_kind)
        # "Mrs. Clinton" and "Mr. Clinton" in one article are two people
        two_people = _surnames_of_both_sexes(cands)
        doc_key: str | None = None
        group_keys: dict[int | None, str] = {}
        source_key: str | None = None
        unit_named = [c for c in cands if c.kind is EntityKind.UNIT and c.named]

        def add(key: str, c: Candidate, kind: EntityKind, name: str) -> None:
            if kind is EntityKind.PLACE and _capitals(name):
                name = " ".join(w.capitalize() for w in name.split())  # a dateline's "LONDON"
            if key not in entities:
                entities[key] = Entity(key=key, kind=kind, name=name)
                order.append(key)
            e = entities[key]
            if e.name.isupper() and not name.isupper() and name.lower() == e.name.lower():
                e.name = name  # "OSTRAVA, March 8 (Wire) - … in Ostrava": the name as written
            if kind is EntityKind.PERSON and len(name) > len(e.name):
                e.aliases.add(e.name)  # the longest form names the person: "Charles E. Grassley"
                e.name = name
            e.mentions.append(c.mention)
            if c.name and c.mention.text != e.name:
                e.aliases.add(c.mention.text)  # names only: "it", "the company" are no aliases
            if c.size is not None and e.size is None:
                e.size = c.size
            self.by_start[c.mention.start] = key
            for t in span_tokens(c):
                self.by_token[(id(c.block.doc), t.i)] = key

        # pass 1: names, units, documents, groups, sources
        for c in cands:
            title = _honorific(c) if c.name.lower() in two_people else None
            if c.kind is EntityKind.PERSON and title is not None:
                canon = f"{title.text} {c.name}"
                add(f"person:{identity_key(canon, EntityKind.OTHER)}", c, c.kind, canon)
            elif c.kind in named_kinds:
                canon = self.aliases.canonical(alias_of.get(c.name.lower(), c.name))
                kind = self.alias_kind.get(c.name.lower(), c.kind)
                add(f"{kind.value}:{identity_key(canon, kind) or canon.lower()}", c, kind, canon)
            elif c.kind is EntityKind.UNIT:
                if c.named:
                    canon = canonical_name(c.mention.text, EntityKind.UNIT)
                    add(f"unit:{canon.lower()}", c, EntityKind.UNIT, canon)
                elif unit_named:
                    canon = canonical_name(unit_named[0].mention.text, EntityKind.UNIT)
                    add(f"unit:{canon.lower()}", c, EntityKind.UNIT, canon)
            elif c.kind is EntityKind.DOCUMENT:
                if doc_key is None or (
                    c.head_lemma in DOC_NOUNS
                    and c.head_lemma not in entities[doc_key].name.lower()
                    and _indefinite(c)
                ):
                    doc_key = f"doc:{len(order)}"
                    add(doc_key, c, EntityKind.DOCUMENT, _description_name(c))
                else:
                    add(doc_key, c, EntityKind.DOCUMENT, "")
            elif c.kind is EntityKind.GROUP:
                if c.named:  # "Republicans": a named group of people, one per name
                    add(f"group:{c.name.lower()}", c, EntityKind.GROUP, c.name)
                elif c.size is not None and c.size in group_keys:
                    add(group_keys[c.size], c, EntityKind.GROUP, "")
                elif c.size is None:
                    same = [
                        k for k in group_keys.values() if c.head_lemma in entities[k].name.lower()
                    ]
                    if same:
                        add(same[-1], c, EntityKind.GROUP, "")
                else:
                    key = f"group:{len(order)}"
                    group_keys[c.size] = key
                    add(key, c, EntityKind.GROUP, _description_name(c))
            elif c.kind is EntityKind.ANONYMOUS_SOURCE:
                if c.head_lemma in ("source", "insider") and source_key is not None:
                    add(source_key, c, EntityKind.ANONYMOUS_SOURCE, "")
                else:
                    key = f"source:{len(order)}"
                    if c.head_lemma in ("source", "insider"):
                        source_key = key
                    add(key, c, EntityKind.ANONYMOUS_SOURCE, _description_name(c))
        # pass 1b: names already known, wherever the tagger missed them (headlines too)
        self._known_names(entities, add)

        # pass 2: definite descriptions and pronouns
        def add_resolved(key: str, pb: ParsedBlock, span: Any, tok: Any) -> None:
            e = entities[key]
            c = Candidate(self.parsed.span_mention(pb, span), e.kind, "", pb, tok)
            add(key, c, e.kind, e.name)

        corefer(self.parsed, entities, self.by_token, add_resolved)
        for e in entities.values():
            e.mentions.sort(key=lambda m: m.start)
            prefer_short_form(e, self.aliases)
            if e.kind in named_kinds | {EntityKind.UNIT} or e.key == f"group:{e.name.lower()}":
                # the honorific is part of the identity only where it tells two people apart
                honorific = (
                    e.key.startswith("person:")
                    and e.key != f"person:{identity_key(e.name, e.kind)}"
                )
                e.identity = identity_key(e.name, EntityKind.OTHER if honorific else e.kind)
        self.entities = [entities[k] for k in order]
        return self.entities

    def _known_names(self, entities: dict[str, Entity], add: Any) -> None:
        """Add every other occurrence of a resolved name (or a safe short form of it)."""
        named = NAMED_KINDS | {EntityKind.UNIT}
        surfaces: dict[str, str] = {}
        short: dict[str, set[str]] = defaultdict(set)
        taken_names = {e.name for e in entities.values()}
        for key, e in entities.items():
            if e.kind not in named or len(e.name) < 2 or not any(ch.isupper() for ch in e.name):
                continue
            surfaces.setdefault(e.name, key)
            words = e.name.split()
            if len(words) >= 2:
                first, last = words[0], words[-1]
                if (
                    e.kind in (EntityKind.ORGANIZATION, EntityKind.FINANCIAL)
                    and len(first) >= 3
                    and first[0].isupper()
                ):
                    short[first].add(key)
                if e.kind is EntityKind.PERSON and len(last) >= 3 and last[0].isupper():
                    short[last].add(key)
        # "Ford" of "Bill Ford" is not the person where "Ford Motor" is also named
        non_person_words = {
            w
            for e in entities.values()
            if e.kind in named - {EntityKind.PERSON}
            for w in e.name.split()
        }
        short_forms: set[str] = set()
        for word, keys in short.items():
            if word in non_person_words and entities[next(iter(keys))].kind is EntityKind.PERSON:
                continue
            if (
                len(keys) == 1
                and self.aliases.allows(word, entities[next(iter(keys))].name)
                and word not in taken_names
                and word.lower() not in GENERIC_FIRST_WORDS
            ) and word not in surfaces:
                surfaces[word] = next(iter(keys))
                short_forms.add(word)
        # names the user's alias file gives for an entity of this article ("Facebook")
        by_name = {e.name.lower(): key for key, e in entities.items() if e.kind in named}
        for alias in self.aliases.names:
            target = by_name.get(self.aliases.canonical(alias).lower())
            if target is not None:
                surfaces.setdefault(alias, target)
        if not surfaces:
            return
        pattern = re.compile(
            r"(?<![\w-])("
            + "|".join(re.escape(n) for n in sorted(surfaces, key=len, reverse=True))
            + r")(?![\w-])"
        )
        covered = SpanSet(sorted((m.start, m.end) for e in entities.values() for m in e.mentions))
        for pb in self.parsed.blocks:
            text = pb.doc.text
            for m in pattern.finditer(text):
                start, end = pb.block.start + m.start(), pb.block.start + m.end()
                if covered.overlaps(start, end):
                    continue
                span = pb.doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None or span.start_char != m.start() or span.end_char != m.end():
                    continue
                key = surfaces[m.group(1)]
                if (
                    m.group(1) in short_forms
                    and span.root.pos_ != "PROPN"
                    and entities[key].kind is not EntityKind.PERSON
                    and not speaks(span.root)
                ):
                    # "Business is booming" is not Business Insider; "Corvane said", the
                    # tagger taking the name for a noun, is Corvane Telecom
                    continue
                e = entities[key]
                c = Candidate(
                    self.parsed.span_mention(pb, span), e.kind, e.name, pb, span.root, named=True
                )
                add(key, c, e.kind, e.name)
                covered.add(start, end)

    def _drop_modifier_acronyms(self, cands: list[Candidate]) -> list[Candidate]:
        """An all-caps token used only as a noun modifier ("AI training") is no entity."""
        standalone: set[str] = set()
        acronyms: set[str] = set()
        for c in cands:
            if c.name.isupper() and len(c.name) <= 4 and len(c.name.split()) == 1:
                acronyms.add(c.name)
                root = c.root
                if not (
                    root.dep_ in ("compound", "amod", "nmod")
                    and root.head.pos_ in ("NOUN", "PROPN")
                ) or (c.kind is EntityKind.ORGANIZATION and root.head.pos_ == "PROPN"):
                    standalone.add(c.name)
        # "U.S. troops", "UK prices": a place used as a modifier is still the place; an
        # acronym the tagger cannot decide on (sometimes an organisation, sometimes a place:
        # "AI") is noise
        kinds: dict[str, set[EntityKind]] = defaultdict(set)
        for c in cands:
            if c.name in acronyms:
                kinds[c.name].add(c.kind)
        keep = {a for a in acronyms if "." in a or kinds[a] == {EntityKind.PLACE}}
        drop = acronyms - standalone - keep
        return [c for c in cands if c.name not in drop]


def _indefinite(c: Candidate) -> bool:
    return c.mention.text.lower().startswith(("a ", "an "))


def _description_name(c: Candidate) -> str:
    """A common-noun description as a name: "The internal memo" → "the internal memo"."""
    text = " ".join(c.mention.text.split())
    first = span_tokens(c)[0]
    if text[:1].isupper() and not first.text.isupper() and first.pos_ != "PROPN":
        return text[:1].lower() + text[1:]
    return text


def _honorific(c: Candidate) -> Any | None:
    """The honorific token right before a one-word person's name that tells the sex."""
    first = span_tokens(c)[0]
    if first.i == 0 or len(c.name.split()) != 1:
        return None
    prev = first.doc[first.i - 1]
    word = prev.lower_.rstrip(".")
    return prev if word in FEMALE_HONORIFICS | MALE_HONORIFICS else None


def _surnames_of_both_sexes(cands: list[Candidate]) -> set[str]:
    """Surnames written after both a female and a male honorific in the article."""
    sexes: dict[str, set[bool]] = defaultdict(set)
    for c in cands:
        title = _honorific(c) if c.kind is EntityKind.PERSON else None
        if title is not None:
            sexes[c.name.lower()].add(title.lower_.rstrip(".") in FEMALE_HONORIFICS)
    return {name for name, seen in sexes.items() if len(seen) == 2}


def find_entities(parsed: Parsed, aliases: Aliases | None = None) -> EntityFinder:
    """Find and resolve the entities of a parsed article, honouring the user's aliases."""
    finder = EntityFinder(parsed, aliases or Aliases())
    finder.resolve()
    return finder


def _capitals(name: str) -> bool:
    """A name in capitals that is no acronym: "LONDON", "NEW YORK" (not "USA", "U.K.")."""
    return name.isupper() and len(name) > 4 and name.replace(" ", "").isalpha()
