"""What kind of thing a name is, from the words around it: the evidence that overrides the
tagger's kind ("Spokeswoman Sandy Angers" a person, "Lumina introduced its phone" a company,
"the energy regulator, Ofgas" an organisation, "Marsh said … she" a person) and the proper
nouns the tagger left untagged that speak ("Okafor said")."""

from __future__ import annotations

from typing import Any

from storygraph.extract.credits import dateline_length
from storygraph.extract.lexicon import (
    BODY_WORDS,
    HONORIFICS,
    ORGANIZATION_LAST_WORDS,
    ORGANIZATION_NAME_ENDINGS,
    ORGANIZATION_NOUNS,
    PERSON_TAGGED_PRODUCT_NOUNS,
    PERSON_TITLES,
    PLACE_ALIASES,
    PLACE_NOUNS,
    PRODUCT_NOUNS,
    REPORTING,
    WEAK_TITLES,
)
from storygraph.extract.names import DOTTED_ACRONYM
from storygraph.records import EntityKind

__all__ = [
    "dateline_place",
    "declined",
    "is_title",
    "retype",
    "speaker_name",
    "speaks",
    "speaks_of_self",
]


def is_title(tok: Any, person: bool) -> bool:
    """Whether a token at the start of a name is a title that is not part of the name."""
    word = tok.lower_.rstrip(".")
    if word in HONORIFICS:
        return True
    return word in PERSON_TITLES and (person or tok.is_lower or word not in WEAK_TITLES)


def retype(span: Any, kind: EntityKind) -> EntityKind:
    """Override the tagger's kind on positive evidence only.

    A title or honorific right before a name of proper nouns makes it a person, except a
    weak title ("General", "Justice") before what the tagger calls an organisation; a
    dotted acronym ("F.B.I.") is no place unless it is a known country's.
    """
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if (
        kind is not EntityKind.PERSON
        and before is not None
        and all(t.pos_ == "PROPN" for t in span)
        and is_title(before, False)
    ):
        # "Mr. Hale", "Minister Owen Pryce", "chief executive Marcus Hale" (a weak title in
        # lower case); not "General Motors"
        return EntityKind.PERSON
    after = doc[span.end] if span.end < len(doc) else None
    if kind is EntityKind.PERSON and len(span) == 1 and _called_its(span):
        # "Lumina introduced its Aria 7": no person (a surname alone, "Cook … its", is
        # still the person when the article names him in full: names.article_aliases)
        return EntityKind.ORGANIZATION
    if (
        kind in (EntityKind.ORGANIZATION, EntityKind.PLACE)
        and all(t.pos_ == "PROPN" for t in span)
        and after is not None
        and after.text == ","
        and span.end + 1 < len(doc)
        and doc[span.end + 1].lower_ == "who"
        and doc[span.end + 1].head.head.i == span.root.i
    ):
        return EntityKind.PERSON  # "Villanueva, who declared an emergency, said": a person
    if kind is not EntityKind.PLACE and dateline_place(span):
        return EntityKind.PLACE
    if (
        kind in (EntityKind.PERSON, EntityKind.PLACE)
        and len(span) > 1
        and span[-1].lower_.strip(".") in ORGANIZATION_LAST_WORDS
    ):
        # "Riverside United", "Acme Inc." tagged a person, "Manchester United" a place
        return EntityKind.ORGANIZATION
    if (
        kind is EntityKind.PERSON
        and len(span) > 1
        and span[-1].lower_.strip(".") in ORGANIZATION_NAME_ENDINGS
    ):
        return EntityKind.ORGANIZATION  # "Corvane Telecom", "Halden Labs" tagged a person
    head = span.root.head
    if span.root.dep_ == "compound" and head.i == span.end and head.pos_ == "NOUN":
        noun = head.lemma_.lower()
        if kind in (EntityKind.ORGANIZATION, EntityKind.PERSON) and noun in PLACE_NOUNS:
            return EntityKind.PLACE  # "the Larkfield road", "the Kestrel Point spaceport"
        if kind is EntityKind.PERSON and noun in PERSON_TAGGED_PRODUCT_NOUNS:
            return EntityKind.PRODUCT  # "its Vela rocket" (but "the Boeing jet" is Boeing)
    if kind in (EntityKind.ORGANIZATION, EntityKind.PERSON) and _kind_noun(span) in PRODUCT_NOUNS:
        return EntityKind.PRODUCT  # "its blood pressure medicine Cardiol", "Cardiol, a … drug"
    if kind is EntityKind.PERSON and len(span) == 1 and span[0].lower_ in BODY_WORDS:
        return EntityKind.ORGANIZATION  # "Alliance", "Union" alone, tagged a person
    if kind is EntityKind.PERSON and _kind_noun(span) in ORGANIZATION_NOUNS:
        return EntityKind.ORGANIZATION  # "the energy regulator, Ofgas", "consumer group Fair Bills"
    if (
        kind is EntityKind.PLACE
        and DOTTED_ACRONYM.match(span.text)
        and span.text not in PLACE_ALIASES
    ):
        return EntityKind.ORGANIZATION
    return kind


