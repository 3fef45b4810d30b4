"""Plain dataclasses the readers and extractors produce and the RDF builder consumes.

Nothing here knows about RDF or spaCy: an :class:`Extraction` is what storygraph found in one
:class:`Article`, with character offsets into ``Article.text`` for every span. :func:`slugify`
is the one rule by which an id or a name becomes part of an IRI, shared by the readers (article
ids) and the RDF writer.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "Article",
    "Block",
    "BlockKind",
    "Claim",
    "Entity",
    "EntityKind",
    "Event",
    "Extraction",
    "Mention",
    "OpenQuestion",
    "Quantity",
    "Relation",
    "Sentence",
    "TimeExpression",
    "slugify",
]


def slugify(value: str, max_length: int = 80) -> str:
    """A lowercase ASCII slug (letters, digits, dashes) safe inside an IRI."""
    norm = unicodedata.normalize("NFKD", value)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:  # cut short: a hash of the whole keeps two long values apart
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        slug = slug[: max_length - 13].strip("-") + "-" + digest
    if not slug:
        slug = "x" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return slug


class BlockKind(StrEnum):
    """The structural role of a line or paragraph of an article."""

    HEADING = "heading"
    BULLET = "bullet"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    """A heading, bullet or paragraph: ``text[start:end]`` of its article."""

    kind: BlockKind
    start: int
    end: int


@dataclass
class Article:
    """One news article as text with its metadata.

    ``id`` is stable across runs (from the metadata, else from the source path or the
    content hash) and names the article's graph.
    """

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text and the metadata that change what is extracted."""
        h = hashlib.sha256()
        for part in (self.text, self.title, self.published, self.publisher, self.author, self.url):
            h.update(str(part).encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text[start:end]`` of its article, numbered from 0."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A span of the article text: ``article.text[start:end] == text``."""

    start: int
    end: int
    text: str
    sentence: int


class EntityKind(StrEnum):
    """Entity classes of the ontology (the values are the class local names)."""

    ORGANIZATION = "Organization"
    PERSON = "Person"
    UNIT = "OrganizationalUnit"
    GROUP = "Group"
    ANONYMOUS_SOURCE = "AnonymousSource"
    PLACE = "Place"
    PRODUCT = "Product"
    DOCUMENT = "Document"
    FINANCIAL = "FinancialEntity"
    OTHER = "Thing"


@dataclass
class Entity:
    """One thing the article talks about, with every mention of it.

    ``key`` is unique within an extraction; ``name`` is the canonical surface form used to
    mint a cross-article IRI (with ``kind``).
    """

    key: str
    kind: EntityKind
    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    size: int | None = None
    description: str | None = None
    #: What decides sameness across articles (:func:`~storygraph.extract.names.identity_key`
    #: of the name); empty: the name itself.
    identity: str = ""


@dataclass
class TimeExpression:
    """A time expression and its TimeML-style normalisation.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` the TIMEX3 value ("2026-10",
    "2026-W48", "P30D", "XXXX-QX"), or None when it cannot be resolved. ``begin`` and
    ``end`` are the first and last day a DATE or TIME value covers, when it is a calendar
    interval (2026-10 → 2026-10-01 to 2026-10-31).
    """

    key: str
    mention: Mention
    type: str
    value: str | None
    approximate: bool = False
    anchor: str | None = None
    begin: date | None = None
    end: date | None = None


@dataclass
class Quantity:
    """A number in the text with what it counts."""

    key: str
    mention: Mention
    number: float | None
    unit: str | None = None
    counted: str | None = None
    approximation: str | None = None
    measures: str | None = None  # entity key


@dataclass
class Event:
    """Who did what to whom, when: participants are entity keys, time a time key."""

    key: str
    trigger: Mention
    lemma: str
    label: str
    agent: str | None = None
    patient: str | None = None
    recipient: str | None = None
    instrument: str | None = None
    place: str | None = None
    time: str | None = None
    # how the time was obtained: stated (in the event's clause), inherited (the sentence's
    # governing time), publication (the article's date, for present and reporting events)
    time_basis: str | None = None
    quantity: str | None = None
    negated: bool = False
    modality: str = "asserted"  # asserted | future | possible | reported
    mentions: list[Mention] = field(default_factory=list)
    agent_mention: Mention | None = None
    patient_mention: Mention | None = None
    # every mention of the event with the argument spans found at it: (trigger, agent, patient)
    links: list[tuple[Mention, Mention | None, Mention | None]] = field(default_factory=list)


@dataclass
class Claim:
    """Somebody says something: source, cue, content, stance."""

    key: str
    cue: Mention
    content: Mention
    source: str | None = None  # entity key
    source_mention: Mention | None = None
    stance: str = "asserts"  # asserts | confirms | denies
    reported_to: str | None = None
    about: list[str] = field(default_factory=list)
    quote: str | None = None
    parent: str | None = None  # a claim key, for nested attribution
    cue_lemma: str = ""  # the reporting verb's lemma ("confirm"), or "according to"


@dataclass
class OpenQuestion:
    """Something the story says is not known or not disclosed."""

    key: str
    mention: Mention
    content: str
    about: list[str] = field(default_factory=list)
    withheld_by: str | None = None


@dataclass(frozen=True)
class Relation:
    """A typed link between two extracted things (keys), e.g. partOf, issuedBy."""

    subject: str
    predicate: str
    object: str
    evidence: Mention | None = None


@dataclass(frozen=True)
class Credit:
    """The agency whose reporting an article carries ("BRUSSELS (Reuters) -"), and where the
    article says so."""

    name: str
    mention: Mention


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    questions: list[OpenQuestion] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: the wire agency the article credits (:mod:`storygraph.extract.credits`)
    credit: Credit | None = None
    model: str = ""
    model_version: str = ""
