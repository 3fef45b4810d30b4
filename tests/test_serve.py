"""The workbench over HTTP (``storygraph serve``): every page in every format, the SPARQL 1.1
protocol, the read-only guarantees and the security headers. A real server on a free port of
127.0.0.1 serves the example story (ingested with --published 2026-11-26) and an article whose
every text is an injection attempt."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers import EXAMPLE_DATE, ROOT
from helpers.story import XSS_HREF, XSS_IMG, XSS_SCRIPT
from helpers.workbench import HOSTILE_ORG, META, Workbench, add_hostile, running
from storygraph.ingest import ingest
from storygraph.readers import Overrides
from storygraph.serve import ServeConfig
from storygraph.store import EmbeddedStore

EXAMPLES = ROOT / "examples"  # the example story: three articles
RESULTS_JSON = "application/sparql-results+json"


def make_store(path: Path, nlp: Any) -> Path:
    with EmbeddedStore(path) as store:
        ingest([str(EXAMPLES)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    add_hostile(path)
    return path


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[Workbench]:
    store = make_store(tmp_path_factory.mktemp("serve") / "store", nlp)
    with running(ServeConfig(location=str(store), timeout=2.0)) as wb:
        yield wb


@pytest.fixture(scope="module")
def client(bench: Workbench) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=bench.url, timeout=30) as c:
        yield c


# -- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=meta",
        "/entity/organization/meta",
        "/article/meta-applied-ai-reversal",
        "/timeline",
        "/claims",
        "/graph",
        "/sparql",
    ],
)
def test_every_page_renders_with_security_headers(client: httpx.Client, path: str) -> None:
    r = client.get(path, headers={"accept": "text/html"})
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "http" not in csp  # no host but this one
    assert r.headers["x-content-type-options"] == "nosniff"
    # every script and style the page loads is this server's own
    for ref in (*_attrs(r.text, "src"), *_attrs(r.text, "href")):
        assert not ref.startswith(("http:", "https:", "//")), ref


def _attrs(page: str, name: str) -> list[str]:
    import re

    return re.findall(rf'\s{name}="([^"]*)"', page)


def test_home_lists_the_article_top_entities_claims_and_questions(client: httpx.Client) -> None:
    data = client.get("/?format=json").json()
    assert data["counts"]["articles"] == 4  # the example story's three and the hostile one
    assert [(x["label"], x["articles"]) for x in data["stories"]] == [
        (data["stories"][0]["label"], "3")
    ]
    titles = [a["title"] for a in data["articles"]]
    assert "meta-applied-ai-reversal" in titles
    top = [e["label"] for e in data["entities"]]
    assert top[0] == "Meta"
    assert "Business Insider" in top
    assert any("voluntary" in c["content"] or "defer" in c["content"] for c in data["claims"])
    assert any("how many engineers" in q["text"] for q in data["questions"])
    table = list(csv.DictReader(io.StringIO(client.get("/?format=csv").text)))
    assert table[0]["label"] == "Meta" and int(table[0]["mentions"]) >= 10


def test_search_puts_the_exact_name_first_and_finds_claims(client: httpx.Client) -> None:
    results = client.get("/search", params={"q": "meta", "format": "json"}).json()["results"]
    assert results[0]["label"] == "Meta" and results[0]["rank"] == 3
    assert results[0]["url"] == "/entity/organization/meta"
    insider = client.get("/search", params={"q": "insider", "format": "json"}).json()
    assert insider["results"][0]["label"] == "Business Insider"
    claims = client.get("/search", params={"q": "individual choice", "format": "json"}).json()
    assert claims["results"] and {r["kind"] for r in claims["results"]} == {"claim"}
    assert "individual choice" in claims["results"][0]["label"]
    assert client.get("/search?q=zzzz-no-such-name&format=json").json()["results"] == []
    # an exact hit can be opened directly
    r = client.get("/search", params={"q": "Meta", "go": "1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/entity/organization/meta"


def test_entity_page_of_meta_lists_mentions_with_evidence(client: httpx.Client) -> None:
    data = client.get("/entity/organization/meta?format=json").json()
    assert data["label"] == "Meta" and data["class"] == "Organization"
    assert data["mention_count"] == len(data["mentions"]) >= 10
    sentences = [m["sentence"] for m in data["mentions"]]
    assert "Meta reassigned 7,000 engineers to AI training units last month." in sentences
    for m in data["mentions"]:
        assert m["anchor"] in m["sentence"]
        assert m["article_url"] == f"/article/{m['article'].rsplit('/', 1)[-1]}#m{m['begin']}"
    assert len({m["article"] for m in data["mentions"]}) == 3  # in each of the story's articles
    actions = {e["label"] for e in data["events"]}
    assert any("reassign" in a for a in actions)
    assert any("reverse" in a for a in actions)
    assert HOSTILE_ORG in [c["other"] for c in data["candidates"]]
    page = client.get("/entity/organization/meta").text
    assert "Meta reassigned 7,000 engineers to AI training units last month." in page
    rows = list(
        csv.DictReader(io.StringIO(client.get("/entity/organization/meta?format=csv").text))
    )
    assert len(rows) == len(data["mentions"]) and {"anchor", "sentence"} <= set(rows[0])


def test_unknown_nodes_are_404(client: httpx.Client) -> None:
    assert client.get("/entity/organization/no-such-thing").status_code == 404
    assert client.get("/article/no-such-article").status_code == 404
    r = client.get("/entity", params={"iri": "not an iri>", "format": "json"})
    assert r.status_code == 404 and "error" in r.json()
    assert client.get("/no/such/page").status_code == 404


def test_article_page_marks_mentions_claims_and_times(client: httpx.Client) -> None:
    data = client.get("/article/meta-applied-ai-reversal?format=json").json()
    assert data["counts"]["entity"] > 10 and data["counts"]["time"] >= 5
    assert data["counts"]["cue"] >= 5 and data["counts"]["content"] >= 5
    first = data["sentences"][0]
    assert "".join(p["text"] for p in first["pieces"]) == (
        "Meta reassigned 7,000 engineers to AI training units last month."
    )
    marked = {p["text"]: p for p in first["pieces"] if p["kinds"]}
    assert marked["Meta"]["url"] == "/entity/organization/meta"
    assert "time" in marked["last month"]["kinds"]
    assert "m0" in marked["Meta"]["ids"]  # the entity page links to #m0


def test_timeline_shows_the_reassignment_before_the_reversal(client: httpx.Client) -> None:
    data = client.get("/timeline?format=json").json()
    labels = [e["label"] for e in data["events"]]
    reassign = next(i for i, x in enumerate(labels) if "reassign" in x)
    reverse = next(i for i, x in enumerate(labels) if "reverse" in x)
    assert reassign < reverse
    assert data["events"][reassign]["start"] == "2026-10-01"
    assert data["events"][reassign]["evidence_url"].startswith(
        "/article/meta-applied-ai-reversal#m"
    )
    assert data["undated"] > 0
    # one entity's events only
    meta = client.get("/timeline", params={"entity": META, "format": "json"}).json()
    assert meta["events"] and all(
        e["event"] in {x["event"] for x in data["events"]} for e in meta["events"]
    )
    assert len(meta["events"]) < len(data["events"])


def test_claims_page_lists_claims_with_their_links(client: httpx.Client) -> None:
    data = client.get("/claims?format=json").json()
    assert len(data["claims"]) >= 10
    assert all(c["content"] and c["article_url"].startswith("/article/") for c in data["claims"])
    links = [
        (c["claim"], link["other"], link["relation"]) for c in data["claims"] for link in c["links"]
    ]
    # the story's articles disagree on how many engineers were moved, and agree on the memo
    assert {relation for _, _, relation in links} >= {"contradicts", "corroborates"}
    assert len(links) == len(set(links))
    # a link the story layer wrote both ways is listed once from each side
    assert len({(a, b) for a, b, _ in links}) == len(links)
    page = client.get("/claims?limit=2").text
    assert "later →" in page


def test_graph_page_shares_the_viewer_and_answers_json(client: httpx.Client) -> None:
    page = client.get("/graph").text
    assert '<script src="/static/viewer/viewer.js"></script>' in page
    assert 'id="sg-isolated"' in page and 'id="sg-legend"' in page
    data = client.get("/graph", params={"focus": "Meta", "format": "json"}).json()
    ids = {n["id"] for n in data["nodes"]}
    assert META in ids and len(ids) > 3
    # the overview: the most mentioned entities, as many as asked for (cap: the earlier name)
    for params in ({"limit": "5"}, {"cap": "5"}):
        top = client.get("/graph", params={**params, "format": "json"}).json()
        assert len(top["nodes"]) == 5 and META in {n["id"] for n in top["nodes"]}
    page = client.get("/graph", params={"limit": "7"}).text
    assert "the 7 most mentioned entities and what joins them" in page
    # an entity page's small graph: the node and its own neighbours
    small = client.get("/graph", params={"embed": "1", "focus": META, "format": "json"}).json()
    assert META in {n["id"] for n in small["nodes"]}
    assert all(META in (e["from"], e["to"]) for e in small["edges"])
    assert client.get("/static/viewer/vis-network.min.js").status_code == 200
    assert client.get("/static/viewer/other.js").status_code == 404


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/claims?limit=0", 400),
        ("/claims?limit=x", 400),
        ("/graph?depth=9", 400),
        ("/graph?focus=Meta&depth=3", 400),
        ("/graph?limit=301", 400),
        ("/graph?focus=Nobody+Inc", 400),
        ("/?format=xls", 400),
    ],
)
def test_bad_parameters_are_400(client: httpx.Client, path: str, status: int) -> None:
    assert client.get(path).status_code == status


def test_hostile_labels_are_escaped(client: httpx.Client) -> None:
    for path in (
        "/entity/organization/hostile-labels-inc",
        "/article/hostile-labels",
        "/claims",
        "/search?q=script",
        "/timeline",
        "/entity/organization/meta",
        "/graph",
    ):
        page = client.get(path).text
        for raw in (XSS_SCRIPT, XSS_IMG, XSS_HREF):
            assert raw not in page, (path, raw)
    page = client.get("/entity/organization/hostile-labels-inc").text
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in page


def test_requests_for_another_host_name_are_refused(bench: Workbench) -> None:
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 cannot read the workbench
    r = httpx.get(bench.url + "/", headers={"host": "evil.example"})
    assert r.status_code == 400


# -- the SPARQL protocol --------------------------------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?e a sg:Organization }"


def test_sparql_get_answers_json_by_default(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": COUNT}, headers={"accept": RESULTS_JSON})
    assert r.status_code == 200 and r.headers["content-type"] == RESULTS_JSON
    body = r.json()
    assert body["head"]["vars"] == ["n"]
    assert int(body["results"]["bindings"][0]["n"]["value"]) >= 5


@pytest.mark.parametrize(
    ("accept", "media", "check"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("text/csv", "text/csv", "csv"),
        ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
        ("application/json", RESULTS_JSON, "json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("*/*", RESULTS_JSON, "json"),
    ],
)
def test_sparql_results_format_follows_accept(
    client: httpx.Client, accept: str, media: str, check: str
) -> None:
    r = client.post("/sparql", data={"query": COUNT}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    if check == "xml":
        root = ET.fromstring(r.content)
        assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    elif check == "csv":
        assert r.text.splitlines()[0] == "n"
    elif check == "tsv":
        assert r.text.splitlines()[0] == "?n"
    else:
        json.loads(r.text)


def test_sparql_post_of_the_query_itself_and_construct(client: httpx.Client) -> None:
    r = client.post(
        "/sparql",
        content='ASK { ?e rdfs:label "Meta" }',
        headers={"content-type": "application/sparql-query", "accept": RESULTS_JSON},
    )
    assert r.status_code == 200 and r.json()["boolean"] is True
    r = client.get(
        "/sparql",
        params={
            "query": "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a sg:Organization ; rdfs:label ?l }"
        },
        headers={"accept": "text/turtle"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert '"Meta"' in r.text


@pytest.mark.parametrize(
    ("request_kwargs", "status", "words"),
    [
        ({"params": {"query": "SELEKT * WHERE {}"}}, 400, "syntax"),
        ({"params": {}}, 400, "no query"),
        ({"params": {"query": COUNT, "default-graph-uri": "http://x"}}, 400, "not supported"),
        ({"params": {"query": COUNT}, "headers": {"accept": "image/png"}}, 406, "Accept"),
        (
            {
                "params": {
                    "query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
                }
            },
            400,
            "SERVICE is refused",
        ),
    ],
)
def test_sparql_refuses_bad_requests_with_a_message(
    client: httpx.Client, request_kwargs: dict[str, Any], status: int, words: str
) -> None:
    headers = {"accept": RESULTS_JSON, **request_kwargs.pop("headers", {})}
    r = client.get("/sparql", headers=headers, **request_kwargs)
    assert r.status_code == status, r.text
    assert words in r.text


def test_sparql_refuses_updates_when_read_only(client: httpx.Client) -> None:
    update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    r = client.post("/sparql", data={"update": update})
    assert r.status_code == 403
    assert r.text.startswith("SPARQL updates are refused: this workbench is read-only")
    r = client.post(
        "/sparql", content=update, headers={"content-type": "application/sparql-update"}
    )
    assert r.status_code == 403
    r = client.get("/sparql", params={"query": update}, headers={"accept": RESULTS_JSON})
    assert r.status_code == 400 and "updates are refused" in r.text
    ask = client.get(
        "/sparql", params={"query": "ASK { <urn:a> ?p ?o }"}, headers={"accept": RESULTS_JSON}
    )
    assert ask.json()["boolean"] is False


def test_sparql_stops_a_query_that_runs_too_long(client: httpx.Client) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = client.get("/sparql", params={"query": slow}, headers={"accept": RESULTS_JSON})
    assert r.status_code == 503
    assert "ran for more than 2 s and was stopped" in r.text
    # the endpoint keeps answering (a fresh worker replaces the stopped one)
    r = client.get("/sparql", params={"query": COUNT}, headers={"accept": RESULTS_JSON})
    assert r.status_code == 200


def test_sparql_page_for_a_browser(client: httpx.Client) -> None:
    page = client.get("/sparql", headers={"accept": "text/html"}).text
    assert "/static/vendor/yasgui/yasgui.min.js" in page
    assert 'data-name="timeline"' in page  # named queries one click away
    assert "PREFIX" not in page or "sg:" in page
    assert "https://w3id.org/storygraph/ns#" in page  # the predeclared prefixes


def test_decisions_are_refused_when_read_only(client: httpx.Client) -> None:
    r = client.post("/decide", data={"candidate": "urn:x", "verdict": "accept"})
    assert r.status_code == 403


def test_serve_warns_off_loopback_and_refuses_a_busy_port(bench: Workbench) -> None:
    from storygraph.errors import InputError
    from storygraph.serve import serve

    busy = int(bench.url.rsplit(":", 1)[1])
    said: list[str] = []
    warned: list[str] = []
    with pytest.raises(InputError, match=f"cannot listen on 0.0.0.0 port {busy}"):
        serve(
            ServeConfig(location=bench.config.location, host="0.0.0.0"),
            port=busy,
            say=said.append,
            warn=warned.append,
        )
    assert warned == [
        "serving on 0.0.0.0, so other machines can reach the workbench, and it has no login; "
        "the default, 127.0.0.1, keeps it on this machine"
    ]
    assert said == []
    with pytest.raises(InputError, match="--port must be between 1 and 65535"):
        serve(ServeConfig(location=bench.config.location), port=70000)


# -- the command ----------------------------------------------------------------------------


def test_serve_command_errors(bench: Workbench, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storygraph.cli import cli

    runner = CliRunner()
    missing = runner.invoke(cli, ["serve", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1
    assert missing.stderr.startswith(f"Error: no store at {tmp_path / 'none'}; ")
    busy = int(bench.url.rsplit(":", 1)[1])
    taken = runner.invoke(
        cli,
        ["serve", "--store", str(bench.config.location), "--host", "0.0.0.0", "--port", str(busy)],
    )
    assert taken.exit_code == 1
    lines = taken.stderr.splitlines()
    assert lines[0].startswith("Warning: serving on 0.0.0.0, so other machines can reach")
    assert lines[1].startswith(f"Error: cannot listen on 0.0.0.0 port {busy}: ")
    assert lines[1].endswith("pass another --port (or stop what uses it)")
    bad = runner.invoke(cli, ["serve", "--port", "0"])
    assert bad.exit_code == 2 and "--port" in bad.stderr
