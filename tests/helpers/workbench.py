"""The workbench (``storygraph serve``) running in a thread on a free local port, over a store
holding the example story and a few hostile labels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from helpers.story import XSS_HREF, XSS_IMG, XSS_SCRIPT
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import iri, literal
from storygraph.rdf.vocab import ID, NS, PREFIXES
from storygraph.serve import ServeConfig, serving
from storygraph.store import EmbeddedStore

HOSTILE_ARTICLE = f"{ID}article/hostile-labels"
HOSTILE_ORG = f"{ID}organization/hostile-labels-inc"
HOSTILE_CANDIDATE = f"{ID}candidate/hostile-test"
META = f"{ID}organization/meta"


def _sg(term: str) -> str:
    return iri(NS + term)


def hostile_graph() -> GraphWrite:
    """An article whose every text is an injection attempt: an organisation (name, alias,
    mention sentence), a claim, an event with a date, a merge suggestion with Meta."""
    a, org, m = iri(HOSTILE_ARTICLE), iri(HOSTILE_ORG), iri(f"{HOSTILE_ARTICLE}/m/0-5")
    claim, cm = iri(f"{HOSTILE_ARTICLE}/claim/0"), iri(f"{HOSTILE_ARTICLE}/m/6-40")
    event, t = iri(f"{HOSTILE_ARTICLE}/event/0"), iri(f"{HOSTILE_ARTICLE}/time/0")
    typ, label = iri(PREFIXES["rdf"] + "type"), iri(PREFIXES["rdfs"] + "label")
    sentence = f"{XSS_SCRIPT} {XSS_HREF}"
    c = iri(HOSTILE_CANDIDATE)
    triples = [
        f"{a} {typ} {_sg('Article')}",
        f"{a} {label} {literal(XSS_IMG)}",
        f"{a} {iri('https://schema.org/datePublished')} {literal('2026-11-27', PREFIXES['xsd'] + 'date')}",
        f"{org} {typ} {_sg('Organization')}",
        f"{org} {label} {literal(XSS_SCRIPT)}",
        f"{org} {_sg('alias')} {literal(XSS_IMG)}",
        f"{org} {_sg('hasMention')} {m}",
        f"{m} {typ} {_sg('Mention')}",
        f"{m} {_sg('anchorOf')} {literal(XSS_SCRIPT[:5])}",
        f"{m} {_sg('inArticle')} {a}",
        f"{m} {_sg('beginIndex')} {literal(0, PREFIXES['xsd'] + 'integer')}",
        f"{m} {_sg('endIndex')} {literal(5, PREFIXES['xsd'] + 'integer')}",
        f"{m} {_sg('sentence')} {literal(sentence)}",
        f"{m} {_sg('sentenceIndex')} {literal(0, PREFIXES['xsd'] + 'integer')}",
        f"{claim} {typ} {_sg('Claim')}",
        f"{claim} {label} {literal(XSS_HREF)}",
        f"{claim} {_sg('content')} {literal(XSS_HREF)}",
        f"{claim} {_sg('stance')} {literal(XSS_IMG)}",
        f"{claim} {_sg('cueLemma')} {literal('say')}",
        f"{claim} {_sg('cue')} {cm}",
        f"{claim} {_sg('source')} {org}",
        f"{cm} {typ} {_sg('Mention')}",
        f"{cm} {_sg('anchorOf')} {literal(XSS_HREF[:10])}",
        f"{cm} {_sg('inArticle')} {a}",
        f"{cm} {_sg('beginIndex')} {literal(len(XSS_SCRIPT) + 1, PREFIXES['xsd'] + 'integer')}",
        f"{cm} {_sg('endIndex')} {literal(len(XSS_SCRIPT) + 11, PREFIXES['xsd'] + 'integer')}",
        f"{cm} {_sg('sentence')} {literal(sentence)}",
        f"{cm} {_sg('sentenceIndex')} {literal(0, PREFIXES['xsd'] + 'integer')}",
        f"{event} {typ} {_sg('Event')}",
        f"{event} {label} {literal(XSS_IMG)}",
        f"{event} {_sg('action')} {literal('launch')}",
        f"{event} {_sg('agent')} {org}",
        f"{event} {_sg('trigger')} {m}",
        f"{event} {_sg('hasMention')} {m}",
        f"{event} {_sg('modality')} {literal('asserted')}",
        f"{event} {_sg('polarity')} {literal('positive')}",
        f"{event} {_sg('time')} {t}",
        f"{t} {typ} {_sg('TimeExpression')}",
        f"{t} {label} {literal(XSS_SCRIPT)}",
        f"{t} {_sg('intervalStart')} {literal('2026-11-20', PREFIXES['xsd'] + 'date')}",
        f"{t} {_sg('intervalEnd')} {literal('2026-11-20', PREFIXES['xsd'] + 'date')}",
        f"{c} {typ} {_sg('MergeCandidate')}",
        f"{c} {label} {literal(XSS_HREF)}",
        f"{c} {_sg('mergeCandidate')} {org}",
        f"{c} {_sg('mergeCandidate')} {iri(META)}",
        f"{c} {_sg('score')} {literal('0.50', PREFIXES['xsd'] + 'decimal')}",
    ]
    return GraphWrite(HOSTILE_ARTICLE, triples)


def add_hostile(path: Path) -> None:
    with EmbeddedStore(path, create=False) as store:
        store.write([hostile_graph()])


@dataclass
class Workbench:
    """A running workbench: its base URL and how it was configured."""

    url: str
    config: ServeConfig


@contextmanager
def running(config: ServeConfig) -> Iterator[Workbench]:
    """Serve ``config`` on a free port of 127.0.0.1 until the block ends."""
    with serving(config) as url:
        yield Workbench(url, config)
