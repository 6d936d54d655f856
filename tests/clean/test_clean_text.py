"""Plain-text cleaning: blocks, features, datelines, bad input, the body model."""

from __future__ import annotations

import numpy as np
import pytest

from parallax.clean import clean_page
from parallax.clean.block_model import TreeEnsemble, export_trees
from parallax.clean.blocks import split_blocks
from parallax.clean.dateline import is_dateline, parse_byline, parse_dateline
from parallax.clean.features import FEATURE_NAMES, block_features, furniture_kind, is_heading
from parallax.clean.text import other_story_start
from parallax.config import Settings
from parallax.errors import InputError, NotArticleError
from parallax.model import Page, make_article_id

PARA = ("The council approved the harbour budget on Monday after a debate that lasted most of the night, "
        "officials said, and the first works will start in spring.")


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n"])
def test_empty_or_blank_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        clean_page(Page(source="blank.txt", text=text))


def test_page_without_article_is_not_an_article() -> None:
    with pytest.raises(NotArticleError):
        clean_page(Page(source="menu.txt", text="Home\n\nWorld\n\nSport\n\nSign in"))


def test_min_body_words_setting_is_respected() -> None:
    page = Page(source="short.txt", text=PARA)
    with pytest.raises(NotArticleError):
        clean_page(page, settings=Settings(min_body_words=500))
    assert clean_page(page, settings=Settings(min_body_words=5)).body == PARA


def test_article_id_and_fields() -> None:
    page = Page(source="a.txt", text="Harbour budget passes\n\n" + "\n\n".join([PARA] * 3), outlet="Tide")
    article = clean_page(page)
    assert article.id == make_article_id(page)
    assert article.outlet == "Tide" and article.title == "Harbour budget passes"
    assert article.paragraphs == [PARA] * 3
    assert [r.kind for r in article.removed] == ["title"]


def test_blocks_keep_layout() -> None:
    blocks = split_blocks("A\n\n\nB\nC\n\n  D\u200b")
    assert [(b.text, b.paragraph, b.line_in_paragraph, b.gap_before) for b in blocks] == [
        ("A", 0, 0, 0), ("B", 1, 0, 2), ("C", 1, 1, 0), ("D", 2, 0, 1)]
    assert blocks[3].indent == 2 and blocks[1].lines_in_paragraph == 2


def test_features_have_one_row_per_block() -> None:
    blocks = split_blocks("Share\n\n" + PARA + "\n\nRead more")
    features = block_features(blocks)
    assert features.shape == (3, len(FEATURE_NAMES))
    assert np.isfinite(features).all()
    assert block_features([]).shape == (0, len(FEATURE_NAMES))


def test_tree_export_matches_scikit_learn() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 5))
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(int)
    model = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(x, y)
    ours = TreeEnsemble(export_trees(model)).predict(x)
    assert np.allclose(ours, model.predict_proba(x)[:, 1], atol=1e-6)


@pytest.mark.parametrize(("line", "iso"), [
    ("13 September 2023 • 9:36pm p4cF3NSADlM", "2023-09-13T21:36"),
    ("Updated: Nov. 5, 2019 at 10:04 a.m. ET", "2019-11-05T10:04-05:00"),
    ("Published 2019-11-20", "2019-11-20"),
    ("March 3, 2021 14:05 GMT", "2021-03-03T14:05+00:00"),
])
def test_datelines(line: str, iso: str) -> None:
    assert parse_dateline(line) == iso and is_dateline(line)


def test_not_datelines() -> None:
    assert parse_dateline("No date in this line at all") is None
    assert not is_dateline("On 3 March 2021 the council met again to discuss the harbour and the new budget.")


def test_bylines() -> None:
    assert parse_byline("By Jane Doe, Reuters") == "Jane Doe"
    assert parse_byline("by the way, this is not a byline.") is None


