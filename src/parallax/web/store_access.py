"""The one seam between the web layer and the store (tests may swap ``open_store``).

Each request opens the SQLite store for itself: connections are cheap, and a connection
never crosses threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.model import Article, Story


def open_store(path: Path) -> Any:
    """Open the store at ``path`` (a context manager yielding a ``parallax.store.Store``)."""
    from parallax.store import Store

    return Store(path)


@dataclass(frozen=True)
class StoryWithArticles:
    """A story and its articles in timeline order (articles the store lacks are left out)."""

    story: Story
    articles: tuple[Article, ...]


def load_story(db_path: Path, story_id: str) -> StoryWithArticles | None:
    """The story ``story_id`` with its articles, or None when the store has no such story."""
    with open_store(db_path) as store:
        story = store.story(story_id)
        if story is None:
            return None
        found = {a.id: a for a in store.articles(ids=list(story.articles))}
    order = list(story.timeline) + [i for i in story.articles if i not in story.timeline]
    seen: set[str] = set()
    articles = []
    for article_id in order:
        if article_id in found and article_id not in seen:
            seen.add(article_id)
            articles.append(found[article_id])
    return StoryWithArticles(story, tuple(articles))


def load_article(db_path: Path, article_id: str) -> Article | None:
    """The article ``article_id``, or None."""
    with open_store(db_path) as store:
        return store.article(article_id)


def story_summary_dict(summary: Any) -> dict[str, Any]:
    """A ``StorySummary`` of the store as plain JSON types."""
    return {
        "id": summary.id,
        "title": summary.title,
        "n_articles": summary.n_articles,
        "outlets": list(summary.outlets),
        "first_published": summary.first_published,
        "last_published": summary.last_published,
    }


def article_summary_dict(article: Article) -> dict[str, Any]:
    """The head of an article (no body, no annotations) as plain JSON types."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "url": article.url,
        "source": article.source,
    }
