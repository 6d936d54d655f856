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
from collections.abc import Sequence
from dataclasses import dataclass, field

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
    clock = bool(TIME_LINE.match(text)) and bool(re.search(r"ago|\d:\d\d", text))
    return clock or bool(ACTION.match(text) or REPLY.match(text) or _author_of(text))


def _numbered_runs(lines: Sequence[str]) -> list[tuple[int, int, int]]:
    """(first line, last marker line, indent) of each run "1.", "2.", ... at one indentation."""
    runs = []
    for i, line in enumerate(lines):
        m = MARKER.match(line)
        if not m or m["marker"][:-1] != "1":
            continue
        indent, expected, last = _indent(line), 2, i
        for j in range(i + 1, len(lines)):
            n = MARKER.match(lines[j])
            if n and _indent(lines[j]) == indent and n["marker"][:-1] == str(expected):
                expected, last = expected + 1, j
            elif lines[j].strip() and _indent(lines[j]) < indent:
                break
        if expected > 2:
            runs.append((i, last, indent))
    return runs


def _run_end(lines: Sequence[str], last: int, indent: int) -> int:
    """First line after the final comment of a run (its continuation lines included)."""
    end = last + 1
    for j in range(last + 1, len(lines)):
        text = lines[j].strip()
        if not text:
            continue
        if FORM.match(text) or (_indent(lines[j]) <= indent and indent > 0) or HEADER.match(text):
            break
        end = j + 1
    return end


def _thread_signs(lines: Sequence[str], start: int, end: int, indent: int) -> list[int]:
    """Lines of ``lines[start:end]`` that only a thread has: deeper bullets, "Reply", author lines."""
    found = []
    for i in range(start, end):
        line = lines[i]
        text = line.strip()
        m = MARKER.match(line)
        deeper_bullet = bool(m) and not m["marker"][0].isdigit() and _indent(line) > indent >= 0  # type: ignore[index]
        clock = bool(TIME_LINE.match(text)) and bool(re.search(r"ago|\d:\d\d", text))
        if deeper_bullet or clock or (text and (REPLY.match(text) or _author_of(text))):
            found.append(i)
    return found


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
    for start, last, indent in reversed(_numbered_runs(lines)):
        end = _run_end(lines, last, indent)
        signs = _thread_signs(lines, start, end, indent)
        framed = _near(lines, start, -1, HEADER) or _near(lines, end - 1, 1, FORM)
        if signs or framed:
            return CommentSection(start, end)
    headers = [i for i, line in enumerate(lines) if HEADER.match(line.strip())]
    authors = [i for i, line in enumerate(lines) if _author_of(line.strip())]
    if not headers and len(authors) >= 3:
        headers = [authors[0] - 1]
    for h in reversed(headers):
        stop = next((j for j in range(h + 1, len(lines)) if FORM.match(lines[j].strip())), len(lines))
        signs = _thread_signs(lines, h + 1, stop, -1)
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
