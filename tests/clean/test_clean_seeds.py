"""The two seed pages clean exactly as the end-to-end issue describes."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.clean import clean_page
from parallax.model import Article, Page


def _clean(seeds_dir: Path, prefix: str) -> tuple[Article, list[str]]:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return clean_page(Page(source=str(path), text=text)), paragraphs


def _kinds(article: Article) -> dict[str, str]:
    return {r.text: r.kind for r in article.removed}


@pytest.fixture(scope="module")
def seed000(seeds_dir: Path) -> tuple[Article, list[str]]:
    return _clean(seeds_dir, "000")


@pytest.fixture(scope="module")
def seed003(seeds_dir: Path) -> tuple[Article, list[str]]:
    return _clean(seeds_dir, "003")


def test_000_body_is_the_eight_paragraphs_before_the_caption(seed000: tuple[Article, list[str]]) -> None:
    article, paragraphs = seed000
    caption = next(i for i, p in enumerate(paragraphs) if p.startswith("Image:"))
    assert caption == 9
    assert article.paragraphs == paragraphs[1:caption]
    assert article.title == paragraphs[0]


def test_000_furniture_is_removed_with_kinds(seed000: tuple[Article, list[str]]) -> None:
    article, paragraphs = seed000
    kinds = _kinds(article)
    assert kinds["Image: Title: Putin Kim"] == "caption"
    assert kinds["View All"] == "related"
    teasers = paragraphs[paragraphs.index("View All") + 1 :]
    assert len(teasers) == 8
    assert all(kinds[t] == "teaser" for t in teasers)
    assert kinds[paragraphs[0]] == "title"
    assert not article.comments


def test_003_dateline_title_and_subheading(seed003: tuple[Article, list[str]]) -> None:
    article, paragraphs = seed003
    assert article.published is not None and article.published.startswith("2023-09-13T21:36")
    assert article.title == paragraphs[0]
    kinds = _kinds(article)
    assert kinds[paragraphs[1]] == "dateline"
    assert "p4cF3NSADlM" not in article.body and "p4cF3NSADlM" not in (article.published or "")
    assert "‘Glory to Russia will be immortal’" in article.paragraphs
    assert article.paragraphs[0].startswith("North Korean dictator Kim Jong Un pledged")
    assert article.paragraphs[-1].startswith("Last month, to much fanfare")


def test_003_second_story_is_other_story(seed003: tuple[Article, list[str]]) -> None:
    article, _ = seed003
    other = [r.text for r in article.removed if r.kind == "other_story"]
    assert other[0] == "Russia ‘suffering significant losses’ in Donetsk"
    assert len(other) == 4 and other[-1].startswith("Ukraine is also said to be holding back")
    assert "Donetsk" not in article.body and "Bakhmut" not in article.body


def test_003_comment_thread(seed003: tuple[Article, list[str]]) -> None:
    article, _ = seed003
    comments = article.comments
    top = [c for c in comments if c.parent is None]
    assert len(top) == 4
    by_id = {c.id: c for c in comments}
    replies = [c for c in comments if c.parent is not None]
    assert len(replies) == 2
    first, deeper = sorted(replies, key=lambda c: c.depth)
    assert by_id[first.parent].text.startswith("I declare WAR on north korea!")
    assert first.text.startswith("It’s necessary.") and first.depth == 1
    assert deeper.parent == first.id and deeper.depth == 2 and deeper.text.startswith("Yes, he is really old.")
    assert all(0.0 <= c.offensive <= 1.0 for c in comments)
    assert _kinds(article)["Enter comments here:"] == "comment_form"


def test_003_comments_never_leak_into_body(seed003: tuple[Article, list[str]]) -> None:
    article, _ = seed003
    for comment in article.comments:
        for line in comment.text.splitlines():
            if "he added, raising his glass" not in line:  # comment 1 quotes the article itself
                assert line not in article.body
    assert "chicoms" not in article.body and "Enter comments here" not in article.body
