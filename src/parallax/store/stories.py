"""Listing stories from the store: the summary record and the filters behind ``Store.stories()``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from parallax.model import Record

SUMMARY_COLUMNS = "s.id, s.title, s.n_articles, s.outlets, s.first_published, s.last_published"
STORY_ORDER = "s.last_published IS NULL, s.last_published DESC, s.id"
_WORD = re.compile(r"\w+")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class StorySummary(Record):
    """A line of a story list: what a reader needs to pick a story."""

    id: str
    title: str | None
    n_articles: int
    outlets: tuple[str, ...] = ()
    first_published: str | None = None
    last_published: str | None = None


def summary_from_row(row: tuple[Any, ...]) -> StorySummary:
    """A ``StorySummary`` from a row of ``SUMMARY_COLUMNS``."""
    story_id, title, n_articles, outlets, first, last = row
    return StorySummary(story_id, title, int(n_articles), tuple(json.loads(outlets)), first, last)


def _moment(value: str | date, *, end: bool) -> str:
    text = value.isoformat() if isinstance(value, date | datetime) else str(value).strip()
    if end and _DAY.match(text):
        return text + "\uffff"  # a whole day: every time on that day sorts before this
    return text


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def story_filter(q: str | None, outlet: str | None, since: str | date | None, until: str | date | None,
                 full_text: bool) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (and its arguments) for stories matching all given filters.

    ``q`` matches the story title or the title/body of one of its articles; ``outlet`` one of
    its articles' outlets (any case); ``since``/``until`` the span of its publication times.
    """
    clauses: list[str] = []
    args: list[Any] = []
    if q and q.strip():
        words = _WORD.findall(q)
        inner = "a.title LIKE ? ESCAPE '\\' OR a.body LIKE ? ESCAPE '\\'"
        inner_args: list[Any] = [_like(q.strip()), _like(q.strip())]
        if full_text and words:
            inner = ("a.title LIKE ? ESCAPE '\\' "
                     "OR a.id IN (SELECT id FROM articles_fts WHERE articles_fts MATCH ?)")
            inner_args = [_like(q.strip()), " ".join(f'"{w}"' for w in words)]
        clauses.append(
            "(s.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM story_articles sa JOIN articles a "
            f"ON a.id = sa.article_id WHERE sa.story_id = s.id AND ({inner})))"
        )
        args += [_like(q.strip()), *inner_args]
    if outlet:
        clauses.append("EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                       "WHERE sa.story_id = s.id AND a.outlet = ? COLLATE NOCASE)")
        args.append(outlet)
    if since:
        clauses.append("s.last_published >= ?")
        args.append(_moment(since, end=False))
    if until:
        clauses.append("s.first_published <= ?")
        args.append(_moment(until, end=True))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
