"""Events (who did what to whom, when), claims (who says so) and open questions.

Everything here reads spaCy's dependency parse of one block at a time and maps argument
heads to the entities :mod:`.entities` resolved, so "it told them" becomes Meta told the
7,000 engineers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from storygraph.extract.parsed import Parsed, ParsedBlock
from storygraph.records import (
    Claim,
    EntityKind,
    Event,
    Extraction,
    Mention,
    OpenQuestion,
    Relation,
    TimeExpression,
)

__all__ = ["find_events_claims_questions"]

# Verbs that carry no event of their own in news text (copulas, opinions, perception).
LIGHT_VERBS = {
    "be",
    "do",
    "seem",
    "appear",
    "become",
    "let",
    "matter",
    "mean",
    "think",
    "know",
    "want",
    "need",
    "look",
    "watch",
    "see",
    "include",
    "suggest",
    "indicate",
    "frame",
    "tell",
}
EVENT_VERBS_ALWAYS = {"tell"}  # a telling is an event even though "tell" is light
REPORTING = {
    "say": "asserts",
    "tell": "asserts",
    "confirm": "confirms",
    "report": "asserts",
    "state": "asserts",
    "describe": "asserts",
    "call": "asserts",
    "deny": "denies",
    "write": "asserts",
    "announce": "asserts",
    "add": "asserts",
    "note": "asserts",
    "explain": "asserts",
    "claim": "asserts",
    "acknowledge": "confirms",
    "reveal": "asserts",
    "insist": "asserts",
    "argue": "asserts",
    "warn": "asserts",
    "allege": "asserts",
    "admit": "confirms",
    "dispute": "denies",
    "reject": "denies",
}
DISCLOSE = {
    "disclose",
    "detail",
    "specify",
    "say",
    "reveal",
    "explain",
    "comment",
    "confirm",
    "elaborate",
    "identify",
    "provide",
    "release",
    "share",
}
EVENT_NOUNS = {
    "reversal": "reverse",
    "reassignment": "reassign",
    "assignment": "assign",
    "reallocation": "reallocate",
    "announcement": "announce",
    "transfer": "transfer",
    "decision": "decide",
    "retreat": "retreat",
    "layoff": "lay off",
    "acquisition": "acquire",
    "merger": "merge",
    "launch": "launch",
    "delivery": "deliver",
    "order": "order",
    "purchase": "purchase",
    "sale": "sell",
    "crash": "crash",
    "delay": "delay",
    "flight": "fly",
    "cut": "cut",
    "shift": "shift",
    "change": "change",
    "move": "move",
    "departure": "depart",
    "arrival": "arrive",
    "approval": "approve",
    "agreement": "agree",
    "deal": "deal",
    "ban": "ban",
    "protest": "protest",
    "dispute": "dispute",
    "discussion": "discuss",
    "talks": "talk",
    "tour": "tour",
    "replacement": "replace",
    "plan": "plan",
    "bid": "bid",
    "development": "develop",
    "production": "produce",
    "investigation": "investigate",
    "lawsuit": "sue",
    "strike": "strike",
    "attack": "attack",
    "election": "elect",
    "visit": "visit",
    "meeting": "meet",
    "test": "test",
    "trial": "try",
    "recall": "recall",
    "choice": "choose",
    "expansion": "expand",
    "closure": "close",
    "release": "release",
    "resignation": "resign",
    "appointment": "appoint",
    "hire": "hire",
}
MODAL_POSSIBLE = {"could", "might", "may", "can", "would"}
MODAL_FUTURE = {"will", "shall", "'ll", "wo"}
WH = r"(?:which|what|how|whether|who|whom|when|why|where|if)"
_SPLIT_WH = re.compile(rf",\s*(?:(?:or|and)\s+)?(?={WH}\b)", re.IGNORECASE)
_NEGATION_PATTERNS = re.compile(
    r"\b(?:remains?|is|are|was|were|it's|still)\s+(?:unknown|unclear|not known|uncertain)\b"
    r"|\bdeclined?\s+to\s+comment\b",
    re.IGNORECASE,
)


@dataclass
class _Ctx:
    parsed: Parsed
    finder: Any
    ext: Extraction
    times_by_start: dict[int, TimeExpression]
    durations: list[tuple[int, str]] = field(default_factory=list)
    time_at: dict[int, str] = field(default_factory=dict)
    times: dict[str, TimeExpression] = field(default_factory=dict)
    spans: list[tuple[int, int, str, bool]] = field(default_factory=list)

    def entity_at(self, pb: ParsedBlock, tok: Any) -> str | None:
        key: str | None = self.finder.by_token.get((id(pb.doc), tok.i))
        return key

    def entity_in(self, pb: ParsedBlock, tok: Any) -> str | None:
        """The entity of an argument: its head, else a possessor or compound inside it."""
        key = self.entity_at(pb, tok)
        if key:
            return key
        for child in tok.children:
            if child.dep_ in ("compound", "nmod", "appos", "nummod"):
                key = self.entity_at(pb, child)
                if key:
                    return key
        return None

    def time_in(self, pb: ParsedBlock, tok: Any) -> str | None:
        return self.time_at.get(pb.block.start + tok.idx)

    def inside(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """Entities with a mention, and events with a trigger, within ``[start, end)``."""
        i = bisect.bisect_left(self.spans, (start,))
        entities: list[str] = []
        events: list[str] = []
        while i < len(self.spans) and self.spans[i][0] < end:
            _, e, key, is_event = self.spans[i]
            if e <= end:
                (events if is_event else entities).append(key)
            i += 1
        return list(dict.fromkeys(entities)), list(dict.fromkeys(events))

    def index(self) -> None:
        """Build the lookups: time by character, entity and event mentions by position."""
        self.time_at = {
            pos: t.key for t in self.ext.times for pos in range(t.mention.start, t.mention.end)
        }
        self.times = {t.key: t for t in self.ext.times}
        spans = [(m.start, m.end, e.key, False) for e in self.ext.entities for m in e.mentions]
        spans += [
            (m.start, m.end, ev.key, True)
            for ev in self.ext.events
            for m in (ev.trigger, *ev.mentions)
        ]
        self.spans = sorted(spans)


def _arg_mention(ctx: _Ctx, pb: ParsedBlock, tok: Any) -> Mention:
    doc = pb.doc
    left = tok.i
    for t in reversed(list(tok.lefts)):
        if t.dep_ in ("det", "amod", "compound", "nummod", "poss", "case", "nmod", "quantmod"):
            left = min(left, t.left_edge.i)
    span = doc[left : tok.i + 1]
    return ctx.parsed.span_mention(pb, span)


def _clause_times(ctx: _Ctx, pb: ParsedBlock, verb: Any) -> list[str]:
    """Time expressions that attach to this verb, nearest first; none below another verb."""
    depth: dict[str, int] = {}
    for tok in verb.subtree:
        key = ctx.time_in(pb, tok)
        if key is None:
            continue
        # walk up to the nearest verb: it must be this one
        head, steps = tok, 0
        while head.i != verb.i and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head, steps = head.head, steps + 1
        if head.i == verb.i:
            depth[key] = min(steps, depth.get(key, steps))
    return sorted(depth, key=lambda k: depth[k])


def _pick_time(ctx: _Ctx, keys: list[str]) -> str | None:
    times = ctx.times
    dated = [k for k in keys if times[k].type in ("DATE", "TIME") and times[k].value]
    chosen = dated or keys
    return chosen[0] if chosen else None


def _subject(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    # coordination: "Meta reassigned … then reversed course" shares the subject
    if verb.dep_ == "conj":
        return _subject(verb.head)
    if verb.dep_ in ("xcomp", "dep") and verb.head.i != verb.i:
        return _subject(verb.head)
    # a non-finite adverbial clause shares the main clause's subject ("…, citing …")
    if (
        verb.dep_ in ("advcl", "pcomp")
        and verb.tag_ in ("VBG", "VB", "VBN")
        and verb.head.i != verb.i
    ):
        head = verb.head if verb.dep_ == "advcl" else verb.head.head
        if head.pos_ in ("VERB", "AUX"):
            return _subject(head)
    return None


def _events(ctx: _Ctx) -> None:
    parsed = ctx.parsed
    events: list[Event] = []
    for pb in parsed.blocks:
        # headlines report events too ("Boeing unveils long-range 777"); a section heading
        # such as "What Remains Unknown" has no content verb to find
        for tok in pb.doc:
            noun_form = next(
                (w for w in (tok.lemma_.lower(), tok.lower_) if w in EVENT_NOUNS), None
            )
            nominal = noun_form is not None and tok.pos_ in ("NOUN", "PROPN")
            verbal = tok.pos_ == "VERB" and (
                noun_form is not None  # an eventive noun the tagger took for a verb
                or tok.lemma_.lower() not in LIGHT_VERBS
                or tok.lemma_.lower() in EVENT_VERBS_ALWAYS
            )
            if not (nominal or verbal):
                continue
            lemma = EVENT_NOUNS[noun_form] if noun_form else tok.lemma_.lower()
            trigger = parsed.mention(pb, tok.idx, tok.idx + len(tok.text), tok)
            ev = Event(key=f"event:{len(events)}", trigger=trigger, lemma=lemma, label=lemma)
            agent = patient = recipient = instrument = place = None
            agent_tok = patient_tok = None
            if verbal:
                subj = _subject(tok)
                passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
                for c in tok.children:
                    if c.dep_ == "nsubjpass":
                        patient_tok = c
                    elif c.dep_ == "agent":
                        agent_tok = next((g for g in c.children if g.dep_ == "pobj"), None)
                    elif c.dep_ == "ccomp" and lemma in REPORTING and patient_tok is None:
                        patient_tok = c  # what is said is the saying's theme (Arg1)
                    elif c.dep_ in ("dobj", "obj"):
                        if lemma == "tell":
                            recipient = ctx.entity_in(pb, c)
                        else:
                            patient_tok = c
                    elif c.dep_ in ("dative", "iobj"):
                        recipient = ctx.entity_in(pb, c)
                    elif c.dep_ == "prep":
                        obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                        if obj is None:
                            continue
                        word = c.lower_
                        key = ctx.entity_in(pb, obj)
                        if word in ("to", "into", "toward", "towards") and key:
                            recipient = recipient or key
                        elif word in ("with", "via", "through", "using") and key:
                            instrument = key
                        elif (
                            word in ("in", "at", "near")
                            and key
                            and _kind(ctx, key) is EntityKind.PLACE
                        ):
                            place = key
                if subj is not None and not passive:
                    agent_tok = subj
                elif subj is not None and passive and patient_tok is None:
                    patient_tok = subj
                # "engineers who'd been reassigned": the relative clause's head is the patient
                if (
                    tok.dep_ == "relcl"
                    and patient_tok is not None
                    and patient_tok.tag_ in ("WP", "WDT")
                ):
                    patient_tok = tok.head
                if (
                    tok.dep_ == "acl"
                    and passive is False
                    and patient_tok is None
                    and tok.tag_ == "VBN"
                ):
                    patient_tok = tok.head  # "the memo — obtained by Business Insider"
                ev.negated = any(c.dep_ == "neg" for c in tok.children)
                auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
                if auxes & MODAL_FUTURE:
                    ev.modality = "future"
                elif auxes & MODAL_POSSIBLE:
                    ev.modality = "possible"
                times = _clause_times(ctx, pb, tok)
            else:
                for c in tok.children:
                    if c.dep_ == "poss":
                        agent_tok = c
                    elif c.dep_ == "prep" and c.lower_ == "of":
                        patient_tok = next((g for g in c.children if g.dep_ == "pobj"), None)
                # "reassignments last month", "reversal this week": a time right after the noun
                times = []
                for nxt in range(tok.i + 1, min(tok.i + 3, len(pb.doc))):
                    key = ctx.time_in(pb, pb.doc[nxt])
                    if key:
                        times.append(key)
                        break
                    if pb.doc[nxt].is_punct:
                        break
            if agent_tok is not None:
                agent = ctx.entity_in(pb, agent_tok)
                ev.agent_mention = _arg_mention(ctx, pb, agent_tok)
            if patient_tok is not None:
                patient = ctx.entity_in(pb, patient_tok)
                ev.patient_mention = _arg_mention(ctx, pb, patient_tok)
            ev.agent, ev.patient, ev.recipient = agent, patient, recipient
            ev.instrument, ev.place = instrument, place
            ev.time = _pick_time(ctx, times)
            ctx.durations += [(trigger.start, k) for k in times if _type(ctx, k) == "DURATION"]
            ev.quantity = _quantity_in(ctx, ev.patient_mention)
            ev.label = _label(ctx, ev)
            ev.links.append((trigger, ev.agent_mention, ev.patient_mention))
            events.append(ev)
    ctx.ext.events = _merge_same(ctx, events)


def _type(ctx: _Ctx, key: str) -> str:
    return ctx.times[key].type if key in ctx.times else ""


def _kind(ctx: _Ctx, key: str) -> EntityKind | None:
    for e in ctx.ext.entities:
        if e.key == key:
            return e.kind
    return None


def _name(ctx: _Ctx, key: str | None) -> str:
    if key is None:
        return ""
    for e in ctx.ext.entities:
        if e.key == key:
            return e.name
    return ""


def _label(ctx: _Ctx, ev: Event) -> str:
    parts = [
        _name(ctx, ev.agent),
        ("not " if ev.negated else "") + ev.lemma,
        _name(ctx, ev.patient),
    ]
    if ev.recipient:
        parts += ["→", _name(ctx, ev.recipient)]
    return " ".join(p for p in parts if p)


def _quantity_in(ctx: _Ctx, m: Mention | None) -> str | None:
    if m is None:
        return None
    for q in ctx.ext.quantities:
        if m.start <= q.mention.start and q.mention.end <= m.end:
            return q.key
    return None


def _compatible_time(ctx: _Ctx, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    times = ctx.times
    ta, tb = times[a], times[b]
    if ta.type != "DATE" or tb.type != "DATE":
        return True
    return ta.value == tb.value


def _merge_same(ctx: _Ctx, events: list[Event]) -> list[Event]:
    """One node per event: later mentions with the same action and no conflicting role merge."""
    kept: list[Event] = []
    roles = ("agent", "patient", "recipient", "instrument", "place")
    times = ctx.times
    for ev in events:
        target = None
        for k in kept:
            if k.lemma != ev.lemma or k.negated != ev.negated:
                continue
            if any(
                getattr(k, r) and getattr(ev, r) and getattr(k, r) != getattr(ev, r) for r in roles
            ):
                continue
            if not _compatible_time(ctx, k.time, ev.time):
                continue
            target = k
            break
        if target is None:
            kept.append(ev)
            continue
        target.mentions.append(ev.trigger)
        target.links.extend(ev.links)
        for r in roles:
            if getattr(target, r) is None and getattr(ev, r):
                setattr(target, r, getattr(ev, r))
        if ev.time and (
            target.time is None
            or (times[target.time].type != "DATE" and times[ev.time].type == "DATE")
        ):
            target.time = ev.time
        target.label = _label(ctx, target)
    for n, ev in enumerate(kept):
        ev.key = f"event:{n}"
    return kept


def _span_of(ctx: _Ctx, pb: ParsedBlock, toks: list[Any]) -> Mention | None:
    if not toks:
        return None
    doc = pb.doc
    start = min(t.left_edge.i for t in toks)
    end = max(t.right_edge.i for t in toks) + 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ('"', "”", "'"):
        end -= 1
    while start < end and doc[start].is_punct and doc[start].text not in ('"', "“"):
        start += 1
    if start >= end:
        return None
    return ctx.parsed.span_mention(pb, doc[start:end])


def _span_of_range(ctx: _Ctx, pb: ParsedBlock, start: int, end: int) -> Mention | None:
    doc = pb.doc
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end:
        return None
    return ctx.parsed.span_mention(pb, doc[start:end])


def _claims(ctx: _Ctx) -> None:
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
                source_tok = _subject(tok)
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
                if _span_of(ctx, pb, [tok.head]) is None:
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
                        source_mention=_arg_mention(ctx, pb, source_tok),
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
                        if key and _kind(ctx, key) in (EntityKind.ORGANIZATION, EntityKind.PERSON):
                            reported_to = key
                            content = _span_of_range(ctx, pb, c.left_edge.i, prep.i)
                            break
            if content is None:
                content = _span_of(ctx, pb, content_toks)
            if content is None:
                continue
            claim = Claim(
                key=f"claim:{len(claims)}",
                cue=cue,
                content=content,
                source=ctx.entity_in(pb, source_tok) if source_tok is not None else None,
                source_mention=_arg_mention(ctx, pb, source_tok)
                if source_tok is not None
                else None,
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


def _nest(ctx: _Ctx, claims: list[Claim]) -> None:
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


def _questions(ctx: _Ctx) -> None:
    parsed = ctx.parsed
    questions: list[OpenQuestion] = []
    seen: set[tuple[int, int]] = set()
    for pb in parsed.body_blocks():
        doc = pb.doc
        for sent in doc.sents:
            verb = None
            for tok in sent:
                negated = any(c.dep_ == "neg" for c in tok.children)
                if tok.pos_ in ("VERB",) and tok.lemma_.lower() in DISCLOSE and negated:
                    verb = tok
                    break
            text = sent.text
            pattern = _NEGATION_PATTERNS.search(text)
            if verb is None and pattern is None:
                continue
            withheld = None
            if verb is not None:
                subj = next(
                    (
                        c
                        for c in verb.children
                        if c.dep_ in ("nsubj", "nsubjpass", "csubjpass", "csubj")
                    ),
                    None,
                )
                content_toks = [
                    c
                    for c in verb.children
                    if c.dep_ in ("ccomp", "dobj", "xcomp", "prep", "advcl")
                ]
                if subj is not None and subj.dep_ in ("csubjpass", "csubj"):
                    content_toks = [subj]
                elif subj is not None:
                    withheld = ctx.entity_in(pb, subj) or next(
                        (
                            ctx.entity_at(pb, c)
                            for c in subj.children
                            if c.dep_ == "poss" and ctx.entity_at(pb, c)
                        ),
                        None,
                    )
                    if subj.lower_ in ("what",) or any(c.lower_ == "what" for c in subj.subtree):
                        pass
                # "What the sources didn't detail: how many …" – the content follows the colon
                colon = text.find(":")
                if colon != -1 and verb.idx - sent.start_char < colon:
                    start = sent.start_char + colon + 1
                    end = sent.end_char
                    content = parsed.mention(pb, start, end, sent[0])
                else:
                    content = _span_of(ctx, pb, content_toks) or parsed.span_mention(pb, sent)
                    clausal_subject = subj is not None and subj.dep_ in ("csubjpass", "csubj")
                    if not clausal_subject and re.match(
                        rf"(?:on\s+|about\s+)?{WH}\b", content.text, re.IGNORECASE
                    ):
                        # "does not detail which …, what …, or whether …": to the sentence end
                        end = pb.block.start + sent.end_char
                        content = Mention(
                            content.start,
                            end,
                            parsed.article.text[content.start : end],
                            content.sentence,
                        )
            else:
                content = parsed.span_mention(pb, sent)
            body = content.text.strip().rstrip(".")
            parts = _SPLIT_WH.split(body) if re.match(rf"{WH}\b", body, re.IGNORECASE) else [body]
            offset = content.start
            for part in parts:
                part = part.strip(" ,.")
                if not part:
                    continue
                start = parsed.article.text.find(part, offset)
                if start == -1:
                    continue
                end = start + len(part)
                offset = end
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                mention = Mention(start, end, part, content.sentence)
                entity_keys, event_keys = ctx.inside(start, end)
                about = entity_keys + event_keys
                if not about and withheld:
                    about = [withheld]
                questions.append(
                    OpenQuestion(
                        key=f"question:{len(questions)}",
                        mention=mention,
                        content=part,
                        about=about,
                        withheld_by=withheld,
                    )
                )
    ctx.ext.questions = questions


def _instruments_and_anchors(ctx: _Ctx) -> None:
    """A telling on the day a document was sent used it; "within weeks" counts from before."""
    sent_on = {r.subject: r.object for r in ctx.ext.relations if r.predicate == "sentOn"}
    times = ctx.times
    for ev in ctx.ext.events:
        if ev.instrument is None and ev.lemma in ("tell", "inform", "notify", "announce", "say"):
            for doc_key, time_key in sent_on.items():
                if (
                    ev.time
                    and times[ev.time].value
                    and times[ev.time].value == times[time_key].value
                ):
                    ev.instrument = doc_key
    # "reversed course within weeks": the duration is counted from the agent's previous event
    durations = [(k, start) for start, k in ctx.durations]
    by_start = {m.start: ev for ev in ctx.ext.events for m in (ev.trigger, *ev.mentions)}
    ordered = sorted(by_start.items())
    for time_key, start in durations:
        found = by_start.get(start)
        if found is None:
            continue
        ev = found
        if ev.time != time_key:
            ctx.ext.relations.append(Relation(ev.key, "time", time_key, ev.trigger))
        for pos, prev in reversed(ordered):
            if pos < start and prev.agent and prev.agent == ev.agent and prev.lemma != ev.lemma:
                ctx.ext.relations.append(Relation(time_key, "anchorTime", prev.key, ev.trigger))
                break


def find_events_claims_questions(parsed: Parsed, finder: Any, ext: Extraction) -> None:
    """Fill ``ext.events``, ``ext.claims`` and ``ext.questions`` from the parse."""
    ctx = _Ctx(parsed, finder, ext, {t.mention.start: t for t in ext.times})
    ctx.index()
    _events(ctx)
    ctx.index()  # events are known now
    _claims(ctx)
    _questions(ctx)
    _instruments_and_anchors(ctx)
