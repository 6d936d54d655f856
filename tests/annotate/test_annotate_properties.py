"""Property tests: any text, however odd its quotation marks, gives quotes that point
inside it, and the annotator never fails on it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.annotate import annotate_doc, parsed_part
from parallax.annotate.marks import find_quoted_passages
from parallax.annotate.quotes import find_quotes
from parallax.model import Article

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "''",
        "«",
        "»",
        " ",
        "\n",
        "\n\n",
        ",",
        ".",
        ":",
        "—",
        "― ",
        "he said",
        "Kim Jong Un",
        "said",
        "according to",
        "the leader",
        "We will win",
        "it's",
        "Mr.",
        "x",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_passages_point_inside_text(text: str) -> None:
    for p in find_quoted_passages(text):
        assert 0 <= p.open_start <= p.start <= p.end <= len(text)
        assert "\n" not in text[p.start : p.end]


@given(TEXTS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_annotation_never_fails_and_offsets_hold(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    article = annotate_doc(nlp(text), Article("a", "s", text))
    for quote in article.quotes:
        assert article.body[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert 0 <= quote.speaker_start <= quote.speaker_end <= len(text)
    for span in (*article.sentences, *article.entities):
        assert article.body[span.start : span.end] == span.text
    assert all(q.kind in ("direct", "mixed", "indirect", "scare") for q in find_quotes(nlp(text)))


def test_parsed_part_cuts_at_a_paragraph() -> None:
    body = "a" * 50 + "\n\n" + "b" * 50
    assert parsed_part(body, 1000) == body
    assert parsed_part(body, 80) == "a" * 50
    assert len(parsed_part("c" * 100, 60)) < 60
