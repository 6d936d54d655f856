"""A story made from its member articles: stable id, title, duplicate groups, timeline.

Both clusterers (batch and streaming) build their stories here.

>>> story_id(["b", "a"]) == story_id(["a", "b"])
True
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence

from ..model import Article, Story
from .features import published_day


def story_id(member_ids: Iterable[str]) -> str:
    """A stable story id derived from its member article ids (order does not matter)."""
    digest = hashlib.sha1("\x00".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return "s-" + digest[:12]


def publication_key(article: Article, position: int) -> tuple[float, int]:
    """Sort key: publication day (undated last), then the article's position in the input."""
    day = published_day(article.published)
    return (day if day is not None else math.inf, position)


def make_story(members: Sequence[Article], duplicates: Sequence[tuple[str, ...]] = (),
               centrality: Sequence[float] | None = None) -> Story:
    """A ``Story`` of ``members``: stable id, duplicate groups, title and timeline.

    The title is the title of the most central member (highest ``centrality``), else of
    the earliest member that has one.
    """
    ids = [a.id for a in members]
    order = sorted(range(len(members)), key=lambda i: publication_key(members[i], i))
    ranked = order if centrality is None else sorted(order, key=lambda i: -centrality[i])
    title = next((members[i].title for i in ranked if members[i].title), None)
    inside = set(ids)
    groups = tuple(tuple(g) for g in duplicates if set(g) <= inside)
    return Story(id=story_id(ids), articles=tuple(ids), duplicates=groups, title=title,
                 timeline=tuple(ids[i] for i in order))
