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
CLOSERS = "\"'”’»)]"  # what may follow a sentence's last stop: quote marks, brackets


def ends_sentence(text: str) -> bool:
    """The block ends with . ! or ? (closing quote marks and brackets allowed after it)."""
    return text.rstrip(CLOSERS)[-1:] in (".", "!", "?")


def ends_ellipsis(text: str) -> bool:
    """The block ends with an ellipsis (... or …), closing marks allowed after it."""
    return text.rstrip(CLOSERS).endswith(("...", "…"))


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


_SEPARATOR = "\x00"  # joins a page's blocks: no counted pattern can match it or across it
_CLASSES = (_LETTER, _FAR_LETTER, _DIGIT)


def _page_counts(texts: Sequence[str]) -> np.ndarray:
    """Per block: letters, capitals, digits, non-Latin letters, sentence breaks, glued headlines.

    Counted once over the whole page (blocks joined by a separator none of the patterns can
    match), then split per block with cumulative sums: the same counts as block by block.
    """
    n = len(texts)
    joined = _SEPARATOR.join(texts)
    if _SEPARATOR in "".join(texts) or not n:
        return np.array([_block_counts(t) for t in texts], dtype=float).reshape(n, 6)
    lengths = np.array([len(t) for t in texts])
    starts = np.concatenate([[0], np.cumsum(lengths[:-1] + 1)])
    ends = starts + lengths
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    chars = list(set(joined))  # each character class is decided once per distinct character
    codes = np.fromiter(map(ord, chars), dtype=np.uint32, count=len(chars))
    is_member = np.zeros(int(codes.max(initial=0)) + 1, dtype=bool)  # by code point
    out = np.zeros((n, 6))
    for col, pattern in zip((0, 3, 2), _CLASSES):
        is_member[codes] = [bool(pattern.match(c)) for c in chars]
        member = is_member[points]
        sums = np.concatenate([[0], np.cumsum(member)])
        out[:, col] = sums[ends] - sums[starts]
    lower = joined.lower()
    if len(lower) == len(joined):
        changed = points != np.frombuffer(lower.encode("utf-32-le"), dtype=np.uint32)
        sums = np.concatenate([[0], np.cumsum(changed)])
        out[:, 1] = sums[ends] - sums[starts]
    else:
        out[:, 1] = [_upper_count(t) for t in texts]
    for col, pattern in ((4, SENTENCE_BREAK), (5, GLUED)):
        found = np.array([m.start() for m in pattern.finditer(joined)], dtype=int)
        out[:, col] = np.bincount(np.searchsorted(starts, found, side="right") - 1, minlength=n)[:n]
    return out


