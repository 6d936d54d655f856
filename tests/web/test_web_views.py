"""What the pages show: the story layout, marks, word diffs, comment threads, plots."""

from __future__ import annotations

from fastapi.testclient import TestClient

from parallax.model import Comment, Loaded
from parallax.web.marking import Mark, marked_paragraphs, paragraph_spans, snippet, word_diff
from parallax.web.plots import Bar, coverage_chart, parse_time, tone_meter
from parallax.web.views import build_story_view, comment_thread, loaded_offsets

from .conftest import water_order_result

HTML = {"accept": "text/html"}


def _water_view():  # type: ignore[no-untyped-def]
    result = water_order_result()
    story = result.stories[0]
    articles = [result.article(i) for i in story.timeline]
    return build_story_view(story, articles)


def test_fact_matrix_marks_reports_omissions_and_gaps() -> None:
    view = _water_view()
    assert [c.label for c in view.columns] == ["Harbor Herald", "Tidewater Daily", "Liberty Ledger",
                                               "Coastline Courier"]
    first, second = view.facts  # the fact every outlet reports comes first
    assert [c.state for c in first.cells] == ["reported"] * 4
    assert [c.state for c in second.cells] == ["reported", "reported", "reported", "omitted"]
    assert second.disagreement == "number: 40,000 vs 4,000"
    courier = view.columns[3]
    assert (courier.n_facts, courier.n_omitted, courier.n_quotes) == (1, 1, 1)
    assert view.columns[1].copy_of == "Harbor Herald"  # the wire copy
    column, left_out = view.omissions[0]
    assert column.label == "Coastline Courier" and left_out == [second]


def test_quote_variants_are_diffed_against_the_first_outlet() -> None:
    group = _water_view().quotes[0]
    assert group.speaker == "Lena Ortiz"
    reference, ledger, courier = group.variants
    assert reference[2] and "<ins>" not in str(reference[1])
    assert str(ledger[1]) == "we acted within hours to protect <del>every family</del> <ins>families</ins>"
    assert "<ins>quickly</ins>" in str(courier[1])


def test_naming_table_flags_actors_named_differently() -> None:
    row = _water_view().names[0]
    assert row.entity == "Lena Ortiz" and row.differs
    assert row.cells == [("Mayor Lena Ortiz",), (), ("Ortiz",), ("the mayor",)]


def test_loaded_words_show_in_their_sentence() -> None:
    column, snippets = _water_view().loaded[0]
    assert column.label == "Liberty Ledger"
    assert '<mark class="m-loaded">reckless delay</mark>' in str(snippets[0])


def test_loaded_offsets_fall_back_to_the_text() -> None:
    body = "A brutal and reckless plan."
    assert loaded_offsets(body, Loaded("a", "reckless", 13, 21)) == (13, 21)
    assert loaded_offsets(body, Loaded("a", "reckless", 0, 0)) == (13, 21)
    assert loaded_offsets(body, Loaded("a", "absent", 0, 0)) == (None, None)


def test_overlapping_marks_nest_and_escape() -> None:
    body = "Kim said <b>hi</b> today.\n\nSecond & last."
    marks = [Mark(0, 3, "speaker", "speaker: Kim"), Mark(9, 18, "quote", "quote by Kim"), Mark(0, 18, "actor")]
    first, second = marked_paragraphs(body, marks)
    assert str(first).startswith('<span class="m-actor m-speaker" title="speaker: Kim">Kim</span>')
    assert '<span class="m-actor m-quote" title="quote by Kim">&lt;b&gt;hi&lt;/b&gt;</span>' in str(first)
    assert str(second) == "Second &amp; last."
    assert paragraph_spans("a\n\n\n\nb") == [(0, 1), (5, 6)]


def test_marks_outside_the_body_are_ignored() -> None:
    assert str(marked_paragraphs("Short.", [Mark(3, 99, "quote"), Mark(-1, 2, "actor")])[0]) == "Short."


def test_word_diff_ignores_case_and_punctuation() -> None:
    assert str(word_diff("We will win.", "we will win")) == "we will win"
    assert str(word_diff("a <b>", "a <i>")) == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins>"


