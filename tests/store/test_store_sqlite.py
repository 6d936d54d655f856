"""The SQLite store: round trip, idempotence, superseded stories, filters, bad files."""

from __future__ import annotations

import ast
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from parallax.errors import StoreError
from parallax.model import Article, Rejected, Result, Story
from parallax.store import Store, StorySummary


def _dump(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())


def _by_id(articles) -> list:  # type: ignore[no-untyped-def]
    return sorted(articles, key=lambda a: a.id)


def _article(art_id: str, outlet: str, published: str, words: str) -> Article:
    return Article(id=art_id, source=f"pages/{art_id}.txt", body=f"{words} and more words.", outlet=outlet,
                   title=words.capitalize(), published=published)


def test_round_trip(bridge, tmp_path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.save(bridge)
    with Store(tmp_path / "s.db") as store:
        back = store.result()
        assert _by_id(back.articles) == _by_id(bridge.articles)
        assert back.stories == bridge.stories
        assert back.rejected == bridge.rejected
        assert store.article("a-patriot0002") == bridge.article("a-patriot0002")
        assert store.article("a-nothing") is None
        assert [a.id for a in store.articles(["a-voice000003", "a-nothing", "a-ledger00001"])] == [
            "a-voice000003", "a-ledger00001"]
        assert store.story("s-bridge01") == bridge.stories[0] and store.story("s-none") is None
        assert store.count_articles() == 5


def test_saving_twice_changes_nothing(bridge, tmp_path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.save(bridge, pages=[("pages/a.txt", "d1")])
    first = _dump(path)
    with Store(path) as store:
        store.save(bridge, pages=[("pages/a.txt", "d1")])
        store.save(Result.from_json_dict(bridge.to_json_dict()))
    assert _dump(path) == first
    assert "articles_fts" in first  # the search index is in the dump too


def test_dump_does_not_depend_on_batches_or_order(bridge, tmp_path) -> None:
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        one.save(bridge, pages=[("p1", "d1"), ("p2", "d2")])
        two.save(Result(stories=bridge.stories), pages=[("p1", "d1")])  # stories before their articles
        for article in reversed(bridge.articles):
            two.save(Result(articles=(article,)))
        two.save(Result(rejected=bridge.rejected[::-1]), pages=[("p2", "d2")])
        assert one.dump() == two.dump()
        assert one.dump().count("\n") == 1 + 5 + 1 + 4 + 2 + 2


def test_store_uses_wal_and_a_schema_version(tmp_path) -> None:
    with Store(tmp_path / "s.db"):
        pass
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]


def test_new_story_supersedes_older_ones_holding_its_articles(tmp_path) -> None:
    a, b, c, d = (_article(f"a-{x}", x.upper(), f"2026-01-0{i + 1}", f"story {x}")
                  for i, x in enumerate("abcd"))
    with Store(tmp_path / "s.db") as store:
        old = (Story("s-old1", ("a-a", "a-b")), Story("s-old2", ("a-d",)))
        store.save(Result(articles=(a, b, c, d), stories=old))
        store.save(Result(articles=(b, c), stories=(Story("s-new", ("a-b", "a-c")),)))
        assert [s.id for s in store.stories()] == ["s-old2", "s-new"]  # newest first
        assert store.story("s-old1") is None
        rows = store._conn.execute(
            "SELECT article_id, count(*) FROM story_articles GROUP BY article_id").fetchall()
        assert dict(rows) == {"a-b": 1, "a-c": 1, "a-d": 1}
        assert store.article("a-a") == a  # the article stays, without a story
        # the same story id with other articles replaces its membership
        store.save(Result(stories=(Story("s-new", ("a-c", "a-d")),)))
        assert [s.id for s in store.stories()] == ["s-new"]
        assert store.stories()[0].n_articles == 2


def test_story_summaries_filters_and_order(bridge, tmp_path) -> None:
    early = _article("a-early", "Harbor Voice", "2026-02-01T10:00:00+00:00", "harbour dredging starts")
    with Store(tmp_path / "s.db") as store:
        store.save(bridge)
        store.save(Result(articles=(early,), stories=(Story("s-early", ("a-early",)),)))
        summaries = store.stories()
        assert [s.id for s in summaries] == ["s-bridge01", "s-early"]  # newest first
        top = summaries[0]
        assert isinstance(top, StorySummary) and top.n_articles == 4
        assert top.outlets == ("Harbor Voice", "Northgate Courier", "Patriot Daily", "The Riverside Ledger")
        assert (top.first_published, top.last_published) == (
            "2026-03-04T09:15:00+00:00", "2026-03-05T07:05:00+00:00")
        assert s_ids(store.stories(q="ferry")) == ["s-bridge01"]  # a word of an article body
        assert s_ids(store.stories(q="Dredging")) == ["s-early"]
        assert s_ids(store.stories(q="100%_")) == []
        assert s_ids(store.stories(outlet="harbor voice")) == ["s-bridge01", "s-early"]
        assert s_ids(store.stories(outlet="Patriot Daily")) == ["s-bridge01"]
        assert s_ids(store.stories(since="2026-03-05")) == ["s-bridge01"]
        assert s_ids(store.stories(until=date(2026, 3, 4))) == ["s-bridge01", "s-early"]
        assert s_ids(store.stories(until="2026-03-03")) == ["s-early"]
        assert s_ids(store.stories(limit=1, offset=1)) == ["s-early"]
        assert store.count_stories() == 2 and store.count_stories(outlet="patriot daily") == 1


def s_ids(summaries: list[StorySummary]) -> list[str]:
    return [s.id for s in summaries]


@pytest.mark.parametrize("full_text", [True, False])
def test_search_articles(bridge, tmp_path, full_text) -> None:
    with Store(tmp_path / "s.db") as store:
        store.save(bridge)
        store.full_text = store.full_text and full_text
        ferry = {"a-ledger00001", "a-courier0004", "a-voice000003"}
        assert {a.id for a in store.search_articles("ferry")} == ferry
        assert [a.id for a in store.search_articles("Sundays library")] == ["a-library0005"]
        assert store.search_articles("ferry", limit=1, offset=0)[0].id in {"a-ledger00001", "a-courier0004",
                                                                            "a-voice000003"}
        assert store.search_articles('"') == [] and store.search_articles("zeppelin") == []


def test_rejected_upserted_by_source_and_cleared_by_an_article(tmp_path) -> None:
    article = _article("a-late", "Ledger", "2026-01-01", "a page that failed once")
    with Store(tmp_path / "s.db") as store:
        store.save(Result(rejected=(Rejected("pages/a-late.txt", "timeout"), Rejected("x.png", "binary"))))
        store.save(Result(rejected=(Rejected("x.png", "binary file (PNG image)"),)))
        assert store.rejected() == [
            Rejected("pages/a-late.txt", "timeout"), Rejected("x.png", "binary file (PNG image)")]
        store.save(Result(articles=(article,)))
        assert store.rejected() == [Rejected("x.png", "binary file (PNG image)")]


def test_pages_for_resumable_runs(tmp_path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert not store.has_page("feed.jsonl#3", "abc")
        store.mark_pages([("feed.jsonl#3", "abc"), ("feed.jsonl#3", "abc")])
        store.save(Result(), pages=[("b.html", "def")])
        assert store.has_page("feed.jsonl#3", "abc") and store.has_page("b.html", "def")
        assert not store.has_page("feed.jsonl#3", "other")


def test_a_failed_save_leaves_nothing_behind(bridge, tmp_path, monkeypatch) -> None:
    with Store(tmp_path / "s.db") as store:
        def fail(*args: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(store, "_put_story", fail)
        with pytest.raises(StoreError, match="disk I/O error"):
            store.save(bridge)
        assert store.count_articles() == 0 and store.rejected() == []


def test_text_that_is_not_valid_unicode_round_trips(build_result, tmp_path) -> None:
    odd = build_result("\udc80\x00<b>")
    with Store(tmp_path / "s.db") as store:
        store.save(odd)
        assert _by_id(store.result().articles) == _by_id(odd.articles)


@pytest.mark.parametrize("content", [b"", b"not a database at all, just text\n" * 20, bytes(range(256)) * 40])
def test_a_file_that_is_not_a_store_raises_store_error(tmp_path, content) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    if not content:  # an empty file is a fresh SQLite database: it becomes a store
        Store(path).close()
        return
    with pytest.raises(StoreError, match="not a SQLite database or is corrupt"):
        Store(path)


def test_other_sqlite_databases_and_folders_are_refused(tmp_path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a parallax store"):
        Store(other)
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_a_newer_schema_is_refused(tmp_path) -> None:
    Store(tmp_path / "s.db").close()
    with sqlite3.connect(tmp_path / "s.db") as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(StoreError, match="schema version 99"):
        Store(tmp_path / "s.db")


def test_a_locked_store_raises_store_error(bridge, tmp_path) -> None:
    Store(tmp_path / "s.db").close()
    holder = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(tmp_path / "s.db", timeout=0.05) as store:
            with pytest.raises(StoreError, match="locked"):
                store.save(bridge)
            assert store.stories() == [] and store.rejected() == []  # reading goes on while another writes
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _imports(package: Path) -> set[str]:
    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return names


OUTSIDE = ("fastapi", "uvicorn", "starlette", "ray", "rich", "click", "typer", "httpx", "parallax.web",
           "parallax.cli")


def test_store_and_report_import_no_outside_layers() -> None:
    import parallax.report
    import parallax.store

    store_imports = _imports(Path(parallax.store.__file__).parent)
    report_imports = _imports(Path(parallax.report.__file__).parent)
    assert not [m for m in store_imports | report_imports if m.startswith(OUTSIDE)]
    assert "sqlite3" not in report_imports and "sqlite3" in store_imports
