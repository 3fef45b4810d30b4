"""Candidate mentions of entities, before they are resolved to entities.

Named candidates come from spaCy's named entities (cleaned of titles, articles and
possessives), proper nouns the tagger left untagged beside a tagged one, product models
("Boeing 787 Dreamliner", "iPhone 4") and "X task force"; common ones from noun chunks:
documents, groups with a size, unnamed sources and units described generically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storygraph.extract.kinds import (
    dateline_place,
    is_title,
    retype,
    speaker_name,
    speaks,
    speaks_of_self,
)
from storygraph.extract.lexicon import (
    DOC_NOUNS,
    DOC_REFERRING,
    GENERIC_UNIT_HEADS,
    NAME_PARTICLES,
    ORGANIZATION_NAME_ENDINGS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    UNIT_HEADS,
)
from storygraph.extract.names import (
    BRAND_STYLE,
    INDEX_NAME,
    MODEL_CODE,
    canonical_name,
)
from storygraph.extract.parsed import Parsed, ParsedBlock
from storygraph.extract.quantities import parse_number
from storygraph.records import EntityKind, Mention

__all__ = ["NER_KINDS", "Candidate", "find_candidates", "span_tokens"]

#: A dateline's vote for its name being a place: it outvotes the tagger's other mentions.
DATELINE_WEIGHT = 10.0

NER_KINDS = {
    "ORG": EntityKind.ORGANIZATION,
    "PERSON": EntityKind.PERSON,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
    "PRODUCT": EntityKind.PRODUCT,
}

#: A score or a result ("2-1", "3–0") written after a name.
_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")


@dataclass
class Candidate:
    """A span that may mention an entity, with the kind and name it suggests."""

    mention: Mention
    kind: EntityKind
    name: str
    block: ParsedBlock
    root: Any  # spaCy token heading the span
    size: int | None = None
    head_lemma: str = ""
    named: bool = False
    #: the candidate's weight in the vote over a name's kind: more where the text, not the
    #: tagger, says what the name is ("Marsh said … she")
    weight: float = 1.0


def _outlet(name: str) -> str:
    """A news outlet's name as compared: lower case, without "the" ("The Capital Post")."""
    return re.sub(r"^the\s+", "", " ".join(name.lower().split()))


def _with_particles(span: Any) -> Any:
    """Extend a person's name over a lower-case particle and the name after it ("Erik ten Hag")."""
    doc = span.doc
    end = span.end
    while (
        end + 1 < len(doc)
        and doc[end].lower_ in NAME_PARTICLES
        and doc[end].is_lower
        and doc[end + 1].pos_ == "PROPN"
        and doc[end + 1].text[:1].isupper()
    ):
        end += 2
    return doc[span.start : end] if end != span.end else span


def _score_after(span: Any, ent: Any) -> bool:
    """Whether the tagger's span went on past the name with a score ("Westbrook Town 2-1")."""
    rest = ent.doc[span.end : ent.end]
    return (
        bool(rest)
        and all(t.is_digit or t.text in ("-", "\u2013") for t in rest)
        and any(t.is_digit for t in rest)
    )


def _with_leading_name(span: Any) -> Any:
    """Extend a name the tagger cut after its first word over that word, where the name ends
    in a kind of business ("Solvane Pharma" tagged "Pharma", a person)."""
    doc = span.doc
    if span.start == 0 or span[-1].lower_.strip(".") not in ORGANIZATION_NAME_ENDINGS:
        return span
    first = doc[span.start - 1]
    if (
        first.pos_ == "PROPN"
        and first.dep_ == "compound"
        and span.start <= first.head.i < span.end
        and not first.ent_type_
        and first.text[:1].isupper()
    ):
        return doc[first.i : span.end]
    return span


def _apposed_speaker(tok: Any) -> bool:
    """A capitalised singular noun that speaks, apposed to a kind of organisation."""
    return (
        tok.pos_ == "NOUN"
        and tok.tag_ == "NN"
        and tok.text[:1].isupper()
        and not tok.is_upper
        and speaks(tok)
        and any(c.dep_ == "appos" and c.lemma_.lower() in ORGANIZATION_NOUNS for c in tok.children)
    )


