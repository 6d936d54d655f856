"""Offensive-language score of reader comments, with the packaged alt-profanity-check model.

The model (a linear SVM over word n-grams, calibrated to a probability) ships inside the
``alt-profanity-check`` wheel, so scoring works offline. It is loaded once, on first use.

>>> scores = score_offensive(["Thank you for the report.", "You stupid idiot."])
>>> scores[0] < 0.5 < scores[1]
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from parallax.errors import ModelError


@lru_cache(maxsize=1)
def _predictor() -> Callable[[list[str]], Sequence[float]]:
    try:
        from profanity_check import predict_prob
    except Exception as err:  # the wheel pickles a scikit-learn model; any import failure is ours
        raise ModelError(f"the offensive-language model cannot be loaded: {err}") from err
    return predict_prob  # type: ignore[no-any-return]


def score_offensive(texts: Sequence[str]) -> list[float]:
    """Probability in [0, 1] that each text is offensive (empty texts score 0)."""
    items = [t if isinstance(t, str) else "" for t in texts]
    if not items:
        return []
    filled = [i for i, t in enumerate(items) if t.strip()]
    scores = [0.0] * len(items)
    if filled:
        probs = _predictor()([items[i] for i in filled])
        for i, p in zip(filled, probs):
            scores[i] = min(1.0, max(0.0, round(float(p), 4)))
    return scores
