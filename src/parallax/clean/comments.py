"""Reader comments in page text: find the section, rebuild the thread, score the language.

A comment section shows itself by its layout: numbered items ("1.", "2."), replies set
deeper (indentation, bullets "•", "—"), "Reply" buttons, author lines ("Jane · 2 hours
ago", "jdoe says:"), a heading ("34 Comments") or a form ("Enter comments here:").
``parse_comment_section`` turns such lines into ``Comment`` objects with ids, parents and
depths; the HTML path reuses it on the text of a comment container.

>>> thread = parse_comment_section(["1. First.", "  • A reply.", "2. Second."])
>>> [(c.id, c.parent, c.depth) for c in thread]
[('c1', None, 0), ('c2', 'c1', 1), ('c3', None, 0)]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from parallax.clean.offensive import score_offensive
from parallax.model import Comment

MARKER = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<marker>\d{1,3}[.)]|[•·▪◦‣*>—–-])[ \t\u00a0]+(?P<rest>\S.*)$")
HEADER = re.compile(
    r"^[\[(]?\s*\d[\d,]*\s+(?:comments?|responses?|replies|thoughts)\s*[\])]?(?:\s+(?:to|on)\s+.{1,200})?$"
    r"|^(?:top|most|best)[ -]?(?:rated|recent|popular|liked)?\s+comments$|^(?:newest|oldest|latest)\s+comments$|^(?:reader\s+)?(?:comments|responses|discussion)\s*(?:\(\d+\))?:?$"
    r"|^(?:join|start) the (?:conversation|discussion)\b|^what do you think\??$|^show comments$",
    re.IGNORECASE,
)
FORM = re.compile(
    r"^(?:enter|add|post|leave|write|submit|type|share) (?:a |your |new )?(?:comments?|reply|thoughts|response)"
    r"\b.{0,40}$|^(?:cancel reply|post comment|submit comment|load more comments|show more comments"
    r"|(?:log|sign) in to (?:comment|reply)|you must be logged in.*|comments are closed\.?)$",
    re.IGNORECASE,
)
ACTION = re.compile(r"^(?:reply|report|flag|like|share|permalink|↩|\d+\s+(?:likes?|replies|votes?)|"
                    r"(?:view|show|hide) \d*\s*repl(?:y|ies))(?:\s*[|·•]\s*\w+)*$", re.IGNORECASE)
WHEN = r"(?:\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago|just now|yesterday)"
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
ON_DATE = rf"(?:{_MONTHS} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTHS} \d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
AUTHOR = re.compile(
    rf"^(?P<name>[\w][\w .'’()-]{{0,38}}?)\s*(?:(?:says|wrote|said)\s*:|[·•|—-]\s*{WHEN}|\s{WHEN}|\s+on\s+{ON_DATE}.{{0,30}})$",
    re.IGNORECASE,
)
REPLY = re.compile(r"^(?:reply|\d+\s+repl(?:y|ies)|(?:view|show|hide) \d*\s*repl(?:y|ies))$", re.IGNORECASE)
TIME_LINE = re.compile(rf"^{WHEN}(?: at \d{{1,2}}:\d{{2}}\s*[ap]\.?m\.?)?$|^\w+ \d{{1,2}},? \d{{4}}(?: at \d{{1,2}}:\d{{2}}\s*[ap]m)?$", re.IGNORECASE)


@dataclass
class _Item:
    indent: int
    rank: int  # 0 numbered, 1 bullet or plain
    lines: list[str] = field(default_factory=list)
    author: str | None = None


@dataclass(frozen=True)
class CommentSection:
    """Where the comments are in a page's lines: ``lines[start:end]`` (end exclusive)."""

    start: int
    end: int
    header: tuple[int, ...] = ()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\u00a0"))


def _author_of(line: str) -> str | None:
    m = AUTHOR.match(line.strip())
    if m and len(m["name"].split()) <= 5:
        return m["name"].strip()
    return None


def _name_before_time(lines: Sequence[str], i: int) -> str | None:
    """A short name line right above a time line ("Nick A" / "2 days ago") is an author line."""
    text = lines[i].strip()
    if not 1 <= len(text.split()) <= 4 or text[-1:] in ".!?:":
        return None
    following = next((x.strip() for x in lines[i + 1 : i + 3] if x.strip()), "")
    return text if TIME_LINE.match(following) else None


