"""The page-at-once feature helpers give exactly what block-by-block code gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.clean.features import (
    CUES,
    LINK_LIKE,
    _block_counts,
    _distance_to_nearest,
    _page_counts,
    _running_max,
    blocks_matching,
    ends_ellipsis,
    ends_sentence,
)

PIECES = ["by", "By Jane", "share", "Share", "read", "more", "read more", "Related", "12:30", "13 Sep 2023",
          "Sept. 4, 2023", "updated", "©", "cookie", "Photo:", "AP Photo", "@user", "x.com", "www.", "reply",
          "2 comments", "İ", "ß", "½", "٣", "中文", ".", "...", "…", "!", "?", "”", ")", " ", "a", "Z", "\x00",
          "Advertisement", "sign in", "author:", "HeadlineBlurb"]
LINES = st.lists(st.sampled_from(PIECES), max_size=6).map(lambda parts: " ".join("".join(parts).split()))
PAGES = st.lists(LINES, max_size=12)


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_blocks_matching_equals_searching_each_line(texts: list[str]) -> None:
    for pattern in [*CUES.values(), LINK_LIKE]:
        assert blocks_matching(pattern, texts).tolist() == [bool(pattern.search(t)) for t in texts]


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_page_counts_equal_block_counts(texts: list[str]) -> None:
    expected = np.array([_block_counts(t) for t in texts], dtype=float).reshape(len(texts), 6)
    assert np.array_equal(_page_counts(texts), expected)


def test_line_ends() -> None:
    assert ends_sentence("It rained.") and ends_sentence("He said “no.”") and ends_sentence("(Really?)")
    assert not ends_sentence("Read more") and not ends_sentence("")
    assert ends_ellipsis("The leader arrived…") and ends_ellipsis("and then...”")
    assert not ends_ellipsis("It ended.")


@given(st.lists(st.floats(0, 1), max_size=20), st.integers(1, 6), st.booleans())
def test_running_max_matches_a_plain_loop(values: list[float], width: int, forward: bool) -> None:
    array = np.array(values, dtype=float)
    expected = []
    for i in range(len(values)):
        window = values[i + 1 : i + 1 + width] if forward else values[max(i - width, 0) : i]
        expected.append(max(window) if window else -1.0)
    assert _running_max(array, width, forward).tolist() == expected


@given(st.lists(st.booleans(), min_size=1, max_size=40).filter(any))
def test_distance_to_nearest_long_line_matches_all_pairs(flags: list[bool]) -> None:
    idx = np.arange(len(flags))
    marks = np.flatnonzero(flags)
    expected = np.min(np.abs(idx[:, None] - marks[None, :]), axis=1)
    found = _distance_to_nearest(idx, marks)
    assert found.dtype == expected.dtype and found.tolist() == expected.tolist()
