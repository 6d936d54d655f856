"""The article text of an HTML page: trafilatura's choice, then corrected with the page's DOM.

trafilatura (precision mode, comments off) picks the article's paragraphs. Three general
corrections follow, each measured on the extraction benchmark (see ``benchmarks/``):

1. *Thin output.* When precision mode keeps almost nothing, recall mode runs too and its
   text is taken if it is several times longer (paywall notices fool precision mode).
2. *Split article bodies.* Outlets cut a long article into several sibling containers
   with the same tag and class (ads between them); trafilatura keeps one. Paragraphs of
   the other containers are put back in document order.
3. *Furniture inside the article.* Lines that repeat the headline, are whole links to
   other stories, are image captions, or read as credits, pitches, "Read more" links,
   notices or datelines are moved to ``removed`` with their kind.
"""

from __future__ import annotations

import copy
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from parallax.clean.html_blocks import Block, text_key
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
    """Body paragraphs, the lines taken out of trafilatura's text, and its metadata."""

    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    document: Any = None


def trafilatura_text(tree: HtmlElement, url: str | None, *, recall: bool = False) -> tuple[str, Any]:
    """trafilatura's article text (and its Document) for a copy of ``tree``; '' when none."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            url=url,
            favor_precision=not recall,
            favor_recall=recall,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            # markup dates only: the extensive search reads copyright years as dates
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # trafilatura fails on some broken trees: treat as no text
        log.debug("trafilatura failed: %s", error)
        return "", None
    if document is None:
        return "", None
    return document.text or "", document


def extract_article(tree: HtmlElement, url: str | None, blocks: list[Block], *, title: str | None = None,
                    skip_keys: frozenset[str] = frozenset()) -> Extraction:
    """The article's paragraphs from ``tree`` (left unchanged), with what was taken out.

    ``blocks`` are the page's visible blocks (:func:`visible_blocks`); ``skip_keys`` are
    text keys that must never be body (reader comments).
    """
    text, document = trafilatura_text(tree, url)
    if len(text) < THIN_OUTPUT_CHARS:
        recall_text, _ = trafilatura_text(tree, url, recall=True)
        if len(text) < THIN_OUTPUT_SHARE * len(recall_text):
            text = recall_text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    lines = recover_split_body(tree, lines)
    kept, removed = drop_furniture(lines, blocks, title=title, skip_keys=skip_keys)
    return Extraction(kept, removed, document)


# --------------------------------------------------------------------------- split bodies


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
    if not inserts:
        return lines
    result: list[str] = []
    for i, line in enumerate(lines):
        result.append(line)
        result.extend(inserts.get(i, []))
    return result


# --------------------------------------------------------------------------- furniture


@dataclass
class _PageContext:
    title_key: str
    link_keys: frozenset[str]
    caption_keys: frozenset[str]
    skip_keys: frozenset[str]


def _page_context(blocks: list[Block], title: str | None, skip_keys: frozenset[str]) -> _PageContext:
    links, captions = set(), set()
    for block in blocks:
        key = text_key(block.text)
        if not key:
            continue
        if block.link_density > 0.95:
            links.add(key)
        if block.hint == "caption" or block.element.tag == "figcaption":
            captions.add(key)
    return _PageContext(text_key(title or ""), frozenset(links), frozenset(captions), skip_keys)


def _line_kind(line: str, position: int, context: _PageContext) -> str | None:
    key = text_key(line)
    if not key:
        return "other"
    if key in context.skip_keys:
        return "comments"
    if position < 3 and key == context.title_key:
        return "title"
    if key in context.caption_keys:
        return "caption"
    if key in context.link_keys and len(key.split()) <= LINK_TEASER_WORDS:
        return "related"
    return boilerplate_kind(line)


def drop_furniture(lines: list[str], blocks: list[Block], *, title: str | None = None,
                   skip_keys: frozenset[str] = frozenset()) -> tuple[list[str], list[Removed]]:
    """Split extracted ``lines`` into body paragraphs and removed furniture (with kinds)."""
    context = _page_context(blocks, title, skip_keys)
    kept: list[str] = []
    removed: list[Removed] = []
    previous_kind: str | None = None
    for position, line in enumerate(lines):
        kind = _line_kind(line, position, context)
        if kind is None and previous_kind == "related list" and is_list_continuation(line):
            kind = "related"
        elif kind == "related" and boilerplate_kind(line) == "related":
            kind = "related list"  # a "Related:" line: the bulleted lines after it are its links
        if kind is None:
            kept.append(line)
        else:
            removed.append(Removed(kind.split()[0], line))
        previous_kind = kind
    return kept, removed
