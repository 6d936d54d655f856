"""What a block of page text looks like, as numbers: the body model's input.

Each block (one line) gets features of its own (length, punctuation, stop words, cue words
for bylines, datelines, share bars, captions, legal lines, a headline run into its blurb,
table cells...), of its position in the page, of its neighbours, of the text density
around it, of the page as a whole (share of prose lines, size), and of the comment thread
(author lines, time stamps, "Reply" buttons on or near the line and before it).

>>> from parallax.clean.blocks import split_blocks
>>> block_features(split_blocks("Share\\n\\nA sentence of the article, with words.")).shape[0]
2
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from parallax.clean.blocks import Block
from parallax.clean.comments import FORM, HEADER, thread_line

WORD = re.compile(r"\w+")
STOP_WORDS = frozenset(
    ["a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "more", "most", "my", "new", "no", "not", "of", "on", "one", "or", "our", "out", "over", "said", "says", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "two", "up", "was", "we", "were", "what", "when", "where", "which", "while", "who", "will", "with", "would", "you", "your"]
)

CUES: dict[str, re.Pattern[str]] = {
    "byline": re.compile(r"^(by|written by|words by|reporting by|author:?)\s+\S|^von\s+\S", re.IGNORECASE),
    "dateline": re.compile(
        r"\b(\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4}"
        r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
        r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}:\d{2}\s?([ap]\.?m\.?)?"
        r"|(updated|published|posted)\b)",
        re.IGNORECASE,
    ),
    "legal": re.compile(
        r"©|\(c\)\s*\d{4}|copyright|all rights reserved|privacy (policy|notice)|terms (of|and) "
        r"(use|service|conditions)|cookie",
        re.IGNORECASE,
    ),
    "share": re.compile(
        r"^(share|tweet|email|print|save|copy link|facebook|twitter|linkedin|whatsapp|reddit|pinterest)"
        r"\b|sign in|log ?in|sign up|subscribe|newsletter|follow us|register",
        re.IGNORECASE,
    ),
    "related": re.compile(
        r"^(related|read more|see also|view all|more from|more on|recommended|most (read|popular)"
        r"|trending|further reading|you may also like|also read|read next|watch:|listen:)\b|\bread more\b",
        re.IGNORECASE,
    ),
    "caption": re.compile(
        r"^(image|photo|picture|video|graphic|illustration|caption|file photo)s?\s*(:|\|)|"
        r"\b(getty images|shutterstock|afp|reuters|ap photo|associated press|photograph:|credit:|"
        r"image source|image caption|media caption)",
        re.IGNORECASE,
    ),
    "advertisement": re.compile(r"^(advertisement|advertising|sponsored|ad|promoted|story continues)\b", re.IGNORECASE),
    "comments": re.compile(
        r"\b(\d+ comments?|comments?|reply|replies|ago|leave a (comment|reply)|join the conversation"
        r"|enter comments|add a comment|post a comment)\b",
        re.IGNORECASE,
    ),
}
CUE_NAMES = tuple(CUES)
TERMINAL = re.compile(r"[.!?][\"'”’»)\]]*$")
ELLIPSIS = re.compile(r"(\.\.\.|…)[\"'”’»)\]]*$")
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’»)]*\s+[\"'“‘«(]?[A-Z]")
BULLET = re.compile(r"^[•·\-–—*▪►>|»]")
LINK_LIKE = re.compile(r"https?://|www\.|\S+@\S+\.\w+|(^|\s)@\w+|\.(com|org|net|co\.uk)\b", re.IGNORECASE)

GLUED = re.compile(r"[a-z0-9][.?!)'\"’”]?[A-Z](?:[a-z]|\s)")  # a headline run into its blurb: "...StandWarren"
OWN_NAMES = ["log_words", "log_chars", "rel_words", "stop_ratio", "terminal", "ellipsis", "colon_end", "open_end", "sentences", "comma_rate", "upper_ratio", "digit_ratio", "title_ratio", "bullet", "separators", "rel_index", "rel_chars", "first_in_par", "log_par_lines", "repeated", "link_like", "non_ascii", "quote_marks", "gap_before", "gap_after", "indent", "glued", "word_len", "lower_start", "cells", "log_repeats", "par_words", "word_rank"]
_COL = {name: i for i, name in enumerate(OWN_NAMES)}
CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
CONTEXT_COLUMNS = tuple(_COL[c] for c in ("log_words", "stop_ratio", "terminal", "title_ratio", "glued", "repeated"))
PAGE_NAMES = ["page_long_share", "page_log_blocks", "page_glued_share"]
THREAD_NAMES = ["thread_line", "thread_near", "thread_before", "comment_head_before"]
FEATURE_NAMES = (
    OWN_NAMES
    + [f"cue_{c}" for c in CUE_NAMES]
    + [f"ctx{o}_{OWN_NAMES[c]}" for o in CONTEXT_OFFSETS for c in CONTEXT_COLUMNS]
    + ["dens3", "dens10", "long5", "inside_long", "dist_long", "long_before", "long_after"]
    + PAGE_NAMES
    + THREAD_NAMES
)


_LETTER = re.compile(r"[^\W\d_]")
_FAR_LETTER = re.compile(r"[^\W\d_\x00-\u02ff]")  # letters beyond Latin: CJK, Cyrillic, Arabic...
_DIGIT = re.compile(r"\d")


def _upper_count(text: str) -> int:
    """Characters that ``lower()`` changes (capitals), counted with numpy."""
    low = text.lower()
    if len(low) != len(text):
        return sum(c.isupper() for c in text)
    a = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    b = np.frombuffer(low.encode("utf-32-le"), dtype=np.uint32)
    return int((a != b).sum())


def _own(block: Block, words: list[str]) -> list[float]:
    text = block.text
    n_letters = max(len(_LETTER.findall(text)), 1)
    n_words = max(len(words), 1)
    stop = sum(w.lower() in STOP_WORDS for w in words)
    title = sum(w[:1].isupper() for w in words)
    return [
        np.log1p(len(words)),
        np.log1p(len(text)),
        0.0,  # rel_words, filled per page
        stop / n_words,
        float(bool(TERMINAL.search(text))),
        float(bool(ELLIPSIS.search(text))),
        float(text.endswith(":")),
        float(text[-1:].isalnum()),
        np.log1p(len(SENTENCE_BREAK.findall(text))),
        text.count(",") / n_words,
        _upper_count(text) / n_letters,
        len(_DIGIT.findall(text)) / max(len(text), 1),
        title / n_words,
        float(bool(BULLET.match(text))),
        float(sum(text.count(s) for s in ("|", "•", "·", " / "))),
        0.0,  # rel_index
        0.0,  # rel_chars
        float(block.line_in_paragraph == 0),
        np.log1p(block.lines_in_paragraph),
        0.0,  # repeated
        float(bool(LINK_LIKE.search(text))),
        len(_FAR_LETTER.findall(text)) / n_letters,
        float(any(q in text for q in "“”\"«»")),
        float(min(block.gap_before, 3)),
        float(min(block.gap_after, 3)),
        float(min(block.indent, 12)),
        np.log1p(len(GLUED.findall(text))),
        sum(len(w) for w in words) / n_words,
        float(text[:1].islower()),
        float(min(block.cells, 8)),
        0.0,  # log_repeats
        0.0,  # par_words
        0.0,  # word_rank
    ]


def window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean of ``values`` over a window of ``width`` either side (clipped at the page's ends)."""
    n = values.shape[0]
    sums = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(n)
    lo, hi = np.maximum(idx - width, 0), np.minimum(idx + width + 1, n)
    return (sums[hi] - sums[lo]) / (hi - lo)


