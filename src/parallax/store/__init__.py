"""Keeping results: a SQLite file that grows run after run without duplicates.

>>> from parallax.store import Store
>>> with Store(":memory:") as store:
...     store.count_stories()
0
"""

from __future__ import annotations

from parallax.store.sqlite import Store
from parallax.store.stories import StorySummary

__all__ = ["Store", "StorySummary"]
