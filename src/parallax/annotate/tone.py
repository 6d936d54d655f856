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


@lru_cache(maxsize=65_536)
def sentence_tone(text: str) -> float:
    """VADER compound score of one sentence, in [-1, 1] (remembered: the comparison scores
    again the sentences that mention each actor)."""
    return float(_analyzer().polarity_scores(text)["compound"])


def tone_of(sentences: Sequence[str]) -> float | None:
    """Mean compound sentiment of ``sentences`` (None when there is none to score)."""
    texts = [s for s in sentences if s.strip()]
    if not texts:
        return None
    return max(-1.0, min(1.0, sum(sentence_tone(s) for s in texts) / len(texts)))
