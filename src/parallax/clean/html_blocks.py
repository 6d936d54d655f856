"""The visible text blocks of an HTML page, and what the page's markup says they are.

A *block* is the text of one block-level element (paragraph, heading, list item, cell,
caption, or a ``div`` holding text directly). Each block remembers its element, how much
of its text is link text, and a *kind hint* read from the markup around it: a block inside
``<nav>`` is navigation, one inside ``class="share-bar"`` is a share bar. The walk is
iterative, so deeply nested pages cannot exhaust Python's stack.

>>> from lxml import html
>>> tree = html.fromstring("<div><nav><a href='/'>Home</a></nav><p>Text here.</p></div>")
>>> [(b.text, b.hint) for b in visible_blocks(tree)]
[('Home', 'navigation'), ('Text here.', None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml.html import HtmlElement

__all__ = ["Block", "kind_from_markup", "text_key", "visible_blocks"]

BLOCK_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "td", "th", "pre", "dd", "dt",
    "div", "section", "article", "aside", "nav", "header", "footer", "ul", "ol", "dl", "table", "tr", "form",
    "main", "figure", "caption", "address", "center",
})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select", "option", "input",
    "textarea",
})

# markup words -> kind; first match wins, so the more specific words come first
_KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("comment_form", r"respond|comment-?form|reply-?form|leave-?a-?(comment|reply)"),
        ("comments", r"comment|disqus|discussion|reader-?reply"),
        ("share", r"share|social|sharing|addthis|sociable"),
        ("advertisement", r"(^|[\s_-])ads?([\s_-]|$)|advert|sponsor|promo|dfp|banner|newsletter|subscribe|paywall"),
        ("caption", r"caption|credit|figcaption|wp-caption|photo-?text"),
        ("related", r"related|recommend|more-?stories|read-?more|teaser|trending|popular|most-?read|outbrain|taboola|recirc|also"),
        ("legal", r"copyright|legal|cookie|privacy|disclaimer|terms"),
        ("byline", r"byline|author|contributor"),
        ("dateline", r"(^|[\s_-])(date|time|timestamp|published|pubdate)([\s_-]|$)|dateline"),
        ("navigation", r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|masthead|site-?header|topbar|sidebar|footer|header|tags?)([\s_-]|$)"),
    )
)
_TAG_KINDS = {"nav": "navigation", "footer": "legal", "aside": "related", "figcaption": "caption",
              "header": "navigation", "form": "comment_form", "caption": "caption"}


@dataclass
class Block:
    """Text of one block-level element, with its link share and markup kind hint."""

    text: str
    element: HtmlElement
    link_chars: int = 0
    hint: str | None = None

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@lru_cache(maxsize=16384)  # the same lines are matched against blocks several times per page
def text_key(text: str) -> str:
    """Words of ``text`` joined by single spaces: the key that matches a line to its block."""
    return " ".join(re.findall(r"\w+", text))


def kind_from_markup(element: HtmlElement) -> str | None:
    """The kind its tag, class or id gives ``element`` (None when they say nothing)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _TAG_KINDS:
        return _TAG_KINDS[tag]
    marks = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}".strip()
    if not marks or len(marks) > 200:
        return None
    return _kind_of_marks(marks)


@lru_cache(maxsize=4096)
def _kind_of_marks(marks: str) -> str | None:
    for kind, pattern in _KIND_WORDS:
        if pattern.search(marks):
            return kind
    return None


def _hidden(element: HtmlElement) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return (
        "display:none" in style
        or "visibility:hidden" in style
        or element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
    )


def visible_blocks(tree: HtmlElement) -> list[Block]:
    """The page's visible text blocks in document order (empty blocks left out)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    blocks: list[Block] = []
    parts: list[str] = []
    state = {"links": 0, "owner": root}

    def flush(owner: HtmlElement) -> None:
        text = " ".join("".join(parts).split())
        if text:
            blocks.append(Block(text, state["owner"], state["links"]))  # type: ignore[arg-type]
        parts.clear()
        state["links"], state["owner"] = 0, owner

    # explicit stack of (element, entering?, inside a link?)
    stack: list[tuple[HtmlElement, bool, bool]] = [(root, True, False)]
    while stack:
        element, entering, in_link = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if not entering:
            if tag in BLOCK_TAGS:
                parent = element.getparent()
                flush(parent if parent is not None else root)
            if element.tail and element is not root:
                parts.append(element.tail)
                if in_link:
                    state["links"] += len(element.tail.strip())
            continue
        if not tag or tag in SKIP_TAGS or _hidden(element):
            if element.tail and element is not root:
                parts.append(element.tail)
            continue
        if tag in BLOCK_TAGS:
            flush(element)
        link = in_link or tag == "a"
        if element.text:
            parts.append(element.text)
            if link:
                state["links"] += len(element.text.strip())
        stack.append((element, False, in_link))
        for child in reversed(element):
            stack.append((child, True, link))
    flush(root)
    _assign_hints(blocks)
    return blocks


def _assign_hints(blocks: list[Block]) -> None:
    """Each block's hint: that of its element or of the nearest ancestor that has one."""
    known: dict[HtmlElement, str | None] = {}
    for block in blocks:
        path: list[HtmlElement] = []
        element: HtmlElement | None = block.element
        hint: str | None = None
        while element is not None:
            if element in known:
                hint = known[element]
                break
            path.append(element)
            hint = kind_from_markup(element)
            if hint:
                break
            element = element.getparent()
        for visited in path:
            known[visited] = hint
        block.hint = hint
