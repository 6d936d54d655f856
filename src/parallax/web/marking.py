"""Text with marks: highlighted article bodies and word-level differences between quotes.

Everything returned is ``markupsafe.Markup`` built from escaped page text, so templates can
print it as is; no page text ever reaches the HTML unescaped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

_WORD = re.compile(r"\S+")
_PUNCT = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Mark:
    """A stretch ``[start, end)`` of a text to highlight with CSS class ``kind``."""

    start: int
    end: int
    kind: str
    note: str = ""


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs of ``body`` (split at blank lines).

    >>> paragraph_spans("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    spans = []
    pos = 0
    for part in body.split("\n\n"):
        if part.strip():
            spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def marked_paragraphs(body: str, marks: Iterable[Mark]) -> list[Markup]:
    """The paragraphs of ``body`` as HTML with each mark wrapped in ``<span class="m-KIND">``.

    Overlapping marks are allowed: each stretch of text carries the classes of every mark
    that covers it.
    """
    size = len(body)
    valid = [m for m in marks if 0 <= m.start < m.end <= size]
    cuts = sorted({0, size} | {m.start for m in valid} | {m.end for m in valid})
    paragraphs = []
    for p_start, p_end in paragraph_spans(body):
        inner = [c for c in cuts if p_start < c < p_end]
        edges = [p_start, *inner, p_end]
        pieces = [_piece(body, a, b, valid) for a, b in pairwise(edges)]
        paragraphs.append(Markup("").join(pieces))
    return paragraphs


def _piece(body: str, start: int, end: int, marks: list[Mark]) -> Markup:
    text = escape(body[start:end])
    covering = [m for m in marks if m.start <= start and end <= m.end]
    if not covering:
        return Markup(text)
    kinds = " ".join(sorted({f"m-{m.kind}" for m in covering}))
    notes = "; ".join(dict.fromkeys(m.note for m in covering if m.note))
    title = Markup(' title="{}"').format(notes) if notes else Markup("")
    return Markup('<span class="{}"{}>{}</span>').format(kinds, title, text)


def snippet(body: str, start: int, end: int, *, kind: str = "loaded", context: int = 90) -> Markup:
    """The words around ``body[start:end]`` with that stretch highlighted.

    >>> str(snippet("They called it a brutal crackdown.", 17, 23))
    'They called it a <mark class="m-loaded">brutal</mark> crackdown.'
    """
    start, end = max(0, start), min(len(body), end)
    left = max(0, start - context)
    right = min(len(body), end + context)
    if left > 0:
        space = body.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(body):
        space = body.rfind(" ", end, right)
        right = space if space != -1 else right
    before = ("… " if left > 0 else "") + body[left:start]
    after = body[end:right] + (" …" if right < len(body) else "")
    return Markup('{}<mark class="m-{}">{}</mark>{}').format(
        before.replace("\n", " "), kind, body[start:end], after.replace("\n", " ")
    )


def _norm(word: str) -> str:
    return _PUNCT.sub("", word.lower()) or word


def word_diff(reference: str, variant: str) -> Markup:
    """``variant`` with the words that differ from ``reference`` marked.

    Words the variant adds or changes are wrapped in ``<ins>``; reference words it leaves out
    appear struck through in ``<del>``. Case and punctuation do not count as a difference.

    >>> str(word_diff("we will stand with Russia", "we always stand with Russia"))
    'we <del>will</del> <ins>always</ins> stand with Russia'
    """
    ref_words = _WORD.findall(reference)
    var_words = _WORD.findall(variant)
    matcher = difflib.SequenceMatcher(
        a=[_norm(w) for w in ref_words], b=[_norm(w) for w in var_words], autojunk=False
    )
    parts: list[Markup] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(var_words[b1:b2])))
            continue
        if a2 > a1:
            parts.append(Markup("<del>{}</del>").format(" ".join(ref_words[a1:a2])))
        if b2 > b1:
            parts.append(Markup("<ins>{}</ins>").format(" ".join(var_words[b1:b2])))
    return Markup(" ").join(parts)


def similarity(a: str, b: str) -> float:
    """Share of words two texts have in common, in order (0..1)."""
    words_a = [_norm(w) for w in _WORD.findall(a)]
    words_b = [_norm(w) for w in _WORD.findall(b)]
    if not words_a and not words_b:
        return 1.0
    return difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False).ratio()
