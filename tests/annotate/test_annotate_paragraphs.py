"""A sentence never runs across a blank line between paragraphs."""

from __future__ import annotations

from typing import Any


def test_sentences_stop_at_paragraph_breaks(nlp: Any) -> None:
    doc = nlp("“Every household has to do its part, starting now.”\n\nTomas Reyes, director of the "
              "authority, warned that it could get worse.")
    starts = [s.start_char for s in doc.sents]
    assert doc.text.index("Tomas") in starts
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


def test_names_stop_at_line_breaks(nlp: Any) -> None:
    doc = nlp("Photo by Reuters\nBodies were found in the river.\nCredit: Issei Kato\nLOUDSPEAKER WARNINGS "
              "were issued across Japan.")
    names = [e.text for e in doc.ents]
    assert "Reuters" in names and "Issei Kato" in names
    assert all("\n" not in name for name in names)
