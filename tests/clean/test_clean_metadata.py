"""Dates, titles, bylines and outlets read from page text and HTML metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.clean.html_meta import html_metadata
from parallax.clean.metadata import byline_from_line, clean_byline, outlet_from_url, parse_published


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 September 2023 • 9:36pm", "2023-09-13T21:36:00"),
        ("Sept. 13, 2023 at 9:36 p.m. EDT", "2023-09-13T21:36:00-04:00"),
        ("September 13, 2023", "2023-09-13"),
        ("Wednesday 13 September 2023 21:36 BST", "2023-09-13T21:36:00+01:00"),
        ("Published Monday, Nov. 18, 2019", "2019-11-18"),
        ("5:45 AM PST 11/19/2019 by Patrick Shanley", "2019-11-19T05:45:00-08:00"),
        ("Nov 19 2019 14:05 GMT+1", "2019-11-19T14:05:00+01:00"),
        ("20.11.2019 14:30", "2019-11-20T14:30:00"),
        ("2019-11-19", "2019-11-19"),
        ("2019-11-19T05:45:00Z", "2019-11-19T05:45:00+00:00"),
        ("2019-11-19T05:45:00-0500", "2019-11-19T05:45:00-05:00"),
        ("2019-11-19 10:30:00+02:00", "2019-11-19T10:30:00+02:00"),
        ("2023-09-13T21:36:12.345+05:30", "2023-09-13T21:36:12+05:30"),
        ("1st March 2020, 12 noon", "2020-03-01"),
        ("Updated: Dec. 2, 2021 at 12:05 a.m. ET", "2021-12-02T00:05:00"),
    ],
)
def test_parse_published_reads_newsroom_dates(text: str, expected: str) -> None:
    assert parse_published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2023",
        "May 2023",
        "Call 555 2023 now",
        "In 2019, some 12,000 people marched 13 miles.",
        "Flight 2023 landed at 9:36",
        "31 February 2020",
        "2019-13-45",
        "Room 12 of 2023",
        "1234567890",
        "She may 13 times 2023 fold",
    ],
)
def test_parse_published_finds_no_false_dates(text: str) -> None:
    assert parse_published(text) is None


def test_numeric_dates_follow_their_convention() -> None:
    assert parse_published("05/10/2018") == "2018-05-10"
    assert parse_published("05/10/2018", day_first=True) == "2018-10-05"
    assert parse_published("05.10.2018") == "2018-10-05"
    assert parse_published("25/10/2018") == "2018-10-25"
    assert parse_published("05/10.2018") is None  # mixed separators are not a date


def test_foreign_month_names() -> None:
    assert parse_published("sexta-feira, 22 de outubro de 2010 às 20:13") == "2010-10-22T20:13:00"
    assert parse_published("13. März 2023, 14:05 Uhr") == "2023-03-13T14:05:00"
    assert parse_published("12 de mayo de 2019") == "2019-05-12"


def test_parse_published_rejects_non_text() -> None:
    assert parse_published(None) is None
    assert parse_published(20230913) is None  # type: ignore[arg-type]


def test_parse_published_keeps_day_when_time_is_impossible() -> None:
    assert parse_published("13 September 2023 at 25:99") == "2023-09-13"


def test_outlet_from_url_drops_www_and_handles_junk() -> None:
    assert outlet_from_url("https://www.example.com/a/b") == "example.com"
    assert outlet_from_url("http://news.example.co.uk") == "news.example.co.uk"
    assert outlet_from_url("example.org/path") == "example.org"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url(None) is None
    assert outlet_from_url("http://[::1") is None


def _page(head: str, body: str = "<p>Text.</p>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_html_metadata_prefers_json_ld() -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Ignored"},
        {"@type": "NewsArticle", "headline": "Council passes budget",
         "author": [{"@type": "Person", "name": "Jane Roe"}, {"name": "Sam Poe"}],
         "datePublished": "2023-09-13T21:36:00+01:00",
         "publisher": {"@type": "Organization", "name": "Example Times"}},
    ]}
    head = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
            '<meta property="og:title" content="Other title"><title>T | Site</title>')
    meta = html_metadata(_page(head), "https://www.example.com/x")
    assert meta == {"title": "Council passes budget", "byline": "Jane Roe, Sam Poe",
                    "published": "2023-09-13T21:36:00+01:00", "outlet": "Example Times"}


def test_html_metadata_falls_back_to_meta_tags_and_url() -> None:
    head = ('<meta property="og:title" content="Roads close for repairs">'
            '<meta name="author" content="By Ann Lee">'
            '<meta property="article:author" content="https://example.com/ann">'
            '<meta property="article:published_time" content="2021-05-04T08:00:00-04:00">')
    meta = html_metadata(_page(head), "https://www.local.example.net/story")
    assert meta["title"] == "Roads close for repairs"
    assert meta["byline"] == "Ann Lee"
    assert meta["published"] == "2021-05-04T08:00:00-04:00"
    assert meta["outlet"] == "local.example.net"


def test_html_metadata_uses_title_h1_and_time_elements() -> None:
    body = '<h1>Storm hits the coast</h1><time datetime="2022-01-02T03:04:05Z">Jan 2</time><p>x</p>'
    meta = html_metadata(_page("<title>ignored</title>", body))
    assert meta["title"] == "Storm hits the coast"
    assert meta["published"] == "2022-01-02T03:04:05+00:00"
    meta = html_metadata(_page("<title>Storm hits the coast | The Daily</title>", "<p>x</p>"))
    assert meta["title"] == "Storm hits the coast"


def test_html_metadata_survives_broken_json_ld_and_empty_input() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    assert html_metadata(_page(head))["title"] is None
    assert html_metadata("", "https://example.com/a") == {
        "title": None, "byline": None, "published": None, "outlet": "example.com"}


def test_bylines_lose_their_lead_in() -> None:
    assert clean_byline("By Jane Roe") == "Jane Roe"
    assert clean_byline(" Analysis by  Chris Roe, Editor ") == "Chris Roe, Editor"
    assert clean_byline("   ") is None
    assert byline_from_line("By Jane Roe and Sam Poe | May 14, 2026 8:15 PM PDT") == "Jane Roe and Sam Poe"
    assert byline_from_line("by the river, the council met") is None
    assert byline_from_line("The vote went ahead.") is None


def test_html_metadata_unescapes_entities() -> None:
    head = '<meta property="og:title" content="&#8216;Water&#8217; &amp; power">'
    assert html_metadata(_page(head))["title"] == "\u2018Water\u2019 & power"


def test_a_dateline_line_never_stays_in_the_body(example_corpus: Path) -> None:
    from parallax.clean.dateline import is_dateline
    from parallax.clean.text import clean_text
    from parallax.model import Page

    text = (example_corpus / "coastline-courier-water-order.txt").read_text(encoding="utf-8")
    article = clean_text(Page(source="coastline", text=text))
    assert article.published == "2026-05-14T21:10"
    assert not article.body.startswith("Published")
    assert is_dateline("Published Thursday, May 14, 2026, 9:10 p.m.", other_words=0)
    assert not is_dateline("The vote is on May 14, 2026.", other_words=0)  # a sentence stays in the body
