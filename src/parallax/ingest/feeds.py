"""RSS and Atom feeds, read with feedparser: one page per entry that carries its text.

The outlet is the feed's title; each entry gives url, title, published time and byline.
An entry with neither content nor summary is rejected as ``file#N``.
"""

from __future__ import annotations

import html as html_lib
import io
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from ..errors import InputError
from ..model import Page, Rejected
from .decode import fix_text
from .outlet import choose_outlet


def read_feed(source: str, data: bytes, *, outlet: str | None = None) -> Iterator[Page | Rejected]:
    """Pages from the bytes of an RSS/Atom document; raises :class:`InputError` if it is no feed."""
    # A file object, never bytes or str: feedparser treats those as a path or URL to open.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise InputError(f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
        raise InputError("feed has no entries")
    feed_title = _clean(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        try:
            yield _entry_page(f"{source}#{number}", entry, feed_title=feed_title, outlet=outlet)
        except InputError as err:
            yield Rejected(f"{source}#{number}", err.reason)


def _entry_page(source: str, entry: Any, *, feed_title: str | None, outlet: str | None) -> Page:
    body, media = _entry_body(entry)
    if not body or not body.strip():
        raise InputError("feed entry has no content or summary")
    url = _clean(entry.get("link"))
    title = _clean(entry.get("title"))
    page = Page(
        source=source,
        url=url,
        outlet=choose_outlet(feed_title, url, outlet),
        title=title,
        published=_published(entry),
        byline=_clean(entry.get("author")),
    )
    if media == "text/plain":
        return page.replace(text=fix_text(body))
    return page.replace(html=_as_document(fix_text(body), title))


def _entry_body(entry: Any) -> tuple[str | None, str]:
    for content in entry.get("content") or []:
        value = content.get("value")
        if value and value.strip():
            return value, (content.get("type") or "text/html").lower()
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary")
    return summary, (detail.get("type") or "text/html").lower()


def _as_document(fragment: str, title: str | None) -> str:
    """Wrap an entry's HTML fragment in a page, so HTML extraction sees what a page looks like."""
    heading = html_lib.escape(title) if title else ""
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{heading}</title></head>"
        f"<body><article><h1>{heading}</h1>\n{fragment}\n</article></body></html>"
    )


def _published(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if stamp:
            try:
                return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp)
            except (TypeError, ValueError):
                continue
    return _clean(entry.get("published") or entry.get("updated"))


def _clean(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
