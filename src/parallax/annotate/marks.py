"""Quotation marks in raw text: which marks open, which close, and what lies between.

Works on characters only (no parse), one paragraph (line) at a time, so it is cheap and
its offsets are exact. Handles straight and curly marks, ``''`` used as a double mark,
single-quote quotations (headlines, British style) without mistaking apostrophes for
marks, and a paragraph-final quote left open because it continues in the next paragraph.

>>> [(p.start, p.end) for p in find_quoted_passages('He said “no” twice.')]
[(9, 11)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ``''`` and ``````` are old typewriter double marks (common in some newspaper archives).
_MARK = re.compile(r"''|``|[\"“”„«»‘’'‚‹›]")
_DOUBLE_OPEN, _DOUBLE_CLOSE = "“„«``", "”»"
_SINGLE_OPEN, _SINGLE_CLOSE = "‘‚‹", "’›"
_OPENING_CONTEXT = " \t\xa0([{—–-/\"“‘'«„:"
_CLOSING_CONTEXT = " \t\xa0)]}.,;:!?—–-…\"”’'»"


@dataclass(frozen=True)
class QuotedPassage:
    """The words between one pair of marks, within one paragraph.

    ``start``/``end`` bound the words (marks excluded); ``open_start`` is where the
    opening mark begins. ``unclosed`` says the paragraph ended before a closing mark;
    ``continued`` says this passage carries on an unclosed passage of the previous
    paragraph (same quotation, same speaker).
    """

    start: int
    end: int
    open_start: int
    close_end: int
    single: bool = False
    unclosed: bool = False
    continued: bool = False


@dataclass
class _Mark:
    start: int
    end: int
    single: bool
    role: str  # "open", "close" or "either"
    straight: bool = False  # typewriter marks (" '' ``) rather than typographic ones


def find_quoted_passages(text: str) -> list[QuotedPassage]:
    """Every quoted passage of ``text``, in order, one per paragraph it spans."""
    passages: list[QuotedPassage] = []
    carried = False  # the previous paragraph ended inside a quotation
    offset = 0
    for line in text.split("\n"):
        found = _passages_in_line(line, offset, carried)
        passages.extend(found)
        if line.strip():
            carried = bool(found) and found[-1].unclosed and not found[-1].single
        offset += len(line) + 1
    return passages


def _passages_in_line(line: str, offset: int, carried: bool) -> list[QuotedPassage]:
    if not line.strip():
        return []
    marks = [_classify(line, m.start(), m.end()) for m in _MARK.finditer(line)]
    attributes = [m for m in marks if m.role == "attribute"]
    if attributes:  # drop markup attribute values: the mark opening one and the one closing it
        marks = _without_attributes(line, marks)
    doubles = [m for m in marks if not m.single]
    passages, strays = _pair_doubles(line, doubles, carried)
    taken = [(p.open_start, p.close_end) for p in passages]
    singles = [m for m in marks if m.single and not any(a <= m.start < b for a, b in taken)]
    passages += _pair_singles(line, singles, strays)
    passages.sort(key=lambda p: p.start)
    return [_shift(p, offset) for p in passages if p.end > p.start]


def _classify(line: str, start: int, end: int) -> _Mark:
    char = line[start:end]
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    opening = before in _OPENING_CONTEXT and not after.isspace()
    closing = after in _CLOSING_CONTEXT and not before.isspace()
    single = char in _SINGLE_OPEN + _SINGLE_CLOSE + "'"
    if char in _DOUBLE_OPEN or char in _SINGLE_OPEN:
        role = "close" if closing and not opening else "open"
    elif char in _DOUBLE_CLOSE or char in _SINGLE_CLOSE:
        role = "open" if opening and not closing else "close"
    else:
        role = "open" if opening and not closing else "close" if closing and not opening else "either"
    if before == "=" or (after == ">" and not single):
        role = "attribute"  # <tweet id="..."> markup left in the text
    elif single and role == "close" and before.isalnum() and after.isalpha():
        role = "apostrophe"  # don’t, Clinton’s
    return _Mark(start, end, single, role, straight=char in ('"', "''", "``", "'"))


def _without_attributes(line: str, marks: list[_Mark]) -> list[_Mark]:
    kept: list[_Mark] = []
    skip_next = False
    for mark in marks:
        if skip_next:
            skip_next = False
            continue
        if mark.role == "attribute" and line[mark.start - 1 : mark.start] == "=":
            skip_next = True
            continue
        if mark.role != "attribute":
            kept.append(mark)
    return kept


def _pair_doubles(line: str, marks: list[_Mark], carried: bool) -> tuple[list[QuotedPassage], list[_Mark]]:
    """Pair double marks left to right; strays are closing marks with no opening one."""
    passages: list[QuotedPassage] = []
    strays: list[_Mark] = []
    opened: _Mark | None = None
    continued = False
    if carried and marks and marks[0].role != "close" and not line[: marks[0].start].strip():
        continued = True
    skip_close = 0
    nested: bool | None = None  # style of a quotation inside the open one, while in it
    for n, mark in enumerate(marks):
        if opened is None:
            if mark.role == "close":
                strays.append(mark)
            else:
                opened = mark
            continue
        if nested is not None:
            if mark.straight == nested and mark.role != "open":
                nested = None
            continue
        if (
            mark.straight != opened.straight
            and mark.role == "open"
            and any(m.straight == mark.straight and m.role != "open" for m in marks[n + 1 :])
        ):
            nested = mark.straight  # "PENCE: ... an episode of “Shark Tank.” But ..."
            continue
        if mark.role == "open" and line[mark.start - 1 : mark.start].isspace():
            if sum(m.role != "open" for m in marks[n + 1 :]) >= 2:
                skip_close += 1  # a quotation inside the quotation: “... calls “hell” ...”
                continue
            # an opening mark inside a quotation: the first one was never closed
            passages.append(_passage(opened, opened.end, mark.start, False, continued, single=False))
            opened, continued = mark, False
            continue
        if skip_close:
            skip_close -= 1
            continue
        passages.append(_passage(opened, mark.start, mark.end, False, continued, single=False))
        opened, continued = None, False
    if opened is not None:
        passages.append(_passage(opened, len(line), len(line), True, continued, single=False))
    return passages, strays


def _pair_singles(line: str, marks: list[_Mark], strays: list[_Mark]) -> list[QuotedPassage]:
    """Single-mark quotations: an opening mark at a word start, closed before a non-letter.

    A stray double closing mark may close a single opening mark ('We should ...,'').
    """
    passages: list[QuotedPassage] = []
    closers = sorted([m for m in marks if m.role in ("close", "either")] + strays, key=lambda m: m.start)
    position = -1
    for mark in marks:
        if mark.role != "open" or mark.start < position:
            continue
        close = next((c for c in closers if c.start > mark.end), None)
        if close is None:
            continue
        words = line[mark.end : close.start]
        if not words.strip() or len(words) > 600:
            continue
        passages.append(_passage(mark, close.start, close.end, False, False, single=True))
        position = close.end
    return passages


def _passage(
    opened: _Mark, end: int, close_end: int, unclosed: bool, continued: bool, *, single: bool
) -> QuotedPassage:
    return QuotedPassage(opened.end, end, opened.start, close_end, single, unclosed, continued)


def _shift(p: QuotedPassage, offset: int) -> QuotedPassage:
    start, end = p.start, p.end
    return QuotedPassage(
        start + offset,
        end + offset,
        p.open_start + offset,
        p.close_end + offset,
        p.single,
        p.unclosed,
        p.continued,
    )