def _items(lines: Sequence[str]) -> list[_Item]:
    items: list[_Item] = []
    current: _Item | None = None
    pending_author: str | None = None
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text or ACTION.match(text) or FORM.match(text) or HEADER.match(text):
            if text and ACTION.match(text):
                current = None  # a "Reply" button closes the comment above it
            continue
        m = MARKER.match(raw)
        author = _author_of(text) or (None if m else _name_before_time(lines, i))
        if author and not m:
            pending_author, current = author, None
            continue
        if TIME_LINE.match(text):
            continue
        if m is None and current is not None:
            current.lines.append(text)
            continue
        if m is not None:
            rank = 0 if m["marker"][0].isdigit() else 1
            current = _Item(_indent(raw), rank, [m["rest"].strip()])
        else:
            current = _Item(_indent(raw), 1 if pending_author is None else 0, [text])
        current.author, pending_author = pending_author, None
        items.append(current)
    return items


def parse_comment_section(lines: Sequence[str], *, score: bool = True) -> list[Comment]:
    """Thread the comments in ``lines`` (a page's comment section, indentation kept).

    Deeper indentation, or a bullet under a numbered comment, makes a reply to the nearest
    comment above it that sits shallower. ``offensive`` is filled when ``score`` is true.
    """
    stack: list[tuple[tuple[int, int], str]] = []
    found: list[Comment] = []
    for n, item in enumerate(_items(lines), start=1):
        key = (item.indent, item.rank)
        while stack and stack[-1][0] >= key:
            stack.pop()
        parent = stack[-1][1] if stack else None
        comment = Comment(id=f"c{n}", text="\n".join(item.lines), parent=parent, author=item.author,
                          depth=len(stack))
        stack.append((key, comment.id))
        found.append(comment)
    if score and found:
        scores = score_offensive([c.text for c in found])
        found = [c.replace(offensive=s) for c, s in zip(found, scores)]
    return found


def thread_line(text: str) -> bool:
    """A line only a comment thread shows: an author line, a time stamp, a "Reply" or "Report" button."""
    text = text.strip()
    if not text:
        return False
    return _clock_line(text) or bool(ACTION.match(text) or REPLY.match(text) or _author_of(text))


def _clock_line(text: str) -> bool:
    """A stripped line that is a comment's time stamp ("2 hours ago", "May 3, 2024 at 9:15 pm")."""
    return bool(TIME_LINE.match(text)) and bool(re.search(r"ago|\d:\d\d", text))


class _PageLines:
    """What the comment-section search asks of each line of a page, worked out once.

    The search tries every numbered run and every comments heading of the page, and each
    try looks at the lines up to where it stops. With every pattern matched once per line
    and the lines it looks for kept as sorted positions, a try costs a few look-ups, not a
    pass over the rest of the page (which on a long page grew with the square of its length).
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.texts = [line.strip() for line in lines]
        self.size = len(lines)
        self.indent = [_indent(line) for line in lines]
        self.marker = [MARKER.match(line) for line in lines]
        self.author = [_author_of(text) for text in self.texts]
        self.headers = [i for i, text in enumerate(self.texts) if HEADER.match(text)]
        self._positions: dict[tuple[str, int], list[int]] = {}

    @cached_property
    def forms(self) -> list[int]:
        """Lines that are part of a comment form ("Leave a comment", "Post comment")."""
        return [i for i, text in enumerate(self.texts) if FORM.match(text)]

    @cached_property
    def _frames(self) -> set[int]:
        """Comments headings and form lines: a run of comments ends at them."""
        return set(self.headers) | set(self.forms)

    @cached_property
    def _signs(self) -> set[int]:
        """Lines a thread shows whatever their indentation ("Reply", author and time lines)."""
        return {i for i, text in enumerate(self.texts) if _thread_sign(text, self.author[i])}

    @cached_property
    def _last_nonblank(self) -> list[int]:
        """Per line, the last non-blank line at or before it (-1 if none)."""
        found, last = [], -1
        for i, text in enumerate(self.texts):
            last = i if text else last
            found.append(last)
        return found

    def next_after(self, positions: Sequence[int], index: int) -> int:
        """The first of ``positions`` (sorted) after line ``index``; the page's size if none."""
        k = bisect_right(positions, index)
        return positions[k] if k < len(positions) else self.size

    def shallower(self, indent: int) -> list[int]:
        """Non-blank lines set less deep than ``indent`` (they end a numbered run)."""
        return self._cached("shallower", indent, lambda i: bool(self.texts[i]) and self.indent[i] < indent)

    def run_end(self, last: int, indent: int) -> int:
        """First line after the final comment of a run (its continuation lines included).

        A run goes on until a form or heading line, or, for an indented run, a line set no
        deeper than the run; it ends after the last non-blank line before that.
        """
        stops = self._cached("stop", indent, lambda i: bool(self.texts[i]) and (
            i in self._frames or (self.indent[i] <= indent and indent > 0)))
        return max(last, self._last_nonblank[self.next_after(stops, last) - 1]) + 1

    def thread_signs(self, start: int, end: int, indent: int) -> list[int]:
        """Lines of ``start:end`` that only a thread has: "Reply", author and time lines, and
        (for ``indent`` >= 0) bullets set deeper than ``indent``."""
        signs = self._cached("sign", indent, lambda i: i in self._signs or (
            _is_bullet(self.marker[i]) and self.indent[i] > indent >= 0))
        return signs[bisect_left(signs, start) : bisect_left(signs, end)]

    def _cached(self, kind: str, indent: int, test: Callable[[int], bool]) -> list[int]:
        key = (kind, indent)
        if key not in self._positions:
            self._positions[key] = [i for i in range(self.size) if test(i)]
        return self._positions[key]


