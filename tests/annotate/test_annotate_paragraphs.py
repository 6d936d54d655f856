"""A sentence never runs across a blank line between paragraphs."""

from __future__ import annotations

from typing import Any


def test_sentences_stop_at_paragraph_breaks(nlp: Any) -> None:
    doc = nlp("“Every household has to do its part, starting now.”\n\nTomas Reyes, director of the "
              "authority, warned that it could get worse.")
    starts = [s.start_char for s in doc.sents]
    assert doc.text.index("Tomas") in starts
    assert all("\n\n" not in s.text.strip() for s in doc.sents)
