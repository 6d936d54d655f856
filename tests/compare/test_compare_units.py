"""Small hand-built cases for statements, disagreements, omissions, quotes and naming."""

from __future__ import annotations

import pytest

from parallax.compare import compare_story, quote_diff, representatives
from parallax.compare.naming import link_story_actors, name_actors, same_person
from parallax.compare.omissions import find_omissions
from parallax.compare.statements import article_statements, quantities, split_clauses, split_sentences, years
from parallax.config import Settings
from parallax.errors import UsageError
from parallax.model import Actor, Article, Fact, Quote, Span, Statement, Story

LEXICAL = Settings(use_embeddings=False)


def _article(id_: str, body: str, outlet: str | None = None, **kw) -> Article:  # type: ignore[no-untyped-def]
    return Article(id=id_, source=f"{id_}.txt", body=body, outlet=outlet, **kw)


def test_split_sentences_offsets_point_into_body() -> None:
    body = "Police said 40 people were hurt. Officials agreed.\n\n“It was chaos,” a witness said."
    spans = split_sentences(body)
    assert [body[s.start : s.end] for s in spans] == [
        "Police said 40 people were hurt.", "Officials agreed.", "“It was chaos,” a witness said."]


@pytest.mark.parametrize("parts", [
    ("The leaders smiled and toasted one another on Wednesday",  # cut before "as they"
     "as they held a first meeting since 2019 at the launch site in the far east of the country."),
    ("Before touring the new harbour crane at the northern terminal on Friday,",  # a leading clause
     "the port director promised the dock workers a pay rise and two more days of leave."),
])
def test_long_sentence_cut_into_clauses(parts: tuple[str, str]) -> None:
    text = " ".join(parts)
    clauses = split_clauses(text, 10)
    assert [c.text for c in clauses] == list(parts)
    assert clauses[1].start == 10 + text.index(parts[1])


@pytest.mark.parametrize("text", ["Kim met Putin.", "After the vote, the mayor left."])
def test_short_sentence_kept_whole(text: str) -> None:
    assert [c.text for c in split_clauses(text, 0)] == [text]


def test_years_from_durations_and_quantities() -> None:
    assert years("the first time they had met in four years", 2023) == {2019}
    assert years("their first meeting since 2019", 2023) == {2019}
    assert quantities("a 40-second handshake and 18 months of war") == {(40.0, "second"), (18.0, "month")}
    # number words only as whole words: not the "ten" of "often", the "one" of "someone"
    assert quantities("He often said someone told the nine officers") == {(9.0, "officer")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twenty-five more troops arrived", {(25.0, "troop")}),
        ("one hundred and twenty people", {(120.0, "people")}),
        ("two dozen troops", {(24.0, "troop")}),
        ("a million people", {(1e6, "people")}),
        ("3.5 million dollars in aid", {(3.5e6, "dollar")}),
        ("$3.5 million in aid", {(3.5e6, "dollar")}),
        ("a £40bn deal", {(4e10, "pound")}),
        ("40% of voters and forty per cent of donors", {(40.0, "percent of voter"), (40.0, "percent of donor")}),
        ("cut use by 20 percent after it fell to 18 percent of its capacity",
         {(20.0, "percent"), (18.0, "percent of capacity")}),
        ("5,000 troops and 2,000 tanks", {(5000.0, "troop"), (2000.0, "tank")}),
        # not counts: years, ordinals, decades, "one" as a pronoun
        ("in 2019, the 2nd round of the 1990s", set()),
        ("no one said one of them would", set()),
        # names and dates: "Boeing 747", "Falcon 9", "June 1"; a name after the number
        ("18 Boeing 747 aircraft, the Falcon 9 rocket, on June 1 six North Korean firms", set()),
        ("About 40 people and five Americans", {(40.0, "people"), (5.0, "american")}),
    ],
)
def test_quantities_read_whole_numbers_scales_currencies_and_percentages(
    text: str, expected: set[tuple[float, str]]
) -> None:
    assert quantities(text) == expected


def test_the_same_amount_written_two_ways_is_no_disagreement() -> None:
    from parallax.compare.facts import disagreement
    from parallax.compare.statements import StatementUnit

    def unit(article: str, text: str) -> StatementUnit:
        return StatementUnit(article, text, 0, len(text), 0, quantities=quantities(text))

    assert disagreement([unit("a", "twenty-five more troops"), unit("b", "25 troops")]) is None
    assert disagreement([unit("a", "$3.5 million in aid"), unit("b", "3.5 million dollars of aid")]) is None
    assert disagreement([unit("a", "40% of voters"), unit("b", "45 percent of voters")]) == (
        "numbers differ: 40 vs 45 (percent of voter)")
    assert disagreement([unit("a", "a 20 percent cut"), unit("b", "down to 19 percent of capacity")]) is None


