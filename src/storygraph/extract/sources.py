"""Who a claim comes from when the entity finder found nobody: described and unnamed sources.

The speaker of a reporting verb is often no name: "an official familiar with the matter",
"two law enforcement officials", "aides to the committee", "the director's allies". Such a
noun phrase becomes an :class:`~storygraph.records.Entity` of kind AnonymousSource, with its
size ("two" → 2, "an" → 1) and its description (the whole phrase), and tied by
``affiliatedWith`` to the named entity it speaks for or is close to ("allies of X", "a
spokesperson for the Department of Justice", "Justice Department officials").

The signals are general rather than topical: the phrase is the subject of a reporting verb
or the object of "according to", its head is a common noun for a person or a role (from
:data:`~storygraph.extract.lexicon.SOURCE_NOUNS` and ``PERSON_NOUNS``, or an agent-noun
ending), and no name heads it. Several named speakers ("Senators A and B said") become one
Group with its members. A pronoun speaker ("he said") is resolved to the nearest preceding
compatible named speaker of the paragraph, never to somebody named inside the quote.
"""

from __future__ import annotations

import re
from typing import Any

from storygraph.extract.context import Context
from storygraph.extract.credits import dateline_length
from storygraph.extract.lexicon import (
    COLLECTIVES,
    DOC_REFERRING,
    NAMED_DESCRIPTIONS,
    NUMBER_WORDS,
    ORG_DESCRIPTIONS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    SOURCE_NOUNS,
)
from storygraph.extract.parsed import ParsedBlock
from storygraph.records import Entity, EntityKind, Mention, Relation

__all__ = [
    "describe_source",
    "enrich_source",
    "gender_of",
    "group_of_speakers",
    "quote_regions",
    "resolve_pronoun",
]

#: Endings of nouns for a person or a role ("strategist", "historian", "spokeswoman").
_AGENT_ENDINGS = ("ist", "ian", "eer", "man", "woman", "person")
#: Endings of nouns for a doer, a person only when plural or indefinite ("farmers", "an
#: investor"; "the retailer" is a company named before).
_DOER_ENDINGS = ("er", "or")
#: Words that, ending in an agent ending, name no person.
_NOT_AGENTS = frozenset(
    (
        *("statement", "document", "comment", "agreement", "government", "department"),
        *("moment", "argument", "element", "amount", "event", "percent", "content"),
        *("intent", "incident", "account", "plan"),
        *("paper", "letter", "order", "number", "computer", "monitor", "sensor", "indicator"),
        *("factor", "sector", "error", "center", "centre", "chapter", "register", "poster"),
        *("banner", "meter", "counter", "filter", "server", "browser", "calendar", "quarter"),
        *("ledger", "tracker", "newspaper", "transcript", "barometer", "thermometer", "water"),
        *("weather", "power", "matter", "answer", "winner-take-all", "former"),
        *("cluster", "manner", "member-state", "charter", "trailer", "container", "cancer"),
    )
)
#: Modifiers after the head that describe the source ("familiar with", "close to").
_POST = ("prep", "amod", "acl", "relcl", "appos")
_AFFILIATING_PREPS = frozenset(("of", "for", "at", "to", "with", "from", "in", "inside", "within"))
_QUOTE = re.compile(r"[\"“”]")


def _of(tok: Any) -> Any | None:
    return next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)


def _collective(tok: Any) -> bool:
    """ "a group of politicians", "a number of analysts": a collective of people."""
    if tok.lemma_.lower() not in COLLECTIVES:
        return False
    of = _of(tok)
    members = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
    return members is not None and members.pos_ == "NOUN" and _is_person_role(members)


def _is_person_role(tok: Any) -> bool:
    lemma = tok.lemma_.lower()
    if tok.text[:1].isupper() and not tok.is_sent_start:
        return False  # "Jobs said": a name the entity finder missed, not "jobs"
    if _collective(tok):
        return True
    if lemma in DOC_REFERRING or lemma in _NOT_AGENTS:
        return False
    if lemma in SOURCE_NOUNS or lemma in PERSON_NOUNS:
        return True
    if (
        tok.tag_ in ("NN", "NNP")
        and tok.is_lower
        and lemma in NAMED_DESCRIPTIONS
        and any(c.lower_ == "the" or c.dep_ == "poss" for c in tok.children)
    ):
        # "the electoral commission said", "Turkey's foreign ministry said": an institution
        # the text does not name (one it names nearby is found before this)
        return True
    if tok.tag_ == "NNS" and lemma in ORGANIZATION_NOUNS:
        # "rights groups said", "aid agencies warned": unnamed, as people are; "the
        # parties", "both companies" are the ones named before
        return not any(
            c.dep_ in ("det", "predet") and c.lower_ in ("the", "these", "those", "both", "all")
            for c in tok.children
        )
    if lemma.endswith(_AGENT_ENDINGS) and len(lemma) > 5:
        return True
    if lemma.endswith(_DOER_ENDINGS) and len(lemma) > 5 and lemma not in ORG_DESCRIPTIONS:
        return tok.tag_ == "NNS" or any(
            c.dep_ == "det" and c.lower_ in ("a", "an", "some", "several", "many")
            for c in tok.children
        )
    # "those who spoke on condition of anonymity"
    return any(c.dep_ == "relcl" and c.lower_ != "that" for c in tok.children) and any(
        g.lower_ in ("who", "whom") for c in tok.children for g in c.children
    )


