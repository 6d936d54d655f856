"""Reader comments of an HTML page, threaded by how the page nests them.

A comment section is an element whose class or id names it (``id="comments"``,
``class="comment-list"``, ``disqus_thread``). Inside it, each comment is an element marked
as one comment (class token ``comment``, ``id="comment-123"``, ...); a comment nested in
another's element is a reply to it. The comment's text leaves out its replies and its
furniture (author line, date, "Reply" links, avatar). When a section has no marked
comments, its lines go to the plain-text comment parser, when that is available.

>>> from lxml import html
>>> page = html.fromstring('''<div id="comments"><ol>
...   <li class="comment"><b class="author">Ann</b><p>First!</p>
...     <ol><li class="comment"><b class="author">Bo</b><p>Reply to Ann.</p></li></ol></li>
... </ol></div>''')
>>> [(c.id, c.parent, c.author, c.text) for c in find_comments(page)]
[('c1', None, 'Ann', 'First!'), ('c2', 'c1', 'Bo', 'Reply to Ann.')]
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Sequence

from lxml import etree
from lxml.html import HtmlElement

from parallax.clean.html_blocks import SKIP_TAGS, text_key, visible_blocks
from parallax.model import Comment

__all__ = ["comment_sections", "find_comments", "score_comments"]

log = logging.getLogger(__name__)

# a section is named in the plural or as a list/area; a lone "comment" names one comment
# (or, on some sites, an opinion column)
_SECTION = re.compile(
    r"(^|[\s_-])(comments|commentlist|comment-?list|comments?-?(area|section|wrapper|container|thread|block)|"
    r"disqus_thread|reader-?comments|user-?comments)([\s_-]|$)", re.IGNORECASE,
)
# sidebars listing the latest comments site-wide, buttons and rule boxes are not the page's thread
_NOT_SECTION = re.compile(r"recent|latest|popular|count|button|modal|rules|guidelines", re.IGNORECASE)
_AUTHOR_TAIL = re.compile(
    r"\s+on\s+(?=[A-Z][a-z]+\.? \d|\d)|\s+(?:says|said|wrote|commented)\b|\s*[|\u2022\u00b7]\s*", re.IGNORECASE
)
_ITEM_CLASS = re.compile(r"(^|\s)(comment|comment-item|single-comment|comment-entry|c-comment|reader-comment)(\s|$)", re.IGNORECASE)
_ITEM_ID = re.compile(r"^(comment|li-comment)[-_]?\d+$", re.IGNORECASE)
_FURNITURE = re.compile(
    r"author|avatar|meta|date|time|reply|says|vcard|actions|footer|permalink|edit-link|votes?|likes?|report", re.IGNORECASE
)
_AUTHOR = re.compile(r"author|(^|\s)fn(\s|$)|user-?name|commenter|(^|[\s-])name($|\s)|nickname", re.IGNORECASE)
MAX_COMMENTS = 500
FURNITURE_WORDS = 25
MIN_SECTION_CHARS = 80  # a smaller unmarked "section" is a comment counter, not comments


def _marks(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def comment_sections(tree: HtmlElement, body_keys: frozenset[str] = frozenset()) -> list[HtmlElement]:
    """The outermost elements of ``tree`` that hold a comment section.

    An element holding a paragraph of the article body (``body_keys``, see ``text_key``)
    is a wrapper around the article, whatever its class says, and is passed over.
    """
    sections: list[HtmlElement] = []
    for element in _SECTION_CANDIDATES(tree):
        if not isinstance(element.tag, str) or element.tag in ("body", "html", "a", "span", "form", "li"):
            continue
        marks = _marks(element)
        if _SECTION.search(marks) and not _NOT_SECTION.search(marks) and element.text_content().strip():
            if any(s in element.iterancestors() for s in sections) or _holds_body(element, body_keys):
                continue
            sections.append(element)
    return sections


# elements whose class or id mentions comments at all, found in C before the regex reads them
_SECTION_CANDIDATES = etree.XPath(
    "//*[contains(@class, 'omment') or contains(@id, 'omment') or contains(@id, 'isqus')]"
)


def _holds_body(element: HtmlElement, body_keys: frozenset[str]) -> bool:
    return bool(body_keys) and any(text_key(p.text_content()) in body_keys for p in element.iter("p"))


def _is_item(element: HtmlElement) -> bool:
    return bool(_ITEM_CLASS.search(element.get("class") or "") or _ITEM_ID.match(element.get("id") or ""))


def _own_text(item: HtmlElement, items: set[HtmlElement]) -> tuple[str, str | None]:
    """Text of ``item`` without nested comments and furniture; and the author it names."""
    parts: list[str] = []
    author: str | None = None
    stack: list[tuple[HtmlElement, bool]] = [(child, False) for child in reversed(item)]
    if item.text:
        parts.append(item.text)
    while stack:
        element, is_tail = stack.pop()
        if is_tail:
            if element.tail:
                parts.append(element.tail)
            continue
        stack.append((element, True))
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or element in items or tag in SKIP_TAGS or tag == "form":
            continue
        marks = _marks(element)
        if marks.strip() and (_FURNITURE.search(marks) or _AUTHOR.search(marks)) and _is_short(element):
            if author is None and _AUTHOR.search(marks):
                author = _author_name(element.text_content())
            continue
        if tag in ("p", "div", "br", "li", "blockquote"):
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        stack.extend((child, False) for child in reversed(element))
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line), author


def _is_short(element: HtmlElement) -> bool:
    """Furniture (author line, date, buttons) is short; a long marked element holds the comment."""
    return len(element.text_content().split()) <= FURNITURE_WORDS


def _author_name(text: str) -> str | None:
    """The commenter's name from an author line ("Ann on May 2, 2019 at 4:47 pm said:")."""
    name = _AUTHOR_TAIL.split(" ".join(text.split()))[0].strip(" :-")
    return name[:80] or None


