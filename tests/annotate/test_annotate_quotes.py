"""Quotation marks, quote kinds and speaker attribution on small made-up sentences."""

from __future__ import annotations

import pytest

from parallax.annotate.marks import find_quoted_passages
from parallax.annotate.nlp import TITLE_ABBREVIATIONS
from parallax.annotate.quotes import find_quotes


def _texts(text: str) -> list[str]:
    return [text[p.start : p.end] for p in find_quoted_passages(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "no way" twice.', ["no way"]),
        ("He said “no way” twice.", ["no way"]),
        ("It isn’t Clinton’s plan, the states’ rights lawyer said.", []),
        ("''It's anti-reform,'' he said.", ["It's anti-reform,"]),
        ("Headline: ‘You Should Be Investigated.’", ["You Should Be Investigated."]),
        ("'We should go,'' he said.", ["We should go,"]),
        (
            "“As a woman, I’d rather live in what he calls “hell” than here.” ― Ana Ruiz",
            ["As a woman, I’d rather live in what he calls “hell” than here."],
        ),
    ],
)
def test_quoted_passages(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_unclosed_paragraph_quote_continues() -> None:
    text = "“First part of it.\n\n“Second part,” she said."
    passages = find_quoted_passages(text)
    assert [text[p.start : p.end] for p in passages] == ["First part of it.", "Second part,"]
    assert passages[0].unclosed and passages[1].continued


def test_offsets_stay_inside_text_for_odd_marks() -> None:
    for text in ['"', "“", "”a“", "'''", '"a" "b', "‘’‘’", 'x\n\n"\n\n"']:
        for p in find_quoted_passages(text):
            assert 0 <= p.start <= p.end <= len(text)


def test_title_abbreviations_stay_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Air Force Brig. Gen. Pat Ryder and Lt. Col. Jane Roe spoke.")
    assert "Brig." in [t.text for t in doc] and "Lt." in [t.text for t in doc]
    assert len(list(doc.sents)) == 1
    assert "Sgt." in TITLE_ABBREVIATIONS


def _quotes(nlp, text: str):  # type: ignore[no-untyped-def]
    return find_quotes(nlp(text))


def test_said_between_quote_parts(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = _quotes(nlp, "“We will win,” Senator Jane Roe said on Monday. “They will lose.”")
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [
        ("We will win", "Jane Roe", "direct"),
        ("They will lose.", "Jane Roe", "direct"),
    ]


def test_colon_introduction_and_continuation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor John Smith wrote:\n\n“The bridge is closed.\n\n“It will open in May.”"
    quotes = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert [q.speaker for q in quotes] == ["John Smith", "John Smith"]


def test_pronoun_and_indirect(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Maria Lopez, a local historian, said that the town had changed a lot. "
        "“Nobody remembers the old harbour,” she said."
    )
    quotes = _quotes(nlp, text)
    indirect = [q for q in quotes if q.kind == "indirect"]
    direct = [q for q in quotes if q.kind == "direct"]
    assert indirect and indirect[0].speaker == "Maria Lopez"
    assert indirect[0].text.startswith("that the town had changed")
    assert direct[0].speaker == "Maria Lopez" and direct[0].cue == "said"


def test_according_to_and_scare_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The plan will cost $4 million, according to the city council. "
        "Critics call it a “vanity project” on the “Morning Joe” show."
    )
    quotes = _quotes(nlp, text)
    according = [q for q in quotes if q.cue == "according"]
    assert according and according[0].speaker == "the city council"
    assert "The plan will cost $4 million" in according[0].text
    morning = [q for q in quotes if q.text == "Morning Joe"]
    assert morning and morning[0].kind == "scare" and morning[0].speaker is None


def test_signed_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = _quotes(nlp, "“I am so tired of this campaign.” ― Carla Sanchez")
    assert quotes[0].speaker == "Carla Sanchez"


def test_empty_and_quote_only_docs(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _quotes(nlp, "") == []
    assert [q.speaker for q in _quotes(nlp, "“")] in ([], [None])


def test_unparsed_doc_gives_marked_quotes_only() -> None:
    import spacy

    doc = spacy.blank("en")("“We will win,” Kim said.")
    assert [(q.text, q.speaker) for q in find_quotes(doc)] == [("We will win", None)]


def test_free_standing_quote_takes_the_subject_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“The plan is fine,” Mayor John Smith said on Monday.\n\n"
        "His former business partner at Lenox, Lawrence B. Cummings, called him a master at deals. "
        "“He showed again and again an ability to put together deals that others couldn't.”"
    )
    direct = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["John Smith", "Lawrence B. Cummings"]


def test_cue_right_before_the_quote_wins(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Mr. Lee met voters in Ohio. The ad concludes with footage of Mr. Lee saying during the "
        "debate last week, “That makes me smart,” as his rival laughed."
    )
    direct = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert direct[0].speaker == "Lee" and direct[0].cue == "saying"


def test_he_is_the_person_the_text_turned_to(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“Production will improve,” said Phil Smith, a spokesman for the union.\n\n"
        "Mr. Clarke hopes to offset all of the emissions. But right now, he is offsetting only "
        "10 percent. “It's all I can afford,” he said."
    )
    direct = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Phil Smith", "Clarke"]


def test_quoted_nickname_does_not_hide_the_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“This is a big year for all of us!” state Del. Marcia “Cia” Price shouted to the crowd."
    direct = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert direct[0].speaker is not None and "Marcia" in direct[0].speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Trump was similarly defensive when forced to defend not paying an architect who said he "
            "was stiffed after he designed a clubhouse, saying, “Maybe he didn’t do a good job.”",
            "Trump", id="participle-after-a-relative-clause-is-the-subjects",
        ),
        pytest.param(
            "Melanie woke up early. Kevin was snoring on the couch.\n\n"
            "“Here he is, babe,” she said when the candidate walked onto the stage.",
            "Melanie", id="she-is-the-woman-named-by-first-name",
        ),
    ],
)
def test_speaker_of_the_first_direct_quote(nlp, text: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    direct = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert direct[0].speaker == speaker


def test_relative_who_speaks_for_its_antecedent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The crowd cheered for Dan Brooks, who said that the city would rebuild the old bridge."
    indirect = [q for q in _quotes(nlp, text) if q.kind == "indirect"]
    assert indirect and indirect[0].speaker == "Dan Brooks"


def test_name_in_apposition_speaks_not_its_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "In a panel discussion this weekend in Washington, Marc H. Morial, the chief executive of "
        "the National Urban League, forcefully told a young woman that “not voting is not a "
        "viable strategy.”"
    )
    quotes = [q for q in _quotes(nlp, text) if q.kind in ("direct", "mixed")]
    assert quotes and all(q.speaker == "Marc H. Morial" for q in quotes)