def test_furniture_kinds() -> None:
    def kind(text: str, after: bool = True) -> str:
        return furniture_kind(split_blocks(text)[0], before_body=not after, after_body=after)

    assert kind("Image: Title: Putin Kim") == "caption"
    assert kind("View All") == "related"
    assert kind("© 2023 Example News. All rights reserved.") == "legal"
    assert kind("Share on Facebook") == "share"
    assert kind("Advertisement") == "advertisement"
    assert kind("Active females in the military say they are uncomfortable....") == "teaser"
    assert kind("Sport", after=False) == "navigation"


def test_other_story_needs_a_topic_shift() -> None:
    main = ["The harbour budget passed on Monday after a long council debate.",
            "The harbour works will start in spring, the council said.",
            "Council members said the harbour budget was the largest in years."]
    same = ["Harbour works timetable", "The harbour works start in spring and the council will report on the budget."]
    other = ["Storm hits mountain villages", "Heavy snow cut power to mountain villages overnight, rescuers said."]
    blocks = split_blocks("\n\n".join(main + same))
    assert other_story_start(blocks, "Harbour budget passes") is None
    blocks = split_blocks("\n\n".join(main) + "\n\n\n" + "\n\n".join(other))
    assert other_story_start(blocks, "Harbour budget passes") == 3
    assert is_heading("Storm hits mountain villages") and not is_heading(main[0])


def test_blocks_count_table_cells() -> None:
    blocks = split_blocks("Pos.\tDriver\tPoints\n1\tKyle Busch\t5040\n\nA plain line.")
    assert [b.cells for b in blocks] == [3, 3, 1]
    assert blocks[1].text == "1 Kyle Busch 5040"


def _column(text: str, name: str) -> list[float]:
    blocks = split_blocks(text)
    return block_features(blocks)[:, FEATURE_NAMES.index(name)].tolist()


def test_features_see_headlines_run_into_their_blurbs() -> None:
    teaser = "Mayor Says Budget Won't StandWarren Mayor Jim Fouts says the vote was underhanded."
    assert _column(teaser + "\n\n" + PARA + "\n\nNASA said it. He bought an iPhone.", "glued")[:2] == [
        pytest.approx(np.log(2)), 0.0]


def test_features_see_the_comment_thread() -> None:
    text = "\n\n".join([PARA, "Jane Doe on March 3, 2019 at 4:12 pm said:", "Great piece.", "Reply", "Later line."])
    assert _column(text, "thread_line") == [0.0, 1.0, 0.0, 1.0, 0.0]
    assert _column(text, "thread_before") == pytest.approx([0.0, 0.0, np.log(2), np.log(2), np.log(3)])


def test_thread_lines() -> None:
    from parallax.clean.comments import thread_line

    assert thread_line("jdoe says:") and thread_line("2 hours ago") and thread_line("Reply")
    assert not thread_line(PARA) and not thread_line("") and not thread_line("Posted in March 2019")


def test_clean_page_sends_html_to_the_html_cleaner() -> None:
    html = ("<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>"
            + f"<p>{PARA}</p>" * 3 + "</article></body></html>")
    article = clean_page(Page(source="a.html", html=html))
    assert PARA in article.body


def test_comments_are_threaded_and_kept_out_of_the_body() -> None:
    comments = ("  1. What a careful report, thank you.\n\n  2. I disagree with the council.\n"
                "    • Why do you disagree?\n\n  3. Agreed with the first.\n\nEnter comments here:")
    text = "Harbour budget passes\n\n" + "\n\n".join([PARA] * 3) + "\n\n\n" + comments
    article = clean_page(Page(source="c.txt", text=text))
    assert [(c.parent, c.depth) for c in article.comments] == [(None, 0), (None, 0), ("c2", 1), (None, 0)]
    assert "careful report" not in article.body and "disagree" not in article.body
    assert {r.text: r.kind for r in article.removed}["Enter comments here:"] == "comment_form"
