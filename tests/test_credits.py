"""Wire credits: the agency an article credits, its credit lines, its dateline."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storygraph.extract import extract_article
from storygraph.extract.credits import credit_blocks, dateline_length, find_credit
from storygraph.rdf.mint import extraction_to_graph
from storygraph.readers import find_blocks
from storygraph.records import Article


@pytest.mark.parametrize(
    ("text", "agency", "written"),
    [
        (
            "BRUSSELS (Continental Wire) - EU leaders agreed on Wednesday.",
            "Continental Wire",
            "Continental Wire",
        ),
        ("WASHINGTON, May 6 (Reuters) - The Senate voted.", "Reuters", "Reuters"),
        ("(AFP) - Protesters gathered in the square.", "Agence France-Presse", "AFP"),
        (
            "The Senate voted on Tuesday.\n\nThe Associated Press contributed to this report.",
            "Associated Press",
            "The Associated Press",
        ),
        # no agency: a dateline without one, a note in parentheses, a ticker
        ("PARIS — The strike spread to the railways.", None, None),
        ("BERLIN (Updated) - Talks resumed.", None, None),
        ("Acme (NYSE: ACM) said profits rose.", None, None),
    ],
)
def test_find_credit(text: str, agency: str | None, written: str | None) -> None:
    credit = find_credit(text, find_blocks(text))
    if agency is None:
        assert credit is None
        return
    assert credit is not None
    assert (credit.name, credit.mention.text) == (agency, written)
    assert text[credit.mention.start : credit.mention.end] == written


def test_credit_lines_are_found_and_the_story_is_not() -> None:
    text = (
        "BRUSSELS (Continental Wire) - EU leaders agreed on Wednesday.\n\n"
        "Hungary voted against the deal.\n\n"
        "(Reporting by Anna Kowalski in Brussels; Editing by Tom Green)"
    )
    lines = [text[b.start : b.end] for b in credit_blocks(text, find_blocks(text))]
    assert lines == ["(Reporting by Anna Kowalski in Brussels; Editing by Tom Green)"]


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("DETROIT — General Motors reported a loss.", "DETROIT — "),
        ("NEW YORK (Reuters) - Stocks fell.", "NEW YORK (Reuters) - "),
        ("LOS ANGELES, Calif. — The fire spread.", "LOS ANGELES, Calif. — "),
        ("WASHINGTON, May 6 (AP) — The Senate voted.", "WASHINGTON, May 6 (AP) — "),
        ("US - China talks resumed.", ""),
        ("The company said profits rose.", ""),
    ],
)
def test_dateline_length(text: str, dateline: str) -> None:
    assert text[: dateline_length(text)] == dateline


@given(st.text(max_size=300))
def test_credits_never_fail_and_point_into_the_text(text: str) -> None:
    blocks = find_blocks(text)
    credit = find_credit(text, blocks)
    if credit is not None:
        assert text[credit.mention.start : credit.mention.end] == credit.mention.text
        assert credit.name
    assert set(credit_blocks(text, blocks)) <= set(blocks)
    assert 0 <= dateline_length(text) <= len(text)


def test_a_wire_story_records_its_agency_and_not_its_reporters(nlp: Any) -> None:
    text = (
        "BRUSSELS (Continental Wire) - European Union leaders agreed on Wednesday to tighten "
        "rules for asylum seekers, diplomats said.\n\n"
        "(Reporting by Anna Kowalski in Brussels; Editing by Tom Green)"
    )
    ext = extract_article(Article(id="t", text=text), nlp)
    assert ext.credit is not None and ext.credit.name == "Continental Wire"
    names = {e.name for e in ext.entities}
    assert "Anna Kowalski" not in names and "Tom Green" not in names
    said = next(c for c in ext.claims if c.cue.text == "said")
    assert said.content.text.startswith("European Union leaders agreed")
    triples = extraction_to_graph(ext).triples
    wire = "<https://w3id.org/storygraph/id/organization/continental-wire>"
    assert any(t.endswith(f"<https://w3id.org/storygraph/ns#wireCredit> {wire}") for t in triples)
    assert f'{wire} <https://schema.org/name> "Continental Wire"' in triples
