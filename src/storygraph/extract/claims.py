"""Claims: who says what, to whom, with which stance, and what the claim is about.

A claim comes from a reporting verb ("said", "confirmed", "denied", "believes"), "according
to", or a document "obtained by" a publisher. Its source is the verb's subject (or "said X",
"according to X", the agent of a passive); a named source inside an apposition wins over a
premodifier ("the United States attorney, Zachary Fardon"); an unnamed one becomes an
AnonymousSource (:mod:`.sources`); a pronoun ("he said") is the nearest preceding speaker of
the paragraph. A sentence that is only a quotation, next to a quoted claim of the same
paragraph, continues that speaker's quote. Content spans stop at the closing quote mark;
``quote`` holds the quoted words. Nested attribution and the events a claim reports are
linked afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storygraph.extract.context import Context, arg_mention, kind_of, subject_of
from storygraph.extract.credits import dateline_length
from storygraph.extract.kinds import declined
from storygraph.extract.lexicon import (
    DISCLOSE,
    NOMINAL_CUES,
    ORGANIZATION_NOUNS,
    REPORTING,
    REPORTING_NOMINAL,
    REPORTING_TO,
    SPOKESPEOPLE,
)
from storygraph.extract.parsed import ParsedBlock
from storygraph.extract.sources import (
    describe_source,
    enrich_source,
    group_of_speakers,
    quote_regions,
    resolve_pronoun,
)
from storygraph.records import Claim, EntityKind

__all__ = ["find_claims"]

_OPEN = ("``",)
_CLOSE = ("''",)
_QUOTE_MARKS = ('"', "“", "”", "``", "''")
_PRONOUN_SPEAKERS = ("he", "she", "they", "we", "i")
#: Words that turn what follows into an analogy ("like a referee telling a team …").
_ANALOGY = ("like", "if", "though")
_RELATIVE = ("who", "that", "which")
#: Verbs that quote somebody as saying something ("GovExec.com quotes an aide as saying").
_QUOTING = frozenset(("quote", "cite"))
#: What a speaker issues and a reporting participle then hangs on ("a statement saying").
_ISSUED = frozenset(
    ("statement", "release", "communique", "letter", "note", "post", "tweet", "video", "memo")
)


@dataclass
class _Found:
    """A claim with the tokens it was read from, before keys are numbered."""

    claim: Claim
    pb: ParsedBlock
    source_tok: Any | None


def _is_open(tok: Any) -> bool:
    return tok.tag_ in _OPEN or tok.text == "“"


def _is_close(tok: Any) -> bool:
    return tok.tag_ in _CLOSE or tok.text == "”"


def _trim(doc: Any, start: int, end: int) -> tuple[int, int, bool]:
    """A content token range without edge punctuation and dateline, cut at its closing quote.

    Returns:
        The start, the end, and whether the whole range is one quotation.
    """
    # a dateline before the first clause ("WASHINGTON — …", "BRUSSELS (Reuters) - …")
    skip = dateline_length(doc.text) if start < end and doc[start].idx == 0 else 0
    while skip and start < end and doc[start].idx < skip:
        start += 1
    while start < end and doc[start].is_punct and not _is_open(doc[start]):
        start += 1
    if 0 < start < end and _is_open(doc[start - 1]):
        # '"We disagree," he said': the marks hang on the cue, the words on the clause
        after = next((j for j in range(end, min(len(doc), end + 3)) if _is_close(doc[j])), None)
        if after is not None and not any(t.text in _QUOTE_MARKS for t in doc[start:end]):
            while end > start and doc[end - 1].is_punct:
                end -= 1
            return start, end, True
    if start < end and _is_open(doc[start]):
        close = next(
            (j for j in range(start + 1, min(len(doc), end + 3)) if _is_close(doc[j])), None
        )
        stop = close if close is not None else end
        start += 1
        while stop > start and doc[stop - 1].is_punct:
            stop -= 1
        if close is not None or not any(_is_close(t) for t in doc[start:stop]):
            return start, stop, True
    while end > start and (
        (doc[end - 1].is_punct and not _is_close(doc[end - 1])) or doc[end - 1].dep_ == "cc"
    ):
        if doc[end - 1].text == "%" and end - 1 > start and doc[end - 2].like_num:
            break  # "turnout was 64%": the sign is part of the number
        end -= 1  # and "… were working to restore supplies but" (warned …) ends before "but"
    marks = sum(1 for t in doc[start:end] if t.text in _QUOTE_MARKS)
    if marks % 2 == 1:
        # an opened quote whose closing mark the parse left outside: take it in
        after = next((j for j in range(end, min(len(doc), end + 3)) if _is_close(doc[j])), None)
        if after is not None:
            end = after + 1
    return start, end, False


def _range(toks: list[Any], cue: Any | None = None) -> tuple[int, int]:
    start = min(t.left_edge.i for t in toks)
    end = max(t.right_edge.i for t in toks) + 1
    if cue is not None and start <= cue.i < end:
        # '"…," she said': the quote's clause holds the cue; keep what precedes it
        cut = cue.left_edge.i
        if cut > start:
            end = min(end, cut)
        else:
            start = max(start, cue.right_edge.i + 1)
    return start, end


def _analogy(tok: Any, quotes: list[tuple[int, int]]) -> bool:
    """Whether a reporting verb sits inside a quoted analogy ("like a referee telling …")."""
    if not any(s <= tok.idx < e for s, e in quotes):
        return False
    node = tok
    while True:
        if node.lower_ in _ANALOGY and node.i < tok.i:
            return True
        if any(c.dep_ in ("mark", "prep") and c.lower_ in _ANALOGY for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head


def _source_token(tok: Any) -> Any | None:
    """The speaker of a reporting verb: subject, antecedent of "who", passive agent, the one
    quoted ("quotes an aide as saying"), who issued a statement ("released a statement
    saying")."""
    quoting = tok.head.head if tok.dep_ == "pcomp" and tok.head.lower_ == "as" else None
    if quoting is not None and quoting.lemma_.lower() in _QUOTING:
        quoted = next((c for c in quoting.children if c.dep_ == "dobj"), None)
        if quoted is not None:
            return quoted
    subj = subject_of(tok)
    if subj is not None and subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
        return tok.head  # "Two jurors, who …, said" when "said" is the relative clause
    if subj is not None:
        return _named_subject(tok, subj)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is not None:
        return next((g for g in agent.children if g.dep_ == "pobj"), None)
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") and tok.tag_ == "VBG":
        head = tok.head
        if head.lemma_.lower() in _ISSUED and head.dep_ == "dobj" and head.head.pos_ == "VERB":
            return subject_of(head.head)  # "X released a statement saying …": X
        return head  # "officials saying …"
    return None


def _named_subject(verb: Any, subj: Any) -> Any:
    """The name when a role and a name are parsed as two subjects ("the chief of staff
    General Duncan McNab stated")."""
    if subj.pos_ != "NOUN":
        return subj
    # the verb the subject hangs on: "The power company Southgrid said … but warned …"
    names = [
        c for c in subj.head.children if c.dep_ == "nsubj" and c.i > subj.i and c.pos_ == "PROPN"
    ]
    return names[0] if names and names[0].i < verb.i else subj


def _agreement(tok: Any) -> bool:
    """Whether "agree" is an agreement to do something ("agreed to halt fighting", an
    event), not a report ("analysts agree that …")."""
    return tok.lemma_.lower() == "agree" and any(c.dep_ == "xcomp" for c in tok.children)


def _reporting(
    ctx: Context, pb: ParsedBlock, tok: Any, quotes: list[tuple[int, int]]
) -> _Found | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or lemma not in REPORTING:
        return None
    if lemma in DISCLOSE and (any(c.dep_ == "neg" for c in tok.children) or declined(tok)):
        return None  # "did not say …", "declined to say whether …": an open question
    if _analogy(tok, quotes):
        return None
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return None  # "the cyberattack disclosed this week exposed …": a participle describes
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    if _agreement(tok):
        return None
    clauses = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
    nominal: list[Any] = []
    reported_to: str | None = None
    listener = None
    for c in tok.children:
        if c.dep_ == "dobj" and lemma in REPORTING_TO and (clauses or lemma == "tell"):
            listener = c
        elif c.dep_ in ("dobj", "oprd") and (lemma in REPORTING_NOMINAL or c.dep_ == "oprd"):
            nominal.append(c)
        elif c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to"):
            obj = (
                c if c.dep_ == "dative" else next((g for g in c.children if g.dep_ == "pobj"), None)
            )
            if obj is not None:
                listener = listener or obj
        elif c.dep_ == "prep" and c.lower_ == "as" and lemma in ("describe", "call"):
            nominal.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("in", "during", "on") and not clauses:
            # "said in a statement that …": the that-clause hangs on the statement
            for obj in (g for g in c.children if g.dep_ == "pobj"):
                clauses += [
                    g
                    for g in obj.children
                    if g.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in g.children)
                ]
    if passive and not any(c.dep_ in ("agent", "ccomp") for c in tok.children):
        return None  # "is expected to …" with nobody expecting
    if lemma == "call" and not any(
        c.dep_ == "oprd" or c.lower_ == "as" or any(g.dep_ == "appos" for g in c.children)
        for c in nominal
    ):
        # "called the bill a betrayal" (the second noun parsed as a predicate or in
        # apposition) says something; "called several senators" does not
        nominal = []
    content_toks = clauses + nominal
    if (
        not content_toks
        and tok.dep_ in ("ccomp", "parataxis")
        and tok.head.pos_ in ("VERB", "AUX")
        and not any(s <= tok.idx < e for s, e in quotes)
        # '"…," she added', not "said it would add $300 billion" (an object of its own, or
        # itself what a reporting verb reports)
        and not any(c.dep_ in ("dobj", "attr") for c in tok.children)
        and (tok.head.lemma_.lower() not in REPORTING or _agreement(tok.head))
    ):
        content_toks = [tok.head]  # '"…," she said', not a verb inside somebody's quote
    if not content_toks:
        return None
    start, end = _range(content_toks, tok)
    # "confirmed the policy shift to Business Insider" parsed with "to" inside the object
    for c in nominal:
        for prep in c.children:
            obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if prep.dep_ != "prep" or prep.lower_ != "to" or obj is None or listener:
                continue
            key = ctx.entity_in(pb, obj)
            if key and kind_of(ctx, key) in (EntityKind.ORGANIZATION, EntityKind.PERSON):
                listener, end = obj, min(end, prep.i)
    if listener is not None:
        reported_to = ctx.entity_in(pb, listener) or describe_source(
            ctx, pb, listener, EntityKind.GROUP
        )
    claim = _claim(ctx, pb, tok, start, end, REPORTING[lemma], lemma)
    if claim is None:
        return None
    claim.reported_to = reported_to
    source_tok = _source_token(tok)
    if passive and source_tok is not None and source_tok.dep_ == "nsubjpass":
        source_tok = None
    return _Found(claim, pb, source_tok)


