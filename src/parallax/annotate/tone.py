"""Tone of an article: the mean VADER compound score of its sentences, in [-1, 1].

>>> tone_of(["A wonderful, happy day.", "A terrible loss."]) is not None
True
>>> tone_of([]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def tone_of(sentences: Sequence[str]) -> float | None:
    """Mean compound sentiment of ``sentences`` (None when there is none to score)."""
    texts = [s for s in sentences if s.strip()]
    if not texts:
        return None
    analyzer = _analyzer()
    total = sum(analyzer.polarity_scores(s)["compound"] for s in texts)
    return max(-1.0, min(1.0, total / len(texts)))
