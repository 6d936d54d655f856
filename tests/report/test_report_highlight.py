"""Cutting bodies into marked pieces, locating spans, word diffs of quotes, comment threads."""

from __future__ import annotations

from parallax.model import Comment
from parallax.report.highlight import Mark, locate, paragraph_ranges, segment, word_diff
from parallax.report.article_view import MAX_THREAD_DEPTH, comment_thread

BODY = "Kim arrived on Wednesday.\n\n\u201cWe stand with Russia,\u201d Kim said.\n\n  \n\nThe end."


def test_paragraph_ranges_skip_blank_paragraphs() -> None:
    assert [BODY[a:b] for a, b in paragraph_ranges(BODY)] == [
        "Kim arrived on Wednesday.", "\u201cWe stand with Russia,\u201d Kim said.", "The end."]


def test_overlapping_marks_cut_pieces_and_keep_the_text() -> None:
    quote = BODY.index("We stand")
    marks = [
        Mark(quote, quote + len("We stand with Russia,"), "quote", "q1", "quote: Kim"),
        Mark(quote + 3, quote + 8, "loaded", "l1"),
        Mark(BODY.index("\u201c"), BODY.index("said.") + 5, "fact", "f1", "F2", ("F2", "#row2")),
        Mark(5, 2, "backwards", "y"),  # ignored
        Mark(3, len(BODY) + 5, "past-the-end", "z"),  # ignored
    ]
    paragraphs = segment(BODY, marks)
    assert ["".join(p.text for p in para) for para in paragraphs] == [
        "Kim arrived on Wednesday.", "\u201cWe stand with Russia,\u201d Kim said.", "The end."]
    second = paragraphs[1]
    assert [(p.text, p.kinds) for p in second] == [
        ("\u201c", ("fact",)),
        ("We ", ("fact", "quote")),
        ("stand", ("fact", "loaded", "quote")),
        (" with Russia,", ("fact", "quote")),
        ("\u201d Kim said.", ("fact",)),
    ]
    assert second[0].tags == [("F2", "#row2", "f1")] and second[1].anchors == ["q1"]
    assert second[2].anchors == ["l1"] and second[2].note == "quote: Kim; F2"
    assert second[2].css == "m-fact m-loaded m-quote"


def test_marks_across_paragraphs_are_clipped_and_anchor_once() -> None:
    paragraphs = segment(BODY, [Mark(4, BODY.index("Kim said"), "quote", "q")])
    anchored = [p for para in paragraphs for p in para if p.anchors]
    assert len(anchored) == 1 and anchored[0].text == "arrived on Wednesday."
    assert all("\n" not in p.text for para in paragraphs for p in para)


def test_locate_prefers_offsets_then_text_then_range() -> None:
    assert locate(BODY, "Kim", 0, 3) == (0, 3)
    second = BODY.index("Kim said")
    assert locate(BODY, "Kim said", 0, 3) == (second, second + 8)
    assert locate(BODY, "  Kim said ", 999, 1000) == (second, second + 8)
    assert locate(BODY, "nowhere", 0, 3) == (0, 3)
    assert locate(BODY, "nowhere", 5, 999) is None and locate(BODY, "", 3, 3) is None


def test_word_diff_marks_changed_added_and_missing_words() -> None:
    ref, (shorter, reworded) = word_diff(
        "We have always supported President Putin.",
        ["We have supported President Putin.", "We have ALWAYS backed president Putin!"],
    )
    assert [w for w, s in ref if s] == ["always", "supported"]
    assert [(w, s) for w, s in shorter if s] == [("always", "missing")]
    assert [(w, s) for w, s in reworded if s] == [("backed", "changed")]
    assert " ".join(w for w, s in shorter if s != "missing") == "We have supported President Putin."


def test_comment_thread_orders_replies_under_parents() -> None:
    comments = (
        Comment("1", "top"), Comment("2", "other top"), Comment("3", "reply to 1", parent="1"),
        Comment("4", "reply to 3", parent="3", offensive=0.8), Comment("5", "orphan", parent="gone"),
    )
    thread = comment_thread(comments)
    assert [(c.id, depth, flagged) for c, depth, flagged in thread] == [
        ("1", 0, False), ("3", 1, False), ("4", 2, True), ("2", 0, False), ("5", 0, False)]


def test_comment_thread_survives_loops_and_deep_chains() -> None:
    loop = (Comment("a", "x", parent="b"), Comment("b", "y", parent="a"))
    assert sorted(c.id for c, _, _ in comment_thread(loop)) == ["a", "b"]
    chain = tuple(Comment(str(i), "t", parent=str(i - 1) if i else None) for i in range(3000))
    thread = comment_thread(chain)
    assert len(thread) == 3000 and max(d for _, d, _ in thread) == MAX_THREAD_DEPTH


def test_changed_phrases_read_as_one_run() -> None:
    from parallax.model import Article, Comparison, QuoteMatch, QuoteVariant, Result, Story
    from parallax.report.view import build_report

    one = Article("x1", "a.txt", "It could fall below 10 percent if use does not drop.", outlet="A")
    two = Article("x2", "b.txt", "It could drop below 10 percent at current rates.", outlet="B")
    match = QuoteMatch("Reyes", (QuoteVariant("x1", one.body), QuoteVariant("x2", two.body)), 0.8)
    story = Story("s", ("x1", "x2"), comparison=Comparison(quote_matches=(match,)))
    view = build_report(Result(articles=(one, two), stories=(story,))).stories[0].quote_matches[0]
    assert [v.words for v in view.variants] == [
        [("It could", ""), ("fall", "changed"), ("below 10 percent", ""),
         ("if use does not drop.", "changed")],
        [("It could", ""), ("drop", "changed"), ("below 10 percent", ""), ("at current rates.", "changed")],
    ]
