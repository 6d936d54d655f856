"""The SQLite store: one file (WAL mode) that collects results run after run.

>>> with Store(":memory:") as store:
...     store.save(Result(rejected=(Rejected("a.bin", "binary file"),)))
...     [r.reason for r in store.rejected()]
['binary file']
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from parallax.errors import StoreError
from parallax.model import Article, Rejected, Result, Story
from parallax.store.schema import FULL_TEXT, REQUIRED, SCHEMA_VERSION, TABLES
from parallax.store.stories import STORY_ORDER, SUMMARY_COLUMNS, StorySummary, story_filter, summary_from_row

_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
_WORD = re.compile(r"\w+")
_REJECTED = "SELECT source, reason FROM rejected ORDER BY source"
_DUMPED = (("schema_version", "version"), ("articles", "id"), ("stories", "id"),
           ("story_articles", "article_id"), ("rejected", "source"), ("pages", "source, digest"))


def _dump(data: dict[str, Any]) -> str:
    # ASCII JSON keeps every string exact (lone surrogates included) and the same bytes every time.
    return json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _text(value: str | None) -> str | None:
    """A copy of ``value`` that SQLite can index (lone surrogates replaced)."""
    return None if value is None else value.encode("utf-8", "replace").decode("utf-8")


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _explain(path: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"the store {path} is locked by another process ({text}); try again when it has finished"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is not a SQLite database or is corrupt ({text})"
    if "readonly" in text or "read-only" in text:
        return f"the store {path} cannot be written ({text})"
    return f"SQLite failed on {path}: {text}"


class Store:
    """Articles, stories, rejected inputs and analysed pages in one SQLite file.

    ``save(result)`` adds a result: articles are upserted by id, stories replaced by id (and
    a new story replaces older ones that held any of its articles, so every article belongs
    to at most one story), rejected inputs upserted by source. Saving the same result twice
    changes nothing. Use as a context manager, or call ``close()``.

    Articles of a replaced story that the new story does not hold stay in the store without
    a story until a later result groups them again. ``full_text`` says whether search uses
    SQLite's FTS5 index (else plain ``LIKE``). Raises ``StoreError`` for a file that is not a
    parallax store, is corrupt or stays locked longer than ``timeout`` seconds.
    """

    def __init__(self, path: str | Path, *, timeout: float = 5.0) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._conn = self._connect(timeout)
        try:
            self._prepare()
        except BaseException:
            self._conn.close()
            raise
        self.full_text = self._has_table("articles_fts")

    # ------------------------------------------------------------------ opening

    def _connect(self, timeout: float) -> sqlite3.Connection:
        if self.path != ":memory:":
            target = Path(self.path)
            if target.is_dir():
                raise StoreError(f"{self.path} is a folder, not a store file")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of {self.path}: {exc.strerror}") from exc
        try:
            return sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(_explain(self.path, exc)) from exc

    def _prepare(self) -> None:
        with self._sql():
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            tables = self._tables()
        if not tables:
            with self._transaction():
                if not self._tables():  # another process may have made it meanwhile
                    self._create()
            return
        missing = REQUIRED - tables
        if missing:
            raise StoreError(f"{self.path} is a SQLite database but not a parallax store "
                             f"(it lacks the tables {', '.join(sorted(missing))})")
        with self._sql():
            version = self._conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version is None or version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has store schema version {version}, "
                             f"this parallax reads version {SCHEMA_VERSION}; upgrade parallax")

    def _create(self) -> None:
        for statement in TABLES.split(";"):
            if statement.strip():
                self._conn.execute(statement)
        self._conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        try:
            self._conn.execute(FULL_TEXT)
        except sqlite3.OperationalError:  # SQLite built without FTS5: search falls back to LIKE
            pass

    def _tables(self) -> set[str]:
        rows = self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {r[0] for r in rows}

    def _has_table(self, name: str) -> bool:
        with self._sql():
            return name in self._tables()

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @contextmanager
    def _sql(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(_explain(self.path, exc)) from exc

    @contextmanager
    def _transaction(self, mode: str = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
        with self._sql() as conn:
            conn.execute(f"BEGIN {mode}")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ------------------------------------------------------------------ writing

    def save(self, result: Result, *, pages: Iterable[tuple[str, str]] = ()) -> None:
        """Add ``result`` in one transaction; ``pages`` (source, digest) are marked analysed in it too."""
        with self._transaction() as conn:
            changed = [a.id for a in result.articles if self._put_article(conn, a)]
            for story in result.stories:
                self._put_story(conn, story)
            self._refresh_summaries(conn, changed)
            for item in result.rejected:
                conn.execute(
                    "INSERT INTO rejected (source, reason) VALUES (?, ?) ON CONFLICT (source) DO UPDATE "
                    "SET reason = excluded.reason WHERE reason IS NOT excluded.reason",
                    (_text(item.source), _text(item.reason)),
                )
            self._put_pages(conn, pages)

    def _put_article(self, conn: sqlite3.Connection, article: Article) -> bool:
        """Upsert one article; True when the store's copy changed."""
        conn.execute("DELETE FROM rejected WHERE source = ?", (_text(article.source),))
        data = _dump(article.to_dict())
        row = conn.execute("SELECT data FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is not None and row[0] == data:
            return False
        values = (article.id, _text(article.source), _text(article.outlet), _text(article.title),
                  _text(article.published), _text(article.body), data)
        conn.execute(
            "INSERT INTO articles (id, source, outlet, title, published, body, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET source = excluded.source, "
            "outlet = excluded.outlet, title = excluded.title, published = excluded.published, "
            "body = excluded.body, data = excluded.data",
            values,
        )
        if self.full_text:
            conn.execute("DELETE FROM articles_fts WHERE id = ?", (article.id,))
            conn.execute("INSERT INTO articles_fts (id, title, body) VALUES (?, ?, ?)",
                         (article.id, values[3] or "", values[5]))
        return True

    def _refresh_summaries(self, conn: sqlite3.Connection, article_ids: list[str]) -> None:
        """Recompute the list columns (outlets, dates, title) of stories holding changed articles."""
        story_ids: set[str] = set()
        for chunk in _chunks(article_ids):
            rows = conn.execute(
                f"SELECT story_id FROM story_articles WHERE article_id IN ({_marks(len(chunk))})", chunk)
            story_ids.update(r[0] for r in rows)
        for story_id in sorted(story_ids):
            row = conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is not None:
                self._put_story(conn, Story.from_dict(json.loads(row[0])))

    def _put_story(self, conn: sqlite3.Connection, story: Story) -> None:
        ids = list(dict.fromkeys(story.articles))
        older: set[str] = set()
        for chunk in _chunks(ids):
            rows = conn.execute(
                f"SELECT story_id FROM story_articles WHERE article_id IN ({_marks(len(chunk))})", chunk)
            older.update(r[0] for r in rows)
        older.discard(story.id)
        for old in sorted(older):
            conn.execute("DELETE FROM stories WHERE id = ?", (old,))
            conn.execute("DELETE FROM story_articles WHERE story_id = ?", (old,))
        summary = self._summary_values(conn, story, ids)
        row = conn.execute(f"SELECT {SUMMARY_COLUMNS}, data FROM stories s WHERE s.id = ?",
                           (story.id,)).fetchone()
        if row is None or tuple(row) != summary:
            conn.execute(
                "INSERT OR REPLACE INTO stories (id, title, n_articles, outlets, first_published, "
                "last_published, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                summary,
            )
        current = dict(conn.execute("SELECT article_id, position FROM story_articles WHERE story_id = ?",
                                    (story.id,)))
        wanted = {article_id: i for i, article_id in enumerate(ids)}
        if current != wanted:
            conn.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
            conn.executemany(
                "INSERT OR REPLACE INTO story_articles (article_id, story_id, position) VALUES (?, ?, ?)",
                [(a, story.id, i) for a, i in wanted.items()])

    def _summary_values(self, conn: sqlite3.Connection, story: Story, ids: list[str]) -> tuple[Any, ...]:
        known: list[tuple[str | None, str | None, str | None]] = []
        for chunk in _chunks(ids):
            known += conn.execute(
                f"SELECT outlet, published, title FROM articles WHERE id IN ({_marks(len(chunk))})", chunk
            ).fetchall()
        dates = sorted(p for _, p, _ in known if p)
        titled = sorted((p or "\uffff", t) for _, p, t in known if t)
        title = story.title or (titled[0][1] if titled else None)
        outlets = json.dumps(sorted({o for o, _, _ in known if o}), ensure_ascii=True)
        return (story.id, _text(title), len(ids), outlets, dates[0] if dates else None,
                dates[-1] if dates else None, _dump(story.to_dict()))

    def _put_pages(self, conn: sqlite3.Connection, pages: Iterable[tuple[str, str]]) -> None:
        conn.executemany("INSERT OR IGNORE INTO pages (source, digest) VALUES (?, ?)",
                         [(_text(s), d) for s, d in pages])

    def mark_pages(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Record pages (source, content digest) as analysed, for resumable runs."""
        with self._transaction() as conn:
            self._put_pages(conn, pairs)

    # ------------------------------------------------------------------ reading

    def has_page(self, source: str, digest: str) -> bool:
        """Whether the page ``source`` with this content digest was analysed before."""
        with self._sql() as conn:
            row = conn.execute("SELECT 1 FROM pages WHERE source = ? AND digest = ?", (_text(source), digest))
            return row.fetchone() is not None

    def result(self) -> Result:
        """Everything in the store as one ``Result`` (stories newest first)."""
        with self._transaction("DEFERRED") as conn:
            articles = [Article.from_dict(json.loads(r[0])) for r in conn.execute(
                "SELECT data FROM articles ORDER BY published IS NULL, published, id")]
            stories = [Story.from_dict(json.loads(r[0])) for r in conn.execute(
                f"SELECT data FROM stories s ORDER BY {STORY_ORDER}")]
            rejected = [Rejected(s, r) for s, r in conn.execute(_REJECTED)]
        return Result(articles=tuple(articles), stories=tuple(stories), rejected=tuple(rejected))

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Articles by id, in the order asked (unknown ids skipped); all articles when ``ids`` is None."""
        with self._sql() as conn:
            if ids is None:
                rows = conn.execute("SELECT data FROM articles ORDER BY published IS NULL, published, id")
                return [Article.from_dict(json.loads(r[0])) for r in rows]
            wanted = list(dict.fromkeys(ids))
            found: dict[str, Article] = {}
            for chunk in _chunks(wanted):
                for art_id, data in conn.execute(
                        f"SELECT id, data FROM articles WHERE id IN ({_marks(len(chunk))})", chunk):
                    found[art_id] = Article.from_dict(json.loads(data))
        return [found[i] for i in wanted if i in found]

    def article(self, article_id: str) -> Article | None:
        """One article, or None when the store does not hold it."""
        found = self.articles([article_id])
        return found[0] if found else None

    def count_articles(self) -> int:
        """How many articles the store holds."""
        with self._sql() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def story(self, story_id: str) -> Story | None:
        """One story, or None when the store does not hold it."""
        with self._sql() as conn:
            row = conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return Story.from_dict(json.loads(row[0])) if row else None

    def stories(self, *, q: str | None = None, outlet: str | None = None, since: str | date | None = None,
                until: str | date | None = None, limit: int = 50, offset: int = 0) -> list[StorySummary]:
        """Stories newest first, filtered by words (``q``), outlet and publication window.

        ``since``/``until`` are ISO dates or times (or ``date``/``datetime``); a story matches
        when its articles' publication span overlaps the window.
        """
        where, args = story_filter(q, outlet, since, until, self.full_text)
        with self._sql() as conn:
            rows = conn.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM stories s {where} ORDER BY {STORY_ORDER} LIMIT ? OFFSET ?",
                [*args, max(0, int(limit)), max(0, int(offset))],
            ).fetchall()
        return [summary_from_row(r) for r in rows]

    def count_stories(self, *, q: str | None = None, outlet: str | None = None,
                      since: str | date | None = None, until: str | date | None = None) -> int:
        """How many stories ``stories()`` would list with these filters and no limit."""
        where, args = story_filter(q, outlet, since, until, self.full_text)
        with self._sql() as conn:
            return int(conn.execute(f"SELECT count(*) FROM stories s {where}", args).fetchone()[0])

    def search_articles(self, q: str, limit: int = 50, offset: int = 0) -> list[Article]:
        """Articles whose title or body holds every word of ``q`` (best matches first)."""
        words = _WORD.findall(q or "")
        if not words:
            return []
        with self._sql() as conn:
            if self.full_text:
                rows = conn.execute(
                    "SELECT a.data FROM articles_fts f JOIN articles a ON a.id = f.id "
                    "WHERE articles_fts MATCH ? ORDER BY f.rank, a.id LIMIT ? OFFSET ?",
                    (" ".join(f'"{w}"' for w in words), max(0, int(limit)), max(0, int(offset))),
                )
            else:
                clause = " AND ".join("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')" for _ in words)
                args = [p for w in words for p in (f"%{w}%", f"%{w}%")]
                rows = conn.execute(
                    f"SELECT data FROM articles WHERE {clause} ORDER BY published DESC, id LIMIT ? OFFSET ?",
                    [*args, max(0, int(limit)), max(0, int(offset))],
                )
            return [Article.from_dict(json.loads(r[0])) for r in rows]

    def dump(self) -> str:
        """The store's content as canonical text, one JSON line per row in key order.

        Two stores holding the same articles, stories, rejected inputs and pages give the same
        dump however (and in what batches) they were filled; the search index, derived from the
        articles, is left out.
        """
        lines = []
        with self._transaction("DEFERRED") as conn:
            for table, key in _DUMPED:
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY {key}"):
                    lines.append(json.dumps([table, *row], ensure_ascii=True))
        return "\n".join(lines) + "\n"

    def rejected(self) -> list[Rejected]:
        """Every rejected input and its reason, by source."""
        with self._sql() as conn:
            return [Rejected(s, r) for s, r in conn.execute(_REJECTED)]


__all__ = ["Store", "StorySummary"]
