"""How alike two articles are as reports of one event: one number per pair.

The score mixes the three views of :mod:`parallax.stories.features` (words, names and
numbers, meaning), then subtracts

- a *date* penalty that grows with the log of the gap between publication dates
  (so a saga - a shutdown, then a wall, then an emergency - splits into stories),
- a small *same outlet* penalty (an outlet seldom reports one event twice; two
  articles of one outlet are more often two steps of a saga),
- a *local contrast*: part of how close each article is to its nearest neighbours.
  Articles about one topic (two earthquakes, two arrests of players of one team) are
  all close; what tells the two events apart is being closer to one's own event than
  to the twin, not an absolute level.

>>> import numpy as np
>>> date_penalty(np.array([[0.0, 40.0]]), window_days=4.0).round(3).tolist()
[[0.0, 0.036]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .features import Views


@dataclass(frozen=True)
class Weights:
    """How the views and penalties combine; one setting for every corpus."""

    words: float = 0.3
    names: float = 0.3
    meaning: float = 0.5
    date: float = 0.015  # per log-unit of (gap / window)
    same_outlet: float = 0.4
    contrast: float = 0.75  # share of the neighbour level taken off
    neighbours: int = 4  # how many nearest neighbours set that level


DEFAULT_WEIGHTS = Weights()


def date_penalty(gap_days: np.ndarray, *, window_days: float, weight: float = DEFAULT_WEIGHTS.date) -> np.ndarray:
    """Penalty for articles published ``gap_days`` apart (NaN gaps, unknown dates: none)."""
    gap = np.nan_to_num(np.abs(gap_days), nan=0.0)
    return weight * np.log1p(gap / max(window_days, 1e-6))


def view_similarity(views: Views, weights: Weights = DEFAULT_WEIGHTS) -> np.ndarray:
    """Weighted cosine similarity of every pair over the available views."""
    parts: list[tuple[float, np.ndarray]] = [
        (weights.words, np.asarray((views.words @ views.words.T).todense())),
        (weights.names, np.asarray((views.names @ views.names.T).todense())),
    ]
    if views.meaning is not None:
        parts.append((weights.meaning, views.meaning @ views.meaning.T))
    total = sum(w for w, _ in parts)
    sim = sum(w * m for w, m in parts) / total
    return np.asarray(sim, dtype=np.float64)


def pair_scores(views: Views, outlets: Sequence[str | None], *, window_days: float,
                weights: Weights = DEFAULT_WEIGHTS) -> np.ndarray:
    """The full score matrix: similarity, less date, same-outlet and contrast penalties."""
    sim = view_similarity(views, weights)
    gaps = views.days[:, None] - views.days[None, :]
    sim -= date_penalty(gaps, window_days=window_days, weight=weights.date)
    known = np.array([bool(o) for o in outlets])
    names = np.array([o or "" for o in outlets], dtype=object)
    same = (names[:, None] == names[None, :]) & known[:, None] & known[None, :]
    sim -= weights.same_outlet * same
    return sim - weights.contrast * _neighbour_level(sim, weights.neighbours)


def _neighbour_level(sim: np.ndarray, k: int) -> np.ndarray:
    """Mean of the two articles' average similarity to their ``k`` nearest neighbours."""
    n = sim.shape[0]
    if n < 2:
        return np.zeros_like(sim)
    k = min(k, n - 1)
    others = sim.copy()
    np.fill_diagonal(others, -np.inf)
    top = -np.partition(-others, k - 1, axis=1)[:, :k]
    level = top.mean(axis=1)
    return (level[:, None] + level[None, :]) / 2
