"""`storygraph eval story DIR`: the story layer against a story-dev style gold.

The protocol is the one of ``story-dev/README.md``: every clustered article is ingested,
in the gold's order and with the gold's ``published`` date and ``publisher``, into one
fresh store; the story layer links them; gold spans are matched to the system's nodes by
overlap with their mentions in the same article (the largest overlap wins). Seven tasks:

* ``entity_pairs``: pairs of gold entity mentions in different articles of a cluster; the
  system calls a pair "same" when both match one node or nodes joined by ``owl:sameAs``.
  ``different_violations`` (an extra figure) counts the gold ``different`` pairs with any
  mention pair called same.
* ``event_pairs``: pairs of reports of one gold event in different articles, found when a
  system event inside each report sentence is the same node, ``owl:sameAs`` or linked by
  ``sg:candidateSameEvent``; a link between events matched to different gold events only is
  a false positive.
* ``event_dates``: per report of a dated gold event, correct when a matched event's
  normalised time agrees with the gold date at the gold's granularity. Counted per report:
  a report whose matched events have a time but none that agrees is a false positive.
* ``claim_links`` / ``claim_links_typed``: a gold link is found when the claims matched to
  its two sides are linked by any (the same) cross-article claim relation; a system link
  between two claims that each match some gold side but not the sides of one gold link
  (with that relation, for the typed task) is a false positive.
* ``anonymous_sources`` and ``open_questions``: gold spans against the system's nodes of
  that kind in the article, matched one to one; a node matches a gold span when any of its
  mentions in the article overlaps it ("The sources … They also said" is one unnamed source,
  however many mentions it has).

The scorer works on a :class:`SystemView`, plain data read from the store by
:func:`read_system_view`, so that it can be tested on hand-made gold and views.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from storygraph.errors import InputError
from storygraph.evaluate.report import Report
from storygraph.evaluate.scoring import Score, Span, TaskScore, one_to_one
from storygraph.extract import extract_articles
from storygraph.rdf.mint import article_iri, extraction_to_graph
from storygraph.readers.aliases import Aliases
from storygraph.records import Article
from storygraph.store import EmbeddedStore, SelectStore, Store, select_strings
from storygraph.story import CLAIM_RELATIONS, link_story
from storygraph.story.groups import Groups

__all__ = [
    "STORY_TASKS",
    "GoldStory",
    "StoryArticle",
    "SystemClaim",
    "SystemView",
    "date_agrees",
    "evaluate_story",
    "read_story_gold",
    "read_system_view",
    "score_story",
]

#: The tasks of the report, in order.
STORY_TASKS = (
    "entity_pairs",
    "event_pairs",
    "event_dates",
    "claim_links",
    "claim_links_typed",
    "anonymous_sources",
    "open_questions",
)

# A span in one article: (file, start, end).
Where = tuple[str, int, int]


@dataclass(frozen=True)
class StoryArticle:
    """One clustered article: its file under ``text/`` and its metadata."""

    file: str
    publisher: str
    published: date


@dataclass
class GoldStory:
    """The gold of a story-dev style directory, as read from ``gold.json``.

    Every span is a :data:`Where` (file, start, end); ``clusters`` keeps the raw clusters
    for the parts the scorer reads directly.
    """

    articles: list[StoryArticle]
    clusters: list[dict[str, Any]]


@dataclass(frozen=True)
class SystemClaim:
    """A system claim: its node, content span, cue span and its source's mention spans."""

    node: str
    content: tuple[int, int]
    cue: tuple[int, int]
    source: tuple[tuple[int, int], ...] = ()


@dataclass
class SystemView:
    """What the scorer needs from the store, keyed by the gold's file names.

    Attributes:
        entities: file → (start, end, node) for every entity mention.
        same_as: pairs of nodes joined by ``owl:sameAs``.
        events: file → (start, end, event node) for every event mention.
        event_times: event node → its normalised time values (TimeML).
        event_links: pairs of events linked as one real-world event across articles.
        claims: file → the claims of that article.
        claim_links: (claim, claim) → the relations linking them.
        anonymous: file → (start, end, node) of unnamed-source mentions.
        questions: file → (start, end, node) of open-question mentions.
    """

    entities: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    same_as: set[tuple[str, str]] = field(default_factory=set)
    events: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    event_times: dict[str, list[str]] = field(default_factory=dict)
    event_links: set[tuple[str, str]] = field(default_factory=set)
    claims: dict[str, list[SystemClaim]] = field(default_factory=dict)
    claim_links: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    anonymous: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    questions: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