def _size(tok: Any) -> int | None:
    if tok.lemma_.lower() in COLLECTIVES:
        return None  # "a group of politicians" is one group of some size
    for child in tok.children:
        if child.dep_ == "nummod" or (child.like_num and child.i < tok.i):
            word = child.lower_.replace(",", "")
            if word.isdigit():
                return int(word)
            if word in NUMBER_WORDS:
                return NUMBER_WORDS[word]
            return None
    if tok.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        return 1
    return None


def _phrase(tok: Any) -> tuple[int, int, int]:
    """Token range of the source phrase: (start, end of the core, end with its modifiers)."""
    start = tok.i
    for t in tok.lefts:
        if t.dep_ in ("det", "amod", "compound", "nummod", "poss", "quantmod", "nmod", "case"):
            start = min(start, t.left_edge.i)
    # never the dateline the parser may hang on it ("BRUSSELS (Reuters) - European leaders")
    skip = dateline_length(tok.doc.text) if start < 10 else 0
    while skip and start < tok.i and tok.doc[start].idx < skip:
        start += 1
    core_end = tok.i + 1
    end = core_end
    for t in tok.rights:
        if t.is_punct:
            continue
        if t.dep_ in _POST and t.right_edge.i - start < 14:
            end = max(end, t.right_edge.i + 1)
        else:
            break
    return start, core_end, end


def _affiliation(ctx: Context, pb: ParsedBlock, tok: Any) -> str | None:
    """The named entity a source speaks for or is close to, if the phrase names one."""
    told = tok.lemma_.lower() in ("source", "insider")  # "Business Insider's sources"
    for child in tok.children:
        # "USAF officials", "Corbett Securities analysts" (tagged a noun: "Securities")
        if (child.dep_ == "poss" and not told) or child.dep_ == "compound":
            key = ctx.entity_in(pb, child)
            if key:
                return key
    for child in tok.subtree:
        if child.dep_ == "pobj" and child.head.lower_ in _AFFILIATING_PREPS:
            key = ctx.entity_in(pb, child)
            if key and (
                child.head.head.i == tok.i or child.head.head.lemma_ in ("familiar", "close")
            ):
                return key
    return None


def _register(ctx: Context, pb: ParsedBlock, entity: Entity, start: int, end: int) -> None:
    for i in range(start, end):
        ctx.finder.by_token.setdefault((id(pb.doc), i), entity.key)


def describe_source(
    ctx: Context, pb: ParsedBlock, tok: Any, kind: EntityKind = EntityKind.ANONYMOUS_SOURCE
) -> str | None:
    """The AnonymousSource entity for a source phrase headed by ``tok``, made if need be.

    Args:
        ctx: The article's context; a new entity is added to ``ctx.ext.entities``.
        pb: The block of ``tok``.
        tok: The head of the phrase (the subject of a reporting verb, or the object of
            "according to").
        kind: The kind to make: a Group for the people a claim is told to ("lawmakers").

    Returns:
        The entity key, or None when the phrase is no person or role (a name the finder
        missed, a document, a thing).
    """
    if (tok.pos_ != "NOUN" and not (tok.pos_ == "PROPN" and tok.is_lower)) or not _is_person_role(
        tok
    ):
        return None  # a lower-case word is a common noun whatever the tagger says
    if tok.is_sent_start and re.search(
        rf"\w[ \t]+{re.escape(tok.text)}\b", ctx.parsed.segment_text
    ):
        return None  # "Jobs called …" first in its sentence, "Steve Jobs" elsewhere: a name
    doc = pb.doc
    start, core_end, end = _phrase(tok)
    while end > core_end and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    first = doc[start]
    if first.pos_ in ("DET", "PRON") and start + 1 < end:
        first = doc[start + 1]
    mention = ctx.parsed.span_mention(pb, doc[start:end])
    if _collective(tok) and (of := _of(tok)) is not None:  # called by its members
        core_end = max(core_end, of.right_edge.i + 1)
    core = _QUOTE.sub("", doc[start:core_end].text).strip()
    name = re.sub(r"^(?:an?|the|some|several|many|other|both)\s+", "", core, flags=re.IGNORECASE)
    existing = next(
        (e for e in ctx.ext.entities if e.kind is kind and e.name.lower() == name.lower()),
        None,
    )
    lemma = tok.lemma_.lower()
    if lemma in NAMED_DESCRIPTIONS and tok.tag_ == "NN":
        # "the electoral commission" … "the commission said": the one institution
        existing = existing or next(
            (
                e
                for e in reversed(ctx.ext.entities)
                if e.kind is kind and e.name.lower().split()[-1:] == [lemma]
            ),
            None,
        )
    if existing is not None and (tok.tag_ == "NNS" or lemma in NAMED_DESCRIPTIONS):
        existing.mentions.append(mention)
        existing.mentions.sort(key=lambda m: m.start)
        _register(ctx, pb, existing, start, core_end)
        return existing.key
    entity = Entity(
        key=f"source:said:{len(ctx.ext.entities)}",
        kind=kind,
        name=name,
        mentions=[mention],
        size=_size(tok),
        description=mention.text if end > core_end else None,
    )
    ctx.ext.entities.append(entity)
    _register(ctx, pb, entity, start, core_end)
    ally = _affiliation(ctx, pb, tok)
    if ally is not None and ally != entity.key:
        ctx.ext.relations.append(Relation(entity.key, "affiliatedWith", ally, mention))
    return entity.key


