"""The HTML report: one self-contained page, the comparison laid out, every page text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markupsafe

from parallax.model import Comment, Fact, Loaded, Omission, Result, Statement, Story
from parallax.report import render_html, render_markdown

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav", "section", "article",
    "div", "p", "span", "a", "b", "small", "h1", "h2", "h3", "h4", "ol", "ul", "li", "table", "thead",
    "tbody",
    "tr", "th", "td", "time", "meter", "blockquote", "mark", "del", "details", "summary", "dl", "dt", "dd",
}


class PageParser(HTMLParser):
    """Collects every tag, attribute, id and text run of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if dict(attrs).get("id"):
            self.ids.append(dict(attrs)["id"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def _attrs(parser: PageParser, name: str) -> list[str]:
    return [a[name] or "" for _, a in parser.tags if name in a]


def _elements(page: str, css_class: str) -> list[str]:
    pattern = rf'<(?:td|tr|li|span|mark|del)[^>]*class="[^"]*\b{css_class}\b[^"]*"[^>]*>(.*?)</'
    return re.findall(pattern, page)


def test_page_is_self_contained(bridge) -> None:
    page = render_html(bridge)
    parser = parse(page)
    assert {t for t, _ in parser.tags} <= ALLOWED_TAGS
    assert not _attrs(parser, "src")
    assert not re.search(r"@import|url\(|<link|<script", page, re.I)
    assert "default-src 'none'" in page  # the CSP forbids every fetch
    remote = [(t, n) for t, a in parser.tags for n, v in a.items() if v and re.match(r"\s*(https?:)?//", v)]
    assert set(remote) <= {("a", "href")}  # links to the outlets' pages, never a fetched resource


def test_every_link_in_the_page_has_its_target(bridge) -> None:
    parser = parse(render_html(bridge))
    ids = set(parser.ids)
    assert len(ids) == len(parser.ids), "element ids must be unique"
    internal = [h[1:] for h in _attrs(parser, "href") if h.startswith("#")]
    assert internal and not [h for h in internal if h not in ids]


def test_fact_matrix_rows_gaps_and_disagreements(bridge) -> None:
    page = render_html(bridge)
    matrix = page.split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    assert matrix.count('<tr id="s1-f') == 5
    assert len(re.findall(r'<td class="gap">not reported</td>', matrix)) == 3
    assert matrix.count('class="disagree"') == 2
    assert "⚠ numbers differ: 42,000 vs 45,000" in matrix
    headers = re.findall(r'<th><span class="chip o\d">([^<]+)</span>', matrix)
    assert headers == ["The Riverside Ledger", "Patriot Daily", "Harbor Voice"]
    assert "also ran in Northgate Courier" in matrix
    # a cell links to the statement's place in the article text
    cell = re.search(r'<td><a href="#(a1-s1-f2)">The bridge carries about 42,000', matrix)
    assert cell and f'id="{cell.group(1)}">F2</a>' in page


def test_unique_facts_omissions_and_quotes(bridge) -> None:
    page = render_html(bridge)
    assert re.search(r'<li id="s1-f6"><span class="fact-ref">F6</span> <a href="#a3-s1-f6">Community',
                     page)
    assert "nothing only this outlet reports" in page
    omissions = re.findall(r'<ul class="omissions">(.*?)</ul>', page, re.S)
    assert [block.count("<li>") for block in omissions] == [1, 2]  # Patriot Daily, then Harbor Voice
    assert '<a class="fact-ref" href="#s1-f4">F4</a> Okafor added' in omissions[0]
    assert "— reported by The Riverside Ledger, Harbor Voice" in omissions[0]
    assert "leaves out nothing the others report" in page
    assert _elements(page.split('<div class="quote-match">', 1)[1], "diff") == ["people’s"]
    assert re.search(r"<del [^>]*>people’s</del>", page)


def test_naming_loaded_words_and_tone(bridge) -> None:
    page = render_html(bridge)
    naming = page.split('<table class="naming">', 1)[1].split("</table>", 1)[0]
    assert "<th>Elena Vasquez</th><td><span>Governor</span></td><td><span>embattled governor</span>" in naming
    assert naming.count('<td class="empty">—</td>') == 2
    loaded = _elements(page, "m-loaded")
    assert {"Embattled", "slammed", "nightmare", "prudent"} <= set(loaded)
    assert re.search(r'<a href="#(a2-l\d+)">slammed <small>0.90</small></a>', page)
    assert 'value="-0.62"' in page and "very negative" in page


def test_articles_show_quotes_removed_parts_comments_and_copies(bridge) -> None:
    page = render_html(bridge)
    assert "We are not going to gamble with lives," in _elements(page, "m-quote")
    assert 'title="quote: Elena Vasquez"' in page
    assert "What was removed: 3 parts (1 teaser, 1 advertisement, 1 comment_form)" in page
    assert "<dt>caption</dt><dd>Image: The Delmar River Bridge at dawn. (Ledger photo)</dd>" in page
    comments = re.findall(r'<li class="comment (d\d)( flagged)?">', page)
    assert comments == [("d0", ""), ("d1", ""), ("d2", " flagged"), ("d0", "")]
    assert "Reader comments: 4, 1 flagged as offensive" in page and "offensive 0.91" in page
    assert "Syndicated: the same text also ran in" in page and "<b>Northgate Courier</b>" in page
    assert 'id="no-story"' in page and "Library to open on Sundays" in page
    timeline = re.findall(r"<li><time>([^<]+)</time> <b>([^<]+)</b>", page)
    assert [o for _, o in timeline] == [
        "The Riverside Ledger", "Northgate Courier", "Patriot Daily", "Harbor Voice"]


def test_page_text_is_escaped(build_result, xss_payload) -> None:
    page = render_html(build_result(xss_payload))
    parser = parse(page)
    assert {t for t, _ in parser.tags} <= ALLOWED_TAGS
    assert sum(1 for t, _ in parser.tags if t == "style") == 1
    assert not [n for _, a in parser.tags for n in a if n.startswith("on")]
    assert all(h.startswith(("#", "http://", "https://")) for h in _attrs(parser, "href"))
    assert not _attrs(parser, "src")
    if any(c in xss_payload for c in "<>\"'"):
        assert xss_payload not in page
    assert str(markupsafe.escape(xss_payload)) in page
    assert xss_payload in "".join(parser.text)  # shown as text, to the letter
    assert "49" not in "".join(parser.text).replace("2026", "")


def test_javascript_urls_are_not_links(build_result) -> None:
    page = render_html(build_result("x"))  # every article url is "javascript:alert(1)//..."
    assert not [h for h in _attrs(parse(page), "href") if "javascript" in h]
    assert re.search(r"·\s*pages/patriot/bridge-chaosx\.txt\s", page)  # the source, as plain text


def test_empty_result_renders() -> None:
    page = render_html(Result())
    assert "No stories were found" in page and page.rstrip().endswith("</html>")


def test_inconsistent_results_still_render(bridge) -> None:
    """Bad offsets, unknown ids, reply loops and stray fact indexes must not break the page."""
    story = bridge.stories[0]
    broken_facts = story.comparison.facts + (
        Fact((Statement("a-ledger00001", "a sentence that is not in the body", 5000, 9000),
              Statement("a-unknown", "from an article nobody has", 0, 4))),
    )
    comparison = story.comparison.replace(
        facts=broken_facts,
        omissions=story.comparison.omissions + (Omission("a-voice000003", "Harbor Voice", 99),),
        loaded=story.comparison.loaded + (Loaded("a-patriot0002", "absent words", -3, 2, 0.5),),
    )
    loop = (Comment("x", "first", parent="y"), Comment("y", "second", parent="x"),
            Comment("z", "self", parent="z"))
    articles = tuple(a.replace(comments=loop) if a.id == "a-voice000003" else a for a in bridge.articles)
    stray = Story("s-stray", ("a-unknown", "a-library0005"), duplicates=(("a-unknown",),))
    articles += (articles[0],)  # an article listed twice
    result = bridge.replace(articles=articles, stories=(story.replace(comparison=comparison), stray, stray))
    parser = parse(render_html(result))
    assert len(parser.ids) == len(set(parser.ids))
    internal = [h[1:] for h in _attrs(parser, "href") if h.startswith("#")]
    assert not [h for h in internal if h not in set(parser.ids)]
    assert "a sentence that is not in the body" in "".join(parser.text)
    assert {"first", "second", "self"} <= {t.strip() for t in parser.text}
    assert "a sentence that is not in the body" in render_markdown(result)


def test_a_story_of_one_outlet_is_shown_without_comparison(bridge) -> None:
    library = bridge.article("a-library0005")
    single = Story("s-library", (library.id,), title="Library to open on Sundays")
    result = bridge.replace(stories=(single,))
    page = render_html(result)
    assert "Only The Riverside Ledger covers this story" in page
    assert "Facts side by side" not in page and 'id="a5"' in page
    text = render_markdown(result)
    assert "Only The Riverside Ledger covers this story" in text and "### Shared facts" not in text
    both = render_markdown(bridge.replace(stories=(single, *bridge.stories)))
    assert both.index("## Story 1: Delmar River Bridge") < both.index("## Story 2: Library to open")


def test_articles_without_outlet_are_named_by_site_or_file(bridge) -> None:
    articles = tuple(a.replace(outlet=None) for a in bridge.articles)
    articles = tuple(a.replace(url=None) if a.id == "a-voice000003" else a for a in articles)
    page = render_html(bridge.replace(articles=articles))
    headers = re.findall(r'<th><span class="chip o\d">([^<]+)</span>', page)
    assert headers[:3] == ["ledger.example", "patriot.example", "bridge.html"]


def test_omissions_of_one_outlet_facts_are_listed_briefly_and_long_lists_fold(bridge) -> None:
    story = bridge.stories[0]
    voice = bridge.article("a-voice000003")
    extra = tuple(Fact((Statement(voice.id, f"Extra fact number {n}."),)) for n in range(14))
    comparison = story.comparison.replace(
        facts=story.comparison.facts + extra,
        omissions=story.comparison.omissions + (Omission("a-ledger00001", "The Riverside Ledger", 5),))
    result = bridge.replace(stories=(story.replace(comparison=comparison),))
    page = render_html(result)
    assert re.search(r'1 fact only one other outlet reports:\s*<a class="fact-ref" href="#s1-f6">F6</a>',
                     page)
    assert "<summary>3 more facts</summary>" in page  # 15 facts only Harbor Voice reports, 12 shown
    assert "- 1 fact only one other outlet reports: F6" in render_markdown(result)
