"""Events: who did what to whom, when, with what, and how sure the text is.

Triggers are verbs (and nouns that name an event: "the reversal") read from spaCy's
dependency parse; mentions of one event merge into one node. Claims (:mod:`.claims`) and open
questions (:mod:`.questions`) are found after the events, which they refer to.
"""

from __future__ import annotations

from typing import Any

from storygraph.extract.claims import find_claims
from storygraph.extract.context import Context, arg_mention, kind_of, subject_of
from storygraph.extract.lexicon import (
    EVENT_NOUNS,
    EVENT_VERBS_ALWAYS,
    LIGHT_VERBS,
    MODAL_FUTURE,
    MODAL_POSSIBLE,
    REPORTING,
    UNACCUSATIVE,
)
from storygraph.extract.parsed import Parsed, ParsedBlock
from storygraph.extract.questions import find_questions
from storygraph.records import EntityKind, Event, Extraction, Mention, Relation

__all__ = ["find_events_claims_questions"]


def _clause_times(ctx: Context, pb: ParsedBlock, verb: Any) -> list[str]:
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


def _pick_time(ctx: Context, keys: list[str]) -> str | None:
    times = ctx.times
    dated = [k for k in keys if times[k].type in ("DATE", "TIME") and times[k].value]
    chosen = dated or keys
    return chosen[0] if chosen else None


def _events(ctx: Context) -> None:
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
                subj = subject_of(tok)
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
                            and kind_of(ctx, key) is EntityKind.PLACE
                        ):
                            place = key
                if (
                    subj is not None
                    and not passive
                    and lemma in UNACCUSATIVE
                    and patient_tok is None
                    and not any(
                        c.dep_ in ("dobj", "obj", "xcomp", "ccomp", "pcomp") for c in tok.children
                    )
                ):
                    patient_tok = subj  # "shares fell": what falls is the theme (Arg1)
                elif subj is not None and not passive:
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
                ev.agent_mention = arg_mention(ctx, pb, agent_tok)
            if patient_tok is not None:
                patient = ctx.entity_in(pb, patient_tok)
                ev.patient_mention = arg_mention(ctx, pb, patient_tok)
            ev.agent, ev.patient, ev.recipient = agent, patient, recipient
            ev.instrument, ev.place = instrument, place
            ev.time = _pick_time(ctx, times)
            ctx.durations += [(trigger.start, k) for k in times if _type(ctx, k) == "DURATION"]
            ev.quantity = _quantity_in(ctx, ev.patient_mention)
            ev.label = _label(ctx, ev)
            ev.links.append((trigger, ev.agent_mention, ev.patient_mention))
            events.append(ev)
    ctx.ext.events = _merge_same(ctx, events)


def _type(ctx: Context, key: str) -> str:
    return ctx.times[key].type if key in ctx.times else ""


def _name(ctx: Context, key: str | None) -> str:
    if key is None:
        return ""
    for e in ctx.ext.entities:
        if e.key == key:
            return e.name
    return ""


def _label(ctx: Context, ev: Event) -> str:
    parts = [
        _name(ctx, ev.agent),
        ("not " if ev.negated else "") + ev.lemma,
        _name(ctx, ev.patient),
    ]
    if ev.recipient:
        parts += ["→", _name(ctx, ev.recipient)]
    return " ".join(p for p in parts if p)


def _quantity_in(ctx: Context, m: Mention | None) -> str | None:
    if m is None:
        return None
    for q in ctx.ext.quantities:
        if m.start <= q.mention.start and q.mention.end <= m.end:
            return q.key
    return None


def _compatible_time(ctx: Context, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    times = ctx.times
    ta, tb = times[a], times[b]
    if ta.type != "DATE" or tb.type != "DATE":
        return True
    return ta.value == tb.value


def _merge_same(ctx: Context, events: list[Event]) -> list[Event]:
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


def _instruments_and_anchors(ctx: Context) -> None:
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
    ctx = Context(parsed, finder, ext, {t.mention.start: t for t in ext.times})
    ctx.index()
    _events(ctx)
    ctx.index()  # events are known now
    find_claims(ctx)
    find_questions(ctx)
    _instruments_and_anchors(ctx)