def test_clause_before_a_colon_is_not_reported_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "We have been here before: Osama bin Laden declared war on the United States. "
        "World leaders denounce the test; Obama, others vow consequences."
    )
    texts = [q.text for q in _quotes(nlp, text)]
    assert not any(t.startswith(("We have been", "World leaders")) for t in texts)


def test_adjunct_before_the_speaker_is_not_reported_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "LOS ANGELES, Sept. 28 (UPI) — In a preview clip for her upcoming show, Blige sings a song "
        "to Hillary Clinton.\n\nWriting for a panel that all agreed Pence won the debate, Mark Barabak "
        "noted that the way Pence carried himself was critical to his success."
    )
    quotes = _quotes(nlp, text)
    assert not any(q.text.startswith(("LOS ANGELES", "Writing for")) for q in quotes)
    assert any(q.text.startswith("that the way Pence") and q.speaker == "Mark Barabak" for q in quotes)


def test_title_alone_on_its_line_is_a_heading(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“It is going to be disruptive,” Mr. Obama said.\n\n‘All Bets Are Off.’\n\n"
        "Eight years ago, he ran."
    )
    quotes = _quotes(nlp, text)
    heading = [q for q in quotes if q.text.startswith("All Bets")]
    assert heading and heading[0].kind == "scare" and heading[0].speaker is None


def test_surname_speaker_is_the_person_named_in_full(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Retired Gen. Norman Ham spoke to reporters on Monday.\n\n"
        "“It was demoralizing,” Ham said. “Your whole job is to take care of people.”"
    )
    direct = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Norman Ham", "Norman Ham"]


def test_stance_noun_with_a_that_clause_is_reported_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = _quotes(nlp, "US and South Korean officials have expressed concern that Kim could provide weapons "
                          "to Russia. Critics voiced fears that the plan would fail.")
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [
        ("that Kim could provide weapons to Russia", "US and South Korean officials", "indirect"),
        ("that the plan would fail", "Critics", "indirect"),
    ]
    # "raise" and "voice" report only through such a noun
    assert _quotes(nlp, "The council raised taxes on Monday and voiced no opinion.") == []
