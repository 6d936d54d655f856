"""Property-based tests of the readers: any bytes in any file never raise, and every input is accounted for."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.errors import InputError
from parallax.ingest import read_pages
from parallax.ingest.decode import decode_page
from parallax.model import Page, Rejected

NAMES = st.sampled_from(
    ["page.txt", "page", "page.html", "page.jsonl", "page.json", "page.warc", "page.xml", "page.rss",
     "page.txt.gz", "page.warc.gz", "page.jsonl.gz"]
)
PREFIXES = st.sampled_from(
    [b"", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"<!doctype html><html>", b'{"text": "', b"<?xml version='1.0'?><rss>",
     b"\xff\xfe", b"\xef\xbb\xbf", b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"%PDF-"]
)
BOUNDED = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check_accounted(folder: str, items: list[Page | Rejected], files: list[str]) -> None:
    for item in items:
        assert isinstance(item, Page | Rejected)
        if isinstance(item, Rejected):
            assert item.reason.strip()
        else:
            assert (item.text or item.html or "").strip()
            assert (item.text is None) != (item.html is None)
    heads = {item.source.split("#", 1)[0] for item in items}
    assert heads == {os.path.join(folder, name) for name in files}


@BOUNDED
@given(name=NAMES, prefix=PREFIXES, body=st.binary(max_size=2000))
def test_any_bytes_in_any_file_are_read_or_rejected(name: str, prefix: bytes, body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(prefix + body)
        items = list(read_pages([folder]))
        _check_accounted(folder, items, [name])


@BOUNDED
@given(name=NAMES, text=st.text(max_size=2000))
def test_any_text_in_any_file_is_read_or_rejected(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(text.encode("utf-8", "surrogatepass"))
        items = list(read_pages([folder]))
        _check_accounted(folder, items, [name])


@BOUNDED
@given(data=st.binary(max_size=4000), declared=st.one_of(st.none(), st.sampled_from(["utf-8", "latin-1", "bogus", "utf-16", "base64", "rot13", "cp037", "shift_jis"])))
def test_decoding_returns_text_or_raises_input_error(data: bytes, declared: str | None) -> None:
    try:
        text = decode_page(data, declared=declared)
    except InputError as err:
        assert err.reason
    else:
        assert isinstance(text, str)
        text.encode("utf-8")  # no lone surrogates


@BOUNDED
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=500))
def test_utf8_text_survives_decoding(text: str) -> None:
    if text.strip():
        decoded = decode_page(text.encode("utf-8"), fix=False)
        assert decoded == text.lstrip("\ufeff")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
RECORDS = st.dictionaries(
    st.sampled_from(["url", "outlet", "title", "published", "byline", "text", "html", "author", "body"]),
    JSON_VALUES,
    max_size=6,
)


@BOUNDED
@given(lines=st.lists(st.one_of(RECORDS.map(json.dumps), st.text(max_size=60)), min_size=1, max_size=8))
def test_every_jsonl_line_is_a_page_a_rejection_or_blank(lines: list[str]) -> None:
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "pages.jsonl")
        Path(path).write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        items = list(read_pages([path]))
        numbered = {f"{path}#{n}" for n, line in enumerate(lines, start=1) if line.strip(" \t\r\n\x0b\x0c")}
        sources = {item.source for item in items}
        if numbered:
            assert numbered == sources
        else:
            assert [item.source for item in items] == [path]


WARC_RECORDS = st.lists(
    st.tuples(
        st.sampled_from(["text/html; charset=utf-8", "text/plain", "image/png", "text/html; charset=bogus", ""]),
        st.sampled_from(["200 OK", "404 Not Found", "301 Moved Permanently"]),
        st.binary(max_size=300),
    ),
    min_size=1,
    max_size=5,
)


@BOUNDED
@given(records=WARC_RECORDS, gz=st.booleans(), cut=st.integers(min_value=0, max_value=400))
def test_every_warc_response_record_is_a_page_or_a_rejection(
    records: list[tuple[str, str, bytes]], gz: bool, cut: int
) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    ends = []
    for n, (content_type, status, body) in enumerate(records):
        headers = StatusAndHeaders(status, [("Content-Type", content_type)] if content_type else [], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://www.site{n}.example/", "response",
                                           payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)
        ends.append(out.tell())
    data = out.getvalue()
    data = data[: max(len(data) - cut, 1)]
    complete = sum(1 for end in ends if end <= len(data))
    partial = len(data) - (ends[complete - 1] if complete else 0)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "crawl.warc.gz" if gz else "crawl.warc")
        Path(path).write_bytes(data)
        items = list(read_pages([path]))
    sources = [item.source for item in items]
    assert len(sources) == len(set(sources)), sources
    numbers = sorted(int(s.rsplit("#", 1)[1]) for s in sources if "#" in s)
    assert set(range(1, complete + 1)) <= set(numbers), "a complete record was lost"
    if partial > 4:  # more than the blank lines that close a record: a cut record must be reported
        assert complete + 1 in numbers, "a truncated record was lost"
    assert all(1 <= n <= len(records) for n in numbers)
    assert items, "a WARC file gave neither a page nor a rejection"
