"""Article bytes to clean text: the encoding guessed, binary refused, controls dropped.

An HTML page says its encoding (``<meta charset>``, or ``http-equiv`` Content-Type): a
page in windows-1251 is read as such, not guessed as cp1252; a page that says nothing and
is not UTF-8 has its encoding detected (charset-normalizer).
"""

from __future__ import annotations

import codecs
import re

from storygraph.errors import ArticleError

__all__ = ["clean_text", "declared_charset", "decode_bytes", "decode_html"]

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# What the WHATWG Encoding standard reads these labels as (browsers agree): Latin-1 and
# ASCII pages are windows-1252.
_WHATWG = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The Python codec an HTML page's first 4 KiB declare, or None (none, or unknown)."""
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _WHATWG.get(name, name)


def decode_html(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode an HTML page: by the charset it declares, else as :func:`decode_bytes` does,
    except that a page that is not UTF-8 has its encoding detected.

    Raises:
        ArticleError: the bytes look binary.
    """
    declared = declared_charset(data)
    if declared is not None and not declared.startswith("utf-16") and b"\x00" not in data[:8192]:
        try:
            return data.decode(declared), []
        except UnicodeDecodeError:
            pass  # a false declaration: guess as for any file
    text, warnings = decode_bytes(data, source)
    if any(w.endswith(("(cp1252)", "as Latin-1")) for w in warnings):
        from charset_normalizer import from_bytes  # lazy: only pages that are not UTF-8

        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "cp1252", "latin_1"):
            return str(best), [
                f"{source}: not valid UTF-8 and no charset declared; decoded as "
                f"{best.encoding} (detected)"
            ]
    return text, warnings


def decode_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode article bytes: UTF-8, else cp1252 or latin-1 with a warning.

    Raises:
        ArticleError: the bytes look binary (NUL bytes or control characters).
    """
    warnings: list[str] = []
    if not data.strip():
        raise ArticleError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 byte-order mark; UTF-16 text is half NUL bytes, so test it first. Bytes
        # that only start like it (odd length, lone surrogates) are read as the others are.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            head = text[:8192]
            controls = sum(1 for c in head if c < " " and c not in "\t\n\f\r")
            if controls <= max(8, len(head) // 100):
                return text, warnings
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample:
        raise ArticleError("the file looks binary (it contains NUL bytes), not an article")
    if controls > max(8, len(sample) // 100):
        raise ArticleError("the file looks binary (many control characters), not an article")
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # UTF-8 with a few broken bytes (a truncated copy, a bad join) stays UTF-8: read as
    # cp1252, each of its good accented letters would turn into two wrong ones ("Ã¼").
    lenient = data.decode("utf-8", "replace")
    broken = lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if sum(1 for c in lenient if "\x7f" < c != "\ufffd") > broken:
        warnings.append(
            f"{source}: not valid UTF-8 (byte {first_bad}); decoded as UTF-8 with "
            f"{broken} unreadable byte sequence(s) replaced by U+FFFD"
        )
        return lenient, warnings
    try:
        text = data.decode("cp1252")
        warnings.append(
            f"{source}: not valid UTF-8 (byte {first_bad}); decoded as Windows-1252 (cp1252)"
        )
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        warnings.append(f"{source}: not valid UTF-8 (byte {first_bad}); decoded as Latin-1")
    return text, warnings


def clean_text(text: str) -> str:
    """Normalise line ends and drop characters that cannot be part of an article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NUL and other C0 controls (but tab/newline/form feed) and lone surrogates.
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]", "", text)
    return text