def blocks_matching(pattern: re.Pattern[str], texts: Sequence[str]) -> np.ndarray:
    """Which texts ``pattern.search`` finds something in, scanning the page once.

    The texts (single lines) are joined by newlines and searched with a multi-line copy of
    the pattern, so ``^`` and ``$`` still hold at each text's ends. A match that lies inside
    one text is a match of that text; a text in which the joined search found nothing has
    none (a match inside a text is also one in the joined string, and the search returns
    the leftmost); a match that runs over a text's end is checked on that text alone.
    """
    n = len(texts)
    found = np.zeros(n, dtype=bool)
    if not n:
        return found
    if any("\n" in t for t in texts):
        return np.array([bool(pattern.search(t)) for t in texts])
    lines = _multiline(pattern)
    joined = "\n".join(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    pos = 0
    while (m := lines.search(joined, pos)) is not None:
        i = int(np.searchsorted(starts, m.start(), side="right")) - 1
        end = starts[i] + len(texts[i])
        found[i] = m.end() <= end or bool(pattern.search(texts[i]))
        if i + 1 >= n:
            break
        pos = int(starts[i + 1])
    return found


_MULTILINE: dict[re.Pattern[str], re.Pattern[str]] = {}


def _multiline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    if pattern not in _MULTILINE:
        _MULTILINE[pattern] = re.compile(pattern.pattern, pattern.flags | re.MULTILINE)
    return _MULTILINE[pattern]


def _block_counts(text: str) -> list[int]:
    """``_page_counts`` for one block on its own (the fallback for unusual text)."""
    return [
        len(_LETTER.findall(text)),
        _upper_count(text),
        len(_DIGIT.findall(text)),
        len(_FAR_LETTER.findall(text)),
        len(SENTENCE_BREAK.findall(text)),
        len(GLUED.findall(text)),
    ]


def _upper_count(text: str) -> int:
    """Characters that ``lower()`` changes (capitals)."""
    low = text.lower()
    if len(low) != len(text):
        return sum(c.isupper() for c in text)
    return sum(a != b for a, b in zip(text, low))


def _word_stats(tokens: Sequence[list[str]]) -> np.ndarray:
    """Per block: stop words, capitalised words and letters in words, over the page at once."""
    n = len(tokens)
    words = [w for ws in tokens for w in ws]
    if not words:
        return np.zeros((n, 3))
    owner = np.repeat(np.arange(n), [len(ws) for ws in tokens])
    lowered = " ".join(words).lower().split(" ")
    per_word = [
        np.fromiter(map(STOP_WORDS.__contains__, lowered), dtype=float, count=len(words)),
        np.fromiter(map(str.isupper, [w[0] for w in words]), dtype=float, count=len(words)),
        np.fromiter(map(len, words), dtype=float, count=len(words)),
    ]
    return np.column_stack([np.bincount(owner, weights=v, minlength=n) for v in per_word])


def _own(block: Block, words: list[str], counts: np.ndarray, word_stats: np.ndarray) -> list[float]:
    text = block.text
    letters, upper, digits, far, breaks, glued = counts
    stop, title, word_chars = word_stats
    n_letters = max(letters, 1)
    n_words = max(len(words), 1)
    return [
        np.log1p(len(words)),
        np.log1p(len(text)),
        0.0,  # rel_words, filled per page
        stop / n_words,
        float(ends_sentence(text)),
        float(ends_ellipsis(text)),
        float(text.endswith(":")),
        float(text[-1:].isalnum()),
        np.log1p(breaks),
        text.count(",") / n_words,
        upper / n_letters,
        digits / max(len(text), 1),
        title / n_words,
        float(bool(BULLET.match(text))),
        float(sum(text.count(s) for s in ("|", "•", "·", " / "))),
        0.0,  # rel_index
        0.0,  # rel_chars
        float(block.line_in_paragraph == 0),
        np.log1p(block.lines_in_paragraph),
        0.0,  # repeated
        0.0,  # link_like, filled per page
        far / n_letters,
        float(any(q in text for q in "“”\"«»")),
        float(min(block.gap_before, 3)),
        float(min(block.gap_after, 3)),
        float(min(block.indent, 12)),
        np.log1p(glued),
        word_chars / n_words,
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


def _distance_to_nearest(idx: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """For each position in ``idx``, how far the nearest of ``marks`` (sorted, non-empty) is.

    Only the marks just before and just after a position can be nearest, so the page is not
    compared with every mark (which grows with the square of the page's length).
    """
    after = np.searchsorted(marks, idx)
    next_mark = marks[np.minimum(after, marks.size - 1)]
    previous_mark = marks[np.maximum(after - 1, 0)]
    return np.minimum(np.abs(idx - next_mark), np.abs(idx - previous_mark))


def _density(log_words: np.ndarray, long_line: np.ndarray, n: int) -> np.ndarray:
    cols = [window_mean(log_words, 3), window_mean(log_words, 10), window_mean(long_line, 5)]
    idx = np.arange(n)
    longs = np.flatnonzero(long_line)
    if longs.size:
        inside = ((idx >= longs[0]) & (idx <= longs[-1])).astype(float)
        dist = _distance_to_nearest(idx, longs)
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
    page_counts = _page_counts([b.text for b in blocks])
    word_stats = _word_stats(tokens)
    own = np.array([_own(b, w, c, ws) for b, w, c, ws in zip(blocks, tokens, page_counts, word_stats)], dtype=float)
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
    texts = [b.text for b in blocks]
    cues = np.column_stack([blocks_matching(p, texts) for p in CUES.values()]).astype(float)
    own[:, _COL["link_like"]] = blocks_matching(LINK_LIKE, texts)
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
    """Max of the ``width`` values after (or before) each position; -1 where there are none."""
    n = values.shape[0]
    pad = np.full(width, -np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(np.concatenate([values, pad] if forward else [pad, values]), width)
    out = windows[1 : n + 1].max(axis=1) if forward else windows[:n].max(axis=1)
    return np.where(np.isneginf(out), -1.0, out)


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
    return 1 <= len(words) <= 16 and not ends_sentence(text) and not text.endswith((":", ",", ";"))


def is_headline(text: str) -> bool:
    """A line that can be a page's headline: 3 to 30 words, no closing full stop."""
    words = WORD.findall(text)
    return 3 <= len(words) <= 30 and not re.search(r"[.:;,]$", text)


def _teaser_like(text: str, following: str | None) -> bool:
    words = WORD.findall(text)
    if ends_ellipsis(text) or (len(words) >= 4 and is_heading(text)):
        return True
    # a headline whose blurb (cut short with "...") follows it
    return following is not None and len(words) <= 25 and bool(ends_ellipsis(following))


def furniture_kind(block: Block, *, before_body: bool, after_body: bool, following: str | None = None,
                   cues: dict[str, bool] | None = None) -> str:
    """The kind of page furniture a removed block is (see ``Removed``), from its cues.

    ``cues`` (cue name -> found), when given, are the block's cue columns of ``block_features``
    and spare searching the text again.
    """
    text = block.text
    words = len(WORD.findall(text))
    for cue in ("caption", "legal", "advertisement", "related", "share", "byline"):
        found = cues[cue] if cues is not None else bool(CUES[cue].search(text))
        if found and (cue != "share" or words <= 12):
            return cue
    if after_body and _teaser_like(text, following):
        return "teaser"
    if words <= 6 and not ends_sentence(text):
        return "navigation"
    return "other"


_CUE_COLUMNS = [FEATURE_NAMES.index(f"cue_{c}") for c in CUE_NAMES]


def cue_flags(features: np.ndarray) -> list[dict[str, bool]]:
    """Per block, which cues (``CUES``) its text shows, read from a ``block_features`` matrix."""
    found = features[:, _CUE_COLUMNS] > 0
    return [dict(zip(CUE_NAMES, row.tolist())) for row in found]