def _claim(
    ctx: Context, pb: ParsedBlock, cue_tok: Any, start: int, end: int, stance: str, lemma: str
) -> Claim | None:
    doc = pb.doc
    start, end, quoted = _trim(doc, start, end)
    if start >= end:
        return None
    content = ctx.parsed.span_mention(pb, doc[start:end])
    cue = ctx.parsed.mention(pb, cue_tok.idx, cue_tok.idx + len(cue_tok.text), cue_tok)
    claim = Claim(key="", cue=cue, content=content, stance=stance, cue_lemma=lemma)
    if quoted:
        claim.quote = content.text
    elif quote := re.search(r"[\"“]([^\"”]{2,})[\"”]", content.text):
        claim.quote = quote.group(1)
    return claim


def _according(ctx: Context, pb: ParsedBlock, tok: Any) -> _Found | None:
    """ "According to X, …" and "…, according to X": the clause without the phrase."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    source_tok = next((g for g in to.children if g.dep_ == "pobj"), None) if to else None
    clause = tok.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    while (
        clause.dep_ in ("advcl", "acl", "xcomp")
        and clause.tag_ in ("VBG", "VBN")
        and clause.head.pos_ in ("VERB", "AUX")
        and clause.head.i < clause.i
    ):
        # "X lost its majority, winning 71 seats, according to Y": what Y says is the
        # sentence the participle hangs on
        clause = clause.head
    start, end = clause.left_edge.i, clause.right_edge.i + 1
    if tok.left_edge.i <= start:
        start = tok.right_edge.i + 1
    elif tok.right_edge.i + 1 >= end - 1:
        end = tok.left_edge.i
    doc = pb.doc
    cue_tok_end = to.i + 1 if to is not None else tok.i + 1
    found = _claim(ctx, pb, tok, start, end, "asserts", "according to")
    if found is None:
        return None
    found.cue = ctx.parsed.span_mention(pb, doc[tok.i : cue_tok_end])
    return _Found(found, pb, source_tok)


def _nominal(ctx: Context, pb: ParsedBlock, tok: Any) -> _Found | None:
    """ "allegations by two former aides that he misused funds", "the defense's claim that
    …", "reports by consumers of signal problems": a claim named by a noun, with its source
    (by …, or the possessor) and its content (a that-clause, else what it is of or about)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in NOMINAL_CUES:
        return None
    by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    source_tok = next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
    if source_tok is None:
        source_tok = next((c for c in tok.children if c.dep_ == "poss"), None)
    if source_tok is None or source_tok.pos_ == "PRON":
        return None
    clause = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.children)
        ),
        None,
    )
    if clause is not None:
        start, end = clause.left_edge.i, clause.right_edge.i + 1
    else:
        of = next(
            (
                t
                for t in tok.subtree
                if t.dep_ == "prep" and t.lower_ in ("of", "about") and t.i > source_tok.i
            ),
            None,
        )
        obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
        if obj is None:
            return None
        start, end = obj.left_edge.i, obj.right_edge.i + 1
    stance = "denies" if lemma == "denial" else "asserts"
    claim = _claim(ctx, pb, tok, start, end, stance, lemma)
    return _Found(claim, pb, source_tok) if claim is not None else None


