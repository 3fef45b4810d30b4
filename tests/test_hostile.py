"""Hostile input: every case gives a clear message or a correct graph, never a crash, never a
corrupt store, and the store still passes the SHACL shapes.

Cases run through the real readers and the real extractor (the session ``nlp``), into a
fresh embedded store each; one test runs the whole catalogue through ``storygraph ingest``
to check the exact messages. The property tests at the end ingest arbitrary Unicode text and
metadata. Crashes found by the fuzz drivers (``make fuzz``) are kept here as regression
tests; the ones in code this suite does not own are ``xfail(strict=True)``, so that fixing
them turns the test red until the mark is dropped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT
from storygraph.cli import cli
from storygraph.ingest import IngestSummary, ingest
from storygraph.query.validate import validate_store
from storygraph.rdf.vocab import SG_ONTOLOGY
from storygraph.readers import (
    DEFAULT_MAX_BYTES,
    MAX_BLOCK_CHARS,
    Overrides,
    find_blocks,
    read_articles,
)
from storygraph.store import EmbeddedStore, Store
from storygraph.story import CANDIDATES_GRAPH, STORY_GRAPH

ARTICLE = "https://w3id.org/storygraph/id/article/"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
TOO_BIG = (
    "over the limit of 10,485,760 bytes for one article; split it, or raise the limit with "
    "--max-bytes"
)
BODY = "Meta told 7,000 engineers on Wednesday that they could leave the Applied AI task force."


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = EmbeddedStore(tmp_path / "store")
    yield s
    s.close()


def ingest_file(path: Path, store: Store, nlp: Any, **overrides: Any) -> IngestSummary:
    return ingest([str(path)], store, nlp, overrides=Overrides(**overrides))


def assert_sound(store: Store) -> None:
    """Not corrupt: the default graph is the union of the named graphs, SHACL conforms, and
    every IRI is one pyoxigraph accepts."""
    import pyoxigraph as ox

    default = store.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]
    union = store.select(
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
    )[0]["n"]
    assert int(default) == int(union)  # type: ignore[call-overload]
    assert not store.ask("ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
    report = validate_store(store)
    assert report.conforms, report.text
    for row in store.select(
        "SELECT DISTINCT ?i { { ?i ?p ?o } UNION { ?s ?i ?o } UNION { ?s ?p ?i FILTER isIRI(?i) } }"
    ):
        ox.NamedNode(str(row["i"]))


def articles(store: Store) -> list[str]:
    # the story layer's graphs are not articles
    skip = {str(SG_ONTOLOGY), STORY_GRAPH, CANDIDATES_GRAPH}
    return [g for g in store.graph_names() if g not in skip]


def literal_of(store: Store, article: str, predicate: str) -> str:
    rows = store.select(f"SELECT ?v {{ GRAPH <{ARTICLE}{article}> {{ ?a <{predicate}> ?v }} }}")
    assert len(rows) == 1, rows
    return str(rows[0]["v"])


HEADLINE = "https://schema.org/headline"

# -- inputs that cannot be articles: a clear message, nothing stored ----------------------------


def _nested(depth: int) -> bytes:
    return (
        "<html><body>" + "<div>" * depth + f"<p>{BODY}</p>" + "</div>" * depth + "</body></html>"
    ).encode()


REFUSED: list[tuple[str, bytes, str]] = [
    # found by fuzz/run.py: a UTF-16 byte-order mark on an odd number of bytes, and a date
    # Python cannot hold as YAML front matter, each crashed the reader
    (
        "fuzz-utf16.txt",
        b"\xfe\xff\x00\x00\x00",
        "the file looks binary (it contains NUL bytes), not an article",
    ),
    (
        "fuzz-date.txt",
        b"---\n0000-00-00\n---\n",
        "malformed YAML front matter: year 0 is out of range",
    ),
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b"  \n\t \r\n  ", "the file is empty"),
    ("image.txt", PNG, "the file looks binary (it contains NUL bytes), not an article"),
    (
        "controls.txt",
        bytes(range(1, 9)) * 50,
        "the file looks binary (many control characters), not an article",
    ),
    (
        "nul.md",
        b"Some text\x00with a NUL byte.",
        "the file looks binary (it contains NUL bytes), not an article",
    ),
    (
        "scripts.html",
        b"<html><head><script>alert(1)</script></head><body>"
        b"<iframe src='https://evil.example/'></iframe><!-- a comment, only --></body></html>",
        "no article text found in the HTML page",
    ),
    # libxml2 stops at depth 256, so the text inside 5,000 divs is never reached
    ("nested.html", _nested(5000), "no article text found in the HTML page"),
    (
        "front.md",
        b"---\ntitle: [unclosed\n---\nBody.",
        "malformed YAML front matter: while parsing a flow sequence",
    ),
    (
        "year0.md",
        b"---\npublished: 0000-01-01\n---\nBody.",
        "malformed YAML front matter: year 0 is out of range",
    ),
    (
        "hour25.md",
        b"---\npublished: 2026-11-26 25:00:00\n---\nBody.",
        "malformed YAML front matter: hour must be in 0..23",
    ),
    (
        "list.md",
        b"---\n- a\n- b\n---\nBody.",
        "the front matter is not a mapping of keys to values",
    ),
    # "tomorrow" from 9999-12-31 (or "yesterday" from 0001-01-01) would crash the extractor
    (
        "year9999.md",
        b"---\npublished: 9999-12-31\n---\nMeta will move tomorrow.",
        "the published date 9999-12-31 is not plausible; give a date in the years 1000-2999",
    ),
    (
        "year1.md",
        b"---\npublished: 0001-01-01\n---\nMeta moved yesterday.",
        "the published date 0001-01-01 is not plausible; give a date in the years 1000-2999",
    ),
    (
        "date.md",
        b"---\npublished: yesterday-ish\n---\nBody.",
        "cannot parse the published date 'yesterday-ish'; use YYYY-MM-DD (e.g. 2026-11-26)",
    ),
    (
        "deep.md",
        b"---\ntitle: " + b"[" * 20000 + b"]" * 20000 + b"\n---\nBody.",
        "malformed YAML front matter: maximum recursion depth exceeded",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_with_a_clear_message(
    tmp_path: Path, store: Store, nlp: Any, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    summary = ingest_file(path, store, nlp)
    assert summary.failed == 1 and summary.articles == 0
    [(source, error)] = summary.failures
    assert source == str(path)
    assert error.startswith(message), error
    assert articles(store) == []
    assert_sound(store)


def test_a_50_mb_article_is_refused_at_once(tmp_path: Path, store: Store, nlp: Any) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        line = (BODY + " ").encode() * 1000 + b"\n"
        while out.tell() < 50 * 1024 * 1024:
            out.write(line)
        out.truncate(50 * 1024 * 1024)
    start = time.monotonic()
    summary = ingest_file(path, store, nlp)
    assert time.monotonic() - start < 5  # the file is never read
    assert summary.failures == [(str(path), f"the file is 52,428,800 bytes, {TOO_BIG}")]
    assert articles(store) == []


def test_a_device_that_never_ends_is_refused(nlp: Any, store: Store) -> None:
    [result] = read_articles(["/dev/zero"])
    assert result.error == f"the file is {TOO_BIG}"


def test_the_limit_can_be_raised_or_lowered(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY)
    assert next(read_articles([str(path)], max_bytes=None)).article is not None
    [small] = read_articles([str(path)], max_bytes=10)
    assert small.error == (
        f"the file is {len(BODY):,} bytes, over the limit of 10 bytes for one article; split "
        "it, or raise the limit with --max-bytes"
    )


def test_malformed_json_lines_each_say_what_is_wrong(
    tmp_path: Path, store: Store, nlp: Any
) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "good", "title": "Good", "text": BODY}),
        "{not json",
        '["a list"]',
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"text": 5}),
        json.dumps({"text": BODY, "published": "0000-01-01"}),
        json.dumps({"id": "no-body"}),
        json.dumps({"text": "x" * 11 * 1024 * 1024}),
        "\xff\xfe not UTF-8",
        json.dumps({"id": "after", "text": BODY}),
    ]
    path.write_bytes(
        b"\n".join(ln.encode("latin-1") if ln.startswith("\xff") else ln.encode() for ln in lines)
    )
    summary = ingest_file(path, store, nlp)
    assert summary.articles == 2
    assert summary.failures == [
        (
            f"{path}:2",
            "malformed JSON at column 2: Expecting property name enclosed in double quotes",
        ),
        (f"{path}:3", "the line is JSON but not an object"),
        (f"{path}:4", "the line's JSON is nested too deeply"),
        (f"{path}:5", "the object's 'text' is not a string"),
        (
            f"{path}:6",
            "cannot parse the published date '0000-01-01'; use YYYY-MM-DD (e.g. 2026-11-26)",
        ),
        (f"{path}:7", "the object has neither 'text' nor 'html'"),
        (f"{path}:8", f"the line is {len(lines[7]):,} bytes, {TOO_BIG}"),
        (f"{path}:9", "the line is not UTF-8 (byte 0)"),
    ]
    assert articles(store) == [f"{ARTICLE}after", f"{ARTICLE}good"]
    assert_sound(store)


# -- inputs that are articles, however odd: a correct graph --------------------------------------


def test_legacy_encodings_are_decoded_with_a_warning(
    tmp_path: Path, store: Store, nlp: Any
) -> None:
    cases = {
        "cp1252.md": ("Café “Noir” costs €5", "cp1252", "", "Windows-1252 (cp1252)"),
        # 0x81 means nothing in cp1252, so this one can only be Latin-1
        "latin1.md": ("Mañana", "latin-1", " \x81", "Latin-1"),
    }
    for name, (title, encoding, extra, how) in cases.items():
        data = f"---\ntitle: {title}\n---\n{BODY}{extra}\n".encode(encoding)
        (tmp_path / name).write_bytes(data)
        summary = ingest_file(tmp_path / name, store, nlp)
        assert summary.articles == 1, summary.failures
        first = next(i for i, b in enumerate(data) if b > 127)
        assert summary.warnings[0] == (
            f"{tmp_path / name}: not valid UTF-8 (byte {first}); decoded as {how}"
        )
        assert literal_of(store, Path(name).stem, HEADLINE) == title
    assert_sound(store)


def test_broken_utf8_stays_utf8_with_a_warning(tmp_path: Path, store: Store, nlp: Any) -> None:
    path = tmp_path / "broken.md"
    head = "---\ntitle: Zürich naïve\n---\nCut ".encode()
    path.write_bytes(head + b"\xe2\x80 here. " + BODY.encode())
    summary = ingest_file(path, store, nlp)
    assert summary.warnings[0] == (
        f"{path}: not valid UTF-8 (byte {len(head)}); decoded as UTF-8 with 1 unreadable byte "
        "sequence(s) replaced by U+FFFD"
    )
    assert literal_of(store, "broken", HEADLINE) == "Zürich naïve"  # not "ZÃ¼rich"
    assert_sound(store)


def test_utf16_with_a_byte_order_mark(tmp_path: Path, store: Store, nlp: Any) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(BODY.encode("utf-16"))
    assert ingest_file(path, store, nlp).articles == 1
    odd = tmp_path / "odd.txt"  # starts like UTF-16 but is not
    odd.write_bytes(b"\xff\xfe" + BODY.encode())
    summary = ingest_file(odd, store, nlp)
    assert summary.articles == 1
    assert (
        summary.warnings[0] == f"{odd}: not valid UTF-8 (byte 0); decoded as Windows-1252 (cp1252)"
    )
    assert_sound(store)


def test_nul_rtl_zero_width_and_emoji_survive(tmp_path: Path, store: Store, nlp: Any) -> None:
    title = "خبر عاجل\u200f — Meta\u200b\u200d 🚀👩‍👩‍👧 \U0001f1fa\U0001f1f8"
    text = f"{title}\n\u202eMeta\u202c said\u2066 on Wednesday\u2069 it\u0000 would move 🚀. {BODY}"
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": "odd", "title": title, "text": text}) + "\n")
    summary = ingest_file(path, store, nlp)
    assert summary.articles == 1, summary.failures
    assert literal_of(store, "odd", HEADLINE) == title
    stored = [
        str(r["t"])
        for r in store.select("SELECT ?t { ?m <https://w3id.org/storygraph/ns#sentence> ?t }")
    ]
    assert stored and all("\x00" not in t for t in stored)
    assert any("🚀" in t and "\u202e" in t for t in stored)
    assert_sound(store)


def test_markup_and_rdf_syntax_in_the_text_stay_text(
    tmp_path: Path, store: Store, nlp: Any
) -> None:
    from storygraph.extract import extract_article
    from storygraph.rdf.mint import extraction_to_graph

    text = textwrap.dedent(
        """\
        Meta said > . <http://evil.example/s> <http://evil.example/p> "x" . on Wednesday.
        Business Insider wrote \"\"\" and } INSERT DATA { GRAPH <http://evil.example/g> { <a:b> <a:c> <a:d> } } here.
        The memo <script>alert("Meta")</script> and <img src=x onerror=alert(1)> said 7,000 engineers.
        DROP ALL ; CLEAR DEFAULT # a comment \\u003e \\n end.
        """
    )
    path = tmp_path / "inject.txt"
    path.write_text(text, encoding="utf-8")
    summary = ingest_file(path, store, nlp, published=date(2026, 11, 26))
    assert summary.articles == 1
    [result] = read_articles([str(path)], Overrides(published=date(2026, 11, 26)))
    assert result.article is not None
    expected = extraction_to_graph(extract_article(result.article, nlp)).triples
    assert articles(store) == [f"{ARTICLE}inject"]
    n = store.select(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{ARTICLE}inject> {{ ?s ?p ?o }} }}")
    assert int(n[0]["n"]) == len(expected)  # type: ignore[call-overload]
    assert not store.ask(
        "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } "
        "FILTER (CONTAINS(STR(?s), 'evil') || CONTAINS(STR(?p), 'evil') "
        "|| (isIRI(?o) && CONTAINS(STR(?o), 'evil'))) }"
    )
    assert not store.ask("ASK { GRAPH <http://evil.example/g> { ?s ?p ?o } }")
    sentences = {
        str(r["t"])
        for r in store.select("SELECT ?t { ?m <https://w3id.org/storygraph/ns#sentence> ?t }")
    }
    assert any('<script>alert("Meta")</script>' in t for t in sentences)
    assert any('"""' in t for t in sentences)
    assert_sound(store)


