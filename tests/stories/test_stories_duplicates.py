"""Near-duplicate detection: syndicated and lightly edited copies are grouped, others not."""

from __future__ import annotations

import pytest

from parallax.model import Article
from parallax.stories.duplicates import duplicate_pairs, find_duplicates, shingles

WIRE = (
    "Rescue teams pulled three more survivors from the rubble of a collapsed apartment block in "
    "the port city on Thursday, two days after a magnitude 6.4 earthquake shook the region. "
    "Officials said at least 41 people were killed and more than 300 injured, and warned that the "
    "toll could rise as crews reach outlying villages cut off by landslides. The regional governor "
    "declared three days of mourning and asked residents to stay out of damaged buildings while "
    "engineers inspect them. Aftershocks continued through the night."
)


def art(aid: str, body: str, outlet: str = "wire") -> Article:
    return Article(id=aid, source=aid, body=body, outlet=outlet)


def test_syndicated_and_edited_copies_are_grouped() -> None:
    edited = WIRE.replace("Thursday", "Thursday morning").replace("Aftershocks continued through the night.", "")
    other = ("The city council approved a new budget for road repairs after a long debate on Tuesday, "
             "with eleven members voting in favour and four against the plan.")
    groups = find_duplicates([art("a", WIRE), art("b", other), art("c", WIRE, "paper"), art("d", edited)], 0.6)
    assert groups == [("a", "c", "d")]


def test_different_stories_are_not_duplicates() -> None:
    other = WIRE.replace("earthquake", "storm").split(". ")[0]
    assert find_duplicates([art("a", WIRE), art("b", other)], 0.8) == []


def test_empty_and_stub_bodies_are_no_copies_of_each_other() -> None:
    stub = "Video unavailable. Please enable JavaScript to watch this content."
    assert find_duplicates([art("a", ""), art("b", ""), art("c", WIRE), art("d", stub), art("e", stub)], 0.8) == []


def test_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        duplicate_pairs([art("a", WIRE)], 1.5)


def test_shingles_are_word_windows() -> None:
    assert shingles("One two three four five", 4) == {b"one two three four", b"two three four five"}
    assert shingles("Short text", 4) == {b"short text"}
