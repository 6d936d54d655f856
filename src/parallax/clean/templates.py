"""Outlet templates: lines that repeat across many pages of one outlet are its boilerplate.

Menus, footers, share bars and sign-up prompts come back on every page of an outlet,
while its reporting does not. ``OutletTemplates`` counts, per outlet, on how many pages
each normalised line occurs; a line seen on at least ``min_pages`` pages and on at least
``min_share`` of the outlet's pages is template text. Learning is deterministic (counting
only) and order-independent.

>>> from parallax.model import Page
>>> pages = [Page(source=w, text=f"Home | World\\n\\nA story about {w}.", outlet="X")
...          for w in ("rain", "trade", "votes", "moon")]
>>> templates = OutletTemplates().fit(pages)
>>> templates.is_boilerplate("X", "Home | World"), templates.is_boilerplate("X", "A story about rain.")
(True, False)
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from parallax.model import Page

_DIGITS = re.compile(r"\d+")


def template_key(line: str) -> str:
    """A line as templates compare it: case, spacing and numbers (counts, dates) ignored."""
    return _DIGITS.sub("0", " ".join(line.lower().split()))


_HIDDEN = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _page_lines(page: Page) -> set[str]:
    """The distinct normalised lines of a page (HTML: the text between tags)."""
    if page.text is not None:
        lines = page.text.splitlines()
    else:
        lines = _TAG.split(_HIDDEN.sub(" ", page.html or ""))
    return {template_key(x) for x in lines if x.strip()}


class OutletTemplates:
    """Per-outlet boilerplate lines learned from a corpus: ``OutletTemplates().fit(pages)``.

    ``min_pages``: a line must occur on at least this many pages of the outlet;
    ``min_share``: ... and on at least this share of them.
    """

    def __init__(self, *, min_pages: int = 3, min_share: float = 0.5) -> None:
        self.min_pages = min_pages
        self.min_share = min_share

    def fit(self, pages: Iterable[Page]) -> OutletTemplates:
        """Count, per outlet, the pages each line occurs on; keep the frequent ones."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        totals: Counter[str] = Counter()
        for page in pages:
            if not page.outlet or (page.text is None and page.html is None):
                continue
            totals[page.outlet] += 1
            counts[page.outlet].update(_page_lines(page))
        self.pages_ = dict(totals)
        self.lines_: dict[str, frozenset[str]] = {}
        for outlet, counter in sorted(counts.items()):
            need = max(self.min_pages, self.min_share * totals[outlet])
            self.lines_[outlet] = frozenset(k for k, c in counter.items() if c >= need)
        return self

    def is_boilerplate(self, outlet: str | None, line: str) -> bool:
        """True when ``line`` is template text of ``outlet`` (False before ``fit``)."""
        lines = self.boilerplate(outlet) if outlet else frozenset()
        return bool(lines) and template_key(line) in lines

    def boilerplate(self, outlet: str | None) -> frozenset[str]:
        """The template lines (normalised) of one outlet."""
        return getattr(self, "lines_", {}).get(outlet or "", frozenset())
