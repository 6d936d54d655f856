"""An optional header of ``Key: value`` lines at the top of a plain-text page.

Pages saved as text lose their address and outlet. A page may keep them in a short
header before the first blank line, the way many "save page" tools and note-taking
apps write them; only these keys are read, case-insensitively: ``URL`` (or
``Source``), ``Outlet``, ``Title``, ``Published`` (or ``Date``) and ``Byline``
(or ``Author``). Anything else means there is no header and the text is left alone.

>>> split_header("URL: https://example.org/a\\nOutlet: Daily\\n\\nHeadline\\n")
({'url': 'https://example.org/a', 'outlet': 'Daily'}, 'Headline\\n')
>>> split_header("Headline: a story\\n\\nBody")[0]
{}
"""

from __future__ import annotations

import re

_KEYS = {"url": "url", "source": "url", "outlet": "outlet", "title": "title", "published": "published",
         "date": "published", "byline": "byline", "author": "byline"}
_LINE = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(\S.*?)\s*$")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata, rest of the text); ({}, text) when the page has no header."""
    head, sep, rest = text.lstrip("\ufeff").partition("\n\n")
    if not sep or not head.strip():
        return {}, text
    found: dict[str, str] = {}
    for line in head.strip().splitlines():
        match = _LINE.match(line)
        key = _KEYS.get(match.group(1).lower()) if match else None
        if key is None or key in found:
            return {}, text
        found[key] = match.group(2)  # type: ignore[union-attr]
    if "url" in found and not re.match(r"^https?://\S+$", found["url"]):
        return {}, text
    return found, rest.lstrip("\n")
