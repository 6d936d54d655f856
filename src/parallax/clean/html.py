"""Clean an HTML page into an Article: body, metadata, removed parts and reader comments.

The body comes from trafilatura corrected with the page's own markup
(:mod:`parallax.clean.html_extract`); the metadata from JSON-LD and ``<meta>`` tags
(:mod:`parallax.clean.metadata`) with trafilatura's as a fallback; everything visible
that is not the body is kept in ``removed`` with its kind; reader comments are threaded
(:mod:`parallax.clean.html_comments`) and never part of the body.

>>> from parallax.model import Page
>>> page = Page("p.html", html="<html><head><title>Vote</title></head><body><article>"
...     "<h1>Vote</h1><p>" + "The council voted on the new budget today after a long debate. " * 4
...     + "</p></article><footer>Copyright 2024 Example News</footer></body></html>")
>>> article = clean_html(page)
>>> article.title, article.body.startswith("The council voted"), article.removed[-1].kind
('Vote', True, 'legal')
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from lxml.html import HtmlElement

from parallax.clean.html_blocks import Block, text_key, visible_blocks
from parallax.clean.html_boilerplate import boilerplate_kind
from parallax.clean.html_comments import find_comments, score_comments
from parallax.clean.html_extract import extract_article
from parallax.clean.html_meta import headline_variants, html_metadata
from parallax.clean.metadata import byline_from_line, clean_byline, outlet_from_url, parse_published
from parallax.config import Settings
from parallax.errors import InputError, NotArticleError
from parallax.model import Article, Comment, Page, Removed, make_article_id

__all__ = ["clean_html", "parse_page_html", "word_count"]

log = logging.getLogger(__name__)

MAX_REMOVED_CHARS = 2000  # one removed part keeps at most this much text


def parse_page_html(html: str | bytes | None, *, source: str | None = None) -> HtmlElement:
    """Parse page source into an lxml tree; InputError when there is nothing to parse."""
    from trafilatura.utils import load_html

    if html is None or (isinstance(html, str | bytes) and not html.strip()):
        raise InputError("the page has no HTML", source=source)
    try:
        tree = load_html(html)
    except Exception as error:
        raise InputError(f"the HTML cannot be parsed ({type(error).__name__})", source=source) from error
    if tree is None and isinstance(html, str):
        tree = _parse_plain(html)  # text without markup, sent as HTML: read it as one page of text
    if tree is None or not isinstance(tree, HtmlElement):
        raise InputError("the HTML cannot be parsed", source=source)
    if not tree.text_content().strip() and isinstance(html, str) and re.search(r">\s*[^<\s]", html):
        tree = _parse_deep(html, source)
    return tree


def _parse_plain(html: str) -> HtmlElement | None:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - the caller reports the page as unparsable
        return None
    return tree if isinstance(tree, HtmlElement) and tree.text_content().strip() else None


def _parse_deep(html: str, source: str | None) -> HtmlElement:
    """Parse again without libxml2's depth limit (256 levels), which drops all text past it."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html, parser=lxml_html.HTMLParser(huge_tree=True))
    except Exception as error:
        raise InputError(f"the HTML cannot be parsed ({type(error).__name__})", source=source) from error
    if not tree.text_content().strip():
        tree = _parse_flattened(html)
    if tree is None or not tree.text_content().strip():
        raise InputError("no readable text: the HTML is nested too deeply or broken", source=source)
    return tree