@dataclass
class _Finder:
    parsed: Parsed
    cands: list[Candidate] = field(default_factory=list)

    def _named(self) -> None:
        # the outlet that publishes the article, named in it ("told Global Wire"), is an
        # organisation whatever the tagger says
        publisher = _outlet(self.parsed.article.publisher or "")
        for pb in self.parsed.blocks:
            doc = pb.doc
            covered: set[int] = set()
            for ent in doc.ents:
                kind = NER_KINDS.get(ent.label_)
                if ent.label_ == "NORP" and speaks(ent.root):
                    # "Republicans on the panel accused …", "the Greens said …": a party's
                    # members, a named group of people that is a claim's source
                    plural = ent.root.tag_ in ("NNPS", "NNS") or ent.root.lower_.endswith("s")
                    kind = EntityKind.GROUP if plural else EntityKind.ORGANIZATION
                if kind is None:
                    continue
                span = self._trim(ent)
                if span is None:
                    continue
                span = _with_leading_name(span)
                if kind is EntityKind.PRODUCT and _score_after(span, ent):
                    kind = EntityKind.ORGANIZATION  # "beat Westbrook Town 2-1": a team
                kind = retype(span, kind)
                # a dateline names a place, whatever the tagger makes of the name elsewhere
                weight = DATELINE_WEIGHT if dateline_place(span) else 1.0
                if kind in (EntityKind.ORGANIZATION, EntityKind.PLACE) and speaks_of_self(span):
                    # "Marsh said … she would reach out": the text says more than the tagger
                    kind, weight = EntityKind.PERSON, 2.0
                if publisher and _outlet(span.text) == publisher:
                    kind = EntityKind.ORGANIZATION
                if kind is EntityKind.PERSON and len(span) == 1 and span[0].tag_ == "NNPS":
                    kind = EntityKind.GROUP  # "Republicans", "Democrats": members, no person
                if kind is EntityKind.PERSON:
                    span = _with_particles(span)
                span = self._extend_unit(span)
                if span is None:
                    continue
                last_two = " ".join(t.lower_ for t in span[-2:])
                if last_two == "task force" or span[-1].lower_ in UNIT_HEADS:
                    kind = EntityKind.UNIT
                if (
                    kind in (EntityKind.PLACE, EntityKind.ORGANIZATION)
                    and span.start == ent.start + 1
                    and ent[0].lower_ == "the"
                ):
                    # "the United States", "The State Department": the mention is the
                    # tagger's span, as the name is written; the name itself has no "the"
                    span = doc[ent.start : span.end]
                covered.update(t.i for t in span)
                self._add(pb, span, kind, named=True, weight=weight)
            # proper nouns spaCy did not tag: conjuncts of a tagged name, or "X task force"
            for tok in pb.tokens:
                if tok.i not in covered and _apposed_speaker(tok):
                    # "Southgrid, the regional electricity network, said": a name the tagger
                    # took for a noun, and its apposition says what kind of organisation
                    self._add(pb, doc[tok.i : tok.i + 1], EntityKind.ORGANIZATION, named=True)
                    covered.add(tok.i)
                    continue
                if tok.i in covered or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
                    continue
                speaker = speaker_name(tok)
                if speaker is not None and not any(t.i in covered for t in speaker):
                    kind = retype(speaker, EntityKind.PERSON)
                    self._add(pb, speaker, kind, named=True)
                    covered.update(t.i for t in speaker)
                    continue
                if tok.is_sent_start and tok.dep_ not in ("conj", "appos"):
                    continue
                partner = tok.head if tok.dep_ == "conj" else None
                if partner is not None and partner.ent_type_ in NER_KINDS:
                    kind = NER_KINDS[partner.ent_type_]
                    span = doc[
                        tok.left_edge.i if tok.left_edge.pos_ == "PROPN" else tok.i : tok.i + 1
                    ]
                    self._add(pb, span, kind)
                    covered.update(t.i for t in span)
            self._financial(pb, covered)
            self._products(pb, covered)
            # unnamed "X task force" with a proper-noun modifier
            text = doc.text
            for m in re.finditer(r"\b((?:[A-Z][\w&-]*\s+){1,4})(task force|taskforce)\b", text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None or any(t.i in covered for t in span):
                    continue
                self._add(pb, span, EntityKind.UNIT, named=True)
                covered.update(t.i for t in span)

    def _financial(self, pb: ParsedBlock, covered: set[int]) -> None:
        """Stock indices named with their head noun: "the Dow Jones Industrial Average"."""
        doc = pb.doc
        for m in INDEX_NAME.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            # "Japan's Nikkei 225 index": the possessor is not part of the index's name
            owners = [t.i for t in span if t.tag_ == "POS" or t.lower_ in ("the", "a", "an")]
            if owners:
                span = span.doc[owners[-1] + 1 : span.end]
            if span is None or not len(span):
                continue
            self._drop_overlapping(pb, span)
            covered.update(t.i for t in span)
            self._add(pb, span, EntityKind.FINANCIAL, named=True)

    def _financial_at(self, pb: ParsedBlock, span: Any) -> bool:
        start = pb.block.start + span.start_char
        return any(
            c.kind is EntityKind.FINANCIAL and c.mention.start <= start < c.mention.end
            for c in self.cands
            if c.block is pb
        )

    def _drop_overlapping(self, pb: ParsedBlock, span: Any) -> None:
        """Forget the candidates of this block that overlap ``span``."""
        self.cands = [
            c
            for c in self.cands
            if not (
                c.block is pb
                and c.mention.start - pb.block.start < span.end_char
                and span.start_char < c.mention.end - pb.block.start
            )
        ]

    def _products(self, pb: ParsedBlock, covered: set[int]) -> None:
        """Model names: "Boeing 787 Dreamliner", "the A380", "iPhone 4", "777-200LRs"."""
        doc = pb.doc
        i = 0
        while i < len(doc):
            tok = doc[i]
            text = tok.text
            brand_model = bool(BRAND_STYLE.match(text))
            model = bool(MODEL_CODE.match(text)) and (
                text[:1].isalpha()
                or (i > 0 and doc[i - 1].ent_type_ == "ORG")
                or (
                    i + 1 < len(doc)
                    and doc[i + 1].pos_ == "PROPN"
                    and doc[i + 1].text[:1].isupper()
                )
                or (
                    i > 0
                    and doc[i - 1].lower_ in ("the", "a", "its", "'s", "new", "first", "final")
                    and not _counts(tok)
                )
            )
            if not (brand_model or model):
                i += 1
                continue
            start, end = i, i + 1
            if start > 0 and doc[start - 1].ent_type_ == "ORG" and doc[start - 1].pos_ == "PROPN":
                start -= 1
            while end < len(doc) and (
                MODEL_CODE.match(doc[end].text)
                or (
                    doc[end].pos_ == "PROPN"
                    and doc[end].text[:1].isupper()
                    and doc[end].ent_type_ not in ("GPE", "PERSON")
                )
                or doc[end].lower_
                in (
                    "nano",
                    "mini",
                    "pro",
                    "max",
                    "plus",
                    "air",
                    "touch",
                    "shuffle",
                    "classic",
                    "os",
                )
                or (doc[end].like_num and brand_model and len(doc[end].text) <= 3)
            ):
                end += 1
            span = doc[start:end]
            if any(t.i in covered for t in span) and self._financial_at(pb, span):
                i = end
                continue  # "S&P 500" is an index, not a model
            covered.update(t.i for t in span)
            self._drop_overlapping(pb, span)
            self._add(pb, span, EntityKind.PRODUCT, named=True)
            i = end

    def _trim(self, span: Any) -> Any | None:
        doc = span.doc
        start, end = span.start, span.end
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "'")):
            end -= 1
        # "beating Riverside United 2-1", "Leeds United 3–0": a score is no part of a name
        while end - start > 1 and (
            _SCORE.fullmatch(doc[end - 1].text)
            or (
                end - start > 3
                and doc[end - 1].is_digit
                and doc[end - 2].text in ("-", "–")
                and doc[end - 3].is_digit
            )
        ):
            end -= 1 if _SCORE.fullmatch(doc[end - 1].text) else 3
        # "Spokeswoman Sandy Angers", "President Vladimir Putin": the title is not the name;
        # but "General Motors" and "Justice Department" keep their first word
        person = span.label_ == "PERSON"
        while end - start > 1 and is_title(doc[start], person):
            start += 1
        if start >= end:
            return None
        span = doc[start:end]
        if "\n" in span.text:
            return None
        first = span[0]
        if (
            len(span) == 1
            and first.is_sent_start
            and first.pos_ not in ("PROPN",)
            and not (span.label_ == "PERSON" and speaks(first))  # "Lund described …"
        ):
            return None
        if not any(any(ch.isupper() for ch in t.text) or t.text[:1].isdigit() for t in span):
            return None
        if len(span) == 1 and span[0].pos_ == "PRON":
            return None
        return span

    def _extend_unit(self, span: Any) -> Any:
        doc = span.doc
        end = span.end
        if end + 1 < len(doc) and doc[end].lower_ == "task" and doc[end + 1].lower_ == "force":
            return doc[span.start : end + 2]
        if end < len(doc) and doc[end].lower_ in (
            "team",
            "unit",
            "division",
            "taskforce",
            "committee",
            "lab",
        ):
            return doc[span.start : end + 1]
        return span

    def _add(
        self,
        pb: ParsedBlock,
        span: Any,
        kind: EntityKind,
        size: int | None = None,
        *,
        named: bool = False,
        weight: float = 1.0,
    ) -> None:
        doc = span.doc
        start = span.start
        while start < span.end - 1 and (doc[start].is_punct or doc[start].is_space):
            start += 1
        span = doc[start : span.end]
        mention = self.parsed.span_mention(pb, span)
        name = canonical_name(mention.text, kind)
        if not name:
            return
        self.cands.append(
            Candidate(
                mention, kind, name, pb, span.root, size, span.root.lemma_.lower(), named, weight
            )
        )

    def _common(self) -> None:
        """Documents, groups with a size, unnamed sources, units described generically."""
        for pb in self.parsed.body_blocks():
            doc = pb.doc
            for chunk in doc.noun_chunks:
                root = chunk.root
                lemma = root.lemma_.lower()
                if root.ent_type_ in NER_KINDS:
                    continue
                start = chunk.start
                # keep a possessor outside the chunk ("Meta's memo" -> "memo")
                for t in chunk:
                    if t.dep_ == "poss" or t.tag_ == "POS":
                        start = t.i + 1
                while start < chunk.end and doc[start].lower_ in ("'s", "’s"):
                    start += 1
                span = doc[start : chunk.end]
                if not len(span):
                    continue
                nums = [
                    t for t in root.children if t.i < root.i and (t.dep_ == "nummod" or t.like_num)
                ]
                size = _number(nums[0]) if nums else None
                if lemma in DOC_NOUNS or (
                    # "the message", "Wednesday's communication" refer back to a document;
                    # "a clear message" is none
                    lemma in DOC_REFERRING
                    and any(
                        c.dep_ == "poss" or c.lower_ in ("the", "this", "that", "these", "those")
                        for c in root.children
                    )
                ):
                    self._add(pb, span, EntityKind.DOCUMENT)
                elif (
                    lemma in ("source", "insider")
                    or (
                        lemma in ("spokesperson", "spokesman", "spokeswoman")
                        and not _has_name(span)
                    )
                    or (lemma in ("people", "person") and _familiar(root))
                ):
                    self._add(pb, span, EntityKind.ANONYMOUS_SOURCE, size)
                elif lemma in PERSON_NOUNS and root.tag_ in ("NNS", "NNPS") and size is not None:
                    self._add(pb, span, EntityKind.GROUP, size)
                elif (
                    lemma in PERSON_NOUNS
                    and root.tag_ in ("NNS",)
                    and (
                        any(c.dep_ == "relcl" for c in root.children)
                        or span[0].lower_ == "the"
                        or span[0].lower_ in ("some", "these", "those")
                    )
                ):
                    self._add(pb, span, EntityKind.GROUP, None)
                elif (
                    lemma in GENERIC_UNIT_HEADS or chunk.text.lower().endswith("task force")
                ) and (
                    root.tag_ == "NNS"
                    or span[0].lower_ in ("the", "a", "an")
                    or not _has_name(span)
                ):
                    self._add(pb, span, EntityKind.UNIT)
            # "a 7,000-person workforce": the size is a compound modifier
            for m in re.finditer(
                r"\b(\d[\d,]*)-(person|people|strong|member|employee)\b\s+(\w+)", doc.text
            ):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    self._add(pb, span, EntityKind.GROUP, int(m.group(1).replace(",", "")))


