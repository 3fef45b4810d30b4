"""A long article is extracted a segment at a time (storygraph.extract.segments).

The example story written three times over, with a segment of exactly one copy, must come
out as three extractions of the story joined: the first copy exactly as the story alone, the
others the same with their offsets, sentence numbers and numbered keys moved on, every key
unique and every reference resolving, the named entities one entity across the copies.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from helpers import EXAMPLE, EXAMPLE_DATE
from storygraph.extract import extract_article, extract_articles, segments
from storygraph.query.validate import validate_graph
from storygraph.rdf.mint import extraction_to_graph
from storygraph.readers import Overrides, find_blocks, read_articles
from storygraph.records import Article, Block, BlockKind, Extraction, Mention

COPIES = 3


def _runs(sizes: list[int], chars: int, count: int) -> list[list[int]]:
    at = 0
    blocks = []
    for size in sizes:
        blocks.append(Block(BlockKind.PARAGRAPH, at, at + size))
        at += size + 1
    return [[b.end - b.start for b in run] for run in segments.runs(blocks, chars, count)]


@pytest.mark.parametrize(
    ("sizes", "chars", "count", "expected"),
    [
        ([], 10, 2, []),
        ([5], 10, 2, [[5]]),
        ([5, 5], 10, 2, [[5, 5]]),
        ([5, 5, 5], 10, 2, [[5, 5], [5]]),  # the count
        ([6, 5], 10, 5, [[6], [5]]),  # the characters
        ([3, 30, 3], 10, 5, [[3], [30], [3]]),  # a block over the limit is a run alone
        ([1] * 5, 100, 1, [[1]] * 5),
    ],
)
def test_runs_keep_to_both_limits(
    sizes: list[int], chars: int, count: int, expected: list[list[int]]
) -> None:
    assert _runs(sizes, chars, count) == expected


@given(st.lists(st.integers(1, 50), max_size=60), st.integers(1, 120), st.integers(1, 10))
def test_runs_cover_every_block_once_in_order(sizes: list[int], chars: int, count: int) -> None:
    runs = _runs(sizes, chars, count)
    assert [s for run in runs for s in run] == sizes
    for run in runs:
        assert 1 <= len(run) <= count
        assert sum(run) <= chars or len(run) == 1


def test_too_long_is_either_limit() -> None:
    assert not segments.too_long(segments.SEGMENT_CHARS, segments.SEGMENT_BLOCKS)
    assert segments.too_long(segments.SEGMENT_CHARS + 1, 1)
    assert segments.too_long(10, segments.SEGMENT_BLOCKS + 1)


@pytest.fixture(scope="module")
def story() -> Article:
    result = next(read_articles([str(EXAMPLE)], Overrides(published=EXAMPLE_DATE)))
    assert result.article is not None
    return result.article


def _copies(story: Article) -> Article:
    text = "\n\n".join([story.text.strip()] * COPIES)
    return Article(id="thrice", text=text, published=story.published)


@pytest.fixture(scope="module")
def alone(story: Article, nlp: Any) -> Extraction:
    return extract_article(
        Article(id="once", text=story.text.strip(), published=story.published), nlp
    )


@pytest.fixture(scope="module")
def joined(story: Article, nlp: Any) -> Extraction:
    """The story thrice, extracted with a segment of one copy's blocks."""
    article = _copies(story)
    one_copy = len(find_blocks(story.text.strip()))
    assert len(find_blocks(article.text)) == COPIES * one_copy
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segments, "SEGMENT_BLOCKS", one_copy)
        return extract_article(article, nlp)


def _keys(ext: Extraction) -> list[str]:
    return [
        *(e.key for e in ext.entities),
        *(t.key for t in ext.times),
        *(q.key for q in ext.quantities),
        *(ev.key for ev in ext.events),
        *(c.key for c in ext.claims),
        *(oq.key for oq in ext.questions),
    ]


def _view(ext: Extraction, record: Any, shift: int, sentences: int) -> Any:
    """A record with its mentions moved back by a copy and its keys replaced by what they name."""
    names = {e.key: (e.kind, e.name) for e in ext.entities}
    names |= {t.key: ("time", t.mention.text, t.value) for t in ext.times}
    names |= {q.key: ("quantity", q.mention.text) for q in ext.quantities}
    names |= {ev.key: ("event", ev.trigger.start - shift) for ev in ext.events}
    names |= {c.key: ("claim", c.cue.start - shift) for c in ext.claims}
    names |= {oq.key: ("question", oq.mention.start - shift) for oq in ext.questions}

    def view(value: Any) -> Any:
        if isinstance(value, Mention):
            return (value.start - shift, value.end - shift, value.text, value.sentence - sentences)
        if isinstance(value, str):
            return names.get(value, value)
        if isinstance(value, list | tuple):
            return [view(v) for v in value]
        return value

    fields = dataclasses.fields(record)
    return {f.name: view(getattr(record, f.name)) for f in fields if f.name != "key"}