def dateline_place(span: Any) -> bool:
    """Whether a name is a dateline's place: "DETROIT — General Motors …", "BRISTOL, March
    12 (National Wire) -"."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return (
        span.start == 0
        and span.text.isupper()
        and span.text.replace(" ", "").isalpha()
        and after is not None
        and (
            after.text in ("\u2014", "\u2013", "-", "--")
            or span.end_char <= dateline_length(doc.text)
        )
    )


def _kind_noun(span: Any) -> str:
    """The common noun a name is apposed to or follows as its compound ("the regulator,
    Ofgas" → regulator; "consumer group Fair Bills" → group), lower-cased lemma, or ""."""
    root = span.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        return str(root.head.lemma_).lower()
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i >= span.end:
            return str(child.lemma_).lower()  # "Ofgas, the energy regulator"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if (
        before is not None
        and before.pos_ == "NOUN"
        and before.dep_ == "compound"
        and span.start <= before.head.i < span.end
    ):
        return str(before.lemma_).lower()
    return ""


#: Last words of a name that says something that make it no person ("Wall Street expected").
_PLACE_LAST_WORDS = frozenset(("street", "avenue", "road", "square", "house", "hall", "hill"))


def speaks_of_self(span: Any) -> bool:
    """Whether a one-word name says something whose subject is "he" or "she", in a sentence
    that names no person the pronoun could be ("Marsh said … she would reach out")."""
    if len(span) != 1 or span[0].pos_ != "PROPN" or not speaks(span.root):
        return False
    verb = span.root.head
    sent = verb.sent
    if any(t.ent_type_ == "PERSON" for t in sent):
        return False
    said = [t for c in verb.children if c.dep_ in ("ccomp", "conj") for t in c.subtree]
    return any(t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass") for t in said)


def declined(tok: Any) -> bool:
    """Whether a verb is what somebody declined or refused to do ("declined to say")."""
    return bool(tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("decline", "refuse"))


def speaks(tok: Any) -> bool:
    """Whether a token is the subject of a reporting verb ("Okafor said", "Democrats
    accused")."""
    verb = tok.head
    return bool(tok.dep_ == "nsubj" and verb.pos_ == "VERB" and verb.lemma_.lower() in REPORTING)


def speaker_name(tok: Any) -> Any | None:
    """The name heading an untagged proper noun that speaks: "Okafor said", "Holt told
    reporters" (a surname alone, as news writes a person after the first mention), with the
    proper nouns before it ("Mary Holt"); None when a word of it is a title."""
    if not speaks(tok):
        return None
    doc = tok.doc
    start = tok.i
    while (
        start > 0
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].head.i == tok.i
    ):
        start -= 1
    span = doc[start : tok.i + 1]
    if (
        any(t.ent_type_ or not t.is_alpha or not t.text[:1].isupper() for t in span)
        or any(is_title(t, True) for t in span)
        or span[-1].lower_ in _PLACE_LAST_WORDS
        or (start > 0 and doc[start - 1].lower_ == "the")
    ):
        return None
    return span


def _called_its(span: Any) -> bool:
    """The subject of a verb whose own object or complement says "its" for it ("Lumina
    introduced its new phone", "Acme said its profit rose"): a thing, not a person."""
    root = span.root
    if root.dep_ != "nsubj" or root.head.pos_ != "VERB":
        return False
    verb = root.head
    for child in verb.children:
        if child.dep_ in ("dobj", "ccomp", "xcomp", "prep") and child.i > root.i:
            near = [t for t in child.subtree if t.i - verb.i <= 6]
            if any(t.lower_ == "its" and t.dep_ == "poss" for t in near):
                return not any(t.lower_ in ("his", "her", "he", "she") for t in near)
    return False
