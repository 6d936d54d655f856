"""parallax: see how different news outlets cover the same event.

>>> import parallax
>>> result = parallax.analyze(["examples/corpus"])        # doctest: +SKIP
>>> for story in result.stories:                           # doctest: +SKIP
...     print(story.title, len(story.comparison.facts))
"""

from __future__ import annotations

from .config import Settings
from .errors import InputError, ModelError, ParallaxError, StoreError, UsageError
from .model import (
    Actor,
    Article,
    Comment,
    Comparison,
    Fact,
    Label,
    Loaded,
    Omission,
    Page,
    Quote,
    QuoteMatch,
    Rejected,
    Removed,
    Result,
    Span,
    Statement,
    Story,
)
from .pipeline import analyze, analyze_pages, preload

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Comment",
    "Comparison",
    "Fact",
    "InputError",
    "Label",
    "Loaded",
    "ModelError",
    "Omission",
    "Page",
    "ParallaxError",
    "Quote",
    "QuoteMatch",
    "Rejected",
    "Removed",
    "Result",
    "Settings",
    "Span",
    "Statement",
    "Story",
    "StoreError",
    "UsageError",
    "analyze",
    "preload",
    "analyze_pages",
]
