"""Events: who did what to whom, when, with what, and how sure the text is.

Triggers are verbs (and nouns that name an event: "the reversal") read from spaCy's
dependency parse; mentions of one event merge into one node. Claims (:mod:`.claims`) and open
questions (:mod:`.questions`) are found after the events, which they refer to.
"""

from __future__ import annotations

import re
from typing import Any

from storygraph.extract.claims import find_claims
from storygraph.extract.context import Context, arg_mention, in_dateline, kind_of, subject_of
from storygraph.extract.credits import dateline_length
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

_AGE = re.compile(r"\b(?:year|month|week|day)s?[- ]old\b|\bage[sd]?\b")


def _nested_times(ctx: Context) -> frozenset[str]:
    """Time expressions inside another one (the years of a range, the amount in "ago")."""
    spans = [(t.mention.start, t.mention.end, t.key) for t in ctx.ext.times]
    return frozenset(
        key
        for start, end, key in spans
        for other_start, other_end, other in spans
        if other != key and other_start <= start and end <= other_end
    )


def _clause_times(
    ctx: Context, pb: ParsedBlock, verb: Any, nested: frozenset[str] = frozenset()
) -> list[str]:
    """Time expressions that attach to this verb, nearest first; none below another verb.

    Ages and sizes ("the 15-year-old", "a 30-year career") and expressions nested in another
    one are not times of the event.
    """
    depth: dict[str, int] = {}
    first, last = verb.left_edge, verb.right_edge
    if not ctx.times_within(pb.block.start + first.idx, pb.block.start + last.idx + len(last)):
        return []  # no time expression under the verb: most verbs
    # a wire's dateline ("BRISTOL, March 12 (Wire) -") dates the story, not its first event
    dateline = dateline_length(pb.doc.text) if first.idx == 0 else 0
    for tok in verb.subtree:
        key = ctx.time_in(pb, tok)
        if key is None or key in nested or tok.idx < dateline or not _event_time(ctx, pb, key):
            continue
        # walk up to the nearest verb: it must be this one
        head, steps = tok, 0
        while head.i != verb.i and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head, steps = head.head, steps + 1
        if head.i == verb.i:
            depth[key] = min(steps, depth.get(key, steps))
    return sorted(depth, key=lambda k: depth[k])


def _event_time(ctx: Context, pb: ParsedBlock, key: str) -> bool:
    """Whether a time expression can date or measure an event: not an age, not a hyphenated
    modifier of a noun ("a 3-year-old company", "a 12-hour flight")."""
    time = ctx.times[key]
    text = time.mention.text.lower()
    if _AGE.search(text):
        return False
    span = pb.doc.char_span(
        time.mention.start - pb.block.start,
        time.mention.end - pb.block.start,
        alignment_mode="expand",
    )
    if span is not None and "-" in text and time.type == "DURATION":
        head = span.root
        while head.head.i != head.i and head.dep_ in ("amod", "compound", "nummod", "npadvmod"):
            head = head.head
            if head.pos_ in ("NOUN", "PROPN"):
                return False
    return True


def _sentence_time(ctx: Context, pb: ParsedBlock, tok: Any, nested: frozenset[str]) -> str | None:
    """The time that governs the event's sentence: a dated time of its main verb, unless the
    event is what that verb reports ("said Tuesday that prices rose"), sits in a relative
    clause, or is in the past perfect."""
    root = tok.sent.root
    if root.i == tok.i or root.pos_ not in ("VERB", "AUX"):
        return None
    if tok.dep_ in ("relcl", "acl") or any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in tok.children
    ):
        return None  # a relative clause describes a participant; "had done" is earlier
    key = _pick_time(ctx, _clause_times(ctx, pb, root, nested))
    if key is None or not _dated(ctx, key):
        return None
    if root.lemma_.lower() in REPORTING:
        reported = (c for c in root.children if c.dep_ in ("ccomp", "xcomp", "advcl"))
        if any(tok.i in range(c.left_edge.i, c.right_edge.i + 1) for c in reported):
            return None
    return key


def _dated(ctx: Context, key: str) -> bool:
    value = ctx.times[key].value or ""
    return ctx.times[key].type in ("DATE", "TIME") and value[:1].isdigit()


def _publication_tense(tok: Any, lemma: str) -> bool:
    """The event's reference time is the publication: a present or present-perfect verb, or
    a reporting verb ("said") in the past (news reports what was said for publication)."""
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.lower_ in ("to", "going") for a in auxes):
        return False
    tags = {tok.tag_, *(a.tag_ for a in auxes)}
    if tags & {"VBZ", "VBP"}:
        return True
    return lemma in REPORTING and tok.tag_ == "VBD" and not auxes


def _pick_time(ctx: Context, keys: list[str]) -> str | None:
    times = ctx.times
    dated = [k for k in keys if times[k].type in ("DATE", "TIME") and times[k].value]
    chosen = dated or keys
    return chosen[0] if chosen else None


def _verdict(find: Any) -> Any | None:
    """ "guilty" when ``find`` finds somebody guilty ("found former mayor Hale guilty")."""
    return next(
        (
            c
            for c in find.children
            if c.lower_ == "guilty" and c.dep_ in ("ccomp", "oprd", "xcomp", "acomp")
        ),
        None,
    )


