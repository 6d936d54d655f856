"""JSON Lines (one page per line) and JSON documents (one page, or a list of pages).

A record holds ``text`` or ``html`` and optionally ``url``, ``outlet``, ``title``,
``published`` and ``byline``. A broken line is rejected as ``file#line`` with the reason;
the other lines go on.

>>> import io
>>> lines = io.BytesIO(b'{"url": "https://www.daily.example/a", "text": "Body."}\\n{broken\\n')
>>> [type(x).__name__ for x in read_jsonl("f.jsonl", lines, max_bytes=1000)]
['Page', 'Rejected']
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InputError
from ..model import Page, Rejected
from .decode import decode_page, fix_text
from .outlet import choose_outlet

_FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "uri"),
    "outlet": ("outlet", "source_name", "site_name", "publisher"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "datetime", "pubdate"),
    "byline": ("byline", "author", "authors"),
}
_TEXT_FIELDS = ("text", "body", "content")
_HTML_FIELDS = ("html", "raw_html")
_CHUNK = 1 << 20
_BLANK = " \t\r\n\x0b\x0c"
_BLANK_BYTES = _BLANK.encode()


def read_jsonl(
    source: str, stream: IO[Any], *, outlet: str | None = None, max_bytes: int
) -> Iterator[Page | Rejected]:
    """Pages from a JSON Lines stream (bytes or text); ``source#N`` names line N."""
    records = 0
    for number, line in enumerate(_lines(stream, max_bytes), start=1):
        record_source = f"{source}#{number}"
        if line is None:
            records += 1
            yield Rejected(record_source, f"line {number} is too large (over {max_bytes} bytes)")
            continue
        if _is_blank(line):
            continue  # blank lines separate nothing and hold no record
        records += 1
        try:
            if isinstance(line, bytes):
                line = decode_page(line, fix=False)
            yield page_from_record(record_source, _parse(line, number), outlet=outlet)
        except InputError as err:
            yield Rejected(record_source, err.reason)
    if not records:
        yield Rejected(source, "no JSON Lines records (blank lines only)")


def read_json(source: str, data: bytes, *, outlet: str | None = None) -> Iterator[Page | Rejected]:
    """Pages from a JSON document: one record, or a list of records (``source#N``)."""
    document = _parse(decode_page(data, fix=False), None)
    if isinstance(document, dict):
        yield page_from_record(source, document, outlet=outlet)
        return
    if not isinstance(document, list):
        raise InputError("JSON document is neither a page record nor a list of them")
    if not document:
        raise InputError("JSON document is an empty list, no pages")
    for number, record in enumerate(document, start=1):
        try:
            if not isinstance(record, dict):
                raise InputError(f"item {number} is not a JSON object")
            yield page_from_record(f"{source}#{number}", record, outlet=outlet)
        except InputError as err:
            yield Rejected(f"{source}#{number}", err.reason)


def page_from_record(source: str, record: Any, *, outlet: str | None = None) -> Page:
    """A :class:`Page` from one decoded JSON record; raises :class:`InputError` when it holds no page."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, found {type(record).__name__}")
    html = _body(record, _HTML_FIELDS)
    text = None if html else _body(record, _TEXT_FIELDS)
    if not html and not text:
        raise InputError("record has no text or html")
    meta = {name: _meta(record, keys) for name, keys in _FIELDS.items()}
    return Page(
        source=source,
        text=text,
        html=html,
        url=meta["url"],
        outlet=choose_outlet(meta["outlet"], meta["url"], outlet),
        title=meta["title"],
        published=meta["published"],
        byline=meta["byline"],
    )


def _parse(line: str, number: int | None) -> Any:
    where = f"line {number}" if number is not None else "JSON document"
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: invalid JSON ({err.msg.removesuffix(' at')} at column {err.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: invalid JSON (nested too deeply)") from None
    except ValueError as err:
        raise InputError(f"{where}: invalid JSON ({err})") from None


def _body(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"field {key!r} is a {type(value).__name__}, not a string")
        if value.strip():
            return fix_text(value)
    return None


def _meta(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, str | int | float)) or None
        elif isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _is_blank(line: bytes | str) -> bool:
    """Only ASCII whitespace: a line of control characters is a broken record, not a blank."""
    return not (line.strip(_BLANK) if isinstance(line, str) else line.strip(_BLANK_BYTES))


def _lines(stream: IO[Any], max_bytes: int) -> Iterator[bytes | str | None]:
    """The lines of ``stream``; None stands for a line longer than ``max_bytes`` (skipped unread)."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n" if isinstance(line, bytes) else "\n"):
            _skip_rest_of_line(stream)
            yield None
            continue
        yield line


def _skip_rest_of_line(stream: IO[Any]) -> None:
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n" if isinstance(chunk, bytes) else "\n"):
            return
