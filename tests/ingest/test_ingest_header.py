"""The optional Key: value header of plain-text pages."""

from __future__ import annotations

from parallax.ingest.header import split_header
from parallax.ingest.text import read_text


def test_header_gives_url_outlet_and_dates() -> None:
    raw = "URL: https://www.example.org/a\nPublished: 2026-05-14\n\nHeadline\n\nBody text here.\n"
    page = read_text("p.txt", raw.encode())
    assert page.url == "https://www.example.org/a"
    assert page.outlet == "example.org"
    assert page.published == "2026-05-14"
    assert page.text.startswith("Headline")


def test_named_outlet_beats_url_host_and_option() -> None:
    raw = "Outlet: Daily Planet\nURL: https://dp.example/x\n\nHeadline\n\nBody.\n"
    assert read_text("p.txt", raw.encode(), outlet="Fallback").outlet == "Daily Planet"


def test_ordinary_first_lines_are_not_a_header() -> None:
    for text in ("Breaking: fire downtown\n\nBody", "Kim pledges support\n\nBody", "URL: not a url\n\nBody",
                 "Title: a\nTitle: b\n\nBody", "Source: https://a.example\n"):
        assert split_header(text) == ({}, text)