def test_a_1_mb_single_line(tmp_path: Path) -> None:
    line = BODY + " "
    text = line * (1_000_000 // len(line))
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    [result] = read_articles([str(path)])
    assert time.monotonic() - start < 5
    assert result.article is not None
    blocks = result.article.blocks
    assert len(blocks) == 101
    assert all(b.end - b.start <= MAX_BLOCK_CHARS for b in blocks)
    # cut after full stops, and nothing lost but the spaces between the pieces
    pieces = [result.article.text[b.start : b.end] for b in blocks]
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == text.strip()
    one_word = find_blocks("x" * 1_000_000)
    assert [b.end - b.start for b in one_word] == [MAX_BLOCK_CHARS] * 100


def test_a_long_single_line_is_ingested_in_pieces(tmp_path: Path, store: Store, nlp: Any) -> None:
    line = BODY + " "
    path = tmp_path / "long.txt"
    path.write_text(line * (12_000 // len(line)), encoding="utf-8")
    summary = ingest_file(path, store, nlp, published=date(2026, 11, 26))
    assert summary.articles == 1
    assert_sound(store)


def test_many_short_lines_are_read_in_linear_time() -> None:
    start = time.monotonic()
    blocks = find_blocks("Heading\n\n\n" * 200_000)
    assert len(blocks) == 200_000
    assert time.monotonic() - start < 5


def test_dates_far_in_the_future(tmp_path: Path, store: Store, nlp: Any) -> None:
    path = tmp_path / "future.md"
    path.write_text(f"---\npublished: 2999-01-01\n---\n{BODY} It will move next week.\n")
    summary = ingest_file(path, store, nlp)
    assert summary.articles == 1, summary.failures
    rows = store.select("SELECT ?v { ?t <https://w3id.org/storygraph/ns#timexValue> ?v }")
    # Wednesday (before the date) and next week, resolved against the year 2999
    assert {"2998-12-26", "2999-W02"} <= {str(r["v"]) for r in rows}
    assert_sound(store)


@pytest.mark.parametrize(
    ("published", "text"),
    [
        (date(2026, 11, 26), "Sales will grow over the next decade."),  # once a KeyError
        (date(9999, 12, 31), "Meta will move tomorrow."),  # once an OverflowError
        (date(1, 1, 1), "Meta said on Wednesday it would move."),  # once an OverflowError
        (None, "²¡"),  # once int('²'): isdigit is not int
    ],
)
def test_extractor_crashes_found_by_fuzzing(nlp: Any, published: date | None, text: str) -> None:
    """Crashes ``make fuzz`` found, kept as regression tests: each gives a valid graph."""
    import rdflib

    from storygraph.extract import extract_article
    from storygraph.query.validate import validate_graph
    from storygraph.rdf.mint import extraction_to_graph
    from storygraph.records import Article

    ext = extract_article(Article(id="edge", text=text, published=published), nlp)
    data = "".join(f"{t} .\n" for t in extraction_to_graph(ext).triples)
    assert validate_graph(rdflib.Graph().parse(data=data, format="nt")).conforms


def test_a_symlink_loop(tmp_path: Path, store: Store, nlp: Any) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    summary = ingest_file(loop, store, nlp)
    assert summary.failures == [(str(loop), "a broken or looping symbolic link")]
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").symlink_to("a.txt")
    (folder / "self").symlink_to(".")
    (folder / "b.txt").write_text(BODY)
    summary = ingest_file(folder, store, nlp)
    assert summary.failures == [
        (str(folder / "a.txt"), "cannot read: Too many levels of symbolic links")
    ]
    assert articles(store) == [f"{ARTICLE}b"]


READ_AS = """
import json, sys
from storygraph.readers import read_articles
print(json.dumps([[r.source, r.error] for r in read_articles(sys.argv[1:])]))
"""


def without_root_powers() -> list[str]:
    """A command prefix that makes root obey file permissions (tests run as root): drop the
    capabilities that let it read and search anything (``setpriv``, util-linux)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): permissions do not apply")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}"]


def test_a_directory_without_permission(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    (folder / "closed").mkdir(parents=True)
    (folder / "closed" / "a.txt").write_text(BODY)
    (folder / "open.txt").write_text(BODY)
    (folder / "secret.txt").write_text(BODY)
    (folder / "closed").chmod(0)
    (folder / "secret.txt").chmod(0)
    try:
        done = subprocess.run(
            [*without_root_powers(), sys.executable, "-c", READ_AS, str(folder)],
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
            timeout=60,
            check=False,
        )
    finally:
        (folder / "closed").chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        [str(folder / "closed"), "cannot list the directory: Permission denied"],
        [str(folder / "open.txt"), None],
        [str(folder / "secret.txt"), "cannot read: Permission denied"],
    ]


# -- the catalogue through the command line ----------------------------------------------------


def test_the_catalogue_through_storygraph_ingest(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storygraph.extract.load_pipeline", lambda name=None: nlp)
    monkeypatch.setattr("storygraph.cli.default_workers", lambda: 1)
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name, content, _ in REFUSED:
        (folder / name).write_bytes(content)
    (folder / "cp1252.txt").write_bytes(f"Café. {BODY}".encode("cp1252"))
    (folder / "good.md").write_text(f"---\ntitle: Good\n---\n{BODY}\n")
    (folder / "loop.txt").symlink_to("loop.txt")
    store = str(tmp_path / "store")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--store", store])
    assert result.exit_code == 1, result.output
    expected_errors = {f"Error: {folder / name}: {message}" for name, _, message in REFUSED} | {
        f"Error: {folder / 'loop.txt'}: cannot read: Too many levels of symbolic links"
    }
    lines = result.stderr.splitlines()
    errors = [ln for ln in lines if ln.startswith("Error: ")]
    assert len(errors) == len(expected_errors), result.stderr
    for line in errors:
        assert any(line.startswith(e) for e in expected_errors), line
    assert lines[0] == (
        f"Warning: {folder / 'cp1252.txt'}: not valid UTF-8 (byte 3); decoded as Windows-1252 "
        "(cp1252)"
    )
    assert result.stderr.splitlines()[-1].startswith(
        f"2 article(s) ingested, 0 unchanged and skipped, {len(expected_errors)} failed; "
    )
    with EmbeddedStore(store, create=False) as s:
        assert articles(s) == [f"{ARTICLE}cp1252", f"{ARTICLE}good"]
        assert_sound(s)


# -- properties: any text, any metadata ---------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\n .,\u200b"),
    min_size=1,
    max_size=200,
)
META = st.text(max_size=40) | st.sampled_from(
    [
        '> . <http://evil.example/x> <p> "x" .',
        "a\nb\r\nc",
        'quote " back\\slash',
        "#frag",
        "}",
        "\u202eRTL",
        "\x00nul",
        "\ud800lone",
    ]
)


@given(
    text=TEXT | st.sampled_from([BODY, f"Meta\n\n{BODY}\n- {BODY}"]),
    meta=st.fixed_dictionaries(
        {},
        optional={k: META for k in ("id", "title", "publisher", "author", "url")},
    ),
    published=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_text_and_metadata_give_a_valid_graph(
    tmp_path_factory: pytest.TempPathFactory,
    nlp: Any,
    text: str,
    meta: dict[str, str],
    published: date | None,
) -> None:
    import pyoxigraph as ox

    folder = tmp_path_factory.mktemp("prop")
    path = folder / "a.jsonl"
    record = {**meta, "text": text}
    if published is not None:
        record["published"] = published.isoformat()
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [result] = read_articles([str(path)])
    with EmbeddedStore(folder / "store") as store:
        summary = ingest([str(path)], store, nlp)
        if result.article is None:
            assert summary.failed == 1 and articles(store) == []
            return
        article = result.article
        assert summary.articles == 1, summary.failures
        [name] = articles(store)
        assert name == f"{ARTICLE}{article.id}"
        ox.NamedNode(name)
        report = validate_store(store, name)
        assert report.conforms, report.text
        # every metadata literal round-trips exactly
        for field, predicate in (
            ("title", HEADLINE),
            ("author", "https://schema.org/author"),
            ("url", "https://schema.org/url"),
        ):
            value = getattr(article, field)
            rows = store.select(f"SELECT ?v {{ GRAPH <{name}> {{ <{name}> <{predicate}> ?v }} }}")
            assert [str(r["v"]) for r in rows] == ([value] if value else [])
        rows = store.select(
            f"SELECT ?v {{ GRAPH <{name}> {{ <{name}> <https://schema.org/publisher>/"
            "<https://schema.org/name> ?v } }"
        )
        assert [str(r["v"]) for r in rows] == ([article.publisher] if article.publisher else [])
        # and the text: each sentence literal is a slice of the article text
        for r in store.select(
            f"SELECT ?t {{ GRAPH <{name}> {{ ?m <https://w3id.org/storygraph/ns#anchorOf> ?t }} }}"
        ):
            assert str(r["t"]) in article.text


def test_the_default_limit_is_documented() -> None:
    mib, rest = divmod(DEFAULT_MAX_BYTES, 1024 * 1024)
    assert rest == 0
    assert f"{mib} MiB" in (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_test_the_reliability_doc_names_exists() -> None:
    import re

    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", doc))
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    defined = set(re.findall(r"^def (test_\w+)\(", source, flags=re.MULTILINE))
    assert named and named <= defined, sorted(named - defined)


# -- round two: expansion bombs, numbers Python refuses, ids that collide ------------------------

YAML_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
YAML_REFUSED = [
    ("bomb.md", YAML_BOMB),  # 9**9 leaves from under 500 bytes
    ("merge.md", "base: &b {title: A}\nother:\n  <<: *b\n"),  # a merge key is an alias too
    ("one.md", "title: &t Meta\nsource: *t\n"),
]


@pytest.mark.parametrize(("name", "front"), YAML_REFUSED)
def test_yaml_aliases_in_front_matter_are_refused(
    tmp_path: Path, store: Store, nlp: Any, name: str, front: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(f"---\n{front}---\n{BODY}\n")
    (folder / "good.txt").write_text(BODY)
    start = time.monotonic()
    summary = ingest_file(folder, store, nlp)
    assert time.monotonic() - start < 30
    assert summary.articles == 1  # the other file still goes in
    assert summary.failures[0][0] == str(folder / name)
    assert summary.failures[0][1].startswith("malformed YAML front matter: ")
    assert "aliases (*name) are not allowed" in summary.failures[0][1]
    assert articles(store) == [f"{ARTICLE}good"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (YAML_BOMB.encode(), "is not valid YAML: aliases (*name) are not allowed"),
        ("same:\n  Café: Meta\n".encode("latin-1"), "is not UTF-8 (byte 11); save it as UTF-8"),
        (b"same: " + b"[" * 5000 + b"]" * 5000, "is not valid YAML"),
        (b"same:\n  a: " + b"1" * 5000 + b"\n", "is not valid YAML"),
    ],
)
def test_a_hostile_alias_file_is_an_input_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    from storygraph.errors import InputError
    from storygraph.readers.aliases import load_aliases

    path = tmp_path / "aliases.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_aliases(path)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "line",
    [
        '{"text": "BODY", "count": ' + "1" * 5000 + "}",
        '{"text": "BODY", "meta": {"deep": [' + "9" * 4301 + "]}}",
        '{"id": ' + "7" * 10000 + ', "text": "BODY"}',
    ],
)
def test_a_json_number_python_refuses_fails_its_line_alone(
    tmp_path: Path, store: Store, nlp: Any, line: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dump.jsonl").write_text(
        f'{{"id": "first", "text": "{BODY}"}}\n{line.replace("BODY", BODY)}\n'
        f'{{"id": "third", "text": "{BODY}"}}\n'
    )
    (folder / "other.txt").write_text(BODY)
    summary = ingest_file(folder, store, nlp)
    assert summary.failures == [
        (
            f"{folder / 'dump.jsonl'}:2",
            f"the line's JSON holds a number of more than {sys.get_int_max_str_digits()} digits",
        )
    ]
    assert articles(store) == [f"{ARTICLE}{x}" for x in ("first", "other", "third")]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (["a/x.txt", "b/x.txt", "x-2.txt"], ["x", "x-2", "x-2-2"]),
        (
            ["a/x.txt", "b/x.txt", "c/x.txt", "x-2.txt", "x-3.txt"],
            ["x", "x-2", "x-2-2", "x-3", "x-3-2"],
        ),
        (["a/X.txt", "b/x.txt"], ["x", "x-2"]),  # one IRI, whatever the case
        (["a/café.txt", "b/cafe.txt"], ["cafe", "cafe-2"]),
    ],
)
def test_renamed_duplicate_ids_never_collide(
    tmp_path: Path, store: Store, nlp: Any, files: list[str], expected: list[str]
) -> None:
    folder = tmp_path / "in"
    for i, name in enumerate(files):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"Story {i}. {BODY}")
    summary = ingest_file(folder, store, nlp)
    assert summary.articles == len(files)
    assert sorted(articles(store)) == sorted(f"{ARTICLE}{x}" for x in expected)


def test_long_ids_that_share_80_characters_stay_apart(tmp_path: Path, nlp: Any) -> None:
    base = "https://news.example.com/2026/11/26/" + "a-very-long-headline-" * 5
    lines = [{"url": base + tail, "text": f"{tail}. {BODY}"} for tail in ("one", "two", "three")]
    (tmp_path / "long.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    with EmbeddedStore(tmp_path / "store") as s:
        assert ingest_file(tmp_path / "long.jsonl", s, nlp).articles == 3
    # a second run of one of them replaces nothing else
    (tmp_path / "again.jsonl").write_text(json.dumps(lines[1] | {"text": BODY}) + "\n")
    with EmbeddedStore(tmp_path / "store") as s:
        ingest_file(tmp_path / "again.jsonl", s, nlp)
        names = articles(s)
    assert len(names) == 3 and len(set(names)) == 3
    assert all(len(n) - len(ARTICLE) <= 80 for n in names)


XML_HEAD = '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{}\n]>\n'
XML_BODY = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://e.org/">'
    '<rdf:Description rdf:about="https://e.org/s"><e:p>{}</e:p></rdf:Description></rdf:RDF>\n'
)
LAUGHS = "\n".join(
    [' <!ENTITY l0 "lollollollollollollollollollol">']
    + [f' <!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
)


@pytest.mark.parametrize(
    ("entities", "text", "message"),
    [
        (LAUGHS, "&l9;", "expands to more than"),  # a billion laughs
        (' <!ENTITY big "' + "x" * 50_000 + '">', "&big;" * 2000, "expands to more than"),
        (' <!ENTITY x SYSTEM "file:///etc/passwd">', "&x;", "external or parameter entity 'x'"),
        (' <!ENTITY % p "x">', "x", "external or parameter entity 'p'"),
    ],
)
def test_rdf_xml_entities_cannot_blow_up_or_reach_out(
    tmp_path: Path, entities: str, text: str, message: str
) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_text(XML_HEAD.format(entities) + XML_BODY.format(text))
    store = str(tmp_path / "store")
    start = time.monotonic()
    result = CliRunner().invoke(
        cli, ["load", str(path), "--graph", "https://e.org/g", "--store", store]
    )
    assert time.monotonic() - start < 30
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path}: ")
    assert message in result.output


def test_rdf_xml_with_a_harmless_entity_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.rdf"
    path.write_text(
        XML_HEAD.format(' <!ENTITY e "https://e.org/">').replace("\n]>", "\n]>")
        + XML_BODY.replace("https://e.org/s", "&e;s").format("text")
    )
    store = str(tmp_path / "store")
    result = CliRunner().invoke(
        cli, ["load", str(path), "--graph", "https://e.org/g", "--store", store]
    )
    assert result.exit_code == 0, result.output
    with EmbeddedStore(store) as s:
        assert s.ask('ASK { <https://e.org/s> <https://e.org/p> "text" }')


@pytest.mark.parametrize("command", [["query", "ASK {}"], ["stats"], ["export", "--format", "nt"]])
def test_a_reader_never_makes_a_store_in_a_directory_that_is_not_one(
    tmp_path: Path, command: list[str]
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8")
    result = CliRunner().invoke(cli, [command[0], "--store", str(folder), *command[1:]])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no store at {folder}: the directory holds no ")
    assert sorted(p.name for p in folder.iterdir()) == ["cat.jpg"]


@pytest.mark.parametrize("victim", ["sst", "CURRENT"])
def test_a_damaged_store_is_an_error_not_a_traceback(tmp_path: Path, victim: str) -> None:
    store = tmp_path / "store"
    assert (
        CliRunner()
        .invoke(
            cli,
            [
                "load",
                str(Path(__file__).parent / "data" / "rdf" / "story.trig"),
                "--store",
                str(store),
            ],
        )
        .exit_code
        == 0
    )
    files = sorted(p for p in store.iterdir() if victim in p.name)
    assert files
    for f in files:
        f.write_bytes(f.read_bytes()[: max(1, f.stat().st_size // 3)])
    result = CliRunner().invoke(cli, ["query", "--store", str(store), "SELECT * { ?s ?p ?o }"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    assert not isinstance(result.exception, RuntimeError | OSError)


# -- round two, the rest: references, sizes, pipes, encodings, names ---------------------------

SOURCED = {"story": "tmp/news/story.txt", "other": "tmp/news/other.md", "feed-3": "feed.jsonl:3"}


def _sourced_store(tmp_path: Path) -> str:
    """A store of three articles with source paths, loaded as N-Quads (no extraction)."""
    lines = []
    for name, source in SOURCED.items():
        a = f"<{ARTICLE}{name}>"
        lines += [
            f"{a} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<https://w3id.org/storygraph/ns#Article> {a} .",
            f'{a} <https://w3id.org/storygraph/ns#sourcePath> "{source}" {a} .',
        ]
    (tmp_path / "articles.nq").write_text("\n".join(lines) + "\n")
    store = str(tmp_path / "store")
    assert CliRunner().invoke(cli, ["load", str(tmp_path / "articles.nq"), "--store", store])
    return store


def _graphs(store: str) -> list[str]:
    with EmbeddedStore(store, create=False) as s:
        return articles(s)


@pytest.mark.parametrize(
    "ref", ["", " ", "/", "txt", "tmp", ".", "news/", "tmp/news", "stor", "*", "%", ".*", ARTICLE]
)
def test_a_part_of_a_reference_names_no_article_on_the_command_line(
    tmp_path: Path, ref: str
) -> None:
    store = _sourced_store(tmp_path)
    before = _graphs(store)
    assert len(before) == 3
    removed = CliRunner().invoke(cli, ["remove", "--store", store, ref])
    assert removed.exit_code == 1
    assert removed.stderr.startswith(f"Error: no article {ref!r} in {store}; ")
    assert "removed" not in removed.stderr
    out = str(tmp_path / "o.json")
    exported = CliRunner().invoke(
        cli, ["export", "--store", store, "--format", "json", "-o", out, "--article", ref]
    )
    assert exported.exit_code == 1
    assert exported.output.startswith(f"Error: no article {ref!r} in {store}; ")
    assert not (tmp_path / "o.json").exists()
    assert _graphs(store) == before


@pytest.mark.parametrize("ref", ["story", f"{ARTICLE}story", "tmp/news/story.txt"])
def test_an_exact_reference_removes_that_article_alone(tmp_path: Path, ref: str) -> None:
    store = _sourced_store(tmp_path)
    result = CliRunner().invoke(cli, ["remove", "--store", store, ref])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"removed {ARTICLE}story\n"
    assert _graphs(store) == [f"{ARTICLE}feed-3", f"{ARTICLE}other"]


@pytest.mark.parametrize(
    ("option", "limit"), [("1K", 1024), ("1000", 1000), ("1KiB", 1024), ("2kb", 2048)]
)
def test_max_bytes_on_the_command_line(tmp_path: Path, option: str, limit: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text(BODY * 40)  # 3,480 bytes
    (folder / "dump.jsonl").write_text(json.dumps({"id": "line", "text": BODY * 40}) + "\n")
    result = CliRunner().invoke(
        cli, ["ingest", str(folder), "--max-bytes", option, "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == 1, result.output
    assert f"Error: {folder / 'big.txt'}: the file is 3,480 bytes, over the limit of " in (
        result.stderr
    )
    assert f"over the limit of {limit:,} bytes for one article; split it, or raise" in (
        result.stderr
    )
    assert f"Error: {folder / 'dump.jsonl'}:1: the line is " in result.stderr


@pytest.mark.parametrize("option", ["10x", "K", "-1", "1.5M", "١٠"])
def test_max_bytes_that_is_no_size_is_a_usage_error(tmp_path: Path, option: str) -> None:
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path), "--max-bytes", option, "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == 2
    assert "is not a size such as 20000000, 512K, 20M or 1G" in result.output


def test_max_bytes_raised_or_off_lets_a_big_article_in(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storygraph.extract.load_pipeline", lambda name=None: nlp)
    monkeypatch.setattr("storygraph.cli.default_workers", lambda: 1)
    (tmp_path / "big.txt").write_text(BODY * 40)
    for option in ("4K", "0"):
        store = str(tmp_path / f"store-{option}")
        result = CliRunner().invoke(
            cli, ["ingest", str(tmp_path / "big.txt"), "--max-bytes", option, "--store", store]
        )
        assert result.exit_code == 0, result.output
        assert _graphs(store) == [f"{ARTICLE}big"]


#: Runs storygraph's command line in this interpreter and, as it exits, writes its peak
#: resident memory (VmHWM, of this process alone: a forked child's ru_maxrss would count
#: its parent's too) to the file descriptor $STORYGRAPH_PEAK_FD.
PEAK_WRAPPER = (
    "import atexit, os, sys\n"
    "def peak():\n"
    "    kb = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
    "    os.write(int(os.environ['STORYGRAPH_PEAK_FD']), kb.encode())\n"
    "atexit.register(peak)\n"
    "from storygraph.cli import main\n"
    "sys.argv = ['storygraph', *sys.argv[1:]]\n"
    "main()\n"
)


def run_measured(
    args: list[str], feed: bytes = b"", total: int = 0, timeout: float = 600
) -> tuple[int, int, str]:
    """``storygraph ARGS`` fed ``total`` bytes on stdin (``feed`` repeated, as fast as it
    reads): its exit status, its peak resident memory in MiB, and its stderr."""
    import contextlib
    import threading

    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", PEAK_WRAPPER, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        pass_fds=(write_end,),
        env={**os.environ, "STORYGRAPH_PEAK_FD": str(write_end)},
    )
    os.close(write_end)

    def write() -> None:
        assert process.stdin is not None
        sent = 0
        try:
            while sent < total:
                process.stdin.write(feed)
                sent += len(feed)
        except OSError:  # it stopped reading: what the test is for
            pass
        finally:
            with contextlib.suppress(OSError):
                process.stdin.close()

    threading.Thread(target=write, daemon=True).start()
    assert process.stderr is not None
    with process.stderr:
        stderr = process.stderr.read().decode()
    process.wait(timeout=timeout)
    with os.fdopen(read_end, "rb") as fh:
        peak = int(fh.read()) // 1024
    return process.returncode, peak, stderr


def _ingest_stdin(tmp_path: Path, feed: bytes, total: int, *extra: str) -> tuple[int, int, str]:
    return run_measured(["ingest", "-", "--store", str(tmp_path / "s"), *extra], feed, total)


@pytest.mark.parametrize(
    ("feed", "extra", "limit"),
    [
        (b"a" * 65536, ("--max-bytes", "1M"), 1 << 20),
        (b"a" * 65536, (), DEFAULT_MAX_BYTES),
        (b"<html><body><p>" + b"a" * 65521, (), DEFAULT_MAX_BYTES),
        (b"\n" * 65536, ("--max-bytes", "1M"), 1 << 20),  # white space before anything
    ],
)
def test_stdin_is_never_read_past_the_limit(
    tmp_path: Path, feed: bytes, extra: tuple[str, ...], limit: int
) -> None:
    # 256 MiB offered; held whole it would be over 256 MiB of memory
    code, peak, stderr = _ingest_stdin(tmp_path, feed, 256 << 20, *extra)
    assert code == 1, stderr
    assert f"Error: <stdin>: the input is over the limit of {limit:,} bytes" in stderr
    assert peak < 160, f"{peak} MiB"


def test_json_lines_on_stdin_stream(tmp_path: Path) -> None:
    # one endless line: it fails alone, and the memory stays flat
    code, peak, stderr = _ingest_stdin(tmp_path, b'{"text": "' + b"a" * 65526, 256 << 20)
    assert code == 1, stderr
    assert "Error: <stdin>:1: the line is " in stderr
    assert peak < 160, f"{peak} MiB"


@pytest.fixture
def fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import storygraph.readers.files as files

    monkeypatch.setattr(files, "FIFO_WAIT", 0.5)
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "{fifo}"],
        ["ingest", "{fifo}.jsonl"],
        ["query", "-f", "{fifo}"],
        ["update", "-f", "{fifo}"],
        ["link", "--aliases", "{fifo}"],
    ],
)
def test_a_named_pipe_without_a_writer_is_refused_not_waited_for(
    tmp_path: Path, fifo: Path, command: list[str]
) -> None:
    if command[-1] == "{fifo}.jsonl":
        os.rename(fifo, f"{fifo}.jsonl")
    args = [a.format(fifo=fifo) for a in command]
    store = str(tmp_path / "store")
    assert CliRunner().invoke(cli, ["update", "--store", store, "CLEAR DEFAULT"]).exit_code == 0
    start = time.monotonic()
    result = CliRunner().invoke(cli, [*args, "--store", store])
    assert time.monotonic() - start < 10
    assert result.exit_code == 1, result.output
    assert "a named pipe that nothing wrote to within 0.5 s" in result.output
    # the store is free again at once
    assert CliRunner().invoke(cli, ["query", "--store", store, "ASK {}"]).exit_code == 0


def test_a_named_pipe_with_a_writer_is_read(fifo: Path) -> None:
    import threading

    def write() -> None:
        time.sleep(0.2)
        fifo.write_text(BODY)

    threading.Thread(target=write, daemon=True).start()
    (result,) = list(read_articles([str(fifo)]))
    assert result.error is None
    assert result.article is not None and result.article.text == BODY


LATIN1_QUERY = 'ASK { ?s ?p "café" }'.encode("latin-1")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["query", "-f", "{file}"], None, "{file} is not UTF-8 (byte 16); save it as UTF-8"),
        (["update", "-f", "{file}"], None, "{file} is not UTF-8 (byte 16); save it as UTF-8"),
        (["query"], LATIN1_QUERY, "standard input is not UTF-8 (byte 16); save it as UTF-8"),
        (["update", "-"], LATIN1_QUERY, "standard input is not UTF-8 (byte 16)"),
        (["query", 'ASK { ?s ?p "\udce9" }'], None, "an argument holds bytes that are not UTF-8"),
        (["update", 'INSERT DATA { <a:b> <a:c> "\udce9" }'], None, "not UTF-8 (\\udce9)"),
        (["load", "{file}", "--graph", "https://e.org/\udcff"], None, "is not a graph name"),
    ],
)
def test_text_that_is_not_utf8_is_an_error_not_a_traceback(
    tmp_path: Path, args: list[str], stdin: bytes | None, message: str
) -> None:
    file = tmp_path / "latin1.rq"
    file.write_bytes(LATIN1_QUERY)
    if args[0] == "load":
        file = tmp_path / "x.nt"
        file.write_text("<a:b> <a:c> <a:d> .\n")
    store = str(tmp_path / "store")
    assert CliRunner().invoke(cli, ["update", "--store", store, "CLEAR DEFAULT"]).exit_code == 0
    argv = [a.replace("{file}", str(file)) for a in args] + ["--store", store]
    result = CliRunner().invoke(cli, argv, input=stdin)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, UnicodeError)
    assert result.output.startswith("Error: ")
    assert message.replace("{file}", str(file)) in result.output


HOSTILE_NAMES = [
    "x\x1b[2J\x1b]2;owned\x07.txt",  # clear the screen, retitle the window
    "invoice\u202etxt.exe.txt",  # right-to-left override: shows as ...exe.txt reversed
    "line\nError: forged.txt",  # a forged line
    "bell\x07\x9b31m.txt",  # BEL and the C1 CSI
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_are_printed_with_control_characters_escaped(tmp_path: Path, name: str) -> None:
    from storygraph.progress import printable

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(BODY * 40)
    store = str(tmp_path / "store")
    shown = printable(str(folder / name), lines=False)
    assert shown != str(folder / name)
    outputs = []
    # a failure (over --max-bytes), a status line with the name, a missing file, a missing id
    failed = CliRunner().invoke(cli, ["ingest", str(folder), "--max-bytes", "10", "--store", store])
    assert f"Error: {shown}: the file is 3,480 bytes" in failed.stderr
    outputs.append(failed.stderr)
    nt = tmp_path / f"{name}.nt"
    nt.write_text("<a:b> <a:c> <a:d> .\n")
    loaded = CliRunner().invoke(
        cli, ["load", str(nt), "--graph", "https://e.org/g", "--store", store]
    )
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stderr == f"loaded 1 statements from {printable(str(nt), lines=False)}\n"
    outputs.append(loaded.stderr)
    out = tmp_path / f"{name}.json"
    outputs.append(
        CliRunner()
        .invoke(cli, ["export", "--format", "json", "-o", str(out), "--store", store])
        .stderr
    )
    outputs.append(CliRunner().invoke(cli, ["load", str(tmp_path / name), "--store", store]).output)
    outputs.append(CliRunner().invoke(cli, ["remove", name, "--store", store]).stderr)
    for text in outputs:
        assert not any(c in text for c in "\x1b\x07\x9b\u202e"), text
        assert "\nError: forged" not in text


@pytest.mark.parametrize("name", [n for n, _ in YAML_REFUSED])
@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_yaml_aliases_in_a_sidecar_are_refused(tmp_path: Path, name: str, suffix: str) -> None:
    front = dict(YAML_REFUSED)[name]
    (tmp_path / "ford.txt").write_text(BODY)
    (tmp_path / f"ford{suffix}").write_text(front)
    start = time.monotonic()
    (result,) = list(read_articles([str(tmp_path / "ford.txt")]))
    assert time.monotonic() - start < 10
    assert result.error == (
        f"malformed metadata file ford{suffix}: aliases (*name) are not allowed"
    )


def test_the_workbench_alias_file_refuses_yaml_aliases(tmp_path: Path) -> None:
    from storygraph.errors import InputError
    from storygraph.serve.edits import _update_alias_file

    path = tmp_path / "aliases.yaml"
    path.write_text(YAML_BOMB)
    with pytest.raises(InputError) as info:
        _update_alias_file(path, True, "Meta", "Facebook")
    assert "aliases (*name) are not allowed" in str(info.value)
    assert path.read_text() == YAML_BOMB


# -- exports of hostile data: XML that parses, nesting without recursion --------------------------

CONTROL_LABELS = [
    "Meta\\fPlatforms",  # a form feed, kept in text as white space
    "Ford\\u000B Motor",  # a vertical tab
    "NUL\\u0000SOH\\u0001BS\\u0008US\\u001F",  # C0 controls XML 1.0 forbids even escaped
    "Not a character\\uFFFE\\uFFFF",
    "Tab\\tnewline\\nreturn\\r kept",  # the three controls XML allows
]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_characters_xml_cannot_hold_never_reach_graphml_or_gexf(tmp_path: Path, fmt: str) -> None:
    import xml.etree.ElementTree as ET

    import networkx as nx

    data = "@prefix sg: <https://w3id.org/storygraph/ns#> .\n" + "".join(
        f'<https://e.org/n{i}> a sg:Organization ; <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n'
        for i, label in enumerate(CONTROL_LABELS)
    )
    (tmp_path / "hostile.ttl").write_text(data)
    store = str(tmp_path / "store")
    loaded = CliRunner().invoke(
        cli, ["load", str(tmp_path / "hostile.ttl"), "--graph", "https://e.org/g", "--store", store]
    )
    assert loaded.exit_code == 0, loaded.output
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(out), "--store", store])
    assert result.exit_code == 0, result.output
    ET.parse(out)  # well-formed XML 1.0
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    labels = sorted(str(d.get("label", "")) for _, d in graph.nodes(data=True))
    assert labels == sorted(
        [
            "Meta Platforms",
            "Ford  Motor",
            "NULSOHBSUS",
            "Not a character",
            "Tab\tnewline\nreturn\r kept",
        ]
    )


def test_a_form_feed_in_an_article_exports_as_xml(tmp_path: Path, store: Store, nlp: Any) -> None:
    import xml.etree.ElementTree as ET

    from storygraph.export import GraphOptions, export_story

    (tmp_path / "ff.txt").write_text(f"Meta\fPlatforms said on Wednesday.\f\n\n{BODY}\x0b")
    assert ingest_file(tmp_path / "ff.txt", store, nlp).articles == 1
    for fmt in ("graphml", "gexf"):
        export_story(store, fmt, tmp_path / f"ff.{fmt}", GraphOptions())
        ET.parse(tmp_path / f"ff.{fmt}")


def _deep_blank_nodes(path: Path, depth: int) -> None:
    path.write_text(
        "<https://e.org/s> <https://e.org/p> _:b0 .\n"
        + "".join(f"_:b{i} <https://e.org/p> _:b{i + 1} .\n" for i in range(depth))
        + f'_:b{depth} <https://e.org/p> "bottom" .\n'
    )


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "jsonld"],
        ["export", "--format", "jsonld", "--graph", "https://e.org/g"],
        ["export", "--format", "turtle"],
        ["export", "--format", "trig"],
        ["query", "--format", "turtle", "CONSTRUCT WHERE { ?s ?p ?o }"],
        ["query", "--format", "nt", "CONSTRUCT WHERE { ?s ?p ?o }"],
        ["query", "DESCRIBE <https://e.org/s>"],
        ["validate"],
    ],
)
def test_blank_nodes_nested_5000_deep_export_without_a_traceback(
    tmp_path: Path, command: list[str]
) -> None:
    import pyoxigraph as ox

    _deep_blank_nodes(tmp_path / "deep.nt", 5000)
    store = str(tmp_path / "store")
    loaded = CliRunner().invoke(
        cli, ["load", str(tmp_path / "deep.nt"), "--graph", "https://e.org/g", "--store", store]
    )
    assert loaded.exit_code == 0, loaded.output
    result = CliRunner().invoke(cli, [*command, "--store", store])
    assert not isinstance(result.exception, RecursionError)
    assert result.exit_code == 0, result.output
    if command[0] == "validate":
        return
    fmt = {"jsonld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG}.get(
        command[2] if command[1] == "--format" else "", ox.RdfFormat.TURTLE
    )
    statements = list(ox.parse(result.stdout_bytes, format=fmt))
    deep = [q for q in statements if str(q.predicate) == "<https://e.org/p>"]
    assert len(deep) == 5002 or command[-1].startswith("DESCRIBE")


@pytest.mark.parametrize("keep", [0.0, 0.1, 0.33])
@pytest.mark.parametrize(
    "command",
    [["query", "ASK { ?s ?p ?o }"], ["stats"], ["export", "--format", "nt"], ["update", ""]],
)
def test_a_store_whose_manifest_is_cut_short_is_refused_and_kept(
    tmp_path: Path, keep: float, command: list[str]
) -> None:
    store = tmp_path / "store"
    story = str(Path(__file__).parent / "data" / "rdf" / "story.trig")
    assert CliRunner().invoke(cli, ["load", story, "--store", str(store)]).exit_code == 0
    (manifest,) = store.glob("MANIFEST-*")
    data = manifest.read_bytes()
    manifest.write_bytes(data[: int(len(data) * keep)])
    before = {p.name: p.read_bytes() for p in store.iterdir() if p.suffix == ".sst"}
    assert before
    result = CliRunner().invoke(cli, [command[0], "--store", str(store), *command[1:]])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: cannot open the store at {store}: it is damaged")
    # nothing was deleted or changed: the data can still be repaired or copied out
    assert {p.name: p.read_bytes() for p in store.iterdir() if p.suffix == ".sst"} == before
    assert manifest.read_bytes() == data[: int(len(data) * keep)]
    assert not list(store.glob(".storygraph-open-*"))


# -- memory per article ------------------------------------------------------------------------

#: The stated bound (docs/reliability.md, "Memory per article"): extracting one article takes
#: at most MEMORY_BASE_MIB + MEMORY_PER_MB_MIB per MB of its text above the pipeline's own
#: footprint, whatever its shape.
MEMORY_BASE_MIB = 80
MEMORY_PER_MB_MIB = 200

#: What each child below shares: its memory figures, and the reset of its peak.
_CHILD_MEMORY = textwrap.dedent(
    """
    def status(field):
        with open("/proc/self/status") as fh:
            return next(int(l.split()[1]) << 10 for l in fh if l.startswith(field))

    def reset_peak():
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # VmHWM := VmRSS: the peak from here on
    """
)

_PEAK_CHILD = _CHILD_MEMORY + textwrap.dedent(
    """
    import json, sys
    from datetime import date
    from storygraph.extract import extract_article, load_pipeline
    from storygraph.readers import read_articles
    from storygraph.records import Article

    nlp = load_pipeline()
    warm = "Meta told 7,000 engineers on Wednesday that they could leave.\\nThey left."
    extract_article(Article(id="warm", text=warm, published=date(2026, 11, 26)), nlp)
    [result] = read_articles([sys.argv[1]], max_bytes=None)
    base = status("VmRSS")
    reset_peak()
    ext = extract_article(result.article, nlp)
    print(json.dumps({"base": base, "peak": status("VmHWM"), "sentences": len(ext.sentences)}))
    """
)


def _run_child(script: str, *args: str, timeout: float) -> dict[str, int]:
    """Run one of the children above; what it printed (a skip where the peak cannot be
    reset)."""
    if not Path("/proc/self/clear_refs").exists():
        pytest.skip("needs Linux's /proc/self/clear_refs to reset the peak")
    run = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if run.returncode != 0 and "clear_refs" in run.stderr:
        pytest.skip(f"cannot reset the peak: {run.stderr.strip().splitlines()[-1]}")
    assert run.returncode == 0, run.stderr
    out: dict[str, int] = json.loads(run.stdout)
    return out


_FIRST = ["Dana", "Ravi", "Ines", "Tomas", "Mei", "Omar", "Lena", "Kofi", "Aiko", "Pavel"]
_LAST = ["Whitfield", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Castell"]
_ORG = ["Brightline", "Northvale", "Corvex", "Halden", "Quorra", "Vantis", "Meridel"]
_TEMPLATES = [
    "{p}, a spokesperson for {o} Corp., said on {d} that the company would cut {n} jobs.",
    "{o} told {n} engineers last month that they could leave the {o} task force.",
    'Analysts at {o} said shares fell {n} percent after the memo, which "changed nothing".',
    "The memo, obtained by {o} News, was sent to staff on {d}, {p} said.",
    "It is not known whether {o} will move the {n} workers, according to two people.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _sentence(i: int) -> str:
    return _TEMPLATES[i % len(_TEMPLATES)].format(
        p=f"{_FIRST[i % 10]} {_LAST[i // 10 % 8]}{i // 80 or ''}",
        o=f"{_ORG[i % 7]}{i // 70 or ''}",
        d=_DAYS[i % 5],
        n=(i * 37) % 9000 + 2,
    )


def _article_of(shape: str, size: int) -> str:
    """About ``size`` characters of text in one of the shapes that once took the most memory."""
    if shape == "one-word lines":  # 100,000 a MB: a Doc each
        return "\n".join(f"w{i:07d}" for i in range(size // 9))
    sentences = (_sentence(i) for i in range(size))  # more than enough, lazily
    parts: list[str] = []
    total = 0
    while total < size:
        part = next(sentences)
        if shape == "paragraphs":
            part += " " + next(sentences)
        elif shape == "bullets":
            part = "- " + " ".join(part.split()[:8])
        parts.append(part)
        total += len(part) + 1
    return (" " if shape == "one line" else "\n").join(parts)


def _extraction_peak(tmp_path: Path, shape: str, size: int) -> tuple[float, float, int]:
    """The child's resident memory before extraction and its peak during it, in MiB."""
    text = _article_of(shape, size)
    if shape == "one JSON line":
        path = tmp_path / "article.jsonl"
        record = {"id": "big", "published": "2026-11-26", "text": _article_of("paragraphs", size)}
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    else:
        path = tmp_path / "article.txt"
        path.write_text(f"---\npublished: 2026-11-26\n---\n{text}\n", encoding="utf-8")
    out = _run_child(_PEAK_CHILD, str(path), timeout=300)
    return out["base"] / 2**20, out["peak"] / 2**20, out["sentences"]


def _bound(size: int) -> float:
    return MEMORY_BASE_MIB + MEMORY_PER_MB_MIB * size / 1e6


def test_an_article_of_many_one_word_paragraphs_stays_within_the_memory_bound(
    tmp_path: Path,
) -> None:
    """22,222 one-word paragraphs (200 kB, 23 segments): 180 MiB before the bound, 30 now."""
    size = 200_000
    base, peak, sentences = _extraction_peak(tmp_path, "one-word lines", size)
    assert sentences >= size // 9
    assert peak - base <= _bound(size), f"{peak - base:.0f} MiB over {base:.0f} MiB"


@pytest.mark.parametrize(
    "shape", ["paragraphs", "one line", "bullets", "one JSON line", "one-word lines"]
)
def test_each_shape_of_article_stays_within_the_memory_bound(tmp_path: Path, shape: str) -> None:
    """60 kB of each shape: 58-194 MiB before the bound (one line the most), 15-27 now."""
    size = 60_000
    base, peak, sentences = _extraction_peak(tmp_path, shape, size)
    assert sentences > 100
    assert peak - base <= _bound(size), f"{peak - base:.0f} MiB over {base:.0f} MiB"


#: The stated bound for ingesting one article (docs/reliability.md, "Memory per article"):
#: extraction, its triples as strings (~0.25 kB each, up to ~1.25M a MB of text) and a write
#: step of at most WRITE_STEP triples, above the pipeline's and the store's own footprint.
INGEST_BASE_MIB = 150
INGEST_PER_MB_MIB = 450

_INGEST_PEAK_CHILD = _CHILD_MEMORY + textwrap.dedent(
    """
    import json, sys
    from datetime import date
    from storygraph.extract import load_pipeline
    from storygraph.ingest import ingest
    from storygraph.readers import Overrides
    from storygraph.store import EmbeddedStore

    nlp = load_pipeline()
    overrides = Overrides(published=date(2026, 11, 26))
    with EmbeddedStore(sys.argv[2]) as store:
        ingest([sys.argv[3]], store, nlp, overrides=overrides)  # warm: store and pipeline
        base = status("VmRSS")
        reset_peak()
        summary = ingest([sys.argv[1]], store, nlp, overrides=overrides)
    print(json.dumps({"base": base, "peak": status("VmHWM"), "triples": summary.triples}))
    """
)


def _made_up_name(i: int) -> str:
    syllables = ["ka", "lo", "mi", "ru", "te", "so", "va", "ne", "di", "po", "gu", "ze"]
    word = ""
    while True:
        word += syllables[i % len(syllables)]
        i //= len(syllables)
        if not i:
            return word.capitalize() + "n"


def test_ingesting_an_article_of_many_short_sentences_stays_within_the_memory_bound(
    tmp_path: Path,
) -> None:
    """100 kB of one-sentence lines, each naming someone (~92,000 triples, about the most triples
    a byte of text makes): 253 MiB above the footprint before writes went in steps (the
    article's N-Quads as one string, sorted whole by Oxigraph's loader), 114 now."""
    size = 100_000
    lines: list[str] = []
    while sum(map(len, lines)) + len(lines) < size:
        lines.append(f"{_made_up_name(len(lines) + 500)} rose.")
    article = tmp_path / "short-lines.txt"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warm = tmp_path / "warm.txt"
    warm.write_text("Meta told 7,000 engineers on Wednesday that they could leave.\n")
    out = _run_child(_INGEST_PEAK_CHILD, str(article), str(tmp_path / "s"), str(warm), timeout=600)
    assert out["triples"] > 80_000
    used = (out["peak"] - out["base"]) / 2**20
    assert used <= INGEST_BASE_MIB + INGEST_PER_MB_MIB * size / 1e6, f"{used:.0f} MiB"