def test_snippet_cuts_at_words() -> None:
    body = "word " * 50 + "loaded " + "word " * 50
    start = body.index("loaded")
    text = str(snippet(body, start, start + 6, context=20))
    assert text.startswith("… word") and text.endswith("word …") and "m-loaded" in text


def test_comment_thread_puts_replies_under_their_parent() -> None:
    comments = (Comment("1", "first"), Comment("2", "second"), Comment("3", "reply to first", "1"),
                Comment("4", "reply to reply", "3"), Comment("5", "orphan reply", "missing"),
                Comment("6", "loop a", "7"), Comment("7", "loop b", "6"))
    rows = comment_thread(comments)
    assert [(r.comment.id, r.depth) for r in rows] == [("1", 0), ("3", 1), ("4", 2), ("2", 0), ("5", 0),
                                                        ("6", 0), ("7", 0)]


def test_plots_are_svg_with_escaped_labels() -> None:
    svg = str(coverage_chart([Bar("<b>Outlet</b>", 2, 4)], title="t"))
    assert svg.startswith("<svg") and "&lt;b&gt;Outlet" in svg and "2 / 4" in svg
    assert "tone-neg" in str(tone_meter(-0.4)) and "no tone" in str(tone_meter(None))
    assert parse_time("2024-03-05T09:00:00Z").hour == 9 and parse_time("not a date") is None


def test_story_page_shows_the_comparison(client: TestClient) -> None:
    page = client.get("/stories/s-water", headers=HTML).text
    for words in ("Fact matrix", "Coastline Courier leaves out 1 fact", "number: 40,000 vs 4,000",
                  "near-copy of Harbor Herald", "the mayor", "reckless delay", "<svg", "Timeline"):
        assert words in page


def test_story_list_searches_and_pages(client: TestClient) -> None:
    page = client.get("/", params={"q": "festival"}, headers=HTML).text
    assert "Harbour festival returns" in page and "Boil-water" not in page
    bad = client.get("/", params={"since": "soon"}, headers=HTML).text
    assert "is not a date" in bad and "2 stories" in bad
    empty = client.get("/", params={"outlet": "Nobody"}, headers=HTML).text
    assert "No stories match" in empty


def test_article_page_marks_quotes_and_lists_what_was_removed(client: TestClient) -> None:
    page = client.get("/articles/a-herald", params={"story": "s-water"}, headers=HTML).text
    assert 'class="m-quote"' in page and "m-speaker" in page and "m-actor" in page
    assert "navigation" in page and "Weather | Traffic" in page and "advertisement" in page
    ledger = client.get("/articles/a-ledger", params={"story": "s-water"}, headers=HTML).text
    assert 'class="m-loaded"' in ledger
    assert client.get("/articles/nope", headers=HTML).status_code == 404


def test_comments_page_shows_the_thread_with_scores(client: TestClient) -> None:
    page = client.get("/articles/a-herald/comments", headers=HTML).text
    assert page.index("Thanks for the update.") < page.index("You idiots") < page.index("Agreed, slow")
    assert "depth-1" in page and "depth-2" in page and "offensive-high" in page and "0.91" in page


def test_html_errors_for_browsers(client: TestClient) -> None:
    answer = client.get("/stories/nope", headers=HTML)
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "no story with id" in answer.text.lower()


def test_near_copies_carry_the_facts_of_the_article_they_copy() -> None:
    result = water_order_result()
    story = result.stories[0]
    facts = tuple(f.replace(statements=tuple(st for st in f.statements if st.article != "a-wire"))
                  for f in story.comparison.facts)
    story = story.replace(comparison=story.comparison.replace(facts=facts))
    view = build_story_view(story, [result.article(i) for i in story.timeline])
    wire = [c.label for c in view.columns].index("Tidewater Daily")
    assert [row.cells[wire].state for row in view.facts] == ["copied", "copied"]
    assert view.columns[wire].n_facts == 2 and view.facts[0].n_reporting == 4
