"""Readers: every input format, metadata, structure and every bad-input case."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import EXAMPLE
from storygraph.errors import ArticleError
from storygraph.readers import Overrides, find_blocks, parse_date, read_articles, slugify
from storygraph.records import BlockKind


def read(*paths: Path | str, **kw: object) -> list:
    return list(read_articles([str(p) for p in paths], Overrides(**kw)))  # type: ignore[arg-type]


def test_plain_text_with_blocks() -> None:
    [r] = read(EXAMPLE, published=date(2026, 11, 26))
    a = r.article
    assert a is not None and a.id == "meta-applied-ai-reversal"
    headings = [a.text[b.start : b.end] for b in a.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        "Key Takeaways",
        "What the Memo Says",
        "What Business Insider Confirmed",
        "Why the Reversal Happened",
        "What Remains Unknown",
        "What to Watch",
    ]
    bullets = [b for b in a.blocks if b.kind is BlockKind.BULLET]
    assert len(bullets) == 3
    assert a.published == date(2026, 11, 26) and not a.warnings


def test_markdown_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "story.md"
    p.write_text(
        "---\ntitle: A title\npublished: 2026-11-26\npublisher: Business Insider\n"
        "author: Jane Roe\nurl: https://example.org/a\nid: my-story\n---\n# Heading\n\nBody text here.\n",
        encoding="utf-8",
    )
    [r] = read(p)
    a = r.article
    assert a is not None
    assert (a.id, a.title, a.published, a.publisher, a.author, a.url) == (
        "my-story",
        "A title",
        date(2026, 11, 26),
        "Business Insider",
        "Jane Roe",
        "https://example.org/a",
    )
    assert a.text.startswith("# Heading")
    assert [b.kind for b in a.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]


def test_overrides_win(tmp_path: Path) -> None:
    p = tmp_path / "s.md"
    p.write_text("---\ntitle: Old\npublished: 2020-01-01\n---\nText.\n", encoding="utf-8")
    [r] = read(p, published=date(2026, 1, 2), title="New", publisher="P")
    assert r.article is not None
    assert (r.article.title, r.article.published, r.article.publisher) == (
        "New",
        date(2026, 1, 2),
        "P",
    )


def test_html_page(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Meta reverses course</title>"
        '<meta property="article:published_time" content="2026-11-26"></head><body>'
        "<nav>Home | World | Tech</nav><article><h1>Meta reverses course</h1>"
        + "".join(
            f"<p>Meta reassigned engineers to a task force, paragraph {i}. It told them they could leave.</p>"
            for i in range(6)
        )
        + "</article><footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    [r] = read(p)
    assert r.article is not None, r.error
    assert "Meta reassigned engineers" in r.article.text
    assert "Copyright" not in r.article.text
    assert r.article.title == "Meta reverses course"


def test_jsonl_lines_and_a_bad_line(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    lines = [
        json.dumps(
            {"id": "one", "title": "T1", "text": "Meta told them.", "published": "2026-11-26"}
        ),
        "{not json",
        json.dumps({"id": "two", "text": "Business Insider confirmed it."}),
        json.dumps({"id": "three"}),
        json.dumps(["a list"]),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(p)
    assert [r.article.id if r.article else None for r in results] == [
        "one",
        None,
        "two",
        None,
        None,
    ]
    assert results[1].error is not None and "malformed JSON" in results[1].error
    assert results[1].source.endswith("a.jsonl:2")
    assert results[3].error == "the object has neither 'text' nor 'html'"
    assert results[4].error == "the line is JSON but not an object"


def test_directory_recursive_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("Second article.", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    assert [r.article.id for r in read(tmp_path) if r.article] == ["a", "b"]

    class Stdin:
        buffer = io.BytesIO(b"Text from a pipe.")

    monkeypatch.setattr("sys.stdin", Stdin)
    [r] = read("-")
    assert r.article is not None and r.article.text == "Text from a pipe."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\t  \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks binary"),
        (b"---\ntitle: [unclosed\n---\nBody.", "malformed YAML front matter"),
        (b"---\n- a\n- b\n---\nBody.", "front matter is not a mapping"),
        (b"---\npublished: not a date\n---\nBody.", "cannot parse the published date 'not a date'"),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    [r] = read(p)
    assert r.article is None and r.error is not None and message in r.error


def test_html_without_article_text(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_text(
        "<html><body><script>alert(1)</script><!-- nothing --></body></html>", encoding="utf-8"
    )
    [r] = read(p)
    assert r.error == "no article text found in the HTML page"


def test_legacy_encoding_is_decoded_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "cp.txt"
    p.write_bytes("Caf\u00e9 \u201cquoted\u201d text.".encode("cp1252"))
    [r] = read(p)
    assert r.article is not None and r.article.text == "Caf\u00e9 \u201cquoted\u201d text."
    assert any("decoded as Windows-1252" in w for w in r.warnings)


def test_missing_path_and_no_date_warning(tmp_path: Path) -> None:
    [r] = read(tmp_path / "nope.txt")
    assert r.error == "no such file or directory"
    p = tmp_path / "x.txt"
    p.write_text("Meta told them last month.", encoding="utf-8")
    [r] = read(p)
    assert any("no publication date" in w for w in r.warnings)


def test_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    [r] = read(loop)
    assert r.article is None and r.error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26", date(2026, 11, 26)),
        ("2026-11-26T08:00:00Z", date(2026, 11, 26)),
        ("November 26, 2026", date(2026, 11, 26)),
        ("26 Nov 2026", date(2026, 11, 26)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday-ish", "0000-01-01", "2026-13-01"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ArticleError):
        parse_date(text)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_blocks_cover_only_real_text(text: str) -> None:
    blocks = find_blocks(text)
    last = -1
    for b in blocks:
        assert 0 <= b.start < b.end <= len(text)
        assert b.start > last
        assert text[b.start : b.end].strip() == text[b.start : b.end]
        assert "\n" not in text[b.start : b.end]
        last = b.end


@given(st.text(max_size=100))
def test_slugs_are_iri_safe(text: str) -> None:
    slug = slugify(text)
    assert slug and all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
