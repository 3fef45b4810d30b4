"""Tests of ``storygraph.export``: the networkx graph, the file formats and the HTML viewer.

The store is a test double: an rdflib ``Dataset`` with a union default graph behind the one
method the exporters use (``select``). The story graph is built by hand from the example
article (``meta-applied-ai-reversal``) plus a follow-up article and three hostile labels.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import storygraph.export as export
from helpers.story import (
    S1,
    S2,
    S5,
    XSS_HREF,
    XSS_IMG,
    XSS_SCRIPT,
    DatasetStore,
    iri,
    story_store,
    synthetic_graph,
)
from storygraph.errors import InputError
from storygraph.export import HtmlSummary, to_networkx, write_graph, write_html


@pytest.fixture(scope="module")
def store() -> DatasetStore:
    return story_store()


@pytest.fixture(scope="module")
def graph(store: DatasetStore) -> nx.MultiDiGraph:
    return to_networkx(store)


def meta() -> str:
    return iri("Organization", "meta")


# -- the public API -----------------------------------------------------------------------------


def test_public_api_is_sorted_and_complete() -> None:
    assert export.__all__ == sorted(export.__all__)
    for name in ("HtmlSummary", "to_networkx", "write_graph", "write_html"):
        assert name in export.__all__


# -- to_networkx --------------------------------------------------------------------------------


def test_nodes_have_kinds_labels_and_counts(graph: nx.MultiDiGraph) -> None:
    assert isinstance(graph, nx.MultiDiGraph)
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    assert kinds[meta()] == "Organization"
    assert kinds[iri("OrganizationalUnit", "applied-ai")] == "OrganizationalUnit"  # most specific
    assert kinds[iri("Document", "memo")] == "Document"
    assert kinds[iri("Group", "engineers")] == "Group"
    assert kinds[iri("AnonymousSource", "four-sources")] == "AnonymousSource"
    assert kinds[iri("Event", "reassign")] == "Event"
    assert kinds[iri("Claim", "confirm")] == "Claim"
    assert kinds[iri("OpenQuestion", "perf")] == "OpenQuestion"
    assert kinds[iri("TimeExpression", "last-month")] == "TimeExpression"
    assert kinds[iri("Quantity", "seven-thousand")] == "Quantity"
    assert graph.number_of_nodes() == 26
    assert not [n for n in graph if n.startswith("https://w3id.org/storygraph/ns")]  # no ontology

    m = graph.nodes[meta()]
    assert m["label"] == "Meta"
    assert (m["mentions"], m["articles"], m["first_seen"]) == (6, 2, "2026-11-26")
    assert m["evidence"] == S1
    assert m["mention_texts"][:2] == [f"Meta — {S1}", f"it — {S2}"]
    assert m["mention_texts"][-1] == "Meta — Google and Meta both announced new models."
    google = graph.nodes[iri("Organization", "google")]
    assert (google["mentions"], google["articles"]) == (2, 2)
    zuck = graph.nodes[iri("Person", "zuckerberg")]
    assert zuck["first_seen"] == "2026-12-10"

    assert graph.nodes[iri("Event", "reassign")]["time"] == "2026-10"
    assert graph.nodes[iri("Event", "tell")]["time"] == "2026-11-25"
    assert graph.nodes[iri("Document", "memo")]["time"] == "2026-11-25"  # sent on
    assert graph.nodes[iri("TimeExpression", "last-month")]["time"] == "2026-10"
    assert graph.nodes[iri("Claim", "confirm")]["source"] == "four sources"
    assert "stance: confirms" in graph.nodes[iri("Claim", "confirm")]["detail"]
    assert graph.nodes[iri("Group", "engineers")]["detail"] == "size: 7000"
    assert graph.graph == {
        "articles": 2,
        "first_published": "2026-11-26",
        "last_published": "2026-12-10",
        "projection": False,
    }


def test_every_node_has_every_attribute(graph: nx.MultiDiGraph) -> None:
    expected = {
        "label",
        "kind",
        "mentions",
        "articles",
        "first_seen",
        "time",
        "source",
        "detail",
        "evidence",
        "mention_texts",
    }
    for _, data in graph.nodes(data=True):
        assert set(data) == expected
        assert data["mentions"] >= 1 and data["evidence"]
        assert 1 <= len(data["mention_texts"]) <= 20


def test_edges_are_keyed_by_predicate(graph: nx.MultiDiGraph) -> None:
    assert graph.number_of_edges() == 32
    edge = graph.edges[iri("OrganizationalUnit", "applied-ai"), meta(), "partOf"]
    assert edge == {
        "predicate": "https://w3id.org/storygraph/ns#partOf",
        "label": "part of",
        "evidence": S5,  # the sentence that mentions both
        "via": "",
    }
    reassign = iri("Event", "reassign")
    assert set(graph[reassign][meta()]) == {"agent"}
    assert graph.edges[reassign, iri("Group", "engineers"), "patient"]["evidence"] == S1
    assert graph.edges[iri("Claim", "confirm"), meta(), "about"]["label"] == "about"
    assert graph.edges[
        iri("Claim", "confirm"), iri("Organization", "business-insider"), "reportedTo"
    ]
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert data["predicate"] == f"https://w3id.org/storygraph/ns#{key}"
    assert list(graph.edges(keys=True)) == sorted(graph.edges(keys=True))


def test_reads_with_a_handful_of_queries(store: DatasetStore) -> None:
    before = len(store.queries)
    to_networkx(store)
    assert len(store.queries) - before <= 6
    assert all("SELECT" in q for q in store.queries[before:])


def test_projection_folds_events_and_claims_into_edges(store: DatasetStore) -> None:
    g = to_networkx(store, projection=True)
    assert g.graph["projection"] is True
    assert {k for _, k in g.nodes(data="kind")} <= {
        "Organization",
        "OrganizationalUnit",
        "Person",
        "Group",
        "AnonymousSource",
        "Place",
        "Product",
        "Document",
        "FinancialEntity",
    }
    assert g.number_of_nodes() == 14
    engineers = iri("Group", "engineers")
    fold = g.edges[meta(), engineers, "reassign"]
    assert fold["label"] == "reassign"
    assert fold["via"] == iri("Event", "reassign")
    assert fold["evidence"] == S1
    assert fold["predicate"].endswith("#patient")
    assert g.has_edge(meta(), iri("OrganizationalUnit", "applied-ai"), "reassign to")
    assert g.has_edge(meta(), engineers, "tell to")
    assert g.has_edge(meta(), iri("Document", "memo"), "tell via")
    assert g.has_edge(meta(), iri("Place", "menlo-park"), "not hire in")  # negative polarity
    four = iri("AnonymousSource", "four-sources")
    assert g.has_edge(four, meta(), "confirm")
    assert g.has_edge(four, iri("Organization", "business-insider"), "confirm to")
    assert g.has_edge(iri("Person", "zuckerberg"), meta(), "say")
    assert g.has_edge(iri("OrganizationalUnit", "applied-ai"), meta(), "partOf")  # kept as is
    assert not [k for _, _, k in g.edges(keys=True) if k in ("agent", "time", "sentOn")]


@pytest.mark.parametrize(
    "focus", ["Meta", "  meta ", "https://w3id.org/storygraph/id/organization/meta"]
)
def test_focus_keeps_the_neighbourhood(store: DatasetStore, focus: str) -> None:
    g = to_networkx(store, focus=focus, depth=1)
    assert meta() in g
    assert iri("Event", "reassign") in g  # an in-neighbour: hops ignore direction
    assert iri("OrganizationalUnit", "applied-ai") in g
    assert iri("TimeExpression", "last-month") not in g  # two hops away
    assert iri("Person", "xss-img") not in g
    assert to_networkx(store, focus=focus, depth=0).number_of_nodes() == 1
    assert iri("TimeExpression", "last-month") in to_networkx(store, focus=focus, depth=2)


def test_focus_with_projection(store: DatasetStore) -> None:
    g = to_networkx(store, projection=True, focus="the 7,000 engineers", depth=1)
    assert set(g) == {
        iri("Group", "engineers"),
        meta(),
        iri("Document", "memo"),
    }


def test_unknown_focus_is_an_input_error(store: DatasetStore) -> None:
    with pytest.raises(InputError) as err:
        to_networkx(store, focus="Microsoft")
    assert str(err.value) == "no node matches 'Microsoft'; try `storygraph query --named entities`"


def test_focus_removed_by_another_filter(store: DatasetStore) -> None:
    with pytest.raises(InputError, match="excluded by the other filters"):
        to_networkx(store, focus="Meta", classes=["Person"])


@pytest.mark.parametrize(
    "article", ["meta-follow-up", "https://w3id.org/storygraph/id/article/meta-follow-up"]
)
def test_article_keeps_one_graph(store: DatasetStore, article: str) -> None:
    g = to_networkx(store, article=article)
    assert set(g) == {
        meta(),
        iri("Organization", "google"),
        iri("Person", "zuckerberg"),
        iri("Place", "menlo-park"),
        iri("TimeExpression", "december"),
        iri("TimeExpression", "october"),
        iri("Event", "hire"),
        iri("Event", "announce"),
        iri("Claim", "said"),
    }
    assert g.nodes[meta()]["mentions"] == 2  # the mentions in that article only
    assert g.nodes[meta()]["first_seen"] == "2026-12-10"
    assert not g.has_edge(meta(), iri("Organization", "google"))  # competitorOf is in the other
    assert g.graph["articles"] == 1


@pytest.mark.parametrize("article", ["no-such-article", "https://example.org/a", "a b"])
def test_unknown_article_is_an_input_error(store: DatasetStore, article: str) -> None:
    with pytest.raises(InputError):
        to_networkx(store, article=article)


def test_classes_keep_only_those(store: DatasetStore) -> None:
    g = to_networkx(store, classes=["Organization", "person"])
    assert {k for _, k in g.nodes(data="kind")} == {"Organization", "Person"}
    assert g.has_edge(iri("Person", "zuckerberg"), meta(), "memberOf")
    with pytest.raises(InputError, match="unknown class 'Company'"):
        to_networkx(store, classes=["Company"])


def test_since_and_until_filter_by_first_seen_and_event_time(store: DatasetStore) -> None:
    late = to_networkx(store, since="2026-12-01")
    assert iri("Person", "zuckerberg") in late
    assert iri("Event", "hire") in late  # its time starts 2026-12-01
    assert iri("Event", "announce") not in late  # reported late, happened in October
    assert meta() not in late  # first seen on 2026-11-26
    early = to_networkx(store, until="2026-11-30")
    assert meta() in early and iri("Person", "zuckerberg") not in early
    assert iri("Event", "announce") in early
    assert iri("Event", "hire") not in early
    window = to_networkx(store, since="2026-10-01", until="2026-10-31", classes=["Event"])
    assert set(window) == {iri("Event", "reassign"), iri("Event", "announce")}
    with pytest.raises(InputError, match="since must be an ISO date"):
        to_networkx(store, since="last week")


def test_negative_depth_is_an_input_error(store: DatasetStore) -> None:
    with pytest.raises(InputError, match="depth"):
        to_networkx(store, focus="Meta", depth=-1)


def test_same_graph_from_oxigraph(tmp_path: Path) -> None:
    """The queries mean the same to Oxigraph (the real store) as to rdflib."""
    store_module = pytest.importorskip("storygraph.store")
    reference = story_store()
    data = reference.dataset.serialize(format="nquads", encoding="utf-8")
    with store_module.EmbeddedStore(tmp_path / "store") as oxigraph:
        oxigraph.load_rdf(data, "nquads")
        for options in ({}, {"projection": True}, {"article": "meta-follow-up"}):
            ours, theirs = to_networkx(oxigraph, **options), to_networkx(reference, **options)
            assert nx.utils.graphs_equal(ours, theirs)
            assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))


# -- files --------------------------------------------------------------------------------------


def _without(data: dict[str, object], *keys: str) -> dict[str, object]:
    return {k: v for k, v in data.items() if k not in keys}


def test_graphml_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "story.graphml"
    write_graph(graph, path, "graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert sorted(back.nodes) == sorted(graph.nodes)
    for node, data in graph.nodes(data=True):
        read = back.nodes[node]
        assert json.loads(read["mention_texts"]) == data["mention_texts"]
        assert _without(read, "mention_texts") == _without(data, "mention_texts")
    assert sorted(back.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True))
    assert {k: back.graph[k] for k in graph.graph} == graph.graph


def test_gexf_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "story.gexf"
    write_graph(graph, path, "gexf")
    back = nx.read_gexf(path)
    assert sorted(back.nodes) == sorted(graph.nodes)
    for node, data in graph.nodes(data=True):
        read = back.nodes[node]
        assert json.loads(read["mention_texts"]) == data["mention_texts"]
        assert _without(read, "mention_texts") == _without(data, "mention_texts")
    edges = sorted((u, v, k, _without(d, "id")) for u, v, k, d in back.edges(keys=True, data=True))
    assert edges == sorted(graph.edges(keys=True, data=True))
    assert 'lastmodifieddate="2026-12-10"' in path.read_text(encoding="utf-8")


def test_json_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    write_graph(graph, path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "links" in data
    back = nx.node_link_graph(data, edges="links")
    assert nx.utils.graphs_equal(back, graph)
    assert back.graph == graph.graph


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_files_are_deterministic(fmt: str, tmp_path: Path) -> None:
    first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
    write_graph(to_networkx(story_store()), first, fmt)
    write_graph(to_networkx(story_store()), second, fmt)
    assert first.read_bytes() == second.read_bytes()


def test_unknown_format_is_an_input_error(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown graph format 'dot'"):
        write_graph(graph, tmp_path / "x.dot", "dot")


def test_write_graph_leaves_the_graph_alone(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    before = graph.nodes[meta()]["mention_texts"]
    write_graph(graph, tmp_path / "g.graphml", "graphml")
    assert graph.nodes[meta()]["mention_texts"] is before


# -- HTML -----------------------------------------------------------------------------------------


def page_data(page: str) -> dict[str, object]:
    found = re.search(r'<script id="sg-data" type="application/json">(.*?)</script>', page, re.S)
    assert found
    data: dict[str, object] = json.loads(found.group(1))
    return data


@pytest.fixture(scope="module")
def story_page(graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "story.html"
    summary = write_html(graph, path, title="Meta's AI reversal", subtitle="Two articles")
    assert summary == HtmlSummary(path=path, nodes=26, edges=32, capped_from=None)
    return path.read_text(encoding="utf-8")


def test_html_is_self_contained(story_page: str) -> None:
    assert "<link" not in story_page.lower()
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", story_page, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", story_page, re.I)
    for host in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
        assert host not in story_page.lower()
    assert "cdn" not in story_page  # (vis's CSS holds base64 with "cDn": so case-sensitive)
    assert "vis.Network" in story_page and "vis-network" in story_page  # inlined, not linked


def test_html_content_security_policy_pins_the_scripts(story_page: str) -> None:
    import base64
    import hashlib

    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', story_page)
    assert csp
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", story_page, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_html_escapes_hostile_labels(story_page: str) -> None:
    for hostile in (XSS_IMG, XSS_SCRIPT, XSS_HREF, "<img", "<a href", 'onerror="'):
        assert hostile not in story_page
    assert story_page.count("</script") == 3  # the data, vis-network and the viewer: no more
    assert "<!--" not in story_page
    data_text = re.search(r'id="sg-data" type="application/json">(.*?)</script>', story_page, re.S)
    assert data_text and "<" not in data_text.group(1) and ">" not in data_text.group(1)
    data = page_data(story_page)
    labels = {i["label"] for i in data["info"]}  # type: ignore[attr-defined]
    assert {XSS_IMG, XSS_SCRIPT, XSS_HREF} <= labels  # the JSON keeps them intact, as text
    for node in data["nodes"]:  # type: ignore[attr-defined]
        assert isinstance(node["title"], str)  # plain text tooltips, never elements


def test_html_escapes_title_and_subtitle(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    write_html(graph, path, title=XSS_SCRIPT, subtitle=XSS_IMG)
    page = path.read_text(encoding="utf-8")
    assert XSS_SCRIPT not in page and XSS_IMG not in page
    assert f"<title>{html.escape(XSS_SCRIPT)}</title>" in page
    assert html.escape(XSS_IMG) in page


def test_html_shows_the_story(story_page: str) -> None:
    assert "<title>Meta&#x27;s AI reversal</title>" in story_page
    assert '<p id="sg-subtitle">Two articles</p>' in story_page
    assert "2 articles · 2026-11-26 to 2026-12-10 · 26 nodes · 32 edges" in story_page
    assert "showing" not in story_page  # nothing capped
    kinds = re.findall(r'<li data-kind="([^"]+)">', story_page)
    assert kinds == [
        "Organization",
        "OrganizationalUnit",
        "Person",
        "Group",
        "AnonymousSource",
        "Place",
        "Product",
        "Document",
        "Event",
        "Claim",
        "Quantity",
        "TimeExpression",
        "OpenQuestion",
    ]  # the classes present, in a fixed order; no FinancialEntity
    assert 'id="sg-search-input"' in story_page


def test_html_data_matches_the_graph(story_page: str, graph: nx.MultiDiGraph) -> None:
    data = page_data(story_page)
    nodes = data["nodes"]
    edges = data["edges"]
    assert [n["id"] for n in nodes] == sorted(graph.nodes)  # type: ignore[attr-defined]
    assert len(edges) == graph.number_of_edges()  # type: ignore[arg-type]
    m = next(n for n in nodes if n["id"] == meta())  # type: ignore[attr-defined]
    assert m["group"] == "Organization" and m["label"] == "Meta"
    assert m["title"].startswith("Meta\nOrganization · 6 mentions in 2 articles")
    reassign = next(n for n in nodes if n["id"] == iri("Event", "reassign"))  # type: ignore[attr-defined]
    assert "time: 2026-10" in reassign["title"] and S1 in reassign["title"]
    claim = next(n for n in nodes if n["id"] == iri("Claim", "confirm"))  # type: ignore[attr-defined]
    assert "source: four sources" in claim["title"]
    sizes = {n["id"]: n["size"] for n in nodes}  # type: ignore[attr-defined]
    assert sizes[meta()] > sizes[iri("Organization", "openai")]  # sized by mentions
    assert {e["label"] for e in edges} >= {"part of", "member of", "agent"}  # type: ignore[attr-defined]
    assert data["options"]["physics"] == {"enabled": False}  # type: ignore[index]


def test_html_layout_keeps_nodes_apart(story_page: str) -> None:
    nodes = page_data(story_page)["nodes"]
    points = [(n["x"], n["y"]) for n in nodes]  # type: ignore[attr-defined]
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            assert abs(x1 - x2) > 20 or abs(y1 - y2) > 20


def test_html_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "1.html", tmp_path / "2.html"
    write_html(to_networkx(story_store()), first, title="t")
    write_html(to_networkx(story_store()), second, title="t")
    assert first.read_bytes() == second.read_bytes()


def test_html_cap_keeps_the_most_mentioned(tmp_path: Path) -> None:
    graph = synthetic_graph(400)
    path = tmp_path / "big.html"
    summary = write_html(graph, path, title="big", cap=300)
    assert (summary.nodes, summary.capped_from) == (300, 400)
    page = path.read_text(encoding="utf-8")
    assert "showing 300 of 400 nodes" in page
    shown = {n["id"] for n in page_data(page)["nodes"]}  # type: ignore[attr-defined]
    ranked = sorted(
        graph.nodes, key=lambda n: (-graph.nodes[n]["mentions"], graph.nodes[n]["label"])
    )
    assert shown == set(ranked[:300])
    assert summary.edges == graph.subgraph(shown).number_of_edges()


def test_html_cap_must_be_positive(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cap"):
        write_html(graph, tmp_path / "x.html", title="t", cap=0)


def test_html_from_a_graphml_file(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """A graph read back from GraphML (mention texts as JSON strings) draws the same."""
    write_graph(graph, tmp_path / "g.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    write_html(back, tmp_path / "a.html", title="t")
    write_html(graph, tmp_path / "b.html", title="t")
    a = page_data((tmp_path / "a.html").read_text(encoding="utf-8"))
    b = page_data((tmp_path / "b.html").read_text(encoding="utf-8"))
    assert a["info"] == b["info"]


def test_html_of_an_empty_graph(tmp_path: Path) -> None:
    summary = write_html(nx.MultiDiGraph(), tmp_path / "empty.html", title="Nothing yet")
    assert (summary.nodes, summary.edges, summary.capped_from) == (0, 0, None)
    assert "0 nodes · 0 edges" in (tmp_path / "empty.html").read_text(encoding="utf-8")


# -- the real pipeline's graph --------------------------------------------------------------------


def test_exports_the_ingested_example_story(example_store: Any, tmp_path: Path) -> None:
    """The graph the pipeline writes for the example story exports and draws."""
    graph = to_networkx(example_store)
    by_label = {d["label"]: (n, d) for n, d in graph.nodes(data=True)}
    node, meta_data = by_label["Meta"]
    assert meta_data["kind"] == "Organization"
    assert meta_data["mentions"] >= 3 and meta_data["first_seen"] == "2026-11-26"
    assert all(d["evidence"] and d["mention_texts"] for _, d in graph.nodes(data=True))
    assert graph.graph["articles"] == 1
    projected = to_networkx(example_store, projection=True, focus="Meta")
    assert node in projected and projected.number_of_nodes() > 1
    summary = write_html(projected, tmp_path / "example.html", title="Meta")
    assert summary.nodes == projected.number_of_nodes()


def test_unwritable_paths_are_input_errors(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    with pytest.raises(InputError, match="cannot write"):
        write_graph(graph, missing / "g.json", "json")
    with pytest.raises(InputError, match="cannot write"):
        write_html(graph, missing / "g.html", title="t")
