"""The SQLite schema of the parallax store, and its version.

Tables keyed by text ids are ``WITHOUT ROWID``: rows then live in key order, so saving the
same result twice leaves the file's content (and ``iterdump()``) byte-for-byte the same.
Every record is kept whole as JSON in ``data``; the other columns are copies for search,
filters and sorting.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    outlet TEXT,
    title TEXT,
    published TEXT,
    body TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_source ON articles (source);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    n_articles INTEGER NOT NULL,
    outlets TEXT NOT NULL,
    first_published TEXT,
    last_published TEXT,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stories_last_published ON stories (last_published);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    position INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles (story_id);
CREATE TABLE IF NOT EXISTS rejected (
    source TEXT PRIMARY KEY,
    reason TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pages (
    source TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (source, digest)
) WITHOUT ROWID;
"""

# Full-text search over article titles and bodies; left out where SQLite lacks FTS5.
FULL_TEXT = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Tables a file must hold to be taken for a parallax store.
REQUIRED = frozenset({"schema_version", "articles", "stories", "story_articles", "rejected", "pages"})
