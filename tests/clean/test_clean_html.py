"""Cleaning HTML pages: body, removed parts with kinds, metadata, comments, bad input."""

from __future__ import annotations

import json

import pytest

from parallax.clean.html import clean_html, word_count
from parallax.clean.html_boilerplate import boilerplate_kind
from parallax.errors import InputError, NotArticleError
from parallax.model import Page

PARAGRAPHS = [
    ("The city council of Westhaven voted on Tuesday night to approve a budget that raises spending on "
     "public transport by a fifth, after a debate that ran for more than six hours."),
    ("Mayor Lena Ortiz said the vote showed that the council was serious about cutting traffic in the old "
     "town, where bus lanes have been promised since the last election."),
    ("Opposition councillors argued that the plan relies on a tax on parking that has not yet been "
     "approved by the regional government, and that the numbers do not add up."),
    ("The budget also sets aside money for three new libraries and for repairs to the harbour wall, "
     "which was damaged in the storms of last winter and has been closed since."),
    ("A final vote on the parking tax is expected next month, when the regional assembly returns from "
     "its summer recess and takes up a backlog of local measures."),
]
LD = {
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Westhaven passes transit budget",
    "author": {"@type": "Person", "name": "Jane Roe"}, "datePublished": "2023-09-13T21:36:00+01:00",
    "publisher": {"@type": "Organization", "name": "Westhaven Herald"},
}
COMMENTS = """
<div id="comments" class="comments-area">
  <h3>4 comments</h3>
  <ol class="comment-list">
    <li class="comment" id="comment-1">
      <div class="comment-author">RiverWatcher</div>
      <div class="comment-content"><p>Bus lanes at last. It has taken them long enough to decide this.</p></div>
      <ol class="children">
        <li class="comment" id="comment-2">
          <div class="comment-author">Pat</div>
          <div class="comment-content"><p>The parking tax will hurt small shops in the old town.</p></div>
          <ol class="children">
            <li class="comment" id="comment-3">
              <div class="comment-author">RiverWatcher</div>
              <div class="comment-content"><p>You are a stupid idiot and a moron.</p></div>
            </li>
          </ol>
        </li>
      </ol>
    </li>
    <li class="comment" id="comment-4">
      <div class="comment-author">Mo</div>
      <div class="comment-content"><p>Thanks for the clear report on the harbour wall repairs.</p></div>
    </li>
  </ol>
  <form id="respond" class="comment-form"><p>Leave a reply</p><textarea></textarea></form>
</div>
"""