def find_comments(tree: HtmlElement, body_keys: frozenset[str] = frozenset()) -> list[Comment]:
    """The page's reader comments, threaded by nesting (scores left at 0.0).

    ``body_keys`` are text keys of the article's paragraphs: no section holding one counts.
    """
    found: list[Comment] = []
    for section in comment_sections(tree, body_keys):
        items = [e for e in section.iter() if isinstance(e.tag, str) and e is not section and _is_item(e)]
        if not items:
            if len(section.text_content()) >= MIN_SECTION_CHARS:
                found.extend(_parse_section_text(section, start=len(found)))
            continue
        item_set = set(items)
        ids: dict[HtmlElement, Comment] = {}
        for item in items[:MAX_COMMENTS]:
            text, author = _own_text(item, item_set)
            if not text:
                continue
            parent = next((ids[a] for a in item.iterancestors() if a in ids), None)
            comment = Comment(
                id=f"c{len(found) + 1}", text=text, author=author,
                parent=parent.id if parent else None, depth=parent.depth + 1 if parent else 0,
            )
            ids[item] = comment
            found.append(comment)
    return found


def _parse_section_text(section: HtmlElement, start: int) -> list[Comment]:
    """Comments of a section without comment markup, read by the plain-text comment parser."""
    try:
        from parallax.clean.comments import parse_comment_section
    except ImportError:
        return []
    lines = [b.text for b in visible_blocks(section) if b.hint not in ("comment_form",)
             and not any(a.tag == "form" for a in b.element.iterancestors())]
    if len(lines) < 2 or sum(len(line) for line in lines) < MIN_SECTION_CHARS:
        return []
    try:
        try:
            parsed = parse_comment_section(lines, score=False)  # scored once, in score_comments
        except TypeError:
            parsed = parse_comment_section(lines)
    except Exception as error:  # noqa: BLE001 - the text parser is a best effort here, never fatal
        log.debug("comment text parser failed: %s", error)
        return []
    if len(parsed) < 2:
        return []  # one "comment" read from unmarked text is a prompt or a notice, not a thread
    renamed = {c.id: f"c{start + i + 1}" for i, c in enumerate(parsed)}
    return [c.replace(id=renamed[c.id], parent=renamed.get(c.parent) if c.parent else None) for c in parsed]


def score_comments(comments: list[Comment]) -> list[Comment]:
    """``comments`` with ``offensive`` set by the packaged profanity model (0.0 if missing)."""
    if not comments:
        return comments
    scores = _offensive_scores([c.text for c in comments])
    return [c.replace(offensive=round(float(s), 4)) for c, s in zip(comments, scores)]


def _offensive_scores(texts: list[str]) -> list[float]:
    """Scores from the project's scorer (clean/offensive.py), else the model directly, else 0.0."""
    scorer = _offensive_scorer()
    try:
        return [float(s) for s in scorer(texts)]
    except Exception as error:  # noqa: BLE001 - model missing or broken: the scores stay unknown (0.0)
        log.warning("offensive-language model unavailable: %s", error)
        return [0.0] * len(texts)


def _offensive_scorer() -> Callable[[list[str]], Sequence[float]]:
    for module in ("parallax.clean.offensive", "parallax.clean.comments"):
        try:
            return importlib.import_module(module).score_offensive  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue

    def model(texts: list[str]) -> Sequence[float]:
        from profanity_check import predict_prob

        return [min(1.0, max(0.0, float(p))) for p in predict_prob(texts)]

    return model
