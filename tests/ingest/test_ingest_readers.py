"""Readers: plain text, HTML, JSON Lines, JSON, WARC, RSS/Atom, gzip, folders."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from parallax.config import Settings
from parallax.ingest import read_pages
from parallax.model import Page, Rejected

STORY = (
    "Bridge to close for repairs\n\n"
    "The river bridge will close for six weeks from Monday, the council said on Tuesday.\n\n"
    "\u201cWe have no other choice,\u201d the mayor said.\n"
)


def _read(*paths: Path | str, **options: object) -> list[Page | Rejected]:
    return list(read_pages([str(p) for p in paths], **options))  # type: ignore[arg-type]


def _html(title: str = "Bridge", head: str = "") -> str:
    return f"<!doctype html><html><head><title>{title}</title>{head}</head><body><p>{STORY}</p></body></html>"


def test_seeds_are_read_as_text_pages(seeds_dir: Path) -> None:
    pages = _read(seeds_dir, outlet="Given")
    assert [os.path.basename(p.source) for p in pages] == sorted(os.listdir(seeds_dir))
    assert all(isinstance(p, Page) and p.text and p.html is None and p.outlet == "Given" for p in pages)
    assert pages[0].text.startswith("Kim Jong Un declares full support")  # type: ignore[union-attr]


def test_text_file_keeps_its_text(tmp_path: Path) -> None:
    (tmp_path / "story").write_text(STORY)
    (page,) = _read(tmp_path / "story")
    assert isinstance(page, Page) and page.text == STORY and page.source == str(tmp_path / "story")


def test_html_by_extension_and_by_content(tmp_path: Path) -> None:
    head = ('<link rel="canonical" href="https://www.harbor.example/news/1">'
            '<meta property="og:site_name" content="Harbor Herald">')
    (tmp_path / "a.htm").write_text(_html(head=head))
    (tmp_path / "b.txt").write_text(STORY)
    (tmp_path / "c").write_text(_html())
    a, b, c = _read(tmp_path, outlet="Fallback")
    assert isinstance(a, Page) and a.html and a.url == "https://www.harbor.example/news/1"
    assert a.outlet == "Harbor Herald"
    assert isinstance(b, Page) and b.text == STORY
    assert isinstance(c, Page) and c.html and c.outlet == "Fallback"


def test_outlet_comes_from_the_url_host_before_the_option(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(_html(head='<meta property="og:url" content="https://www.tide.example/x">'))
    (page,) = _read(tmp_path / "a.html", outlet="Fallback")
    assert isinstance(page, Page) and page.outlet == "tide.example"


def test_jsonl_records_and_broken_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://www.tide.example/1", "title": "T", "published": "2024-03-01",
                    "byline": "Jo Lee", "text": STORY}),
        "",
        "{not json",
        json.dumps({"outlet": "Harbor Herald", "url": "https://www.harbor.example/2", "html": _html()}),
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
        json.dumps(["a list"]),
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(lines))
    items = _read(path)
    assert [i.source for i in items] == [f"{path}#{n}" for n in (1, 3, 4, 5, 6, 7)]
    first, broken, second, *rest = items
    assert isinstance(first, Page) and first.text == STORY and first.outlet == "tide.example"
    assert (first.title, first.published, first.byline) == ("T", "2024-03-01", "Jo Lee")
    assert isinstance(broken, Rejected) and "invalid JSON" in broken.reason
    assert isinstance(second, Page) and second.html and second.outlet == "Harbor Herald"
    assert all(isinstance(r, Rejected) for r in rest)


def test_jsonl_line_over_the_limit_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "pages.ndjson"
    big = json.dumps({"text": "word " * 5000})
    path.write_text("\n".join([json.dumps({"text": STORY}), big, json.dumps({"text": STORY})]) + "\n")
    items = _read(path, settings=Settings(max_page_bytes=10_000))
    assert [type(i).__name__ for i in items] == ["Page", "Rejected", "Page"]
    assert "too large" in items[1].reason  # type: ignore[union-attr]


def test_empty_jsonl_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "blank.jsonl").write_text("\n\n  \n")
    (item,) = _read(tmp_path / "blank.jsonl")
    assert isinstance(item, Rejected) and "no JSON Lines records" in item.reason


def test_json_document_with_a_list_of_pages(tmp_path: Path) -> None:
    (tmp_path / "pages.json").write_text(json.dumps([{"text": STORY}, {"nothing": 1}]))
    page, rejected = _read(tmp_path / "pages.json")
    assert isinstance(page, Page) and page.source.endswith("pages.json#1")
    assert isinstance(rejected, Rejected) and rejected.source.endswith("pages.json#2")


def _warc_bytes(gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    payloads = [
        ("https://www.tide.example/a", "text/html; charset=windows-1252", _html("Café").encode("cp1252")),
        ("https://www.tide.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("https://www.tide.example/b.txt", "text/plain", STORY.encode()),
    ]
    for url, content_type, body in payloads:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_warc_records(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc_bytes(gz))
    html, image, text = _read(path)
    assert isinstance(html, Page) and html.source == f"{path}#2" and "Café" in (html.html or "")
    assert html.url == "https://www.tide.example/a" and html.outlet == "tide.example"
    assert isinstance(image, Rejected) and "image/png" in image.reason
    assert isinstance(text, Page) and text.text == STORY and text.url.endswith("b.txt")  # type: ignore[union-attr]


def test_truncated_warc_keeps_the_records_before(tmp_path: Path) -> None:
    data = _warc_bytes(True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 60])
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Page", "Rejected", "Rejected"]
    assert "truncated" in items[-1].reason  # type: ignore[union-attr]


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tide Daily</title>'
        "<item><title>Bridge</title><link>https://www.tide.example/1</link><author>jo@tide.example (Jo)</author>"
        "<pubDate>Wed, 13 Sep 2023 21:36:00 +0200</pubDate><description>&lt;p&gt;The bridge closed.&lt;/p&gt;"
        "</description></item><item><title>Empty</title></item></channel></rss>"
    )
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbor</title>'
        '<entry><title>Ferry</title><link href="https://harbor.example/f"/><updated>2024-01-02T03:04:05Z</updated>'
        '<content type="text">The ferry runs again.</content></entry></feed>'
    )
    (tmp_path / "a.rss").write_text(rss)
    (tmp_path / "b.atom").write_text(atom)
    first, empty, ferry = _read(tmp_path)
    assert isinstance(first, Page) and first.outlet == "Tide Daily" and first.title == "Bridge"
    assert first.published == "2023-09-13T19:36:00+00:00" and "The bridge closed." in (first.html or "")
    assert isinstance(empty, Rejected) and empty.source.endswith("a.rss#2")
    assert isinstance(ferry, Page) and ferry.text == "The ferry runs again." and ferry.outlet == "Harbor"


def test_xml_that_is_no_feed_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "data.xml").write_text('<?xml version="1.0"?><catalog><book id="1"/></catalog>')
    (item,) = _read(tmp_path / "data.xml")
    assert isinstance(item, Rejected)


@pytest.mark.parametrize("name", ["page.html.gz", "page.gz", "pages.jsonl.gz"])
def test_gzipped_inputs(tmp_path: Path, name: str) -> None:
    content = json.dumps({"text": STORY}) + "\n" if "jsonl" in name else _html()
    (tmp_path / name).write_bytes(gzip.compress(content.encode()))
    (page,) = _read(tmp_path / name)
    assert isinstance(page, Page) and (page.text == STORY or STORY.strip() in (page.html or ""))


def test_gzip_bomb_is_rejected_without_unpacking_it_all(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 3_000_000))
    (item,) = _read(tmp_path / "bomb.txt.gz", settings=Settings(max_page_bytes=1_000_000))
    assert isinstance(item, Rejected) and "too large" in item.reason


def test_folders_are_walked_sorted_recursively_and_skip_hidden_and_stores(tmp_path: Path) -> None:
    for name in ["b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt", ".hidden.txt", ".git/x.txt", "out.db", "out.db-wal"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(STORY)
    (tmp_path / "c" / "loop").symlink_to(tmp_path)
    sources = [os.path.relpath(i.source, tmp_path) for i in _read(tmp_path)]
    assert sources == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]


def test_missing_paths_and_special_files_are_rejected(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    missing, pipe = _read(tmp_path / "missing.txt", tmp_path / "pipe")
    assert isinstance(missing, Rejected) and "no such file" in missing.reason
    assert missing.source == str(tmp_path / "missing.txt")
    assert isinstance(pipe, Rejected) and "not a regular file" in pipe.reason


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(STORY)
    path.chmod(0)
    (item,) = _read(path)
    assert isinstance(item, Rejected) and "permission denied" in item.reason


def test_file_over_the_limit_is_rejected_by_its_size(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 1000)
    (item,) = _read(tmp_path / "big.txt", settings=Settings(max_page_bytes=1000))
    assert isinstance(item, Rejected) and "too large" in item.reason


def test_paths_may_be_one_string_or_path_objects(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    assert list(read_pages(str(tmp_path))) == list(read_pages([tmp_path]))


def test_permission_error_while_opening_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(STORY)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("parallax.ingest.open", refuse, raising=False)
    (item,) = _read(path)
    assert isinstance(item, Rejected) and "permission denied" in item.reason


def test_pages_are_read_one_file_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(50):
        (tmp_path / f"{n:02d}.txt").write_text(STORY)
    from parallax import ingest

    opened: list[str] = []
    real = ingest.read_file

    def counting(source: str, **options: object):  # type: ignore[no-untyped-def]
        opened.append(source)
        return real(source, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "read_file", counting)
    pages = read_pages([tmp_path])
    first = next(pages)
    assert first.source.endswith("00.txt") and len(opened) == 1
    assert len(list(pages)) == 49 and len(opened) == 50
