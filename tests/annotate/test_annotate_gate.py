"""Quality gate: direct-quote F1 on a fixed slice of the PolNeAR dev set must not drop.

The floor is the figure measured on this slice minus a small noise margin. It runs the
benchmark task's own prediction code and the unchanged scorer (as a subprocess).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 30
FLOORS = {"f1": 0.9091 - 0.005, "speaker_accuracy": 0.978 - 0.005}


def _task():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("quotes_task", ROOT / "benchmarks" / "tasks" / "quotes.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.slow
def test_direct_quote_f1_floor(shared_data: Path, tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    gold_all = shared_data / "polnear" / "gold_dev.jsonl"
    scorer = shared_data.parent / "eval" / "quotes.py"
    if not gold_all.is_file() or not scorer.is_file():
        pytest.skip("PolNeAR dev gold or scorer not found")
    records = [json.loads(line) for line in gold_all.read_text(encoding="utf-8").splitlines()][:N_ARTICLES]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    task = _task()
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as handle:
        predictions = task.quotes_for_texts([r["text"] for r in records], task.Settings())
        for record, quotes in zip(records, predictions):
            handle.write(json.dumps({"id": record["id"], "quotes": quotes}) + "\n")
    out = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, f"{name} {figures[name]:.3f} fell below {floor:.3f}\n{out}"
