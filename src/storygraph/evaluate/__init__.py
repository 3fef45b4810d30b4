"""Measure extraction quality against gold annotation.

Readers for the gold formats (MEANTIME CAT XML, TimeML, brat standoff, story gold), span scoring
with one-to-one matching, and one function per format that runs an injected extractor on
every gold document and returns a :class:`Report`::

    from storygraph.evaluate import evaluate_meantime, spacy_baseline_extractor

    report = evaluate_meantime("../shared/data/meantime-dev", extractor)
    print(report.format_table())

The extractor is any ``Callable[[Article], Extraction]``. The scoring protocol and its
choices (type map, which mentions are names, unscored regions) are documented in
:mod:`storygraph.evaluate.tasks`.
"""

from __future__ import annotations

from storygraph.evaluate.baseline import spacy_baseline_extractor
from storygraph.evaluate.brat import BratDocument, GoldAttribution, read_brat, read_brat_file
from storygraph.evaluate.meantime import (
    GoldEntityMention,
    GoldParticipant,
    GoldTimex,
    GoldValue,
    MeantimeCorpus,
    MeantimeDocument,
    read_meantime,
    read_meantime_file,
)
from storygraph.evaluate.numbers import stated_number
from storygraph.evaluate.report import Report
from storygraph.evaluate.scoring import (
    LabeledSpan,
    Score,
    Span,
    TaskScore,
    lenient_match,
    one_to_one,
    pairwise_score,
    score_items,
    score_spans,
    strict_match,
)
from storygraph.evaluate.story import (
    STORY_TASKS,
    GoldStory,
    SystemView,
    evaluate_story,
    read_story_gold,
    read_system_view,
    score_story,
)
from storygraph.evaluate.tasks import (
    ENTITY_TYPE_MAP,
    TASKS,
    Extractor,
    Identity,
    default_identity,
    evaluate_brat,
    evaluate_meantime,
    evaluate_timeml,
    is_name_like,
)
from storygraph.evaluate.timeml import TimemlDocument, read_timeml, read_timeml_file

__all__ = [
    "ENTITY_TYPE_MAP",
    "STORY_TASKS",
    "TASKS",
    "BratDocument",
    "Extractor",
    "GoldAttribution",
    "GoldEntityMention",
    "GoldParticipant",
    "GoldStory",
    "GoldTimex",
    "GoldValue",
    "Identity",
    "LabeledSpan",
    "MeantimeCorpus",
    "MeantimeDocument",
    "Report",
    "Score",
    "Span",
    "SystemView",
    "TaskScore",
    "TimemlDocument",
    "default_identity",
    "evaluate_brat",
    "evaluate_meantime",
    "evaluate_story",
    "evaluate_timeml",
    "is_name_like",
    "lenient_match",
    "one_to_one",
    "pairwise_score",
    "read_brat",
    "read_brat_file",
    "read_meantime",
    "read_meantime_file",
    "read_story_gold",
    "read_system_view",
    "read_timeml",
    "read_timeml_file",
    "score_items",
    "score_spans",
    "score_story",
    "spacy_baseline_extractor",
    "stated_number",
    "strict_match",
]
