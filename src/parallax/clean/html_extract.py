"""The article text of an HTML page: trafilatura's choice, then corrected with the page's DOM.

trafilatura (precision mode, comments off, hover cards and tooltips taken out first) picks
the article's paragraphs. General corrections follow, each measured on the extraction
benchmark (see ``benchmarks/``):

1. *Thin output.* When precision mode keeps almost nothing, recall mode runs too and its
   text is taken if it is several times longer (paywall notices fool precision mode).
2. *Split article bodies.* Outlets cut a long article into several sibling containers
   with the same tag and class (ads between them); trafilatura keeps one. Paragraphs of
   the other containers are put back in document order.
3. *Embedded posts.* Social posts quoted between kept paragraphs are put back
   (extractors drop their "social" wrappers as share bars).
4. *Furniture inside the article.* Lines that repeat the headline, are whole links to
   other stories, are image captions, or read as credits, pitches, "Read more" links,
   notices or datelines are moved to ``removed`` with their kind.
"""

from __future__ import annotations

import copy
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from parallax.clean.html_blocks import Block, text_key, visible_blocks
from parallax.clean.html_boilerplate import boilerplate_kind, is_list_continuation
from parallax.model import Removed

__all__ = ["Extraction", "extract_article", "trafilatura_text"]

log = logging.getLogger(__name__)

THIN_OUTPUT_CHARS = 1000  # below this, recall mode is tried as well
THIN_OUTPUT_SHARE = 0.3  # recall mode wins when precision mode has less than this share of its text
MIN_RECOVERED_WORDS = 40  # a sibling container must hold this much prose to be put back
LINK_TEASER_WORDS = 15  # a whole-link line up to this long is a teaser for another story


@dataclass
class Extraction:
    """Body paragraphs and the lines taken out of trafilatura's text (with their kinds)."""

    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)


def trafilatura_text(tree: HtmlElement, url: str | None, *, recall: bool = False) -> str:
    """trafilatura's article text for a copy of ``tree`` (precision or recall mode); '' when none."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            without_popups(copy.deepcopy(tree)),
            url=url,
            favor_precision=not recall,
            favor_recall=recall,
            include_comments=False,
            include_tables=True,
            with_metadata=False,  # parallax reads metadata itself (clean/metadata.py)
            # markup dates only: the extensive search reads copyright years as dates
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # noqa: BLE001 - trafilatura fails on some broken trees: treat as no text
        log.debug("trafilatura failed: %s", error)
        return ""
    return str(getattr(document, "text", None) or "")


_POPUP = re.compile(r"tooltip|rollover|popover|hovercard|hover-?card", re.IGNORECASE)
_POPUP_CANDIDATES = etree.XPath("//*[contains(@class, 'ooltip') or contains(@class, 'over')]")


def without_popups(tree: HtmlElement) -> HtmlElement:
    """``tree`` without the contents of hover cards and tooltips (hidden until pointed at).

    Only the innermost marked elements go: the outer one often wraps the linked name
    that belongs to the sentence.
    """
    def popup(element: HtmlElement) -> bool:
        return isinstance(element.tag, str) and element.tag != "a" and bool(_POPUP.search(element.get("class") or ""))

    marked = [e for e in _POPUP_CANDIDATES(tree) if popup(e)]
    doomed = [e for e in marked if not any(popup(d) for d in e.iterdescendants())]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def extract_article(tree: HtmlElement, url: str | None, blocks: list[Block], *,
                    headlines: dict[str, list[str]] | None = None,
                    skip_keys: frozenset[str] = frozenset()) -> Extraction:
    """The article's paragraphs from ``tree`` (left unchanged), with what was taken out.

    ``blocks`` are the page's visible blocks (:func:`visible_blocks`); ``skip_keys`` are
    text keys that must never be body (reader comments).
    """
    text = trafilatura_text(tree, url)
    if len(text) < THIN_OUTPUT_CHARS:
        recall_text = trafilatura_text(tree, url, recall=True)
        if len(text) < THIN_OUTPUT_SHARE * len(recall_text):
            text = recall_text
    lines = [_without_cell_bars(line) for line in text.split("\n")]
    lines = recover_split_body(tree, [line for line in lines if line])
    lines = recover_embedded_posts(tree, lines)
    kept, removed = drop_furniture(lines, blocks, headlines=headlines, skip_keys=skip_keys)
    return Extraction(kept, removed)


def _without_cell_bars(line: str) -> str:
    """A line without the "| " trafilatura puts around table cells when a page is laid out in tables.

    A real table row (several cells) keeps its bars.
    """
    line = line.strip()
    core = line.strip("| ").strip()
    return core if " | " not in core else line


# --------------------------------------------------------------------------- split bodies


def _insert_after(lines: list[str], inserts: dict[int, list[str]]) -> list[str]:
    """``lines`` with ``inserts[i]`` put right after line ``i``."""
    if not inserts:
        return lines
    result: list[str] = []
    for i, line in enumerate(lines):
        result.append(line)
        result.extend(inserts.get(i, []))
    return result


def _container(element: HtmlElement) -> tuple[str, str]:
    parent = element.getparent()
    if parent is None:
        return "", ""
    return str(parent.tag), " ".join((parent.get("class") or "").split())


def recover_split_body(tree: HtmlElement, lines: list[str]) -> list[str]:
    """Put back paragraphs of sibling containers that share the article container's class."""
    line_of = {text_key(line): i for i, line in enumerate(lines) if len(text_key(line)) > 20}
    paragraphs = list(tree.iter("p"))
    keys = [text_key(p.text_content()) for p in paragraphs]
    matched = [p for p, key in zip(paragraphs, keys) if key in line_of]
    if not matched:
        return lines
    (tag, css_class), _ = Counter(_container(p) for p in matched).most_common(1)[0]
    if not css_class:
        return lines
    kept_parents = {p.getparent() for p in matched}
    candidates: dict[Any, list[tuple[int, str]]] = {}
    last_line: int | None = None
    for paragraph, key in zip(paragraphs, keys):
        if key in line_of:
            last_line = line_of[key]
            continue
        parent = paragraph.getparent()
        if (last_line is None or parent in kept_parents or _container(paragraph) != (tag, css_class)
                or len(key.split()) < 5 or boilerplate_kind(paragraph.text_content())):
            continue
        candidates.setdefault(parent, []).append((last_line, " ".join(paragraph.text_content().split())))
    inserts: dict[int, list[str]] = {}
    for found in candidates.values():
        if sum(len(text.split()) for _, text in found) < MIN_RECOVERED_WORDS:
            continue
        for after, text in found:
            inserts.setdefault(after, []).append(text)
    return _insert_after(lines, inserts)


