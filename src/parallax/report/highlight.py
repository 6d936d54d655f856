"""Marking up article text for reports: spans cut into pieces, and word-level quote diffs.

Reports show an article body with its quotes, loaded words and fact statements marked. The
marks may overlap, so the body is cut at every mark boundary into pieces, each carrying
the kinds of mark that cover it; renderers then wrap each piece once.

>>> [p.text for p in segment("Kim said hi.", [Mark(4, 8, "quote")])[0]]
['Kim ', 'said', ' hi.']
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

PARAGRAPH_BREAK = "\n\n"
_WORD_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class Mark:
    """A stretch ``[start, end)`` of the body to show as ``kind``.

    ``anchor`` is the element id a report links to; ``tag`` is an optional short link shown
    just before the stretch (label, href), e.g. ``("F3", "#s1-f3")`` for a fact statement;
    when a tag is given the anchor sits on the tag.
    """

    start: int
    end: int
    kind: str
    anchor: str | None = None
    note: str | None = None
    tag: tuple[str, str] | None = None


@dataclass
class Piece:
    """A stretch of one paragraph covered by the same marks."""

    text: str
    kinds: tuple[str, ...] = ()
    anchors: list[str] = field(default_factory=list)
    tags: list[tuple[str, str, str | None]] = field(default_factory=list)  # label, href, id
    notes: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        return " ".join(f"m-{k}" for k in self.kinds)

    @property
    def note(self) -> str:
        return "; ".join(self.notes)


def locate(body: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``text`` sits in ``body``: the given offsets when they hold it, else its first match.

    Falls back to the offsets alone when they are a valid range but the text is not found
    verbatim (a renderer must show something rather than fail), and to ``None`` when
    neither works.
    """
    valid = 0 <= start < end <= len(body)
    if valid and (not text or body[start:end] == text):
        return start, end
    if text:
        found = body.find(text)
        if found >= 0:
            return found, found + len(text)
        stripped = text.strip()
        found = body.find(stripped) if stripped else -1
        if found >= 0:
            return found, found + len(stripped)
    return (start, end) if valid else None


def paragraph_ranges(body: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank paragraphs of ``body`` (split on blank lines)."""
    ranges = []
    pos = 0
    for part in body.split(PARAGRAPH_BREAK):
        start, end = pos, pos + len(part)
        pos = end + len(PARAGRAPH_BREAK)
        if part.strip():
            lead = len(part) - len(part.lstrip())
            trail = len(part) - len(part.rstrip())
            ranges.append((start + lead, end - trail))
    return ranges


def segment(body: str, marks: list[Mark]) -> list[list[Piece]]:
    """Cut ``body`` into paragraphs of pieces so that each piece is covered by fixed marks."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(body)]
    paragraphs = []
    for p_start, p_end in paragraph_ranges(body):
        inside = [m for m in marks if m.start < p_end and m.end > p_start]
        cuts = {p_start, p_end}
        for m in inside:
            cuts.update((max(m.start, p_start), min(m.end, p_end)))
        points = sorted(cuts)
        pieces = []
        for a, b in zip(points, points[1:]):
            covering = [m for m in inside if m.start <= a and m.end >= b]
            pieces.append(_piece(body[a:b], a, covering))
        paragraphs.append(pieces)
    return paragraphs


def _piece(text: str, offset: int, covering: list[Mark]) -> Piece:
    kinds = tuple(sorted({m.kind for m in covering}))
    notes = tuple(dict.fromkeys(m.note for m in covering if m.note))
    piece = Piece(text=text, kinds=kinds, notes=notes)
    for m in covering:
        if m.start != offset:
            continue
        if m.tag:
            piece.tags.append((m.tag[0], m.tag[1], m.anchor))
        elif m.anchor:
            piece.anchors.append(m.anchor)
    return piece


def _norm(word: str) -> str:
    return _WORD_EDGE.sub("", word.lower().replace("\u2019", "'"))


SAME, CHANGED, MISSING = "", "changed", "missing"


def word_diff(reference: str, others: list[str]) -> tuple[list[tuple[str, str]], list[list[tuple[str, str]]]]:
    """Words of ``reference`` and of each other text, each with its state against the reference.

    States: ``""`` (same wording), ``"changed"`` (this version words it differently or adds
    it) and, in the other texts only, ``"missing"`` for reference words this version leaves
    out (placed where they would stand). Comparison ignores case, edge punctuation and quote
    styles; a reference word is ``changed`` when any other text lacks it or differs there.

    >>> ref, (other,) = word_diff("gamble with people's lives", ["gamble with lives"])
    >>> [w for w, state in ref if state], [(w, state) for w, state in other if state]
    (["people's"], [("people's", 'missing')])
    """
    ref_words = reference.split()
    ref_states = [SAME] * len(ref_words)
    results = []
    for text in others:
        words = text.split()
        out: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(None, [_norm(w) for w in ref_words], [_norm(w) for w in words],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                ref_states[i1:i2] = [CHANGED] * (i2 - i1)
            if op == "delete":
                out.append((" ".join(ref_words[i1:i2]), MISSING))
            out.extend((w, SAME if op == "equal" else CHANGED) for w in words[j1:j2])
        results.append(out)
    return list(zip(ref_words, ref_states)), results