# -- gold -------------------------------------------------------------------------------------


def read_story_gold(directory: str | Path) -> GoldStory:
    """Read ``gold.json`` of a story-dev style directory (unknown fields are ignored).

    Raises:
        InputError: no ``gold.json`` or ``text/``, or a gold that is not in the format.
    """
    base = Path(directory)
    path = base / "gold.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        clusters = list(data["clusters"])
        articles = [
            StoryArticle(a["file"], a.get("publisher") or "", date.fromisoformat(a["published"]))
            for c in clusters
            for a in c["articles"]
        ]
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path} is not a story gold (see story-dev/README.md): {exc}") from exc
    if not (base / "text").is_dir():
        raise InputError(f"{base} has no text/ directory holding the articles")
    return GoldStory(articles, clusters)


def _where(file: str, item: dict[str, Any]) -> Where:
    return (file, int(item["offset"]), int(item["offset"]) + len(item["text"]))


# -- matching ---------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best(span: Where, candidates: Iterable[tuple[int, int, str]]) -> str | None:
    """The node whose mention overlaps ``span`` most (the first on a tie), or None."""
    best, most = None, 0
    for start, end, node in candidates:
        size = _overlap((span[1], span[2]), (start, end))
        if size > most:
            best, most = node, size
    return best


def _add(scores: dict[str, TaskScore], task: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
    scores[task].overall = scores[task].overall + Score(tp, fp, fn)


# -- the tasks --------------------------------------------------------------------------------


def _entity_pairs(cluster: dict[str, Any], view: SystemView, same: Groups) -> tuple[Score, int]:
    mentions: list[tuple[str, Where]] = [
        (e["id"], _where(f, m))
        for e in cluster["entities"]
        for f, ms in e["mentions"].items()
        for m in ms
    ]
    node = {w: _best(w, view.entities.get(w[0], ())) for _, w in mentions}

    def called_same(a: Where, b: Where) -> bool:
        na, nb = node[a], node[b]
        return na is not None and nb is not None and same.find(na) == same.find(nb)

    tp = fp = fn = 0
    for (ea, wa), (eb, wb) in combinations(mentions, 2):
        if wa[0] == wb[0]:
            continue
        hit = called_same(wa, wb)
        if ea == eb:
            tp, fn = tp + hit, fn + (not hit)
        else:
            fp += hit
    violations = 0
    for x, y in cluster.get("different", []):
        xs = [w for e, w in mentions if e == x]
        ys = [w for e, w in mentions if e == y]
        violations += any(called_same(a, b) for a in xs for b in ys)
    return Score(tp, fp, fn), violations


def _inside(sentence: Where, mentions: Iterable[tuple[int, int, str]]) -> set[str]:
    return {n for s, e, n in mentions if s >= sentence[1] and e <= sentence[2]}


def date_agrees(gold: str, value: str) -> bool:
    """Whether a TimeML value agrees with a gold date at the gold's granularity.

    ``gold`` is ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-Www``; a value that is
    coarser than the gold ("2010" for "2010-06-07") does not agree.
    """
    if "-W" in gold:
        if "-W" in value:
            return value[: len(gold)] == gold
        try:
            year, week, _ = date.fromisoformat(value[:10]).isocalendar()
        except ValueError:
            return False
        return f"{year}-W{week:02d}" == gold
    return len(value) >= len(gold) and value[: len(gold)] == gold and "-W" not in value[:8]


def _events(
    cluster: dict[str, Any], view: SystemView, same: Groups, scores: dict[str, TaskScore]
) -> None:
    linked = Groups([*view.event_links, *view.same_as])
    matched: dict[str, dict[str, set[str]]] = {}  # gold event → file → system events
    for ev in cluster["events"]:
        per_file = matched.setdefault(ev["id"], {})
        for file, report in ev["reports"].items():
            per_file[file] = _inside(_where(file, report), view.events.get(file, ()))
            if ev.get("date", "unknown") != "unknown":
                times = [v for n in per_file[file] for v in view.event_times.get(n, ())]
                ok = any(date_agrees(ev["date"], v) for v in times)
                _add(scores, "event_dates", tp=ok, fp=bool(times) and not ok, fn=not ok)
        for (_, a), (_, b) in combinations(sorted(per_file.items()), 2):
            found = any(linked.find(x) == linked.find(y) for x in a for y in b)
            _add(scores, "event_pairs", tp=found, fn=not found)
    gold_of: dict[str, set[str]] = defaultdict(set)
    for gid, per_file in matched.items():
        for nodes in per_file.values():
            for n in nodes:
                gold_of[n].add(gid)
    for x, y in view.event_links | view.same_as:
        if gold_of.get(x) and gold_of.get(y) and not gold_of[x] & gold_of[y]:
            _add(scores, "event_pairs", fp=1)


def _claim(side: dict[str, Any], view: SystemView) -> str | None:
    file = side["file"]
    claims = view.claims.get(file, [])
    content = _where(file, side["content"])
    found = _best(content, ((c.content[0], c.content[1], c.node) for c in claims))
    if found:
        return found
    source, cue = _where(file, side["source"]), _where(file, side["cue"])
    for c in claims:
        if _overlap(c.cue, cue[1:]) and any(_overlap(s, source[1:]) for s in c.source):
            return c.node
    return None


def _claims(cluster: dict[str, Any], view: SystemView, scores: dict[str, TaskScore]) -> None:
    sides: set[str] = set()
    gold_links: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in cluster["claim_links"]:
        a, b = _claim(link["a"], view), _claim(link["b"], view)
        sides.update(n for n in (a, b) if n)
        relations = set()
        if a and b:
            relations = view.claim_links.get((a, b), set()) | view.claim_links.get((b, a), set())
            key = (min(a, b), max(a, b))
            gold_links[key].add(link["relation"])
        _add(scores, "claim_links", tp=bool(relations), fn=not relations)
        typed = link["relation"] in relations
        _add(scores, "claim_links_typed", tp=typed, fn=not typed)
    seen: set[tuple[str, str]] = set()
    for (a, b), relations in view.claim_links.items():
        key = (min(a, b), max(a, b))
        if a not in sides or b not in sides or key in seen:
            continue
        seen.add(key)
        every = relations | view.claim_links.get((b, a), set())
        if key not in gold_links:
            _add(scores, "claim_links", fp=1)
        if not every & gold_links.get(key, set()):
            _add(scores, "claim_links_typed", fp=1)


def _spans(
    gold: dict[str, list[dict[str, Any]]],
    system: dict[str, list[tuple[int, int, str]]],
    scores: dict[str, TaskScore],
    task: str,
) -> None:
    for file, items in gold.items():
        g = [Span(int(i["offset"]), int(i["offset"]) + len(i["text"])) for i in items]
        nodes: dict[str, list[Span]] = {}
        for b, e, node in system.get(file, []):
            nodes.setdefault(node, []).append(Span(b, e))
        s = list(nodes.values())
        pairs = one_to_one(g, s, lambda x, y: any(x.overlaps(m) for m in y))
        _add(scores, task, tp=len(pairs), fp=len(s) - len(pairs), fn=len(g) - len(pairs))


def score_story(gold: GoldStory, view: SystemView) -> Report:
    """Score a system view against the gold; one task per :data:`STORY_TASKS`."""
    scores = {task: TaskScore() for task in STORY_TASKS}
    same = Groups(view.same_as)
    violations = 0
    for cluster in gold.clusters:
        pairs, broken = _entity_pairs(cluster, view, same)
        _add(scores, "entity_pairs", pairs.tp, pairs.fp, pairs.fn)
        violations += broken
        _events(cluster, view, same, scores)
        _claims(cluster, view, scores)
        _spans(cluster.get("anonymous_sources", {}), view.anonymous, scores, "anonymous_sources")
        _spans(cluster.get("open_questions", {}), view.questions, scores, "open_questions")
    scores["entity_pairs"].extra["different_violations"] = violations
    return Report(tasks=scores, documents=len(gold.articles))


# -- the system view --------------------------------------------------------------------------

_ENTITY_CLASSES = (
    "sg:Organization sg:Person sg:Place sg:Product sg:OrganizationalUnit sg:FinancialEntity "
    "sg:Group sg:AnonymousSource sg:Document sg:StoryThing"
)


def _mentions(store: SelectStore, pattern: str) -> list[tuple[str, int, int, str]]:
    rows = select_strings(
        store,
        f"SELECT ?n ?art ?b ?e WHERE {{ {pattern} ?n sg:hasMention ?m . "
        "?m sg:inArticle ?art ; sg:beginIndex ?b ; sg:endIndex ?e }",
    )
    return [(r["art"], int(r["b"]), int(r["e"]), r["n"]) for r in rows]


def read_system_view(store: SelectStore, files: dict[str, str]) -> SystemView:
    """Read what the scorer needs from a store.

    Args:
        store: the store holding the ingested and linked articles.
        files: article IRI → the gold's file name (other articles are left out).
    """
    view = SystemView()

    def by_file(
        rows: Iterable[tuple[str, int, int, str]], into: dict[str, list[tuple[int, int, str]]]
    ) -> None:
        for art, b, e, n in rows:
            if art in files:
                into.setdefault(files[art], []).append((b, e, n))

    by_file(_mentions(store, f"VALUES ?c {{ {_ENTITY_CLASSES} }} ?n a ?c ."), view.entities)
    by_file(_mentions(store, "?n a sg:Event ."), view.events)
    by_file(_mentions(store, "?n a sg:AnonymousSource ."), view.anonymous)
    by_file(_mentions(store, "?n a sg:OpenQuestion ."), view.questions)
    for r in select_strings(store, "SELECT ?a ?b WHERE { ?a owl:sameAs ?b }"):
        view.same_as.add((r["a"], r["b"]))
    for r in select_strings(store, "SELECT ?a ?b WHERE { ?a sg:candidateSameEvent ?b }"):
        view.event_links.add((r["a"], r["b"]))
    for r in select_strings(
        store, "SELECT ?e ?v WHERE { ?e a sg:Event ; sg:time/sg:timexValue ?v }"
    ):
        view.event_times.setdefault(r["e"], []).append(r["v"])
    sources: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for art, b, e, n in _mentions(store, "?c a sg:Claim ; sg:source ?n ."):
        sources[(art, n)].append((b, e))
    rows = select_strings(
        store,
        "SELECT ?c ?art ?cb ?ce ?tb ?te ?s WHERE { ?c a sg:Claim ; sg:cue ?cm ; "
        "sg:contentMention ?tm . ?cm sg:inArticle ?art ; sg:beginIndex ?cb ; sg:endIndex ?ce . "
        "?tm sg:beginIndex ?tb ; sg:endIndex ?te . OPTIONAL { ?c sg:source ?s } }",
    )
    for r in rows:
        if r["art"] in files:
            claim = SystemClaim(
                r["c"],
                (int(r["tb"]), int(r["te"])),
                (int(r["cb"]), int(r["ce"])),
                tuple(sources.get((r["art"], r.get("s", "")), ())),
            )
            view.claims.setdefault(files[r["art"]], []).append(claim)
    relations = " ".join(f"sg:{name}" for name in CLAIM_RELATIONS)
    for r in select_strings(
        store, f"SELECT ?a ?p ?b WHERE {{ VALUES ?p {{ {relations} }} ?a ?p ?b }}"
    ):
        name = r["p"].rsplit("#", 1)[-1]
        view.claim_links.setdefault((r["a"], r["b"]), set()).add(name)
    return view


# -- the run ----------------------------------------------------------------------------------


def evaluate_story(
    directory: str | Path,
    nlp: Any,
    *,
    link: Callable[[Store, Aliases], object] = link_story,
    aliases: Aliases | None = None,
    baseline: bool = False,
) -> Report:
    """Ingest the gold's clustered articles into a fresh store, link them and score.

    Args:
        directory: holds ``gold.json`` and ``text/``.
        nlp: the spaCy pipeline.
        link: the story layer to run after the articles are stored (the tests pass others).
        aliases: the user's alias file, if any.
        baseline: score without the story layer (``link`` is not run).
    """
    gold = read_story_gold(directory)
    base = Path(directory)
    articles: list[Article] = []
    files: dict[str, str] = {}
    for a in gold.articles:
        stem = Path(a.file).stem
        try:
            text = (base / "text" / a.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {a.file}: {exc.strerror or exc}") from exc
        title = text.split("\n", 1)[0].strip() or None
        articles.append(Article(stem, text, title, a.published, a.publisher, source=a.file))
        files[article_iri(stem)] = a.file
    with tempfile.TemporaryDirectory(prefix="storygraph-eval-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        try:
            writes = [
                extraction_to_graph(ext) for ext in extract_articles(articles, nlp, aliases=aliases)
            ]
            store.write(writes)
            if not baseline:
                link(store, aliases or Aliases())
            view = read_system_view(store, files)
        finally:
            store.close()
    report = score_story(gold, view)
    report.corpus = str(directory) + (" (without the story layer)" if baseline else "")
    return report
