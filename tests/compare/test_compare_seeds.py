"""Comparison of the two seed articles (000 and 003): facts, omissions, quotes, naming."""

from __future__ import annotations

import pytest

from parallax.compare import compare_story
from parallax.model import Article, Comparison, Fact, Story


@pytest.fixture(scope="module")
def comparison(seed_story: Story, seed_articles: list[Article]) -> Comparison:
    return compare_story(seed_story, seed_articles)


def _fact_with(comparison: Comparison, article: str, words: str) -> tuple[int, Fact]:
    for index, fact in enumerate(comparison.facts):
        if any(s.article == article and words in " ".join(s.text.split()) for s in fact.statements):
            return index, fact
    raise AssertionError(f"no fact of {article} says {words!r}")


def _shared(fact: Fact) -> set[str]:
    return {s.article for s in fact.statements}


@pytest.mark.parametrize(
    ("words_000", "words_003"),
    [
        ("first time the notorious leaders had met in four years", "first meeting since 2019"),
        ("military support was the primary topic", "military cooperation was discussed"),
        ("We have always supported and stand by", "We have always supported and always will support"),
        ("expressed his loyalty", "full and unconditional support"),
        ("always stand with Russia", "together in the struggle against imperialism"),  # via the matched quote
    ],
)
def test_facts_both_outlets_report_are_aligned(comparison: Comparison, words_000: str, words_003: str) -> None:
    _, fact = _fact_with(comparison, "a-000", words_000)
    assert any(s.article == "a-003" and words_003 in s.text for s in fact.statements), fact
    assert fact.outlets == ("outlet-000", "outlet-003")


def test_arrival_is_aligned_with_a_meeting_statement(comparison: Comparison) -> None:
    _, fact = _fact_with(comparison, "a-000", "arrived in Russia Wednesday")
    assert _shared(fact) == {"a-000", "a-003"}


def test_us_concern_about_arms_is_aligned(comparison: Comparison) -> None:
    # the short statement says little alone; the concern voiced on both sides and the US
    # named on both sides join it to 003's fuller report
    _, fact = _fact_with(comparison, "a-000", "quick to vocalize its concern")
    assert any("expressed concern" in s.text for s in fact.statements)


def test_state_dinner_only_in_003_and_an_omission_of_000(comparison: Comparison) -> None:
    index, fact = _fact_with(comparison, "a-003", "opulent meal")
    assert _shared(fact) == {"a-003"}
    assert any(o.article == "a-000" and o.fact == index for o in comparison.omissions)


def test_ryder_warning_is_an_omission_of_003(comparison: Comparison) -> None:
    # 003's "US and South Korean officials have expressed concern that ..." is close to it,
    # but quotes other people: a loose likeness between different speakers is no shared fact
    index, fact = _fact_with(comparison, "a-000", "Pat Ryder stated")
    assert _shared(fact) == {"a-000"}
    assert any(o.article == "a-003" and o.fact == index for o in comparison.omissions)


def test_facts_reported_by_both_come_first(comparison: Comparison, seed_articles: list[Article]) -> None:
    sizes = [len(_shared(f)) for f in comparison.facts]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(1 for s in sizes if s == 2) >= 5
    bodies = {a.id: a.body for a in seed_articles}
    assert all(s.text == bodies[s.article][s.start : s.end] for f in comparison.facts for s in f.statements)


def test_every_statement_sits_in_one_fact(comparison: Comparison, seed_articles: list[Article]) -> None:
    spans = [(s.article, s.start) for f in comparison.facts for s in f.statements]
    assert len(spans) == len(set(spans))
    assert {a for a, _ in spans} == {"a-000", "a-003"}


def test_kim_support_quote_matched_across_outlets(comparison: Comparison) -> None:
    kim = [m for m in comparison.quote_matches if m.speaker == "Kim Jong Un"]
    texts = [[q.text for q in m.quotes] for m in kim]
    assert any(any("stand by all decisions" in t for t in g) and any("always will support" in t for t in g)
               for g in texts)
    assert any(any("fight against imperialism" in t for t in g) and any("together in the struggle" in t for t in g)
               for g in texts)


def test_distinct_statements_of_kim_stay_apart(comparison: Comparison) -> None:
    for match in comparison.quote_matches:
        texts = " | ".join(q.text for q in match.quotes)
        assert not ("state sovereignty" in texts and "punishment of a great evil" in texts)
        assert len({q.article for q in match.quotes}) == len(match.quotes)


def test_naming_dictator_against_leader(comparison: Comparison) -> None:
    kim = next(label for label in comparison.labels if label.entity == "Kim Jong Un")
    assert "North Korean dictator" in kim.by_article["a-003"]
    assert "the North Korean leader" in kim.by_article["a-000"]
    assert "North Korean dictator" not in kim.by_article["a-000"]


def test_tone_per_article_and_actor(comparison: Comparison) -> None:
    assert set(comparison.tone) == {"a-000", "a-003"}
    assert all(-1.0 <= t <= 1.0 for t in comparison.tone.values())
    assert set(comparison.actor_tone["Kim Jong Un"]) == {"a-000", "a-003"}


def test_loaded_words_point_into_the_body(comparison: Comparison, seed_articles: list[Article]) -> None:
    bodies = {a.id: a.body for a in seed_articles}
    assert comparison.loaded
    for item in comparison.loaded:
        assert bodies[item.article][item.start : item.end] == item.text
        assert 0.0 < item.score <= 1.0


def test_comparison_round_trips_through_json(comparison: Comparison) -> None:
    assert Comparison.from_dict(comparison.to_dict()) == comparison


def test_facts_say_how_closely_their_statements_agree(comparison: Comparison) -> None:
    _, weak = _fact_with(comparison, "a-000", "first time the notorious leaders had met in four years")
    _, strong = _fact_with(comparison, "a-000", "We have always supported and stand by")
    assert weak.loose and weak.strength is not None and weak.strength < 0.55  # joined on the year, 2019
    assert not strong.loose and strong.strength is not None and strong.strength >= 0.55
    assert all(f.strength is None and not f.loose for f in comparison.facts if len(f.statements) == 1)