def article_page(comments: str = COMMENTS) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    more = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    return f"""<!doctype html><html><head><title>Westhaven passes transit budget | Westhaven Herald</title>
<meta property="og:site_name" content="Westhaven Herald">
<script type="application/ld+json">{json.dumps(LD)}</script></head>
<body><header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>Westhaven passes transit budget</h1>
<p class="byline">By Jane Roe</p>
<figure><img src="a.jpg"><figcaption>Councillors during the vote. Photo: Sam Poe</figcaption></figure>
<div class="article-body">{paragraphs}<p>Read more: Harbour wall to stay closed until spring</p>{more}</div>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
<aside class="related-stories"><h2>More from the Herald</h2><ul>
<li><a href="/a">Ferry fares rise again as operator blames fuel costs</a></li>
<li><a href="/b">New school opens in the north district after long delays</a></li></ul></aside>
{comments}</main>
<footer class="site-footer"><p>Copyright 2023 Westhaven Herald. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():  # type: ignore[no-untyped-def]
    return clean_html(Page("herald.html", html=article_page(), url="https://www.westhaven-herald.example/budget"))


def test_body_is_the_article_paragraphs_in_order(article) -> None:  # type: ignore[no-untyped-def]
    assert article.paragraphs == PARAGRAPHS
    for noise in ("Read more", "Photo: Sam Poe", "Ferry fares", "Share on", "Copyright", "Home", "Leave a reply"):
        assert noise not in article.body


def test_metadata_comes_from_json_ld(article) -> None:  # type: ignore[no-untyped-def]
    assert article.title == "Westhaven passes transit budget"
    assert article.byline == "Jane Roe"
    assert article.published == "2023-09-13T21:36:00+01:00"
    assert article.outlet == "Westhaven Herald"
    assert article.url == "https://www.westhaven-herald.example/budget"


def test_removed_parts_keep_their_kind(article) -> None:  # type: ignore[no-untyped-def]
    kinds = {r.kind for r in article.removed}
    assert {"navigation", "related", "caption", "share", "legal"} <= kinds
    by_text = {line: r.kind for r in article.removed for line in r.text.split("\n")}
    assert by_text["Read more: Harbour wall to stay closed until spring"] == "related"
    assert by_text["Councillors during the vote. Photo: Sam Poe"] == "caption"
    assert by_text["Copyright 2023 Westhaven Herald. All rights reserved."] == "legal"
    assert all(r.text.strip() for r in article.removed)


def test_removed_parts_are_in_page_order(article) -> None:  # type: ignore[no-untyped-def]
    assert [r.kind for r in article.removed] == [
        "navigation", "title", "byline", "caption", "related", "share", "related", "comment_form", "legal"]


def test_comments_are_threaded_scored_and_kept_out_of_the_body(article) -> None:  # type: ignore[no-untyped-def]
    comments = article.comments
    assert [c.author for c in comments] == ["RiverWatcher", "Pat", "RiverWatcher", "Mo"]
    assert [c.parent for c in comments] == [None, comments[0].id, comments[1].id, None]
    assert [c.depth for c in comments] == [0, 1, 2, 0]
    assert comments[0].text == "Bus lanes at last. It has taken them long enough to decide this."
    assert all(0.0 <= c.offensive <= 1.0 for c in comments)
    assert comments[2].offensive > 0.5 > comments[3].offensive
    for comment in comments:
        assert comment.text not in article.body


def test_page_without_comments_has_none() -> None:
    article = clean_html(Page("p.html", html=article_page(comments="")))
    assert article.comments == ()
    assert article.paragraphs == PARAGRAPHS


def test_page_record_fields_win_over_html() -> None:
    page = Page("p.html", html=article_page(), title="Given title", byline="Given Byline",
                published="14 September 2023", outlet="Given Outlet")
    article = clean_html(page)
    assert (article.title, article.byline, article.published) == ("Given title", "Given Byline", "2023-09-14")
    assert article.outlet == "Westhaven Herald"  # the page's own site name comes first


def test_outlet_falls_back_to_host_then_page_outlet() -> None:
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
    assert clean_html(Page("p.html", html=html, url="https://www.example.org/a")).outlet == "example.org"
    assert clean_html(Page("p.html", html=html, outlet="Herald")).outlet == "Herald"


def test_split_article_body_is_put_back_together() -> None:
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    second = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    html = f"""<html><body><article><h1>Budget</h1>
    <div class="body body__container">{first}</div>
    <div class="ad ad--mid"><span>Advertisement</span></div>
    <div class="body body__container">{second}</div></article></body></html>"""
    assert clean_html(Page("p.html", html=html)).paragraphs == PARAGRAPHS


def test_malformed_html_still_cleans() -> None:
    html = ("<html><body><div><p>" + "</p><p>".join(PARAGRAPHS) + "<div><span>&bogus; &amp unclosed"
            "</td></table></body>")
    article = clean_html(Page("bad.html", html=html))
    assert PARAGRAPHS[0] in article.body


def test_bodyless_fragment_is_an_article() -> None:
    html = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    assert clean_html(Page("frag.html", html=html)).paragraphs == PARAGRAPHS


def _nested(depth: int) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return "<html><body>" + "<div>" * depth + paragraphs + "</div>" * depth + "</body></html>"


def test_deeply_nested_html_is_read_past_the_parser_depth_limit() -> None:
    assert clean_html(Page("deep.html", html=_nested(1000))).paragraphs == PARAGRAPHS


def test_html_nested_past_every_limit_is_read_flat() -> None:
    assert clean_html(Page("deeper.html", html=_nested(5000))).paragraphs == PARAGRAPHS


def test_markup_without_any_text_is_refused_with_a_reason() -> None:
    with pytest.raises(InputError):
        clean_html(Page("hollow.html", html="<html><body>" + "<div>" * 5000 + "</div>" * 5000 + "</body></html>"))


def test_headline_block_is_removed_as_title(article) -> None:  # type: ignore[no-untyped-def]
    assert any(r.kind == "title" and r.text == "Westhaven passes transit budget" for r in article.removed)


@pytest.mark.parametrize("html", ["", "   \n ", None])
def test_empty_html_is_an_input_error(html: str | None) -> None:
    with pytest.raises(InputError):
        clean_html(Page("empty.html", html=html))


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav></body></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
        "\x00\x01\x02\x03binary\xff\xfe",
        "<html><body><p>Too short to be news.</p></body></html>",
    ],
)
def test_pages_without_article_text_are_refused(html: str) -> None:
    with pytest.raises(InputError) as caught:
        clean_html(Page("none.html", html=html))
    assert caught.value.reason


def test_not_article_error_is_raised_for_navigation_only_pages() -> None:
    with pytest.raises(NotArticleError):
        clean_html(Page("nav.html", html="<html><body><nav><a href='/'>Home</a></nav></body></html>"))


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Reporting by Jane Roe; Editing by John Doe", "byline"),
        ("Associated Press writers Ann Lee and Bo Chen contributed to this report.", "byline"),
        ("Follow him on Twitter @someone.", "byline"),
        ("Sign up for our daily newsletter to get the news in your inbox.", "advertisement"),
        ("Related: Ferry fares rise again", "related"),
        ("READ MORE: Harbour wall closed", "related"),
        ("Harbour wall 'may never reopen' [INSIGHT]", "related"),
        ("© 2023 Westhaven Herald", "legal"),
        ("Updated at 1:23 p.m.", "dateline"),
        ("November 20, 2019 - 11:28 AM", "dateline"),
        ("By Jane Roe and Sam Poe", "byline"),
    ],
)
def test_boilerplate_lines_get_their_kind(line: str, kind: str) -> None:
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        PARAGRAPHS[0],
        "The mayor said on November 20, 2019 that the vote would go ahead despite the protests outside.",
        "— Jane Roe (@janeroe) November 18, 2019",
        "Why the harbour matters [Bloomberg]",
        "by the way",
        "The newsletter editors were arrested on Monday and charged with fraud, the police said.",
    ],
)
def test_reporting_lines_are_not_boilerplate(line: str) -> None:
    assert boilerplate_kind(line) is None


def test_word_count_handles_scripts_without_spaces() -> None:
    assert word_count("The council met today.") == 4
    assert word_count("\u5148\u65e5\u3001\u4e0d\u6b63\u306b\u6539\u9020\u3057\u305f") == 5


def test_visible_byline_fills_a_missing_byline() -> None:
    html = ("<html><body><article><p class='byline'>By Ann Lee</p>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    article = clean_html(Page("p.html", html=html))
    assert article.byline == "Ann Lee"
    assert "By Ann Lee" not in article.body
