"""Events across articles: the same real-world event reported by several articles.

Two events of different articles are linked with ``sg:candidateSameEvent`` (each keeps its
own time, quantity and wording on its own mention) when

* ``same-participants``: their actions are of one class ("unveil" and "introduce"), their
  agents are the same node (after identity merges), and their patients are the same node or
  both have a time and the times overlap; or
* ``same-context``: their actions are of one class, their sentences name at least two of
  the same entities, and their times are compatible; or
* ``same-time``: their actions are of one class, they have the same stated time at the
  granularity of a month or finer ("2008-05", "2010-06-24"), or the same year at least
  :data:`PAST_YEARS` before both articles ("the 1991 agreement"), their agents do not
  differ, and their sentences name one same entity (or their agents are one node);
* ``same-action``: the same action, their agents do not differ, a participant in common,
  and their sentences name one same entity.

Neither context rule links two events whose patients are different nodes (the winner of a
choice counts as its patient: "the Air Force selected X" and "X defeated Y" agree).

Reporting verbs ("say", "tell") are never linked: every article says things. Their nouns
that name an outcome of a listed class are, by ``same-time`` alone ("the 1991 agreement":
its sentences name the parties of every later agreement too). Candidate
pairs come from blocks keyed by action class and agent, or action and named entity; a
block larger than :data:`MAX_BLOCK` is too common to tell anything and is skipped, which
also keeps the work near-linear.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from storygraph.extract.lexicon import REPORTING
from storygraph.story.snapshot import EventNode, Snapshot

__all__ = ["ACTION_CLASSES", "MAX_BLOCK", "EventLink", "action_class", "find_event_links"]

#: Events sharing a block key beyond this many are not paired (too common to be evidence).
MAX_BLOCK = 40
#: Actions that report one kind of happening, by class (an action not listed is its own).
ACTION_CLASSES: dict[str, str] = {
    **dict.fromkeys(("unveil", "introduce", "launch", "debut", "present"), "introduce"),
    **dict.fromkeys(("buy", "acquire", "purchase", "order"), "buy"),
    **dict.fromkeys(("leave", "resign", "quit", "depart", "step"), "leave"),
    **dict.fromkeys(("fire", "dismiss", "oust", "sack"), "dismiss"),
    **dict.fromkeys(("sue", "file", "challenge", "protest"), "sue"),
    # a choice seen from either side: the Air Force selected X, X won (defeated Y)
    **dict.fromkeys(("select", "choose", "award", "pick", "win", "defeat", "beat"), "select"),
    **dict.fromkeys(("delay", "postpone", "push"), "delay"),
    # a settlement is an agreement ("settled in 1991" / "the 1991 agreement")
    **dict.fromkeys(("settle", "resolve", "agree"), "settle"),
    # a delivery seen from either side
    **dict.fromkeys(("deliver", "receive", "ship"), "deliver"),
    **dict.fromkeys(("recommend", "advise", "urge", "instruct"), "advise"),
    **dict.fromkeys(("find", "discover", "identify", "uncover"), "find"),
}
# Reporting verbs, and verbs too general to single out a happening ("use", "start").
_NOT_EVENTS = set(REPORTING) | set(
    [
        "be",
        "have",
        "do",
        "make",
        "get",
        "go",
        "come",
        "take",
        "use",
        "start",
        "begin",
        "continue",
        "show",
        "include",
        "want",
        "need",
        "love",
        "like",
        "hope",
        "expect",
        "plan",
        "try",
        "see",
        "know",
        "think",
        "believe",
        "help",
        "give",
        "keep",
        # states, not happenings ("based in Chicago", "located near …")
        "base",
        "locate",
    ]
)


@dataclass(frozen=True)
class EventLink:
    """Two events of different articles found to be one real-world event."""

    a: str
    b: str
    rule: str
    reason: str
    score: float


def action_class(action: str) -> str:
    """The class of an action ("unveil" → "introduce")."""
    return ACTION_CLASSES.get(action, action)


def _times_agree(a: EventNode, b: EventNode) -> bool:
    if a.start and a.end and b.start and b.end:
        return not (a.end < b.start or b.end < a.start)
    return True


def _both_timed(a: EventNode, b: EventNode) -> bool:
    return bool(a.start and b.start)


#: A year is precise enough to match events on only when it lies at least this many years
#: before both articles were published ("the 1991 agreement" in articles of 2006 and 2007);
#: the year of the news itself holds too many happenings of one kind.
PAST_YEARS = 2


def _same_time(snapshot: Snapshot, a: EventNode, b: EventNode) -> bool:
    """The same stated time, a month or finer ("2008-05" = "2008-05"), or the same year long
    before both articles."""
    value = a.value
    if not (value and value == b.value and value[:4].isdigit()):
        return False
    if len(value) >= 7:
        return True
    if len(value) != 4:
        return False
    published = [snapshot.articles.get(e.article) for e in (a, b)]
    return all(
        info is not None
        and info.published[:4].isdigit()
        and int(info.published[:4]) - int(value) >= PAST_YEARS
        for info in published
    )


#: Actions whose agent is who the others' patient is: X won = somebody chose X.
_WON = frozenset(("win", "defeat", "beat"))


def _undergoer(e: EventNode) -> str | None:
    """Who or what the happening befalls: the patient, the winner of a choice."""
    return e.agent if e.action in _WON else e.patient


def _other_things(snapshot: Snapshot, a: str | None, b: str | None) -> bool:
    """Two different nodes, neither named as a kind of the other ("iPhone" / "iPhone 4" may
    be one thing told loosely; "Boeing" / "Northrop Grumman" are not)."""
    if not _differ(a, b):
        return False
    na, nb = snapshot.entities.get(a or ""), snapshot.entities.get(b or "")
    if na is None or nb is None:
        return True
    words = [{w.lower() for label in n.labels for w in label.split()} for n in (na, nb)]
    return not (words[0] <= words[1] or words[1] <= words[0])


def _happening(e: EventNode) -> bool:
    """Not a saying nor too general; a reporting verb's noun that names the outcome of a
    listed class is a happening ("the 1991 agreement", where "agreed that" is a saying)."""
    if e.action not in _NOT_EVENTS:
        return True
    trigger = (e.trigger or "").lower()
    return trigger.endswith("ment") and action_class(e.action) != e.action


def _differ(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def find_event_links(snapshot: Snapshot, same: dict[str, str]) -> list[EventLink]:
    """Same-event links among the snapshot's events.

    Args:
        snapshot: the store's events and the entities of each sentence.
        same: node → its representative after identity merges (absent: itself).
    """

    def root(node: str | None) -> str | None:
        return same.get(node, node) if node else None

    events = [e for e in snapshot.events.values() if _happening(e) and e.polarity == "positive"]
    # a reporting verb's noun ("the 1991 agreement") is linked on its stated time alone: its
    # sentences name the parties of every later agreement too
    nouns = {e.iri for e in events if e.action in _NOT_EVENTS}
    by_agent: dict[tuple[str, str], list[EventNode]] = defaultdict(list)
    by_entity: dict[tuple[str, str], list[EventNode]] = defaultdict(list)
    for e in events:
        agent = root(e.agent)
        if agent:
            by_agent[(action_class(e.action), agent)].append(e)
        named = set().union(
            *(snapshot.sentence_entities.get((e.article, i), set()) for i in e.sentences)
        )
        for node in {root(n) or n for n in named}:
            by_entity[(action_class(e.action), node)].append(e)

    found: dict[tuple[str, str], EventLink] = {}
    for (cls, _agent), block in sorted(by_agent.items()):
        if len(block) > MAX_BLOCK:
            continue
        for a, b in combinations(block, 2):
            if a.article == b.article or not _times_agree(a, b) or {a.iri, b.iri} & nouns:
                continue
            # one more piece of evidence: the same patient, or times that both agree
            pa, pb = root(a.patient), root(b.patient)
            if not ((pa and pa == pb) or _both_timed(a, b)):
                continue
            key = (min(a.iri, b.iri), max(a.iri, b.iri))
            reason = f"{a.action} / {b.action} ({cls}) by the same agent, compatible times"
            found.setdefault(key, EventLink(*key, "same-participants", reason, 0.9))

    shared: dict[tuple[str, str], int] = defaultdict(int)
    pairs: dict[tuple[str, str], tuple[EventNode, EventNode]] = {}
    for block in by_entity.values():
        if len(block) > MAX_BLOCK:
            continue
        for a, b in combinations(block, 2):
            if a.article != b.article:
                key = (min(a.iri, b.iri), max(a.iri, b.iri))
                shared[key] += 1
                pairs[key] = (a, b)
    for key, count in sorted(shared.items()):
        a, b = pairs[key]
        if key in found or not _times_agree(a, b):
            continue
        if _other_things(snapshot, root(_undergoer(a)), root(_undergoer(b))):
            continue  # the Air Force chose X / chose Y: two choices
        if count >= 2 and not {a.iri, b.iri} & nouns:
            reason = f"{a.action} / {b.action} in sentences naming {count} of the same entities"
            found[key] = EventLink(*key, "same-context", reason, 0.7)
        elif _differ(root(a.agent), root(b.agent)):
            continue
        elif _same_time(snapshot, a, b):
            reason = f"{a.action} / {b.action} on {a.value}, in sentences naming the same entity"
            found[key] = EventLink(*key, "same-time", reason, 0.7)
        elif (
            a.action == b.action
            and not {a.iri, b.iri} & nouns
            and ({root(a.agent), root(a.patient)} & {root(b.agent), root(b.patient)}) - {None}
        ):
            reason = f"{a.action} in both with a participant in common"
            found[key] = EventLink(*key, "same-action", reason, 0.6)
    return sorted(found.values(), key=lambda link: (link.a, link.b))