def test_statements_carry_names_from_actor_mentions() -> None:
    body = "Kim met the president. The talks lasted several hours on Wednesday."
    kim = Actor("Kim Jong Un", aliases=("Kim",))
    article = _article("a", body, actors=(kim.replace(mentions=()),))
    units = article_statements(article, canonical={"Kim": "Kim Jong Un"})
    assert units[0].names == {"Kim Jong Un"}
    assert units[1].weekdays == {"wednesday"}


def test_same_fact_with_different_numbers_is_flagged_not_hidden() -> None:
    a = _article("a", "Police said 40 people were injured in the blast at the central station on Monday.", "Daily")
    b = _article("b", "Police said 45 people were injured in the blast at the central station on Monday.", "Post")
    comparison = compare_story(Story("s", ("a", "b")), [a, b], settings=LEXICAL)
    fact = comparison.facts[0]
    assert {s.article for s in fact.statements} == {"a", "b"}
    assert fact.disagreement == "numbers differ: 40 vs 45 (people)"


def test_agreeing_statements_carry_no_disagreement() -> None:
    a = _article("a", "Kim arrived on Wednesday for his first meeting with Putin in four years.", "Daily",
                 published="2023-09-13")
    b = _article("b", "Kim arrived on Wednesday for the first meeting with Putin since 2019.", "Post")
    comparison = compare_story(Story("s", ("a", "b")), [a, b], settings=LEXICAL)
    assert len(comparison.facts) == 1
    assert comparison.facts[0].disagreement is None


def test_different_days_are_flagged() -> None:
    a = _article("a", "The minister resigned on Tuesday after the vote on the budget failed.", "Daily")
    b = _article("b", "The minister resigned on Thursday after the vote on the budget failed.", "Post")
    fact = compare_story(Story("s", ("a", "b")), [a, b], settings=LEXICAL).facts[0]
    assert fact.disagreement == "days differ: Tuesday vs Thursday"


def test_duplicates_count_once_and_missing_articles_are_reported() -> None:
    a = _article("a", "The bridge closed on Monday after cracks were found in two of its pillars.", "Wire")
    copy = _article("c", a.body, "Wire mirror")
    b = _article("b", "A new budget was passed by parliament late last night after a long debate.", "Post")
    story = Story("s", ("a", "c", "b"), duplicates=(("a", "c"),))
    assert [x.id for x in representatives(story, [a, copy, b])] == ["a", "b"]
    comparison = compare_story(story, [a, copy, b], settings=LEXICAL)
    assert all(s.article != "c" for f in comparison.facts for s in f.statements)
    assert {o.article for o in comparison.omissions} == {"a", "b"}
    with pytest.raises(UsageError, match="not given"):
        compare_story(story, [a, b], settings=LEXICAL)


def test_omission_needs_most_other_outlets() -> None:
    def fact(*ids: str) -> Fact:
        return Fact(tuple(Statement(i, "x") for i in ids))

    facts = [fact("a", "b", "c"), fact("b", "c"), fact("c")]
    found = {(o.article, o.fact) for o in find_omissions(facts, ["a", "b", "c", "d"], {})}
    assert found == {("d", 0), ("a", 1), ("d", 1)}


def test_quote_diff_marks_words_in_one_rendering_only() -> None:
    diff = quote_diff("We have always supported and stand by all decisions",
                      "We have always supported and always will support all decisions")
    assert ("equal", "We have always supported and") in diff
    assert ("delete", "stand by") in diff
    assert ("insert", "always will support") in diff
    assert quote_diff("", "") == []


def test_distinct_quotes_of_one_speaker_do_not_merge() -> None:
    a = _article("a", "“We will cut taxes for every family,” the mayor said. “The stadium will be rebuilt,” she added.",
                 quotes=(Quote("We will cut taxes for every family,", 1, 36, "Jane Roe"),
                         Quote("The stadium will be rebuilt,", 55, 83, "Jane Roe")),
                 actors=(Actor("Jane Roe"),))
    b = _article("b", "Roe promised: “We are going to cut taxes for every family.”",
                 quotes=(Quote("We are going to cut taxes for every family.", 15, 58, "Roe"),),
                 actors=(Actor("Roe"),))
    matches = compare_story(Story("s", ("a", "b")), [a, b]).quote_matches
    assert len(matches) == 1
    assert matches[0].speaker == "Jane Roe"
    assert sorted(q.text for q in matches[0].quotes) == [
        "We are going to cut taxes for every family.", "We will cut taxes for every family,"]


