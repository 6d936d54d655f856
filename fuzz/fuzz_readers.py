"""Fuzz the readers and the decoder: any bytes, under any file name, become pages or rejections.

    python fuzz/fuzz_readers.py -max_total_time=60 [CORPUS_DIR]
    python fuzz/fuzz_readers.py --write-seeds DIR
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

# The readers' libraries are instrumented too, so inputs that reach new paths in them count.
with atheris.instrument_imports(include=["parallax", "warcio", "feedparser"]):
    import feedparser  # noqa: F401
    import warcio  # noqa: F401

    from parallax.errors import InputError
    from parallax.ingest import read_pages
    from parallax.ingest.decode import decode_page
    from parallax.model import Page, Rejected

NAMES = ("page.txt", "page", "page.html", "page.jsonl", "page.json", "page.warc", "page.xml",
         "page.txt.gz", "page.warc.gz", "page.jsonl.gz", "page.rss", "page.gz")
FOLDER = tempfile.mkdtemp(prefix="fuzz-readers-")

SEEDS = {
    "text": b"\x00Bridge closes\n\nThe council said on Tuesday that the bridge will close.\n",
    "html": b"\x02<!doctype html><html><head><meta charset='latin-1'><title>T</title></head><body><p>Caf\xe9</p>",
    "jsonl": b'\x03{"url": "https://www.a.example/1", "text": "Body"}\n{broken\n[1]\n',
    "feed": b"\x06<?xml version='1.0'?><rss><channel><title>D</title><item><title>x</title>"
            b"<description>&lt;p&gt;Text&lt;/p&gt;</description></item></channel></rss>",
    "warc": b"\x05WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: 60\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hello there</p>\r\n\r\n",
    "utf16": b"\x00" + "Caf\u00e9 \u201cquote\u201d".encode("utf-16"),
}


def check_read(data: bytes) -> None:
    """Read ``data`` as a file named by its first byte; every item must be a page or a rejection."""
    name = NAMES[data[0] % len(NAMES)] if data else NAMES[0]
    path = os.path.join(FOLDER, name)
    for old in os.listdir(FOLDER):
        os.unlink(os.path.join(FOLDER, old))
    with open(path, "wb") as out:
        out.write(data[1:])
    items = list(read_pages([FOLDER]))
    assert items, "no page and no rejection for one file"
    for item in items:
        assert item.source == path or item.source.startswith(path + "#"), item.source
        if isinstance(item, Rejected):
            assert item.reason.strip()
        else:
            assert isinstance(item, Page)
            assert (item.text is None) != (item.html is None)
            assert (item.text or item.html or "").strip()


def check_decode(data: bytes) -> None:
    try:
        text = decode_page(data)
    except InputError:
        return
    text.encode("utf-8")


def test_one_input(data: bytes) -> None:
    check_read(data)
    check_decode(data[1:])


def write_seeds(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for key, data in SEEDS.items():
        with open(os.path.join(folder, key), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-seeds"]:
        write_seeds(sys.argv[2])
        sys.exit(0)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