def enrich_source(ctx: Context, pb: ParsedBlock, tok: Any, key: str) -> None:
    """Give an unnamed source the entity finder made the size, description and tie it states."""
    entity = next((e for e in ctx.ext.entities if e.key == key), None)
    if entity is None or entity.kind is not EntityKind.ANONYMOUS_SOURCE:
        return
    doc = pb.doc
    start, core_end, end = _phrase(tok)
    while end > core_end and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    if entity.size is None:
        entity.size = _size(tok)
    if entity.description is None and end > core_end:
        entity.description = doc[start:end].text
    ally = _affiliation(ctx, pb, tok)
    if ally is not None and ally != key:
        mention = ctx.parsed.span_mention(pb, doc[start:end])
        ctx.ext.relations.append(Relation(key, "affiliatedWith", ally, mention))


def group_of_speakers(ctx: Context, pb: ParsedBlock, tok: Any) -> tuple[str, Mention] | None:
    """A Group of the named speakers coordinated with ``tok`` ("A and B said"), with members.

    Returns:
        The group's key and the mention of the whole coordination, or None when ``tok``
        heads no coordination of two or more named people or organisations.
    """
    members = [tok, *(c for c in tok.subtree if c.dep_ == "conj")]
    keys = [ctx.entity_in(pb, m) for m in members]
    if len(members) < 2 or any(k is None for k in keys) or len(set(keys)) < 2:
        return None
    doc = pb.doc
    start = min(m.left_edge.i for m in members)
    end = max(m.right_edge.i for m in members) + 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    mention = ctx.parsed.span_mention(pb, doc[start:end])
    group = Entity(
        key=f"group:said:{len(ctx.ext.entities)}",
        kind=EntityKind.GROUP,
        name=mention.text,
        mentions=[mention],
        size=len(set(keys)),
    )
    ctx.ext.entities.append(group)
    for key in dict.fromkeys(k for k in keys if k is not None):
        ctx.ext.relations.append(Relation(key, "memberOf", group.key, mention))
    return group.key, mention


def gender_of(entity: Entity) -> str | None:
    """ "f" or "m" when an honorific says so ("Mrs. Clinton", "Mr. Comey"), else None."""
    for m in entity.mentions:
        word = m.text.split(maxsplit=1)[0].rstrip(".").lower() if m.text.split() else ""
        if word in ("mrs", "ms", "miss"):
            return "f"
        if word == "mr":
            return "m"
    return None


def resolve_pronoun(
    ctx: Context, pronoun: str, speakers: list[str], coref: str | None, quote: tuple[int, int]
) -> str | None:
    """The entity a pronoun speaker ("he said") stands for.

    Args:
        ctx: The article's context.
        pronoun: The pronoun, lower-cased.
        speakers: Entity keys of the paragraph's earlier claims' sources, nearest first.
        coref: The entity the coreference step chose, if any.
        quote: The character span of what the speaker says: an entity named only inside it
            is never the speaker.

    Returns:
        The nearest preceding compatible speaker of the paragraph, else the coreference
        choice unless it is named only inside the quote, else None.
    """
    entities = {e.key: e for e in ctx.ext.entities}
    wanted = {"he": "m", "she": "f"}.get(pronoun)

    def compatible(key: str) -> bool:
        e = entities.get(key)
        if e is None or e.kind is not EntityKind.PERSON:
            return pronoun in ("they", "we") and e is not None
        gender = gender_of(e)
        return wanted is None or gender is None or gender == wanted

    for key in speakers:
        if compatible(key):
            return key
    if coref is not None and coref in entities:
        outside = [m for m in entities[coref].mentions if not (quote[0] <= m.start < quote[1])]
        if outside and compatible(coref):
            return coref
    return None


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (straight or curly), an unclosed one to the end."""
    regions: list[tuple[int, int]] = []
    start: int | None = None
    for m in _QUOTE.finditer(text):
        mark = m.group()
        if start is None and mark != "”":
            start = m.end()
        elif start is not None and mark != "“":
            regions.append((start, m.start()))
            start = None
    if start is not None:
        regions.append((start, len(text)))
    return regions