def test_quotes_of_different_speakers_never_match() -> None:
    a = _article("a", "x" * 60, quotes=(Quote("We will cut taxes for every family", 0, 10, "Jane Roe"),),
                 actors=(Actor("Jane Roe"),))
    b = _article("b", "y" * 60, quotes=(Quote("We will cut taxes for every family", 0, 10, "John Doe"),),
                 actors=(Actor("John Doe"),))
    assert compare_story(Story("s", ("a", "b")), [a, b], settings=LEXICAL).quote_matches == ()


def test_naming_lists_each_outlets_words_for_linked_actors() -> None:
    a = _article("a", "", actors=(Actor("Kim Jong Un", aliases=("Kim",), descriptors=("North Korean dictator",)),))
    b = _article("b", "", actors=(Actor("Kim", descriptors=("the North Korean leader",)),))
    labels = name_actors([a, b], link_story_actors([a, b]))
    assert labels[0].entity == "Kim Jong Un"
    assert labels[0].by_article == {"a": ("North Korean dictator", "Kim Jong Un", "Kim"),
                                    "b": ("the North Korean leader", "Kim")}
    assert same_person("Sergey Radchenko", "Sergey Radachenko")
    assert not same_person("Kim Jong Un", "Moon Jae-in")


def test_empty_story_gives_empty_comparison() -> None:
    assert compare_story(Story("s", ()), [], settings=LEXICAL).facts == ()


def test_different_people_for_the_same_fact_are_flagged() -> None:
    def article(id_: str, name: str) -> Article:
        body = f"Police arrested {name} on Monday after the robbery at the central bank."
        start = body.index(name)
        mention = (Span(start, start + len(name), "PERSON", name),)
        return _article(id_, body, id_.upper(), actors=(Actor(name, mentions=mention),))

    fact = compare_story(Story("s", ("a", "b")), [article("a", "John Smith"), article("b", "Tom Brown")],
                         settings=LEXICAL).facts[0]
    assert len(fact.statements) == 2
    assert fact.disagreement == "actors differ: John Smith vs Tom Brown"


def test_places_join_the_naming_table_only_when_described() -> None:
    a = _article("a", "", actors=(Actor("Russia", label="GPE"), Actor("Moscow", label="GPE", descriptors=("the capital",)),
                                  Actor("Jane Roe")))
    b = _article("b", "", actors=(Actor("Russia", label="GPE"), Actor("Moscow", label="GPE"), Actor("Roe")))
    assert [label.entity for label in name_actors([a, b], link_story_actors([a, b]))] == ["Jane Roe", "Moscow"]


def test_vectorised_pair_scores_match_pair_by_pair() -> None:
    import numpy as np

    from parallax.compare.facts import OVERLAP_WEIGHT, detail_bonus, lexical_vectors, score_pairs, story_centred
    from parallax.compare.quotes import word_overlap
    from parallax.compare.quotes import content_words
    from parallax.compare.statements import StatementUnit, weekdays

    texts = [("a", "Kim met Putin on Wednesday for 40 seconds in 2019."), ("a", "They discussed arms."),
             ("a", "The US voiced concern."), ("b", "Putin met Kim on Wednesday, a 45-second handshake."),
             ("b", "Arms were discussed, officials said."), ("c", "The meeting in 2019 was the first."),
             ("c", "Kim and Putin talked about weapons on Wednesday.")]

    units = [StatementUnit(art, text, 0, len(text), k, quantities=quantities(text), years=years(text, 2023),
                           weekdays=weekdays(text), names=frozenset(w for w in ("Kim", "Putin") if w in text))
             for k, (art, text) in enumerate(texts)]
    vectors = lexical_vectors([u.text for u in units])
    got = score_pairs(units, vectors, threshold=0.55, mutual_threshold=0.25)
    own = story_centred(vectors)
    cos = own @ own.T
    words = [content_words(u.text) for u in units]
    want = []
    groups = [[0, 1, 2], [3, 4], [5, 6]]
    for x, left in enumerate(groups):
        for right in groups[x + 1 :]:
            block = np.array([[cos[i, j] + detail_bonus(units[i], units[j])
                               + OVERLAP_WEIGHT * word_overlap(words[i], words[j]) for j in right] for i in left])
            best_right, best_left = block.argmax(axis=1), block.argmax(axis=0)
            for a, i in enumerate(left):
                for b, j in enumerate(right):
                    mutual = best_right[a] == b and best_left[b] == a
                    anchored = detail_bonus(units[i], units[j]) > 0  # a shared name, year, day, ...
                    if block[a, b] >= 0.55 or (mutual and block[a, b] >= 0.25 and anchored):
                        want.append((float(block[a, b]), i, j))
    want.sort(key=lambda p: -p[0])
    assert got == want and got


