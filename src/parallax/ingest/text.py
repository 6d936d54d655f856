"""Plain-text pages: the visible text of a news page, as select-all and copy give it.

>>> page = read_text("page.txt", "Headline\\n\\nFirst paragraph.".encode(), outlet="Daily")
>>> page.text, page.outlet
('Headline\\n\\nFirst paragraph.', 'Daily')
"""

from __future__ import annotations

from ..errors import InputError
from ..model import Page
from .decode import decode_page
from .header import split_header
from .outlet import choose_outlet


def read_text(source: str, data: bytes, *, outlet: str | None = None) -> Page:
    """One :class:`Page` from the bytes of a plain-text file.

    Raises :class:`InputError` for bytes that are not text or hold only whitespace.
    """
    text = decode_page(data)
    require_content(text, len(data))
    meta, text = split_header(text)
    require_content(text, len(data))
    url = meta.get("url")
    return Page(source=source, text=text, url=url, outlet=choose_outlet(meta.get("outlet"), url, outlet),
                title=meta.get("title"), published=meta.get("published"), byline=meta.get("byline"))


def require_content(text: str, size: int) -> None:
    """Raise :class:`InputError` when ``text`` (read from ``size`` bytes) holds nothing but whitespace."""
    if not text.strip():
        raise InputError(f"only whitespace ({size} bytes), no page text")
