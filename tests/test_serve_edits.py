"""The workbench and the store: it holds no lock (ingest writes while it serves, and the new
data shows), and with --allow-edits it decides merge suggestions (alias file + store) and runs
SPARQL updates; without it, and from another site, it refuses."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from helpers import EXAMPLE_DATE, ROOT
from helpers.story import XSS_SCRIPT
from helpers.workbench import HOSTILE_CANDIDATE, HOSTILE_ORG, META, Workbench, add_hostile, running
from storygraph.errors import StoreError
from storygraph.ingest import ingest
from storygraph.rdf.quads import GraphWrite
from storygraph.rdf.terms import iri, literal
from storygraph.rdf.vocab import ID, NS, PREFIXES
from storygraph.readers import Overrides
from storygraph.serve import ServeConfig
from storygraph.serve.handle import StoreHandle, store_signature
from storygraph.store import EmbeddedStore

EXAMPLES = ROOT / "examples"  # the example story: three articles
RESULTS_JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    path = tmp_path_factory.mktemp("serve-edits") / "store"
    with EmbeddedStore(path) as store:
        ingest([str(EXAMPLES)], store, nlp, overrides=Overrides(published=EXAMPLE_DATE))
    add_hostile(path)
    return path


@pytest.fixture()
def editable(store_path: Path, tmp_path: Path) -> Iterator[tuple[Workbench, httpx.Client, Path]]:
    aliases = tmp_path / "aliases.yaml"
    config = ServeConfig(location=str(store_path), allow_edits=True, alias_file=str(aliases))
    with running(config) as wb, httpx.Client(base_url=wb.url, timeout=60) as client:
        yield wb, client, aliases


def _candidate(a: str, b: str, key: str) -> GraphWrite:
    c = iri(f"{ID}candidate/{key}")
    return GraphWrite(
        f"{ID}graph/test-candidates-{key}",
        [
            f"{c} {iri(PREFIXES['rdf'] + 'type')} {iri(NS + 'MergeCandidate')}",
            f"{c} {iri(PREFIXES['rdfs'] + 'label')} {literal('test')}",
            f"{c} {iri(NS + 'mergeCandidate')} {iri(a)}",
            f"{c} {iri(NS + 'mergeCandidate')} {iri(b)}",
        ],
    )


def test_ingest_writes_while_the_workbench_reads(store_path: Path) -> None:
    handle = StoreHandle(str(store_path))
    before = store_signature(store_path)
    # a writer opens the store as ingest does: the workbench holds no lock
    with EmbeddedStore(store_path, create=False) as writer:
        writer.write(
            [
                GraphWrite(
                    f"{ID}article/late-news",
                    [
                        f"{iri(f'{ID}organization/late-co')} "
                        f"{iri(PREFIXES['rdfs'] + 'label')} {literal('Late Co')}"
                    ],
                )
            ]
        )
    assert store_signature(store_path) != before
    time.sleep(1.1)  # the handle looks at the files at most once a second
    rows = handle.current().select(
        'SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "Late Co" }'
    )
    assert [str(r["e"]) for r in rows] == [f"{ID}organization/late-co"]
    handle.close()


def test_a_read_only_store_refuses_to_write(store_path: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(store_path, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(StoreError, match="read-only"):
        store.write([GraphWrite("urn:g", ["<urn:a> <urn:b> <urn:c>"])])
    with pytest.raises(StoreError, match="read-only"):
        list(store.bulk_load_files([tmp_path / "x.nq"]))
    # it takes no lock: a writer opens the same store meanwhile, and the reader still reads
    before = store.count_triples()
    with EmbeddedStore(store_path, create=False) as writer:
        assert writer.count_triples() == before
    rows = store.select_values("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")
    assert list(rows[0]) == ["g"] and rows[0]["g"].startswith("https://")
    store.close()
    store.close()  # a second close is harmless
    with pytest.raises(StoreError, match="no store at"):
        EmbeddedStore(tmp_path / "nothing", read_only=True)


def test_rejecting_a_suggestion_writes_different_and_removes_it(
    editable: tuple[Workbench, httpx.Client, Path],
) -> None:
    wb, client, aliases = editable
    meta = client.get("/entity/organization/meta?format=json").json()
    assert HOSTILE_ORG in [c["other"] for c in meta["candidates"]]
    r = client.post(
        "/decide",
        data={
            "candidate": HOSTILE_CANDIDATE,
            "verdict": "reject",
            "back": "/entity/organization/meta",
        },
        headers={"origin": wb.url},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/entity/organization/meta"
    assert yaml.safe_load(aliases.read_text(encoding="utf-8")) == {
        "different": [["Meta", XSS_SCRIPT]]
    }
    meta = client.get("/entity/organization/meta?format=json").json()
    assert meta["candidates"] == []
    # a second decision about the same suggestion: it is gone
    r = client.post(
        "/decide?format=json", data={"candidate": HOSTILE_CANDIDATE, "verdict": "reject"}
    )
    assert r.status_code == 400 and "no merge suggestion" in r.json()["error"]


def test_accepting_a_suggestion_merges_in_the_store_and_the_alias_file(
    store_path: Path,
    editable: tuple[Workbench, httpx.Client, Path],
) -> None:
    wb, client, aliases = editable
    insider = f"{ID}organization/business-insider"
    unit = f"{ID}unit/applied-ai-task-force"
    with EmbeddedStore(store_path, create=False) as writer:
        writer.write([_candidate(insider, unit, "accept-test")])
    time.sleep(1.1)
    r = client.post(
        "/decide?format=json",
        data={"candidate": f"{ID}candidate/accept-test", "verdict": "accept"},
        headers={"origin": wb.url},
    )
    assert r.status_code == 200, r.text
    assert r.json()["message"].startswith("merged: ")
    same = yaml.safe_load(aliases.read_text(encoding="utf-8"))["same"]
    assert same in (
        {"Applied AI task force": "Business Insider"},
        {"Business Insider": "Applied AI task force"},
    )
    page = client.get("/entity/organization/business-insider?format=json").json()
    assert [(s["other"], s["rule"]) for s in page["same_as"]] == [(unit, "user/accepted")]
    assert page["candidates"] == []


def test_decisions_from_another_site_are_refused(
    editable: tuple[Workbench, httpx.Client, Path],
) -> None:
    _, client, aliases = editable
    r = client.post(
        "/decide",
        data={"candidate": HOSTILE_CANDIDATE, "verdict": "accept"},
        headers={"origin": "http://evil.example"},
    )
    assert r.status_code == 403 and not aliases.exists()
    r = client.post(
        "/sparql",
        data={"update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"},
        headers={"origin": "http://evil.example"},
    )
    assert r.status_code == 403


def test_sparql_updates_run_with_allow_edits(
    editable: tuple[Workbench, httpx.Client, Path],
) -> None:
    wb, client, _ = editable
    r = client.post(
        "/sparql",
        content='INSERT DATA { GRAPH <urn:g> { <urn:a> rdfs:label "added" } }',
        headers={"content-type": "application/sparql-update", "origin": wb.url},
    )
    assert r.status_code == 204, r.text
    ask = client.get(
        "/sparql",
        params={"query": 'ASK { <urn:a> rdfs:label "added" }'},
        headers={"accept": RESULTS_JSON},
    )
    assert ask.json()["boolean"] is True
    r = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> "})
    assert r.status_code == 400 and "syntax" in r.text.lower()


def test_meta_keeps_its_page_after_the_edits(
    editable: tuple[Workbench, httpx.Client, Path],
) -> None:
    _, client, _ = editable
    page = client.get("/entity/organization/meta?format=json").json()
    assert page["label"] == "Meta" and page["mention_count"] >= 10
    assert page["node"] == META