_DROPPED = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|tr|td|blockquote|section|article|header|footer|"
                        r"nav|aside|main|figure|figcaption|table|hr)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def _parse_flattened(html: str) -> HtmlElement | None:
    """Last resort for markup no parser keeps (nested past every depth limit): rebuild a
    flat page of paragraphs from the tags that start and end blocks."""
    from html import escape, unescape

    from lxml import html as lxml_html

    title_match = re.search(r"<title[^>]*>(.*?)</title>", html, re.S | re.I)
    body = re.sub(r"<head\b.*?</head\s*>", " ", _DROPPED.sub(" ", html), flags=re.S | re.I)
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n\n", body))
    paragraphs = [" ".join(unescape(p).split()) for p in text.split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return None
    title = escape(" ".join(unescape(title_match.group(1)).split())) if title_match else ""
    flat = f"<html><head><title>{title}</title></head><body>" + "".join(
        f"<p>{escape(p)}</p>" for p in paragraphs) + "</body></html>"
    try:
        return lxml_html.document_fromstring(flat)
    except Exception:  # noqa: BLE001 - the caller reports the page as unreadable
        return None


def clean_html(page: Page, *, settings: Settings | None = None) -> Article:
    """Clean an HTML page into an :class:`Article`.

    Raises InputError when ``page.html`` is empty or not HTML, and NotArticleError when
    the page holds no article text (fewer than ``settings.min_body_words`` words).
    """
    settings = settings or Settings()
    tree = parse_page_html(page.html, source=page.source)
    blocks = visible_blocks(tree)
    if not blocks and isinstance(page.html, str):
        # text the block walk cannot reach (markup nested past its limits): read it flat
        flat = _parse_flattened(page.html)
        if flat is not None:
            tree, blocks = flat, visible_blocks(flat)
    if not blocks:
        raise NotArticleError("the HTML page has no visible text", source=page.source)
    headlines = headline_variants(tree)
    if page.title:
        headlines["titles"].append(page.title)
    extraction = extract_article(tree, page.url, blocks, headlines=headlines)
    comments = find_comments(tree, frozenset(text_key(p) for p in extraction.paragraphs))
    comment_keys = _comment_keys(comments)
    # a comment never reaches the body, whatever the extractor kept
    paragraphs = [p for p in extraction.paragraphs if text_key(p) not in comment_keys]
    body = "\n\n".join(paragraphs)
    if word_count(body) < max(1, settings.min_body_words):
        raise NotArticleError(f"no article text found ({word_count(body)} words)", source=page.source)
    facts = _metadata(page, html_metadata(tree, page.url), tree)
    furniture = _page_furniture(blocks, paragraphs, extraction.removed, comment_keys, facts["title"])
    removed = _in_page_order(extraction.removed + furniture, blocks)
    if not facts["published"]:
        facts["published"] = _visible_dateline(removed)
    facts["byline"] = clean_byline(facts["byline"]) or _visible_byline(removed)
    return Article(
        id=make_article_id(page),
        source=page.source,
        body=body,
        outlet=facts["outlet"],
        url=page.url,
        title=facts["title"],
        byline=facts["byline"],
        published=facts["published"],
        language=_language(body),
        removed=tuple(_merge(removed)),
        comments=tuple(score_comments(comments)),
    )


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def word_count(text: str) -> int:
    """Words in ``text``; in scripts written without spaces, about two characters make a word."""
    unspaced = len(_UNSPACED.findall(text))
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + unspaced // 2


def _comment_keys(comments: list[Comment]) -> frozenset[str]:
    """Text keys of each comment and of its longer lines (short lines like "Yes." are common)."""
    keys = set()
    for comment in comments:
        keys.add(text_key(comment.text))
        keys.update(k for k in (text_key(line) for line in comment.text.split("\n")) if len(k.split()) >= 5)
    keys.discard("")
    return frozenset(keys)


def _page_furniture(blocks: list[Block], paragraphs: list[str], taken: list[Removed],
                    comment_keys: frozenset[str], title: str | None) -> list[Removed]:
    """Visible blocks that are neither body nor already removed, with their kind."""
    title_key = text_key(title or "")
    seen = {text_key(p) for p in paragraphs} | {text_key(r.text) for r in taken}
    body_grams = {gram for p in paragraphs for gram in _word_grams(text_key(p))}
    found = []
    for block in blocks:
        key = text_key(block.text)
        if not key or key in seen or key in comment_keys or (comment_keys and block.hint == "comments"):
            continue  # reader comments live in Article.comments, with their furniture
        grams = _word_grams(key)
        if grams and grams <= body_grams:
            continue  # a fragment of a body paragraph (inline element split by the walk)
        seen.add(key)
        found.append(Removed("title" if key == title_key else _furniture_kind(block), block.text))
    return found


def _in_page_order(removed: list[Removed], blocks: list[Block]) -> list[Removed]:
    """``removed`` sorted by where each part stands on the page (unplaced parts keep their turn)."""
    first_block: dict[str, int] = {}
    for index, block in enumerate(blocks):
        first_block.setdefault(text_key(block.text), index)
    placed: list[tuple[int, int, Removed]] = []
    last = -1
    for turn, part in enumerate(removed):
        last = first_block.get(text_key(part.text), last)
        placed.append((last, turn, part))
    return [part for _, _, part in sorted(placed, key=lambda item: (item[0], item[1]))]


def _word_grams(key: str, n: int = 5) -> set[tuple[str, ...]]:
    """The word n-grams of a text key (none for texts shorter than ``n`` words)."""
    words = key.split()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _furniture_kind(block: Block) -> str:
    """What a block outside the article is: from its wording, its markup, or its links.

    Wording goes first: a "By ..." line inside a page header is a byline, not navigation.
    """
    return boilerplate_kind(block.text) or block.hint or ("related" if block.link_density > 0.9 else "other")


def _merge(removed: list[Removed]) -> list[Removed]:
    """Join neighbouring removed parts of the same kind, one line each."""
    merged: list[Removed] = []
    for part in removed:
        if merged and merged[-1].kind == part.kind and len(merged[-1].text) + len(part.text) < MAX_REMOVED_CHARS:
            merged[-1] = Removed(part.kind, merged[-1].text + "\n" + part.text)
        else:
            merged.append(Removed(part.kind, part.text[:MAX_REMOVED_CHARS]))
    return merged


def _outlet(page: Page, named: str | None) -> str | None:
    """The site's own name beats the page record's outlet; a bare URL host does not."""
    host = outlet_from_url(page.url)
    if named and named != host:
        return named
    return page.outlet or named or host


def _metadata(page: Page, meta: dict[str, str | None], tree: HtmlElement) -> dict[str, Any]:
    """Title, byline, published and outlet: the page record first, then the HTML's own tags.

    trafilatura's metadata reader (markup dates only) fills a missing byline or date.
    """
    facts: dict[str, Any] = {
        "title": page.title or meta["title"],
        "byline": page.byline or meta["byline"],
        "published": (parse_published(page.published) or page.published) if page.published else meta["published"],
        "outlet": _outlet(page, meta["outlet"]),
    }
    if all(facts.values()):
        return facts
    found = _trafilatura_metadata(tree, page.url)
    facts["title"] = facts["title"] or found.get("title")
    facts["byline"] = facts["byline"] or found.get("author")
    facts["published"] = facts["published"] or parse_published(found.get("date"))
    facts["outlet"] = facts["outlet"] or found.get("sitename")
    return facts


def _trafilatura_metadata(tree: HtmlElement, url: str | None) -> dict[str, str]:
    from trafilatura.metadata import extract_metadata

    try:
        document = extract_metadata(copy.deepcopy(tree), url, extensive=False,
                                    date_config={"extensive_search": False, "original_date": True})
    except Exception as error:  # noqa: BLE001 - metadata is optional: a failure leaves the fields empty
        log.debug("trafilatura metadata failed: %s", error)
        return {}
    names = ("title", "author", "date", "sitename")
    return {n: v for n in names if isinstance(v := getattr(document, n, None), str) and v.strip()}


def _visible_byline(removed: list[Removed]) -> str | None:
    for part in removed:
        if part.kind == "byline":
            found = byline_from_line(part.text)
            if found:
                return found
    return None


def _visible_dateline(removed: list[Removed]) -> str | None:
    for part in removed:
        if part.kind == "dateline":
            found = parse_published(part.text)
            if found:
                return found
    return None


def _language(body: str) -> str | None:
    try:
        from parallax.clean.language import detect_language
    except ImportError:
        return None
    try:
        return detect_language(body)[0]
    except Exception as error:  # noqa: BLE001 - language is a nicety here; clean_page decides on it
        log.debug("language detection failed: %s", error)
        return None
