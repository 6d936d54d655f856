"""Which outlet a page comes from: its own metadata, else its URL's host, else the user's option.

>>> outlet_from_url("https://www.example-news.com/world/1")
'example-news.com'
>>> choose_outlet(None, "https://news.example.org/a", "Fallback")
'news.example.org'
>>> choose_outlet(None, None, "Fallback")
'Fallback'
"""

from __future__ import annotations

from urllib.parse import urlsplit


def outlet_from_url(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``, or None when there is no host."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def choose_outlet(named: str | None, url: str | None, default: str | None) -> str | None:
    """The outlet a page names itself, else the host of its URL, else ``default``."""
    if named and named.strip():
        return named.strip()
    return outlet_from_url(url) or default
