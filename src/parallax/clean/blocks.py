"""Blocks of a plain-text page and the learned model that tells article from page furniture.

A *block* is one non-empty line of the page text. Blank lines separate paragraphs (a
browser's copy of a page puts one blank line between block elements); a block remembers
which paragraph it belongs to, its indentation, how many blank lines surround it and
how many tab-separated cells it has (a table row), so features can see the page's layout.

The body model is a small ensemble of regression trees (gradient boosting) stored as
JSON under ``models/``; it is evaluated here with numpy only. ``scripts/train_blocks.py``
trains and exports it.

>>> [b.text for b in split_blocks("Title\\n\\nFirst line.\\nSecond line.")]
['Title', 'First line.', 'Second line.']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width and soft hyphen
MODEL_PATH = Path(__file__).resolve().parent / "models" / "blocks.json"


@dataclass(frozen=True)
class Block:
    """One non-empty line of a page, with where it sits in the page's layout."""

    index: int
    text: str
    indent: int = 0
    paragraph: int = 0
    line_in_paragraph: int = 0
    lines_in_paragraph: int = 1
    gap_before: int = 0
    gap_after: int = 0
    line_no: int = 0
    cells: int = 1


def split_blocks(text: str) -> list[Block]:
    """Cut page text into blocks (non-empty lines), keeping the paragraph layout."""
    raw = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[tuple[int, str, int, int, int, int]] = []  # line_no, text, indent, paragraph, gap_before, cells
    paragraph, blanks = -1, 0
    for line_no, line in enumerate(raw):
        stripped = line.strip()
        if not stripped:
            blanks += 1
            continue
        if blanks or paragraph < 0:
            paragraph += 1
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        cells = max(sum(1 for cell in stripped.split("\t") if cell.strip()), 1)  # table cells
        found.append((line_no, " ".join(stripped.split()), indent, paragraph, blanks, cells))
        blanks = 0
    trailing = blanks
    sizes: dict[int, int] = {}
    for item in found:
        sizes[item[3]] = sizes.get(item[3], 0) + 1
    blocks: list[Block] = []
    seen: dict[int, int] = {}
    for i, (line_no, stripped, indent, par, gap, cells) in enumerate(found):
        gap_after = found[i + 1][4] if i + 1 < len(found) else trailing
        pos = seen.get(par, 0)
        seen[par] = pos + 1
        blocks.append(Block(i, stripped, indent, par, pos, sizes[par], gap, gap_after, line_no, cells))
    return blocks


# --------------------------------------------------------------------------- tree ensemble


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
        offset, depth = 0, 1
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
            depth = max(depth, _depth(tree))
        self.feature, self.threshold = np.concatenate(feature), np.concatenate(threshold)
        self.left, self.right = np.concatenate(left), np.concatenate(right)
        self.value, self.roots, self.depth = np.concatenate(value), np.asarray(roots), depth

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


def _depth(tree: dict[str, Any]) -> int:
    """Depth of a tree given as node arrays (root = node 0)."""
    deepest, stack = 0, [(0, 0)]
    while stack:
        node, level = stack.pop()
        if tree["leaf"][node]:
            deepest = max(deepest, level)
        else:
            stack += [(tree["left"][node], level + 1), (tree["right"][node], level + 1)]
    return deepest


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
        from parallax.clean.features import neighbour_features

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
