"""How well parallax's tone toward an actor reads the stance of news sentences (NewsMTSC).

parallax's tone toward an actor is the VADER compound score of the sentences that mention
the actor (``parallax.compare.tone``). NewsMTSC labels the sentiment of one sentence toward
one person mentioned in it (negative / neutral / positive); each target is scored here as
parallax scores it: the sentence's compound score, cut into three classes at ``-t`` and
``+t``. The figure is the data set's official one, F1_m: the macro-average of the three
classes' F1.

Two cuts are reported: VADER's own (``t = 0.05``) and the one that does best on the dev
split (searched on dev, then applied once to test).

    python benchmarks/tone.py --data ../shared/data/newsmtsc

Prints one JSON line per split set (``rw``: real-world class balance, ``mt``: sentences
with several targets).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLASSES = (2.0, 4.0, 6.0)  # negative, neutral, positive


def read_targets(path: Path) -> list[tuple[str, float]]:
    """(sentence, gold polarity) for every target of a NewsMTSC JSONL file."""
    rows = []
    with path.open(encoding="utf-8") as src:
        for line in src:
            if line.strip():
                record = json.loads(line)
                rows += [(record["sentence_normalized"], float(t["polarity"])) for t in record["targets"]]
    return rows


def macro_f1(gold: list[float], pred: list[float]) -> float:
    """Mean over the three classes of F1 (a class never predicted nor present counts 0)."""
    scores = []
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def classify(scores: list[float], cut: float) -> list[float]:
    return [2.0 if s <= -cut else 6.0 if s >= cut else 4.0 for s in scores]


def evaluate(folder: Path) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "src"))
    from parallax.compare.tone import sentence_tone

    dev, test = read_targets(folder / "dev.jsonl"), read_targets(folder / "test.jsonl")
    dev_scores = [sentence_tone(s) for s, _ in dev]
    test_scores = [sentence_tone(s) for s, _ in test]
    dev_gold, test_gold = [g for _, g in dev], [g for _, g in test]
    cuts = [round(0.05 * i, 2) for i in range(1, 17)]
    best = max(cuts, key=lambda c: (macro_f1(dev_gold, classify(dev_scores, c)), -c))
    return {
        "set": folder.name,
        "targets_dev": len(dev),
        "targets_test": len(test),
        "f1_m_test_vader_cut": round(macro_f1(test_gold, classify(test_scores, 0.05)), 4),
        "dev_best_cut": best,
        "f1_m_dev_best_cut": round(macro_f1(dev_gold, classify(dev_scores, best)), 4),
        "f1_m_test_dev_cut": round(macro_f1(test_gold, classify(test_scores, best)), 4),
        "f1_m_test_all_neutral": round(macro_f1(test_gold, [4.0] * len(test_gold)), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="The NewsMTSC folder (holding rw/ and mt/).")
    args = parser.parse_args()
    for name in ("rw", "mt"):
        folder = args.data / name
        if not (folder / "test.jsonl").is_file():
            print(f"error: no {name}/test.jsonl under {args.data}", file=sys.stderr)
            return 2
        print(json.dumps(evaluate(folder)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
