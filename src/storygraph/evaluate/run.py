"""`storygraph eval`: the real pipeline (or the spaCy baseline) against a gold directory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storygraph.evaluate import (
    Report,
    evaluate_brat,
    evaluate_meantime,
    evaluate_timeml,
    spacy_baseline_extractor,
)
from storygraph.evaluate.compare import CorpusComparison, compare_by_corpus
from storygraph.evaluate.crossdoc import story_identity
from storygraph.evaluate.story import evaluate_story
from storygraph.extract import extract_article, load_pipeline
from storygraph.rdf.mint import entity_iri
from storygraph.records import Article, Entity, Extraction

__all__ = ["EvalProgress", "compare_meantime", "entity_identity", "run_evaluation"]

#: Told how many articles have been extracted so far (the command line's progress).
EvalProgress = Callable[[int], None]
Extractor = Callable[[Article], Extraction]


def _counted(extractor: Extractor, progress: EvalProgress | None) -> Extractor:
    """``extractor``, telling ``progress`` after each article."""
    if progress is None:
        return extractor
    done = 0

    def counted(article: Article) -> Extraction:
        nonlocal done
        result = extractor(article)
        done += 1
        progress(done)
        return result

    return counted


def entity_identity(entity: Entity) -> str:
    """The cross-article identity the store uses: the entity's IRI."""
    return entity_iri(entity, "urn:storygraph:eval")


def run_evaluation(
    kind: str,
    directory: str,
    *,
    model: str | None = None,
    baseline: bool = False,
    progress: EvalProgress | None = None,
) -> Report:
    """Run one evaluation and return its report.

    Args:
        kind: ``meantime``, ``timeml``, ``brat`` or ``story``.
        directory: a directory of gold files in that format.
        model: the spaCy pipeline (default as for ingest).
        baseline: score plain spaCy NER instead of storygraph's extractor (``story``:
            storygraph without the story layer).
        progress: told the number of articles extracted so far, after each one (not for
            ``story``, which extracts inside its own store).
    """
    nlp = load_pipeline(model)
    if kind == "story":
        return evaluate_story(directory, nlp, baseline=baseline)
    extractor: Any
    if baseline:
        extractor = spacy_baseline_extractor(nlp)
    else:

        def extractor(article: Article) -> Extraction:
            return extract_article(article, nlp)

    extractor = _counted(extractor, progress)
    if kind == "meantime":
        return evaluate_meantime(
            directory,
            extractor,
            baseline=baseline,
            identity=entity_identity,
            crossdoc=None if baseline else story_identity,
        )
    if kind == "timeml":
        return evaluate_timeml(directory, extractor)
    return evaluate_brat(directory, extractor)


def compare_meantime(
    directory: str, *, model: str | None = None, progress: EvalProgress | None = None
) -> CorpusComparison:
    """storygraph and plain spaCy on each sub-corpus of a MEANTIME directory (``--by-corpus``).

    Work leave-one-topic-out with it: look at the errors of one sub-corpus, and keep a rule
    only if it also helps the other and lowers no type below spaCy's.
    """
    nlp = load_pipeline(model)

    def extractor(article: Article) -> Extraction:
        return extract_article(article, nlp)

    done = 0

    def tell(_: int) -> None:  # both extractors run over each article: count both
        nonlocal done
        done += 1
        if progress is not None:
            progress(done)

    return compare_by_corpus(
        directory,
        _counted(extractor, tell if progress else None),
        _counted(spacy_baseline_extractor(nlp), tell if progress else None),
        identity=entity_identity,
        crossdoc=story_identity,
    )
