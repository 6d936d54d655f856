"""Batch clustering on tiny corpora: twin events split, one event in different words joins."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from parallax.model import Article, Story
from parallax.stories import StoryClusterer, group_stories, story_id

EXPECTED = {frozenset({"chile0", "chile1", "chile2"}), frozenset({"peru0", "peru1", "peru2"}),
            frozenset({"boj0", "boj1"})}


def groups(stories: Iterable[Story]) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def test_two_similar_earthquakes_are_two_stories_lexical(quake_corpus: list[Article]) -> None:
    assert groups(StoryClusterer(use_embeddings=False).fit(quake_corpus).stories_) == EXPECTED


def test_twin_events_split_without_dates(quake_corpus: list[Article]) -> None:
    undated = [a.replace(published=None) for a in quake_corpus]
    assert groups(StoryClusterer(use_embeddings=False).fit(undated).stories_) == EXPECTED


@pytest.mark.slow
def test_two_similar_earthquakes_are_two_stories_with_embeddings(quake_corpus: list[Article]) -> None:
    assert groups(group_stories(quake_corpus)) == EXPECTED


def test_story_fields(quake_corpus: list[Article]) -> None:
    late = quake_corpus[0].replace(id="chile-late", source="chile-late", published="2024-03-05T10:00:00",
                                   outlet="wire")
    wire = quake_corpus[3].body + " " + quake_corpus[5].body
    long = quake_corpus[3].replace(id="peru-wire", source="peru-wire", outlet="wire", body=wire)
    copy = long.replace(id="peru-copy", source="peru-copy", outlet="daily", body=wire.replace("Thursday", "Thu", 1))
    stories = StoryClusterer(use_embeddings=False).fit([late, *quake_corpus, long, copy]).stories_
    chile = next(s for s in stories if "chile0" in s.articles)
    assert chile.timeline[-1] == "chile-late"  # published a day after the others
    assert set(chile.timeline) == set(chile.articles)
    assert chile.id == story_id(chile.articles) == story_id(reversed(chile.articles))
    assert chile.title in {a.title for a in quake_corpus[:3]}
    peru = next(s for s in stories if "peru0" in s.articles)
    assert peru.duplicates == (("peru-wire", "peru-copy"),)
    assert chile.comparison.facts == ()


def test_ids_do_not_depend_on_input_order(quake_corpus: list[Article]) -> None:
    forward = StoryClusterer(use_embeddings=False).fit(quake_corpus).stories_
    backward = StoryClusterer(use_embeddings=False).fit(list(reversed(quake_corpus))).stories_
    assert {s.id for s in forward} == {s.id for s in backward}


def test_small_inputs() -> None:
    assert StoryClusterer(use_embeddings=False).fit([]).stories_ == []
    one = Article(id="x", source="x", body="A lone report.")
    stories = StoryClusterer(use_embeddings=False).fit([one, one]).stories_
    assert [s.articles for s in stories] == [("x",)]


def test_annotated_entities_replace_the_capitalised_word_guess() -> None:
    from parallax.model import Span
    from parallax.stories.features import article_names, names_and_numbers

    body = "Officials In Lima said 14 people died. Dina Boluarte visited."
    plain = Article(id="p", source="p", body=body)
    assert "dina boluarte" in article_names(plain) and "#14" in article_names(plain)
    tagged = plain.replace(entities=(Span(0, 9, "NORP", "Officials"), Span(41, 54, "PERSON", "Dina Boluarte")))
    assert article_names(tagged) == ["officials", "dina boluarte", "#14"]
    assert names_and_numbers("no names here", []) == []