_EMBED = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|mastodon-embed|fb-post", re.IGNORECASE)


def recover_embedded_posts(tree: HtmlElement, lines: list[str]) -> list[str]:
    """Put back social posts embedded between the article's kept paragraphs.

    Posts an article quotes are part of its reporting, but they sit in "social" wrappers
    that extractors drop as share bars.
    """
    line_of = {text_key(line): i for i, line in enumerate(lines) if len(text_key(line)) > 20}
    body_text = " ".join(text_key(line) for line in lines)
    inserts: dict[int, list[str]] = {}
    last_line: int | None = None
    pending: list[tuple[int, list[str]]] = []
    for element in tree.iter("p", "blockquote"):
        if element.tag == "blockquote" and _EMBED.search(element.get("class") or ""):
            posted = [b.text for b in visible_blocks(element) if text_key(b.text)]
            if last_line is not None and posted and text_key(" ".join(posted)) not in body_text:
                pending.append((last_line, posted))
            continue
        key = text_key(element.text_content())
        if key in line_of and not any(_EMBED.search(a.get("class") or "") for a in element.iterancestors("blockquote")):
            last_line = line_of[key]
            for after, posted in pending:  # a kept paragraph follows: the posts were inside the article
                inserts.setdefault(after, []).extend(posted)
            pending.clear()
    return _insert_after(lines, inserts)


# --------------------------------------------------------------------------- furniture


@dataclass
class _PageContext:
    title_keys: frozenset[str]
    link_keys: frozenset[str]
    caption_keys: frozenset[str]
    skip_keys: frozenset[str]


def _page_context(blocks: list[Block], headlines: dict[str, list[str]], skip_keys: frozenset[str]) -> _PageContext:
    links, captions = set(), set()
    for block in blocks:
        key = text_key(block.text)
        if not key:
            continue
        if block.link_density > 0.95:
            links.add(key)
        if block.hint == "caption" or block.element.tag == "figcaption":
            captions.add(key)

    def keys(name: str) -> frozenset[str]:
        return frozenset(k for k in (text_key(t) for t in headlines.get(name, [])) if k)

    return _PageContext(keys("titles"), frozenset(links), frozenset(captions), skip_keys)


def _line_kind(line: str, position: int, context: _PageContext) -> str | None:
    key = text_key(line)
    if not key:
        return "other"
    if key in context.skip_keys:
        return "comments"
    if position < 3 and key in context.title_keys:
        return "title"
    if key in context.caption_keys:
        return "caption"
    if key in context.link_keys and len(key.split()) <= LINK_TEASER_WORDS:
        return "related"
    return boilerplate_kind(line)


def drop_furniture(lines: list[str], blocks: list[Block], *, headlines: dict[str, list[str]] | None = None,
                   skip_keys: frozenset[str] = frozenset()) -> tuple[list[str], list[Removed]]:
    """Split extracted ``lines`` into body paragraphs and removed furniture (with kinds).

    ``headlines`` holds the page's headline and standfirst variants
    (:func:`parallax.clean.html_meta.headline_variants`).
    """
    context = _page_context(blocks, headlines or {}, skip_keys)
    kept: list[str] = []
    removed: list[Removed] = []
    previous_kind: str | None = None
    for position, line in enumerate(lines):
        kind = _line_kind(line, position, context)
        if kind is None and previous_kind == "related list" and is_list_continuation(line):
            kind = "related list"
        elif kind == "related" and boilerplate_kind(line) == "related":
            kind = "related list"  # a "Related:" line: the bulleted lines after it are its links
        if kind is None:
            kept.append(line)
        else:
            removed.append(Removed(kind.split()[0], line))
        previous_kind = kind
    return kept, removed
