"""HTML pages: decoded with the charset they declare, with the URL and site name of their head.

Extraction of the article itself is the cleaner's work (trafilatura); the reader only
finds what tells where the page comes from: ``<link rel="canonical">``, ``og:url`` and
``og:site_name``.

>>> page = read_html("a.html", b'<html><head><meta property="og:url" '
...                  b'content="https://www.daily.example/a"></head><body><p>Hi</p></body></html>')
>>> page.url, page.outlet
('https://www.daily.example/a', 'daily.example')
"""

from __future__ import annotations

import html as html_lib
import re

from ..model import Page
from .decode import decode_page
from .outlet import choose_outlet
from .text import require_content

_HEAD_BYTES = 64 * 1024
_CHARSET = re.compile(rb"""<meta[^>]{1,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TAG = re.compile(r"<(?:meta|link)\b[^<>]{0,2000}>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the start of the page declares, if any."""
    match = _CHARSET.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def read_html(
    source: str,
    data: bytes,
    *,
    outlet: str | None = None,
    url: str | None = None,
    declared: str | None = None,
) -> Page:
    """One :class:`Page` from the bytes of an HTML file (or a WARC/feed payload).

    ``url`` and ``declared`` (a charset) come from the transport when there is one (a
    WARC record); the page's own head fills in what they leave open.
    """
    markup = decode_page(data, declared=declared or declared_charset(data))
    require_content(markup, len(data))
    meta = head_metadata(markup)
    url = url or meta.get("canonical") or meta.get("og:url")
    return Page(
        source=source,
        html=markup,
        url=url,
        outlet=choose_outlet(meta.get("og:site_name"), url, outlet),
    )


def head_metadata(markup: str) -> dict[str, str]:
    """``canonical``, ``og:url`` and ``og:site_name`` from the ``<meta>``/``<link>`` tags of the head."""
    found: dict[str, str] = {}
    for tag in _TAG.findall(markup[:_HEAD_BYTES]):
        attrs = {m[0].lower(): html_lib.unescape(m[1] or m[2] or m[3]).strip() for m in _ATTR.findall(tag)}
        content = attrs.get("content") or ""
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key in ("og:url", "og:site_name") and content:
            found.setdefault(key, content)
        rel = attrs.get("rel", "").lower().split()
        if "canonical" in rel and attrs.get("href", "").startswith(("http://", "https://")):
            found.setdefault("canonical", attrs["href"])
    return found