def _density(log_words: np.ndarray, long_line: np.ndarray, n: int) -> np.ndarray:
    cols = [window_mean(log_words, 3), window_mean(log_words, 10), window_mean(long_line, 5)]
    idx = np.arange(n)
    longs = np.flatnonzero(long_line)
    if longs.size:
        inside = ((idx >= longs[0]) & (idx <= longs[-1])).astype(float)
        dist = np.min(np.abs(idx[:, None] - longs[None, :]), axis=1)
        before = np.cumsum(long_line) - long_line
    else:
        inside, dist, before = np.zeros(n), np.full(n, n), np.zeros(n)
    total = max(long_line.sum(), 1.0)
    cols += [inside, np.log1p(dist), before / total, (total - before - long_line) / total]
    return np.column_stack(cols)


def block_features(blocks: Sequence[Block]) -> np.ndarray:
    """Feature matrix (one row per block, columns in ``FEATURE_NAMES``)."""
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    tokens = [WORD.findall(b.text) for b in blocks]
    own = np.array([_own(b, w) for b, w in zip(blocks, tokens)], dtype=float)
    counts = Counter(b.text for b in blocks)
    lengths = np.array([len(w) for w in tokens], dtype=float)
    chars = np.cumsum([len(b.text) for b in blocks], dtype=float)
    own[:, _COL["rel_words"]] = lengths / max(lengths.max(), 1.0)
    own[:, _COL["rel_index"]] = np.arange(n) / max(n - 1, 1)
    own[:, _COL["rel_chars"]] = (chars - chars[0]) / max(chars[-1], 1.0)
    own[:, _COL["repeated"]] = [float(counts[b.text] > 1) for b in blocks]
    own[:, _COL["log_repeats"]] = [np.log(counts[b.text]) for b in blocks]
    paragraph_words: Counter[int] = Counter()
    for b, length in zip(blocks, lengths):
        paragraph_words[b.paragraph] += int(length)
    own[:, _COL["par_words"]] = [np.log1p(paragraph_words[b.paragraph]) for b in blocks]
    own[:, _COL["word_rank"]] = np.argsort(np.argsort(lengths, kind="stable"), kind="stable") / max(n - 1, 1)
    cues = np.array([[float(bool(p.search(b.text))) for p in CUES.values()] for b in blocks])
    context = []
    for offset in CONTEXT_OFFSETS:
        shifted = np.full((n, len(CONTEXT_COLUMNS)), -1.0)
        cols = own[:, CONTEXT_COLUMNS]
        if offset < 0:
            shifted[-offset:] = cols[:offset]
        else:
            shifted[:-offset] = cols[offset:]
        context.append(shifted)
    long_line = ((lengths >= 15) & (own[:, _COL["terminal"]] > 0)).astype(float)
    glued = own[:, _COL["glued"]] > 0
    page = np.tile([long_line.mean(), np.log1p(n), glued[lengths >= 8].mean() if (lengths >= 8).any() else 0.0], (n, 1))
    return np.hstack([own, cues, *context, _density(own[:, 0], long_line, n), page, _thread(blocks)])