def find_candidates(parsed: Parsed) -> list[Candidate]:
    """The candidate mentions of an article: named ones first, then common nouns."""
    finder = _Finder(parsed)
    finder._named()
    finder._common()
    return finder.cands


def span_tokens(c: Candidate) -> list[Any]:
    """The tokens of a candidate's mention (its head alone if they cannot be found)."""
    doc = c.block.doc
    s = c.mention.start - c.block.block.start
    e = c.mention.end - c.block.block.start
    span = doc.char_span(s, e, alignment_mode="expand")
    return list(span) if span is not None else [c.root]


def _counts(tok: Any) -> bool:
    """Whether a number counts the plural after it ("the 150 seats", "the 150-member
    parliament") rather than naming a model ("the 787 was delayed", "the 787 program")."""
    doc = tok.doc
    after = doc[tok.i + 1 : tok.i + 3]
    if not tok.text.isdigit() or not len(after):
        return False
    if after[0].text in ("-", "\u2013"):  # "150-member", not "777-200LR"
        return len(after) > 1 and after[1].is_alpha and after[1].is_lower
    return bool(after[0].tag_ == "NNS" and after[0].is_lower)


def _number(tok: Any) -> int | None:
    """The whole number a token states ("7,000", "four"), via the quantity parser."""
    number, unit = parse_number(tok.text)
    if number is None or unit is not None or not float(number).is_integer():
        return None
    return int(number)


def _has_name(span: Any) -> bool:
    return any(t.pos_ == "PROPN" for t in span)


def _familiar(root: Any) -> bool:
    return any(c.lower_ in ("familiar", "close", "briefed") for c in root.subtree)
