"""The parts of HTML cleaning one by one: blocks, comment sections, posts, pop-ups, furniture."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from parallax.clean.html import clean_html
from parallax.clean.html_blocks import text_key, visible_blocks
from parallax.clean.html_comments import comment_sections, find_comments, score_comments
from parallax.clean.html_extract import drop_furniture, recover_embedded_posts, without_popups
from parallax.errors import ParallaxError
from parallax.model import Comment, Page

PROSE = ("The harbour authority said on Monday that the sea wall would stay closed until the spring, "
         "after engineers found cracks along a third of its length.")


def tree(markup: str):  # type: ignore[no-untyped-def]
    return lxml_html.document_fromstring(f"<html><body>{markup}</body></html>")


def test_visible_blocks_skip_scripts_and_hidden_parts_and_measure_links() -> None:
    page = tree("<script>var x = 1;</script><p style='display: none'>hidden</p>"
                "<div hidden>also hidden</div><p><a href='/a'>All link</a></p><p>Plain <a href='#'>x</a></p>")
    blocks = visible_blocks(page)
    assert [b.text for b in blocks] == ["All link", "Plain x"]
    assert blocks[0].link_density == 1.0
    assert 0 < blocks[1].link_density < 0.5


def test_text_key_ignores_punctuation_and_spacing() -> None:
    assert text_key("  Hello,   world!\n") == text_key("Hello world") == "Hello world"


def test_comment_author_line_is_reduced_to_the_name() -> None:
    page = tree("""<div id="comments"><ol class="commentlist">
      <li class="comment" id="comment-7"><div class="comment-author vcard">Ann Lee on May 2, 2019 at 4:47 pm said:</div>
      <div class="comment-content"><p>Good piece.</p></div><div class="reply"><a href="#">Reply</a></div></li>
    </ol></div>""")
    [comment] = find_comments(page)
    assert (comment.author, comment.text) == ("Ann Lee", "Good piece.")


def test_long_marked_wrapper_keeps_the_comment_text() -> None:
    page = tree(f"""<section class="comments-area"><div class="comment" id="comment-1">
      <span class="username">Cy</span><span class="date">2 hours ago</span>
      <div class="comment-text likes-enabled"><p>{PROSE}</p></div><a class="reply">Reply</a></div></section>""")
    [comment] = find_comments(page)
    assert (comment.author, comment.text) == ("Cy", PROSE)


def test_scripts_forms_and_sidebars_are_not_comments() -> None:
    page = tree(f"""<article><p>{PROSE}</p></article>
    <div class="blog-post-comments"><script>var disqus_shortname = 'site';</script></div>
    <aside class="widget recent-comments"><ul><li>Bo on Other story</li><li>Cy on Another story</li></ul></aside>
    <div class="comment premium"><a href="/opinion">Comment: why the wall must go</a></div>
    <div id="comments"><form class="comment-form"><p>Leave a reply</p><textarea></textarea></form></div>""")
    assert find_comments(page) == []


def test_a_section_holding_the_article_is_not_a_comment_section() -> None:
    page = tree(f"""<div class="article-comments-enabled"><p>{PROSE}</p>
    <ol><li class="comment"><p>Nice.</p></li></ol></div>""")
    assert comment_sections(page, frozenset({text_key(PROSE)})) == []
    assert comment_sections(page) != []


def test_score_comments_puts_offensive_scores_in_range() -> None:
    scored = score_comments([Comment("c1", "Thank you for this report."), Comment("c2", "You stupid idiot.")])
    assert [c.id for c in scored] == ["c1", "c2"]
    assert 0.0 <= scored[0].offensive < 0.5 < scored[1].offensive <= 1.0
    assert score_comments([]) == []


def test_embedded_posts_between_kept_paragraphs_are_put_back() -> None:
    second = PROSE.replace("Monday", "Tuesday")
    page = tree(f"""<article><p>{PROSE}</p>
    <div class="social-media-embed"><blockquote class="twitter-tweet"><p>The wall is cracked, see for yourself</p>
    &mdash; Port Watch (@portwatch) November 18, 2019</blockquote></div><p>{second}</p></article>
    <aside><blockquote class="twitter-tweet"><p>Unrelated post after the article</p></blockquote></aside>""")
    lines = recover_embedded_posts(page, [PROSE, second])
    assert lines == [PROSE, "The wall is cracked, see for yourself",
                     "— Port Watch (@portwatch) November 18, 2019", second]


def test_tooltips_lose_their_contents_but_keep_the_linked_name() -> None:
    page = tree("""<p>Rep. <span class="rollover-people"><a class="rollover-people-link" href="/p">Ann Lee</a>
    <span class="rollover-people-block"><span class="rollover-block"><a href="/s1">Other story</a></span></span>
    </span> said the wall must be fixed.</p>""")
    text = " ".join(without_popups(page).text_content().split())
    assert text == "Rep. Ann Lee said the wall must be fixed."


def test_drop_furniture_removes_headline_links_captions_and_related_lists() -> None:
    page = tree(f"""<h1>Sea wall stays shut</h1><figure><figcaption>The wall at dawn.</figcaption></figure>
    <p><a href="/x">Ferry fares rise again</a></p><p>{PROSE}</p>""")
    lines = ["Sea wall stays shut", PROSE, "The wall at dawn.", "Ferry fares rise again",
             "Related: Storm season ahead", "- Five things to know", "- What the council said", PROSE]
    kept, removed = drop_furniture(lines, visible_blocks(page), headlines={"titles": ["Sea wall stays shut"]})
    assert kept == [PROSE, PROSE]
    assert [r.kind for r in removed] == ["title", "caption", "related", "related", "related", "related"]


_TAGS = ["p", "div", "span", "a", "li", "ul", "table", "td", "script", "nav", "article", "form", "h1", "br"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS] + ["<!--", "-->", "&amp;", "&#x0;", "<"]),
    st.text(max_size=40),
    st.just(PROSE),
), max_size=40))
def test_any_tag_soup_gives_an_article_or_a_reason(parts: list[str]) -> None:
    try:
        article = clean_html(Page("soup.html", html="".join(parts)))
    except ParallaxError as error:
        assert error.reason
    else:
        assert article.body.strip()
        assert all(r.kind and r.text for r in article.removed)