def _is_bullet(marker: re.Match[str] | None) -> bool:
    """A ``MARKER`` match of a bullet ("•", "—"), not of a number."""
    return marker is not None and not marker["marker"][0].isdigit()


def _thread_sign(text: str, author: str | None) -> bool:
    """A stripped line (``author`` its ``_author_of``) is "Reply", an author or a time stamp."""
    return _clock_line(text) or bool(text and (REPLY.match(text) or author))


def _numbered_runs(page: _PageLines) -> list[tuple[int, int, int]]:
    """(first line, last marker line, indent) of each run "1.", "2.", ... at one indentation.

    A run goes on past other lines until a line set less deep than its "1.".
    """
    numbered: dict[tuple[int, str], list[int]] = {}  # (indent, number) -> marker lines
    for i, m in enumerate(page.marker):
        if m is not None:
            numbered.setdefault((page.indent[i], m["marker"][:-1]), []).append(i)
    runs = []
    for i, m in enumerate(page.marker):
        if m is None or m["marker"][:-1] != "1":
            continue
        indent = page.indent[i]
        stop = page.next_after(page.shallower(indent), i)
        expected, last = 2, i
        while (j := page.next_after(numbered.get((indent, str(expected)), []), last)) < stop:
            expected, last = expected + 1, j
        if expected > 2:
            runs.append((i, last, indent))
    return runs


def _near(lines: Sequence[str], index: int, step: int, pattern: re.Pattern[str], reach: int = 2) -> bool:
    seen = 0
    j = index + step
    while 0 <= j < len(lines) and seen < reach:
        if lines[j].strip():
            if pattern.match(lines[j].strip()):
                return True
            seen += 1
        j += step
    return False


def find_comment_section(lines: Sequence[str]) -> CommentSection | None:
    """The comment section of a page's lines, or None when the page shows no comments."""
    page = _PageLines(lines)
    for start, last, indent in reversed(_numbered_runs(page)):
        end = page.run_end(last, indent)
        signs = page.thread_signs(start, end, indent)
        framed = _near(lines, start, -1, HEADER) or _near(lines, end - 1, 1, FORM)
        if signs or framed:
            return CommentSection(start, end)
    headers = page.headers
    authors = [i for i, author in enumerate(page.author) if author]
    if not headers and len(authors) >= 3:
        headers = [authors[0] - 1]
    for h in reversed(headers):
        stop = page.next_after(page.forms, h)
        signs = page.thread_signs(h + 1, stop, -1)
        if len(signs) >= 3:
            return CommentSection(h + 1, _paragraph_end(lines, signs[-1]), header=(h,))
    return None


def _paragraph_end(lines: Sequence[str], index: int) -> int:
    """Line after the text that follows line ``index`` (the last comment's own lines)."""
    j = index + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if REPLY.match(lines[index].strip()):
        return index + 1
    while j < len(lines) and lines[j].strip():
        j += 1
    return j
