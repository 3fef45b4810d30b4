"""Per-article metadata for plain text (issue 15): sidecar files, a date in the file name,
``--published-from filename``, the first line as headline, one warning for undated articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from storygraph.clioptions import report_problems
from storygraph.readers import Overrides, read_articles
from storygraph.readers.decode import declared_charset, decode_html
from storygraph.readers.metadata import MISSING_DATE, date_in_name, first_line_headline

BODY = "Ford and GM report steep losses\n\nDETROIT — Ford reported a loss on Friday.\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2016-10-31-ford-losses", date(2016, 10, 31)),
        ("ford_2016-10-31_losses", date(2016, 10, 31)),
        ("ford-losses-2016-10-31", date(2016, 10, 31)),
        ("20161031-ford", date(2016, 10, 31)),
        ("report.2016.10.31", date(2016, 10, 31)),
        ("ford-losses", None),
        ("2016-13-01-x", None),  # no 13th month
        ("2016-02-30-x", None),  # no 30 February
        ("id-1201610310", None),  # digits of a longer number
        ("2016-10_31-x", None),  # mixed separators
    ],
)
def test_date_in_name(name: str, expected: date | None) -> None:
    assert date_in_name(name) == expected


@given(st.text(max_size=40))
def test_date_in_name_never_raises(name: str) -> None:
    found = date_in_name(name)
    assert found is None or 1900 <= found.year <= 2099


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (BODY, "Ford and GM report steep losses"),
        ("Is Meta in trouble?\nIt is not.", "Is Meta in trouble?"),
        ("Meta reassigned 7,000 engineers. On Wednesday it said so.\nMore.", None),
        ("DETROIT — FORD\nFord reported a loss.", None),  # a dateline, all capitals
        ("Losses:\nFord lost $2.7 billion.", None),
        ('He said "no."\nMore.', None),
        ("One line only, no body", None),
        ("Word\nmore text", None),  # one word is not a headline
        (" ".join(["word"] * 21) + "\nmore text", None),
        ("- a bullet first\nmore text", None),
    ],
)
def test_first_line_headline(text: str, headline: str | None) -> None:
    assert first_line_headline(text) == headline


def read(path: Path, overrides: Overrides | None = None) -> object:
    (result,) = list(read_articles([str(path)], overrides))
    assert result.error is None, result.error
    return result.article


def test_plain_text_takes_its_date_from_the_file_name_and_headline_from_line_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "2016-10-31-ford.txt"
    path.write_text(BODY, encoding="utf-8")
    article = read(path)
    assert article.published == date(2016, 10, 31)  # type: ignore[attr-defined]
    assert article.title == "Ford and GM report steep losses"  # type: ignore[attr-defined]
    assert article.warnings == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ford.json", '{"published": "2016-10-30", "publisher": "Ledger", "title": "T"}'),
        ("ford.yaml", "published: 2016-10-30\npublisher: Ledger\ntitle: T\n"),
        ("ford.yml", "published: '2016-10-30'\npublisher: Ledger\ntitle: T\n"),
    ],
)
def test_a_sidecar_file_gives_the_metadata(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / "ford.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    article = read(tmp_path / "ford.txt")
    assert article.published == date(2016, 10, 30)  # type: ignore[attr-defined]
    assert (article.publisher, article.title) == ("Ledger", "T")  # type: ignore[attr-defined]


def test_front_matter_wins_over_the_sidecar_and_the_sidecar_is_no_article(tmp_path: Path) -> None:
    (tmp_path / "ford.txt").write_text("---\npublished: 2016-10-01\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "ford.json").write_text('{"published": "2016-10-30", "publisher": "L"}')
    (result,) = list(read_articles([str(tmp_path)]))
    assert result.article is not None
    assert result.article.published == date(2016, 10, 1)
    assert result.article.publisher == "L"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "the metadata file ford.json is not a mapping of keys to values"),
        (
            "{oops",
            "malformed metadata file ford.json: Expecting property name enclosed in "
            "double quotes: line 1 column 2 (char 1)",
        ),
    ],
)
def test_a_bad_sidecar_fails_its_article(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "ford.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "ford.json").write_text(content, encoding="utf-8")
    (result,) = list(read_articles([str(tmp_path / "ford.txt")]))
    assert result.article is None
    assert result.error == message


@pytest.mark.parametrize(
    ("overrides", "dated", "undated"),
    [
        # default: --published overrides every file
        (Overrides(published=date(2020, 1, 1)), date(2020, 1, 1), date(2020, 1, 1)),
        # --published-from filename: the name first, then the metadata, then --published
        (
            Overrides(published=date(2020, 1, 1), published_from="filename"),
            date(2016, 10, 31),
            date(2020, 1, 1),
        ),
        (Overrides(), date(2016, 10, 31), None),
    ],
)
def test_published_from_filename(
    tmp_path: Path, overrides: Overrides, dated: date, undated: date | None
) -> None:
    (tmp_path / "2016-10-31-a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    got = {r.source: r.article.published for r in read_articles([str(tmp_path)], overrides)}  # type: ignore[union-attr]
    assert got == {str(tmp_path / "2016-10-31-a.txt"): dated, str(tmp_path / "b.txt"): undated}


def test_the_missing_date_is_one_warning_with_a_count() -> None:
    summary = SimpleNamespace(
        warnings=[f"a{i}.txt: {MISSING_DATE}" for i in range(84)] + ["x.html: other"],
        warnings_omitted=0,
        failures=[],
        failures_omitted=0,
    )

    @click.command()
    def show() -> None:
        report_problems(summary)

    out = CliRunner().invoke(show).output
    assert out == (
        "Warning: x.html: other\n"
        "Warning: 84 article(s) without a publication date (a0.txt and 83 more): relative "
        "times (last month, Wednesday) stay unresolved. Give the date in front matter, a "
        "sidecar .json/.yaml or the file name (2016-10-31-….txt), or --published YYYY-MM-DD.\n"
    )


# -- HTML in its declared or detected charset ----------------------------------------------------

RUSSIAN = "Компания Meta сообщила в среду, что её выручка выросла на десять процентов."


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1251">',
        "<meta charset=cp1251>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ],
)
def test_html_is_read_in_its_declared_charset(head: str) -> None:
    page = f"<html><head>{head}</head><body><p>{RUSSIAN}</p></body></html>"
    text, warnings = decode_html(page.encode("cp1251"), "p.html")
    assert RUSSIAN in text and warnings == []


def test_html_without_a_declaration_has_its_charset_detected() -> None:
    page = "<html><body>" + f"<p>{RUSSIAN}</p>" * 3 + "</body></html>"
    text, warnings = decode_html(page.encode("cp1251"), "p.html")
    assert RUSSIAN in text
    assert warnings == [
        "p.html: not valid UTF-8 and no charset declared; decoded as cp1251 (detected)"
    ]


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (b'<meta charset="ISO-8859-1">', "cp1252"),  # as browsers read it
        (b"<meta charset='utf-8'>", "utf-8"),
        (b'<meta charset="no-such-codec">', None),
        (b"<p>charset=koi8-r</p>", None),  # not in a meta element
    ],
)
def test_declared_charset(data: bytes, codec: str | None) -> None:
    assert declared_charset(data) == codec


def test_an_html_file_in_windows_1251_reads_right(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1251"><title>Выручка Meta</title></head>'
        f"<body><article><p>{RUSSIAN}</p><p>{RUSSIAN}</p></article></body></html>"
    )
    path = tmp_path / "2016-10-31-meta.html"
    path.write_bytes(page.encode("cp1251"))
    article = read(path)
    assert RUSSIAN in article.text  # type: ignore[attr-defined]
    assert article.published == date(2016, 10, 31)  # type: ignore[attr-defined]


def test_a_sidecar_with_yaml_aliases_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ford.txt").write_text(BODY, encoding="utf-8")
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    (tmp_path / "ford.yaml").write_text(bomb, encoding="utf-8")
    (result,) = list(read_articles([str(tmp_path / "ford.txt")]))
    assert result.error == ("malformed metadata file ford.yaml: aliases (*name) are not allowed")
