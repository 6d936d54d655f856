"""WARC files (plain or gzipped, as crawlers write them), read with warcio.

Each ``response`` or ``resource`` record holding HTML or plain text becomes a page named
``file#N`` (N counts every record of the file from 1). Records of other content types
are rejected with their type; ``request``, ``metadata``, ``warcinfo`` and ``revisit``
records carry no page and are passed over. A record cut short (a crawl that stopped
mid-write) is rejected as truncated, and the records before it are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputError
from ..model import Page, Rejected
from .html import read_html
from .outlet import choose_outlet
from .sniff import sniff_kind
from .text import read_text

_PAGE_RECORDS = ("response", "resource", "conversion")
_RECORD_TYPES = (*_PAGE_RECORDS, "warcinfo", "request", "metadata", "revisit", "continuation")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


def read_warc(
    source: str, stream: IO[bytes], *, size: int, outlet: str | None = None, max_bytes: int
) -> Iterator[Page | Rejected]:
    """Pages from a WARC stream of ``size`` bytes on disk; never raises for bad records."""
    records = ArchiveIterator(stream, arc2warc=True)
    number = 0
    found = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as err:  # noqa: BLE001 - warcio raises many kinds on broken data
            yield Rejected(f"{source}#{number + 1}", f"truncated or corrupt WARC record: {_describe(err)}")
            return
        number += 1
        try:
            item = _read_record(f"{source}#{number}", record, outlet=outlet, max_bytes=max_bytes)
        except InputError as err:
            item = Rejected(f"{source}#{number}", err.reason)
        except Exception as err:  # noqa: BLE001 - one bad record must not end the file
            item = Rejected(f"{source}#{number}", f"unreadable WARC record: {_describe(err)}")
        if item is not None:
            found += 1
            yield item
    if records.offset < size:
        found += 1
        yield Rejected(
            f"{source}#{number + 1}",
            f"truncated WARC record: the last {size - records.offset} bytes of the file do not form a record",
        )
    if not found:
        yield Rejected(source, "WARC file holds no response or resource records")


def _read_record(source: str, record: Any, *, outlet: str | None, max_bytes: int) -> Page | Rejected | None:
    if record.rec_type not in _RECORD_TYPES or record.length is None:
        # warcio hands over a record whose header was cut off as it found it.
        raise InputError(f"truncated or corrupt WARC record header (type {record.rec_type!r}, no length)"
                         if record.length is None else f"unknown WARC record type {record.rec_type!r}")
    if record.rec_type not in _PAGE_RECORDS:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    content_type = _content_type(record)
    media = content_type.split(";", 1)[0].strip().lower()
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            raise InputError(f"HTTP status {status or 'missing'}, no page ({url})")
    if media and media not in _HTML_TYPES and media != "text/plain":
        raise InputError(f"not a page: content type {media} ({url})")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"too large (over {max_bytes} bytes)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise InputError(f"truncated WARC record: {record.raw_stream.limit} bytes missing ({url})")
    if not data:
        raise InputError(f"empty WARC record ({url})")
    if media == "text/plain" or (not media and sniff_kind(data[:8192]) == "text"):
        page = read_text(source, data, outlet=choose_outlet(None, url, outlet))
        return page.replace(url=url)
    return read_html(source, data, outlet=outlet, url=url, declared=_charset(content_type))


def _content_type(record: Any) -> str:
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _describe(err: Exception) -> str:
    text = str(err).strip()
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
