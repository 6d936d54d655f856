"""What a report shows of one article: its marked body, removed parts and comment thread."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from parallax.model import Article, Comment, Story
from parallax.report.highlight import Mark, Piece, segment

UNKNOWN_OUTLET = "unknown outlet"
OFFENSIVE_FLAG = 0.5  # comments scored at or above this are flagged
MAX_THREAD_DEPTH = 8  # deeper replies are shown at this indent
MAX_REMOVED_CHARS = 400


def outlet_name(article: Article) -> str:
    """The outlet as a report names it: its name, else the web site or file it came from.

    >>> outlet_name(Article("a", "pages/seed_001.txt#2", ""))
    'seed_001.txt#2'
    >>> outlet_name(Article("a", "x", "", url="https://www.example.org/news/1"))
    'example.org'
    """
    if article.outlet and article.outlet.strip():
        return article.outlet
    host = urlsplit(article.url or "").hostname if article.url else None
    if host:
        return host.removeprefix("www.")
    name = re.split(r"[\\/]", article.source.rstrip("/\\"))[-1].strip()
    return name or UNKNOWN_OUTLET


@dataclass
class ArticleView:
    """One article as the report shows it: marked body, removed parts, comment thread."""

    article: Article
    anchor: str
    paragraphs: list[list[Piece]]
    removed: list[tuple[str, list[str]]]
    comments: list[tuple[Comment, int, bool]]  # comment, indent, flagged
    copies: list[Article]
    tone: float | None

    @property
    def outlet(self) -> str:
        return outlet_name(self.article)



def article_view(article: Article, anchors: dict[str, str], marks: dict[str, list[Mark]],
                 copies: list[Article], story: Story | None) -> ArticleView:
    """The view of ``article`` with its ``marks``; ``story`` gives its tone in context."""
    tone = article.tone
    if story is not None:
        tone = story.comparison.tone.get(article.id, tone)
    return ArticleView(
        article=article, anchor=anchors[article.id],
        paragraphs=segment(article.body, _unique_anchors(marks[article.id])),
        removed=removed_by_kind(article), comments=comment_thread(article.comments),
        copies=copies, tone=tone,
    )


def _unique_anchors(marks: list[Mark]) -> list[Mark]:
    seen: set[str | None] = set()
    out = []
    for m in marks:
        if m.anchor in seen:
            m = Mark(m.start, m.end, m.kind, None, m.note, m.tag)
        seen.add(m.anchor)
        out.append(m)
    return out


def removed_by_kind(article: Article) -> list[tuple[str, list[str]]]:
    """The removed page parts grouped by kind, in order of first appearance; long parts shortened."""
    groups: dict[str, list[str]] = {}
    for part in article.removed:
        text = " ".join(part.text.split())
        if len(text) > MAX_REMOVED_CHARS:
            text = text[:MAX_REMOVED_CHARS].rstrip() + "\u2026"
        groups.setdefault(part.kind or "other", []).append(text)
    return list(groups.items())


def comment_thread(comments: tuple[Comment, ...]) -> list[tuple[Comment, int, bool]]:
    """Comments in reading order (each reply under its parent) with indent and offensive flag.

    Replies to unknown comments start a thread of their own; reply loops cannot hang it.
    """
    ids = {c.id for c in comments}
    children: dict[str, list[Comment]] = {}
    roots = []
    for c in comments:
        if c.parent is None or c.parent not in ids or c.parent == c.id:
            roots.append(c)
        else:
            children.setdefault(c.parent, []).append(c)
    out: list[tuple[Comment, int, bool]] = []
    seen: set[int] = set()
    stack = [(c, c.depth if c.parent is None else 0) for c in reversed(roots)]
    while stack or len(seen) < len(comments):
        if not stack:  # only comments caught in a reply loop are left
            stack = [next((c, 0) for c in comments if id(c) not in seen)]
        comment, depth = stack.pop()
        if id(comment) in seen:
            continue
        seen.add(id(comment))
        out.append((comment, min(depth, MAX_THREAD_DEPTH), comment.offensive >= OFFENSIVE_FLAG))
        stack.extend((child, depth + 1) for child in reversed(children.get(comment.id, [])))
    return out
