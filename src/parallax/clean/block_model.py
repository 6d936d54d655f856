"""The learned model that tells article text from page furniture, block by block.

A small ensemble of regression trees (gradient boosting) in two stages, stored as JSON
under ``models/`` and evaluated with numpy only: the first stage reads a block's features
(:mod:`parallax.clean.features`), the second the same plus the first stage's
probabilities around the block. ``scripts/train_blocks.py`` trains and exports it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from parallax.clean.features import neighbour_features

MODEL_PATH = Path(__file__).resolve().parent / "models" / "blocks.json"


def export_trees(model: Any) -> dict[str, Any]:
    """Turn a fitted ``HistGradientBoostingClassifier`` into plain JSON-able arrays."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].astype(int).tolist(),
                "threshold": [float(t) for t in nodes["num_threshold"]],  # exact: ties go left
                "left": nodes["left"].astype(int).tolist(),
                "right": nodes["right"].astype(int).tolist(),
                "leaf": nodes["is_leaf"].astype(int).tolist(),
                "value": [round(float(v), 9) for v in nodes["value"]],
            }
        )
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


class TreeEnsemble:
    """Gradient-boosted trees evaluated with numpy: ``predict(X) -> P(article line)``.

    All trees are packed into flat arrays; leaves point to themselves, so every row walks
    every tree, pairs of row and tree leaving the walk as they reach their leaf.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.baseline = float(spec["baseline"])
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        offset = 0
        for tree in spec["trees"]:
            size = len(tree["feature"])
            own = np.arange(offset, offset + size)
            leaf = np.asarray(tree["leaf"], dtype=bool)
            feature.append(np.where(leaf, 0, tree["feature"]))
            threshold.append(np.asarray(tree["threshold"], dtype=float))
            left.append(np.where(leaf, own, np.asarray(tree["left"]) + offset))
            right.append(np.where(leaf, own, np.asarray(tree["right"]) + offset))
            value.append(np.asarray(tree["value"], dtype=float))
            roots.append(offset)
            offset += size
        self.feature, self.threshold = np.concatenate(feature), np.concatenate(threshold)
        self.left, self.right = np.concatenate(left), np.concatenate(right)
        self.value, self.roots = np.concatenate(value), np.asarray(roots)

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Probability that each row (block) is article text."""
        n, width = features.shape
        flat = np.ascontiguousarray(features, dtype=float).ravel()
        node = np.tile(self.roots, n)
        offset = np.repeat(np.arange(n) * width, self.roots.size)
        walking = np.flatnonzero(self.left[node] != node)  # (row, tree) pairs not yet at a leaf
        while walking.size:
            at = node[walking]
            go_left = flat[offset[walking] + self.feature[at]] <= self.threshold[at]
            step = np.where(go_left, self.left[at], self.right[at])
            node[walking] = step
            walking = walking[self.left[step] != step]
        raw = self.baseline + self.value[node].reshape(n, self.roots.size).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


class BlockModel:
    """Two stages: a block's own features, then the same plus its neighbours' probabilities."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.first = TreeEnsemble(spec["first"])
        self.second = TreeEnsemble(spec["second"]) if spec.get("second") else None
        self.inside_threshold = float(spec.get("inside_threshold", 0.4))
        self.outside_threshold = float(spec.get("outside_threshold", 0.6))

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Probability of each block being article text (``features`` from ``features.py``)."""
        if features.shape[0] == 0:
            return np.zeros(0)
        probs = self.first.predict(features)
        if self.second is None:
            return probs
        return self.second.predict(np.hstack([features, neighbour_features(probs, features[:, 0])]))


@lru_cache(maxsize=4)
def load_block_model(path: str | None = None) -> BlockModel:
    """The packaged body model (loaded once)."""
    from parallax.errors import ModelError

    target = Path(path) if path else MODEL_PATH
    try:
        spec = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot load the block model at {target.name}: {err}") from err
    return BlockModel(spec)
