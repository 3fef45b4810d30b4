"""Cross-article candidates: suggested, scored, never fused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from helpers.sparql import ask
from storygraph.ingest import ingest
from storygraph.query.validate import validate_store
from storygraph.readers import Overrides
from storygraph.store import EmbeddedStore
from storygraph.story.candidates import CANDIDATES_GRAPH, refresh_candidates

ARTICLES = {
    "a.txt": "Apple unveiled the iPod nano on Wednesday. Analysts praised the design.",
    "b.txt": "Apple Computer reported record profits on Tuesday, its chief said.",
    "c.txt": "Apple unveiled the iPod nano on Wednesday in San Francisco, surprising rivals.",
}


def test_candidates(tmp_path: Path, nlp: Any) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    try:
        ingest(
            [str(tmp_path / n) for n in ARTICLES],
            store,
            nlp,
            overrides=Overrides(published=date(2026, 11, 26)),
        )
        summary = refresh_candidates(store)
        assert summary.entity_pairs >= 1 and summary.event_pairs >= 1
        # the suggestion says which rule made it
        assert ask(store, '?c a sg:MergeCandidate ; sg:rule "first-word"')
        # suggested, not fused: both organisations stay
        assert ask(store, '?a rdfs:label "Apple" . ?b rdfs:label "Apple Computer"')
        assert ask(
            store,
            "?c a sg:MergeCandidate ; sg:score ?s ; sg:mergeCandidate ?a, ?b . "
            '?a rdfs:label "Apple" . ?b rdfs:label "Apple Computer" FILTER (?s > 0.5)',
        )
        assert ask(
            store,
            '?e1 sg:candidateSameEvent ?e2 . ?e1 sg:action "unveil" . ?e2 sg:action "unveil" . '
            "GRAPH ?g1 { ?e1 a sg:Event } GRAPH ?g2 { ?e2 a sg:Event } FILTER (?g1 != ?g2)",
        )
        # the "say" events of different articles are not suggested as one
        assert not ask(store, '?e1 sg:candidateSameEvent ?e2 . ?e1 sg:action "say"')
        assert validate_store(store).conforms
        # rebuilt as a whole: removing an article removes its candidates
        store.remove(next(g for g in store.graph_names() if g.endswith("/article/c")))
        refresh_candidates(store)
        assert not ask(store, "?e1 sg:candidateSameEvent ?e2")
        assert store.has_graph(CANDIDATES_GRAPH)
    finally:
        store.close()


def test_alias_file_forces_and_forbids(tmp_path: Path, nlp: Any) -> None:
    from storygraph.extract import extract_article
    from storygraph.rdf.mint import entity_iri
    from storygraph.readers.aliases import load_aliases
    from storygraph.records import Article

    path = tmp_path / "aliases.yaml"
    path.write_text(
        "same:\n  Facebook: Meta\ndifferent:\n  - [Apple, Apple Computer]\n", encoding="utf-8"
    )
    aliases = load_aliases(path)
    text = "Meta, once Facebook, said on Monday that Apple Computer and Apple were rivals."
    ext = extract_article(Article(id="x", text=text, published=date(2026, 11, 26)), nlp, aliases)
    names = {e.name: entity_iri(e, "urn:x") for e in ext.entities}
    [meta] = [e for e in ext.entities if e.name == "Meta"]
    assert "Facebook" in {m.text for m in meta.mentions}  # one node, whatever the name
    assert names["Meta"].endswith("/organization/meta")
    assert "Apple Computer" in names and "Apple" in names  # never merged

    store = EmbeddedStore(tmp_path / "store")
    try:
        for name, body in ARTICLES.items():
            (tmp_path / name).write_text(body, encoding="utf-8")
        ingest(
            [str(tmp_path / n) for n in ARTICLES],
            store,
            nlp,
            overrides=Overrides(published=date(2026, 11, 26)),
        )
        refresh_candidates(store, aliases)
        assert not ask(store, "?c a sg:MergeCandidate")
    finally:
        store.close()


def test_alias_file_errors(tmp_path: Path) -> None:
    import pytest

    from storygraph.errors import InputError
    from storygraph.readers.aliases import load_aliases

    bad = tmp_path / "bad.yaml"
    for content, message in [
        ("same: [a, b]\n", "'same' must map names to names"),
        ("different:\n  - [only-one]\n", "'different' must be a list of name pairs"),
        ("other: 1\n", "expected a mapping with the keys 'same' and 'different'"),
        ("same: {a: [\n", "is not valid YAML"),
    ]:
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(InputError, match=message):
            load_aliases(bad)
    with pytest.raises(InputError, match="cannot read the alias file"):
        load_aliases(tmp_path / "missing.yaml")


def test_link_command(tmp_path: Path, nlp: Any) -> None:
    from click.testing import CliRunner

    from storygraph.cli import cli

    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    ingest(
        [str(tmp_path / n) for n in ARTICLES],
        store,
        nlp,
        overrides=Overrides(published=date(2026, 11, 26)),
    )
    store.close()
    result = CliRunner().invoke(cli, ["link", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["score", "kind", "this", "and", "that", "because"]
    # best first: the same-event link (0.90) before the first-word suggestion (0.60)
    assert lines[1].startswith(" 0.90  same event") and "unveiled (a)" in lines[1]
    assert "unveiled (c)" in lines[1]
    assert lines[2].startswith(" 0.60  candidate (first-word)")
    assert "Apple (a +1)" in lines[2] and "Apple Computer (b)" in lines[2]
    assert lines[2].endswith("Apple Computer begins with Apple")
    assert lines[-1] == (
        "0 merge(s), 1 merge candidate(s), 1 same-event link(s), 0 claim link(s), 1 story(ies)"
    )
    result = CliRunner().invoke(
        cli, ["link", "--store", str(tmp_path / "store"), "--min-score", "0.8"]
    )
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 3 and "first-word" not in result.output