def _obtained(ctx: Context, pb: ParsedBlock, tok: Any) -> _Found | None:
    """ "the memo — obtained by Business Insider": the publisher vouches for the document."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or lemma not in ("obtain", "see", "review") or tok.dep_ != "acl":
        return None
    by = next((c for c in tok.children if c.dep_ == "agent"), None)
    source_tok = next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
    if source_tok is None:
        return None
    head = ctx.parsed.mention(
        pb, tok.head.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text), tok
    )
    cue = ctx.parsed.mention(pb, tok.idx, tok.idx + len(tok.text), tok)
    return _Found(Claim(key="", cue=cue, content=head, cue_lemma=lemma), pb, source_tok)


def _unnamed_speaker(ctx: Context, pb: ParsedBlock, tok: Any) -> bool:
    """Whether a speaker phrase names nobody though it names an organisation: "Justice
    Department officials", "USAF's chief of staff" are unnamed people close to it; a
    spokesperson speaks for it ("a Meta spokesperson" is Meta's voice), and an apposed name
    is who the phrase is ("the United States attorney, Zachary Fardon")."""
    if ctx.entity_at(pb, tok) is not None or tok.lemma_.lower() in SPOKESPEOPLE:
        return False
    known = ctx.entity_in(pb, tok)
    return known is None or kind_of(ctx, known) is not EntityKind.PERSON


#: Who speaks for the one named before it: "Netanyahu's office", "the Sanders campaign".
_VOICES = SPOKESPEOPLE | {"office", "campaign"}


def _voice_of(ctx: Context, pb: ParsedBlock, tok: Any) -> str | None:
    """The named person or organisation a spokesperson, office or campaign speaks for, when
    the phrase names one before it ("Keir Starmer's spokesman", "Netanyahu's office")."""
    if tok.lemma_.lower() not in _VOICES or any(c.dep_ == "appos" for c in tok.children):
        return None
    for child in tok.children:
        if child.dep_ in ("poss", "compound"):
            key = ctx.entity_in(pb, child)
            if key is not None and kind_of(ctx, key) in (
                EntityKind.PERSON,
                EntityKind.ORGANIZATION,
                EntityKind.UNIT,
            ):
                return key
    return None


def _apposed_name(ctx: Context, pb: ParsedBlock, tok: Any) -> str | None:
    """The person apposed to a speaker ("The spokesperson, Dana Whitfield,"), or the
    organisation apposed to a kind of organisation ("The energy regulator, Ofgas,")."""
    kinds = {EntityKind.PERSON}
    if tok.lemma_.lower() in ORGANIZATION_NOUNS:
        kinds |= {EntityKind.ORGANIZATION, EntityKind.UNIT}
    for child in tok.children:
        key = ctx.entity_at(pb, child) if child.dep_ == "appos" else None
        if key is not None and kind_of(ctx, key) in kinds:
            return key
    return None


def _attach_source(ctx: Context, found: _Found) -> None:
    """Fill the claim's source entity and mention from its source token."""
    tok, pb, claim = found.source_tok, found.pb, found.claim
    if tok is None:
        return
    claim.source_mention = arg_mention(ctx, pb, tok)
    group = group_of_speakers(ctx, pb, tok) if any(c.dep_ == "conj" for c in tok.children) else None
    if group is not None:
        claim.source, claim.source_mention = group
    elif (voiced := _voice_of(ctx, pb, tok)) is not None:
        claim.source = voiced  # "Netanyahu's office said", "Keir Starmer's spokesman said"
    elif (named := _apposed_name(ctx, pb, tok)) is not None:
        claim.source = named  # "The spokesperson, Dana Whitfield, said"
    elif _unnamed_speaker(ctx, pb, tok) and (described := describe_source(ctx, pb, tok)):
        claim.source = described
    elif (known := ctx.entity_in(pb, tok)) is not None:
        claim.source = known
        enrich_source(ctx, pb, tok, known)
    else:
        claim.source = describe_source(ctx, pb, tok)
    if claim.source is not None:
        appos = next((c for c in tok.children if c.dep_ == "appos"), None)
        if appos is not None and claim.source == ctx.entity_in(pb, appos):
            end = appos.right_edge.i + 1
            claim.source_mention = ctx.parsed.span_mention(
                pb, pb.doc[tok.left_edge.i if tok.left_edge.i < tok.i else tok.i : end]
            )
    if claim.reported_to is None and tok.lemma_.lower() in ("source", "insider"):
        # "Business Insider's sources": the possessor is who the sources spoke to
        for child in tok.children:
            if child.dep_ == "poss":
                claim.reported_to = ctx.entity_at(pb, child)


def _continue_quotes(
    ctx: Context, pb: ParsedBlock, quotes: list[tuple[int, int]], found: list[_Found]
) -> list[_Found]:
    """Claims for sentences that only continue a quoted claim next to them."""
    doc = pb.doc
    sents = list(doc.sents)
    by_sentence: dict[int, list[_Found]] = {}
    for f in found:
        by_sentence.setdefault(f.claim.cue.sentence, []).append(f)
    extra: list[_Found] = []
    for k, sent in enumerate(sents):
        index = ctx.parsed.sentence_of(pb, sent[0])
        if index in by_sentence or not _is_open(sent[0]):
            continue
        region = next((r for r in quotes if r[0] == sent[0].idx + 1), None)
        if region is None or (region[1] < sent.end_char - 3 and region[1] < sent[-1].idx):
            continue
        neighbour = None
        for other in (index - 1, index + 1):
            cands = [f for f in by_sentence.get(other, []) if f.claim.quote]
            if cands and 0 <= k + (other - index) < len(sents):
                neighbour = cands[0]
                break
        if neighbour is None:
            continue
        end = min(region[1], sent.end_char)
        text = doc.text[region[0] : end].rstrip(' .,;:!?"”')
        if len(text.split()) < 2:
            continue
        content = ctx.parsed.mention(pb, region[0], region[0] + len(text), sent[0])
        prior = neighbour.claim
        claim = Claim(
            key="",
            cue=prior.cue,
            content=content,
            source=prior.source,
            source_mention=prior.source_mention,
            stance=prior.stance,
            reported_to=prior.reported_to,
            quote=content.text,
            cue_lemma=prior.cue_lemma,
        )
        extra.append(_Found(claim, pb, None))
    return extra


def _plural_unnamed(ctx: Context, key: str) -> bool:
    entity = next((e for e in ctx.ext.entities if e.key == key), None)
    return (
        entity is not None
        and entity.kind in (EntityKind.ANONYMOUS_SOURCE, EntityKind.GROUP)
        and entity.size != 1
    )


def _resolve_speakers(ctx: Context, found: list[_Found], earlier: list[str]) -> None:
    """Pronoun speakers ("he said") → the paragraph's nearest preceding compatible speaker."""
    speakers: list[str] = []
    spans = [(f.claim.content.start, f.claim.content.end) for f in found]
    for f in sorted(found, key=lambda f: f.claim.cue.start):
        claim = f.claim
        # "The sources confirmed employees described it. They also …": the sources
        nested = any(s <= claim.cue.start < e for s, e in spans)
        said_by = claim.source_mention.text.lower() if claim.source_mention else ""
        if f.source_tok is not None and said_by in ("he", "she", "they"):
            before = speakers + earlier
            if said_by == "they":  # only right after unnamed people: "The sources … They"
                before = [k for k in before[:1] if _plural_unnamed(ctx, k)]
            claim.source = resolve_pronoun(
                ctx,
                said_by,
                before,
                claim.source,
                (claim.content.start, claim.content.end),
            )
        if claim.source is not None and said_by not in ("i", "we") and not nested:
            speakers.insert(0, claim.source)
    for key in speakers[::-1]:
        earlier.insert(0, key)


def find_claims(ctx: Context) -> None:
    """Fill ``ctx.ext.claims``; a reported event's modality becomes "reported"."""
    claims: list[Claim] = []
    earlier: list[str] = []
    for pb in ctx.parsed.body_blocks():
        quotes = quote_regions(pb.doc.text)
        found: list[_Found] = []
        for tok in pb.tokens:
            f = _reporting(ctx, pb, tok, quotes) or _according(ctx, pb, tok)
            f = f or _obtained(ctx, pb, tok)
            nominal = f is None
            f = f or _nominal(ctx, pb, tok)
            if f is None:
                continue
            _attach_source(ctx, f)
            if nominal and f.claim.source is None:
                continue  # "the statement that …" of nobody the text names
            found.append(f)
        _resolve_speakers(ctx, found, earlier)
        found += _continue_quotes(ctx, pb, quotes, found)
        claims += [f.claim for f in sorted(found, key=lambda f: f.claim.content.start)]
    for n, claim in enumerate(claims):
        claim.key = f"claim:{n}"
    ctx.index()  # sources found here are entities too
    _nest(ctx, claims)
    ctx.ext.claims = claims


def _nest(ctx: Context, claims: list[Claim]) -> None:
    """Nested attribution, the claims' subjects, and reported events."""
    for inner in claims:
        for outer in claims:
            if outer is inner or outer.cue == inner.cue:
                continue
            if outer.content.start <= inner.cue.start and inner.cue.end <= outer.content.end:
                inner.parent = outer.key
                said_by = inner.source_mention.text.lower() if inner.source_mention else ""
                if said_by in ("i", "we") and outer.quote and outer.source:
                    inner.source = outer.source  # "I think …" inside a speaker's quote
                break
    events = {ev.key: ev for ev in ctx.ext.events}
    for c in claims:
        entity_keys, event_keys = ctx.inside(c.content.start, c.content.end)
        for key in event_keys:
            if events[key].modality == "asserted":
                events[key].modality = "reported"
        c.about = [k for k in entity_keys if k != c.source] + event_keys
