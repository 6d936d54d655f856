"""Property-based tests of the plain-text cleaner and the quote finder on arbitrary text.

The cleaner may refuse a page only with a ParallaxError, and the body it keeps is drawn
from the page: each paragraph appears in the page text, in order. The quote finder never
raises, and its offsets point inside the text and give back the quote.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.errors import ParallaxError
from parallax.model import Page

_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def _comparable(text: str) -> str:
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text))

BOUNDED = settings(max_examples=100, deadline=None)

FRAGMENTS = st.sampled_from(
    [
        "The mayor said", "said Dana Whitfield.", "Ravi Menon, the councillor, said", "he added",
        "according to the ministry", "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab", "\u00bb",
        "We will rebuild the bridge", ":", ",", ".", "!", "?", " ", "\n", "\n\n", "By Jo Lee", "Share",
        "Comments", "Reply", "Advertisement", "March 3, 2024 10:00 AM", "Image: River bridge",
        "The council voted on Tuesday to spend two million on repairs to the old river bridge.",
        "Residents questioned the cost of the plan and asked for a new crossing upstream.",
        "\u2014", "(", ")", "\t", "\u00a0", "Kim", "Putin", "the Russian president", "12", "2024",
    ]
)
# Pages of several paragraphs, long enough that the cleaner keeps a body, with noise lines.
PARAGRAPHS = st.lists(st.lists(FRAGMENTS, min_size=3, max_size=30).map(" ".join), min_size=3, max_size=12)
PAGE_TEXT = st.one_of(
    PARAGRAPHS.map("\n\n".join),
    PARAGRAPHS.map("\n".join),
    st.lists(FRAGMENTS, max_size=80).map(" ".join),
    st.lists(FRAGMENTS, max_size=80).map("".join),
    st.text(max_size=400),
)


def _clean_page() -> Any:
    module = pytest.importorskip("parallax.clean")
    if not hasattr(module, "clean_page"):
        pytest.skip("parallax.clean.clean_page is not available")
    return module.clean_page


def assert_body_drawn_from(text: str, body: str) -> None:
    """Each paragraph of ``body`` appears in ``text``, in the same order.

    Runs of whitespace compare equal to one space and invisible characters (zero-width
    spaces and joiners, soft hyphens, BOMs) are ignored: the cleaner may turn a no-break
    space into a plain space or drop a zero-width one, but never change, add or reorder a word.
    """
    page = _comparable(text)
    position = 0
    for paragraph in (_comparable(p).strip() for p in body.split("\n\n") if p.strip()):
        found = page.find(paragraph, position)
        assert found >= 0, f"body paragraph not found in the page text after {position}: {paragraph[:80]!r}"
        position = found + len(paragraph)


@BOUNDED
@given(text=PAGE_TEXT)
def test_cleaner_keeps_a_body_drawn_from_the_page(text: str) -> None:
    clean_page = _clean_page()
    try:
        article = clean_page(Page(source="page.txt", text=text))
    except ParallaxError as err:
        assert str(err)
        return
    assert article.body.strip()
    assert_body_drawn_from(text, article.body)


@BOUNDED
@given(text=PAGE_TEXT)
def test_quotes_lie_inside_the_text(nlp: Any, text: str) -> None:
    from parallax.annotate.quotes import find_quotes

    for quote in find_quotes(nlp(text)):
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert quote.speaker_end is not None
            assert 0 <= quote.speaker_start <= quote.speaker_end <= len(text)