def _thread(blocks: Sequence[Block]) -> np.ndarray:
    """Signs of a comment thread: on the line, around it, and how many came before it."""
    signs = np.array([float(thread_line(b.text)) for b in blocks])
    heads = np.array([float(bool(HEADER.match(b.text) or FORM.match(b.text))) for b in blocks])
    before = np.cumsum(signs) - signs
    head_before = (np.cumsum(heads) - heads) > 0
    return np.column_stack([signs, window_mean(signs, 4), np.log1p(before), head_before.astype(float)])


def main_span(probs: np.ndarray, weights: np.ndarray) -> tuple[int, int]:
    """The stretch of blocks with the largest weighted surplus of body probability."""
    best, best_span, run, start = 0.0, (0, -1), 0.0, 0
    for i, gain in enumerate((probs - 0.5) * weights):
        if run <= 0:
            run, start = 0.0, i
        run += gain
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def _running_max(values: np.ndarray, width: int, forward: bool) -> np.ndarray:
    n = values.shape[0]
    out = np.full(n, -1.0)
    for i in range(n):
        window = values[i + 1 : i + 1 + width] if forward else values[max(i - width, 0) : i]
        if window.size:
            out[i] = window.max()
    return out


def neighbour_features(probs: np.ndarray, log_words: np.ndarray | None = None) -> np.ndarray:
    """The second stage's extra input: first-stage probabilities around each block."""
    n = probs.shape[0]
    cols = []
    for offset in (-3, -2, -1, 1, 2, 3):
        shifted = np.full(n, -1.0)
        if offset < 0:
            shifted[-offset:] = probs[:offset]
        else:
            shifted[:-offset] = probs[offset:]
        cols.append(shifted)
    for width in (2, 5, 15):
        cols.append(window_mean(probs, width))
    ahead = np.cumsum(probs[::-1])[::-1] - probs
    before = np.cumsum(probs) - probs
    total = max(probs.sum(), 1e-6)
    cols += [before / total, ahead / total, probs / max(probs.max(), 1e-6)]
    for width in (5, 15):
        prev, nxt = _running_max(probs, width, False), _running_max(probs, width, True)
        cols += [prev, nxt, np.minimum(prev, nxt)]
    weights = np.ones(n) if log_words is None else log_words
    start, end = main_span(probs, weights)
    idx = np.arange(n)
    inside = (idx >= start) & (idx <= end)
    distance = np.where(inside, 0, np.minimum(np.abs(idx - start), np.abs(idx - end)))
    cols += [inside.astype(float), np.log1p(distance)]
    # word-weighted probability around the block, and the words of the likely-body run it is in
    for width in (3, 8):
        cols.append(window_mean(probs * weights, width) / np.maximum(window_mean(weights, width), 1e-6))
    cols.append(_run_words(probs >= 0.5, weights))
    return np.column_stack(cols)


