"""Claims: who says what, to whom, with which stance, and what the claim is about.

A claim comes from a reporting verb ("said", "confirmed", "denied"), "according to", or a
document "obtained by" a publisher; nested attribution and the events a claim reports are
linked afterwards.
"""

from __future__ import annotations

import re
from typing import Any

from storygraph.extract.context import Context, arg_mention, kind_of, span_of, subject_of
from storygraph.extract.lexicon import DISCLOSE, REPORTING
from storygraph.extract.parsed import ParsedBlock
from storygraph.records import Claim, EntityKind, Mention

__all__ = ["find_claims"]


def _span_of_range(ctx: Context, pb: ParsedBlock, start: int, end: int) -> Mention | None:
    doc = pb.doc
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end:
        return None
    return ctx.parsed.span_mention(pb, doc[start:end])


def find_claims(ctx: Context) -> None:
    """Fill ``ctx.ext.claims``; a reported event's modality becomes "reported"."""
    parsed = ctx.parsed
    claims: list[Claim] = []
    for pb in parsed.body_blocks():
        doc = pb.doc
        for tok in doc:
            lemma = tok.lemma_.lower()
            source_tok = None
            content_toks: list[Any] = []
            reported_to = None
            if tok.pos_ == "VERB" and lemma in REPORTING:
                if any(c.dep_ == "neg" for c in tok.children) and lemma in DISCLOSE:
                    continue  # "did not say …" is an open question, not a claim
                source_tok = subject_of(tok)
                for c in tok.children:
                    if c.dep_ in ("ccomp", "xcomp", "parataxis") or (
                        c.dep_ in ("dobj", "oprd") and lemma not in ("tell",)
                    ):
                        content_toks.append(c)
                    elif c.dep_ == "dobj" and lemma == "tell":
                        reported_to = ctx.entity_in(pb, c)
                        content_toks.append(c)
                    elif c.dep_ in ("dative",):
                        reported_to = ctx.entity_in(pb, c)
                    elif c.dep_ == "prep" and c.lower_ == "to":
                        obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                        if obj is not None:
                            reported_to = ctx.entity_in(pb, obj)
                    elif c.dep_ == "prep" and c.lower_ == "as" and lemma in ("describe", "call"):
                        content_toks.append(c)
                if (
                    tok.dep_ in ("ccomp", "parataxis")
                    and not content_toks
                    and tok.head.pos_ in ("VERB", "AUX")
                ):
                    content_toks.append(tok.head)  # '"…," she said'
                cue = parsed.mention(pb, tok.idx, tok.idx + len(tok.text), tok)
                stance = REPORTING[lemma]
            elif lemma == "accord" and tok.lower_ == "according":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                source_tok = (
                    next((g for g in to.children if g.dep_ == "pobj"), None) if to else None
                )
                clause = tok.head
                while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
                    clause = clause.head
                content_toks = [
                    c for c in clause.children if c.i != tok.i and c.dep_ != "punct"
                ] + [clause]
                cue_span = doc[tok.i : tok.i + 2]
                cue = parsed.span_mention(pb, cue_span)
                stance = "asserts"
            elif tok.pos_ == "VERB" and lemma in ("obtain", "see", "review") and tok.dep_ == "acl":
                # "the memo — obtained by Business Insider": the publisher vouches for it
                by = next((c for c in tok.children if c.dep_ == "agent"), None)
                source_tok = (
                    next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
                )
                if source_tok is None:
                    continue
                cue = parsed.mention(pb, tok.idx, tok.idx + len(tok.text), tok)
                if span_of(ctx, pb, [tok.head]) is None:
                    continue
                head_span = ctx.parsed.mention(
                    pb, tok.head.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text), tok
                )
                claims.append(
                    Claim(
                        key=f"claim:{len(claims)}",
                        cue=cue,
                        content=head_span,
                        source=ctx.entity_in(pb, source_tok),
                        source_mention=arg_mention(ctx, pb, source_tok),
                        stance="asserts",
                    )
                )
                continue
            else:
                continue
            # "confirmed the policy shift to Business Insider" parsed with "to" inside the object
            content = None
            for c in list(content_toks):
                for prep in c.children:
                    if prep.dep_ == "prep" and prep.lower_ == "to" and reported_to is None:
                        obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                        key = ctx.entity_in(pb, obj) if obj is not None else None
                        if key and kind_of(ctx, key) in (
                            EntityKind.ORGANIZATION,
                            EntityKind.PERSON,
                        ):
                            reported_to = key
                            content = _span_of_range(ctx, pb, c.left_edge.i, prep.i)
                            break
            if content is None:
                content = span_of(ctx, pb, content_toks)
            if content is None:
                continue
            claim = Claim(
                key=f"claim:{len(claims)}",
                cue=cue,
                content=content,
                source=ctx.entity_in(pb, source_tok) if source_tok is not None else None,
                source_mention=arg_mention(ctx, pb, source_tok) if source_tok is not None else None,
                stance=stance,
                reported_to=reported_to,
            )
            quote = re.search(r"[\"“]([^\"”]{2,})[\"”]", content.text)
            if quote:
                claim.quote = quote.group(1)
            if source_tok is not None:
                # "Business Insider's sources": the possessor is who the source spoke to
                for child in source_tok.children:
                    if child.dep_ == "poss" and claim.reported_to is None:
                        claim.reported_to = ctx.entity_at(pb, child)
            claims.append(claim)
    _nest(ctx, claims)
    ctx.ext.claims = claims


def _nest(ctx: Context, claims: list[Claim]) -> None:
    """Nested attribution, the claims' subjects, and reported events."""
    for inner in claims:
        for outer in claims:
            if outer is inner:
                continue
            if outer.content.start <= inner.cue.start and inner.cue.end <= outer.content.end:
                inner.parent = outer.key
                break
    events = {ev.key: ev for ev in ctx.ext.events}
    for c in claims:
        entity_keys, event_keys = ctx.inside(c.content.start, c.content.end)
        for key in event_keys:
            if events[key].modality == "asserted":
                events[key].modality = "reported"
        c.about = [k for k in entity_keys if k != c.source] + event_keys
