"""Train the plain-text body model (``src/parallax/clean/models/blocks.json``).

Data: a folder in the page-text benchmark format (``<id>.txt`` page texts and a
``ground-truth.json`` with each page's article body). Each line of a page is labelled
"article" when most of its word 4-grams occur in the gold body. Two stages of gradient
boosted trees are fitted: the first on a line's own and neighbouring features, the second
adds the first stage's probabilities around the line (out-of-fold, so the second stage
learns from honest first-stage guesses).

    python scripts/train_blocks.py --data ../shared/data/pagetext-benchmark [--folds-out DIR]

``--folds-out DIR`` also writes the 5 cross-validation models (5 folds over pages by
sorted id; each trained on 4 folds) that the quality gate test scores on the 5th;
``benchmarks/run.py pagetext`` prints the same cross-validated figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from parallax.clean.block_model import MODEL_PATH, export_trees
from parallax.clean.blocks import Block, split_blocks
from parallax.clean.features import FEATURE_NAMES, block_features, neighbour_features

WORD = re.compile(r"\w+")
PARAMS = {"max_iter": 120, "learning_rate": 0.1, "max_leaf_nodes": 31, "min_samples_leaf": 20,
          "l2_regularization": 1.0, "early_stopping": False, "random_state": 0}


def load_pages(data: Path) -> list[tuple[str, str, str]]:
    """(id, page text, gold body) for every page of a page-text benchmark folder, by sorted id."""
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    gold = gold.get("output", gold)
    pages = []
    for path in sorted(data.glob("*.txt")):
        entry = gold.get(path.stem)
        if entry is None:
            continue
        body = entry.get("articleBody") if isinstance(entry, dict) else entry
        pages.append((path.stem, path.read_text(encoding="utf-8"), body or ""))
    return pages


def _shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    if len(tokens) < 4:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]


def label_blocks(blocks: list[Block], gold: str) -> np.ndarray:
    """1 for lines whose word 4-grams mostly occur in the gold body, else 0."""
    gold_shingles = set(_shingles(WORD.findall(gold)))
    gold_lines = {" ".join(WORD.findall(line)) for line in gold.split("\n")}
    labels = np.zeros(len(blocks))
    for i, block in enumerate(blocks):
        tokens = WORD.findall(block.text)
        if len(tokens) < 4:
            labels[i] = float(bool(tokens) and " ".join(tokens) in gold_lines)
            continue
        shingles = _shingles(tokens)
        labels[i] = float(sum(s in gold_shingles for s in shingles) / len(shingles) >= 0.5)
    return labels


def page_arrays(pages: list[tuple[str, str, str]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Features and labels of every page."""
    out = []
    for _, text, gold in pages:
        blocks = split_blocks(text)
        out.append((block_features(blocks), label_blocks(blocks, gold)))
    return out


def _fit(x: np.ndarray, y: np.ndarray) -> Any:
    """Gradient boosting; long lines weigh more, as the benchmark's metric counts words."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    weight = np.sqrt(np.expm1(x[:, 0]) + 1.0)  # column 0 is log(1 + words)
    with threadpool_limits(1):  # one thread: far faster than two fighting on a busy machine
        return HistGradientBoostingClassifier(**PARAMS).fit(x, y, sample_weight=weight)


def _out_of_fold(arrays: list[tuple[np.ndarray, np.ndarray]], folds: int) -> list[np.ndarray]:
    probs: list[np.ndarray] = [np.zeros(0)] * len(arrays)
    for k in range(folds):
        train = [a for i, a in enumerate(arrays) if i % folds != k]
        model = _fit(np.vstack([a[0] for a in train]), np.concatenate([a[1] for a in train]))
        for i in range(k, len(arrays), folds):
            probs[i] = model.predict_proba(arrays[i][0])[:, 1]
    return probs


def fit_model(arrays: list[tuple[np.ndarray, np.ndarray]], inner_folds: int = 4) -> dict[str, Any]:
    """Fit both stages on ``arrays`` and return the JSON spec of ``BlockModel``."""
    x = np.vstack([a[0] for a in arrays])
    y = np.concatenate([a[1] for a in arrays])
    first = _fit(x, y)
    oof = _out_of_fold(arrays, inner_folds)
    x2 = np.vstack([np.hstack([a[0], neighbour_features(p, a[0][:, 0])]) for a, p in zip(arrays, oof)])
    second = _fit(x2, y)
    return {"features": list(FEATURE_NAMES), "inside_threshold": 0.4, "outside_threshold": 0.6, "first": export_trees(first),
            "second": export_trees(second), "trained_on_pages": len(arrays)}


def fold_models(pages: list[tuple[str, str, str]], folds: int = 5) -> list[tuple[set[str], dict[str, Any]]]:
    """For each fold k: (ids of the held-out pages, model trained on the other folds).

    Pages are assigned to folds by their position in sorted-id order (page i -> fold i % folds).
    """
    arrays = page_arrays(pages)
    out = []
    for k in range(folds):
        held = {pid for i, (pid, _, _) in enumerate(pages) if i % folds == k}
        train = [a for i, a in enumerate(arrays) if i % folds != k]
        out.append((held, fit_model(train)))
    return out


def write_folds(folds: list[tuple[set[str], dict[str, Any]]], folder: Path) -> None:
    """Store cross-validation models as ``fold_<k>.json.gz`` (held-out ids and model spec)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k, (held, spec) in enumerate(folds):
        data = json.dumps({"held": sorted(held), "model": spec}, separators=(",", ":")).encode("utf-8")
        (folder / f"fold_{k}.json.gz").write_bytes(gzip.compress(data, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="page-text benchmark folder")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    parser.add_argument("--folds-out", type=Path, help="also write the 5 cross-validation models here "
                        "(fold_<k>.json.gz: held-out page ids + model), for the quality gate test")
    args = parser.parse_args(argv)
    pages = load_pages(args.data)
    if args.folds_out:
        write_folds(fold_models(pages), args.folds_out)
    spec = fit_model(page_arrays(pages))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
    print(f"trained on {len(pages)} pages; wrote {args.out.name} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
