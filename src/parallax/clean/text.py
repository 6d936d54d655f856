"""Plain page text -> Article: the body, its metadata, and every removed block with its kind.

Steps: cut the text into blocks (lines); find the comment section by its layout and
thread it; score every block with the body model; drop the outlet's template lines;
keep the main story only (a trailing section on another topic is ``other_story``);
read title, dateline and byline from the blocks around the body; label every other
block with the kind of page furniture it is.

>>> from parallax.model import Page
>>> text = "World news\\n\\n" + "\\n\\n".join(["Officials said the talks went on late into the night "
...     "and that a deal on the harbour was close, according to people at the meeting."] * 3)
>>> clean_text(Page(source="x.txt", text=text)).body.count("\\n\\n")
2
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from parallax.clean.block_model import BlockModel, load_block_model
from parallax.clean.blocks import Block, split_blocks
from parallax.clean.comments import FORM, HEADER, find_comment_section, parse_comment_section
from parallax.clean.dateline import is_dateline, parse_byline, parse_dateline
from parallax.clean.features import (
    FEATURE_NAMES,
    WORD,
    block_features,
    cue_flags,
    furniture_kind,
    is_heading,
    is_headline,
    main_span,
)
from parallax.clean.templates import OutletTemplates
from parallax.config import Settings
from parallax.errors import InputError, NotArticleError
from parallax.model import Article, Comment, Page, Removed, make_article_id

_STEM = re.compile(r"(?:'s|’s|ies|es|s|ing|ed)$")
_CONTENT_MIN = 3


def _topic_words(texts: Sequence[str]) -> list[str]:
    from parallax.clean.features import STOP_WORDS

    words = []
    for text in texts:
        for w in WORD.findall(text.lower()):
            if len(w) >= _CONTENT_MIN and w not in STOP_WORDS and not w.isdigit():
                words.append(_STEM.sub("", w) or w)
    return words


def _overlap(part: Sequence[str], whole: Sequence[str]) -> float:
    """Share of the topic words ``part`` that also occur in the topic words ``whole``."""
    if not part:
        return 1.0
    vocab = set(whole)
    return sum(w in vocab for w in part) / len(part)


def other_story_start(blocks: Sequence[Block], title: str | None = None) -> int | None:
    """Position (in ``blocks``, the body) where a trailing unrelated story begins, or None.

    The body is cut at heading-like lines into sections; trailing sections whose words
    mostly do not occur in the story before them (and its title) belong to another story.
    A section set off by an extra blank line needs a clear topic shift; one that is not
    needs an almost complete one after a substantial main story.
    """
    heads = [i for i, b in enumerate(blocks) if 0 < i < len(blocks) - 1 and is_heading(b.text)]
    if not heads:
        return None
    block_words = [_topic_words([b.text]) for b in blocks]  # each block's, found once

    def words(lo: int, hi: int) -> list[str]:
        return [w for ws in block_words[lo:hi] for w in ws]

    extra = _topic_words([title]) if title else []
    start = None
    for h in reversed(heads):
        before = words(0, h) + extra
        own = _overlap(words(h, start if start is not None else len(blocks)), before)
        # how much the paragraphs just above the heading share with the story before them
        above = max(h - 3, 0)
        reference = _overlap(words(above, h), words(0, above) + extra)
        separated = own < 0.3 and blocks[h].gap_before >= 2
        unrelated = own < min(0.08, 0.5 * reference) and len(before) >= 100
        if not (separated or unrelated):
            break
        start = h
    return start


def _pick_title(page: Page, blocks: Sequence[Block], first_body: int, body_text: Sequence[str]) -> int | None:
    """Index of the block that is the headline: a heading line shortly before the body."""
    candidates = [b for b in blocks[max(first_body - 12, 0) : first_body] if is_headline(b.text)]
    if page.title:
        same = [b for b in blocks[: first_body + 1] if b.text.strip() == page.title.strip()]
        return same[0].index if same else None
    if not candidates:
        return None
    body_words = set(_topic_words(body_text[:3]))
    def score(b: Block) -> tuple[float, int]:
        words = _topic_words([b.text])
        return (sum(w in body_words for w in words) / max(len(words), 1), b.index)
    return max(candidates, key=score).index


def _normalise(page: Page) -> str:
    text = page.text
    if text is None or not text.strip():
        raise InputError("empty page: no text to clean", source=page.source)
    if "\x00" in text:
        raise InputError("page text holds binary data (NUL bytes)", source=page.source)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")


def _comment_lines(lines: Sequence[str]) -> tuple[set[int], list[Comment]]:
    section = find_comment_section(lines)
    if section is None:
        return set(), []
    comments = parse_comment_section(lines[section.start : section.end])
    return set(range(section.start, section.end)), comments


def _body_mask(blocks: Sequence[Block], probs: np.ndarray, log_words: np.ndarray, model: BlockModel,
               excluded: set[int]) -> np.ndarray:
    """Blocks the model calls article text; when it calls none, its best guesses.

    Inside the page's main stretch of article text the bar is lower than outside it, so
    short lines of the article (list items, subheadings) stay and stray lines far from it go.
    """
    allowed = np.ones(len(blocks), dtype=bool)
    allowed[list(excluded)] = False
    start, end = main_span(np.where(allowed, probs, 0.0), log_words)
    inside = (np.arange(len(blocks)) >= start) & (np.arange(len(blocks)) <= end)
    mask = np.where(inside, probs >= model.inside_threshold, probs >= model.outside_threshold) & allowed
    if not mask.any() and allowed.any():
        best = float(probs[allowed].max())
        if best >= 0.05:  # weak but clear: keep the blocks close to the model's best guess
            mask = (probs >= 0.5 * best) & allowed
    return mask


def _metadata(page: Page, blocks: Sequence[Block], mask: np.ndarray) -> dict[str, int | str | None]:
    """Title, dateline and byline blocks around the start of the body."""
    body_idx = np.flatnonzero(mask)
    first = int(body_idx[0]) if body_idx.size else len(blocks)
    body_text = [blocks[int(i)].text for i in body_idx]
    title_at = _pick_title(page, blocks, first, body_text)
    near = range(max((title_at if title_at is not None else first) - 3, 0), min(first + 3, len(blocks)))
    date_at = next((i for i in near if not mask[i] and is_dateline(blocks[i].text)), None)
    if date_at is None:  # a dateline the body model kept: only one with nothing but the date
        date_at = next((i for i in near if mask[i] and is_dateline(blocks[i].text, other_words=0)), None)
    byline_at = next((i for i in near if not mask[i] and parse_byline(blocks[i].text)), None)
    published = page.published or (parse_dateline(blocks[date_at].text) if date_at is not None else None)
    byline = page.byline or (parse_byline(blocks[byline_at].text) if byline_at is not None else None)
    title = page.title or (blocks[title_at].text if title_at is not None else None)
    return {"title_at": title_at, "date_at": date_at, "byline_at": byline_at, "title": title,
            "published": published, "byline": byline}


def _join_body(blocks: Sequence[Block]) -> str:
    parts: list[str] = []
    for i, b in enumerate(blocks):
        same_paragraph = i > 0 and blocks[i - 1].paragraph == b.paragraph and blocks[i - 1].index == b.index - 1
        parts.append(("\n" if same_paragraph else "\n\n") + b.text if parts else b.text)
    return "".join(parts)


def _removed(blocks: Sequence[Block], keep: set[int], kinds: dict[int, str], body: Sequence[Block],
             cues: Sequence[dict[str, bool]]) -> list[Removed]:
    """Every block that is neither body nor comment, with its kind, in page order."""
    first, last = body[0].index, body[-1].index
    removed = []
    for b in blocks:
        if b.index in keep:
            continue
        following = blocks[b.index + 1].text if b.index + 1 < len(blocks) else None
        kind = kinds.get(b.index) or furniture_kind(b, before_body=b.index < first, after_body=b.index > last,
                                                    following=following, cues=cues[b.index])
        removed.append(Removed(kind=kind, text=b.text))
    return removed


def clean_text(page: Page, *, settings: Settings | None = None, templates: OutletTemplates | None = None,
               model: BlockModel | None = None) -> Article:
    """Clean a plain-text page (``page.text``) into an Article; see the module docstring."""
    settings = settings or Settings()
    text = _normalise(page)
    blocks = split_blocks(text)
    comment_lines, comments = _comment_lines(text.split("\n"))
    model = model or load_block_model()
    features = block_features(blocks)
    probs = model.predict(features)
    in_comments = {b.index for b in blocks if b.line_no in comment_lines}
    template = {b.index for b in blocks if templates is not None and templates.is_boilerplate(page.outlet, b.text)}
    forms = {b.index for b in blocks if FORM.match(b.text) or (HEADER.match(b.text) and b.index not in in_comments)}
    log_words = features[:, FEATURE_NAMES.index("log_words")]
    mask = _body_mask(blocks, probs, log_words, model, in_comments | template | forms)
    meta = _metadata(page, blocks, mask)
    kinds: dict[int, str] = {}
    for key, kind in (("title_at", "title"), ("date_at", "dateline"), ("byline_at", "byline")):
        if meta[key] is not None:
            mask[int(meta[key])] = False  # type: ignore[arg-type]
            kinds[int(meta[key])] = kind  # type: ignore[arg-type]
    body_blocks = [blocks[i] for i in np.flatnonzero(mask)]
    cut = other_story_start(body_blocks, meta["title"])  # type: ignore[arg-type]
    if cut is not None:
        kinds.update({b.index: "other_story" for b in body_blocks[cut:]})
        body_blocks = body_blocks[:cut]
    body = _join_body(body_blocks)
    words = len(WORD.findall(body))
    if not body_blocks or words < settings.min_body_words:
        raise NotArticleError(f"no article body found ({words} words of article text, "
                              f"fewer than {settings.min_body_words})", source=page.source)
    kinds.update({i: "comment_form" for i in forms} | {i: "boilerplate" for i in template})
    keep = {b.index for b in body_blocks} | in_comments
    return Article(id=make_article_id(page), source=page.source, body=body, outlet=page.outlet, url=page.url,
                   title=meta["title"], byline=meta["byline"], published=meta["published"],  # type: ignore[arg-type]
                   removed=tuple(_removed(blocks, keep, kinds, body_blocks, cue_flags(features))), comments=tuple(comments))