@pytest.mark.parametrize("kind", ["times", "quantities", "events", "claims", "questions"])
def test_each_segment_is_extracted_as_the_story_alone(
    story: Article, alone: Extraction, joined: Extraction, kind: str
) -> None:
    mine: list[Any] = getattr(alone, kind)
    theirs: list[Any] = getattr(joined, kind)
    assert mine, kind  # the story has some of each
    assert len(theirs) == COPIES * len(mine)
    assert theirs[: len(mine)] == mine  # the first copy exactly, keys and all
    step = len(story.text.strip()) + 2
    for copy in range(1, COPIES):
        part = theirs[copy * len(mine) : (copy + 1) * len(mine)]
        shift, sentences = copy * step, copy * len(alone.sentences)
        assert [_view(joined, r, shift, sentences) for r in part] == [
            _view(alone, r, 0, 0) for r in mine
        ]


def test_sentences_are_numbered_on_across_segments(
    story: Article, alone: Extraction, joined: Extraction
) -> None:
    n, step = len(alone.sentences), len(story.text.strip()) + 2
    assert [s.index for s in joined.sentences] == list(range(COPIES * n))
    for copy in range(COPIES):
        for s, t in zip(alone.sentences, joined.sentences[copy * n :], strict=False):
            assert (t.start, t.end) == (s.start + copy * step, s.end + copy * step)


def test_a_named_entity_is_one_entity_across_segments(
    story: Article, alone: Extraction, joined: Extraction
) -> None:
    step = len(story.text.strip()) + 2
    by_key = {e.key: e for e in joined.entities}
    named = [e for e in alone.entities if segments._NUMBERED.fullmatch(e.key) is None]
    assert any(e.key == "Organization:meta" for e in named)
    for e in named:
        whole = by_key[e.key]
        assert (whole.kind, whole.name) == (e.kind, e.name)
        n = len(alone.sentences)
        assert whole.mentions == [
            dataclasses.replace(
                m, start=m.start + c * step, end=m.end + c * step, sentence=m.sentence + c * n
            )
            for c in range(COPIES)
            for m in e.mentions
        ]
    numbered = [e for e in alone.entities if e not in named]
    assert numbered  # the memo, the engineers, the sources: one per copy
    assert len(joined.entities) == len(named) + COPIES * len(numbered)


def test_every_key_is_unique_and_every_reference_resolves(joined: Extraction) -> None:
    keys = _keys(joined)
    assert len(keys) == len(set(keys))
    known = set(keys)
    refs = [r.subject for r in joined.relations] + [r.object for r in joined.relations]
    for ev in joined.events:
        refs += [ev.agent, ev.patient, ev.recipient, ev.instrument, ev.place, ev.time, ev.quantity]
    for c in joined.claims:
        refs += [c.source, c.reported_to, c.parent, *c.about]
    for oq in joined.questions:
        refs += [oq.withheld_by, *oq.about]
    refs += [q.measures for q in joined.quantities]
    assert {r for r in refs if r is not None} <= known
    text = joined.article.text
    for e in joined.entities:
        assert all(text[m.start : m.end] == m.text for m in e.mentions)


def test_a_segmented_article_is_a_valid_graph(joined: Extraction) -> None:
    data = "".join(f"{t} .\n" for t in extraction_to_graph(joined).triples)
    assert validate_graph(rdflib.Graph().parse(data=data, format="nt")).conforms


def test_articles_within_a_segment_are_parsed_together_and_come_out_alone(
    story: Article, alone: Extraction, nlp: Any
) -> None:
    """Short articles share a parse batch; each comes out as if extracted by itself."""
    text = story.text.strip()
    articles = [Article(id=f"a{i}", text=text, published=story.published) for i in range(3)]
    with pytest.MonkeyPatch.context() as mp:  # two articles fit in a segment, not three
        mp.setattr(segments, "SEGMENT_CHARS", 2 * len(text) + 10)
        out = list(extract_articles(articles, nlp))
    assert [e.article.id for e in out] == ["a0", "a1", "a2"]
    for ext in out:
        assert ext.events == alone.events and ext.claims == alone.claims
        assert [(e.key, e.mentions) for e in ext.entities] == [
            (e.key, e.mentions) for e in alone.entities
        ]