def test_statements_without_details_have_the_same_places() -> None:
    body = ("The leaders smiled and toasted one another on Wednesday as they held a first meeting since "
            "2019 at the launch site in the far east of the country. Kim met Putin on Wednesday.")
    full = article_statements(_article("a", body))
    bare = article_statements(_article("a", body), details=False)
    assert [(u.start, u.end, u.text) for u in bare] == [(u.start, u.end, u.text) for u in full]
    assert full[-1].weekdays == {"wednesday"} and not bare[-1].weekdays


def test_what_is_embedded_ahead_for_quotes_and_rare_words() -> None:
    from parallax.compare.loaded import shipped_model, words_to_embed
    from parallax.compare.quotes import matchable_quotes

    quotes = (Quote("We will always stand together", 0, 10, kind="direct"),
              Quote("so-called", 20, 29, kind="scare"), Quote("Never", 30, 35, kind="direct"))
    assert matchable_quotes(_article("a", "x" * 40, quotes=quotes)) == ["We will always stand together"]
    missing = words_to_embed(["The zorblaxian summit opened"])
    assert "zorblaxian" in missing and "summit" not in missing
    assert missing == shipped_model().words.missing(["The", "zorblaxian", "summit", "opened"])


def test_quotes_embedded_ahead_are_those_matching_embeds() -> None:
    import numpy as np

    from parallax.compare.facts import lexical_vectors
    from parallax.compare.quotes import match_quotes, quotes_to_embed

    def article(aid: str, quotes: list[tuple[str, str | None]]) -> Article:
        body = " ".join(text for text, _ in quotes)
        spans, at = [], 0
        for text, speaker in quotes:
            spans.append(Quote(text, at, at + len(text), speaker=speaker))
            at += len(text) + 1
        return Article(id=aid, source=aid, body=body, quotes=tuple(spans))

    a = article("a", [("We will rebuild the harbour wall before winter", "Mayor Ana Ruiz"),
                      ("The ferry timetable stays as it is", "Port chief Ola Berg")])
    b = article("b", [("We are going to rebuild the harbour wall this winter", "Ana Ruiz"),
                      ("Fishing quotas should be cut next season", "Ivo Marsh")])
    links = {"a": {"Mayor Ana Ruiz": "Ana Ruiz"}, "b": {}}
    seen: list[str] = []

    def vectors_for(texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
        seen.extend(texts)
        return lexical_vectors(texts)

    ahead = quotes_to_embed([a, b], links)
    matches = match_quotes([a, b], links, vectors_for)
    assert sorted(ahead) == sorted(seen)
    assert "Fishing quotas should be cut next season" not in ahead  # no partner of that speaker
    assert [m.speaker for m in matches] == ["Ana Ruiz"]


def test_one_strong_pair_does_not_chain_unrelated_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from parallax.compare import facts
    from parallax.compare.statements import StatementUnit

    # a-b say the same, b-c nearly so, but c contradicts a's subject entirely (a-c far below zero)
    units = [StatementUnit(art, art, 0, 1, k) for k, art in enumerate("abc")]
    scores = np.array([[1.0, 0.9, -0.8], [0.9, 1.0, 0.6], [-0.8, 0.6, 1.0]], dtype=np.float32)
    monkeypatch.setattr(facts, "pair_scores", lambda *_args, **_kw: scores)
    vectors = np.zeros((3, 4), dtype=np.float32)
    groups = facts.group_statements(units, vectors, threshold=0.55, mutual_threshold=0.25)
    assert sorted(groups) == [[0, 1], [2]]  # mean of c against {a, b} is -0.1
    scores[0, 2] = scores[2, 0] = 0.1  # mean 0.35: c joins
    assert facts.group_statements(units, vectors, threshold=0.55, mutual_threshold=0.25) == [[0, 1, 2]]


def test_only_statements_close_to_each_other_are_contrasted() -> None:
    from parallax.compare.facts import disagreement
    from parallax.compare.statements import StatementUnit

    texts = ["At least 60 people were killed", "The truck was 45 feet long", "84 people were killed"]
    units = [StatementUnit(a, t, 0, len(t), 0, quantities=quantities(t)) for a, t in zip("abc", texts, strict=True)]
    assert disagreement(units) == "numbers differ: 60 vs 84 (people)"
    # the two tolls are in one fact only through the truck: not set against each other
    assert disagreement(units, close=lambda i, j: 1 in (i, j)) is None
    assert disagreement(units, close=lambda i, j: {i, j} == {0, 2}) == "numbers differ: 60 vs 84 (people)"


@pytest.mark.parametrize(
    ("name", "full"),
    [("Zabihullah Mujahid", True), ("Ursula von der Leyen", True), ("Kunduz", False),
     ("Memphis Hustle - boarded", False), ("Putin", False)],
)
def test_only_full_names_are_contrasted_as_different_actors(name: str, full: bool) -> None:
    from parallax.compare.facts import full_name

    assert full_name(name) is full


def test_loose_likeness_between_different_speakers_is_no_anchor() -> None:
    import numpy as np

    from parallax.compare.facts import anchored
    from parallax.compare.statements import StatementUnit

    units = [StatementUnit("a", "Ryder warned ...", 0, 1, 0, speakers=frozenset({"Pat Ryder"})),
             StatementUnit("b", "Officials fear ...", 0, 1, 0, speakers=frozenset({"US officials"})),
             StatementUnit("c", "Ryder said ...", 0, 1, 0, speakers=frozenset({"Pat Ryder"})),
             StatementUnit("d", "Weapons ...", 0, 1, 0)]
    details = np.full((4, 4), 0.15)
    ok = anchored(units, details)
    assert not ok[0, 1] and not ok[1, 2]  # different people quoted
    assert ok[0, 2] and ok[0, 3] and ok[1, 3]  # the same speaker, or one side quotes nobody
    assert not anchored(units, np.zeros((4, 4))).any()  # nothing shared: no anchor


def test_a_participle_after_a_comma_opens_a_clause() -> None:
    text = ("The governor signed a sweeping emergency order on Thursday that forces families across the "
            "county to ration water, blaming a reservoir that has dropped to 19 percent of capacity.")
    assert [c.text for c in split_clauses(text, 0)][-1] == "blaming a reservoir that has dropped to 19 percent of capacity."
    text = ("The company said on Monday, during a call with analysts that lasted more than two hours and "
            "covered many topics, that profits fell sharply.")
    assert len(split_clauses(text, 0)) == 1  # "during" is no participle


@pytest.mark.parametrize(
    ("text", "expected"),
    [("The US was quick to vocalize its concern.", {"concern"}),
     ("Officials have expressed concern that Kim could provide weapons.", {"concern"}),
     ("Critics voiced fears that the plan would fail.", {"fear"}),
     ("The council raised taxes and the concern grew.", set()),
     ("Airport security concerns grew.", set())],
)
def test_stances_are_reactions_someone_voices(text: str, expected: set[str]) -> None:
    from parallax.compare.statements import stances

    assert stances(text) == expected


def test_subheadings_and_credit_lines_state_no_fact() -> None:
    from parallax.compare.statements import heading_line, sentence_spans

    body = ("Kim arrived on Wednesday.\n\n‘Glory to Russia will be immortal’\n\nRead more: the full story\n\n"
            "“It’s good to see you.”\n\nPutin greeted him at the cosmodrome")
    spans = sentence_spans(_article("a", body))
    flagged = [s.text for s in spans if heading_line(body, s)]
    assert flagged == ["‘Glory to Russia will be immortal’", "Read more: the full story",
                       "Putin greeted him at the cosmodrome"]
    assert [u.text for u in article_statements(_article("a", body))] == ["Kim arrived on Wednesday.",
                                                                         "“It’s good to see you.”"]
    wrapped = "The governor signed the order\non Thursday after the vote.\n\nShe left."
    assert not any(heading_line(wrapped, s) for s in sentence_spans(_article("b", wrapped)))
    lines = "Kim arrived on Wednesday.\nRead or Share this story: http://example.com/a\nHe left."  # no blank lines
    assert [s.text for s in sentence_spans(_article("c", lines)) if heading_line(lines, s)] == [
        "Read or Share this story: http://example.com/a"]
