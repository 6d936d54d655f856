"""Comment sections in page text: found by layout, threaded, scored, never in the body."""

from __future__ import annotations

from parallax.clean.comments import find_comment_section, parse_comment_section
from parallax.clean.offensive import score_offensive


def test_indentation_and_bullets_make_replies() -> None:
    lines = [
        "  1. First comment.",
        "    its second line",
        "  2. Second comment.",
        "    • A reply to the second.",
        "        • A reply to the reply.",
        "    • Another reply to the second.",
        "  3. Third comment.",
    ]
    thread = parse_comment_section(lines, score=False)
    assert [(c.id, c.parent, c.depth) for c in thread] == [
        ("c1", None, 0), ("c2", None, 0), ("c3", "c2", 1), ("c4", "c3", 2), ("c5", "c2", 1), ("c6", None, 0)]
    assert thread[0].text == "First comment.\nits second line"


def test_author_lines_and_reply_buttons() -> None:
    lines = ["Jane Doe · 2 hours ago", "I liked this piece.", "Reply",
             "jdoe99 says:", "Not me, it missed the point.", "Reply"]
    thread = parse_comment_section(lines, score=False)
    assert [(c.author, c.text) for c in thread] == [
        ("Jane Doe", "I liked this piece."), ("jdoe99", "Not me, it missed the point.")]


def test_section_needs_thread_signs_or_a_frame() -> None:
    article_list = ["Officials listed three demands:", "", "1. More money.", "2. More staff.", "3. More time.",
                    "", "The talks resume on Monday."]
    assert find_comment_section(article_list) is None
    framed = ["The talks resume on Monday.", "", "12 Comments", "", "1. Great piece.", "2. Agreed.",
              "Reply", "", "Leave a comment"]
    section = find_comment_section(framed)
    assert section is not None and framed[section.start] == "1. Great piece."


def test_offensive_scores_are_probabilities() -> None:
    scores = score_offensive(["Thanks for the careful report.", "You are a stupid idiot.", "", "   "])
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[1] > 0.5 > scores[0]
    assert scores[2] == scores[3] == 0.0
    assert score_offensive([]) == []


def test_parsed_comments_are_scored() -> None:
    thread = parse_comment_section(["1. You are a stupid idiot.", "2. Fair and careful report."])
    assert thread[0].offensive > thread[1].offensive


def test_name_above_a_time_line_is_the_author() -> None:
    lines = ["Woyzeck", "", "2 days ago at 07:52 am", "", "Good to see this.", "", "Rating: 36 Votes",
             "", "Nick A", "", "2 days ago at 07:47 am", "", "I think we will see similar updates."]
    thread = parse_comment_section(lines, score=False)
    assert [c.author for c in thread] == ["Woyzeck", "Nick A"]
    assert thread[1].text == "I think we will see similar updates."


def test_many_numbered_lists_without_thread_are_no_section() -> None:
    lines = []
    for k in range(400):  # a long page of short numbered lists: every run is tried, quickly
        lines += [f"1. Point {k} of the plan.", "2. Another point.", "", "The council debated it.", ""]
    assert find_comment_section(lines) is None
    section = find_comment_section([*lines, "12 Comments", "", "1. Great piece.", "2. Agreed.", "Reply"])
    assert section is not None and section.start == len(lines) + 2


def test_indented_run_ends_at_a_line_set_no_deeper() -> None:
    lines = ["Comments", "  1. First.", "    • A reply.", "  2. Second.", "  3. Third.",
             "Back to the story.", "  4. Not in the run."]
    section = find_comment_section(lines)
    assert section is not None and (section.start, section.end) == (1, 5)


def test_author_lines_without_heading_start_a_section() -> None:
    lines = ["Jane Doe · 2 hours ago", "Nice.", "Reply", "jdoe99 says:", "No.", "Reply",
             "Ann Lee · 1 hour ago", "Yes."]
    section = find_comment_section(lines)
    assert section is not None and section.header == (-1,) and section.start == 0
