"""Decoding page bytes: byte-order marks, UTF-16 without one, legacy code pages, mojibake, binary."""

from __future__ import annotations

import pytest

from parallax.errors import InputError
from parallax.ingest.decode import decode_page, fix_text
from parallax.ingest.html import declared_charset, read_html

TEXT = "Le café “Zürich” — São Paulo’s mayor said: «naïve façade», cost €5."
LATIN1 = "Le café de la gare était fermé à Noël; Grüße aus Köln, São Brás."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "utf32-bom", "utf32le"],
)
def test_unicode_encodings_are_recovered(data: bytes) -> None:
    assert decode_page(data) == TEXT


def test_latin1_and_cp1252_are_recovered() -> None:
    assert decode_page(LATIN1.encode("latin-1")) == LATIN1
    cp1252 = "He said \u201cno\u201d \u2014 twice \u2026 and paid \u20ac40 for the caf\u00e9."
    assert decode_page(cp1252.encode("cp1252")) == cp1252
    assert decode_page("Café".encode("cp1252")) == "Café"


def test_cyrillic_code_page_is_guessed() -> None:
    text = "Правительство в среду одобрило законопроект. Министр сказал, что источники финансирования надёжны."
    assert decode_page(text.encode("cp1251")) == text


def test_mojibake_is_repaired() -> None:
    assert decode_page("CafÃ© dÃ©jÃ  vu".encode()) == "Café déjà vu"
    assert fix_text("The mayor said â€œweâ€\x9d will") == "The mayor said “we” will"


def test_clean_text_is_left_alone() -> None:
    text = "Quotes “stay” curly, ligatures like ﬁ stay, &amp; entities stay, ＡＢＣ stays wide."
    assert decode_page(text.encode()) == text


def test_line_breaks_are_unified() -> None:
    assert decode_page(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert decode_page("é\r\nü".encode()) == "é\nü"


def test_declared_charset_is_used_for_html() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Café “x”</p></body></html>'
    data = html.encode("cp1252")
    assert declared_charset(data) == "windows-1252"
    assert "Café “x”" in (read_html("p.html", data).html or "")


def test_a_wrong_declared_charset_does_not_spoil_utf8() -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Café “x”</p></body></html>'
    assert "Café “x”" in (read_html("p.html", html.encode()).html or "")


@pytest.mark.parametrize(
    "data, word",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x7fELF\x02\x01\x01", "ELF"),
        (b"abc\x00def\x00ghi", "NUL"),
        (bytes(range(1, 9)) * 20, "control"),
    ],
)
def test_binary_is_rejected_with_what_it_is(data: bytes, word: str) -> None:
    with pytest.raises(InputError, match=word):
        decode_page(data)