def _run_words(flags: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """For each block, the summed weight of the run of consecutive flagged blocks it is in (0 outside)."""
    out = np.zeros(flags.shape[0])
    start = 0
    for i in range(flags.shape[0] + 1):
        if i == flags.shape[0] or not flags[i]:
            if i > start:
                out[start:i] = weights[start:i].sum()
            start = i + 1
    return np.log1p(out)


def is_heading(text: str) -> bool:
    """A short line without closing sentence punctuation: a headline or subheading."""
    words = WORD.findall(text)
    return 1 <= len(words) <= 16 and not TERMINAL.search(text) and not text.endswith((":", ",", ";"))


def is_headline(text: str) -> bool:
    """A line that can be a page's headline: 3 to 30 words, no closing full stop."""
    words = WORD.findall(text)
    return 3 <= len(words) <= 30 and not re.search(r"[.:;,]$", text)


def _teaser_like(text: str, following: str | None) -> bool:
    words = WORD.findall(text)
    if ELLIPSIS.search(text) or (len(words) >= 4 and is_heading(text)):
        return True
    # a headline whose blurb (cut short with "...") follows it
    return following is not None and len(words) <= 25 and bool(ELLIPSIS.search(following))


def furniture_kind(block: Block, *, before_body: bool, after_body: bool, following: str | None = None) -> str:
    """The kind of page furniture a removed block is (see ``Removed``), from its cues."""
    text = block.text
    for cue in ("caption", "legal", "advertisement", "related", "share", "byline"):
        if CUES[cue].search(text) and (cue != "share" or len(WORD.findall(text)) <= 12):
            return cue
    if after_body and _teaser_like(text, following):
        return "teaser"
    words = len(WORD.findall(text))
    if words <= 6 and not TERMINAL.search(text):
        return "navigation"
    return "other"