def _events(ctx: Context) -> None:
    parsed = ctx.parsed
    events: list[Event] = []
    nested = _nested_times(ctx)
    verbs: set[int] = set()  # where the verbal mentions start
    for pb in parsed.blocks:
        # headlines report events too ("Boeing unveils long-range 777"); a section heading
        # such as "What Remains Unknown" has no content verb to find
        for tok in pb.tokens:
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
            verdict = _verdict(tok) if verbal and lemma == "find" else None
            if verdict is not None:
                # "the jury found Hale guilty": a conviction ("not guilty": an acquittal)
                lemma = "acquit" if any(g.dep_ == "neg" for g in verdict.children) else "convict"
            trigger = parsed.mention(pb, tok.idx, tok.idx + len(tok.text), tok)
            if verbal and noun_form is None:  # "reversal" tagged as a verb is a noun
                verbs.add(trigger.start)
            ev = Event(key=f"event:{len(events)}", trigger=trigger, lemma=lemma, label=lemma)
            agent = patient = recipient = instrument = place = None
            agent_tok = patient_tok = None
            if verbal:
                subj = subject_of(tok)
                passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
                for c in tok.children:
                    if c.dep_ == "nsubjpass":
                        # "BRISTOL, March 12 (Wire) - Akers, the former mayor, was
                        # sentenced": the patient is who the dateline's place heads
                        patient_tok = (
                            next((g for g in c.children if g.dep_ == "appos"), c)
                            if in_dateline(c)
                            else c
                        )
                    elif c.dep_ == "agent":
                        agent_tok = next((g for g in c.children if g.dep_ == "pobj"), None)
                    elif c.dep_ == "ccomp" and lemma in REPORTING and patient_tok is None:
                        patient_tok = c  # what is said is the saying's theme (Arg1)
                    elif c.dep_ in ("dobj", "obj"):
                        if lemma == "tell":
                            recipient = ctx.entity_in(pb, c)
                        else:
                            patient_tok = _based_object(c) or c
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
                if verdict is not None and patient_tok is None:
                    patient_tok = next(
                        (g for g in verdict.children if g.dep_ in ("nsubj", "nsubjpass")), None
                    )
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
                times = _clause_times(ctx, pb, tok, nested)
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
            if ev.time is not None:
                ev.time_basis = "stated"
            else:
                ev.time = _sentence_time(ctx, pb, tok, nested)
                if ev.time is not None:
                    ev.time_basis = "inherited"
                elif verbal and parsed.article.published and _publication_tense(tok, lemma):
                    ev.time_basis = "publication"
            ctx.durations += [(trigger.start, k) for k in times if _type(ctx, k) == "DURATION"]
            ev.quantity = _quantity_in(ctx, ev.patient_mention)
            ev.label = _label(ctx, ev)
            ev.links.append((trigger, ev.agent_mention, ev.patient_mention))
            events.append(ev)
    ctx.ext.events = _merge_same(ctx, events, verbs)


def _based_object(tok: Any) -> Any | None:
    """ "selected Los Angeles based Northrop Grumman", parsed with the place as the object
    and the company hanging on "based": the company."""
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if after is None or after.lower_ != "based" or tok.ent_type_ not in ("GPE", "LOC"):
        return None
    return next((c for c in after.children if c.dep_ in ("dobj", "pobj")), None)


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


def _stated(ev: Event) -> str | None:
    """The event's time if its own clause states it (an inherited one does not keep apart)."""
    return ev.time if ev.time_basis == "stated" else None


def _compatible_time(ctx: Context, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    times = ctx.times
    ta, tb = times[a], times[b]
    if ta.type != "DATE" or tb.type != "DATE":
        return True
    return ta.value == tb.value


#: How many sentences apart two verbs of one action may be one event with no participant in
#: common.
_MERGE_DISTANCE = 3


def _merge_same(ctx: Context, events: list[Event], verbs: set[int]) -> list[Event]:
    """One node per event: later mentions with the same action and no conflicting role merge;
    a verb more than :data:`_MERGE_DISTANCE` sentences on needs a participant in common (a
    noun such as "the reassignments" refers back from anywhere)."""
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
            if not _compatible_time(ctx, _stated(k), _stated(ev)):
                continue
            shared = any(getattr(k, r) and getattr(k, r) == getattr(ev, r) for r in roles)
            far = ev.trigger.sentence - k.trigger.sentence > _MERGE_DISTANCE
            if far and not shared and ev.trigger.start in verbs:
                continue  # "held a senior position" … ten sentences on, "holding the phone"
            if (
                not shared
                and ev.trigger.start in verbs
                and k.trigger.start not in verbs
                and ev.trigger.sentence != k.trigger.sentence
                and (ev.agent or ev.patient)
            ):
                continue  # "the 2015 agreement" … then "Greece agreed a bailout": another one
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
            or (target.time_basis != "stated" and ev.time_basis == "stated")
            or (times[target.time].type != "DATE" and times[ev.time].type == "DATE")
        ):
            target.time, target.time_basis = ev.time, ev.time_basis
        elif target.time_basis is None:
            target.time_basis = ev.time_basis
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
